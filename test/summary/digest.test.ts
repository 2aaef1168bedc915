/**
 * `cjet import` computes the summaries from the normalized rows added up by group (digest.ts). The
 * figures must be those of the rows one by one: the truths here are sums worked out in the test from
 * the records, and names and line keys chosen by hand.
 */
import { describe, expect, it } from 'vitest';
import { recordToRow } from '../../src/core/merge/cells';
import type { OrderRecord } from '../../src/core/model/records';
import { FEES_TAB, ORDERS_TAB } from '../../src/core/model/tabs';
import { digestedSources } from '../../src/core/summary/digest';
import { sourceColumnIndex } from '../../src/core/summary/formula';
import { PROFIT } from '../../src/core/summary/profit';
import { sourcesFrom } from '../../src/core/summary/sources';
import { MONTH_CLOSE } from '../../src/core/summary/tabs';
import { feeFor, v2Order } from '../merge/records';
import { expectedCloseRow, FEES, FULFILLMENT, ORDERS } from './dataset';
import { columnOf, gridOf, importRecords, readBook, writeBook } from './workbook';

/** Order lines of one option and day that differ only in their order ID and money. */
function sameDay(count: number, option: string, day: string, price: number): OrderRecord[] {
  return Array.from({ length: count }, (_, i) =>
    v2Order(`${option}${day.replace(/-/g, '')}${i}`, option, '2026-01-31', {
      recognition_date: day,
      paid_date: day,
      unit_price: price + i,
      gross_sales: price + i,
      payment_amount: price + i,
      settlement_amount: price + i - 1_000,
    }),
  );
}

function sourcesOf(orders: OrderRecord[]) {
  return sourcesFrom(
    {
      orders: orders.map((o) => recordToRow(ORDERS_TAB, o)),
      fees: orders.map((o) => recordToRow(FEES_TAB, feeFor(o))),
      fulfillment: [],
    },
    [],
  );
}

describe('the summaries’ sources added up by group', () => {
  it('lines of one option and day become one row whose money is their sum; other options and days stay apart', () => {
    const orders = [
      ...sameDay(5, '801', '2026-01-10', 10_000),
      ...sameDay(3, '802', '2026-01-10', 20_000),
      ...sameDay(2, '801', '2026-01-11', 30_000),
    ];
    const digested = digestedSources(sourcesOf(orders));
    // Three (option, day) pairs, worked out from the list above.
    expect(digested.orders).toHaveLength(3);
    const gross = sourceColumnIndex('orders', 'gross_sales');
    const byOption = (rows: readonly (readonly unknown[])[], option: string) =>
      rows.filter((r) => r[sourceColumnIndex('orders', 'option_id')] === option);
    // 5 × 10,000 + (0+1+2+3+4) and 2 × 30,000 + 1, by hand.
    expect(byOption(digested.orders, '801').map((r) => r[gross])).toEqual([50_010, 60_001]);
    expect(byOption(digested.orders, '802').map((r) => r[gross])).toEqual([60_003]);
    const total = orders.reduce((t, o) => t + (o.gross_sales ?? 0), 0);
    expect(digested.orders.reduce((t, r) => t + (r[gross] as number), 0)).toBe(total);
  });

  it('rows no summary can place are kept one by one, so the problem names every line key', async () => {
    const odd = (key: string, amount: number): OrderRecord => ({
      ...v2Order(key, '803', '2026-01-31', { gross_sales: amount }),
      line_key: key,
      tax_type: '과세*',
    });
    const result = await importRecords(null, {
      orders: [...sameDay(2, '801', '2026-01-10', 10_000), odd('odd-1', 1_000), odd('odd-2', 234)],
      fees: [],
      fulfillment: [],
    });
    const problems = result.refresh.problems.filter((p) => p.code === 'SUMMARY_ROWS_UNPLACED');
    expect(problems.length).toBeGreaterThan(0);
    for (const p of problems) {
      expect(p.message).toContain('odd-1');
      expect(p.message).toContain('odd-2');
    }
    // Both lines' money (1,000 + 234) is missing from the months and shows on the total's check.
    const total = gridOf(readBook(result.bytes), MONTH_CLOSE.tab.ko).find(
      (row) => row?.[0]?.v === '합계' && row[2]?.v === '확정',
    );
    expect(total?.[columnOf(MONTH_CLOSE.tab, 'check')]?.v).toMatch(/^✗ 판매액 -1234 /);
  });

  it('an option’s name is its latest line’s; lines of one day with two names: the one that sorts last, in any row order', async () => {
    const named = (id: string, name: string, day: string) =>
      v2Order(id, '804', '2026-01-31', { recognition_date: day, paid_date: day, product_name: name });
    const lines = [
      named('1', '상품 가', '2026-01-05'),
      named('2', '상품 나', '2026-01-20'),
      named('3', '상품 다', '2026-01-20'),
      named('4', '상품 나', '2026-01-20'),
    ];
    for (const orders of [lines, [...lines].reverse()]) {
      const result = await importRecords(null, {
        orders,
        fees: orders.map((o) => feeFor(o)),
        fulfillment: [],
      });
      const profit = result.refresh.tabs.find((t) => t.id === PROFIT.tab.id)!;
      const row = profit.rows.find((r) => r.keys.option_id === '804')!;
      expect(row.values.get('product_name')).toBe('상품 다');
    }
  });

  it('a user who sorted the Orders tab backwards (saved by another program) changes no figure', async () => {
    const records = { orders: ORDERS, fees: FEES, fulfillment: FULFILLMENT };
    const book = readBook((await importRecords(null, records)).bytes);
    const grid = gridOf(book, ORDERS_TAB.ko);
    const last = grid.at(-1)?.[0]?.v;
    grid.splice(1, grid.length - 1, ...grid.slice(1).reverse());
    expect(gridOf(readBook(writeBook(book)), ORDERS_TAB.ko)[1]?.[0]?.v).toBe(last);
    const again = await importRecords(writeBook(book), records);
    // Nothing doubled, nothing lost: the tab still holds one row per line.
    expect(gridOf(readBook(again.bytes), ORDERS_TAB.ko)).toHaveLength(ORDERS.length + 1);
    const close = again.refresh.tabs[0]!.rows;
    for (const [month, tax] of [
      ['2026-01', '과세'],
      ['2026-01', '면세'],
      ['2026-02', '과세'],
      ['2026-02', '면세'],
    ] as const) {
      // The dataset's sums over its records, with plain loops (dataset.ts).
      const want = expectedCloseRow(month, tax, 'v2');
      const row = close.find(
        (r) => r.keys.month === `${month}-01` && r.keys.tax_type === tax && r.keys.basis === 'v2',
      )!;
      expect([row.values.get('gross_sales'), row.values.get('supply_total')]).toEqual([
        want.gross,
        want.supplyTotal,
      ]);
      expect(row.values.get('check')).toBe('✓');
    }
  });
});
