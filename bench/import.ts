/**
 * Import benchmark (`npm run bench -- import`, or alone: `npx tsx bench/import.ts`): a 50,000-line
 * CATEGORY_TR month imported by `cjet import` into a new workbook and into one that already holds
 * 200,000 rows, each compared with the bare library work on the same data measured in the same run:
 * read the inputs (and the existing workbook) with SheetJS and write a workbook of the same rows.
 * Every run in a fresh process (peak RSS is its own). Not a test: no timers in unit tests.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as XLSX from '@e965/xlsx';
import { importFiles } from '../src/cli/import';
import { nodeIo } from '../src/cli/nodeHost';
import { XlsxWorkbookPort } from '../src/cli/workbook/xlsx-port';
import { ensureManagedTabs, importedKeys, mergeStep } from '../src/core/merge/engine';
import { FEES_TAB, ORDERS_TAB } from '../src/core/model/tabs';
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

function inputFile(): string {
  mkdirSync(DATA, { recursive: true });
  const file = path.join(DATA, `CATEGORY_TR-${LINES}.xlsx`);
  if (!existsSync(file)) writeFileSync(file, generateLargeFile('CATEGORY_TR', LINES, 1).bytes);
  return file;
}

/** A workbook already holding EXISTING_ROWS rows (Orders + Fees of other months), made once. */
async function existingWorkbook(): Promise<string> {
  const file = path.join(DATA, `workbook-${EXISTING_ROWS}.xlsx`);
  if (existsSync(file)) return file;
  const port = XlsxWorkbookPort.create('ko');
  ensureManagedTabs(port);
  const lines = EXISTING_ROWS / 2;
  const orders = Array.from({ length: lines }, (_, i) =>
    v2Order(
      String(30000000000000 + i),
      String(80000000000 + (i % 5000)),
      i % 2 === 0 ? '2024-10-31' : '2024-11-30',
      {
        source_row: i + 2,
      },
    ),
  );
  const incoming = { orders, fees: orders.map((o) => feeFor(o)), fulfillment: [] };
  mergeStep(port, {
    importId: 'bench-base',
    incoming,
    completeImport: importedKeys(incoming),
    dryRun: false,
  });
  writeFileSync(file, await port.save());
  return file;
}

type Result = Omit<Measurement, 'label'>;

/** The library alone on the same data: read the inputs (+ the existing workbook) and write a
 *  workbook with as many rows × columns as the import writes. */
function bare(input: string, base: string | null): Result {
  const heap = heapSampler();
  const started = performance.now();
  const read = XLSX.read(readFileSync(input), { type: 'buffer', dense: true, cellDates: false });
  const first = read.Sheets[read.SheetNames[0]!]!;
  const rows = XLSX.utils.sheet_to_json<unknown[]>(first, { header: 1, raw: true, defval: null });
  heap.sample();
  const book = base
    ? XLSX.read(readFileSync(base), { type: 'buffer', dense: true, cellFormula: true, cellNF: true })
    : XLSX.utils.book_new();
  heap.sample();
  for (const tab of [ORDERS_TAB, FEES_TAB]) {
    const width = tab.columns.length;
    const aoa = rows.map((row) => Array.from({ length: width }, (_, c) => row[c % row.length] ?? null));
    const name = `${tab.ko}-bare`;
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(aoa, { dense: true }), name);
  }
  const bytes = XLSX.write(book, { type: 'buffer', bookType: 'xlsx', bookSST: true, compression: true });
  heap.sample();
  writeFileSync(path.join(tmpdir(), 'cjet-bench-bare.xlsx'), bytes);
  return { rows: LINES, ms: performance.now() - started, peakRssMb: peakRssMb(), peakHeapMb: heap.peakMb() };
}

async function full(input: string, base: string | null): Promise<Result> {
  const out = path.join(tmpdir(), `cjet-bench-${process.pid}.xlsx`);
  rmSync(out, { force: true });
  if (base) copyFileSync(base, out);
  const heap = heapSampler();
  const started = performance.now();
  const io = { ...nodeIo(), stdout: () => {}, stderr: () => {} };
  await importFiles({ files: [input], out, lang: 'ko', dryRun: false, onProgress: () => heap.sample() }, io);
  const ms = performance.now() - started;
  rmSync(out, { force: true });
  return { rows: LINES, ms, peakRssMb: peakRssMb(), peakHeapMb: heap.peakMb() };
}

export const importBenchmark: Benchmark = {
  name: 'import',
  description: `cjet import of a ${LINES.toLocaleString('en-US')}-line month into a new workbook and into one holding ${EXISTING_ROWS.toLocaleString('en-US')} rows, vs bare SheetJS read + write`,
  async run(): Promise<BenchResult> {
    const input = inputFile();
    const base = await existingWorkbook();
    const measurements: Measurement[] = [];
    const notes: string[] = [];
    for (const [label, workbook] of [
      ['new workbook', null],
      [`workbook with ${EXISTING_ROWS.toLocaleString('en-US')} rows`, base],
    ] as const) {
      const args = workbook ? [input, workbook] : [input];
      const bareRun = {
        label: `${label} — bare read + write`,
        ...(await inChild<Result>('import.ts', ['worker', 'bare', ...args])),
      };
      const importRun = {
        label: `${label} — cjet import`,
        ...(await inChild<Result>('import.ts', ['worker', 'import', ...args])),
      };
      measurements.push(bareRun, importRun);
      notes.push(`${label}: import / bare = ${(importRun.ms / bareRun.ms).toFixed(2)}`);
    }
    notes.push('Each run in a fresh process; peak RSS is the process maximum (resourceUsage).');
    return { name: 'import', measurements, notes };
  },
};

// Child-process entry (`import.ts worker <bare|import> INPUT [WORKBOOK]`) or standalone run.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [mode, kind, input, base] = process.argv.slice(2);
  if (mode === 'worker' && input) {
    const result = kind === 'bare' ? bare(input, base ?? null) : await full(input, base ?? null);
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } else {
    const { formatTable } = await import('./measure');
    process.stdout.write(`${formatTable(await importBenchmark.run())}\n`);
  }
}
