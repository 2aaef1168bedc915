/**
 * Commission precedence: override › rule › collected › none (normalized-tabs.md, "Fees").
 *
 * The tabs compute it LIVE with per-row formulas, so an edited override or rule takes effect
 * without a re-import. The same rule is implemented here in TypeScript for the cached values of the
 * .xlsx cells and for the "commission missing" count of the summary; tests check that both agree
 * by evaluating the formulas with a real engine (HyperFormula).
 *
 * The formulas use only SUMPRODUCT / MAX / IF / ROUND / COUNTIFS, which Google Sheets, Excel 2019+
 * and LibreOffice 7 all evaluate the same way (no LET, LAMBDA, FILTER, XLOOKUP, dynamic arrays).
 *
 * Rule choice, in one number per settings row ("score"):
 *   rank  = 3 option match · 2 product match · 1 category match · 0 none
 *   score = valid × (rank>0) × (rank × 100000 + valid_from serial)
 * so the highest score is the most specific scope and, within it, the most recent valid_from
 * (a date serial is < 100000 until the year 2173). Rules with equal best score are averaged.
 * `valid` = rate and scope_id not blank, valid_from blank or ≤ date, valid_to blank or ≥ date, where
 * date = recognition_date, or period_end for v1 rows (they have no recognition date).
 */
import type { FeeRecord } from '../model/records';
import { columnIndex, columnLetter, FEES_TAB, SETTINGS_TAB } from '../model/tabs';
import { isoToSerial } from './dates';

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
  let sum = 0;
  let count = 0;
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
    if (score > best) {
      best = score;
      sum = rule.ratePct;
      count = 1;
    } else if (score === best) {
      sum += rule.ratePct;
      count += 1;
    }
  }
  return count === 0 ? null : sum / count;
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

function quoteSheet(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

function feeCol(key: string): string {
  return columnLetter(columnIndex(FEES_TAB, key) + 1);
}

function settingsRange(sheet: string, key: string): string {
  const letter = columnLetter(columnIndex(SETTINGS_TAB, key) + 1);
  return `${quoteSheet(sheet)}!$${letter}$2:$${letter}$${SETTINGS_LAST_ROW}`;
}

/** rule_rate of Fees row `row` (1-based sheet row), reading the settings tab named `settingsSheet`. */
export function ruleRateFormula(row: number, settingsSheet: string): string {
  const scope = settingsRange(settingsSheet, 'scope');
  const id = settingsRange(settingsSheet, 'scope_id');
  const rate = settingsRange(settingsSheet, 'rate_pct');
  const from = settingsRange(settingsSheet, 'valid_from');
  const to = settingsRange(settingsSheet, 'valid_to');
  const option = `$${feeCol('option_id')}${row}`;
  const product = `$${feeCol('product_id')}${row}`;
  const category = `$${feeCol('category')}${row}`;
  const recognition = `$${feeCol('recognition_date')}${row}`;
  const periodEnd = `$${feeCol('period_end')}${row}`;
  const date = `IF(${recognition}<>"",${recognition},${periodEnd})`;
  // `&""` compares IDs as text whether the user typed them as numbers or as text.
  const rank =
    `((${scope}="option")*(${id}&""=${option}&"")*3` +
    `+(${scope}="product")*(${id}&""=${product}&"")*2` +
    `+(${scope}="category")*(${id}&""=${category}&""))`;
  const valid =
    `(${rate}<>"")*(${id}<>"")*(((${from}="")+(${from}<=${date}))>0)` + `*(((${to}="")+(${to}>=${date}))>0)`;
  const score = `(${valid}*(${rank}>0)*(${rank}*100000+${from}))`;
  const best = `SUMPRODUCT(MAX(${score}))`;
  // COUNTIFS first: rows without any candidate rule (most of them) skip the array arithmetic.
  const candidates =
    `COUNTIFS(${scope},"option",${id},${option})` +
    `+COUNTIFS(${scope},"product",${id},${product})` +
    `+COUNTIFS(${scope},"category",${id},${category})`;
  return (
    `=IF(${candidates}=0,"",IF(${best}=0,"",` +
    `SUMPRODUCT((${score}=${best})*${rate})/SUMPRODUCT((${score}=${best})*1)))`
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
export function formulaFor(columnKey: string, row: number, settingsSheet: string): string | null {
  switch (columnKey) {
    case 'rule_rate':
      return ruleRateFormula(row, settingsSheet);
    case 'effective_commission':
      return effectiveCommissionFormula(row);
    case 'commission_source':
      return commissionSourceFormula(row);
    default:
      return null;
  }
}
