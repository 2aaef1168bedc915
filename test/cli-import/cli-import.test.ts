// `cjet import` on .xlsx: the seller's story from the command line, with the workbook edited in
// between by "another program" (SheetJS directly) and the formulas evaluated by HyperFormula.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as XLSX from '@e965/xlsx';
import { beforeAll, describe, expect, it } from 'vitest';
import { columnIndex, columnLetter, FEES_TAB, LOG_TAB, ORDERS_TAB } from '../../src/core/model/tabs';
import { SETTLEMENT_REPORTS } from '../fixtures/settlement';
import {
  cjetImport,
  grid,
  hyperFormulaOf,
  monthFiles,
  readBook,
  summaryOf,
  tempDir,
  writeBook,
} from './helpers';

const FEBRUARY = '2025-02-01..2025-02-28';

let dir: string;
let january: string[];
let februaryInsights: string[];

beforeAll(() => {
  dir = tempDir();
  january = monthFiles(dir, 11, { reports: ALL_BUT_INSIGHTS });
  februaryInsights = monthFiles(dir, 12, { year: 2025, month: 2, reports: ['SELLER_INSIGHTS'] });
});

const ALL_BUT_INSIGHTS = SETTLEMENT_REPORTS;

const col = (tab: typeof ORDERS_TAB, key: string) => columnIndex(tab, key);
const value = (cell: XLSX.CellObject | undefined) => cell?.v ?? null;

describe('cjet import into a new workbook', () => {
  it('creates the tabs, writes typed cells, and a second import changes nothing', async () => {
    const book = join(dir, 'new.xlsx');
    const first = await cjetImport([...january, '--out', book, '--json']);
    expect(first.code).toBe(0);
    const firstSummary = summaryOf(first).summary;
    expect(firstSummary.tabs.orders.inserted).toBeGreaterThan(0);
    expect(firstSummary.tabs.fulfillment.inserted).toBeGreaterThan(0);
    expect(firstSummary.control.every((c) => c.match)).toBe(true);

    const wb = readBook(book);
    expect(wb.SheetNames).toEqual(
      expect.arrayContaining(['주문', '수수료', '풀필먼트비용', '가져오기 기록']),
    );
    const orders = grid(wb, '주문');
    const orderId = orders[1]?.[col(ORDERS_TAB, 'order_id')];
    expect(orderId?.t).toBe('s');
    expect(orders[1]?.[col(ORDERS_TAB, 'gross_sales')]).toMatchObject({ t: 'n', z: '#,##0' });
    expect(orders[1]?.[col(ORDERS_TAB, 'period_end')]).toMatchObject({ t: 'n', z: 'yyyy-mm-dd' });
    const log = grid(wb, '가져오기 기록');
    expect(log).toHaveLength(1 + january.length);
    expect(value(log[1]?.[columnIndex(LOG_TAB, 'sha256')])).toMatch(/^[0-9a-f]{64}$/);

    const second = summaryOf(await cjetImport([...january, '--out', book, '--json'])).summary;
    for (const tab of ['orders', 'fees', 'fulfillment'] as const) {
      expect(second.tabs[tab]).toMatchObject({ inserted: 0, updated: 0, removed: 0 });
      expect(second.tabs[tab]?.unchanged).toBe(firstSummary.tabs[tab]?.inserted);
    }
  });

  it('stores formula text results inline, as Excel does, so non-calculating readers see the text', async () => {
    const book = join(dir, 'inline.xlsx');
    expect((await cjetImport([...january, '--out', book])).code).toBe(0);
    const zip = XLSX.CFB.read(readFileSync(book), { type: 'buffer' });
    const feesIndex = readBook(book).SheetNames.indexOf('수수료') + 1;
    const entry = XLSX.CFB.find(zip, `/xl/worksheets/sheet${feesIndex}.xml`);
    const xml = new TextDecoder().decode(entry?.content as Uint8Array);
    expect(xml).toMatch(/t="str"><f\b[^>]*\/?>(?:[^<]*<\/f>)?<v>collected<\/v>/);
    expect(xml).not.toMatch(/t="s"><f\b/);
  });

  it('prints the per-tab summary Korean first; --dry-run writes nothing', async () => {
    const book = join(dir, 'dry.xlsx');
    const run = await cjetImport([...january, '--out', book, '--dry-run']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^미리보기/);
    expect(run.stdout).toMatch(/주문 Orders\s+\d/);
    expect(run.stdout).toContain('검증 합계 / control totals');
    expect(existsSync(book)).toBe(false);
  });

  it('exit 1 when a file is not recognised, and the good files are still written', async () => {
    const junk = join(dir, 'notes.csv');
    writeFileSync(junk, 'hello,world\n1,2\n');
    const book = join(dir, 'partial.xlsx');
    const run = await cjetImport([january[0]!, junk, '--out', book]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('notes.csv');
    expect(grid(readBook(book), '주문').length).toBeGreaterThan(1);
  });

  it('exit 2 on a usage error', async () => {
    expect((await cjetImport(january)).code).toBe(2);
    expect((await cjetImport([...january, '--out', join(dir, 'x.xlsx'), '--lang', 'fr'])).code).toBe(2);
  });
});

describe('what another program typed into the workbook survives a re-import', () => {
  it('an override, a user column, and sorted rows', async () => {
    const book = join(dir, 'edited.xlsx');
    expect((await cjetImport([...january, '--out', book])).code).toBe(0);

    const wb = readBook(book);
    const orders = grid(wb, '주문');
    const fees = grid(wb, '수수료');
    const width = ORDERS_TAB.columns.length;
    // A note column right of the Orders table, one note per line keyed by its line_key …
    orders[0]![width] = { t: 's', v: '메모' };
    for (let r = 1; r < orders.length; r++) orders[r]![width] = { t: 's', v: `note:${value(orders[r]![0])}` };
    // … then the data rows sorted descending by line key (the header stays on top).
    const sorted = orders.slice(1).sort((a, b) => String(value(b[0])).localeCompare(String(value(a[0]))));
    orders.splice(1, sorted.length, ...sorted);
    // An override typed on the first Fees line.
    const overrideColumn = columnIndex(FEES_TAB, 'commission_override');
    fees[1]![overrideColumn] = { t: 'n', v: 1234 };
    const overriddenKey = value(fees[1]![0]);
    const ws = wb.Sheets['주문']!;
    ws['!ref'] = `A1:${columnLetter(width + 1)}${orders.length}`;
    writeBook(book, wb);

    const run = summaryOf(await cjetImport([...january, '--out', book, '--json'])).summary;
    expect(run.tabs.orders).toMatchObject({ inserted: 0, updated: 0, removed: 0 });
    expect(run.tabs.fees).toMatchObject({ inserted: 0, updated: 0, removed: 0 });

    const after = readBook(book);
    const afterOrders = grid(after, '주문');
    expect(afterOrders).toHaveLength(orders.length);
    for (let r = 1; r < afterOrders.length; r++) {
      expect(value(afterOrders[r]![width])).toBe(`note:${value(afterOrders[r]![0])}`);
    }
    const afterFees = grid(after, '수수료');
    const row = afterFees.find((r) => value(r?.[0]) === overriddenKey)!;
    expect(value(row[overrideColumn])).toBe(1234);
    expect(value(row[columnIndex(FEES_TAB, 'effective_commission')])).toBe(1234);
    expect(value(row[columnIndex(FEES_TAB, 'commission_source')])).toBe('override');
  });
});

describe('the effective commission formulas, evaluated by a spreadsheet engine', () => {
  it('override › rule › collected › none, with the cached values the importer wrote', async () => {
    const book = join(dir, 'formulas.xlsx');
    expect((await cjetImport([...january, '--out', book])).code).toBe(0);
    expect((await cjetImport([...februaryInsights, '--out', book, '--period', FEBRUARY])).code).toBe(0);

    const wb = readBook(book);
    const fees = grid(wb, '수수료');
    const at = (key: string) => columnIndex(FEES_TAB, key);
    const v2Rows = fees.filter(
      (r, i) => i > 0 && value(r?.[at('mapping_version')]) === 'v2' && r?.[at('collected_total')],
    );
    const v1Rows = fees.filter((r, i) => i > 0 && value(r?.[at('mapping_version')]) === 'v1');
    expect(v2Rows.length).toBeGreaterThan(2);
    expect(v1Rows.length).toBeGreaterThan(1);
    const overrideRow = v2Rows[0]!;
    const collectedRow = v2Rows[1]!;
    const ruleRow = v1Rows[0]!;
    const noneRow = v1Rows.find((r) => value(r[at('category')]) !== value(ruleRow[at('category')]))!;
    expect(noneRow).toBeDefined();

    overrideRow[at('commission_override')] = { t: 'n', v: 999 };
    // Two rules for the rule row's category: the more recent valid_from wins.
    const settings = grid(wb, '수수료 설정');
    const category = String(value(ruleRow[at('category')]));
    // Typed into rows 2 and 3 (A..D), as a person would, next to the importer's helper columns.
    const typeRule = (row: number, rate: number, from: number) => {
      const cells = settings[row]!;
      cells[0] = { t: 's', v: 'category' };
      cells[1] = { t: 's', v: category };
      cells[2] = { t: 'n', v: rate };
      cells[3] = { t: 'n', v: from };
    };
    typeRule(1, 12, 45292);
    typeRule(2, 10.5, 45658);
    writeBook(book, wb);
    // Re-import: nothing changes in the data, and the cached values follow the user's entries.
    expect((await cjetImport([...january, '--out', book])).code).toBe(0);

    const final = readBook(book);
    const finalFees = grid(final, '수수료');
    const rowOf = (row: (XLSX.CellObject | undefined)[]) =>
      finalFees.findIndex((r) => value(r?.[0]) === value(row[0]));
    const rows = new Set([overrideRow, collectedRow, ruleRow, noneRow].map(rowOf));
    const hf = hyperFormulaOf(final, { sheet: '수수료', rows });
    const sheet = hf.getSheetId('수수료')!;
    const evaluated = (row: (XLSX.CellObject | undefined)[], key: string) =>
      hf.getCellValue({ sheet, row: rowOf(row), col: at(key) });
    const cached = (row: (XLSX.CellObject | undefined)[], key: string) =>
      value(finalFees[rowOf(row)]![at(key)]);

    expect(evaluated(overrideRow, 'commission_source')).toBe('override');
    expect(evaluated(overrideRow, 'effective_commission')).toBe(999);
    expect(evaluated(collectedRow, 'commission_source')).toBe('collected');
    expect(evaluated(collectedRow, 'effective_commission')).toBe(value(collectedRow[at('collected_total')]));
    const base = Number(value(ruleRow[at('commission_base')]));
    expect(evaluated(ruleRow, 'rule_rate')).toBe(10.5);
    expect(evaluated(ruleRow, 'commission_source')).toBe('rule');
    expect(evaluated(ruleRow, 'effective_commission')).toBe(Math.round(((base * 10.5) / 100) * 1.1));
    expect(evaluated(noneRow, 'commission_source')).toBe('none');
    expect(evaluated(noneRow, 'effective_commission')).toBe(0);
    for (const row of [overrideRow, collectedRow, ruleRow, noneRow]) {
      for (const key of ['effective_commission', 'commission_source']) {
        expect(cached(row, key)).toBe(evaluated(row, key));
      }
    }
    // Excel / LibreOffice recalculate on open, and the header rows are frozen.
    const zip = XLSX.CFB.read(readFileSync(book), { type: 'buffer' });
    const xml = (p: string) => new TextDecoder().decode(XLSX.CFB.find(zip, p)?.content as Uint8Array);
    expect(xml('/xl/workbook.xml')).toContain('fullCalcOnLoad="1"');
    expect(xml('/xl/worksheets/sheet1.xml')).toContain('state="frozen"');
    // The Fees formulas are stored once per column (Excel shared formulas) and read back per row.
    expect(xml('/xl/worksheets/sheet2.xml')).toMatch(/<f t="shared" ref="[A-Z]+2:[A-Z]+\d+" si="0">/);
    const override = columnLetter(at('commission_override') + 1);
    expect(finalFees[5]?.[at('effective_commission')]?.f).toContain(`$${override}6`);
  });
});

describe('the sample files in examples/', () => {
  it('`cjet import examples/*.xlsx examples/*.csv` writes each order line once, totals as in truth.json', async () => {
    const names = readdirSync('examples').filter((n) => /\.(xlsx|csv)$/.test(n));
    const truth = JSON.parse(readFileSync('examples/truth.json', 'utf8'));
    const book = join(dir, 'examples.xlsx');
    const run = await cjetImport([
      ...names.map((n) => join('examples', n)),
      '--out',
      book,
      '--period',
      `${truth.period.start}..${truth.period.end}`,
      '--json',
    ]);
    expect(run.code).toBe(0);
    const orders = grid(readBook(book), '주문').slice(1);
    const categoryTr = Object.values(truth.files).find(
      (f) => (f as { report: string }).report === 'CATEGORY_TR',
    ) as {
      orders: { lines: number; gross_sales: number };
    };
    expect(orders).toHaveLength(categoryTr.orders.lines);
    const gross = orders.reduce((n, r) => n + Number(value(r[col(ORDERS_TAB, 'gross_sales')])), 0);
    expect(gross).toBe(categoryTr.orders.gross_sales);
    expect(summaryOf(run).summary.control.every((c) => c.match)).toBe(true);
  });
});
