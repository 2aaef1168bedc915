/**
 * Writes the SYNTHETIC sample downloads into examples/ (see test/fixtures/examples.ts).
 * Run: npx tsx scripts/generate-examples.ts
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildExamples } from '../test/fixtures/examples';

const outDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'examples');
mkdirSync(outDir, { recursive: true });
const { files } = buildExamples();
const keep = new Set(files.map((f) => f.name));
// Drop samples of an older generation (only generated kinds of file; never anything else).
for (const name of readdirSync(outDir)) {
  if (!keep.has(name) && /\.(xlsx|csv)$/.test(name)) rmSync(join(outDir, name));
}
let total = 0;
for (const f of files) {
  writeFileSync(join(outDir, f.name), f.bytes);
  total += f.bytes.length;
  console.log(`${String(f.bytes.length).padStart(8)}  examples/${f.name}`);
}
console.log(`${String(total).padStart(8)}  total bytes, ${files.length} files`);
