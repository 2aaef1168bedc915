// The BigQuery tables come from the tab definitions: every managed column, typed as the issue says
// (IDs STRING, money INT64, rates NUMERIC, dates DATE, flags BOOL), described with its Korean label.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { bigQuerySchema, CORE_TABS, type TabSet, tableSpecs } from '../../src/cli/export/tables';
import { type CellType, type ColumnDef, FEES_TAB, ORDERS_TAB } from '../../src/core/model/tabs';
import { generateMonth } from '../fixtures/generate';
import { cjet, tempDir, writeFiles } from './helpers';

/** The mapping, written out here rather than taken from the exporter. */
const EXPECTED_TYPE: Record<string, string> = {
  id: 'STRING',
  text: 'STRING',
  money: 'INT64',
  int: 'INT64',
  rate: 'NUMERIC',
  date: 'DATE',
  datetime: 'DATETIME',
  bool: 'BOOL',
};

/** BigQuery's reserved keywords (GoogleSQL lexical structure). */
const BIGQUERY_RESERVED =
  `ALL AND ANY ARRAY AS ASC ASSERT_ROWS_MODIFIED AT BETWEEN BY CASE CAST COLLATE CONTAINS CREATE
CROSS CUBE CURRENT DEFAULT DEFINE DESC DISTINCT ELSE END ENUM ESCAPE EXCEPT EXCLUDE EXISTS EXTRACT FALSE FETCH
FOLLOWING FOR FROM FULL GROUP GROUPING GROUPS HASH HAVING IF IGNORE IN INNER INTERSECT INTERVAL INTO IS JOIN
LATERAL LEFT LIKE LIMIT LOOKUP MERGE NATURAL NEW NO NOT NULL NULLS OF ON OR ORDER OUTER OVER PARTITION PRECEDING
PROTO QUALIFY RANGE RECURSIVE RESPECT RIGHT ROLLUP ROWS SELECT SET SOME STRUCT TABLESAMPLE THEN TO TREAT TRUE
UNBOUNDED UNION UNNEST USING WHEN WHERE WINDOW WITH WITHIN`.split(/\s+/);

const TABLE_OF = { orders: 'orders', fees: 'fees', fulfillment: 'fulfillment', log: 'import_log' } as const;

describe('BigQuery tables from the tab definitions', () => {
  const specs = tableSpecs();

  it('every managed column of a data tab is in its table, typed and described', () => {
    for (const [tabKey, table] of Object.entries(TABLE_OF) as [keyof typeof TABLE_OF, string][]) {
      const tab = CORE_TABS[tabKey];
      const schema = bigQuerySchema(specs.find((s) => s.name === table)!) as {
        name: string;
        type: string;
        description: string;
      }[];
      const exported = tab.columns.filter((c) => c.type !== 'formula' && !c.userOwned);
      for (const col of exported) {
        const field = schema.find((f) => f.name === col.key);
        expect(field, `${table}.${col.key}`).toBeDefined();
        expect(field?.type).toBe(EXPECTED_TYPE[col.type]);
        expect(field?.description.startsWith(col.ko)).toBe(true);
        expect(field?.description).toContain(col.en);
      }
      // vendor_id in every table (blank until the tabs carry it), nothing else.
      expect(schema.map((f) => f.name).sort()).toEqual(
        [...new Set([...exported.map((c) => c.key), 'vendor_id'])].sort(),
      );
    }
  });

  it('the Fees formulas and the user-typed override are not in the fees table; the override has its own', () => {
    const fees = specs.find((s) => s.name === 'fees')!.columns.map((c) => c.name);
    for (const key of ['rule_rate', 'effective_commission', 'commission_source', 'commission_override'])
      expect(fees).not.toContain(key);
    const overrides = specs.find((s) => s.name === 'commission_overrides')!;
    expect(overrides.columns.map((c) => [c.name, c.type])).toEqual(
      expect.arrayContaining([
        ['line_key', 'STRING'],
        ['commission_override', 'INT64'],
        ['vendor_id', 'STRING'],
        ['source_report', 'STRING'],
        ['period_end', 'DATE'],
      ]),
    );
    const rules = specs.find((s) => s.name === 'commission_rules')!;
    expect(rules.columns.map((c) => c.name)).toEqual([
      'vendor_id',
      'scope',
      'scope_id',
      'rate_pct',
      'valid_from',
      'valid_to',
      'note',
    ]);
  });

  it('the 원가 tab is its own table, as typed; the unit cost is NUMERIC (the tab takes 333.5)', () => {
    const costs = specs.find((s) => s.name === 'unit_costs')!;
    expect(costs.columns.map((c) => [c.name, c.type])).toEqual([
      ['vendor_id', 'STRING'],
      ['option_id', 'STRING'],
      ['product_name', 'STRING'],
      ['unit_cost', 'NUMERIC'],
      ['valid_from', 'DATE'],
      ['valid_to', 'DATE'],
      ['memo', 'STRING'],
    ]);
    expect(costs.columns.find((c) => c.name === 'unit_cost')?.description).toBe(
      '단위원가(VAT별도) / Unit cost (ex VAT)',
    );
    expect(costs.userTable).toBe(true);
    expect(costs.replace).toEqual({ kind: 'scope', columns: ['vendor_id'], key: null });
  });

  it('partitions by month of period_end and clusters by vendor_id, option_id where the table has them', () => {
    const shape = Object.fromEntries(specs.map((s) => [s.name, [s.partitionBy, s.clusterBy.join(',')]]));
    expect(shape).toEqual({
      orders: ['period_end', 'vendor_id,option_id'],
      fees: ['period_end', 'vendor_id,option_id'],
      fulfillment: ['period_end', 'vendor_id,option_id'],
      import_log: ['period_end', 'vendor_id'],
      commission_overrides: ['period_end', 'vendor_id'],
      commission_rules: [null, 'vendor_id'],
      unit_costs: [null, 'vendor_id,option_id'],
      holidays: [null, ''],
      payout_dates: [null, ''],
    });
  });

  it('a column added to a tab flows into its table by itself', () => {
    const added: ColumnDef = {
      key: 'tax_invoice_month',
      ko: '세금계산서 발행월',
      en: 'Tax invoice month',
      type: 'text',
      since: 2,
    };
    const tabs: TabSet = { ...CORE_TABS, orders: { ...ORDERS_TAB, columns: [...ORDERS_TAB.columns, added] } };
    const orders = tableSpecs(tabs).find((s) => s.name === 'orders')!;
    expect(orders.columns.find((c) => c.name === 'tax_invoice_month')).toEqual({
      name: 'tax_invoice_month',
      type: 'STRING',
      description: '세금계산서 발행월 / Tax invoice month',
    });
    const withDatetime = {
      ...FEES_TAB,
      columns: [...FEES_TAB.columns, { ...added, key: 'at', type: 'datetime' as CellType }],
    };
    const fees = tableSpecs({ ...CORE_TABS, fees: withDatetime }).find((s) => s.name === 'fees')!;
    expect(fees.columns.find((c) => c.name === 'at')?.type).toBe('DATETIME');
  });

  it('no column name is a reserved word in BigQuery or DuckDB (the SQL leaves names unquoted)', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const reserved = (
      await connection.runAndReadAll(
        "SELECT keyword_name FROM duckdb_keywords() WHERE keyword_category = 'reserved'",
      )
    )
      .getRowObjectsJson()
      .map((r) => String(r.keyword_name).toUpperCase());
    connection.closeSync();
    instance.closeSync();
    expect(reserved.length).toBeGreaterThan(50);
    for (const spec of specs)
      for (const col of spec.columns) {
        expect(BIGQUERY_RESERVED, `${spec.name}.${col.name}`).not.toContain(col.name.toUpperCase());
        expect(reserved, `${spec.name}.${col.name}`).not.toContain(col.name.toUpperCase());
      }
  });
});

describe('cjet export of a 판매분석 (v1) file', () => {
  it('needs --period, and puts the rows in the month of its end', async () => {
    const dir = tempDir();
    const month = generateMonth(606, { year: 2025, month: 2, reports: ['SELLER_INSIGHTS'] });
    const [path] = writeFiles(dir, month.files);
    const truth = month.files[0]!.truth.orders!;

    const missing = await cjet(['export', path!, '--bigquery', join(dir, 'no-period')]);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain('읽지 못함 / not read or not recognised');

    const out = join(dir, 'bq');
    const run = await cjet(['export', path!, '--period', '2025-02-01..2025-02-28', '--bigquery', out]);
    expect(run.code).toBe(0);
    const rows = readFileSync(join(out, 'orders', '2025-02.ndjson'), 'utf8')
      .trimEnd()
      .split('\n');
    expect(rows).toHaveLength(truth.lines);
    const parsed = rows.map(
      (r) => JSON.parse(r) as { mapping_version: string; period_end: string; gross_sales: number },
    );
    expect(parsed.every((r) => r.mapping_version === 'v1' && r.period_end === '2025-02-28')).toBe(true);
    expect(parsed.reduce((n, r) => n + r.gross_sales, 0)).toBe(truth.gross_sales);
  });

  it('usage errors exit 2 with the usage text', async () => {
    const run = await cjet(['export', 'x.xlsx']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--bigquery');
    const help = await cjet(['export', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('cjet export');
  });
});
