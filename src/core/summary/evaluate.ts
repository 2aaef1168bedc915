/**
 * Declarations (define.ts) → TypeScript values over the normalized rows, matching source rows to
 * summary rows exactly as the formulas of formula.ts do:
 *   - a month filter takes the source date when it is a date, the fallback date only when the first
 *     cell is blank (text in a date cell matches nothing, as in SUMIFS);
 *   - text keys compare ignoring case (SUMIFS does), dates by day;
 *   - values that are not numbers count 0 (SUMIFS skips them);
 *   - a blank cell under a `blank` rule counts for the designated rows, twice if two rows are
 *     designated (the formula would, and the total row's check then shows it).
 * The same pass finds the keys the summary needs (every source row that a term can place) and the
 * source rows no row can hold (no date, a text that cannot be a criterion): those are reported.
 */
import type { Cell } from '../merge/cells';
import { isInvoiceMonth, isPlainCriterionText } from './criteria';
import {
  type Check,
  type Condition,
  columnAt,
  type Expr,
  type Filter,
  type KeyDef,
  keyColumns,
  keyDef,
  type SourceId,
  type SummaryDef,
  type Term,
  termsOf,
} from './define';
import { sourceColumnIndex, termInGroup } from './formula';

/** Raw key values of a summary row, by key column. */
export type RawKey = Readonly<Record<string, string>>;

/** Rows of the normalized tabs in canonical form (Fees: formula columns hold their values). */
export type Sources = Record<SourceId, readonly (readonly Cell[])[]>;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export const isBlank = (cell: Cell | undefined): boolean =>
  cell === null || cell === undefined || cell === '';
const isoDate = (cell: Cell | undefined): string | null =>
  typeof cell === 'string' && ISO_DATE.test(cell) ? cell : null;
const monthOf = (iso: string): string => `${iso.slice(0, 7)}-01`;
const textEq = (cell: Cell | undefined, value: string): boolean =>
  value === '' ? isBlank(cell) : typeof cell === 'string' && cell.toLowerCase() === value.toLowerCase();
export const amountOf = (cell: Cell | undefined): number => (typeof cell === 'number' ? cell : 0);

export type UnplacedReason = 'no-date' | 'blank-key' | 'unsafe-key' | 'not-this-row';

type Extracted =
  | { ok: true; keys: Record<string, string>; blankKey: string | null }
  | { ok: false; reason: UnplacedReason | 'filtered' };

/** The raw key a source text takes (null when it cannot be a criterion or collides with a word). */
function textKey(key: KeyDef, text: string): string | null {
  if (!isPlainCriterionText(text) && !(key.kind === 'text' && isInvoiceMonth(text))) return null;
  for (const word of Object.values(key.words ?? {})) {
    if (word.ko.toLowerCase() === text.toLowerCase() || word.en.toLowerCase() === text.toLowerCase())
      return null;
  }
  return text;
}

/** Normal form of a key value for comparisons (text ignores case). */
export function keyNorm(key: KeyDef, raw: string): string {
  return key.kind === 'text' ? raw.toLowerCase() : raw;
}

function conditionHolds(
  def: SummaryDef,
  c: Condition,
  keys: RawKey,
  get?: (column: string) => Cell,
): boolean {
  if ('filled' in c) return get ? !isBlank(get(c.filled)) : true;
  const key = keyDef(def, c.key);
  const value = keys[c.key];
  if (value === undefined) return false;
  const listed = ('in' in c ? c.in : c.notIn).some((v) => keyNorm(key, v) === keyNorm(key, value));
  return 'in' in c ? listed : !listed;
}

export function conditionsHold(
  def: SummaryDef,
  conditions: readonly Condition[] | undefined,
  keys: RawKey,
  get?: (column: string) => Cell,
): boolean {
  return (conditions ?? []).every((c) => conditionHolds(def, c, keys, get));
}

interface TermIndex {
  /** Σ sign × value by the normalised key tuple of the term's filters. */
  exact: Map<string, number>;
  /** Rows whose `blank` filter cell is blank: by the tuple of the other keys. */
  blank: Map<string, number>;
  blankFilter: Extract<Filter, { kind: 'key' }> | null;
  keys: string[];
}

export interface Unplaced {
  source: SourceId;
  reason: UnplacedReason;
  /** Indexes into the source rows given to the evaluator. */
  rows: number[];
  /** Their line keys (행 키), which find them in the tab whatever its order. */
  lineKeys: string[];
}

export class SummaryEvaluator {
  private readonly indexes = new Map<Term, TermIndex>();
  private rows: RawKey[] = [];
  private readonly columns: Map<string, number>;

  constructor(
    readonly def: SummaryDef,
    readonly sources: Sources,
  ) {
    this.columns = new Map(def.columns.map((c, i) => [c.def.key, i]));
  }

  private cell(source: SourceId, row: readonly Cell[], column: string): Cell {
    return row[sourceColumnIndex(source, column)] ?? null;
  }

  /** The keys a source row takes under a term, or why it takes none. */
  extract(term: Term, row: readonly Cell[]): Extracted {
    const keys: Record<string, string> = {};
    let blankKey: string | null = null;
    // Constant filters first: a row they exclude is not this term's, whatever its keys.
    for (const f of term.filters) {
      if (f.kind !== 'is' && f.kind !== 'isNot') continue;
      const value = this.cell(term.source, row, f.column);
      if (f.kind === 'is' ? !textEq(value, f.value) : textEq(value, f.value))
        return { ok: false, reason: 'filtered' };
    }
    for (const f of term.filters) {
      const value = this.cell(term.source, row, f.column);
      switch (f.kind) {
        case 'is':
        case 'isNot':
          break;
        case 'month': {
          const date =
            isoDate(value) ??
            (isBlank(value) && f.fallback ? isoDate(this.cell(term.source, row, f.fallback)) : null);
          if (date === null) return { ok: false, reason: 'no-date' };
          keys[f.key] = monthOf(date);
          break;
        }
        case 'key': {
          const key = keyDef(this.def, f.key);
          if (isBlank(value)) {
            if (f.blank) blankKey = f.key;
            else if (key.words?.[''] !== undefined) keys[f.key] = '';
            else return { ok: false, reason: 'blank-key' };
          } else if (key.kind === 'text') {
            const raw = textKey(key, typeof value === 'string' ? value : String(value));
            if (raw === null || typeof value !== 'string') return { ok: false, reason: 'unsafe-key' };
            keys[f.key] = raw;
          } else {
            const date = isoDate(value);
            if (date === null) return { ok: false, reason: 'no-date' };
            keys[f.key] = key.kind === 'month' ? monthOf(date) : date;
          }
          break;
        }
      }
    }
    return { ok: true, keys, blankKey };
  }

  private filterKeys(term: Term): string[] {
    return term.filters.flatMap((f) => ('key' in f ? [f.key] : []));
  }

  private tuple(keys: readonly string[], values: RawKey): string {
    return keys.map((k) => keyNorm(keyDef(this.def, k), values[k] ?? '')).join('\u0001');
  }

  private index(term: Term): TermIndex {
    let index = this.indexes.get(term);
    if (index) return index;
    const keys = this.filterKeys(term);
    const blankFilter =
      (term.filters.find((f) => f.kind === 'key' && f.blank) as
        | Extract<Filter, { kind: 'key' }>
        | undefined) ?? null;
    index = { exact: new Map(), blank: new Map(), blankFilter, keys };
    const sign = term.sign ?? 1;
    for (const row of this.sources[term.source]) {
      const e = this.extract(term, row);
      if (!e.ok) continue;
      const amount = sign * amountOf(this.cell(term.source, row, term.value));
      if (e.blankKey !== null) {
        const others = keys.filter((k) => k !== e.blankKey);
        const t = this.tuple(others, e.keys);
        index.blank.set(t, (index.blank.get(t) ?? 0) + amount);
      } else {
        const t = this.tuple(keys, e.keys);
        index.exact.set(t, (index.exact.get(t) ?? 0) + amount);
      }
    }
    this.indexes.set(term, index);
    return index;
  }

  /** Terms whose source rows make the summary's rows (every value column's terms). */
  private placingTerms(): Term[] {
    return this.def.columns.flatMap((c) => (c.role === 'value' ? termsOf(c.expr) : []));
  }

  /**
   * The rows the summary needs: one per key tuple some source row takes, completed from the term's
   * single-valued conditions (CFS: 과세유형 공통, 구분 확정); and the source rows no row can hold.
   */
  deriveKeys(): { keys: RawKey[]; unplaced: Unplaced[] } {
    const allKeys = keyColumns(this.def).map((k) => k.key.column);
    const found = new Map<string, RawKey>();
    const unplaced = new Map<string, Unplaced>();
    const placed = new Map<SourceId, Set<number>>();
    const deferred: { term: Term; keys: Record<string, string>; blankKey: string }[] = [];
    const complete = (term: Term, keys: Record<string, string>) => {
      for (const c of term.when ?? []) {
        if ('in' in c && c.in.length === 1 && keys[c.key] === undefined) keys[c.key] = c.in[0]!;
      }
    };
    const miss = (source: SourceId, reason: UnplacedReason, i: number) => {
      const id = `${source}|${reason}`;
      let entry = unplaced.get(id);
      if (!entry) {
        entry = { source, reason, rows: [], lineKeys: [] };
        unplaced.set(id, entry);
      }
      entry.rows.push(i);
    };
    const missed: { source: SourceId; reason: UnplacedReason; i: number }[] = [];
    for (const term of this.placingTerms()) {
      this.sources[term.source].forEach((row, i) => {
        const e = this.extract(term, row);
        if (!e.ok) {
          if (e.reason !== 'filtered') missed.push({ source: term.source, reason: e.reason, i });
          return;
        }
        const keys = { ...e.keys };
        complete(term, keys);
        if (e.blankKey !== null) {
          deferred.push({ term, keys, blankKey: e.blankKey });
          this.mark(placed, term.source, i);
          return;
        }
        const missing = allKeys.find((k) => keys[k] === undefined);
        if (missing) throw new Error(`a term of the summary leaves key ${missing} open`);
        if (!conditionsHold(this.def, term.when, keys)) {
          missed.push({ source: term.source, reason: 'not-this-row', i });
          return;
        }
        this.mark(placed, term.source, i);
        found.set(this.tuple(allKeys, keys), keys);
      });
    }
    for (const d of deferred) {
      const others = allKeys.filter((k) => k !== d.blankKey && d.keys[k] !== undefined);
      const t = this.tuple(others, d.keys);
      const exists = [...found.values()].some((k) => this.tuple(others, k) === t);
      if (exists) continue;
      const filter = d.term.filters.find((f) => f.kind === 'key' && f.key === d.blankKey) as Extract<
        Filter,
        { kind: 'key' }
      >;
      const keys = { ...d.keys, [d.blankKey]: filter.blank!.create };
      found.set(this.tuple(allKeys, keys), keys);
    }
    // A row placed by one term (CFS) is not "unplaced" because another term (재고손실보상) skips it.
    for (const m of missed) if (!placed.get(m.source)?.has(m.i)) miss(m.source, m.reason, m.i);
    for (const entry of unplaced.values()) {
      entry.rows = [...new Set(entry.rows)].sort((a, b) => a - b);
      entry.lineKeys = entry.rows.map((i) => String(this.sources[entry.source][i]?.[0] ?? ''));
    }
    return { keys: [...found.values()], unplaced: [...unplaced.values()] };
  }

  private mark(placed: Map<SourceId, Set<number>>, source: SourceId, i: number): void {
    let set = placed.get(source);
    if (!set) {
      set = new Set();
      placed.set(source, set);
    }
    set.add(i);
  }

  /** Every data row of the summary as it will stand (designation of blank cells looks at them all). */
  setRows(rows: readonly RawKey[]): void {
    this.rows = [...rows];
  }

  /** Is `row` a row where the blank cells of `filter` count (see define.ts)? */
  designated(term: Term, filter: Extract<Filter, { kind: 'key' }>, row: RawKey): boolean {
    const key = keyDef(this.def, filter.key);
    const prefer = keyNorm(key, filter.blank!.prefer);
    if (keyNorm(key, row[filter.key] ?? '') === prefer) return true;
    const others = this.filterKeys(term).filter((k) => k !== filter.key);
    const t = this.tuple(others, row);
    return !this.rows.some(
      (r) => keyNorm(key, r[filter.key] ?? '') === prefer && this.tuple(others, r) === t,
    );
  }

  termValue(term: Term, row: RawKey): number {
    if (!conditionsHold(this.def, term.when, row)) return 0;
    const index = this.index(term);
    let value = index.exact.get(this.tuple(index.keys, row)) ?? 0;
    if (index.blankFilter && this.designated(term, index.blankFilter, row)) {
      const others = index.keys.filter((k) => k !== index.blankFilter!.key);
      value += index.blank.get(this.tuple(others, row)) ?? 0;
    }
    return value;
  }

  /** Does source row `row` count in `term` for summary row `keys`? (explain.ts) */
  counts(term: Term, row: readonly Cell[], keys: RawKey): boolean {
    if (!conditionsHold(this.def, term.when, keys)) return false;
    const e = this.extract(term, row);
    if (!e.ok) return false;
    const filterKeys = this.filterKeys(term);
    if (e.blankKey !== null) {
      const others = filterKeys.filter((k) => k !== e.blankKey);
      const filter = term.filters.find((f) => f.kind === 'key' && f.key === e.blankKey) as Extract<
        Filter,
        { kind: 'key' }
      >;
      return this.tuple(others, e.keys) === this.tuple(others, keys) && this.designated(term, filter, keys);
    }
    return this.tuple(filterKeys, e.keys) === this.tuple(filterKeys, keys);
  }

  /** The values of a data row's value and check columns (`user`: the row's user-typed cells). */
  rowValues(keys: RawKey, user: (column: string) => Cell, lang: 'ko' | 'en'): Map<string, Cell> {
    const values = new Map<string, Cell>();
    const get = (column: string): Cell => {
      if (values.has(column)) return values.get(column) ?? null;
      const found = this.def.columns[this.columns.get(column) ?? -1];
      if (!found) throw new Error(`summary has no column ${column}`);
      let value: Cell = null;
      if (found.role === 'key') value = keys[column] ?? null;
      else if (found.role === 'user') value = user(column);
      else if (found.role === 'value') value = this.expr(found.expr, keys, get);
      else value = this.checks(found.checks, keys, get, lang);
      values.set(column, value);
      return value;
    };
    for (const c of this.def.columns) if (c.role === 'value' || c.role === 'check') get(c.def.key);
    return values;
  }

  expr(expr: Expr, keys: RawKey, get: (column: string) => Cell): Cell {
    const num = (e: Expr): number => {
      const v = this.expr(e, keys, get);
      return typeof v === 'number' ? v : 0;
    };
    switch (expr.op) {
      case 'col':
        return get(expr.column);
      case 'sum':
        return expr.terms.reduce((total, t) => total + this.termValue(t, keys), 0);
      case 'num':
        return expr.value;
      case 'add':
        return expr.args.reduce((total, a) => total + num(a), 0);
      case 'sub':
        return num(expr.left) - num(expr.right);
      case 'mul':
        return num(expr.left) * num(expr.right);
      case 'div':
        return num(expr.left) / num(expr.right);
      case 'round': {
        const v = num(expr.arg);
        const r = Math.sign(v) * Math.round(Math.abs(v));
        return r === 0 ? 0 : r;
      }
      case 'if':
        if (conditionsHold(this.def, expr.when, keys, get)) return this.expr(expr.yes, keys, get);
        return expr.no ? this.expr(expr.no, keys, get) : null;
      case 'ifBlank':
        if (!isBlank(get(expr.column))) return this.expr(expr.filled, keys, get);
        return expr.blank ? this.expr(expr.blank, keys, get) : null;
      case 'ifFilled':
        return expr.columns.some((c) => !isBlank(get(c))) ? this.expr(expr.value, keys, get) : null;
      case 'zeroIfBlank': {
        const v = get(expr.column);
        return isBlank(v) ? 0 : v;
      }
      case 'custom':
        return expr.value(get);
    }
  }

  /** The 검증 text, as the formula writes it: ✓, or ✗ with each failed identity and its difference. */
  checks(checks: readonly Check[], keys: RawKey, get: (column: string) => Cell, lang: 'ko' | 'en'): string {
    let message = '';
    for (const check of checks) {
      if (!conditionsHold(this.def, check.when, keys, get)) continue;
      if (check.kind === 'equal') {
        const left = this.expr(check.left, keys, get);
        const right = this.expr(check.right, keys, get);
        const l = typeof left === 'number' ? left : 0;
        const r = typeof right === 'number' ? right : 0;
        if (l !== r) message += ` ${check.label[lang]} ${numberText(l - r)}`;
      } else if (check.kind === 'filled') {
        if (isBlank(get(check.column))) message += ` ${check.label[lang]}`;
      } else if (!check.value(get)) message += ` ${check.label[lang]}`;
    }
    return message === '' ? '✓' : `✗${message}`;
  }

  /** The whole normalized tab's figure for an expression (group: raw group value), or null. */
  wholeTab(expr: Expr, group: string | null): number | null {
    switch (expr.op) {
      case 'col': {
        const target = columnAt(this.def, expr.column).column;
        return target.role === 'value' ? this.wholeTab(target.expr, group) : null;
      }
      case 'sum':
        return expr.terms.reduce((total, t) => total + this.termWholeTab(t, group), 0);
      case 'num':
        return expr.value;
      case 'add': {
        const parts = expr.args.map((a) => this.wholeTab(a, group));
        return parts.some((p) => p === null) ? null : parts.reduce<number>((t, p) => t + (p ?? 0), 0);
      }
      case 'sub': {
        const left = this.wholeTab(expr.left, group);
        const right = this.wholeTab(expr.right, group);
        return left === null || right === null ? null : left - right;
      }
      default:
        return null;
    }
  }

  private termWholeTab(term: Term, group: string | null): number {
    if (!termInGroup(this.def, term, group)) return 0;
    let total = 0;
    for (const row of this.sources[term.source]) {
      let ok = true;
      for (const f of term.filters) {
        const value = this.cell(term.source, row, f.column);
        if (f.kind === 'is' && !textEq(value, f.value)) ok = false;
        else if (f.kind === 'isNot' && textEq(value, f.value)) ok = false;
        else if (
          f.kind === 'key' &&
          group !== null &&
          this.def.groups?.key === f.key &&
          !textEq(value, group)
        )
          ok = false;
      }
      if (ok) total += (term.sign ?? 1) * amountOf(this.cell(term.source, row, term.value));
    }
    return total;
  }
}

/** A number as a spreadsheet's `&` writes it (General format): integers plainly. */
export function numberText(value: number): string {
  return Number.isInteger(value) ? value.toFixed(0) : String(value);
}
