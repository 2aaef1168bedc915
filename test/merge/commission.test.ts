// Commission precedence in TypeScript (cached values, "commission missing") and the formulas that
// compute it live in the tabs: both must make the same choice, the one worked out by hand below,
// on inputs that trip spreadsheet criteria (case, wildcards, operators, spaces, dates).
import { beforeAll, describe, expect, it } from 'vitest';
import {
  commissionSourceFormula,
  effectiveCommission,
  effectiveCommissionFormula,
  parseRules,
  RULE_RANGE_NAMES,
  type RuleRangeKey,
  ruleRangeA1,
  ruleRangeLastRow,
  ruleRate,
  ruleRateFormula,
  SETTINGS_HELPER_KEYS,
  settingsHelperFormula,
  settingsHelperValues,
} from '../../src/core/merge/commission';
import { columnIndex, FEES_TAB, SETTINGS_TAB } from '../../src/core/model/tabs';
import { type BothEngines, type CellInput, evaluateInBoth } from '../engines';

type Typed = string | number | null;
/** A settings row as a seller types it: scope, scope_id, rate, from, to. Dates as `d('…')` are real
 *  date cells; a plain string is text. */
const d = (iso: string) => ({ date: iso });
type DateCell = { date: string } | string | null;
const RULES: [Typed, Typed, Typed, DateCell, DateCell][] = [
  ['category', 'p1', 5, null, null],
  ['카테고리', ' P1 ', 7, null, null],
  ['category', '*', 9, null, null],
  ['category', '?', 8, null, null],
  ['category', '~', 6, null, null],
  ['category', '<특가>', 3, null, null],
  ['category', '=x', 4, null, null],
  ['CATEGORY', 'a  b', 2.5, null, null],
  ['옵션', '95001', 1.5, d('2025-01-01'), d('2025-01-31')],
  ['option', '95001', 2.25, d('2025-01-15'), d('2025-01-15')],
  ['product', '700', 12.345, null, null],
  ['상품', '700', 11, d('2025-02-01'), null],
  ['option', '95002', 'abc', null, null],
  ['옵션', '95003', 3, 'not a date', null],
  ['sku', '95006', 3, null, null],
  [' Option ', '95004', 5.5, '2025-01-10', null],
  ['option', '95005', 1, null, '2025-02-30'],
  ['product', '800', 4, d('2025-01-01'), null],
  ['product', '800', 6, d('2025-01-01'), null],
  ['option', 95007, 0, null, null],
];

interface Case {
  name: string;
  option?: string;
  product?: string;
  category?: string;
  date?: string;
  /** Worked out by hand from the rules above. */
  rate: number | null;
}
const CASES: Case[] = [
  { name: 'P1 is not p1: case matters', category: 'P1', rate: 7 },
  { name: 'p1', category: 'p1', rate: 5 },
  { name: 'spaces around the category are ignored', category: ' p1  ', rate: 5 },
  { name: '* is a category, not a wildcard', category: '*', rate: 9 },
  { name: 'no wildcard match for other text', category: 'xyz', rate: null },
  { name: '? is a category', category: '?', rate: 8 },
  { name: '? matches no single character', category: 'a', rate: null },
  { name: '~ is a category', category: '~', rate: 6 },
  { name: '~* is not an escaped *', category: '~*', rate: null },
  { name: '<특가> is text, not an operator', category: '<특가>', rate: 3 },
  { name: '=x is text', category: '=x', rate: 4 },
  { name: 'inner spaces collapse like TRIM', category: 'a  b', rate: 2.5 },
  { name: 'equal from/to: the later start wins on its day', option: '95001', date: '2025-01-15', rate: 2.25 },
  { name: 'the day after, only the month rule', option: '95001', date: '2025-01-16', rate: 1.5 },
  { name: 'after both ended', option: '95001', date: '2025-02-01', rate: null },
  { name: 'no date: bounded rules do not apply', option: '95001', rate: null },
  { name: 'rates keep 3 decimals', product: '700', date: '2025-01-20', rate: 12.345 },
  { name: 'a later start of the same scope wins', product: '700', date: '2025-02-01', rate: 11 },
  { name: 'a text rate makes the rule invalid', option: '95002', date: '2025-01-20', rate: null },
  { name: 'a text from-date makes the rule invalid', option: '95003', date: '2025-01-20', rate: null },
  { name: 'an unknown scope word is ignored', option: '95006', product: '95006', rate: null },
  {
    name: 'ISO text dates count; scope words trimmed, any case',
    option: '95004',
    date: '2025-01-10',
    rate: 5.5,
  },
  { name: 'the day before the ISO text start', option: '95004', date: '2025-01-09', rate: null },
  { name: 'an impossible date makes the rule invalid', option: '95005', date: '2025-01-09', rate: null },
  { name: 'same scope and start: the higher rate', product: '800', date: '2025-03-01', rate: 6 },
  {
    name: 'option beats product beats category',
    option: '95001',
    product: '700',
    category: 'P1',
    date: '2025-01-15',
    rate: 2.25,
  },
  {
    name: 'no option rule then: the product rule',
    option: '95001',
    product: '700',
    date: '2025-02-01',
    rate: 11,
  },
  { name: 'an ID typed as a number, rate 0', option: '95007', rate: 0 },
];

/** The canonical cells the ports hand to parseRules (dates as ISO text, like adapters read them). */
const canonical = (cell: DateCell | Typed): Typed =>
  cell !== null && typeof cell === 'object' ? cell.date : (cell as Typed);

function caseFee(c: Case) {
  return {
    option_id: c.option ?? null,
    product_id: c.product ?? null,
    category: c.category ?? null,
    recognition_date: c.date ?? null,
    period_end: null,
  };
}

describe('TypeScript precedence', () => {
  const rules = parseRules(RULES.map((r) => r.map(canonical)));

  it.each(CASES)('$name', (c) => {
    expect(ruleRate(caseFee(c), rules)).toBe(c.rate);
  });

  it('override › rule › collected › none', () => {
    const fee = { ...caseFee(CASES[0]!), commission_base: 100_000, collected_total: 11_880 };
    expect(effectiveCommission(fee, 500, rules)).toEqual({ ruleRate: 7, effective: 500, source: 'override' });
    // 100,000 × 7 % × 1.1 = 7,700
    expect(effectiveCommission(fee, null, rules)).toEqual({ ruleRate: 7, effective: 7_700, source: 'rule' });
    const unmatched = { ...fee, category: 'xyz' };
    expect(effectiveCommission(unmatched, null, rules).source).toBe('collected');
    expect(effectiveCommission({ ...unmatched, collected_total: null }, null, rules)).toEqual({
      ruleRate: null,
      effective: 0,
      source: 'none',
    });
  });
});

describe('the Fees formulas', () => {
  it('use no criteria function (they read wildcards and ignore case)', () => {
    const texts = [
      ruleRateFormula(50_001),
      effectiveCommissionFormula(2),
      commissionSourceFormula(2),
      ...SETTINGS_HELPER_KEYS.map((key) => settingsHelperFormula(key, 2)),
    ];
    for (const text of texts) expect(text).not.toMatch(/\b(MAXIFS|COUNTIFS?|SUMIFS?|MATCH|VLOOKUP)\(/);
    expect(ruleRateFormula(50_001).length).toBeLessThan(600);
  });

  describe('in HyperFormula and LibreOffice', () => {
    const lastRow = ruleRangeLastRow(RULES.length);
    let engines: BothEngines;
    const at = (key: string) => columnIndex(FEES_TAB, key);

    beforeAll(async () => {
      const settings: CellInput[][] = [SETTINGS_TAB.columns.map((c) => c.key)];
      for (let r = 2; r <= lastRow; r++) {
        const row: CellInput[] = new Array(SETTINGS_TAB.columns.length).fill(null);
        RULES[r - 2]?.forEach((cell, i) => {
          row[i] = typeof cell === 'string' ? { text: cell } : cell;
        });
        for (const key of SETTINGS_HELPER_KEYS)
          row[columnIndex(SETTINGS_TAB, key)] = settingsHelperFormula(key, r);
        settings.push(row);
      }
      const text = (value: string | undefined): CellInput => (value === undefined ? null : { text: value });
      const fees: CellInput[][] = [FEES_TAB.columns.map((c) => c.key)];
      CASES.forEach((c, i) => {
        const row: CellInput[] = new Array(FEES_TAB.columns.length).fill(null);
        row[at('option_id')] = text(c.option);
        row[at('product_id')] = text(c.product);
        row[at('category')] = text(c.category);
        row[at('rule_date')] = c.date ? { date: c.date } : null;
        row[at('commission_base')] = 100_000;
        row[at('collected_total')] = 1_000;
        row[at('rule_rate')] = ruleRateFormula(i + 2);
        row[at('effective_commission')] = effectiveCommissionFormula(i + 2);
        row[at('commission_source')] = commissionSourceFormula(i + 2);
        fees.push(row);
      });
      const names: Record<string, string> = {};
      for (const key of Object.keys(RULE_RANGE_NAMES) as RuleRangeKey[])
        names[RULE_RANGE_NAMES[key]] = `'Settings'!${ruleRangeA1(key, lastRow)}`;
      engines = await evaluateInBoth({ sheets: { Fees: fees, Settings: settings }, names });
    });

    const rules = parseRules(RULES.map((r) => r.map(canonical)));
    for (const engine of ['hyperFormula', 'libreOffice'] as const) {
      it(`${engine}: every rate, commission and source as worked out by hand`, () => {
        const rows = engines[engine].Fees!;
        CASES.forEach((c, i) => {
          const row = rows[i + 1]!;
          expect(row[at('rule_rate')] === '' ? null : row[at('rule_rate')], c.name).toBe(c.rate);
          const ts = effectiveCommission(
            { ...caseFee(c), commission_base: 100_000, collected_total: 1_000 },
            null,
            rules,
          );
          // 100,000 × rate % × 1.1, or the collected 1,000.
          const expected = c.rate === null ? 1_000 : Math.round(100_000 * (c.rate / 100) * 1.1);
          expect(ts.effective, c.name).toBe(expected);
          expect(row[at('effective_commission')], c.name).toBe(expected);
          expect(row[at('commission_source')], c.name).toBe(c.rate === null ? 'collected' : 'rule');
        });
      });

      it(`${engine}: the helper values the .xlsx caches are what the helper formulas compute`, () => {
        const rows = engines[engine].Settings!;
        for (let r = 2; r <= lastRow; r++) {
          const typed = RULES[r - 2]?.map(canonical) ?? [];
          const cached = settingsHelperValues(typed);
          for (const key of SETTINGS_HELPER_KEYS) {
            expect(rows[r - 1]![columnIndex(SETTINGS_TAB, key)], `settings row ${r} ${key}`).toBe(
              cached[key],
            );
          }
        }
      });
    }
  });
});
