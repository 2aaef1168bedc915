import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The Apps Script emulator keeps its own suite next to it (gas-emulator/*.test.ts).
    include: ['test/**/*.test.ts', 'gas-emulator/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/setup-fast-check.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
