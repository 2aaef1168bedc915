/** Property-based checks over generated files: money is conserved, keys are unique and do not
 *  depend on row order, and generated files round-trip to their ground truth. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ReportCode } from '../../src/core/model/records';
import { ALL_REPORTS, generateMonth, reportGrid } from '../fixtures/generate';
import { type Quirks, toXlsx, type WorkbookGrid } from '../fixtures/grid';
import { generateSellerModel } from '../fixtures/model';
import { run } from './helpers';

/** Index of the first data row per layout (see test/fixtures/layouts.ts). */
const DATA_START: Record<ReportCode, number> = {
  CATEGORY_TR: 2,
  SELLER_INSIGHTS: 1,
  INVENTORY_COMPENSATION: 2,
  WAREHOUSING_SHIPPING: 8,
  STORAGE_FEE: 8,
  CRETURN_PICKUP_RESTOCKING: 8,
  VRETURN_HANDLING: 8,
  VRETURN_SHIPPING: 8,
  BARCODE_LABELING_FEE: 8,
};

function permuteData(grid: WorkbookGrid, report: ReportCode, order: readonly number[]): WorkbookGrid {
  const start = DATA_START[report];
  return {
    sheets: grid.sheets.map((sheet) => {
      const data = sheet.rows.slice(start);
      // Stable permutation driven by fast-check: sort by the generated priorities.
      const permuted = data
        .map((row, i) => ({ row, key: order[i % order.length]! * 1e6 + i }))
        .sort((a, b) => a.key - b.key)
        .map((e) => e.row);
      return { ...sheet, rows: [...sheet.rows.slice(0, start), ...permuted] };
    }),
  };
}

const quirksArb: fc.Arbitrary<Quirks> = fc.record({
  ids: fc.constantFrom('text' as const, 'number' as const, 'float-text' as const),
  dates: fc.constantFrom('text' as const, 'serial' as const),
  money: fc.constantFrom('number' as const, 'comma-text' as const, 'won-text' as const),
  headerVariants: fc.boolean(),
  title: fc.boolean(),
});

const reportsArb = fc.constantFrom(...ALL_REPORTS);

describe('line keys', () => {
  it('are unique per file and the same whatever the row order', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        reportsArb,
        fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 50 }),
        (seed, report, order) => {
          const model = generateSellerModel(seed, { ordersPerPeriod: 30 });
          const grid = reportGrid(model, report, 0);
          const period = { start: model.periods[0]!.start, end: model.periods[0]!.end };
          const name = `A-${report}-ko-x.xlsx`;
          const original = run({ name, bytes: toXlsx(grid) }, { period });
          const shuffled = run({ name, bytes: toXlsx(permuteData(grid, report, order)) }, { period });
          const keyed = (r: typeof original) =>
            new Map(
              [...r.orders, ...r.fulfillment].map((rec) => {
                const {
                  source_row: _row,
                  attributed_line_key: _a,
                  ...rest
                } = rec as typeof rec & { attributed_line_key?: unknown };
                return [rec.line_key, JSON.stringify(rest)] as const;
              }),
            );
          const a = keyed(original);
          expect(a.size).toBe(original.orders.length + original.fulfillment.length);
          expect(keyed(shuffled)).toEqual(a);
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe('money is conserved by the mapping', () => {
  it('Σ file amounts = Σ record amounts for any month, report and reader quirk', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), reportsArb, quirksArb, (seed, report, quirks) => {
        const month = generateMonth(seed, { reports: [report], quirks, ordersPerPeriod: 12 });
        for (const file of month.files) {
          const result = run({ name: file.name, bytes: file.bytes }, { period: file.truth.period });
          const t = file.truth;
          if (t.orders) {
            expect(result.orders.reduce((s, o) => s + o.gross_sales, 0)).toBe(t.orders.gross_sales);
            expect(result.orders.reduce((s, o) => s + o.payment_amount, 0)).toBe(t.orders.payment_amount);
            expect(result.fees.reduce((s, f) => s + (f.collected_total ?? 0), 0)).toBe(
              t.orders.collected_total ?? 0,
            );
          }
          if (t.fulfillment) {
            expect(result.fulfillment.reduce((s, f) => s + f.total_fee, 0)).toBe(t.fulfillment.total_fee);
            expect(result.fulfillment.reduce((s, f) => s + f.vat, 0)).toBe(t.fulfillment.vat);
          }
          const summary = result.files[0]!;
          expect(summary.rows_read).toBe(
            summary.rows_accepted + summary.rows_rejected + summary.rows_skipped,
          );
          expect(summary.control.every((c) => c.ok)).toBe(true);
        }
      }),
      { numRuns: 30 },
    );
  });
});

describe('generated files round-trip', () => {
  it('every generated line comes back once, with its identity and amounts', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), (seed) => {
        const month = generateMonth(seed, { ordersPerPeriod: 10 });
        for (const file of month.files) {
          const result = run({ name: file.name, bytes: file.bytes }, { period: file.truth.period });
          const orders = result.orders
            .map(
              (o) =>
                `${o.order_id}|${o.option_id}|${o.transaction}|${o.quantity}|${o.gross_sales}|${o.payment_amount}`,
            )
            .sort();
          expect(orders).toEqual(
            file.truth.order_lines
              .map(
                (o) =>
                  `${o.order_id}|${o.option_id}|${o.transaction}|${o.quantity}|${o.gross_sales}|${o.payment_amount}`,
              )
              .sort(),
          );
          const fees = result.fulfillment
            .map((f) => `${f.fee_type}|${f.transaction}|${f.order_id}|${f.option_id}|${f.net_fee}`)
            .sort();
          expect(fees).toEqual(
            file.truth.fee_lines
              .map((f) => `${f.fee_type}|${f.transaction}|${f.order_id}|${f.option_id}|${f.net_fee}`)
              .sort(),
          );
        }
      }),
      { numRuns: 10 },
    );
  });
});
