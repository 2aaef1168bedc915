// Commission precedence in TypeScript (cached values, "commission missing") and the formulas that
// compute it live in the tabs: both must make the same choice.
import { HyperFormula } from 'hyperformula';
import { describe, expect, it } from 'vitest';
import {
  type CommissionRule,
  commissionSourceFormula,
  effectiveCommission,
  effectiveCommissionFormula,
  RULE_RANGE_NAMES,
  ruleRangeA1,
  ruleRate,
  ruleRateFormula,
  settingsHelperFormula,
} from '../../src/core/merge/commission';
import { columnIndex, FEES_TAB } from '../../src/core/model/tabs';
import { isoToSerial } from '../../src/core/util/dates';

const fee = {
  option_id: '95001',
  product_id: 'P1',
  category: '주방용품',
  recognition_date: '2025-01-15',
  period_end: '2025-01-31',
  commission_base: 100_000,
  collected_total: 11_880,
};

const rule = (
  scope: CommissionRule['scope'],
  scopeId: string,
  ratePct: number,
  validFrom: string | null = null,
  validTo: string | null = null,
): CommissionRule => ({
  scope,
  scopeId,
  ratePct,
  validFrom,
  validTo,
});

describe('precedence override › rule › collected › none', () => {
  it('picks each source in turn', () => {
    expect(effectiveCommission(fee, 500, [rule('option', '95001', 5)])).toMatchObject({
      effective: 500,
      source: 'override',
    });
    expect(effectiveCommission(fee, null, [rule('category', '주방용품', 10.8)])).toMatchObject({
      effective: 11_880,
      source: 'rule',
    });
    expect(effectiveCommission(fee, null, [])).toMatchObject({ effective: 11_880, source: 'collected' });
    expect(effectiveCommission({ ...fee, collected_total: null }, null, [])).toMatchObject({
      effective: 0,
      source: 'none',
    });
  });

  it('most specific scope wins, then the most recent valid_from; dates bound the rule', () => {
    const rules = [
      rule('category', '주방용품', 9),
      rule('product', 'P1', 7, '2024-06-01'),
      rule('product', 'P1', 6, '2025-01-01'),
      rule('product', 'P1', 99, '2025-02-01'),
      rule('option', '95001', 3, null, '2024-12-31'),
    ];
    expect(ruleRate(fee, rules)).toBe(6);
    expect(ruleRate({ ...fee, recognition_date: null, period_end: '2024-12-20' }, rules)).toBe(3);
  });
});

describe('the Fees formulas', () => {
  it('use only functions every target engine has, and stay short (repeated on every Fees row)', () => {
    const formula = ruleRateFormula(50_001);
    expect(formula.length).toBeLessThan(1000);
    for (const text of [formula, effectiveCommissionFormula(2), commissionSourceFormula(2)]) {
      const functions = new Set([...text.matchAll(/([A-Z]+)\(/g)].map((m) => m[1]));
      for (const fn of functions) expect(['IF', 'MAXIFS', 'ROUND']).toContain(fn);
    }
  });

  it('agree with the TypeScript choice on a grid of rules and dates (HyperFormula)', () => {
    const rules = [
      rule('category', '주방용품', 9),
      rule('category', '가전', 4.5, '2025-01-10', '2025-01-20'),
      rule('product', 'P1', 7, '2024-06-01'),
      rule('product', 'P1', 6, '2025-01-01'),
      rule('product', 'P2', 8, null, '2025-01-05'),
      rule('option', '95003', 2.5),
      rule('option', '95003', 3.5),
    ];
    const cases = [
      { option_id: '95001', product_id: 'P1', category: '주방용품', date: '2025-01-15' },
      { option_id: '95002', product_id: 'P2', category: '가전', date: '2025-01-15' },
      { option_id: '95002', product_id: 'P2', category: '가전', date: '2025-01-03' },
      { option_id: '95002', product_id: 'P9', category: '가전', date: '2025-01-25' },
      { option_id: '95003', product_id: 'P1', category: '주방용품', date: '2024-01-01' },
      { option_id: '95009', product_id: 'P1', category: '주방용품', date: '2024-01-01' },
    ];
    const width = FEES_TAB.columns.length;
    const at = (key: string) => columnIndex(FEES_TAB, key);
    const fees: (string | number | null)[][] = [FEES_TAB.columns.map((c) => c.key)];
    cases.forEach((c, i) => {
      const row: (string | number | null)[] = new Array(width).fill(null);
      row[at('option_id')] = c.option_id;
      row[at('product_id')] = c.product_id;
      row[at('category')] = c.category;
      row[at('rule_date')] = isoToSerial(c.date);
      row[at('commission_base')] = 100_000;
      row[at('collected_total')] = 1_000;
      row[at('rule_rate')] = ruleRateFormula(i + 2);
      row[at('effective_commission')] = effectiveCommissionFormula(i + 2);
      row[at('commission_source')] = commissionSourceFormula(i + 2);
      fees.push(row);
    });
    const settings = [
      ['scope', 'scope_id', 'rate_pct', 'valid_from', 'valid_to', 'note'],
      ...rules.map((r, i) => [
        r.scope,
        r.scopeId,
        r.ratePct,
        r.validFrom === null ? null : isoToSerial(r.validFrom),
        r.validTo === null ? null : isoToSerial(r.validTo),
        null,
        settingsHelperFormula('from_key', i + 2),
        settingsHelperFormula('to_key', i + 2),
      ]),
    ];
    const names = Object.entries(RULE_RANGE_NAMES).map(([key, name]) => ({
      name,
      expression: `='Settings'!${ruleRangeA1(key as keyof typeof RULE_RANGE_NAMES)}`,
    }));
    const hf = HyperFormula.buildFromSheets(
      { Fees: fees, Settings: settings },
      { licenseKey: 'gpl-v3' },
      names,
    );
    const sheet = hf.getSheetId('Fees')!;
    cases.forEach((c, i) => {
      const expected = ruleRate(
        {
          option_id: c.option_id,
          product_id: c.product_id,
          category: c.category,
          recognition_date: c.date,
          period_end: null,
        },
        rules,
      );
      const actual = hf.getCellValue({ sheet, row: i + 1, col: at('rule_rate') });
      expect(actual === '' ? null : actual, `case ${i}`).toBe(expected);
      const effective = effectiveCommission(
        {
          option_id: c.option_id,
          product_id: c.product_id,
          category: c.category,
          recognition_date: c.date,
          period_end: null,
          commission_base: 100_000,
          collected_total: 1_000,
        },
        null,
        rules,
      );
      expect(hf.getCellValue({ sheet, row: i + 1, col: at('effective_commission') })).toBe(
        effective.effective,
      );
      expect(hf.getCellValue({ sheet, row: i + 1, col: at('commission_source') })).toBe(effective.source);
    });
  });
});
