/**
 * Normalize benchmark: a 50,000-line CATEGORY_TR and a 100,000-line WAREHOUSING_SHIPPING from the
 * fixture generator, each read bare (the library alone) and normalized (the whole core), every run
 * in a fresh process. Target: the mapping adds ≤ 30 % to the bare read.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateLargeFile, type LargeReport } from '../test/fixtures/generate';
import { type Benchmark, type BenchResult, inChild, type Measurement } from './measure';

const DATA = path.join(import.meta.dirname, 'data');
const CASES: { report: LargeReport; rows: number }[] = [
  { report: 'CATEGORY_TR', rows: 50_000 },
  { report: 'WAREHOUSING_SHIPPING', rows: 100_000 },
];
const REPEAT = 2;

function ensureFile(report: LargeReport, rows: number): string {
  mkdirSync(DATA, { recursive: true });
  const file = path.join(DATA, `${report}-${rows}.xlsx`);
  if (!existsSync(file)) writeFileSync(file, generateLargeFile(report, rows, 1).bytes);
  return file;
}

async function best(
  mode: 'bare' | 'core-read' | 'normalize',
  file: string,
  label: string,
): Promise<Measurement> {
  let winner: Measurement | null = null;
  for (let i = 0; i < REPEAT; i++) {
    const m = await inChild<Omit<Measurement, 'label'>>('normalize-worker.ts', [mode, file]);
    if (!winner || (m.cpuMs ?? m.ms) < (winner.cpuMs ?? winner.ms)) winner = { label, ...m };
  }
  return winner!;
}

export const normalizeBenchmark: Benchmark = {
  name: 'normalize',
  description: 'bare SheetJS read vs normalizeFiles on large generated files',
  async run(): Promise<BenchResult> {
    const measurements: Measurement[] = [];
    const notes: string[] = [];
    for (const { report, rows } of CASES) {
      const file = ensureFile(report, rows);
      const bare = await best('bare', file, `${report} ${rows.toLocaleString('en-US')} — bare read`);
      const coreRead = await best(
        'core-read',
        file,
        `${report} ${rows.toLocaleString('en-US')} — core read step`,
      );
      const full = await best('normalize', file, `${report} ${rows.toLocaleString('en-US')} — normalize`);
      measurements.push(bare, coreRead, full);
      const cpuRatio = (full.cpuMs ?? full.ms) / (bare.cpuMs ?? bare.ms);
      const overhead = (cpuRatio - 1) * 100;
      const wallOverhead = (full.ms / bare.ms - 1) * 100;
      notes.push(
        `${report}: normalize / bare (CPU) = ${cpuRatio.toFixed(2)} → mapping adds ${overhead.toFixed(0)} % (target ≤ 30 %) ${overhead <= 30 ? '✓' : '✗'}; by wall time ${wallOverhead.toFixed(0)} %`,
      );
      const mapOnly = ((full.cpuMs ?? full.ms) / (coreRead.cpuMs ?? coreRead.ms) - 1) * 100;
      notes.push(
        `${report}: recognise + map + keys + VAT + controls over the core's own read step (CPU): +${mapOnly.toFixed(0)} %`,
      );
    }
    notes.push(
      `Best (by CPU time) of ${REPEAT} runs each, every run in a fresh process; peak RSS is the process maximum (resourceUsage).`,
    );
    return { name: 'normalize', measurements, notes };
  },
};
