// `cjet export --bigquery` → `bash load.sh` → a real SQL engine (DuckDB behind the fake `bq`), for two
// sellers (different vendor IDs in their file names) over two monthly periods. Expected totals come
// from the generator's ground truth (file.truth, computed from its model, never from the export).
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type GeneratedFile, generateMonth } from '../fixtures/generate';
import { SETTLEMENT_REPORTS } from '../fixtures/settlement';
import { cjet, query, type Row, runLoad, tempDir, writeFiles } from './helpers';

const SETTLEMENT = SETTLEMENT_REPORTS;

const SELLER_A = 'A00011111';
const SELLER_B = 'A00022222';

let dir: string;
let files: { vendor: string; file: GeneratedFile; path: string }[];
let out: string;
let db: string;

beforeAll(async () => {
  dir = tempDir();
  files = [];
  for (const [seed, vendorId] of [
    [101, SELLER_A],
    [202, SELLER_B],
  ] as const) {
    const month = generateMonth(seed, { months: 2, reports: SETTLEMENT, vendorId, ordersPerPeriod: 30 });
    const paths = writeFiles(dir, month.files);
    month.files.forEach((file, i) => {
      files.push({ vendor: vendorId, file, path: paths[i]! });
    });
  }
  out = join(dir, 'bq');
  db = 'two-sellers';
});

/** Where a row's money belongs: seller (from the file name in its lineage), report, period end. */
const SCOPE_SQL = `regexp_extract(source_file, '([A-Z0-9]+)-[A-Z_]+-ko-', 1) || '|' || source_report || '|' || CAST(period_end AS VARCHAR)`;

interface Totals {
  [scope: string]: Record<string, number>;
}

function add(totals: Totals, scope: string, values: Record<string, number>): void {
  const into = totals[scope] ?? {};
  totals[scope] = into;
  for (const [key, value] of Object.entries(values)) into[key] = (into[key] ?? 0) + value;
}

/** The generator's truth per scope: what each table must hold. */
function expectedTotals(): { orders: Totals; fees: Totals; fulfillment: Totals } {
  const orders: Totals = {};
  const fees: Totals = {};
  const fulfillment: Totals = {};
  for (const { vendor, file } of files) {
    const scope = `${vendor}|${file.report}|${file.truth.period.end}`;
    const o = file.truth.orders;
    if (o) {
      add(orders, scope, {
        rows: o.lines,
        quantity: o.quantity,
        gross_sales: o.gross_sales,
        payment_amount: o.payment_amount,
      });
      add(fees, scope, {
        rows: o.lines,
        commission_base: o.commission_base,
        collected_total: o.collected_total ?? 0,
      });
    }
    const f = file.truth.fulfillment;
    if (f) add(fulfillment, scope, { rows: f.lines, net_fee: f.net_fee, vat: f.vat, total_fee: f.total_fee });
  }
  return { orders, fees, fulfillment };
}

async function actualTotals(database: string, table: string, sums: readonly string[]): Promise<Totals> {
  const columns = ['COUNT(*) AS rows', ...sums.map((c) => `SUM(${c}) AS ${c}`)].join(', ');
  const rows = await query(
    database,
    `SELECT ${SCOPE_SQL} AS scope, ${columns} FROM cjet.${table} GROUP BY 1`,
  );
  const totals: Totals = {};
  for (const row of rows) {
    const { scope, ...values } = row;
    totals[String(scope)] = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, Number(v)]));
  }
  return totals;
}

async function snapshot(database: string): Promise<Row[]> {
  return query(
    database,
    `SELECT 'orders' AS t, ${SCOPE_SQL} AS scope, COUNT(*) AS n, SUM(gross_sales) AS a, SUM(payment_amount) AS b, SUM(seller_borne_shipping) AS c FROM cjet.orders GROUP BY 2
     UNION ALL SELECT 'fees', ${SCOPE_SQL}, COUNT(*), SUM(commission_base), SUM(collected_total), 0 FROM cjet.fees GROUP BY 2
     UNION ALL SELECT 'fulfillment', ${SCOPE_SQL}, COUNT(*), SUM(net_fee), SUM(vat), SUM(total_fee) FROM cjet.fulfillment GROUP BY 2
     UNION ALL SELECT 'import_log', file, COUNT(*), SUM(control_file), SUM(control_written), 0 FROM cjet.import_log GROUP BY 2
     ORDER BY 1, 2`,
  );
}

describe('cjet export → load.sh → DuckDB', () => {
  it('writes NDJSON by month, schemas and load.sh; every file loads with its schema types', async () => {
    const run = await cjet(['export', ...files.map((f) => f.path), '--bigquery', out, '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as {
      exported: boolean;
      manifest: { tables: { name: string; rows: number; files: { path: string }[] }[] };
    };
    expect(result.exported).toBe(true);

    for (const table of ['orders', 'fees', 'fulfillment', 'import_log'])
      expect(readdirSync(join(out, table)).sort()).toEqual(['2025-01.ndjson', '2025-02.ndjson']);
    expect(readdirSync(join(out, 'schema')).sort()).toEqual(
      [
        'commission_overrides',
        'commission_rules',
        'fees',
        'fulfillment',
        'holidays',
        'import_log',
        'orders',
        'payout_dates',
        'unit_costs',
      ].map((t) => `${t}.json`),
    );
    // Downloads carry nothing the user typed: no user tables to replace.
    expect(existsSync(join(out, 'commission_overrides'))).toBe(false);
    expect(existsSync(join(out, 'unit_costs'))).toBe(false);

    // Every row holds exactly the schema's fields, in order, and sits in its month's file.
    for (const table of result.manifest.tables) {
      const names = (
        JSON.parse(readFileSync(join(out, 'schema', `${table.name}.json`), 'utf8')) as { name: string }[]
      ).map((f) => f.name);
      for (const file of table.files) {
        for (const line of readFileSync(join(out, file.path), 'utf8').trimEnd().split('\n')) {
          const row = JSON.parse(line) as Record<string, unknown>;
          expect(Object.keys(row)).toEqual(names);
          // payout_dates is a small lookup in one file (all.ndjson); data tables go by month.
          if ('period_end' in row && !file.path.endsWith('/all.ndjson'))
            expect(file.path).toContain(`${String(row.period_end).slice(0, 7)}.ndjson`);
        }
      }
    }

    const load = await runLoad(out, db);
    expect(load.stderr).toBe('');
    expect(load.code).toBe(0);
    // Each data file went to its table's staging table exactly once, with its schema.
    const loaded = load.calls.filter((c) => c.includes('load')).map((c) => c.slice(-2).join(' '));
    for (const table of result.manifest.tables)
      for (const file of table.files) expect(loaded).toContain(`${file.path} schema/${table.name}.json`);
  });

  it('holds the totals of the input files, per seller, report and period', async () => {
    const expected = expectedTotals();
    expect(Object.keys(expected.orders)).toHaveLength(4); // 2 sellers × 2 periods
    expect(await actualTotals(db, 'orders', ['quantity', 'gross_sales', 'payment_amount'])).toEqual(
      expected.orders,
    );
    expect(await actualTotals(db, 'fees', ['commission_base', 'collected_total'])).toEqual(expected.fees);
    expect(await actualTotals(db, 'fulfillment', ['net_fee', 'vat', 'total_fee'])).toEqual(
      expected.fulfillment,
    );

    const log = await query(
      db,
      'SELECT COUNT(*) AS n, SUM(CASE WHEN control_match THEN 1 ELSE 0 END) AS ok FROM cjet.import_log',
    );
    expect(log).toEqual([{ n: files.length, ok: files.length }]);
    // Seller-borne shipping on the order lines is exactly the fees attributed to them.
    const [shipping] = await query(
      db,
      `SELECT (SELECT SUM(seller_borne_shipping) FROM cjet.orders) AS on_orders,
              (SELECT SUM(total_fee) FROM cjet.fulfillment WHERE attributed_line_key IS NOT NULL) AS attributed`,
    );
    expect(shipping?.on_orders).toBe(shipping?.attributed);
    expect(Number(shipping?.on_orders)).toBeGreaterThan(0);
    // IDs stay text with every digit; dates are real dates.
    const [types] = await query(
      db,
      `SELECT ANY_VALUE(typeof(order_id)) AS id, ANY_VALUE(typeof(period_end)) AS d, ANY_VALUE(typeof(gross_sales)) AS m,
              ANY_VALUE(typeof(coupon_reflected)) AS b, MIN(length(order_id)) AS digits FROM cjet.orders`,
    );
    expect(types).toEqual({ id: 'VARCHAR', d: 'DATE', m: 'BIGINT', b: 'BOOLEAN', digits: 14 });
  });

  it('a second load of the same export changes nothing, and drops its staging tables', async () => {
    const before = await snapshot(db);
    const load = await runLoad(out, db);
    expect(load.code).toBe(0);
    expect(await snapshot(db)).toEqual(before);
    const staging = await query(
      db,
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'cjet' AND table_name LIKE '\\_cjet\\_%' ESCAPE '\\'",
    );
    expect(staging).toEqual([]);
  });

  it('a second export of the same downloads, loaded again, changes nothing either', async () => {
    const before = await snapshot(db);
    const again = await cjet(['export', ...files.map((f) => f.path), '--bigquery', out]);
    expect(again.code).toBe(0);
    expect((await runLoad(out, db)).code).toBe(0);
    expect(await snapshot(db)).toEqual(before);
  });

  it('a value that is not of its column type fails the load and leaves the tables as they were', async () => {
    const before = await snapshot(db);
    const copy = join(dir, 'bq-broken');
    expect((await cjet(['export', ...files.map((f) => f.path), '--bigquery', copy])).code).toBe(0);
    for (const [file, from, to] of [
      ['orders/2025-01.ndjson', /"gross_sales":(\d+)/, '"gross_sales":$1.5'],
      ['fees/2025-02.ndjson', /"period_end":"2025-02-28"/, '"period_end":"2025-02-30"'],
      ['fulfillment/2025-01.ndjson', /"vat":(\d+)/, '"vat":"$1"'],
    ] as const) {
      const path = join(copy, file);
      const text = readFileSync(path, 'utf8');
      writeFileSync(path, text.replace(from, to));
      const load = await runLoad(copy, db);
      expect(load.code).not.toBe(0);
      expect(load.stderr).toMatch(/not (an integer|a YYYY-MM-DD date)|out of range|Conversion Error/i);
      expect(await snapshot(db)).toEqual(before);
      writeFileSync(path, text);
    }
  });

  it('refuses an output folder that holds something else, and says what to do', async () => {
    const busy = tempDir();
    writeFileSync(join(busy, 'notes.txt'), 'mine');
    const run = await cjet(['export', files[0]!.path, '--bigquery', busy]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('cjet export');
    expect(readFileSync(join(busy, 'notes.txt'), 'utf8')).toBe('mine');
  });
});
