/**
 * Golden tests against the fixture generator's ground truth (test/fixtures): every report, as
 * .xlsx with the quirks real readers meet, and re-saved as CSV in each encoding.
 */
import { describe, expect, it } from 'vitest';
import type { NormalizeResult } from '../../src/core/model/records';
import { ALL_REPORTS, type GeneratedFile, generateMonth } from '../fixtures/generate';
import type { Quirks } from '../fixtures/grid';
import { run } from './helpers';

const sum = <T>(rows: readonly T[], pick: (row: T) => number | null) =>
  rows.reduce((s, r) => s + (pick(r) ?? 0), 0);

function normalizeGenerated(file: GeneratedFile): NormalizeResult {
  return run({ name: file.name, bytes: file.bytes }, { period: file.truth.period });
}

function expectMatchesTruth(file: GeneratedFile, result: NormalizeResult): void {
  const truth = file.truth;
  const summary = result.files[0]!;
  expect(summary).toMatchObject({
    report: truth.report,
    mapping_version: truth.mapping_version,
    status: 'imported',
  });
  expect(summary.rows_rejected).toBe(0);
  expect(summary.rows_skipped).toBe(truth.skipped_rows);
  expect(summary.rows_read).toBe(summary.rows_accepted + summary.rows_rejected + summary.rows_skipped);
  expect(summary.control.filter((c) => !c.ok)).toEqual([]);
  expect(result.problems.filter((p) => p.severity !== 'info')).toEqual([]);

  if (truth.orders) {
    const o = truth.orders;
    expect(result.orders).toHaveLength(o.lines);
    expect(result.orders.filter((r) => r.transaction === 'cancel')).toHaveLength(o.cancel_lines);
    expect(sum(result.orders, (r) => r.quantity)).toBe(o.quantity);
    expect(sum(result.orders, (r) => r.gross_sales)).toBe(o.gross_sales);
    expect(sum(result.orders, (r) => r.coupang_discount)).toBe(o.coupang_discount);
    expect(sum(result.orders, (r) => r.seller_coupon)).toBe(o.seller_coupon);
    expect(sum(result.orders, (r) => r.payment_amount)).toBe(o.payment_amount);
    if (o.settlement_amount !== null)
      expect(sum(result.orders, (r) => r.settlement_amount)).toBe(o.settlement_amount);
    expect(sum(result.fees, (r) => r.commission_base)).toBe(o.commission_base);
    if (o.collected_total !== null) {
      expect(sum(result.fees, (r) => r.collected_commission)).toBe(o.collected_commission);
      expect(sum(result.fees, (r) => r.collected_commission_vat)).toBe(o.collected_commission_vat);
      expect(sum(result.fees, (r) => r.collected_total)).toBe(o.collected_total);
    }
    const identity = (l: {
      order_id: string;
      option_id: string | null;
      transaction: string;
      period_end: string | null;
      quantity: number;
      gross_sales: number;
      payment_amount: number;
      settlement_amount: number | null;
    }) =>
      [
        l.order_id,
        l.option_id,
        l.transaction,
        l.period_end,
        l.quantity,
        l.gross_sales,
        l.payment_amount,
        l.settlement_amount,
      ].join('|');
    expect(result.orders.map(identity).sort()).toEqual(truth.order_lines.map(identity).sort());
    expect(new Set(result.orders.map((r) => r.line_key)).size).toBe(result.orders.length);
  }
  if (truth.fulfillment) {
    const f = truth.fulfillment;
    expect(result.fulfillment).toHaveLength(f.lines);
    expect(sum(result.fulfillment, (r) => r.net_fee)).toBe(f.net_fee);
    expect(sum(result.fulfillment, (r) => r.vat)).toBe(f.vat);
    expect(sum(result.fulfillment, (r) => r.total_fee)).toBe(f.total_fee);
    for (const [feeType, t] of Object.entries(f.by_fee_type)) {
      const rows = result.fulfillment.filter((r) => r.fee_type === feeType);
      expect(rows, feeType).toHaveLength(t.lines);
      expect(sum(rows, (r) => r.gross_fee)).toBe(feeType === 'inventory_compensation' ? 0 : t.gross_fee);
      // 재고 손실 보상 prints no quantity column: the generator's quantity is not in the file.
      if (feeType !== 'inventory_compensation') expect(sum(rows, (r) => r.quantity)).toBe(t.quantity);
      expect(sum(rows, (r) => r.total_fee)).toBe(t.total_fee);
    }
    const identity = (l: {
      fee_type: string;
      transaction: string;
      order_id: string | null;
      option_id: string | null;
      product_id: string | null;
      quantity: number | null;
      net_fee: number;
    }) =>
      [
        l.fee_type,
        l.transaction,
        l.order_id,
        l.option_id,
        l.product_id,
        l.fee_type === 'inventory_compensation' ? null : l.quantity,
        l.net_fee,
      ].join('|');
    expect(result.fulfillment.map(identity).sort()).toEqual(truth.fee_lines.map(identity).sort());
    expect(new Set(result.fulfillment.map((r) => r.line_key)).size).toBe(result.fulfillment.length);
  }
}

const QUIRKS: [string, Quirks][] = [
  ['plain', {}],
  ['IDs as numbers, dates as serials', { ids: 'number', dates: 'serial' }],
  ['IDs as "…0" text, money as 원 text', { ids: 'float-text', money: 'won-text' }],
  [
    'header variants, no title, money as comma text',
    { headerVariants: true, title: false, money: 'comma-text' },
  ],
];

describe.each(QUIRKS)('generated month (%s)', (_name, quirks) => {
  const month = generateMonth(11, { quirks, months: 2 });
  it.each(month.files.map((file) => [file.name, file] as const))(
    '%s matches its ground truth',
    (_file, file) => {
      expectMatchesTruth(file, normalizeGenerated(file));
    },
  );
});

describe('CSV re-saves (first sheet, displayed values)', () => {
  const csv = ALL_REPORTS.flatMap((report) =>
    (['utf8', 'utf8-bom', 'cp949'] as const).map((encoding) => ({ report, encoding })),
  );
  const month = generateMonth(5, { reports: [], csv });
  it.each(month.files.map((file) => [`${file.report} ${file.encoding}`, file] as const))(
    '%s matches its ground truth',
    (_name, file) => {
      expectMatchesTruth(file, normalizeGenerated(file));
    },
  );
});

describe('a whole month in one run', () => {
  it('attributes every fee with an order to one sale line, and conserves the money', () => {
    const month = generateMonth(21);
    const v2 = month.files.filter((f) => f.report !== 'SELLER_INSIGHTS');
    const result = run(v2.map((f) => ({ name: f.name, bytes: f.bytes })));
    expect(result.files.every((f) => f.status === 'imported')).toBe(true);
    const attributed = result.fulfillment.filter((f) => f.attributed_line_key !== null);
    expect(sum(result.orders, (o) => o.seller_borne_shipping)).toBe(sum(attributed, (f) => f.total_fee));
    const saleKeys = new Set(result.orders.filter((o) => o.transaction === 'sale').map((o) => o.line_key));
    for (const fee of attributed) expect(saleKeys.has(fee.attributed_line_key!)).toBe(true);
    // Fees whose order was sold in this period all find their line.
    const orderIds = new Set(
      result.orders.filter((o) => o.transaction === 'sale').map((o) => `${o.order_id}|${o.option_id}`),
    );
    for (const fee of result.fulfillment) {
      if (
        fee.order_id !== null &&
        fee.fee_type !== 'inventory_compensation' &&
        orderIds.has(`${fee.order_id}|${fee.option_id}`)
      ) {
        expect(fee.attributed_line_key).not.toBeNull();
      }
    }
  });
});
