/**
 * Commission precedence: override › rule › collected › none (normalized-tabs.md, "Fees").
 *
 * The tabs compute it LIVE with per-row formulas, so an edited override or rule takes effect
 * without a re-import. The same rule is implemented here in TypeScript for the cached values of the
 * .xlsx cells and for the "commission missing" count of the summary; tests evaluate the formulas in
 * HyperFormula and LibreOffice on adversarial inputs and require the same answer as this module.
 *
 * ONE meaning, whatever the text (issue #9):
 *   - IDs and categories match EXACTLY and case-sensitively (`p1` ≠ `P1`); only spaces around them
 *     are ignored, the way the spreadsheet TRIM does (ends stripped, inner runs of spaces → one).
 *     Criteria functions (MAXIFS, COUNTIFS, MATCH) ignore case and read `* ? ~` as wildcards and a
 *     leading `< > =` as an operator, so the formulas use EXACT and numbers only.
 *   - 범위 (scope) takes the codes or the Korean words a seller types, case-insensitively:
 *     option/옵션 (3) › product/상품 (2) › category/카테고리 (1).
 *   - A rule needs a scope, an ID, a rate 0 ≤ rate < 9999 and dates that are real dates or blank
 *     (a blank date is an open bound; other text makes the rule invalid, in both implementations).
 *   - A Fees row is matched on its rule_date (recognition_date, or period_end for v1); a row without a
 *     date only takes rules without bounds.
 *   - Among matching rules: the most specific scope, then the most recent valid_from, then the highest
 *     rate. Rates count to 3 decimals.
 *
 * How the formulas do it without criteria functions or long formulas: each settings row gets helper
 * formulas (rank, trimmed id, from/to as serials, and one "score" number that orders rules
 * exactly as above: (rank × 10⁷ + from) × 10⁷ + rate × 1000 + 1, an integer below 2⁵³); a Fees row
 * takes MAX(match × in-range × score) over the rule rows with SUMPRODUCT (which every engine
 * evaluates over arrays) and reads the rate back from the low digits. The rule ranges are sized to the
 * rows in use plus a margin (not 2,000 rows), so a settings edit recalculates little.
 */
import type { FeeRecord } from '../model/records';
import { columnIndex, columnLetter, FEES_TAB, SETTINGS_TAB } from '../model/tabs';
import { isIsoDate, isoToSerial } from '../util/dates';

export type CommissionSource = 'override' | 'rule' | 'collected' | 'none';
export type RuleScope = 'option' | 'product' | 'category';

export interface CommissionRule {
  scope: RuleScope;
  /** The scope ID as the spreadsheet's TRIM leaves it. */
  scopeId: string;
  ratePct: number;
  validFrom: string | null;
  validTo: string | null;
}

/** Serial of the open ends: 1 = 1900-01-01 (no start), 2958465 = 9999-12-31 (no end). */
export const OPEN_FROM_SERIAL = 1;
export const OPEN_TO_SERIAL = 2958465;
/** Rates at or above this are not rates (and would not fit the score's low digits). */
export const MAX_RATE_PCT = 9999;
const SCALE = 10_000_000;
/** Empty rule rows the ranges keep below the last rule, so a seller can add rules without an import. */
export const RULE_ROWS_MARGIN = 50;

/** The words 범위 accepts (first: what the dropdown offers first). */
export const SCOPE_WORDS: Record<RuleScope, readonly string[]> = {
  option: ['옵션', 'option'],
  product: ['상품', 'product'],
  category: ['카테고리', 'category'],
};
const RANK: Record<RuleScope, number> = { option: 3, product: 2, category: 1 };
/** The order the dropdown offers them in (most specific first). */
export const SCOPE_ORDER: readonly RuleScope[] = ['option', 'product', 'category'];

/** The spreadsheet TRIM: spaces (U+0020 only) stripped at both ends, inner runs collapsed to one. */
export function sheetTrim(text: string): string {
  // Most IDs hold no space at all: nothing to trim.
  if (!text.includes(' ')) return text;
  return text.replace(/ +/g, ' ').replace(/^ | $/g, '');
}

/** A cell as the formulas' `cell&""` sees it (canonical cells: text, numbers, booleans). */
function cellAsText(cell: unknown): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  return String(cell);
}

export function scopeOf(cell: unknown): RuleScope | null {
  const word = sheetTrim(cellAsText(cell)).toLowerCase();
  for (const scope of Object.keys(SCOPE_WORDS) as RuleScope[]) {
    if (SCOPE_WORDS[scope].includes(word)) return scope;
  }
  return null;
}

/** A rule date cell (canonical: ISO text for a real date): blank → null, a date → it, else invalid. */
function ruleDate(cell: unknown): { ok: true; value: string | null } | { ok: false } {
  if (cell === null || cell === undefined || cell === '') return { ok: true, value: null };
  return typeof cell === 'string' && isIsoDate(cell) ? { ok: true, value: cell } : { ok: false };
}

/** One settings row (canonical cells: scope, scope_id, rate_pct, valid_from, valid_to, …) → a rule,
 *  or null when the formulas would ignore it (see the module comment). */
export function parseRule(row: readonly unknown[]): CommissionRule | null {
  const scope = scopeOf(row[0]);
  const scopeId = sheetTrim(cellAsText(row[1]));
  const rate = row[2];
  const from = ruleDate(row[3]);
  const to = ruleDate(row[4]);
  if (scope === null || scopeId === '' || !from.ok || !to.ok) return null;
  if (typeof rate !== 'number' || !Number.isFinite(rate) || rate < 0 || rate >= MAX_RATE_PCT) return null;
  return { scope, scopeId, ratePct: rate, validFrom: from.value, validTo: to.value };
}

export function parseRules(rows: readonly (readonly unknown[])[]): CommissionRule[] {
  const rules: CommissionRule[] = [];
  for (const row of rows) {
    const rule = parseRule(row);
    if (rule) rules.push(rule);
  }
  return rules;
}

/** The last sheet row the rule ranges cover: every row in use plus the margin. */
export function ruleRangeLastRow(settingsDataRows: number): number {
  return 1 + Math.max(0, settingsDataRows) + RULE_ROWS_MARGIN;
}

export interface FeeIdentity {
  option_id: string | null;
  product_id: string | null;
  category: string | null;
  recognition_date: string | null;
  period_end: string | null;
}

/** Spreadsheet ROUND: half away from zero (Math.round rounds -2.5 to -2). */
export function roundHalfAwayFromZero(value: number): number {
  const rounded = Math.sign(value) * Math.round(Math.abs(value));
  return rounded === 0 ? 0 : rounded;
}

/** The number that orders matching rules, as the score_key helper formula computes it. */
function ruleScore(rule: CommissionRule): number {
  const from = rule.validFrom === null ? OPEN_FROM_SERIAL : isoToSerial(rule.validFrom);
  return (RANK[rule.scope] * SCALE + from) * SCALE + roundHalfAwayFromZero(rule.ratePct * 1000) + 1;
}

/** The rate of the best matching rule, or null (the rule_rate formula's choice). */
export function ruleRate(fee: FeeIdentity, rules: readonly CommissionRule[]): number | null {
  if (rules.length === 0) return null;
  const date = fee.recognition_date ?? fee.period_end;
  const day = date === null ? null : isoToSerial(date);
  const values: Record<RuleScope, string> = {
    option: sheetTrim(fee.option_id ?? ''),
    product: sheetTrim(fee.product_id ?? ''),
    category: sheetTrim(fee.category ?? ''),
  };
  let best = 0;
  for (const rule of rules) {
    if (values[rule.scope] !== rule.scopeId) continue;
    const from = rule.validFrom === null ? OPEN_FROM_SERIAL : isoToSerial(rule.validFrom);
    const to = rule.validTo === null ? OPEN_TO_SERIAL : isoToSerial(rule.validTo);
    if (from > (day ?? OPEN_FROM_SERIAL) || to < (day ?? OPEN_TO_SERIAL)) continue;
    best = Math.max(best, ruleScore(rule));
  }
  return best === 0 ? null : ((best % SCALE) - 1) / 1000;
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
 * Named ranges over the settings helper columns (rows 2..ruleRangeLastRow). Both adapters define
 * them: the Fees formula stays short and keeps working when the user renames the settings tab.
 */
export const RULE_RANGE_NAMES = {
  rank_key: 'cjRank',
  id_key: 'cjKey',
  from_key: 'cjFrom',
  to_key: 'cjTo',
  score_key: 'cjScore',
} as const;
export type RuleRangeKey = keyof typeof RULE_RANGE_NAMES;
export const SETTINGS_HELPER_KEYS = ['from_key', 'to_key', 'rank_key', 'id_key', 'score_key'] as const;
export type SettingsHelperKey = (typeof SETTINGS_HELPER_KEYS)[number];

function feeCol(key: string): string {
  return columnLetter(columnIndex(FEES_TAB, key) + 1);
}

function settingsCol(key: string): string {
  return columnLetter(columnIndex(SETTINGS_TAB, key) + 1);
}

/** The A1 range (without sheet) of a settings helper column that a rule name points at. */
export function ruleRangeA1(key: RuleRangeKey, lastRow: number): string {
  const letter = settingsCol(key);
  return `$${letter}$2:$${letter}$${Math.max(2, lastRow)}`;
}

/** A rule date as a serial, or -1 when it is neither blank, a date, nor ISO text of a real date. */
function dateKeyFormula(cell: string, open: number): string {
  const y = `VALUE(LEFT(${cell},4))`;
  const m = `VALUE(MID(${cell},6,2))`;
  const d = `VALUE(RIGHT(${cell},2))`;
  const date = `DATE(${y},${m},${d})`;
  const isoText = `AND(LEN(${cell})=10,MID(${cell},5,1)="-",MID(${cell},8,1)="-",${y}>=1900,${y}<=2999,MONTH(${date})=${m},DAY(${date})=${d})`;
  return `=IFERROR(IF(${cell}="",${open},IF(ISNUMBER(${cell}),INT(${cell}),IF(${isoText},${date},-1))),-1)`;
}

/** The settings tab's helper formula `key` of sheet row `row`. */
export function settingsHelperFormula(key: SettingsHelperKey, row: number): string {
  const at = (column: string) => `${settingsCol(column)}${row}`;
  switch (key) {
    case 'from_key':
      return dateKeyFormula(at('valid_from'), OPEN_FROM_SERIAL);
    case 'to_key':
      return dateKeyFormula(at('valid_to'), OPEN_TO_SERIAL);
    case 'rank_key': {
      const scope = `TRIM(${at('scope')}&"")`;
      const word = (s: RuleScope) => SCOPE_WORDS[s].map((w) => `${scope}="${w}"`).join(',');
      const rank = `IF(OR(${word('option')}),3,IF(OR(${word('product')}),2,IF(OR(${word('category')}),1,0)))`;
      const rate = at('rate_pct');
      const valid = `AND(TRIM(${at('scope_id')}&"")<>"",ISNUMBER(${rate}),${at('from_key')}>0,${at('to_key')}>0)`;
      return `=IFERROR(IF(${valid},IF(AND(${rate}>=0,${rate}<${MAX_RATE_PCT}),${rank},0),0),0)`;
    }
    case 'id_key':
      return `=IFERROR(TRIM(${at('scope_id')}&""),"")`;
    case 'score_key':
      return `=IF(${at('rank_key')}=0,0,(${at('rank_key')}*${SCALE}+${at('from_key')})*${SCALE}+ROUND(${at('rate_pct')}*1000,0)+1)`;
  }
}

/** What the helper formulas of one settings row yield (the .xlsx caches them). */
export function settingsHelperValues(row: readonly unknown[]): Record<SettingsHelperKey, number | string> {
  const rule = parseRule(row);
  const dateKey = (cell: unknown, open: number) => {
    const parsed = ruleDate(cell);
    if (!parsed.ok) return -1;
    return parsed.value === null ? open : isoToSerial(parsed.value);
  };
  return {
    from_key: dateKey(row[3], OPEN_FROM_SERIAL),
    to_key: dateKey(row[4], OPEN_TO_SERIAL),
    rank_key: rule ? RANK[rule.scope] : 0,
    id_key: sheetTrim(cellAsText(row[1])),
    score_key: rule ? ruleScore(rule) : 0,
  };
}

/** rule_rate of Fees row `row` (1-based sheet row). See the module comment for how it works. */
export function ruleRateFormula(row: number): string {
  const { rank_key: rank, id_key: key, from_key: from, to_key: to, score_key: score } = RULE_RANGE_NAMES;
  const value = (column: string) => `TRIM($${feeCol(column)}${row}&"")`;
  const match =
    `(${rank}=3)*EXACT(${key},${value('option_id')})` +
    `+(${rank}=2)*EXACT(${key},${value('product_id')})` +
    `+(${rank}=1)*EXACT(${key},${value('category')})`;
  const date = `$${feeCol('rule_date')}${row}`;
  const inRange = `(${from}<=IF(${date}="",${OPEN_FROM_SERIAL},${date}))*(${to}>=IF(${date}="",${OPEN_TO_SERIAL},${date}))`;
  const best = `SUMPRODUCT(MAX((${match})*${inRange}*${score}))`;
  // 1/(1/x) turns "no rule" (0) into an error without computing the array twice.
  return `=IFERROR((ROUND(1/(1/MOD(${best},${SCALE})),0)-1)/1000,"")`;
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
    case 'rank_key':
    case 'id_key':
    case 'score_key':
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
