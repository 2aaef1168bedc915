/**
 * One measurement in its own process: `bare` = the library read alone (XLSX.read + sheet_to_json
 * of every sheet, the brief's options), `core-read` = the core's read step alone (it also turns off
 * SheetJS' cell text formatting), `normalize` = the whole core (read → recognise → map).
 * Prints one JSON line (see measure.ts Measurement).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as XLSX from '@e965/xlsx';
import iconv from 'iconv-lite';
import { normalizeFiles } from '../src/core/normalize';
import { readFileBytes } from '../src/core/read/readFile';
import { heapSampler, peakRssMb } from './measure';

const [mode, file] = process.argv.slice(2);
if (!file || !['bare', 'core-read', 'normalize'].includes(mode ?? '')) {
  throw new Error('usage: normalize-worker.ts bare|core-read|normalize FILE');
}
const bytes = new Uint8Array(readFileSync(file));
globalThis.gc?.();
const heap = heapSampler();
const started = performance.now();
const cpuStart = process.cpuUsage();
let rows = 0;
if (mode === 'bare') {
  const workbook = XLSX.read(bytes, { type: 'array', dense: true, cellDates: false });
  heap.sample();
  for (const name of workbook.SheetNames) {
    const grid = XLSX.utils.sheet_to_json<unknown[]>(workbook.Sheets[name]!, {
      header: 1,
      raw: true,
      defval: null,
    });
    rows += grid.length;
  }
} else if (mode === 'core-read') {
  // The core's own read step alone (bytes → grids), to isolate what recognise + map cost.
  const read = readFileBytes(path.basename(file), bytes, () => '');
  if (!read.ok) throw new Error(read.detail);
  for (const sheet of read.sheets) rows += sheet.rows.length;
} else {
  const result = normalizeFiles([{ name: path.basename(file), bytes }], {
    decodeCp949: (b) => iconv.decode(Buffer.from(b), 'cp949'),
    onProgress: () => heap.sample(),
  });
  const summary = result.files[0]!;
  if (summary.status !== 'imported' || summary.rows_rejected > 0)
    throw new Error(`bench file not imported cleanly: ${JSON.stringify(summary)}`);
  rows = summary.rows_accepted;
}
heap.sample();
const ms = performance.now() - started;
const cpu = process.cpuUsage(cpuStart);
const cpuMs = (cpu.user + cpu.system) / 1000;
process.stdout.write(
  `${JSON.stringify({ rows, ms, cpuMs, peakRssMb: peakRssMb(), peakHeapMb: heap.peakMb() })}\n`,
);
