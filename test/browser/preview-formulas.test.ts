// The preview shows the tabs as Google Sheets would: the Fees formulas computed (by the core's
// implementation of them), following an override and a rule typed after the import; the month-close
// tabs likewise, checked against HyperFormula's evaluation of the formulas the Sheets adapter wrote.
import { describe, expect, it } from 'vitest';
import { createEnv } from '../../gas-emulator';
import { columnIndex, columnLetter, FEES_TAB } from '../../src/core/model/tabs';
import { MONTH_CLOSE, PAYOUTS_TAB_DEF, TAX_INVOICES } from '../../src/core/summary/tabs';
import { snapshot } from '../../src/preview/backend';
import { normalizedMonth, runImport, SETTLEMENT_REPORTS } from '../addon/driver';
import { workbookOf } from '../addon/sheets-engine';
import { evaluateInHyperFormula } from '../engines';
import { FEES, FULFILLMENT, ORDERS } from '../summary/dataset';

const column = (key: string) => columnIndex(FEES_TAB, key);

describe('GET /api/sheets computes formula cells', () => {
  it('shows the effective commission and its source for collected, override and rule rows', () => {
    const env = createEnv();
    const month = normalizedMonth(8, { reports: SETTLEMENT_REPORTS });
    runImport(env, month, { chunkRows: 1000 });

    const before = snapshot(env.spreadsheet)['수수료']!;
    const rows = before.slice(1);
    expect(rows.length).toBe(month.fees.length);
    // Straight after the import every line carries its collected commission.
    for (const row of rows) {
      const collected = row[column('collected_total')];
      expect(row[column('commission_source')]).toBe(collected === '' ? 'none' : 'collected');
      expect(row[column('effective_commission')]).toBe(collected === '' ? 0 : collected);
    }

    // Another person types an override on row 2, and a category rule that covers row 3.
    const overrideCell = `${columnLetter(column('commission_override') + 1)}2`;
    env.spreadsheet.userEdit('수수료', overrideCell, '777');
    const third = rows[1]!;
    const category = String(third[column('category')]);
    env.spreadsheet.userEdit('수수료 설정', 'A2', 'category');
    env.spreadsheet.userEdit('수수료 설정', 'B2', category);
    env.spreadsheet.userEdit('수수료 설정', 'C2', '10');

    const after = snapshot(env.spreadsheet)['수수료']!;
    expect(after[1]?.[column('effective_commission')]).toBe(777);
    expect(after[1]?.[column('commission_source')]).toBe('override');
    const base = Number(third[column('commission_base')]);
    expect(after[2]?.[column('rule_rate')]).toBe(10);
    expect(after[2]?.[column('effective_commission')]).toBe(Math.round(base * 0.1 * 1.1));
    expect(after[2]?.[column('commission_source')]).toBe('rule');
  });
});

describe('GET /api/sheets computes the month-close tabs', () => {
  it('shows what HyperFormula computes from the formulas the Sheets adapter wrote', () => {
    const env = createEnv({ spreadsheet: { timeZone: 'Asia/Seoul' } });
    runImport(
      env,
      { files: [], problems: [], orders: ORDERS, fees: FEES, fulfillment: FULFILLMENT },
      { chunkRows: 8 },
    );
    env.spreadsheet.userEdit('수수료 설정', 'A2', '옵션');
    env.spreadsheet.userEdit('수수료 설정', 'B2', '505');
    env.spreadsheet.userEdit('수수료 설정', 'C2', '5');
    const shown = snapshot(env.spreadsheet);
    const computed = evaluateInHyperFormula(workbookOf(env), {
      dateColumns: { 월마감: ['A'], '정산 지급': ['B', 'G', 'I'] },
    });
    for (const tab of [MONTH_CLOSE.tab, TAX_INVOICES.tab, PAYOUTS_TAB_DEF]) {
      const rows = shown[tab.ko]!;
      expect(rows.length, tab.ko).toBeGreaterThan(3);
      rows.forEach((row, r) => {
        tab.columns.forEach((col, c) => {
          if (col.type !== 'formula') return;
          // A blank cell reads '' in the snapshot, null from the engine.
          const blank = (v: unknown) => (v === '' || v === null || v === undefined ? null : v);
          expect(blank(row[c]), `${tab.ko} r${r + 1} ${col.ko}`).toEqual(blank(computed[tab.ko]![r]![c]));
        });
      });
    }
    // The rule (option 505 at 5 %) moved the 월정산 line's expected payout.
    const line = shown['정산 지급']!.find((row) => row[0] === '월정산')!;
    expect(line[columnIndex(PAYOUTS_TAB_DEF, 'expected')]).toBe(expectedPayoutWithRule());
  });
});

/** The 월정산 line of dataset.ts with only the rule typed (no overrides): independent arithmetic. */
function expectedPayoutWithRule(): number {
  const line = ORDERS.filter((o) => o.settlement_cycle === '월정산');
  const settlement = line.reduce((t, o) => t + (o.settlement_amount ?? 0), 0);
  const adjustment = line.reduce((t, o) => {
    const collected = Math.round(((o.gross_sales - o.seller_coupon) * 108) / 1000);
    const total = collected + Math.round(collected / 10);
    const effective =
      o.option_id === '505' ? Math.round(((o.gross_sales - o.seller_coupon) * 5 * 1.1) / 100) : total;
    return t + total - effective;
  }, 0);
  const charges = FULFILLMENT.filter((f) => f.period_end === '2026-02-28');
  const cfs = charges
    .filter((f) => f.fee_type !== 'inventory_compensation')
    .reduce((t, f) => t + f.total_fee, 0);
  const compensation = -charges
    .filter((f) => f.fee_type === 'inventory_compensation')
    .reduce((t, f) => t + f.total_fee, 0);
  return settlement + adjustment - cfs + compensation;
}
