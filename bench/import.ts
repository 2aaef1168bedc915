/**
 * Import benchmark (`npm run bench -- import`, or alone: `npx tsx bench/import.ts`): the same
 * 50,000-line CATEGORY_TR month imported by `cjet import` into a new workbook and into a workbook
 * already holding 200,000 rows, each in a fresh process (peak RSS is its own).
 * Targets (issue #8): into-200k ≤ 1.5 × into-new (the cost follows the rows imported, not the
 * workbook), and peak RSS of the into-200k run ≤ 1 GB. Not a test: no timers in unit tests.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync, zipSync } from 'fflate';
import { importFiles } from '../src/cli/import';
import { nodeIo } from '../src/cli/nodeHost';
import { XlsxWorkbookPort } from '../src/cli/workbook/xlsx-port';
import { ensureManagedTabs, importedKeys, mergeStep } from '../src/core/merge/engine';
import { refreshSummaries } from '../src/core/summary/refresh';
import { readSources } from '../src/core/summary/sources';
import { generateLargeFile } from '../test/fixtures/generate';
import { feeFor, v2Order } from '../test/merge/records';
import {
  type Benchmark,
  type BenchResult,
  heapSampler,
  inChild,
  type Measurement,
  peakRssMb,
} from './measure';

const DATA = path.join(import.meta.dirname, 'data');
const LINES = 50_000;
const EXISTING_ROWS = 200_000;
const RATIO_TARGET = 1.5;
const RSS_TARGET_MB = 1024;
/** Rounds of the three cases, interleaved so that a busy spell of the (shared) machine falls on
 *  all of them; per case the least wall time and the least CPU time count. */
const REPEAT = 3;

function inputFile(): string {
  mkdirSync(DATA, { recursive: true });
  const file = path.join(DATA, `CATEGORY_TR-${LINES}.xlsx`);
  if (!existsSync(file)) writeFileSync(file, generateLargeFile('CATEGORY_TR', LINES, 1).bytes);
  return file;
}

/** A workbook already holding EXISTING_ROWS rows (Orders + Fees of two earlier months), made once
 *  by cjet itself as an import leaves it: merged, then its summary tabs refreshed. */
async function existingWorkbook(): Promise<string> {
  const file = path.join(DATA, `workbook-${EXISTING_ROWS}-v7.xlsx`);
  if (existsSync(file)) return file;
  mkdirSync(DATA, { recursive: true });
  const port = XlsxWorkbookPort.create('ko');
  ensureManagedTabs(port);
  const lines = EXISTING_ROWS / 2;
  const orders = Array.from({ length: lines }, (_, i) =>
    v2Order(
      String(30000000000000 + i),
      String(80000000000 + (i % 5000)),
      i % 2 === 0 ? '2024-10-31' : '2024-11-30',
      { source_row: i + 2 },
    ),
  );
  const incoming = { orders, fees: orders.map((o) => feeFor(o)), fulfillment: [] };
  mergeStep(port, {
    importId: 'bench-base',
    incoming,
    completeImport: importedKeys(incoming),
    dryRun: false,
  });
  refreshSummaries(port, { sources: readSources(port), importId: 'bench-base' });
  writeFileSync(file, await port.save());
  return file;
}

/**
 * The same workbook as another program would save it: every part recompressed (fflate), so none
 * of cjet's compressed sheet can be kept and the import rewrites the managed sheets whole.
 */
function resavedWorkbook(base: string): string {
  const file = path.join(DATA, `workbook-${EXISTING_ROWS}-v7-resaved.xlsx`);
  if (!existsSync(file)) writeFileSync(file, zipSync(unzipSync(readFileSync(base)), { level: 6 }));
  return file;
}

/** The input file and the 200k-row workbooks, generated once into bench/data. */
export async function prepare(): Promise<{ input: string; base: string; resaved: string }> {
  const base = await existingWorkbook();
  return { input: inputFile(), base, resaved: resavedWorkbook(base) };
}

type Result = Omit<Measurement, 'label'>;

/** One `cjet import` of `input` into a copy of `base` (or a new workbook). */
async function run(input: string, base: string | null): Promise<Result> {
  const out = path.join(tmpdir(), `cjet-bench-${process.pid}.xlsx`);
  rmSync(out, { force: true });
  if (base) copyFileSync(base, out);
  const heap = heapSampler();
  const io = { ...nodeIo(), stdout: () => {}, stderr: () => {} };
  const cpu = process.cpuUsage();
  const started = performance.now();
  await importFiles({ files: [input], out, lang: 'ko', dryRun: false, onProgress: () => heap.sample() }, io);
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  rmSync(out, { force: true });
  return {
    rows: LINES,
    ms,
    cpuMs: (used.user + used.system) / 1000,
    peakRssMb: peakRssMb(),
    peakHeapMb: heap.peakMb(),
  };
}

/** A case over its runs: the least wall time and the least CPU time (the machine is shared), the
 *  highest peak memory (memory does not improve with luck). */
function fastest(label: string, runs: readonly Result[]): Measurement {
  return {
    label,
    rows: runs[0]!.rows,
    ms: Math.min(...runs.map((r) => r.ms)),
    cpuMs: Math.min(...runs.map((r) => r.cpuMs ?? r.ms)),
    peakRssMb: Math.max(...runs.map((r) => r.peakRssMb)),
    peakHeapMb: Math.max(...runs.map((r) => r.peakHeapMb)),
  };
}

export const importBenchmark: Benchmark = {
  name: 'import',
  description: `cjet import of a ${LINES.toLocaleString('en-US')}-line month into a new workbook and into one holding ${EXISTING_ROWS.toLocaleString('en-US')} rows`,
  async run(): Promise<BenchResult> {
    const { input, base, resaved } = await prepare();
    const cases = [[input], [input, base], [input, resaved]];
    const runs: Result[][] = cases.map(() => []);
    for (let round = 0; round < REPEAT; round++) {
      for (const [k, args] of cases.entries())
        runs[k]!.push(await inChild<Result>('import.ts', ['worker', ...args]));
    }
    const lines = LINES.toLocaleString('en-US');
    const fresh = fastest(`${lines} rows into a new workbook`, runs[0]!);
    const into = fastest(
      `${lines} rows into a workbook of ${EXISTING_ROWS.toLocaleString('en-US')} rows`,
      runs[1]!,
    );
    const rewrite = fastest(
      `${lines} rows into the same workbook saved by another program (sheets rewritten)`,
      runs[2]!,
    );
    const wall = into.ms / fresh.ms;
    const cpu = (into.cpuMs ?? into.ms) / (fresh.cpuMs ?? fresh.ms);
    const mark = (ok: boolean) => (ok ? '✓' : '✗ over target');
    return {
      name: 'import',
      measurements: [fresh, into, rewrite],
      notes: [
        `into ${EXISTING_ROWS.toLocaleString('en-US')} / into new: ${wall.toFixed(2)}× wall, ${cpu.toFixed(2)}× CPU (target ≤ ${RATIO_TARGET}×) ${mark(wall <= RATIO_TARGET)}`,
        `peak RSS into ${EXISTING_ROWS.toLocaleString('en-US')}: ${into.peakRssMb.toFixed(0)} MB (target ≤ ${RSS_TARGET_MB} MB) ${mark(into.peakRssMb <= RSS_TARGET_MB)}`,
        `saved by another program / into new: ${(rewrite.ms / fresh.ms).toFixed(2)}× wall, ${((rewrite.cpuMs ?? rewrite.ms) / (fresh.cpuMs ?? fresh.ms)).toFixed(2)}× CPU, peak RSS ${rewrite.peakRssMb.toFixed(0)} MB (the first import after another program saved the workbook rewrites its managed sheets; the next ones append again)`,
        `Each run in a fresh process, ${REPEAT} rounds of the three cases; per case the least wall time, the least CPU time and the highest peak RSS (the process maximum, resourceUsage).`,
      ],
    };
  },
};

// Child-process entry (`import.ts worker INPUT [WORKBOOK]`) or standalone run.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [mode, input, base] = process.argv.slice(2);
  if (mode === 'worker' && input) {
    process.stdout.write(`${JSON.stringify(await run(input, base ?? null))}\n`);
  } else {
    const { formatTable } = await import('./measure');
    process.stdout.write(`${formatTable(await importBenchmark.run())}\n`);
  }
}
