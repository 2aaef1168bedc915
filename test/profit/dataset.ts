/**
 * A hand-built ledger for the profit tests (issue #12): two months of 2026, options whose unit cost
 * changes in the middle of January (701), one with no cost at all (702, prefilled blank), a tie on
 * the same start date (703: the higher cost wins), a cost that starts in the middle of February (704,
 * also under a commission RULE), a fractional unit cost (705: rounding per day), a commission
 * OVERRIDE (703), an order line without 옵션ID, a cancellation, a line without 매출인식일, a v1 estimate
 * (never profit), CFS charges of every kind, a 반출 배송 box of several products (no option: 미배정),
 * a charge without option, storage of an option that sold nothing (706), and 재고손실보상 (not a charge).
 *
 * Expected figures are computed HERE from these records and the cost rows with plain loops (never by
 * src/core): the cost lookup is written again below from the rule stated in the issue.
 */
import { feeForOrder } from '../../src/core/map/fees';
import type { FeeRecord, FulfillmentRecord, OrderRecord } from '../../src/core/model/records';
import { deliveryFee, v1Order, v2Order } from '../merge/records';

let serial = 0;
const order = (
  option: string | null,
  day: string | null,
  end: string,
  o: Partial<OrderRecord>,
): OrderRecord => {
  const id = `77${String(++serial).padStart(3, '0')}`;
  return v2Order(id, option ?? '', end, {
    option_id: option,
    product_id: option ? `P${option}` : null,
    product_name: option ? `상품 ${option}` : null,
    option_name: option ? `옵션 ${option}` : null,
    recognition_date: day,
    paid_date: day ?? end,
    quantity: 1,
    unit_price: 10_000,
    gross_sales: 10_000,
    seller_coupon: 0,
    payment_amount: 10_000,
    settlement_amount: 8_800,
    ...o,
  });
};
const sale = (
  option: string | null,
  day: string | null,
  end: string,
  quantity: number,
  price: number,
  coupon = 0,
) =>
  order(option, day, end, {
    quantity,
    unit_price: price,
    gross_sales: quantity * price,
    seller_coupon: coupon,
    instant_coupon: coupon,
    payment_amount: quantity * price - coupon,
    settlement_amount: Math.round((quantity * price - coupon) * 0.88),
  });

export const ORDERS: OrderRecord[] = [
  // 701: cost 1,000 until 01-15, 1,200 from 01-16.
  sale('701', '2026-01-10', '2026-01-11', 2, 15_000, 1_000),
  sale('701', '2026-01-15', '2026-01-18', 1, 15_000),
  sale('701', '2026-01-16', '2026-01-18', 3, 15_000),
  order('701', '2026-01-20', '2026-01-25', {
    transaction: 'cancel',
    quantity: -1,
    unit_price: 15_000,
    gross_sales: -15_000,
    payment_amount: -15_000,
    settlement_amount: -13_200,
  }),
  sale('701', '2026-02-03', '2026-02-08', 4, 15_000, 2_000),
  // 702: never a cost (its 원가 row is blank).
  sale('702', '2026-01-12', '2026-01-18', 5, 8_000),
  sale('702', '2026-02-14', '2026-02-15', 1, 8_000),
  // 703: two rows without dates (500 and 600): a tie, 600 wins; an override on one line.
  sale('703', '2026-01-21', '2026-01-25', 2, 20_000),
  sale('703', null, '2026-02-28', 1, 20_000),
  // 704: a commission rule at 5 %; its cost starts 02-10.
  sale('704', '2026-01-28', '2026-02-01', 1, 30_000),
  sale('704', '2026-02-09', '2026-02-15', 2, 30_000),
  sale('704', '2026-02-10', '2026-02-15', 2, 30_000),
  // 705: 333.5 a unit: 3 units on one day = 1,000.5 → 1,001 (rounded per day, half away from zero).
  sale('705', '2026-02-20', '2026-02-22', 3, 5_000),
  // A settlement line whose option ID is blank: its units and sales go to 미배정.
  sale(null, '2026-02-11', '2026-02-15', 1, 9_000),
  // A v1 (판매분석) estimate: never in profit.
  v1Order('701', '2026-01-01', '2026-01-31', { quantity: 9, gross_sales: 135_000, payment_amount: 135_000 }),
];

export function collectedOf(o: OrderRecord): { commission: number; vat: number } | null {
  if (o.mapping_version === 'v1') return null;
  const commission = Math.round(((o.gross_sales - o.seller_coupon) * 108) / 1000);
  return { commission, vat: Math.round(commission / 10) };
}

export const FEES: FeeRecord[] = ORDERS.map((o) => {
  const c = collectedOf(o);
  return feeForOrder(o, o.gross_sales - o.seller_coupon, c ? { rate: 10.8, ...c } : null);
});

const charge = (
  key: string,
  feeType: FulfillmentRecord['fee_type'],
  option: string | null,
  end: string,
  recognition: string | null,
  total: number,
  extra: Partial<FulfillmentRecord> = {},
): FulfillmentRecord =>
  deliveryFee(`C${key}`, option, end, total, {
    line_key: `PROFIT|${key}`,
    fee_type: feeType,
    recognition_date: recognition,
    occurred_date: recognition ?? end,
    product_id: option ? `P${option}` : null,
    product_name: option ? `상품 ${option}` : null,
    option_name: option ? `옵션 ${option}` : null,
    ...extra,
  });

export const FULFILLMENT: FulfillmentRecord[] = [
  charge('1', 'delivery', '701', '2026-01-18', '2026-01-16', 3_300),
  charge('2', 'warehousing', '701', '2026-01-18', '2026-01-16', 1_100),
  charge('3', 'return_pickup', '701', '2026-01-25', '2026-01-21', 2_200),
  charge('4', 'return_restock', '701', '2026-02-08', '2026-02-04', 550),
  charge('5', 'delivery', '703', '2026-01-25', '2026-01-22', 4_400),
  charge('6', 'storage', '702', '2026-01-31', null, 12_100),
  charge('7', 'storage', '706', '2026-02-28', null, 6_600),
  charge('8', 'barcode', '704', '2026-02-15', '2026-02-12', 330),
  charge('9', 'vendor_return', '705', '2026-02-22', '2026-02-21', 880),
  // A 반출 배송 box of several products: no option, product ID blank, named 여러 상품 (…).
  charge('10', 'vendor_return_shipping', null, '2026-02-28', '2026-02-25', 5_500, {
    source_report: 'VRETURN_SHIPPING',
    product_id: null,
    product_name: '여러 상품 (P701, P702)',
    option_name: null,
  }),
  // A delivery charge whose option is blank (the file left it out): 미배정 too.
  charge('11', 'delivery', null, '2026-01-25', '2026-01-24', 2_750),
  charge('12', 'other', '703', '2026-02-28', null, 440),
  // A cancelled charge (negative).
  charge('13', 'delivery', '701', '2026-02-08', '2026-02-05', -1_100, { transaction: 'cancel' }),
  // 재고손실보상: income for lost stock, never a charge of the profit tab.
  charge('14', 'inventory_compensation', '701', '2026-01-31', null, -9_000, { settlement_cycle: null }),
];

// ── what the user types ──────────────────────────────────────────────────────────────────────────

export interface TypedCost {
  option: string;
  cost: number | string | null;
  from: string | null;
  to: string | null;
  memo?: string;
}

/** The 원가 rows the seller types (cost `null`: left blank, as the prefill writes it). */
export const COSTS: TypedCost[] = [
  { option: '701', cost: 1_000, from: null, to: '2026-01-15', memo: '1차 입고' },
  { option: '701', cost: 1_200, from: '2026-01-16', to: null, memo: '단가 인상' },
  { option: '702', cost: null, from: null, to: null },
  { option: '703', cost: 500, from: null, to: null },
  { option: '703', cost: 600, from: null, to: null, memo: '중복 행' },
  { option: '704', cost: 2_000, from: '2026-02-10', to: null },
  { option: '705', cost: 333.5, from: '2026-01-01', to: null },
  // Text typed into the cost cell: the row is not used (and reported).
  { option: '706', cost: '미정', from: null, to: null },
];

/** A commission override typed on a Fees row (VAT incl.): the first 703 line. */
export const OVERRIDE = { orderId: ORDERS.find((o) => o.option_id === '703')!.order_id!, amount: 777 };
/** A commission rule: option 704 at 5 % (VAT excl.). */
export const RULE = { scope: '옵션', optionId: '704', rate: 5 };

// ── expected figures, computed from the records above ────────────────────────────────────────────

const dayOf = (o: { recognition_date: string | null; period_end: string | null }) =>
  (o.recognition_date ?? o.period_end)!;
const sumOf = <T>(rows: readonly T[], f: (r: T) => number) => rows.reduce((t, r) => t + f(r), 0);
/** Spreadsheet ROUND: half away from zero. */
const round = (v: number) => Math.sign(v) * Math.round(Math.abs(v));

/** The unit cost of an option on a day, by the rule (latest start; a tie: the higher cost). */
export function unitCostOn(option: string, day: string): number | null {
  let best: { from: string; cost: number } | null = null;
  for (const c of COSTS) {
    if (c.option !== option || typeof c.cost !== 'number') continue;
    const from = c.from ?? '0000-00-00';
    if (from > day || (c.to !== null && c.to < day)) continue;
    if (!best || from > best.from || (from === best.from && c.cost > best.cost))
      best = { from, cost: c.cost };
  }
  return best?.cost ?? null;
}

function effectiveOf(o: OrderRecord, withInput: boolean): number {
  const c = collectedOf(o);
  const collected = c ? c.commission + c.vat : 0;
  if (!withInput) return collected;
  if (o.order_id === OVERRIDE.orderId) return OVERRIDE.amount;
  if (o.option_id === RULE.optionId)
    return round(((o.gross_sales - o.seller_coupon) * RULE.rate * 1.1) / 100);
  return collected;
}

export interface ProfitRow {
  units: number;
  supplyTotal: number;
  commission: number;
  shipping: number;
  returns: number;
  storage: number;
  otherCfs: number;
  cost: number;
  missing: number;
  contribution: number;
}

/** The 옵션별 손익 row of a month (`YYYY-MM`) and option ('' = 미배정); `withInput`: costs, override, rule typed. */
export function expectedProfit(month: string, option: string, withInput = true): ProfitRow {
  const confirmed = ORDERS.filter(
    (o) => o.mapping_version === 'v2' && dayOf(o).startsWith(month) && (o.option_id ?? '') === option,
  );
  const charges = FULFILLMENT.filter((f) => dayOf(f).startsWith(month) && (f.option_id ?? '') === option);
  const chargesOf = (...types: string[]) =>
    sumOf(
      charges.filter((f) => types.includes(f.fee_type)),
      (f) => f.total_fee,
    );
  // Cost per (option, day): Σ units of the day × that day's unit cost, rounded once per day.
  const byDay = new Map<string, number>();
  for (const o of confirmed) byDay.set(dayOf(o), (byDay.get(dayOf(o)) ?? 0) + o.quantity);
  let cost = 0;
  let missing = 0;
  for (const [day, units] of byDay) {
    const unit = withInput && option !== '' ? unitCostOn(option, day) : null;
    if (unit === null) missing += units;
    else cost += round(units * unit);
  }
  const supplyTotal = sumOf(confirmed, (o) => o.gross_sales - o.seller_coupon);
  const commission = sumOf(confirmed, (o) => effectiveOf(o, withInput));
  const shipping = chargesOf('warehousing', 'delivery');
  const returns = chargesOf('return_pickup', 'return_restock');
  const storage = chargesOf('storage');
  const otherCfs = chargesOf('vendor_return', 'vendor_return_shipping', 'barcode', 'other');
  return {
    units: sumOf(confirmed, (o) => o.quantity),
    supplyTotal,
    commission,
    shipping,
    returns,
    storage,
    otherCfs,
    cost,
    missing,
    contribution: supplyTotal - commission - shipping - returns - storage - otherCfs - cost,
  };
}

/** Every (month, option) row the tab must have, 미배정 last in its month. */
export const PROFIT_ROWS: [string, string][] = [
  ['2026-01', '701'],
  ['2026-01', '702'],
  ['2026-01', '703'],
  ['2026-01', '704'],
  ['2026-01', ''],
  ['2026-02', '701'],
  ['2026-02', '702'],
  ['2026-02', '703'],
  ['2026-02', '704'],
  ['2026-02', '705'],
  ['2026-02', '706'],
  ['2026-02', ''],
];
