// Build dist/ once before any test file runs; tests read the built artefacts, as Apps Script would.
import { buildAll } from '../build.mjs';

export default async function setup(): Promise<void> {
  await buildAll();
}
