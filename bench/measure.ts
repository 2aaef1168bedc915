/** Shared bench plumbing: run one measurement in a fresh child process (so peak RSS is its own),
 *  and format the figures. */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

export interface Measurement {
  label: string;
  rows: number;
  ms: number;
  /** CPU time (user + system) of the measured work: steadier than wall time on a shared machine
   *  (optional: benchmarks that cannot isolate their work leave it out). */
  cpuMs?: number;
  /** Peak resident set size of the child process (process.resourceUsage().maxRSS). */
  peakRssMb: number;
  /** Peak V8 heap seen at the sampling points (start, progress callbacks, end). */
  peakHeapMb: number;
}

export interface BenchResult {
  name: string;
  measurements: Measurement[];
  notes: string[];
}

export interface Benchmark {
  name: string;
  description: string;
  run: () => Promise<BenchResult>;
}

/** Runs `bench/<script>` with args in a child Node (tsx, --expose-gc); it prints one JSON line. */
export async function inChild<T>(script: string, args: readonly string[]): Promise<T> {
  const { stdout } = await exec(
    process.execPath,
    [
      '--expose-gc',
      '--max-old-space-size=6144',
      '--import',
      'tsx',
      path.join(import.meta.dirname, script),
      ...args,
    ],
    { maxBuffer: 64 * 1024 * 1024, cwd: path.join(import.meta.dirname, '..') },
  );
  const last = stdout.trim().split('\n').at(-1) ?? '{}';
  return JSON.parse(last) as T;
}

/** Heap sampler for synchronous work: call `sample()` wherever the work yields a callback. */
export function heapSampler(): { sample: () => void; peakMb: () => number } {
  let peak = 0;
  const sample = () => {
    const used = process.memoryUsage().heapUsed;
    if (used > peak) peak = used;
  };
  sample();
  return { sample, peakMb: () => peak / 1048576 };
}

export function peakRssMb(): number {
  // maxRSS is in kilobytes.
  return process.resourceUsage().maxRSS / 1024;
}

export function formatTable(result: BenchResult): string {
  const lines = [
    `## ${result.name}`,
    '| run | rows | wall time | CPU time | rows/s (wall) | peak RSS | peak heap (sampled) |',
    '|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const m of result.measurements) {
    lines.push(
      `| ${m.label} | ${m.rows.toLocaleString('en-US')} | ${(m.ms / 1000).toFixed(2)} s | ${m.cpuMs === undefined ? '-' : `${(m.cpuMs / 1000).toFixed(2)} s`} | ${Math.round((m.rows * 1000) / m.ms).toLocaleString('en-US')} | ${m.peakRssMb.toFixed(0)} MB | ${m.peakHeapMb.toFixed(0)} MB |`,
    );
  }
  for (const note of result.notes) lines.push('', note);
  return lines.join('\n');
}
