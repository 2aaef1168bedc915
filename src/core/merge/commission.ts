/**
 * Commission precedence: override › rule › collected › none (normalized-tabs.md, "Fees").
 *
 * The tabs compute it LIVE with per-row formulas, so an edited override or rule takes effect
 * without a re-import. The same rule is implemented here in TypeScript for the cached values of the
 * .xlsx cells and for the "commission missing" count of the summary; tests check that both agree
 * by evaluating the formulas with a real engine (HyperFormula).
 *
 * The formulas use only IF / MAX / ROUND / COUNTIFS / MAXIFS, which Google Sheets, Excel 2019+
 * and LibreOffice 7 all evaluate the same way (no LET, LAMBDA, FILTER, XLOOKUP, dynamic arrays,
 * and no array arithmetic, which would cost 2,000 cells × every fee row on each recalculation).
 *
 * Rule choice, in one number per settings row ("score"):
 *   rank  = 3 option match · 2 product match · 1 category match · 0 none
 *   score = valid × (rank>0) × (rank × 100000 + valid_from serial)
 * so the highest score is the most specific scope and, within it, the most recent valid_from
 * (a date serial is < 100000 until the year 2173). Among rules with the same best score, the
 * highest rate (the formula's MAXIFS does the same).
 * `valid` = rate and scope_id not blank, valid_from blank or ≤ date, valid_to blank or ≥ date, where
 * date = recognition_date, or period_end for v1 rows (they have no recognition date).
 */
import type { FeeRecord } from '../model/records';
import { columnIndex, columnLetter, FEES_TAB, SETTINGS_TAB } from '../model/tabs';
import { isoToSerial } from '../util/dates';

/** The formulas read settings rows 2..SETTINGS_LAST_ROW: a bounded range keeps every engine fast. */
export const SETTINGS_LAST_ROW = 2001;

export type CommissionSource = 'override' | 'rule' | 'collected' | 'none';

export interface CommissionRule {
  scope: 'option' | 'product' | 'category';
  scopeId: string;
  ratePct: number;
  validFrom: string | null;
  validTo: string | null;
}

/** Settings rows (canonical cells: scope, scope_id, rate_pct, valid_from, valid_to, note) → rules.
 *  Rows a formula would ignore (blank rate or id, unknown scope) are ignored here too. */
export function parseRules(rows: readonly (readonly unknown[])[]): CommissionRule[] {
  const rules: CommissionRule[] = [];
  for (const row of rows.slice(0, SETTINGS_LAST_ROW - 1)) {
    const scope = String(row[0] ?? '')
      .trim()
      .toLowerCase();
    const scopeId = row[1] === null || row[1] === undefined ? '' : String(row[1]).trim();
    const rate = row[2];
    if (scope !== 'option' && scope !== 'product' && scope !== 'category') continue;
    if (scopeId === '' || typeof rate !== 'number' || !Number.isFinite(rate)) continue;
    rules.push({
      scope,
      scopeId,
      ratePct: rate,
      validFrom: typeof row[3] === 'string' && row[3] !== '' ? row[3] : null,
      validTo: typeof row[4] === 'string' && row[4] !== '' ? row[4] : null,
    });
  }
  return rules;
}

export interface FeeIdentity {
  option_id: string | null;
  product_id: string | null;
  category: string | null;
  recognition_date: string | null;
  period_end: string | null;
}

const RANK = { option: 3, product: 2, category: 1 } as const;

/** The rate of the best matching rule, or null (same choice as the rule_rate formula). */
export function ruleRate(fee: FeeIdentity, rules: readonly CommissionRule[]): number | null {
  const date = fee.recognition_date ?? fee.period_end;
  const serial = date === null ? null : isoToSerial(date);
  let best = 0;
  let chosen: number | null = null;
  for (const rule of rules) {
    const target =
      rule.scope === 'option' ? fee.option_id : rule.scope === 'product' ? fee.product_id : fee.category;
    if (target === null || target !== rule.scopeId) continue;
    const from = rule.validFrom === null ? 0 : isoToSerial(rule.validFrom);
    const to = rule.validTo === null ? null : isoToSerial(rule.validTo);
    if (serial === null) {
      // A row without any date only matches rules without a date range (as the formula does).
      if (rule.validFrom !== null || to !== null) continue;
    } else if (from > serial || (to !== null && to < serial)) continue;
    const score = RANK[rule.scope] * 100000 + from;
    if (score > best || (score === best && rule.ratePct > (chosen ?? -Infinity))) {
      best = score;
      chosen = rule.ratePct;
    }
  }
  return chosen;
}

/** Spreadsheet ROUND: half away from zero (Math.round rounds -2.5 to -2). */
export function roundHalfAwayFromZero(value: number): number {
  const rounded = Math.sign(value) * Math.round(Math.abs(value));
  return rounded === 0 ? 0 : rounded;
}

export interface EffectiveCommission {
  ruleRate: number | null;
  effective: number;
  source: CommissionSource;
}

export function effectiveCommission(
  fee: FeeIdentity & Pick<FeeRecord, 'commission_base' | 'collected_total'>,
  override: number | null,
  rules: readonly CommissionRule[],
): EffectiveCommission {
  const rate = ruleRate(fee, rules);
  if (override !== null) return { ruleRate: rate, effective: override, source: 'override' };
  // Same operation order as the formula (base × rate / 100 × 1.1) so both round the same double.
  if (rate !== null)
    return {
      ruleRate: rate,
      effective: roundHalfAwayFromZero(((fee.commission_base * rate) / 100) * 1.1),
      source: 'rule',
    };
  if (fee.collected_total !== null)
    return { ruleRate: null, effective: fee.collected_total, source: 'collected' };
  return { ruleRate: null, effective: 0, source: 'none' };
}

// ── formulas ─────────────────────────────────────────────────────────────────────────────────────

/**
 * Named ranges over the Commission settings columns (rows 2..SETTINGS_LAST_ROW). Both adapters
 * define them: the formulas stay short (they are repeated on every Fees row; Excel caps a formula at
 * 8,192 characters) and keep working when the user renames the settings tab.
 */
export const RULE_RANGE_NAMES = {
  scope: 'cjScope',
  scope_id: 'cjId',
  rate_pct: 'cjRate',
  from_key: 'cjFrom',
  to_key: 'cjTo',
} as const;

/** Serial of the open ends: 1 = 1899-12-31 (no start), 2958465 = 9999-12-31 (no end). */
export const OPEN_FROM_SERIAL = 1;
export const OPEN_TO_SERIAL = 2958465;

function feeCol(key: string): string {
  return columnLetter(columnIndex(FEES_TAB, key) + 1);
}

function settingsCol(key: string): string {
  return columnLetter(columnIndex(SETTINGS_TAB, key) + 1);
}

/** The A1 range (without sheet) of a settings column that a rule name points at. */
export function ruleRangeA1(key: keyof typeof RULE_RANGE_NAMES): string {
  const letter = settingsCol(key);
  return `$${letter}$2:$${letter}$${SETTINGS_LAST_ROW}`;
}

/** The settings tab's helper formulas of row `row`: from_key and to_key. */
export function settingsHelperFormula(key: 'from_key' | 'to_key', row: number): string {
  if (key === 'from_key')
    return `=IF(${settingsCol('valid_from')}${row}="",${OPEN_FROM_SERIAL},${settingsCol('valid_from')}${row})`;
  return `=IF(${settingsCol('valid_to')}${row}="",${OPEN_TO_SERIAL},${settingsCol('valid_to')}${row})`;
}

/** What a helper formula yields for a settings row (cached value in the .xlsx). */
export function settingsHelperValue(key: 'from_key' | 'to_key', validDate: string | null): number {
  if (validDate === null) return key === 'from_key' ? OPEN_FROM_SERIAL : OPEN_TO_SERIAL;
  return isoToSerial(validDate);
}

/** rule_rate of Fees row `row` (1-based sheet row).
 *
 * MAXIFS only (no array arithmetic): every engine evaluates it natively and fast, and the text stays
 * under 1,000 characters although it is repeated on every Fees row. Per scope, from the most
 * specific: the most recent start among the rules valid on the row's rule_date (0 = none), then the
 * highest rate among the rules with that start.
 */
export function ruleRateFormula(row: number): string {
  const { scope, scope_id: id, rate_pct: rate, from_key: from, to_key: to } = RULE_RANGE_NAMES;
  const date = `$${feeCol('rule_date')}${row}`;
  const perScope = (name: 'option' | 'product' | 'category', idCell: string) => {
    const match = `${scope},"${name}",${id},${idCell},${id},"<>",${rate},"<>",${from},"<="&${date},${to},">="&${date}`;
    const latest = `MAXIFS(${from},${match})`;
    return { latest, rate: `MAXIFS(${rate},${match},${from},${latest})` };
  };
  const option = perScope('option', `$${feeCol('option_id')}${row}`);
  const product = perScope('product', `$${feeCol('product_id')}${row}`);
  const category = perScope('category', `$${feeCol('category')}${row}`);
  return (
    `=IF(${option.latest}>0,${option.rate},` +
    `IF(${product.latest}>0,${product.rate},` +
    `IF(${category.latest}>0,${category.rate},"")))`
  );
}

export function effectiveCommissionFormula(row: number): string {
  const override = `$${feeCol('commission_override')}${row}`;
  const rule = `$${feeCol('rule_rate')}${row}`;
  const base = `$${feeCol('commission_base')}${row}`;
  const collected = `$${feeCol('collected_total')}${row}`;
  return `=IF(${override}<>"",${override},IF(${rule}<>"",ROUND(${base}*${rule}/100*1.1,0),IF(${collected}<>"",${collected},0)))`;
}

export function commissionSourceFormula(row: number): string {
  const override = `$${feeCol('commission_override')}${row}`;
  const rule = `$${feeCol('rule_rate')}${row}`;
  const collected = `$${feeCol('collected_total')}${row}`;
  return `=IF(${override}<>"","override",IF(${rule}<>"","rule",IF(${collected}<>"","collected","none")))`;
}

/** The formula of a formula column, or null for ordinary columns. */
export function formulaFor(columnKey: string, row: number): string | null {
  switch (columnKey) {
    case 'from_key':
    case 'to_key':
      return settingsHelperFormula(columnKey, row);
    case 'rule_rate':
      return ruleRateFormula(row);
    case 'effective_commission':
      return effectiveCommissionFormula(row);
    case 'commission_source':
      return commissionSourceFormula(row);
    default:
      return null;
  }
}
