/**
 * "Explain this number" (the base issue #12 builds on): the rows it selects for a cell are exactly
 * the records the test picks by hand, and their count and Σ are the cell's value.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { XlsxWorkbookPort } from '../../src/cli/workbook/xlsx-port';
import { listedHolidayCalendar } from '../../src/core/close/holidays';
import type { Sources } from '../../src/core/summary/evaluate';
import { explainCell } from '../../src/core/summary/explain';
import { readSources } from '../../src/core/summary/sources';
import { MONTH_CLOSE, PAYOUTS_TAB_DEF, payoutsTab } from '../../src/core/summary/tabs';
import { expectedCloseRow, expectedPayout, FEES, FULFILLMENT, ORDERS } from './dataset';
import { importRecords } from './workbook';

let sources: Sources;
let closeKeys: Record<string, string>[];
let payoutKeys: Record<string, string>[];

beforeAll(async () => {
  const { bytes, refresh } = await importRecords(null, {
    orders: ORDERS,
    fees: FEES,
    fulfillment: FULFILLMENT,
  });
  sources = readSources(await XlsxWorkbookPort.load(bytes, 'ko'));
  closeKeys = refresh.tabs[0]!.rows.map((r) => ({ ...r.keys }));
  payoutKeys = refresh.tabs[2]!.rows.map((r) => ({ ...r.keys }));
  expect(PAYOUTS_TAB_DEF.id).toBe('payouts');
});

describe('explain a 월마감 cell', () => {
  it('판매액 of January 과세 (확정): the orders recognised in January with tax type 과세, and nothing else', async () => {
    const keys = { month: '2026-01-01', tax_type: '과세', basis: 'v2' };
    const e = explainCell(MONTH_CLOSE.def, sources, closeKeys, keys, 'gross_sales', 'ko');
    const picked = ORDERS.filter(
      (o) =>
        o.mapping_version === 'v2' &&
        o.tax_type === '과세' &&
        (o.recognition_date ?? o.period_end)!.startsWith('2026-01'),
    );
    expect(e.terms).toHaveLength(1);
    expect(e.terms[0]!.lineKeys.sort()).toEqual(picked.map((o) => o.line_key).sort());
    expect(e.terms[0]!.total).toBe(expectedCloseRow('2026-01', '과세', 'v2').gross);
    expect(e.value).toBe(e.terms[0]!.total);
    expect(e.terms[0]!.filter).toBe(
      '매출인식일(비어 있으면 기간 종료)이 2026-01 · 과세유형 = 과세 · 매핑 버전 = v2',
    );
    expect(e.meaning).toContain('판매액');
  });

  it('공급대가 is explained as an expression over the row', async () => {
    const keys = { month: '2026-02-01', tax_type: '과세', basis: 'v2' };
    const e = explainCell(MONTH_CLOSE.def, sources, closeKeys, keys, 'supply_total', 'en');
    expect(e.formula).toBe('Gross sales − (Seller coupon)');
    expect(e.value).toBe(expectedCloseRow('2026-02', '과세', 'v2').supplyTotal);
  });

  it('재고손실보상 of February: the compensation lines by period end (no 매출인식일), shown positive', async () => {
    const keys = { month: '2026-02-01', tax_type: '@common', basis: 'v2' };
    const e = explainCell(MONTH_CLOSE.def, sources, closeKeys, keys, 'compensation', 'ko');
    expect(e.terms[0]!.lineKeys).toEqual(['TEST|F6']);
    expect(e.terms[0]!.sign).toBe(-1);
    expect(e.value).toBe(7_000);
  });
});

describe('explain a 정산 지급 cell', () => {
  const payouts = () => payoutsTab(listedHolidayCalendar([]));

  it('재고손실보상 of the week ending 01-25: the compensation without 정산유형 of that period', async () => {
    const keys = { cycle: '주정산', period_end: '2026-01-25' };
    const e = explainCell(payouts().def, sources, payoutKeys, keys, 'compensation', 'ko');
    expect(e.terms[0]!.lineKeys).toEqual(['TEST|F5']);
    expect(e.value).toBe(expectedPayout('주정산', '2026-01-25').compensation);
  });

  it('지급 예정액: its inline commission terms select the line’s Fees rows', async () => {
    const keys = { cycle: '주정산', period_end: '2026-01-31' };
    const e = explainCell(payouts().def, sources, payoutKeys, keys, 'expected', 'ko');
    const fees = FEES.filter((f) => f.settlement_cycle === '주정산' && f.period_end === '2026-01-31').map(
      (f) => f.line_key,
    );
    expect(e.terms.map((t) => [t.source, t.sign])).toEqual([
      ['fees', 1],
      ['fees', -1],
    ]);
    for (const term of e.terms) expect(term.lineKeys.sort()).toEqual([...fees].sort());
    // No override or rule typed in this workbook: effective = collected, the adjustment is 0.
    expect(e.terms[0]!.total + e.terms[1]!.total).toBe(0);
    const line = expectedPayout('주정산', '2026-01-31');
    expect(e.value).toBe(line.settlement - line.cfs + line.compensation);
  });
});
