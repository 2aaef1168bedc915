/**
 * One measurement in its own process: `bare` = the library read alone (XLSX.read + sheet_to_json
 * of every sheet, the options the core uses), `normalize` = the whole core (read → recognise → map).
 * Prints one JSON line (see measure.ts Measurement).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as XLSX from '@e965/xlsx';
import iconv from 'iconv-lite';
import { normalizeFiles } from '../src/core/normalize';
import { heapSampler, peakRssMb } from './measure';

const [mode, file] = process.argv.slice(2);
if (!file || (mode !== 'bare' && mode !== 'normalize'))
  throw new Error('usage: normalize-worker.ts bare|normalize FILE');
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
