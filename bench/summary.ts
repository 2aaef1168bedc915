/**
 * Month-close benchmark (`npm run bench -- summary`): the refresh every import ends with
 * (src/core/summary) over a generated ledger of 12 weekly periods, against the merge of the same
 * rows measured in the same process, through the .xlsx adapter. Not a test: no timers in unit tests.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { XlsxWorkbookPort } from '../src/cli/workbook/xlsx-port';
import { ensureManagedTabs, importedKeys, mergeStep } from '../src/core/merge/engine';
import { refreshSummaries } from '../src/core/summary/refresh';
import { readSources } from '../src/core/summary/sources';
import { normalizedMonth, SETTLEMENT_REPORTS } from '../test/addon/driver';
import {
  type Benchmark,
  type BenchResult,
  heapSampler,
  inChild,
  type Measurement,
  peakRssMb,
} from './measure';

const ORDERS_PER_WEEK = [250, 2500];
const WEEKS = 12;

type Result = Measurement[];

function run(perWeek: number): Result {
  const ledger = normalizedMonth(5, {
    reports: SETTLEMENT_REPORTS,
    ordersPerPeriod: perWeek,
    cycle: 'weekly',
    weeks: WEEKS,
  });
  const rows = ledger.orders.length + ledger.fees.length + ledger.fulfillment.length;
  const port = XlsxWorkbookPort.create('ko');
  ensureManagedTabs(port);
  const incoming = { orders: ledger.orders, fees: ledger.fees, fulfillment: ledger.fulfillment };
  const heap = heapSampler();
  let started = performance.now();
  let cpu = process.cpuUsage();
  mergeStep(port, {
    importId: 'bench',
    incoming,
    completeImport: importedKeys(incoming),
    dryRun: false,
  });
  const mergeMs = performance.now() - started;
  const mergeCpu = process.cpuUsage(cpu);
  heap.sample();
  started = performance.now();
  cpu = process.cpuUsage();
  const result = refreshSummaries(port, {
    sources: readSources(port),
    importId: 'bench',
    months: [],
  });
  const refreshMs = performance.now() - started;
  const refreshCpu = process.cpuUsage(cpu);
  heap.sample();
  const summaryRows = result.tabs.map((t) => t.dataRows).join(' / ');
  const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;
  return [
    {
      label: `${perWeek}/week — merge`,
      rows,
      ms: mergeMs,
      cpuMs: cpuMs(mergeCpu),
      peakRssMb: peakRssMb(),
      peakHeapMb: heap.peakMb(),
    },
    {
      label: `${perWeek}/week — month-close refresh (${summaryRows} rows)`,
      rows,
      ms: refreshMs,
      cpuMs: cpuMs(refreshCpu),
      peakRssMb: peakRssMb(),
      peakHeapMb: heap.peakMb(),
    },
  ];
}

export const summaryBenchmark: Benchmark = {
  name: 'summary',
  description: `the month-close refresh over ${WEEKS} weekly periods of generated settlement reports, vs the merge of the same rows`,
  async run(): Promise<BenchResult> {
    const measurements: Measurement[] = [];
    for (const perWeek of ORDERS_PER_WEEK)
      measurements.push(...(await inChild<Result>('summary.ts', ['worker', String(perWeek)])));
    return {
      name: 'summary',
      measurements,
      notes: ['rows = orders + fees + fulfillment lines of the ledger; each size in a fresh process.'],
    };
  },
};

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [mode, perWeek] = process.argv.slice(2);
  if (mode === 'worker' && perWeek) process.stdout.write(`${JSON.stringify(run(Number(perWeek)))}\n`);
  else {
    const { formatTable } = await import('./measure');
    process.stdout.write(`${formatTable(await summaryBenchmark.run())}\n`);
  }
}
