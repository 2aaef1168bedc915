/**
 * How a summary tab is declared (DESIGN-F.md "One machinery, declared measures"). Every figure is
 * declared ONCE, as data; three things are derived from the declaration:
 *   formula.ts   the formula text written into the cell (live SUMIFS over the normalized tabs);
 *   evaluate.ts  the TypeScript value of the same figure over normalized rows (cached .xlsx values,
 *                the import headline), with the same matching rules as the formula;
 *   explain.ts   the figure in words, its filter as text and the source rows that make it up.
 *
 * A summary row is identified by its KEY cells (귀속월 · 과세유형 · 구분 …). A key holds a RAW value
 * (a `YYYY-MM-01` month, a `YYYY-MM-DD` date, or text as it stands in the normalized tab) and shows
 * it, or, for the values that are our own words (공통, 확정, 미상 …), the word's label in the tab's
 * language. Formulas read the key cells of their own row, so a row keeps its meaning when sorted.
 */
import type { Cell } from '../merge/cells';
import type { ColumnDef } from '../model/tabs';

export interface Text {
  ko: string;
  en: string;
}

/** The normalized tabs, and the per-(option, day) cost helper of the profit tab (profit.ts). */
export type SourceId = 'orders' | 'fees' | 'fulfillment' | 'cost_days';

export interface KeyDef {
  /** The summary column holding the key. */
  column: string;
  /** month: the first day of a month (a date cell shown yyyy-mm); date: a day; text: a text cell. */
  kind: 'month' | 'date' | 'text';
  /** Raw values that are our own words, with their labels. `''` stands for a blank source cell. */
  words?: Readonly<Record<string, Text>>;
  /** Raw values sorted first (in this order) when new rows are added; the others follow sorted. */
  order?: readonly string[];
  /** Raw values sorted after all others (옵션별 손익: 미배정 closes its month). */
  last?: readonly string[];
  /** Text keys that are IDs: canonical digit strings (`12345678901`, no leading zero, at most 15
   *  digits) may stand in a criterion (criteria.ts isDigitId). */
  digits?: boolean;
}

/**
 * A condition on the summary row a term or check applies to: on its raw key values, or on whether
 * a cell of the row is filled.
 */
export type Condition =
  | { key: string; in: readonly string[] }
  | { key: string; notIn: readonly string[] }
  | { filled: string };

/**
 * Which rows of the source tab a term sums.
 *   month  the source date `column` falls in the row's month (key `key`); a blank `column` falls
 *          back to `fallback` (v1 rows have no 매출인식일: their period end counts);
 *   key    the source `column` equals the row's key (text: as SUMIFS compares, ignoring case; date:
 *          the same day; a blank date `column` falls back to `fallback`). `blank`: source rows whose
 *          cell is blank count for the row whose key is
 *          `prefer`, or, when the summary has no such row for the same other keys, for every row
 *          with those keys; when no row has those keys at all, a row with key `create` is added
 *          (재고 손실 보상 lines carry no 정산유형: they belong to the settlement line of their period);
 *   is     the source `column` equals a constant; isNot: differs from it (blank cells included).
 * Constants and key values must never act as criteria operators or wildcards (criteria.ts).
 */
export type Filter =
  | { kind: 'month'; key: string; column: string; fallback?: string }
  | {
      kind: 'key';
      key: string;
      column: string;
      blank?: { prefer: string; create: string };
      fallback?: string;
    }
  | { kind: 'is'; column: string; value: string }
  | { kind: 'isNot'; column: string; value: string };

/** Σ sign × value over the rows of a source tab that pass every filter. */
export interface Term {
  source: SourceId;
  /** The money column summed. */
  value: string;
  sign?: 1 | -1;
  filters: readonly Filter[];
  /** The term is 0 on summary rows that do not satisfy these. */
  when?: readonly Condition[];
}

/**
 * A cell's value. Numbers are KRW; `null` is a blank cell (a formula's "").
 *   col        another cell of the same row (a blank user cell counts 0 in arithmetic)
 *   sum        Σ of terms
 *   ifBlank    `then` when `column` is blank, else `else` (guards arithmetic on a formula's "")
 *   ifFilled   `then` when any of `columns` is filled, else blank
 *   zeroIfBlank  the column, 0 when blank
 *   custom     a formula with its own TypeScript twin (payout dates and amounts of src/core/close)
 */
export type Expr =
  | { op: 'col'; column: string }
  | { op: 'sum'; terms: readonly Term[] }
  | { op: 'num'; value: number }
  | { op: 'add'; args: readonly Expr[] }
  | { op: 'sub'; left: Expr; right: Expr }
  | { op: 'mul'; left: Expr; right: Expr }
  | { op: 'div'; left: Expr; right: Expr }
  | { op: 'round'; arg: Expr }
  | { op: 'if'; when: readonly Condition[]; yes: Expr; no: Expr | null }
  | { op: 'ifBlank'; column: string; blank: Expr | null; filled: Expr }
  | { op: 'ifFilled'; columns: readonly string[]; value: Expr }
  | { op: 'zeroIfBlank'; column: string }
  | {
      op: 'custom';
      /** Formula text without `=`; `ref(column)` is the A1 reference of a cell of the same row. */
      formula: (ref: (column: string) => string) => string;
      value: (get: (column: string) => Cell) => Cell;
      describe: Text;
    };

/**
 * One identity of the 검증 cell.
 *   partition  Σ of every totalled column over this tab's rows with the same `key` value equals the
 *              normalized tabs' figure for that key value alone (other keys dropped): 옵션별 손익's
 *              미배정 row closes its month (Σ option rows + 미배정 = the month's totals).
 */
export type Check =
  | { kind: 'partition'; label: Text; key: string; when?: readonly Condition[] }
  | { kind: 'equal'; label: Text; left: Expr; right: Expr; when?: readonly Condition[] }
  | { kind: 'filled'; label: Text; column: string; when?: readonly Condition[] }
  | {
      kind: 'custom';
      label: Text;
      /** A formula (without `=`) that is TRUE when the identity holds. */
      formula: (ref: (column: string) => string) => string;
      value: (get: (column: string) => Cell) => boolean;
      when?: readonly Condition[];
    };

export type SummaryColumn =
  | { role: 'key'; def: ColumnDef; key: KeyDef }
  | { role: 'value'; def: ColumnDef; expr: Expr; meaning: Text; total: boolean }
  | { role: 'user'; def: ColumnDef; meaning: Text }
  /** Text the refresh writes from the data (상품명 of an option): no formula, not a figure. */
  | {
      role: 'label';
      def: ColumnDef;
      meaning: Text;
      /** Built once per evaluation: the text for a row's keys. */
      lookup: (
        sources: LabelSources,
        lang: 'ko' | 'en',
      ) => (keys: Readonly<Record<string, string>>) => string | null;
    }
  | { role: 'check'; def: ColumnDef; checks: readonly Check[] };

export interface SummaryDef {
  /** Columns in tab order. */
  columns: readonly SummaryColumn[];
  /** The first key cell of a total row says this. */
  totalLabel: Text;
  /** Totals per value of this key (월마감: 구분, so 확정 and 추정 are never summed together), with the
   *  raw values that always get a total row, in order. Without it: one total row. */
  groups?: { key: string; values: readonly string[] };
  /** false: no total rows (the profit tab's cost helper, which the profit tab sums whole). */
  totals?: boolean;
  /** A row the tab always has beside the data's: for every combination of the other keys the data
   *  needs, the row whose `key` is `value` too (옵션별 손익: one 미배정 row per month). */
  companion?: { key: string; value: string };
}

/** What a label column reads: the rows of the source tabs (evaluate.ts Sources). */
export type LabelSources = Readonly<Record<SourceId, readonly (readonly Cell[])[]>>;

// ── small builders, so declarations read like the column lists ──────────────────────────

export const col = (column: string): Expr => ({ op: 'col', column });
export const sum = (...terms: Term[]): Expr => ({ op: 'sum', terms });
export const add = (...args: Expr[]): Expr => ({ op: 'add', args });
export const sub = (left: Expr, right: Expr): Expr => ({ op: 'sub', left, right });

export function keyColumns(def: SummaryDef): { def: ColumnDef; key: KeyDef; index: number }[] {
  const keys: { def: ColumnDef; key: KeyDef; index: number }[] = [];
  def.columns.forEach((c, index) => {
    if (c.role === 'key') keys.push({ def: c.def, key: c.key, index });
  });
  return keys;
}

/** Column lookups by key, per declaration (the evaluator asks for each source row). */
const lookups = new WeakMap<SummaryDef, Map<string, { column: SummaryColumn; index: number }>>();

export function columnAt(def: SummaryDef, column: string): { column: SummaryColumn; index: number } {
  let map = lookups.get(def);
  if (!map) {
    map = new Map(def.columns.map((c, index) => [c.def.key, { column: c, index }]));
    lookups.set(def, map);
  }
  const found = map.get(column);
  if (!found) throw new Error(`summary has no column ${column}`);
  return found;
}

export function keyDef(def: SummaryDef, key: string): KeyDef {
  const found = columnAt(def, key).column;
  if (found.role !== 'key') throw new Error(`${key} is not a key column`);
  return found.key;
}

/** The label of a raw key value in a language (raw text when it is not one of our words). */
export function keyLabel(key: KeyDef, raw: string, lang: 'ko' | 'en'): string {
  const word = key.words?.[raw];
  return word ? word[lang] : raw;
}

/** Terms an expression sums, inline ones included. */
export function termsOf(expr: Expr): Term[] {
  return expr.op === 'sum' ? [...expr.terms] : subExprs(expr).flatMap(termsOf);
}

/** The expressions an expression is made of, one level down, in their order. */
export function subExprs(expr: Expr): readonly Expr[] {
  switch (expr.op) {
    case 'add':
      return expr.args;
    case 'sub':
    case 'mul':
    case 'div':
      return [expr.left, expr.right];
    case 'round':
      return [expr.arg];
    case 'if':
      return expr.no ? [expr.yes, expr.no] : [expr.yes];
    case 'ifBlank':
      return expr.blank ? [expr.blank, expr.filled] : [expr.filled];
    case 'ifFilled':
      return [expr.value];
    default:
      return [];
  }
}
