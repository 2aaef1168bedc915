/**
 * BigQuery export benchmark (`npm run bench:bigquery [-- ORDERS_PER_WEEK]`): generated settlement
 * reports of 12 weeks (about 200k lines of orders + fees + fulfillment at the default 3,000 orders a
 * week) → the export `cjet export` writes (merge in memory, tables, NDJSON, load.sh, views.sql) →
 * load.sh's own SQL run on DuckDB (the DDL, the scope-replacing transactions, the views) with each
 * NDJSON file read by DuckDB's read_json in place of `bq load` (the test's strict fake loader checks
 * every value with json_extract and takes minutes at this size) → each view queried. Then the same
 * load again (it must change nothing). Prints wall/CPU time and memory per step and the identities
 * the views must keep. Not a test: no timers in unit tests.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { downloadsImportId, mergeDownloads, readLedger } from '../src/cli/export/ledger';
import { buildTables } from '../src/cli/export/rows';
import { ddl, dropStaging, replaceTransaction, scopeTable, stagingTable } from '../src/cli/export/sql';
import { CORE_TABS, scopeColumns, tableSpecs } from '../src/cli/export/tables';
import { VIEW_NAMES, viewStatements } from '../src/cli/export/views';
import type { Manifest } from '../src/cli/export/write';
import { writeExport } from '../src/cli/export/write';
import { refreshSummaries } from '../src/core/summary/refresh';
import { readSources } from '../src/core/summary/sources';
import { normalizedMonth, SETTLEMENT_REPORTS } from '../test/addon/driver';
import { tempDir } from '../test/export/helpers';
import { type BenchResult, formatTable, heapSampler, type Measurement, peakRssMb } from './measure';

const WEEKS = 12;
const perWeek = Number(process.argv[2] ?? 3000);

const heap = heapSampler();
const measurements: Measurement[] = [];
const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;

async function step<T>(label: string, rows: number, work: () => Promise<T> | T): Promise<T> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const result = await work();
  heap.sample();
  measurements.push({
    label,
    rows,
    ms: performance.now() - started,
    cpuMs: cpuMs(process.cpuUsage(cpu)),
    peakRssMb: peakRssMb(),
    peakHeapMb: heap.peakMb(),
  });
  return result;
}

const normalized = normalizedMonth(13, {
  reports: SETTLEMENT_REPORTS,
  ordersPerPeriod: perWeek,
  cycle: 'weekly',
  weeks: WEEKS,
});
const lines = normalized.orders.length + normalized.fees.length + normalized.fulfillment.length;
heap.sample();
const dir = tempDir('cjet-bench-bq-');
const out = join(dir, 'bq');

const port = mergeDownloads(normalized, {
  importId: downloadsImportId(normalized),
  nowMs: Date.now(),
  user: 'bench',
});
const manifest = await step(
  'export: merge in memory, tables, NDJSON, load.sh, views.sql',
  lines,
  async () => {
    const problems: never[] = [];
    const ledger = readLedger(port, 'bench', 'downloads', CORE_TABS, problems);
    const { tables } = buildTables([ledger], tableSpecs());
    return writeExport(out, tables, ['bench'], new Date());
  },
);
const exported = manifest.tables.reduce((n, t) => n + t.rows, 0);

const connection = await (await DuckDBInstance.create(':memory:')).connect();
await connection.run('CREATE TYPE FLOAT64 AS DOUBLE');
await connection.run('CREATE SCHEMA cjet');
const specs = tableSpecs();
const DUCK: Record<string, string> = {
  STRING: 'VARCHAR',
  INT64: 'BIGINT',
  NUMERIC: 'DECIMAL(38, 9)',
  DATE: 'DATE',
  DATETIME: 'TIMESTAMP',
  BOOL: 'BOOLEAN',
};
const query = async (_db: string, sql: string) =>
  (await connection.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];

/** What load.sh does, statement by statement, with read_json for `bq load`. */
async function load(written: Manifest): Promise<void> {
  for (const spec of specs)
    for (const statement of ddl(spec, 'cjet', 'duckdb')) await connection.run(statement);
  for (const spec of specs) {
    const table = written.tables.find((t) => t.name === spec.name)!;
    const columns = (cols: readonly { name: string; type: string }[]) =>
      `{${cols.map((c) => `'${c.name}': '${DUCK[c.type]}'`).join(', ')}}`;
    const read = (file: string, cols: readonly { name: string; type: string }[]) =>
      `SELECT * FROM read_json('${join(out, file)}', format = 'newline_delimited', columns = ${columns(cols)})`;
    const staging = `cjet.${stagingTable(spec)}`;
    if (table.files.length > 0)
      await connection.run(
        `CREATE OR REPLACE TABLE ${staging} AS ${table.files.map((f) => read(f.path, spec.columns)).join(' UNION ALL ')}`,
      );
    if (table.scopes > 0)
      await connection.run(
        `CREATE OR REPLACE TABLE cjet.${scopeTable(spec)} AS ${read(`scopes/${spec.name}.ndjson`, scopeColumns(spec))}`,
      );
    const shape = {
      rows: table.rows,
      scopes: table.scopes,
      periodRange: null,
    };
    if (shape.rows > 0 || shape.scopes > 0) await connection.run(replaceTransaction(spec, 'cjet', shape));
  }
  await connection.run(dropStaging(specs, 'cjet'));
  for (const view of viewStatements('cjet')) await connection.run(view);
}

const db = 'bench';
await step('load.sh SQL on DuckDB (read_json for bq load), views created', exported, () => load(manifest));

const viewRows: Record<string, number> = {};
await step('query every view (SELECT *)', lines, async () => {
  for (const view of VIEW_NAMES) viewRows[view] = (await query(db, `SELECT * FROM cjet.${view}`)).length;
});

const figures = async () =>
  query(
    db,
    `SELECT
      (SELECT COUNT(*) FROM cjet.orders) AS orders, (SELECT COUNT(*) FROM cjet.fees) AS fees,
      (SELECT COUNT(*) FROM cjet.fulfillment) AS fulfillment,
      (SELECT SUM(gross_sales) FROM cjet.v_month_close) AS close_gross,
      (SELECT SUM(gross_sales) FROM cjet.orders) AS orders_gross,
      (SELECT SUM(cfs_supply + cfs_vat) FROM cjet.v_month_close) AS close_cfs,
      (SELECT SUM(total_fee) FROM cjet.fulfillment WHERE fee_type <> 'inventory_compensation') AS fulfillment_cfs,
      (SELECT SUM(supply_total) FROM cjet.v_option_profit) AS profit_supply,
      (SELECT SUM(gross_sales - seller_coupon) FROM cjet.orders WHERE mapping_version = 'v2') AS orders_supply,
      (SELECT SUM(commission) FROM cjet.v_option_profit) AS profit_commission,
      (SELECT SUM(collected_total) FROM cjet.fees WHERE mapping_version = 'v2') AS fees_collected,
      (SELECT SUM(expected) FROM cjet.v_payouts) AS payouts_expected,
      (SELECT COUNT(*) FROM cjet.v_payouts WHERE first_date IS NULL) AS payouts_without_date`,
  );
const [before] = await figures();

// The workbook's own tabs for the same ledger: the month close and the profit tab as an import leaves
// them (their values are the ones the tests prove equal to HyperFormula's and LibreOffice's evaluation
// of the sheet formulas). Every numeric column the view shares with its tab must sum the same.
const refresh = await step('workbook tabs: month close and profit refreshed', lines, () =>
  refreshSummaries(port, { sources: readSources(port), importId: 'bench' }),
);
const compared: string[] = [];
let mismatches = 0;
for (const [view, tab] of [
  ['v_month_close', refresh.tabs[0]!],
  ['v_option_profit', refresh.profit.profit],
] as const) {
  const data = tab.rows.filter((r) => Object.keys(r.keys).length > 0);
  const [viewRow] = await query(db, `SELECT COUNT(*) AS n FROM cjet.${view}`);
  const columns = (await query(db, `DESCRIBE cjet.${view}`))
    .filter((c) => /INT|DECIMAL|DOUBLE/.test(String(c.column_type)))
    .map((c) => String(c.column_name))
    .filter((name) => data.some((r) => typeof r.values.get(name) === 'number'));
  const sums = await query(
    db,
    `SELECT ${columns.map((c) => `CAST(SUM(${c}) AS BIGINT) AS ${c}`).join(', ')} FROM cjet.${view}`,
  );
  const differing = columns.filter((c) => {
    const fromTab = data.reduce((n, r) => n + (Number(r.values.get(c)) || 0), 0);
    return Math.round(fromTab) !== Number(sums[0]?.[c]);
  });
  mismatches += differing.length + (Number(viewRow?.n) === data.length ? 0 : 1);
  compared.push(
    `${view} ${Number(viewRow?.n).toLocaleString('en-US')} rows vs tab ${data.length.toLocaleString('en-US')}; ${columns.length} columns summed${differing.length > 0 ? `, differing: ${differing.join(', ')}` : ', all equal'}`,
  );
}
await step('the same load again', exported, () => load(manifest));
const [after] = await figures();

const result: BenchResult = {
  name: 'bigquery',
  measurements,
  notes: [
    `${perWeek.toLocaleString('en-US')} orders a week × ${WEEKS} weeks: ${lines.toLocaleString('en-US')} lines (orders ${normalized.orders.length.toLocaleString('en-US')}, fees ${normalized.fees.length.toLocaleString('en-US')}, fulfillment ${normalized.fulfillment.length.toLocaleString('en-US')}); exported rows (with log, holidays, payout dates) ${exported.toLocaleString('en-US')}.`,
    `view rows: ${Object.entries(viewRows)
      .map(([v, n]) => `${v} ${n.toLocaleString('en-US')}`)
      .join(', ')}.`,
    `identities: 월마감 판매액 = orders ${before?.close_gross === before?.orders_gross ? '✓' : '✗'}; 월마감 CFS = fulfillment without compensation ${before?.close_cfs === before?.fulfillment_cfs ? '✓' : '✗'}; 옵션별 손익 공급대가 = v2 orders ${before?.profit_supply === before?.orders_supply ? '✓' : '✗'}; 적용 수수료 = collected (no overrides or rules) ${before?.profit_commission === before?.fees_collected ? '✓' : '✗'}; payout lines without a date ${before?.payouts_without_date}.`,
    `views vs the workbook's tabs (${mismatches === 0 ? '✓' : '✗'}): ${compared.join('; ')}.`,
    `second load identical: ${JSON.stringify(before) === JSON.stringify(after) ? '✓' : `✗ ${JSON.stringify(before)} → ${JSON.stringify(after)}`}.`,
    'Times are one process on a shared 2-core machine; peak RSS includes DuckDB (in memory, in this process).',
  ],
};
process.stdout.write(`${formatTable(result)}\n`);
rmSync(dir, { recursive: true, force: true });
process.exit(0);
