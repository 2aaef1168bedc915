#!/usr/bin/env node
// cjet command line. Runs the bundled CLI (dist/cli.mjs, made by `npm run build`); in a fresh
// clone where it has not been built yet, bundles src/cli/main.ts on the fly with esbuild
// (same settings as build.mjs: platform node, ESM, dependencies left external).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = fileURLToPath(new URL('../dist/cli.mjs', import.meta.url));

if (!existsSync(bundle)) {
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    process.stderr.write(
      'dist/cli.mjs가 없고 esbuild도 없습니다. `npm ci && npm run build`를 실행하세요. / ' +
        'dist/cli.mjs is missing and esbuild is not installed: run `npm ci && npm run build`.\n',
    );
    process.exit(1);
  }
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: ['src/cli/main.ts'],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
}

const { main } = await import(pathToFileURL(bundle).href);
process.exitCode = await main(process.argv.slice(2));
