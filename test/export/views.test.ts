// The views of views.sql against the workbook's own tabs. One book holds the month-close ledger of
// test/summary (two months and a v1 December, a week split at a month end, a 월정산 line, 과세 and 면세,
// compensation without 정산유형, one period with no settlement line) and the profit ledger of
// test/profit (costs changing mid-month, a tie, a fractional cost, a box of several products), with
// what the user types: commission overrides, two rules and the 원가 rows. The expected figures are
// the tabs' formulas evaluated by HyperFormula; the views run on DuckDB after `bash load.sh`.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as XLSX from '@e965/xlsx';
import { parse } from 'sql-parser-cst';
import { beforeAll, describe, expect, it } from 'vitest';
import { VIEW_NAMES } from '../../src/cli/export/views';
import { FEES_TAB, SETTINGS_TAB } from '../../src/core/model/tabs';
import { isoToSerial } from '../../src/core/util/dates';
import type { EvaluatedBook } from '../engines';
import * as profit from '../profit/dataset';
import * as close from '../summary/dataset';
import { columnOf, findRow, gridOf, importRecords, readBook, typeCell, writeBook } from '../summary/workbook';
import { cjet, query, runLoad, tempDir } from './helpers';
import { datasetFigures, evaluateBook, expectViewsEqualTabs } from './tabs';

/** One seller, as in real files (each download names its vendor); the fixtures leave some blank. */
const VENDOR = 'A00012345';
const ofVendor = <T extends { vendor_id?: string | null }>(rows: readonly T[]): T[] =>
  rows.map((r) => ({ ...r, vendor_id: VENDOR }));
const records = {
  orders: ofVendor([...close.ORDERS, ...profit.ORDERS]),
  fees: ofVendor([...close.FEES, ...profit.FEES]),
  fulfillment: ofVendor([...close.FULFILLMENT, ...profit.FULFILLMENT]),
};
/** The 원가 rows as typed (a text cost would stop the export: tested below). */
const COSTS = profit.COSTS.filter((c) => typeof c.cost !== 'string');

const dateCell = (iso: string): XLSX.CellObject => ({ t: 'n', v: isoToSerial(iso), z: 'yyyy-mm-dd' });

function typeUserInput(bytes: Uint8Array, costs: readonly profit.TypedCost[]): Uint8Array {
  const book = readBook(bytes);
  const fees = gridOf(book, FEES_TAB.ko);
  const overrides = { ...close.OVERRIDES, [profit.OVERRIDE.orderId]: profit.OVERRIDE.amount };
  for (const [orderId, amount] of Object.entries(overrides)) {
    const r = findRow(fees, { [columnOf(FEES_TAB, 'order_id')]: orderId });
    expect(r).toBeGreaterThan(0);
    typeCell(book, FEES_TAB.ko, r, columnOf(FEES_TAB, 'commission_override'), { t: 'n', v: amount });
  }
  [close.RULE, profit.RULE].forEach((rule, i) => {
    typeCell(book, SETTINGS_TAB.ko, i + 1, 0, { t: 's', v: rule.scope });
    typeCell(book, SETTINGS_TAB.ko, i + 1, 1, { t: 's', v: rule.optionId });
    typeCell(book, SETTINGS_TAB.ko, i + 1, 2, { t: 'n', v: rule.rate });
  });
  costs.forEach((c, i) => {
    typeCell(book, '원가', i + 1, 0, { t: 's', v: c.option });
    if (c.cost !== null)
      typeCell(
        book,
        '원가',
        i + 1,
        2,
        typeof c.cost === 'number' ? { t: 'n', v: c.cost } : { t: 's', v: c.cost },
      );
    if (c.from) typeCell(book, '원가', i + 1, 3, dateCell(c.from));
    if (c.to) typeCell(book, '원가', i + 1, 4, dateCell(c.to));
  });
  return writeBook(book);
}

let dir: string;
let book: string;
let values: EvaluatedBook;
const db = 'views-book';

beforeAll(async () => {
  dir = tempDir();
  const first = await importRecords(null, records, 'ko', ['2026-01', '2026-02']);
  // A second import after typing, as a seller would: the tabs then hold what the refresh writes.
  const typed = await importRecords(typeUserInput(first.bytes, COSTS), records, 'ko', ['2026-01', '2026-02']);
  book = join(dir, 'ledger.xlsx');
  writeFileSync(book, typed.bytes);
  values = evaluateBook(typed.bytes);
}, 300_000);

describe('views.sql', () => {
  it('is BigQuery SQL (sql-parser-cst) creating the four views and the two they read', async () => {
    const out = join(dir, 'bq');
    const run = await cjet(['export', book, '--bigquery', out]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const sql = readFileSync(join(out, 'views.sql'), 'utf8');
    const statements = parse(sql, { dialect: 'bigquery' }).statements.filter((s) => s.type !== 'empty');
    expect(statements.map((s) => s.type)).toEqual(VIEW_NAMES.map(() => 'create_view_stmt'));
    for (const name of VIEW_NAMES) expect(sql).toContain(`CREATE OR REPLACE VIEW cjet.${name} AS`);
    // load.sh creates the same views in the dataset it is given.
    const load = readFileSync(join(out, 'load.sh'), 'utf8');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the bash variable load.sh substitutes
    expect(load).toContain('CREATE OR REPLACE VIEW ${DS}.v_option_profit AS');
  });

  it('exports the typed costs, overrides and rules; loaded, the views equal the evaluated tabs', async () => {
    const out = join(dir, 'bq');
    const costs = readFileSync(join(out, 'unit_costs', 'all.ndjson'), 'utf8')
      .trimEnd()
      .split('\n');
    expect(costs.map((l) => JSON.parse(l) as Record<string, unknown>)).toEqual(
      COSTS.map((c) =>
        expect.objectContaining({
          option_id: c.option,
          unit_cost: c.cost,
          valid_from: c.from,
          valid_to: c.to,
        }),
      ),
    );
    const load = await runLoad(out, db);
    expect(load.stderr).toBe('');
    expect(load.code).toBe(0);
    const compared = await expectViewsEqualTabs(db, values, VENDOR);
    expect(compared.map((c) => c.view)).toEqual([
      'v_month_close',
      'v_tax_invoices',
      'v_payouts',
      'v_option_profit',
    ]);
    // Not vacuous: the book's override, rules and costs are in the figures compared.
    const sources = await query(
      db,
      'SELECT commission_source AS s, COUNT(*) AS n FROM cjet.v_fees GROUP BY 1 ORDER BY 1',
    );
    // v1 (판매분석) rows carry no collected commission: 'none'.
    expect(sources.map((r) => r.s)).toEqual(['collected', 'none', 'override', 'rule']);
    const [cost] = await query(
      db,
      'SELECT SUM(cost) AS cost, SUM(missing) AS missing FROM cjet.v_option_profit',
    );
    expect(Number(cost?.cost)).toBeGreaterThan(0);
    expect(Number(cost?.missing)).toBeGreaterThan(0);
    const unassigned = await query(db, "SELECT COUNT(*) AS n FROM cjet.v_payouts WHERE cycle = '미지정'");
    expect(unassigned).toEqual([{ n: 1 }]);
  });

  it('a second export and load of the same book changes no count and no sum', async () => {
    const before = await datasetFigures(db);
    const out = join(dir, 'bq');
    expect((await cjet(['export', book, '--bigquery', out])).code).toBe(0);
    expect((await runLoad(out, db)).code).toBe(0);
    expect(await datasetFigures(db)).toEqual(before);
  });

  it('a 원가 cell that is not a number stops the export, naming the cell', async () => {
    const bytes = typeUserInput(readFileSync(book), profit.COSTS);
    const path = join(dir, 'text-cost.xlsx');
    writeFileSync(path, bytes);
    const run = await cjet(['export', path, '--bigquery', join(dir, 'refused')]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('[BAD_CELL]');
    expect(run.stdout).toContain('탭 원가');
    expect(run.stdout).toContain('"미정"');
  });
});
