/**
 * How a refresh treats the rows of a summary tab (DESIGN-F.md "Rows, keys and what survives"): rows
 * matched by key whatever their order, a row whose key is gone removed unless it holds what the user
 * typed, total rows kept last, labels in the import's language, the user's holiday list respected,
 * and source rows no summary row can hold reported and shown ✗ by the total row.
 */

import type * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import { FEES_TAB, FULFILLMENT_TAB, ORDERS_TAB, PROBLEMS_TAB } from '../../src/core/model/tabs';
import { HOLIDAYS_TAB, MONTH_CLOSE, PAYOUTS_TAB_DEF, TAX_INVOICES } from '../../src/core/summary/tabs';
import { isoToSerial, serialToIso } from '../../src/core/util/dates';
import { evaluateInHyperFormula, fromXlsx } from '../engines';
import { FEES, FULFILLMENT, ORDERS } from './dataset';
import {
  columnOf,
  deleteRowsWhere,
  findRow,
  gridOf,
  importRecords,
  readBook,
  recordsOf,
  typeCell,
  writeBook,
} from './workbook';

const CLOSE = MONTH_CLOSE.tab.ko;
const WIDTH = MONTH_CLOSE.tab.columns.length;
const all = { orders: ORDERS, fees: FEES, fulfillment: FULFILLMENT };
const inJanuary = (d: string | null) => d !== null && d <= '2026-01-31';
const january = {
  orders: ORDERS.filter((o) => inJanuary(o.period_end)),
  fees: FEES.filter((f) => inJanuary(f.period_end)),
  fulfillment: FULFILLMENT.filter((f) => inJanuary(f.period_end)),
};
const none = { orders: [], fees: [], fulfillment: [] };

/** Key cells of the 월마감 data rows as shown: `YYYY-MM 과세유형 구분`. */
function closeKeys(bytes: Uint8Array): string[] {
  return gridOf(readBook(bytes), CLOSE)
    .slice(1)
    .map((row) => {
      const month = row?.[0]?.v;
      return `${typeof month === 'number' ? serialToIso(month)?.slice(0, 7) : month} ${row?.[1]?.v ?? ''} ${row?.[2]?.v ?? ''}`.trim();
    });
}

describe('rows are matched by key', () => {
  it('keeps a sorted tab in the user’s order, each note beside its row, formulas on their own row', async () => {
    const first = (await importRecords(null, all)).bytes;
    const book = readBook(first);
    const grid = gridOf(book, CLOSE);
    const data = grid.slice(1, 9);
    // The user sorts the 8 data rows backwards and writes a note right of each.
    data.reverse();
    data.forEach((row, i) => {
      grid[i + 1] = row;
    });
    data.forEach((row, i) => {
      typeCell(book, CLOSE, i + 1, WIDTH, { t: 's', v: `note ${String(row?.[0]?.v)} ${row?.[1]?.v}` });
    });
    const before = closeKeys(writeBook(book));
    const after = (await importRecords(writeBook(book), all)).bytes;
    expect(closeKeys(after)).toEqual(before);
    const again = gridOf(readBook(after), CLOSE);
    for (let r = 1; r <= 8; r++) {
      const row = again[r]!;
      expect(row[WIDTH]?.v).toBe(`note ${String(row[0]?.v)} ${row[1]?.v}`);
      // Every formula names its own row's key cells (a term the row's keys rule out is a plain 0).
      const formulas = row.map((cell) => cell?.f).filter((f): f is string => typeof f === 'string');
      expect(formulas.some((f) => f.includes(`$A${r + 1},`))).toBe(true);
      const keyRows = formulas.flatMap((f) => [...f.matchAll(/\$A(\d+)\b/g)].map((m) => Number(m[1])));
      expect(new Set(keyRows)).toEqual(new Set([r + 1]));
    }
  });

  it('appends new months above the total rows, which stay last; a note on a total row is kept in a problem row', async () => {
    const first = (await importRecords(null, january)).bytes;
    expect(closeKeys(first)).toEqual([
      '2025-12 미상 추정',
      '2026-01 과세 확정',
      '2026-01 면세 확정',
      '2026-01 공통 확정',
      '합계  확정',
      '합계  추정',
    ]);
    const book = readBook(first);
    typeCell(book, CLOSE, 5, WIDTH, { t: 's', v: '합계 확인함' });
    const next = await importRecords(writeBook(book), all);
    expect(closeKeys(next.bytes)).toEqual([
      '2025-12 미상 추정',
      '2026-01 과세 확정',
      '2026-01 면세 확정',
      '2026-01 공통 확정',
      '2026-02 과세 확정',
      '2026-02 면세 확정',
      '2026-02 공통 확정',
      '2026-03 공통 확정',
      '합계  확정',
      '합계  추정',
    ]);
    const moved = next.refresh.problems.filter((p) => p.code === 'SUMMARY_TOTAL_ROW_MOVED');
    expect(moved).toHaveLength(1);
    expect(moved[0]?.message).toContain('합계 확인함');
    const problems = gridOf(readBook(next.bytes), PROBLEMS_TAB.ko);
    expect(problems.some((row) => row?.[6]?.v === 'SUMMARY_TOTAL_ROW_MOVED')).toBe(true);
  });

  it('a total row already last is rewritten in place, keeping what the user typed beside it', async () => {
    const first = (await importRecords(null, all)).bytes;
    const book = readBook(first);
    const last = closeKeys(first).length;
    typeCell(book, CLOSE, last, WIDTH, { t: 's', v: '추정 합계 메모' });
    const next = await importRecords(writeBook(book), all);
    expect(gridOf(readBook(next.bytes), CLOSE)[last]?.[WIDTH]?.v).toBe('추정 합계 메모');
    expect(next.refresh.problems).toEqual([
      expect.objectContaining({ code: 'PAYOUT_DATE_UNKNOWN' }), // the 미지정 line of dataset.ts
    ]);
  });
});

describe('a key that is gone', () => {
  it('removes its row unless the user typed on it; a kept row shows 0 and a problem row says why', async () => {
    const first = (await importRecords(null, all)).bytes;
    const book = readBook(first);
    // The 2026-02 CFS invoice row gets a memo; then every February row is deleted from the data tabs.
    const invoices = gridOf(book, TAX_INVOICES.tab.ko);
    const cfsRow = findRow(invoices, { 0: '2026-02', 1: 'CFS' });
    typeCell(book, TAX_INVOICES.tab.ko, cfsRow, columnOf(TAX_INVOICES.tab, 'memo'), {
      t: 's',
      v: '2월 CFS 확인',
    });
    const afterJanuary = (c: number) => (row: (XLSX.CellObject | undefined)[]) =>
      typeof row[c]?.v === 'number' && (row[c]!.v as number) > isoToSerial('2026-01-31');
    for (const tab of [ORDERS_TAB, FEES_TAB, FULFILLMENT_TAB]) {
      deleteRowsWhere(book, tab.ko, afterJanuary(columnOf(tab, 'period_end')));
    }
    const next = await importRecords(writeBook(book), none);
    const rows = gridOf(readBook(next.bytes), TAX_INVOICES.tab.ko)
      .slice(1)
      .map((r) => [r?.[0]?.v, r?.[1]?.v, r?.[2]?.v, r?.[8]?.v]);
    expect(rows).toEqual([
      ['2026-01', '판매수수료', expect.any(Number), undefined],
      ['2026-01', 'CFS', expect.any(Number), undefined],
      ['2026-02', 'CFS', 0, '2월 CFS 확인'],
      ['합계', '판매수수료', expect.any(Number), undefined],
      ['합계', 'CFS', expect.any(Number), undefined],
    ]);
    const kept = next.refresh.problems.filter((p) => p.code === 'SUMMARY_ROW_KEPT');
    expect(kept).toHaveLength(1);
    expect(kept[0]?.message).toContain('2월 CFS 확인');
    expect(closeKeys(next.bytes).filter((k) => k.startsWith('2026-02'))).toEqual([]);
  });
});

describe('a row the user adds inside the table', () => {
  it('stays, without formulas (its keys are blank), and the totals move below it', async () => {
    const first = (await importRecords(null, all)).bytes;
    const book = readBook(first);
    const invoices = gridOf(book, TAX_INVOICES.tab.ko);
    const below = invoices.length;
    typeCell(book, TAX_INVOICES.tab.ko, below, columnOf(TAX_INVOICES.tab, 'memo'), {
      t: 's',
      v: '3월분 대기',
    });
    const next = await importRecords(writeBook(book), all);
    const grid = gridOf(readBook(next.bytes), TAX_INVOICES.tab.ko);
    const memo = columnOf(TAX_INVOICES.tab, 'memo');
    const r = grid.findIndex((row) => row?.[memo]?.v === '3월분 대기');
    expect(r).toBeGreaterThan(0);
    expect(grid[r]!.filter((cell) => cell?.f)).toEqual([]);
    expect(grid.slice(r + 1).map((row) => row?.[0]?.v)).toEqual(['합계', '합계']);
    expect(next.refresh.problems.map((p) => p.code)).toContain('SUMMARY_ROW_KEPT');
    const values = evaluateInHyperFormula(fromXlsx(readBook(next.bytes)));
    const rows = recordsOf(values, TAX_INVOICES.tab.ko);
    expect(rows.filter((row) => Object.values(row).some((v) => typeof v === 'object' && v !== null))).toEqual(
      [],
    );
    expect(rows.filter((row) => row.발행월 === '합계').map((row) => row.검증)).toEqual(['✓', '✓']);
  });
});

describe('language', () => {
  it('an English import relabels the keys of the same rows and writes English words into the formulas', async () => {
    const first = (await importRecords(null, all, 'ko')).bytes;
    const next = (await importRecords(first, all, 'en')).bytes;
    expect(closeKeys(next)).toEqual(
      closeKeys(first).map((k) =>
        k
          .replace('미상', 'unknown')
          .replace('공통', 'common')
          .replace('확정', 'confirmed')
          .replace('추정', 'estimated')
          .replace('합계', 'Total'),
      ),
    );
    const grid = gridOf(readBook(next), CLOSE);
    expect(grid[0]?.[0]?.v).toBe('Month');
    expect(grid[1]?.[columnOf(MONTH_CLOSE.tab, 'gross_sales')]?.f).toContain('"estimated","v1"');
    // Still evaluates: the criteria follow the labels.
    const values = evaluateInHyperFormula(fromXlsx(readBook(next)));
    expect(recordsOf(values, CLOSE).map((r) => r.Check)).toEqual(new Array(10).fill('✓'));
  });
});

describe('the 휴일 tab is the user’s', () => {
  it('a removed day stays removed and moves the payout date; a text cell is reported, a new year counted', async () => {
    const first = (await importRecords(null, all)).bytes;
    const book = readBook(first);
    const grid = gridOf(book, HOLIDAYS_TAB.ko);
    // Remove 2026-03-02 (대체공휴일), add a 2028 day and a typo.
    const r = findRow(grid, { 0: isoToSerial('2026-03-02') });
    grid.splice(r, 1);
    typeCell(book, HOLIDAYS_TAB.ko, grid.length, 0, {
      t: 'n',
      v: isoToSerial('2028-01-26'),
      z: 'yyyy-mm-dd',
    });
    typeCell(book, HOLIDAYS_TAB.ko, grid.length, 0, { t: 's', v: '설날' });
    const next = await importRecords(writeBook(book), all);
    const holidays = gridOf(readBook(next.bytes), HOLIDAYS_TAB.ko).slice(1);
    expect(holidays.some((row) => row?.[0]?.v === isoToSerial('2026-03-02'))).toBe(false);
    expect(next.refresh.holidays.added).toBe(0);
    expect(next.refresh.problems.filter((p) => p.code === 'HOLIDAY_UNREADABLE')).toEqual([
      expect.objectContaining({ value: '설날', row: holidays.length + 1 }),
    ]);
    // The 2nd payment of the week ending 01-25: the first business day of March is now 03-02.
    const payouts = gridOf(readBook(next.bytes), PAYOUTS_TAB_DEF.ko);
    const line = findRow(payouts, { 0: '주정산', 1: isoToSerial('2026-01-25') });
    expect(payouts[line]?.[columnOf(PAYOUTS_TAB_DEF, 'second_date')]?.v).toBe(isoToSerial('2026-03-02'));
  });
});

describe('rows no summary row can hold', () => {
  it('are reported, and the total row’s check shows them ✗ with the amount, in TypeScript and in the formula', async () => {
    const odd = {
      ...ORDERS[0]!,
      line_key: 'odd',
      order_id: '9999',
      tax_type: '과세*',
      gross_sales: 1_234,
      seller_coupon: 0,
    };
    const result = await importRecords(null, {
      orders: [...ORDERS, odd],
      fees: FEES,
      fulfillment: FULFILLMENT,
    });
    expect(result.refresh.problems.filter((p) => p.code === 'SUMMARY_ROWS_UNPLACED')).toEqual([
      expect.objectContaining({ message: expect.stringContaining('odd') }),
    ]);
    const closeRows = result.refresh.tabs[0]!.rows;
    expect(closeRows.some((r) => r.keys.tax_type === '과세*')).toBe(false);
    const values = evaluateInHyperFormula(fromXlsx(readBook(result.bytes)));
    const total = recordsOf(values, CLOSE).find((r) => r.귀속월 === '합계' && r.구분 === '확정')!;
    expect(total.검증).toMatch(/^✗ 판매액 -1234 /);
    const cached = gridOf(readBook(result.bytes), CLOSE).find(
      (row) => row?.[0]?.v === '합계' && row[2]?.v === '확정',
    );
    expect(cached?.[columnOf(MONTH_CLOSE.tab, 'check')]?.v).toBe(total.검증);
  });
});
