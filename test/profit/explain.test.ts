/**
 * "이 숫자 설명" on the 옵션별 손익 tab of a saved workbook (through the .xlsx port): the rows it lists
 * are exactly the records the test picks by hand, their Σ is the cell, and the cell is the figure the
 * test computes from the records (dataset.ts).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { XlsxWorkbookPort } from '../../src/cli/workbook/xlsx-port';
import type { ExplainView } from '../../src/core/model/explain';
import { explainAt, readSummaryContext, type SummaryContext } from '../../src/core/summary/explain-context';
import { PROFIT } from '../../src/core/summary/profit';
import { MONTH_CLOSE } from '../../src/core/summary/tabs';
import { gridOf, importRecords, readBook } from '../summary/workbook';
import { expectedProfit, FEES, FULFILLMENT, ORDERS } from './dataset';
import { PROFIT_SHEET, typeUserInput } from './workbook';

let port: XlsxWorkbookPort;
let context: SummaryContext;
let grid: ReturnType<typeof gridOf>;
const records = { orders: ORDERS, fees: FEES, fulfillment: FULFILLMENT };

beforeAll(() => {
  const first = importRecords(null, records);
  const second = importRecords(typeUserInput(first.bytes), records);
  port = XlsxWorkbookPort.load(second.bytes, 'ko');
  context = readSummaryContext(port);
  grid = gridOf(readBook(second.bytes), PROFIT_SHEET);
});

/** Sheet row of the 옵션별 손익 row of a month and option ('' = 미배정). */
function sheetRow(month: string, option: string): number {
  const serial = Math.round(
    Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1, 1) / 86_400_000 + 25_569,
  );
  const r = grid.findIndex(
    (row, i) => i > 0 && row?.[0]?.v === serial && row?.[1]?.v === (option === '' ? '미배정' : option),
  );
  expect(r).toBeGreaterThan(0);
  return r + 1;
}
const columnOf = (key: string) => PROFIT.tab.columns.findIndex((c) => c.key === key) + 1;

function explain(month: string, option: string, key: string): ExplainView {
  const view = explainAt(port, context, 'profit', sheetRow(month, option), columnOf(key));
  if (!view.ok) throw new Error(view.message);
  return view;
}

describe('explain a 옵션별 손익 cell', () => {
  it('공헌이익 of 701 in January: every contributing row, signed, adds up to the cell', () => {
    const view = explain('2026-01', '701', 'contribution');
    const want = expectedProfit('2026-01', '701');
    expect(view.value).toBe(want.contribution);
    expect(view.linear).toBe(true);
    expect(view.total).toBe(want.contribution);
    expect(view.equal).toBe(true);
    expect(view.rows.reduce((t, r) => t + r.amount, 0)).toBe(want.contribution);
    expect(view.more).toBe(0);
    // The order lines of 701 recognised in January (4: three sales and a cancellation), counted twice
    // (판매액 and 판매자할인쿠폰), their Fees rows, the two charges and the helper's days.
    const orders = ORDERS.filter(
      (o) => o.mapping_version === 'v2' && o.option_id === '701' && o.recognition_date!.startsWith('2026-01'),
    ).map((o) => o.line_key);
    const listed = (source: string) => [
      ...new Set(view.rows.filter((r) => r.source === source).map((r) => r.lineKey)),
    ];
    expect(listed('orders').sort()).toEqual([...orders].sort());
    expect(listed('fees').sort()).toEqual([...orders].sort());
    expect(listed('fulfillment').sort()).toEqual(['PROFIT|1', 'PROFIT|2', 'PROFIT|3']);
    expect(view.rows.filter((r) => r.source === 'cost_days').map((r) => r.keys!.day)).toEqual([
      '2026-01-10',
      '2026-01-15',
      '2026-01-16',
      '2026-01-20',
    ]);
    expect(view.keys).toEqual([
      { label: '월', value: '2026-01' },
      { label: '옵션ID', value: '701' },
    ]);
  });

  it('원가 of 705: one helper row, rounded per day; its rows point at the 원가 계산 tab', () => {
    const view = explain('2026-02', '705', 'cost');
    expect(view.value).toBe(1_001);
    expect(view.rows).toHaveLength(1);
    expect(view.rows[0]).toMatchObject({ source: 'cost_days', tab: '원가 계산', amount: 1_001 });
    expect(view.rows[0]!.cells).toEqual(['2026-02-20', '3', '333.5']);
    expect(view.terms[0]!.filter).toContain('2026-02');
  });

  it('the 미배정 row’s 기타 CFS lists the box of several products', () => {
    const view = explain('2026-02', '', 'other_cfs');
    expect(view.rows.map((r) => r.lineKey)).toEqual(['PROFIT|10']);
    expect(view.rows[0]!.cells).toContain('여러 상품 (P701, P702)');
    expect(view.value).toBe(expectedProfit('2026-02', '').otherCfs);
  });

  it('a rate is explained in words, without pretending its rows add up to it', () => {
    const view = explain('2026-01', '701', 'margin');
    expect(view.linear).toBe(false);
    expect(view.equal).toBe(false);
    expect(view.formula).toBe('공헌이익 ÷ 공급대가');
  });

  it('refuses a key cell, the header and the total row, saying why', () => {
    const key = explainAt(port, context, 'profit', sheetRow('2026-01', '701'), 2);
    expect(key).toMatchObject({ ok: false, reason: 'not-a-figure' });
    expect(explainAt(port, context, 'profit', 1, 5)).toMatchObject({ ok: false, reason: 'header' });
    expect(explainAt(port, context, 'profit', grid.length, 5)).toMatchObject({
      ok: false,
      reason: 'total-row',
    });
  });

  it('월마감 cells are explained the same way', () => {
    const close = gridOf(readBook(port.save()), MONTH_CLOSE.tab.ko);
    const row = close.findIndex((r, i) => i > 0 && r?.[1]?.v === '과세') + 1;
    const view = explainAt(port, context, 'month_close', row, 6);
    expect(view.ok).toBe(true);
    if (view.ok) {
      expect(view.label).toBe('공급대가');
      expect(view.total).toBe(view.value);
      expect(view.equal).toBe(true);
    }
  });
});
