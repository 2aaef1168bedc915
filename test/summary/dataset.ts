/**
 * A hand-built ledger for the month-close tests: two months of 2026 and a v1 December 2025, a week
 * crossing the January/February month end (two 주정산 lines sharing Sunday 02-01), a whole week, a
 * 월정산 line, 과세 and 면세 lines, a cancellation, a v2 line without 매출인식일, CFS charges (one without
 * 매출인식일), inventory compensation without 정산유형 (two periods with a line, one without), and the
 * user's input: commission overrides, a commission rule, 홈택스 figures, an amount received.
 *
 * Expected figures are computed HERE from these records with plain loops (never by src/core/summary);
 * payout dates are worked out by hand from the gazette's 2026 holidays.
 */
import { feeForOrder } from '../../src/core/map/fees';
import type { FeeRecord, FulfillmentRecord, OrderRecord } from '../../src/core/model/records';
import { deliveryFee, v1Order, v2Order } from '../merge/records';

const order = (
  id: string,
  option: string,
  cycle: '주정산' | '월정산',
  end: string,
  o: Partial<OrderRecord>,
): OrderRecord =>
  v2Order(id, option, end, {
    settlement_cycle: cycle,
    paid_date: o.recognition_date ?? end,
    ...o,
  });

export const ORDERS: OrderRecord[] = [
  // Whole week Mon 01-19 .. Sun 01-25.
  order('9001', '501', '주정산', '2026-01-25', {
    recognition_date: '2026-01-20',
    tax_type: '과세',
    quantity: 2,
    unit_price: 50_000,
    gross_sales: 100_000,
    coupang_discount: 3_000,
    seller_coupon: 5_000,
    instant_coupon: 5_000,
    payment_amount: 92_000,
    settlement_amount: 84_000,
  }),
  order('9002', '502', '주정산', '2026-01-25', {
    recognition_date: '2026-01-22',
    tax_type: '면세',
    gross_sales: 30_000,
    unit_price: 30_000,
    payment_amount: 30_000,
    settlement_amount: 27_000,
  }),
  // The week Mon 01-26 .. Sun 02-01 split at the month end: lines ending 01-31 and 02-01.
  order('9003', '501', '주정산', '2026-01-31', {
    transaction: 'cancel',
    recognition_date: '2026-01-28',
    tax_type: '과세',
    quantity: -1,
    gross_sales: -50_000,
    seller_coupon: -2_500,
    instant_coupon: -2_500,
    payment_amount: -47_500,
    settlement_amount: -43_000,
  }),
  order('9004', '503', '주정산', '2026-01-31', {
    recognition_date: '2026-01-30',
    tax_type: '과세',
    gross_sales: 77_777,
    unit_price: 77_777,
    payment_amount: 77_777,
    settlement_amount: 70_000,
  }),
  order('9005', '504', '주정산', '2026-02-01', {
    recognition_date: '2026-02-01',
    tax_type: '과세',
    gross_sales: 55_000,
    unit_price: 55_000,
    seller_coupon: 1_000,
    download_coupon: 1_000,
    payment_amount: 54_000,
    settlement_amount: 48_000,
  }),
  // A 월정산 line.
  order('9006', '505', '월정산', '2026-02-28', {
    recognition_date: '2026-02-10',
    tax_type: '면세',
    gross_sales: 42_000,
    unit_price: 42_000,
    payment_amount: 42_000,
    settlement_amount: 38_000,
  }),
  order('9007', '506', '월정산', '2026-02-28', {
    recognition_date: '2026-02-20',
    tax_type: '과세',
    gross_sales: 123_456,
    unit_price: 123_456,
    coupang_discount: 456,
    seller_coupon: 3_000,
    instant_coupon: 3_000,
    payment_amount: 120_000,
    settlement_amount: 110_000,
  }),
  // No 매출인식일: its month is the period end's.
  order('9008', '507', '월정산', '2026-02-28', {
    recognition_date: null,
    tax_type: '과세',
    gross_sales: 10_000,
    payment_amount: 10_000,
    settlement_amount: 9_000,
  }),
  // v1 (판매분석) December 2025: no tax type, no coupons, estimated.
  v1Order('601', '2025-12-01', '2025-12-31', {
    gross_sales: 200_000,
    payment_amount: 200_000,
    quantity: 4,
    tax_type: null,
  }),
  v1Order('602', '2025-12-01', '2025-12-31', {
    transaction: 'cancel',
    gross_sales: -20_000,
    payment_amount: -20_000,
    quantity: -1,
    tax_type: null,
  }),
];

/** Collected commission per order: 10.8 % of (판매액 − 판매자할인쿠폰), VAT 10 % (v1: none). */
export function collectedOf(o: OrderRecord): { commission: number; vat: number } | null {
  if (o.mapping_version === 'v1') return null;
  const commission = Math.round(((o.gross_sales - o.seller_coupon) * 108) / 1000);
  return { commission, vat: Math.round(commission / 10) };
}

export const FEES: FeeRecord[] = ORDERS.map((o) => {
  const c = collectedOf(o);
  return feeForOrder(o, o.gross_sales - o.seller_coupon, c ? { rate: 10.8, ...c } : null);
});

const cfs = (
  key: string,
  feeType: FulfillmentRecord['fee_type'],
  cycle: string | null,
  end: string,
  recognition: string | null,
  net: number,
  vat: number,
  invoice: string | null,
): FulfillmentRecord =>
  deliveryFee(`F${key}`, null, end, net + vat, {
    line_key: `TEST|${key}`,
    fee_type: feeType,
    settlement_cycle: cycle,
    recognition_date: recognition,
    occurred_date: recognition ?? end,
    net_fee: net,
    vat,
    total_fee: net + vat,
    tax_invoice_month: invoice,
  });

export const FULFILLMENT: FulfillmentRecord[] = [
  cfs('F1', 'delivery', '주정산', '2026-01-25', '2026-01-21', 3_000, 300, '2026-01'),
  cfs('F2', 'storage', '주정산', '2026-01-31', null, 10_000, 1_000, '2026-01'),
  cfs('F3', 'warehousing', '주정산', '2026-02-01', '2026-02-01', -500, -50, '2026-02'),
  cfs('F4', 'barcode', '월정산', '2026-02-28', '2026-02-15', 1_234, 123, '2026-02'),
  // Inventory compensation: income, no 정산유형, no VAT, no tax-invoice month.
  cfs('F5', 'inventory_compensation', null, '2026-01-25', null, -20_000, 0, null),
  cfs('F6', 'inventory_compensation', null, '2026-02-28', null, -7_000, 0, null),
  // A period with no settlement line: it gets a 미지정 line (no payout date: its check says so).
  cfs('F7', 'inventory_compensation', null, '2026-03-31', null, -1_000, 0, null),
];

// ── what the user types ──────────────────────────────────────────────────────────────────────────

/** Commission overrides typed on Fees rows (VAT incl.), by order ID. */
export const OVERRIDES: Record<string, number> = { '9004': 9_999, '9005': 5_000 };
/** A commission rule typed on the settings tab: option 505 at 5 % (VAT excl.). */
export const RULE = { scope: '옵션', optionId: '505', rate: 5 };
/** 홈택스 figures typed on 세금계산서 대사 rows. */
export const HOMETAX = [
  { month: '2026-01', issuer: '판매수수료', supply: 'exact' as const, vatDelta: -1, memo: '1원 차이 확인' },
  { month: '2026-02', issuer: 'CFS', supplyOnly: 700 },
];
/** An amount received typed on the 정산 지급 line (주정산, 2026-01-25): 55,000 less (서비스이용료). */
export const RECEIVED = {
  cycle: '주정산',
  end: '2026-01-25',
  less: 55_000,
  on: '2026-02-25',
  memo: '서비스이용료',
};

// ── expected figures, computed from the records above ────────────────────────────────────────────

const monthOfOrder = (o: OrderRecord) => (o.recognition_date ?? o.period_end ?? '').slice(0, 7);
const monthOfCharge = (f: FulfillmentRecord) => (f.recognition_date ?? f.period_end ?? '').slice(0, 7);
const sumOf = <T>(rows: readonly T[], f: (r: T) => number | null) =>
  rows.reduce((t, r) => t + (f(r) ?? 0), 0);
const feeOf = (o: OrderRecord) => FEES.find((f) => f.line_key === o.line_key)!;

export interface CloseRow {
  gross: number;
  coupon: number;
  supplyTotal: number;
  coupang: number;
  payment: number;
  commission: number;
  commissionVat: number;
  cfsSupply: number;
  cfsVat: number;
  compensation: number;
  settlement: number;
}

/** A 월마감 row: month `YYYY-MM`, tax type as in the data ('' for v1), basis v2 / v1. */
export function expectedCloseRow(month: string, taxType: string, basis: 'v2' | 'v1'): CloseRow {
  const orders = ORDERS.filter(
    (o) => monthOfOrder(o) === month && (o.tax_type ?? '') === taxType && o.mapping_version === basis,
  );
  const gross = sumOf(orders, (o) => o.gross_sales);
  const coupon = sumOf(orders, (o) => o.seller_coupon);
  return {
    gross,
    coupon,
    supplyTotal: gross - coupon,
    coupang: sumOf(orders, (o) => o.coupang_discount),
    payment: sumOf(orders, (o) => o.payment_amount),
    commission: sumOf(orders, (o) => feeOf(o).collected_commission),
    commissionVat: sumOf(orders, (o) => feeOf(o).collected_commission_vat),
    cfsSupply: 0,
    cfsVat: 0,
    compensation: 0,
    settlement: sumOf(orders, (o) => o.settlement_amount),
  };
}

export function expectedCommonRow(month: string): Pick<CloseRow, 'cfsSupply' | 'cfsVat' | 'compensation'> {
  const rows = FULFILLMENT.filter((f) => monthOfCharge(f) === month);
  const charges = rows.filter((f) => f.fee_type !== 'inventory_compensation');
  return {
    cfsSupply: sumOf(charges, (f) => f.net_fee),
    cfsVat: sumOf(charges, (f) => f.vat),
    compensation:
      0 -
      sumOf(
        rows.filter((f) => f.fee_type === 'inventory_compensation'),
        (f) => f.total_fee,
      ),
  };
}

/** VAT of a 과세 month row: round half up of 공급대가 × 10 / 110 (all amounts here are positive). */
export const vatOf = (supplyTotal: number) => Math.round((supplyTotal * 10) / 110);

/** The effective commission (VAT incl.) of an order's Fees row: override › rule › collected. */
export function effectiveOf(o: OrderRecord): number {
  const override = OVERRIDES[o.order_id ?? ''];
  if (override !== undefined) return override;
  if (o.option_id === RULE.optionId)
    return Math.round(((o.gross_sales - o.seller_coupon) * RULE.rate * 1.1) / 100);
  const c = collectedOf(o);
  return c ? c.commission + c.vat : 0;
}

export interface PayoutLine {
  settlement: number;
  cfs: number;
  compensation: number;
  expected: number;
}

export function expectedPayout(cycle: string, end: string): PayoutLine {
  const orders = ORDERS.filter(
    (o) => o.mapping_version === 'v2' && o.settlement_cycle === cycle && o.period_end === end,
  );
  // Compensation without 정산유형 goes to the line of its period end (월정산 first).
  const charges = FULFILLMENT.filter(
    (f) => f.period_end === end && (f.settlement_cycle === cycle || f.settlement_cycle === null),
  );
  const settlement = sumOf(orders, (o) => o.settlement_amount);
  const adjustment = sumOf(
    orders,
    (o) => (collectedOf(o) ? collectedOf(o)!.commission + collectedOf(o)!.vat : 0) - effectiveOf(o),
  );
  const cfsTotal = sumOf(
    charges.filter((f) => f.fee_type !== 'inventory_compensation'),
    (f) => f.total_fee,
  );
  const compensation =
    0 -
    sumOf(
      charges.filter((f) => f.fee_type === 'inventory_compensation'),
      (f) => f.total_fee,
    );
  return {
    settlement,
    cfs: cfsTotal,
    compensation,
    expected: settlement + adjustment - cfsTotal + compensation,
  };
}

/** Payout dates worked out by hand (2026: 설날 02-16..18, 대체공휴일 03-02). */
export const PAYOUT_DATES: Record<string, { first: string; second: string | null }> = {
  // Sun 01-25: Jan 26-30 (5), Feb 2-6 (10), 9-13 (15), 16-18 H, 19, 20 (17), 23, 24, 25 (20).
  // 2nd: first business day of March: 03-01 Sun, 03-02 대체공휴일 → 03-03.
  '주정산|2026-01-25': { first: '2026-02-25', second: '2026-03-03' },
  // Split week, both lines from Sun 02-01: Feb 2-6 (5), 9-13 (10), 16-18 H, 19-20 (12), 23-27 (17),
  // Mar 2 H, 3, 4, 5 (20); +25: Mar 6 (21), 9, 10, 11, 12 (25).
  '주정산|2026-01-31': { first: '2026-03-05', second: '2026-03-12' },
  '주정산|2026-02-01': { first: '2026-03-05', second: '2026-03-12' },
  // Sat 02-28 + 20: Mar 2 H, 3-6 (4), 9-13 (9), 16-20 (14), 23-27 (19), 30 (20).
  '월정산|2026-02-28': { first: '2026-03-30', second: null },
};

export const PAYOUT_LINES = [
  ['주정산', '2026-01-25'],
  ['주정산', '2026-01-31'],
  ['주정산', '2026-02-01'],
  ['월정산', '2026-02-28'],
] as const;

export function expectedInvoice(month: string, issuer: '판매수수료' | 'CFS') {
  if (issuer === '판매수수료') {
    const fees = FEES.filter((f) => f.mapping_version === 'v2' && f.tax_invoice_month === month);
    return {
      supply: sumOf(fees, (f) => f.collected_commission),
      vat: sumOf(fees, (f) => f.collected_commission_vat),
      total: sumOf(fees, (f) => f.collected_total),
    };
  }
  const rows = FULFILLMENT.filter(
    (f) => f.tax_invoice_month === month && f.fee_type !== 'inventory_compensation',
  );
  return {
    supply: sumOf(rows, (f) => f.net_fee),
    vat: sumOf(rows, (f) => f.vat),
    total: sumOf(rows, (f) => f.total_fee),
  };
}

/** Σ over the whole tabs, per column, as the total rows must show. */
export const WHOLE = {
  grossV2: sumOf(
    ORDERS.filter((o) => o.mapping_version === 'v2'),
    (o) => o.gross_sales,
  ),
  grossV1: sumOf(
    ORDERS.filter((o) => o.mapping_version === 'v1'),
    (o) => o.gross_sales,
  ),
  settlement: sumOf(ORDERS, (o) => o.settlement_amount),
  cfsTotal: sumOf(
    FULFILLMENT.filter((f) => f.fee_type !== 'inventory_compensation'),
    (f) => f.total_fee,
  ),
  compensation:
    0 -
    sumOf(
      FULFILLMENT.filter((f) => f.fee_type === 'inventory_compensation'),
      (f) => f.total_fee,
    ),
};
