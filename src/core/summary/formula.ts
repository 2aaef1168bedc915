/**
 * Declarations (define.ts) → formula text. Only functions every engine shares with one meaning are
 * used: SUMIFS, COUNTIFS, SUM, IF, AND, OR, NOT, ROUND, EDATE, DATE, YEAR (and the payout formulas
 * of src/core/close: WEEKDAY, DAY, EOMONTH, WORKDAY, ISNUMBER) — none needs the `_xlfn.` prefix in
 * .xlsx. Source ranges are whole columns of the normalized tabs under their current names, so a row
 * added or edited there flows through without a refresh; key cells are read from the formula's own
 * row ($A2: column fixed, row relative), so a sorted row keeps its meaning.
 *
 * Criteria: a key cell is compared as it stands, or through its word (확정 → "v2"); constants are
 * ours (criteria.ts). A blank source cell is matched with the criterion "" (HyperFormula and
 * LibreOffice agree on empty cells; the adapters never store empty strings).
 */
import {
  columnLetter,
  FEES_TAB,
  type FormulaAt,
  FULFILLMENT_TAB,
  ORDERS_TAB,
  type TabDef,
} from '../model/tabs';
import { COST_DAYS_SOURCE_TAB } from './cost-days-columns';
import { quote } from './criteria';
import {
  type Check,
  type Condition,
  columnAt,
  type Expr,
  type Filter,
  type KeyDef,
  keyColumns,
  keyDef,
  keyLabel,
  type SourceId,
  type SummaryDef,
  subExprs,
  type Term,
} from './define';

export const SOURCE_TABS: Record<SourceId, TabDef> = {
  orders: ORDERS_TAB,
  fees: FEES_TAB,
  fulfillment: FULFILLMENT_TAB,
  cost_days: COST_DAYS_SOURCE_TAB,
};

const sourceIndexes = new Map<string, number>();

export function sourceColumnIndex(source: SourceId, column: string): number {
  const id = `${source}|${column}`;
  let index = sourceIndexes.get(id);
  if (index === undefined) {
    index = SOURCE_TABS[source].columns.findIndex((c) => c.key === column);
    if (index < 0) throw new Error(`${source} has no column ${column}`);
    sourceIndexes.set(id, index);
  }
  return index;
}

interface Ctx {
  def: SummaryDef;
  at: FormulaAt;
}

function letterOf(def: SummaryDef, column: string): string {
  return columnLetter(columnAt(def, column).index + 1);
}

function ref(ctx: Ctx, column: string): string {
  return `$${letterOf(ctx.def, column)}${ctx.at.row}`;
}

function ownColumn(ctx: Ctx, column: string): string {
  const letter = letterOf(ctx.def, column);
  return `$${letter}:$${letter}`;
}

function sourceRange(ctx: Ctx, source: SourceId, column: string): string {
  const name = ctx.at.tabName(SOURCE_TABS[source]).replace(/'/g, "''");
  const letter = columnLetter(sourceColumnIndex(source, column) + 1);
  return `'${name}'!$${letter}:$${letter}`;
}

/** The criterion for a key: its cell, or the raw value its word stands for. */
function keyCriterion(ctx: Ctx, key: KeyDef): string {
  const cell = ref(ctx, key.column);
  let out = cell;
  for (const [raw, text] of Object.entries(key.words ?? {}).reverse()) {
    out = `IF(${cell}=${quote(text[ctx.at.lang])},${quote(raw)},${out})`;
  }
  return out;
}

/**
 * A condition the row's own key cells decide when the formula is written: true or false, or null
 * when it must stay in the formula (a `filled` condition, a key cell that is not text). Compared as
 * the engines compare text (ignoring case). The key cells are ours and a refresh writes them with
 * the formulas, so a 미배정 row carries only the 미배정 checks and terms, not every row all of them
 * behind an IF (the month-partition check alone was ~26 KB on each 옵션별 손익 row).
 */
function decided(ctx: Ctx, conditions: readonly Condition[]): boolean | null {
  let holds = true;
  for (const c of conditions) {
    if ('filled' in c) return null;
    const cell = ctx.at.cells[columnAt(ctx.def, c.key).index] ?? null;
    if (cell !== null && typeof cell !== 'string') return null;
    const text = (cell ?? '').toLowerCase();
    const key = keyDef(ctx.def, c.key);
    const listed = ('in' in c ? c.in : c.notIn).some(
      (v) => keyLabel(key, v, ctx.at.lang).toLowerCase() === text,
    );
    if ('in' in c ? !listed : listed) holds = false;
  }
  return holds;
}

export function conditionFormula(ctx: Ctx, conditions: readonly Condition[]): string {
  const parts = conditions.map((c) => {
    if ('filled' in c) return `${ref(ctx, c.filled)}<>""`;
    const key = keyDef(ctx.def, c.key);
    const values = 'in' in c ? c.in : c.notIn;
    const any = values.map((v) => `${ref(ctx, c.key)}=${quote(keyLabel(key, v, ctx.at.lang))}`);
    const or = any.length === 1 ? any[0]! : `OR(${any.join(',')})`;
    return 'in' in c ? or : `NOT(${or})`;
  });
  return parts.length === 1 ? parts[0]! : `AND(${parts.join(',')})`;
}

/** One way a filter selects rows: its criteria pairs and, for the blank-cell branch, a guard. */
interface Alternative {
  criteria: string[];
  guard: string | null;
}

function filterAlternatives(ctx: Ctx, term: Term, filter: Filter): Alternative[] {
  const range = (column: string) => sourceRange(ctx, term.source, column);
  switch (filter.kind) {
    case 'is':
      return [{ criteria: [`${range(filter.column)},${quote(filter.value)}`], guard: null }];
    case 'isNot':
      return [{ criteria: [`${range(filter.column)},${quote(`<>${filter.value}`)}`], guard: null }];
    case 'month': {
      const month = ref(ctx, filter.key);
      const inMonth = (column: string) => [
        `${range(column)},">="&${month}`,
        `${range(column)},"<"&EDATE(${month},1)`,
      ];
      const alternatives = [{ criteria: inMonth(filter.column), guard: null }];
      if (filter.fallback)
        alternatives.push({
          criteria: [`${range(filter.column)},""`, ...inMonth(filter.fallback)],
          guard: null,
        });
      return alternatives;
    }
    case 'key': {
      const key = keyDef(ctx.def, filter.key);
      const criterion = keyCriterion(ctx, key);
      const alternatives: Alternative[] = [
        { criteria: [`${range(filter.column)},${criterion}`], guard: null },
      ];
      if (filter.fallback)
        alternatives.push({
          criteria: [`${range(filter.column)},""`, `${range(filter.fallback)},${criterion}`],
          guard: null,
        });
      if (filter.blank)
        alternatives.push({ criteria: [`${range(filter.column)},""`], guard: designated(ctx, term, filter) });
      return alternatives;
    }
  }
}

/**
 * Is this row where a blank source cell of `filter` counts? Its key is the preferred value, or no row
 * of this tab has the preferred value with the same other keys of the term.
 */
function designated(ctx: Ctx, term: Term, filter: Extract<Filter, { kind: 'key' }>): string {
  const blank = filter.blank!;
  const key = keyDef(ctx.def, filter.key);
  const prefer = quote(keyLabel(key, blank.prefer, ctx.at.lang));
  const others = term.filters
    .filter((f): f is Extract<Filter, { key: string }> => 'key' in f && f.key !== filter.key)
    .map((f) => `,${ownColumn(ctx, f.key)},${ref(ctx, f.key)}`)
    .join('');
  return `OR(${ref(ctx, filter.key)}=${prefer},COUNTIFS(${ownColumn(ctx, filter.key)},${prefer}${others})=0)`;
}

export function termFormula(ctx: Ctx, term: Term): string {
  let combos: Alternative[] = [{ criteria: [], guard: null }];
  for (const filter of term.filters) {
    const next: Alternative[] = [];
    for (const combo of combos) {
      for (const alt of filterAlternatives(ctx, term, filter)) {
        const guards = [combo.guard, alt.guard].filter((g): g is string => g !== null);
        next.push({
          criteria: [...combo.criteria, ...alt.criteria],
          guard: guards.length === 0 ? null : guards.length === 1 ? guards[0]! : `AND(${guards.join(',')})`,
        });
      }
    }
    combos = next;
  }
  const value = sourceRange(ctx, term.source, term.value);
  const parts = combos.map((combo) => {
    const sum =
      combo.criteria.length === 0 ? `SUM(${value})` : `SUMIFS(${value},${combo.criteria.join(',')})`;
    return combo.guard ? `IF(${combo.guard},${sum},0)` : sum;
  });
  let text = parts.length === 1 ? parts[0]! : `(${parts.join('+')})`;
  if (term.when && term.when.length > 0) {
    const holds = decided(ctx, term.when);
    if (holds === false) return '0';
    if (holds === null) text = `IF(${conditionFormula(ctx, term.when)},${text},0)`;
  }
  return term.sign === -1 ? `(0-${text})` : text;
}

export function exprFormula(ctx: Ctx, expr: Expr): string {
  switch (expr.op) {
    case 'col':
      return ref(ctx, expr.column);
    case 'sum': {
      const parts = expr.terms.map((t) => termFormula(ctx, t));
      return parts.length === 1 ? parts[0]! : `(${parts.join('+')})`;
    }
    case 'num':
      return String(expr.value);
    case 'add':
      return `(${expr.args.map((a) => exprFormula(ctx, a)).join('+')})`;
    case 'sub':
      return `(${exprFormula(ctx, expr.left)}-${exprFormula(ctx, expr.right)})`;
    case 'mul':
      return `(${exprFormula(ctx, expr.left)}*${exprFormula(ctx, expr.right)})`;
    case 'div':
      return `(${exprFormula(ctx, expr.left)}/${exprFormula(ctx, expr.right)})`;
    case 'round':
      return `ROUND(${exprFormula(ctx, expr.arg)},0)`;
    case 'if': {
      const no = () => (expr.no ? exprFormula(ctx, expr.no) : '""');
      const holds = decided(ctx, expr.when);
      if (holds !== null) return holds ? exprFormula(ctx, expr.yes) : no();
      return `IF(${conditionFormula(ctx, expr.when)},${exprFormula(ctx, expr.yes)},${no()})`;
    }
    case 'ifBlank':
      return `IF(${ref(ctx, expr.column)}="",${expr.blank ? exprFormula(ctx, expr.blank) : '""'},${exprFormula(ctx, expr.filled)})`;
    case 'ifFilled':
      return `IF(OR(${expr.columns.map((c) => `${ref(ctx, c)}<>""`).join(',')}),${exprFormula(ctx, expr.value)},"")`;
    case 'zeroIfBlank':
      return `IF(${ref(ctx, expr.column)}="",0,${ref(ctx, expr.column)})`;
    case 'custom':
      return expr.formula((column) => ref(ctx, column));
  }
}

function checkLabel(check: Check, lang: 'ko' | 'en'): string {
  return check.label[lang];
}

/** `=IF(AND(ok…),"✓","✗"&" label diff"…)`: the identities that fail, each with its difference. */
function checksFormula(ctx: Ctx, checks: readonly Check[]): string {
  const oks: string[] = [];
  const messages: string[] = [];
  for (const check of checks) {
    const holds = check.when && check.when.length > 0 ? decided(ctx, check.when) : true;
    if (holds === false) continue;
    const label = checkLabel(check, ctx.at.lang);
    let ok: string;
    let message: string;
    if (check.kind === 'equal') {
      const left = exprFormula(ctx, check.left);
      const right = exprFormula(ctx, check.right);
      ok = `${left}=${right}`;
      message = `${quote(` ${label} `)}&(${left}-${right})`;
    } else if (check.kind === 'filled') {
      ok = `${ref(ctx, check.column)}<>""`;
      message = quote(` ${label}`);
    } else if (check.kind === 'partition') {
      const parts = partitionParts(ctx, check.key);
      ok = parts.length === 0 ? 'TRUE()' : `AND(${parts.map((p) => `${p.own}=${p.whole}`).join(',')})`;
      message =
        parts.length === 0
          ? '""'
          : `${quote(` ${label}`)}&${parts.map((p) => `IF(${p.own}=${p.whole},"",${quote(` ${p.label} `)}&(${p.own}-${p.whole}))`).join('&')}`;
    } else {
      ok = check.formula((column) => ref(ctx, column));
      message = quote(` ${label}`);
    }
    if (holds === null) ok = `IF(${conditionFormula(ctx, check.when!)},${ok},TRUE())`;
    oks.push(ok);
    messages.push(`IF(${ok},"",${message})`);
  }
  if (oks.length === 0) return '="✓"';
  return `=IF(AND(${oks.join(',')}),"✓","✗"&${messages.join('&')})`;
}

// ── partition checks ─────────────────────────────────────────────────────────────────────────────

/**
 * Per totalled column whose figure is a linear sum of terms: Σ of the column over this tab's rows
 * with the same `key` value (own) and the normalized tabs' figure for that value alone (whole).
 */
function partitionParts(ctx: Ctx, key: string): { label: string; own: string; whole: string }[] {
  const parts: { label: string; own: string; whole: string }[] = [];
  for (const c of ctx.def.columns) {
    if (c.role !== 'value' || !c.total) continue;
    const whole = partitionFormula(ctx, c.expr, key);
    if (whole === null) continue;
    const letter = letterOf(ctx.def, c.def.key);
    parts.push({
      label: ctx.at.lang === 'en' ? c.def.en : c.def.ko,
      own: `SUMIFS($${letter}:$${letter},${ownColumn(ctx, key)},${ref(ctx, key)})`,
      whole,
    });
  }
  return parts;
}

/** The figure of a linear expression over the source rows whose `key` is this row's, other keys dropped. */
function partitionFormula(ctx: Ctx, expr: Expr, key: string): string | null {
  switch (expr.op) {
    case 'col': {
      const target = columnAt(ctx.def, expr.column).column;
      return target.role === 'value' ? partitionFormula(ctx, target.expr, key) : null;
    }
    case 'sum': {
      const parts = expr.terms.map((t) => termPartitionFormula(ctx, t, key));
      if (parts.some((p) => p === null)) return null;
      return parts.length === 1 ? parts[0]! : `(${parts.join('+')})`;
    }
    case 'add': {
      const parts = expr.args.map((a) => partitionFormula(ctx, a, key));
      return parts.some((p) => p === null) ? null : `(${parts.join('+')})`;
    }
    case 'sub': {
      const left = partitionFormula(ctx, expr.left, key);
      const right = partitionFormula(ctx, expr.right, key);
      return left === null || right === null ? null : `(${left}-${right})`;
    }
    default:
      return null;
  }
}

/**
 * The values a term's rows may take where a condition of the term names them for a key it filters
 * on (the 미배정-only term of 원가 미입력 수량: option ∈ {blank}): the whole-tab and partition sums keep
 * them as criteria instead of dropping that filter. Conditions on keys the term does not filter (the
 * 공통 row's CFS), on `key` itself, and `notIn` conditions (they exclude our own words, which no
 * source cell holds) restrict nothing. null: a restriction through a `blank` rule, not expressible.
 */
export function partitionRestrictions(
  term: Term,
  key: string | null,
): { filter: Extract<Filter, { key: string }>; values: readonly string[] }[] | null {
  const out: { filter: Extract<Filter, { key: string }>; values: readonly string[] }[] = [];
  for (const c of term.when ?? []) {
    if ('filled' in c || !('in' in c) || c.key === key) continue;
    const filter = term.filters.find(
      (f): f is Extract<Filter, { key: string }> => 'key' in f && f.key === c.key,
    );
    if (!filter) continue;
    if (filter.kind !== 'key' || filter.blank) return null;
    out.push({ filter, values: c.in });
  }
  return out;
}

function termPartitionFormula(ctx: Ctx, term: Term, key: string): string | null {
  const restrictions = partitionRestrictions(term, key);
  if (restrictions === null) return null;
  const constants: string[] = [];
  let keyed: Filter | null = null;
  for (const f of term.filters) {
    const range = sourceRange(ctx, term.source, f.column);
    if (f.kind === 'is') constants.push(`${range},${quote(f.value)}`);
    else if (f.kind === 'isNot') constants.push(`${range},${quote(`<>${f.value}`)}`);
    else if (f.key === key) keyed = f;
  }
  let combos: Alternative[] = keyed ? filterAlternatives(ctx, term, keyed) : [{ criteria: [], guard: null }];
  for (const r of restrictions) {
    const range = sourceRange(ctx, term.source, r.filter.column);
    combos = combos.flatMap((alt) =>
      r.values.map((v) => ({ criteria: [...alt.criteria, `${range},${quote(v)}`], guard: alt.guard })),
    );
  }
  const value = sourceRange(ctx, term.source, term.value);
  const sums = combos.map((alt) => {
    const criteria = [...constants, ...alt.criteria];
    const sum = criteria.length === 0 ? `SUM(${value})` : `SUMIFS(${value},${criteria.join(',')})`;
    return alt.guard ? `IF(${alt.guard},${sum},0)` : sum;
  });
  const text = sums.length === 1 ? sums[0]! : `(${sums.join('+')})`;
  return term.sign === -1 ? `(0-${text})` : text;
}

// ── total rows ───────────────────────────────────────────────────────────────────────────────────

export function isTotalRow(def: SummaryDef, cells: readonly unknown[]): boolean {
  const first = keyColumns(def)[0];
  const cell = first ? cells[first.index] : null;
  return cell === def.totalLabel.ko || cell === def.totalLabel.en;
}

/**
 * The whole normalized tab's figure for a column of a total row (group: the raw value of the group
 * key, or null), or null when the column is not a linear sum of terms (a rounded VAT, a date).
 */
export function wholeTabFormula(ctx: Ctx, expr: Expr, group: string | null): string | null {
  switch (expr.op) {
    case 'col': {
      const target = columnAt(ctx.def, expr.column).column;
      return target.role === 'value' ? wholeTabFormula(ctx, target.expr, group) : null;
    }
    case 'sum': {
      const parts = expr.terms.map((t) => termWholeTabFormula(ctx, t, group));
      return parts.length === 1 ? parts[0]! : `(${parts.join('+')})`;
    }
    case 'num':
      return String(expr.value);
    case 'add': {
      const parts = expr.args.map((a) => wholeTabFormula(ctx, a, group));
      return parts.some((p) => p === null) ? null : `(${parts.join('+')})`;
    }
    case 'sub': {
      const left = wholeTabFormula(ctx, expr.left, group);
      const right = wholeTabFormula(ctx, expr.right, group);
      return left === null || right === null ? null : `(${left}-${right})`;
    }
    default:
      return null;
  }
}

/** Does a term count for the group at all (its conditions on the group key)? */
export function termInGroup(def: SummaryDef, term: Term, group: string | null): boolean {
  if (group === null || !def.groups) return true;
  const groupKey = def.groups.key;
  for (const c of term.when ?? []) {
    if ('filled' in c || c.key !== groupKey) continue;
    const listed = ('in' in c ? c.in : c.notIn).some((v) => v.toLowerCase() === group.toLowerCase());
    if ('in' in c ? !listed : listed) return false;
  }
  return true;
}

function termWholeTabFormula(ctx: Ctx, term: Term, group: string | null): string {
  if (!termInGroup(ctx.def, term, group)) return '0';
  const criteria: string[] = [];
  for (const f of term.filters) {
    const range = sourceRange(ctx, term.source, 'column' in f ? f.column : '');
    if (f.kind === 'is') criteria.push(`${range},${quote(f.value)}`);
    else if (f.kind === 'isNot') criteria.push(`${range},${quote(`<>${f.value}`)}`);
    else if (f.kind === 'key' && group !== null && ctx.def.groups?.key === f.key)
      criteria.push(`${range},${quote(group)}`);
  }
  let combos: string[][] = [criteria];
  for (const r of partitionRestrictions(term, ctx.def.groups?.key ?? null) ?? []) {
    const range = sourceRange(ctx, term.source, r.filter.column);
    combos = combos.flatMap((c) => r.values.map((v) => [...c, `${range},${quote(v)}`]));
  }
  const value = sourceRange(ctx, term.source, term.value);
  const sums = combos.map((c) => (c.length === 0 ? `SUM(${value})` : `SUMIFS(${value},${c.join(',')})`));
  const sum = sums.length === 1 ? sums[0]! : `(${sums.join('+')})`;
  return term.sign === -1 ? `(0-${sum})` : sum;
}

/** The raw group value of a total row (from its group key cell's label). */
export function totalRowGroup(def: SummaryDef, cells: readonly unknown[]): string | null {
  if (!def.groups) return null;
  const key = keyDef(def, def.groups.key);
  const cell = String(cells[columnAt(def, def.groups.key).index] ?? '');
  for (const raw of def.groups.values) {
    const word = key.words?.[raw];
    if (cell === raw || (word && (cell === word.ko || cell === word.en))) return raw;
  }
  return cell;
}

function totalFormula(ctx: Ctx, index: number): string {
  const column = ctx.def.columns[index]!;
  const row = ctx.at.row;
  const group = totalRowGroup(ctx.def, ctx.at.cells);
  if (column.role === 'value') {
    if (!column.total) return '';
    if (row <= 2) return '=0';
    const letter = columnLetter(index + 1);
    const range = `${letter}$2:${letter}${row - 1}`;
    if (!ctx.def.groups) return `=SUM(${range})`;
    const g = letterOf(ctx.def, ctx.def.groups.key);
    return `=SUMIFS(${range},$${g}$2:$${g}${row - 1},$${g}${row})`;
  }
  if (column.role !== 'check') return '';
  const checks: Check[] = [];
  for (const c of ctx.def.columns) {
    if (c.role !== 'value' || !c.total) continue;
    const whole = wholeTabFormula(ctx, c.expr, group);
    if (whole === null) continue;
    // Σ of the rows above (this row's cell) = the whole normalized tab's figure.
    checks.push({
      kind: 'equal',
      label: { ko: c.def.ko, en: c.def.en },
      left: { op: 'col', column: c.def.key },
      right: { op: 'custom', formula: () => whole, value: () => null, describe: { ko: '', en: '' } },
    });
  }
  return checksFormula(ctx, checks);
}

/**
 * Which shape a row's formulas take: two rows of one shape have the same formulas but for their
 * row numbers (total rows, rows with a blank key, and data rows by the conditions their key cells
 * decide). What a port checks once per shape to vouch for the formulas of the rows it keeps.
 */
export function formulaShape(def: SummaryDef, cells: FormulaAt['cells'], lang: FormulaAt['lang']): string {
  if (isTotalRow(def, cells)) return 'total';
  if (hasBlankKey(def, cells)) return 'blank';
  const ctx: Ctx = { def, at: { row: 0, cells, lang, tabName: () => '' } };
  return conditionsOf(def)
    .map((c) => {
      const holds = decided(ctx, c);
      return holds === null ? '?' : holds ? '1' : '0';
    })
    .join('');
}

const shapeConditions = new WeakMap<SummaryDef, (readonly Condition[])[]>();

/** Every `when` of the declaration (terms, ifs, checks), each once. */
function conditionsOf(def: SummaryDef): (readonly Condition[])[] {
  let found = shapeConditions.get(def);
  if (found) return found;
  const all = new Set<readonly Condition[]>();
  const ofExpr = (expr: Expr): void => {
    for (const sub of subExprs(expr)) ofExpr(sub);
    if (expr.op === 'if') all.add(expr.when);
    if (expr.op === 'sum') for (const t of expr.terms) if (t.when?.length) all.add(t.when);
  };
  for (const c of def.columns) {
    if (c.role === 'value') ofExpr(c.expr);
    if (c.role !== 'check') continue;
    for (const check of c.checks) {
      if (check.when?.length) all.add(check.when);
      if (check.kind === 'equal') {
        ofExpr(check.left);
        ofExpr(check.right);
      }
    }
  }
  found = [...all];
  shapeConditions.set(def, found);
  return found;
}

/** A row with a blank key cell: one the user added inside the table (it gets no formula). */
function hasBlankKey(def: SummaryDef, cells: FormulaAt['cells']): boolean {
  return keyColumns(def).some((k) => cells[k.index] === null || cells[k.index] === '');
}

/** The formula of column `index` in the row `at` (a data row or a total row). '' = no formula. */
export function summaryCellFormula(def: SummaryDef, index: number, at: FormulaAt): string {
  const ctx: Ctx = { def, at };
  if (isTotalRow(def, at.cells)) return totalFormula(ctx, index);
  // A row with a blank key (one the user added inside the table, kept for what they typed) gets no
  // formula: a criterion reading an empty cell differs between engines (#VALUE! in HyperFormula).
  if (hasBlankKey(def, at.cells)) return '';
  const column = def.columns[index]!;
  if (column.role === 'value') return `=${exprFormula(ctx, column.expr)}`;
  if (column.role === 'check') return checksFormula(ctx, column.checks);
  return '';
}
