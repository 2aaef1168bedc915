// Builds everything that ships:
//   dist/Code.js          one ES2020 *script* for Apps Script: an IIFE plus one-line wrappers for the
//                         allowlisted entry exports (the only top-level functions, hence the only
//                         names google.script.run and menus can reach)
//   dist/appsscript.json  the manifest
//   dist/dialog.html      the upload dialog, JS and CSS inlined (HtmlService serves one file)
//   dist/sidebar.html     the "이 숫자 설명" sidebar, built the same way
//   dist/cli.mjs          the Node command line (`cjet`)

import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(root, 'dist');
const GLOBAL = '__cjet';

/**
 * zod's `z` namespace re-exports all ~50 locales (370 KB), which esbuild cannot tree-shake from a
 * namespace object. Error messages here are our own, so only the default English locale is kept:
 * Apps Script re-evaluates the whole bundle on every execution, and the dialog loads it on every open.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/]/.test(args.importer)
        ? { path: path.join(path.dirname(args.importer), '../locales/en.js'), namespace: 'zod-locales' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};`,
      resolveDir: path.dirname(args.path),
    }));
  },
};

/** Write-then-rename, so a test reading dist/ while another process rebuilds never sees half a file. */
async function writeAtomic(file, content) {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await writeFile(tmp, content);
  await rename(tmp, file);
}

export async function buildAddon() {
  const entry = path.join(root, 'src/addon/main.ts');
  const { functions: allowlist } = JSON.parse(
    await readFile(path.join(root, 'src/addon/allowlist.json'), 'utf8'),
  );

  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    format: 'iife',
    globalName: GLOBAL,
    platform: 'neutral',
    mainFields: ['module', 'main'],
    target: 'es2020',
    plugins: [zodEnglishOnly],
    charset: 'utf8',
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
  });
  const out = result.outputFiles[0];
  checkAllowlist(allowlist, await entryExports(entry));

  // One-line wrappers: Apps Script only sees top-level function declarations.
  const wrappers = allowlist
    .map((name) => `function ${name}() { return ${GLOBAL}.${name}.apply(this, arguments); }`)
    .join('\n');
  await writeAtomic(path.join(dist, 'Code.js'), `${out.text}\n${wrappers}\n`);
  await writeAtomic(path.join(dist, 'appsscript.json'), await readFile(path.join(root, 'appsscript.json')));
}

/** The entry's export names (an IIFE's metafile does not list them; an unbundled ESM pass does). */
async function entryExports(entry) {
  const probe = await esbuild.build({
    entryPoints: [entry],
    bundle: false,
    format: 'esm',
    metafile: true,
    write: false,
    logLevel: 'silent',
  });
  return Object.values(probe.metafile.outputs)[0].exports ?? [];
}

function checkAllowlist(allowlist, exports) {
  const problems = [];
  for (const name of allowlist) {
    if (name.endsWith('_')) problems.push(`"${name}" ends with "_": Apps Script treats it as private`);
    if (!/^[A-Za-z$][\w$]*$/.test(name)) problems.push(`"${name}" is not a valid function name`);
    if (!exports.includes(name))
      problems.push(`"${name}" is allowlisted but src/addon/main.ts does not export it`);
  }
  for (const name of exports) {
    if (!allowlist.includes(name))
      problems.push(`src/addon/main.ts exports "${name}" but it is not in allowlist.json`);
  }
  if (problems.length) throw new Error(`Apps Script allowlist check failed:\n  ${problems.join('\n  ')}`);
}

/**
 * One self-contained page for HtmlService (which serves one file): the page's template with the
 * shared CSS (src/ui/base.css) and its own inlined, its bundle inlined, nothing loaded from the network.
 */
async function buildPage({ dir, template, css, out }) {
  const html0 = await readFile(path.join(dir, template), 'utf8');
  const js = await esbuild.build({
    entryPoints: [path.join(dir, 'main.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    plugins: [zodEnglishOnly],
    charset: 'utf8',
    minify: true,
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
  });
  const styles = [];
  for (const file of [path.join(root, 'src/ui/base.css'), path.join(dir, css)])
    if (existsSync(file)) styles.push(await readFile(file, 'utf8'));
  // `</script` inside inlined JS would close the tag early.
  const script = js.outputFiles[0].text.replace(/<\/script/gi, '<\\/script');
  const html = html0
    .replace('/*__PAGE_CSS__*/', () => styles.join('\n'))
    .replace('/*__PAGE_JS__*/', () => script);
  if (/\b(?:src|href)\s*=\s*["']?(?:https?:)?\/\//i.test(html)) {
    throw new Error(`${out} must not load anything from the network`);
  }
  await writeAtomic(path.join(dist, out), html);
}

export async function buildDialog() {
  await buildPage({
    dir: path.join(root, 'src/dialog'),
    template: 'dialog.html',
    css: 'dialog.css',
    out: 'dialog.html',
  });
}

/** The "이 숫자 설명" sidebar (src/sidebar), built like the dialog. */
export async function buildSidebar() {
  await buildPage({
    dir: path.join(root, 'src/sidebar'),
    template: 'sidebar.html',
    css: 'sidebar.css',
    out: 'sidebar.html',
  });
}

export async function buildCli() {
  const result = await esbuild.build({
    entryPoints: [path.join(root, 'src/cli/main.ts')],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    write: false,
    logLevel: 'silent',
  });
  await writeAtomic(path.join(dist, 'cli.mjs'), result.outputFiles[0].text);
}

export async function buildAll() {
  // Leftovers of a build killed between write and rename.
  if (existsSync(dist)) {
    for (const name of await readdir(dist))
      if (name.endsWith('.tmp')) await rm(path.join(dist, name), { force: true });
  }
  await buildAddon();
  await buildDialog();
  await buildSidebar();
  if (existsSync(path.join(root, 'src/cli/main.ts'))) await buildCli();
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const what = process.argv[2] ?? 'all';
  const steps = {
    all: buildAll,
    addon: buildAddon,
    dialog: buildDialog,
    sidebar: buildSidebar,
    cli: buildCli,
  };
  if (!steps[what]) {
    console.error(`usage: node build.mjs [${Object.keys(steps).join('|')}]`);
    process.exit(2);
  }
  steps[what]().catch((err) => {
    console.error(err.message ?? err);
    process.exit(1);
  });
}
