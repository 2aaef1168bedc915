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
import { isDigitId, isInvoiceMonth, isPlainCriterionText } from './criteria';
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
  type SummaryColumn,
  type SummaryDef,
  type Term,
  type Text,
  termsOf,
} from './define';
import { partitionRestrictions, sourceColumnIndex, termInGroup } from './formula';

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
/** As SUMIFS compares text: ignoring case (`lower`: the value in lower case, when known). */
const textEq = (cell: Cell | undefined, value: string, lower?: string): boolean =>
  value === ''
    ? isBlank(cell)
    : typeof cell === 'string' &&
      (cell === value ||
        (cell.length === value.length && cell.toLowerCase() === (lower ?? value.toLowerCase())));
export const amountOf = (cell: Cell | undefined): number => (typeof cell === 'number' ? cell : 0);

export type UnplacedReason = 'no-date' | 'blank-key' | 'unsafe-key' | 'not-this-row';

type Extracted =
  | { ok: true; keys: Record<string, string>; blankKey: string | null }
  | { ok: false; reason: UnplacedReason | 'filtered' };

/** The raw key a source text takes (null when it cannot be a criterion or collides with a word). */
function textKey(key: KeyDef, text: string): string | null {
  const id = key.digits === true && isDigitId(text);
  if (!id && !isPlainCriterionText(text) && !(key.kind === 'text' && isInvoiceMonth(text))) return null;
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

/** rowTuple markers: the row took no tuple; its blank-rule cell was blank (counted by designation). */
const NONE = -1;
const DEFERRED = -2;

type CompiledFilter =
  | { kind: 'month'; key: string; index: number; fallback: number }
  | { kind: 'key'; key: string; def: KeyDef; index: number; blank: boolean; fallback: number };

interface Compiled {
  consts: { index: number; value: string; lower: string; is: boolean }[];
  filters: CompiledFilter[];
  value: number;
  sign: number;
  keyNames: string[];
  keyDefs: KeyDef[];
  blank: Extract<Filter, { kind: 'key' }> | null;
}

/** Why a row takes no keys, by code (a keying's code −1, −2, …). */
const MISSES: readonly UnplacedReason[] = ['no-date', 'blank-key', 'unsafe-key', 'not-this-row'];
const missCode = (reason: UnplacedReason) => -1 - MISSES.indexOf(reason);
const NO_DATE = missCode('no-date');
const BLANK_KEY = missCode('blank-key');
const UNSAFE_KEY = missCode('unsafe-key');
/** keyPart: the filter's blank rule takes the row (not a miss). */
const BLANK_PART = -100;

/** The rows of a source under some key filters: per row a raw tuple id, or −1 − MISSES index. */
interface Keying {
  code: Int32Array;
  /** By raw tuple id: the keys, their normalised tuple (the other keys' when blank), and whether
   *  the row's blank-rule cell is blank. */
  keys: Record<string, string>[];
  norm: string[];
  blank: number[];
}

function passes(consts: Compiled['consts'], row: readonly Cell[]): boolean {
  for (const f of consts) if (f.is !== textEq(row[f.index] ?? null, f.value, f.lower)) return false;
  return true;
}

interface Scan {
  index: TermIndex;
  /** Distinct key tuples the rows took (by id), and each row's id (or NONE / DEFERRED). */
  tuples: Record<string, string>[];
  rowTuple: Int32Array;
  misses: { i: number; reason: UnplacedReason }[];
  /** Rows whose blank-rule cell is blank: their other keys, by tuple. */
  deferred: Map<string, Record<string, string>>;
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
  private rows: RawKey[] = [];
  private readonly columns: Map<string, number>;

  constructor(
    readonly def: SummaryDef,
    readonly sources: Sources,
  ) {
    this.columns = new Map(def.columns.map((c, i) => [c.def.key, i]));
  }

  private readonly compiled = new Map<Term, Compiled>();

  /** A term with its column indexes and key definitions looked up once. */
  private compile(term: Term): Compiled {
    let c = this.compiled.get(term);
    if (c) return c;
    const index = (column: string) => sourceColumnIndex(term.source, column);
    c = {
      consts: [],
      filters: [],
      value: index(term.value),
      sign: term.sign ?? 1,
      keyNames: [],
      keyDefs: [],
      blank: null,
    };
    for (const f of term.filters) {
      if (f.kind === 'is' || f.kind === 'isNot')
        c.consts.push({
          index: index(f.column),
          value: f.value,
          lower: f.value.toLowerCase(),
          is: f.kind === 'is',
        });
      else if (f.kind === 'month')
        c.filters.push({
          kind: 'month',
          key: f.key,
          index: index(f.column),
          fallback: f.fallback ? index(f.fallback) : -1,
        });
      else {
        c.filters.push({
          kind: 'key',
          key: f.key,
          def: keyDef(this.def, f.key),
          index: index(f.column),
          blank: Boolean(f.blank),
          fallback: f.fallback ? index(f.fallback) : -1,
        });
        if (f.blank) c.blank = f;
      }
      if (f.kind === 'month' || f.kind === 'key') {
        c.keyNames.push(f.key);
        c.keyDefs.push(keyDef(this.def, f.key));
      }
    }
    this.compiled.set(term, c);
    return c;
  }

  private readonly textKeys = new Map<KeyDef, Map<string, string | null>>();

  private textKeyOf(key: KeyDef, text: string): string | null {
    let cache = this.textKeys.get(key);
    if (!cache) {
      cache = new Map();
      this.textKeys.set(key, cache);
    }
    let raw = cache.get(text);
    if (raw === undefined) {
      raw = textKey(key, text);
      cache.set(text, raw);
    }
    return raw;
  }

  /** The keys a source row takes under a term, or why it takes none. */
  extract(term: Term, row: readonly Cell[]): Extracted {
    const c = this.compile(term);
    // Constant filters first: a row they exclude is not this term's, whatever its keys.
    if (!passes(c.consts, row)) return { ok: false, reason: 'filtered' };
    return this.extractKeys(c, row);
  }

  /** The keys a source row takes under a term's key filters (its constant filters aside). */
  private extractKeys(c: Compiled, row: readonly Cell[]): Extracted {
    const keys: Record<string, string> = {};
    let blankKey: string | null = null;
    for (const f of c.filters) {
      const part = this.keyPart(f, row);
      if (part === BLANK_PART) blankKey = f.key;
      else if (typeof part === 'number') return { ok: false, reason: MISSES[-part - 1]! };
      else keys[f.key] = part;
    }
    return { ok: true, keys, blankKey };
  }

  private readonly monthsOf = new Map<string, string | null>();

  /** The month (its first day) of a cell holding an ISO date, else null; by text, once. */
  private monthOfCell(cell: Cell | undefined): string | null {
    if (typeof cell !== 'string') return null;
    let month = this.monthsOf.get(cell);
    if (month === undefined) {
      month = ISO_DATE.test(cell) ? monthOf(cell) : null;
      this.monthsOf.set(cell, month);
    }
    return month;
  }

  /**
   * The raw key one filter gives a source row: its value, BLANK_PART when the filter's blank rule
   * takes the row, or a miss (−1 − MISSES index).
   */
  private keyPart(f: CompiledFilter, row: readonly Cell[]): string | number {
    let value = row[f.index] ?? null;
    if (f.kind === 'key' && f.fallback >= 0 && isBlank(value)) value = row[f.fallback] ?? null;
    if (f.kind === 'month') {
      const month =
        this.monthOfCell(value) ??
        (isBlank(value) && f.fallback >= 0 ? this.monthOfCell(row[f.fallback] ?? null) : null);
      return month ?? NO_DATE;
    }
    if (isBlank(value)) {
      if (f.blank) return BLANK_PART;
      return f.def.words?.[''] !== undefined ? '' : BLANK_KEY;
    }
    if (f.def.kind === 'text') {
      const text =
        typeof value === 'string'
          ? value
          : f.def.digits && typeof value === 'number' && Number.isSafeInteger(value) && value > 0
            ? String(value)
            : null;
      return (text === null ? null : this.textKeyOf(f.def, text)) ?? UNSAFE_KEY;
    }
    if (f.def.kind === 'month') return this.monthOfCell(value) ?? NO_DATE;
    return isoDate(value) ?? NO_DATE;
  }

  private filterKeys(term: Term): string[] {
    return this.compile(term).keyNames;
  }

  private tuple(keys: readonly string[], values: RawKey): string {
    let out = '';
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      if (i > 0) out += '\u0001';
      out += keyNorm(keyDef(this.def, k), values[k] ?? '');
    }
    return out;
  }

  private readonly scans = new Map<Term, Scan>();

  /**
   * One pass of a term over its source rows: the sums by key tuple, and what each row took. The
   * keys a row takes depend only on the term's key filters, which many terms share (each money
   * column of a tab over the same source): they are extracted once per source and filters
   * (keyingOf), and a term adds its constant filters and its value column.
   */
  private scan(term: Term): Scan {
    let scan = this.scans.get(term);
    if (scan) return scan;
    const c = this.compile(term);
    const keying = this.keyingOf(term, c);
    const index: TermIndex = { exact: new Map(), blank: new Map(), blankFilter: c.blank, keys: c.keyNames };
    const rows = this.sources[term.source];
    scan = {
      index,
      tuples: [],
      rowTuple: new Int32Array(rows.length).fill(NONE),
      misses: [],
      deferred: new Map(),
    };
    // Per raw tuple: the sum of the rows passing the constant filters, and the first such row.
    const sums = new Float64Array(keying.keys.length);
    const first = new Int32Array(keying.keys.length).fill(-1);
    const used: number[] = [];
    const consts = c.consts;
    const took = new Uint8Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      if (!passes(consts, row)) continue;
      const code = keying.code[i]!;
      if (code < 0) {
        scan.misses.push({ i, reason: MISSES[-code - 1]! });
        continue;
      }
      took[i] = 1;
      sums[code] = sums[code]! + c.sign * amountOf(row[c.value] ?? null);
      if (first[code] === -1) {
        first[code] = i;
        used.push(code);
      }
    }
    // In the order the rows first took them (what a pass row by row would have built).
    const idOf = new Int32Array(keying.keys.length).fill(NONE);
    const ids = new Map<string, number>();
    for (const code of used) {
      const t = keying.norm[code]!;
      if (keying.blank[code] === 1) {
        index.blank.set(t, (index.blank.get(t) ?? 0) + sums[code]!);
        if (!scan.deferred.has(t)) scan.deferred.set(t, keying.keys[code]!);
        idOf[code] = DEFERRED;
        continue;
      }
      index.exact.set(t, (index.exact.get(t) ?? 0) + sums[code]!);
      let id = ids.get(t);
      if (id === undefined) {
        id = scan.tuples.length;
        ids.set(t, id);
        scan.tuples.push(keying.keys[code]!);
      }
      idOf[code] = id;
    }
    for (let i = 0; i < rows.length; i++) {
      if (took[i] === 1) scan.rowTuple[i] = idOf[keying.code[i]!]!;
    }
    this.scans.set(term, scan);
    return scan;
  }

  private readonly keyings = new Map<string, Keying>();

  /** The keys every source row takes under a term's key filters (shared by terms with the same). */
  private keyingOf(term: Term, c: Compiled): Keying {
    const signature = `${term.source}|${c.filters
      .map((f) => `${f.kind}:${f.key}:${f.index}:${f.fallback}:${f.kind === 'key' && f.blank ? 1 : 0}`)
      .join(',')}`;
    let keying = this.keyings.get(signature);
    if (keying) return keying;
    const rows = this.sources[term.source];
    const others = c.blank ? c.keyNames.filter((k) => k !== c.blank!.key) : c.keyNames;
    keying = { code: new Int32Array(rows.length), keys: [], norm: [], blank: [] };
    const ids = new Map<string, number>();
    const filters = c.filters;
    eachRow: for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      // Raw values (a text key's case kept: the first row of a tuple gives the summary row's text),
      // as one string: the keys object is made once per tuple, not per row.
      let raw = '';
      let blank = false;
      for (const f of filters) {
        const part = this.keyPart(f, row);
        if (typeof part === 'number') {
          if (part !== BLANK_PART) {
            keying.code[i] = part;
            continue eachRow;
          }
          blank = true;
          raw += '\u0001\u0002';
        } else raw += `\u0001${part}`;
      }
      raw = (blank ? 'b' : 'e') + raw;
      let id = ids.get(raw);
      if (id === undefined) {
        const e = this.extractKeys(c, row) as Extract<Extracted, { ok: true }>;
        id = keying.keys.length;
        ids.set(raw, id);
        keying.keys.push(e.keys);
        keying.norm.push(this.tuple(blank ? others : c.keyNames, e.keys));
        keying.blank.push(blank ? 1 : 0);
      }
      keying.code[i] = id;
    }
    this.keyings.set(signature, keying);
    return keying;
  }

  private index(term: Term): TermIndex {
    return this.scan(term).index;
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
    const placed = {} as Record<SourceId, Uint8Array>;
    const missed: { source: SourceId; reason: UnplacedReason; i: number }[] = [];
    const deferred: { term: Term; keys: Record<string, string> }[] = [];
    const complete = (term: Term, keys: Record<string, string>) => {
      const out = { ...keys };
      for (const c of term.when ?? []) {
        if ('in' in c && c.in.length === 1 && out[c.key] === undefined) out[c.key] = c.in[0]!;
      }
      return out;
    };
    for (const term of this.placingTerms()) {
      const scan = this.scan(term);
      placed[term.source] ??= new Uint8Array(this.sources[term.source].length);
      const marks = placed[term.source];
      const ok = scan.tuples.map((keys) => {
        const full = complete(term, keys);
        const missing = allKeys.find((k) => full[k] === undefined);
        if (missing) throw new Error(`a term of the summary leaves key ${missing} open`);
        if (!conditionsHold(this.def, term.when, full)) return false;
        found.set(this.tuple(allKeys, full), full);
        return true;
      });
      scan.rowTuple.forEach((id, i) => {
        if (id === DEFERRED || (id >= 0 && ok[id])) marks[i] = 1;
        else if (id >= 0) missed.push({ source: term.source, reason: 'not-this-row', i });
      });
      for (const m of scan.misses) missed.push({ source: term.source, reason: m.reason, i: m.i });
      for (const keys of scan.deferred.values()) deferred.push({ term, keys: complete(term, keys) });
    }
    for (const d of deferred) {
      const filter = this.compile(d.term).blank!;
      const others = allKeys.filter((k) => k !== filter.key && d.keys[k] !== undefined);
      const t = this.tuple(others, d.keys);
      const exists = [...found.values()].some((k) => this.tuple(others, k) === t);
      if (exists) continue;
      const keys = { ...d.keys, [filter.key]: filter.blank!.create };
      found.set(this.tuple(allKeys, keys), keys);
    }
    const companion = this.def.companion;
    if (companion) {
      const others = allKeys.filter((k) => k !== companion.key);
      const seen = new Set<string>();
      for (const keys of [...found.values()]) {
        const t = this.tuple(others, keys);
        if (seen.has(t)) continue;
        seen.add(t);
        const full = { ...keys, [companion.key]: companion.value };
        found.set(this.tuple(allKeys, full), full);
      }
    }
    // A row placed by one term (CFS) is not "unplaced" because another term (재고손실보상) skips it.
    const unplaced = new Map<string, Unplaced>();
    for (const m of missed) {
      if (placed[m.source]?.[m.i]) continue;
      const id = `${m.source}|${m.reason}`;
      let entry = unplaced.get(id);
      if (!entry) {
        entry = { source: m.source, reason: m.reason, rows: [], lineKeys: [] };
        unplaced.set(id, entry);
      }
      entry.rows.push(m.i);
    }
    for (const entry of unplaced.values()) {
      entry.rows = [...new Set(entry.rows)].sort((a, b) => a - b);
      entry.lineKeys = entry.rows.map((i) => String(this.sources[entry.source][i]?.[0] ?? ''));
    }
    return { keys: [...found.values()], unplaced: [...unplaced.values()] };
  }

  /** Every data row of the summary as it will stand (designation of blank cells looks at them all). */
  setRows(rows: readonly RawKey[]): void {
    this.rows = [...rows];
    this.rowValueCache.clear();
  }

  private readonly labels = new Map<string, (keys: RawKey) => string | null>();

  private labelOf(
    column: Extract<SummaryColumn, { role: 'label' }>,
    keys: RawKey,
    lang: 'ko' | 'en',
  ): string | null {
    const id = `${column.def.key}|${lang}`;
    let lookup = this.labels.get(id);
    if (!lookup) {
      lookup = column.lookup(this.sources, lang);
      this.labels.set(id, lookup);
    }
    return lookup(keys);
  }

  private readonly rowValueCache = new Map<string, Map<string, Cell>>();

  /** The value columns of a row (no checks): what a partition check sums over the other rows. */
  private valueColumns(keys: RawKey): Map<string, Cell> {
    const id = this.tuple(
      keyColumns(this.def).map((k) => k.key.column),
      keys,
    );
    let values = this.rowValueCache.get(id);
    if (values) return values;
    const out = new Map<string, Cell>();
    const get = (column: string): Cell => {
      if (out.has(column)) return out.get(column) ?? null;
      const found = this.def.columns[this.columns.get(column) ?? -1];
      if (!found) throw new Error(`summary has no column ${column}`);
      let value: Cell = null;
      if (found.role === 'key') value = keys[column] ?? null;
      else if (found.role === 'label') value = this.labelOf(found, keys, 'ko');
      else if (found.role === 'value') value = this.expr(found.expr, keys, get);
      out.set(column, value);
      return value;
    };
    for (const c of this.def.columns) if (c.role === 'value') get(c.def.key);
    values = out;
    this.rowValueCache.set(id, values);
    return values;
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
      else if (found.role === 'label') value = this.labelOf(found, keys, lang);
      else if (found.role === 'value') value = this.expr(found.expr, keys, get);
      else value = this.checks(found.checks, keys, get, lang);
      values.set(column, value);
      return value;
    };
    for (const c of this.def.columns)
      if (c.role === 'value' || c.role === 'check' || c.role === 'label') get(c.def.key);
    return values;
  }

  /** An expression's value as a number (0 when it is not one). */
  private num(e: Expr, keys: RawKey, get: (column: string) => Cell): number {
    const v = this.expr(e, keys, get);
    return typeof v === 'number' ? v : 0;
  }

  expr(expr: Expr, keys: RawKey, get: (column: string) => Cell): Cell {
    switch (expr.op) {
      case 'col':
        return get(expr.column);
      case 'sum':
        return expr.terms.reduce((total, t) => total + this.termValue(t, keys), 0);
      case 'num':
        return expr.value;
      case 'add':
        return expr.args.reduce((total, a) => total + this.num(a, keys, get), 0);
      case 'sub':
        return this.num(expr.left, keys, get) - this.num(expr.right, keys, get);
      case 'mul':
        return this.num(expr.left, keys, get) * this.num(expr.right, keys, get);
      case 'div':
        return this.num(expr.left, keys, get) / this.num(expr.right, keys, get);
      case 'round': {
        const v = this.num(expr.arg, keys, get);
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
      } else if (check.kind === 'partition') {
        let parts = '';
        for (const p of this.partition(check.key, keys)) {
          if (p.own !== p.whole) parts += ` ${p.label[lang]} ${numberText(p.own - p.whole)}`;
        }
        if (parts !== '') message += ` ${check.label[lang]}${parts}`;
      } else if (!check.value(get)) message += ` ${check.label[lang]}`;
    }
    return message === '' ? '✓' : `✗${message}`;
  }

  /**
   * Per totalled linear column: Σ over the rows with the same `key` value as `keys` (own), and the
   * source rows' figure for that value alone (whole), as formula.ts partitionParts writes them.
   */
  partition(key: string, keys: RawKey): { label: Text; own: number; whole: number }[] {
    const k = keyDef(this.def, key);
    const value = keyNorm(k, keys[key] ?? '');
    const out: { label: Text; own: number; whole: number; column: string }[] = [];
    for (const c of this.def.columns) {
      if (c.role !== 'value' || !c.total) continue;
      const whole = this.partitionWhole(c.expr, key, value);
      if (whole === null) continue;
      out.push({ label: { ko: c.def.ko, en: c.def.en }, own: 0, whole, column: c.def.key });
    }
    // Each member row's values looked up once for every column.
    for (const r of this.rows) {
      if (keyNorm(k, r[key] ?? '') !== value) continue;
      const values = this.valueColumns(r);
      for (const part of out) {
        const v = values.get(part.column);
        if (typeof v === 'number') part.own += v;
      }
    }
    return out;
  }

  private partitionWhole(expr: Expr, key: string, value: string): number | null {
    switch (expr.op) {
      case 'col': {
        const target = columnAt(this.def, expr.column).column;
        return target.role === 'value' ? this.partitionWhole(target.expr, key, value) : null;
      }
      case 'sum': {
        let total = 0;
        for (const t of expr.terms) {
          const byValue = this.partitionScan(t, key);
          if (byValue === null) return null;
          total += byValue.get(value) ?? 0;
        }
        return total;
      }
      case 'add': {
        let total = 0;
        for (const a of expr.args) {
          const part = this.partitionWhole(a, key, value);
          if (part === null) return null;
          total += part;
        }
        return total;
      }
      case 'sub': {
        const left = this.partitionWhole(expr.left, key, value);
        const right = this.partitionWhole(expr.right, key, value);
        return left === null || right === null ? null : left - right;
      }
      default:
        return null;
    }
  }

  private readonly partitionScans = new Map<Term, Map<string, Map<string, number> | null>>();

  /** One pass of a term: Σ sign × value by the normalised value of `key`, restrictions applied. */
  private partitionScan(term: Term, key: string): Map<string, number> | null {
    let byKey = this.partitionScans.get(term);
    if (!byKey) {
      byKey = new Map();
      this.partitionScans.set(term, byKey);
    }
    if (byKey.has(key)) return byKey.get(key) ?? null;
    const restrictions = partitionRestrictions(term, key);
    if (restrictions === null) {
      byKey.set(key, null);
      return null;
    }
    const c = this.compile(term);
    const filter = c.filters.find((f) => f.key === key);
    const k = keyDef(this.def, key);
    const restricted = restrictions.map((r) => ({
      index: sourceColumnIndex(term.source, r.filter.column),
      values: r.values,
    }));
    const totals = new Map<string, number>();
    for (const row of this.sources[term.source]) {
      if (!passes(c.consts, row)) continue;
      if (restricted.some((r) => !r.values.some((v) => textEq(row[r.index] ?? null, v)))) continue;
      let raw: string | null = '';
      if (filter) raw = this.filterValue(filter, row);
      if (raw === null) continue;
      const norm = keyNorm(k, raw);
      totals.set(norm, (totals.get(norm) ?? 0) + c.sign * amountOf(row[c.value] ?? null));
    }
    byKey.set(key, totals);
    return totals;
  }

  /** The raw key value a source row takes under one filter (as extract, a blank rule aside), or null. */
  private filterValue(f: CompiledFilter, row: readonly Cell[]): string | null {
    const part = this.keyPart(f, row);
    if (part === BLANK_PART) return f.kind === 'key' && f.def.words?.[''] !== undefined ? '' : null;
    return typeof part === 'number' ? null : part;
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

  private readonly wholeTabs = new Map<Term, Map<string | null, number>>();

  private termWholeTab(term: Term, group: string | null): number {
    let byGroup = this.wholeTabs.get(term);
    if (!byGroup) {
      byGroup = new Map();
      this.wholeTabs.set(term, byGroup);
    }
    let total = byGroup.get(group);
    if (total === undefined) {
      total = this.computeWholeTab(term, group);
      byGroup.set(group, total);
    }
    return total;
  }

  private computeWholeTab(term: Term, group: string | null): number {
    if (!termInGroup(this.def, term, group)) return 0;
    const c = this.compile(term);
    // The group key's filter becomes a constant (mapping_version = v2 for 확정); others are dropped.
    const groupFilter =
      group !== null && this.def.groups
        ? c.filters.find((f) => f.kind === 'key' && f.key === this.def.groups!.key)
        : undefined;
    const restricted = (partitionRestrictions(term, this.def.groups?.key ?? null) ?? []).map((r) => ({
      index: sourceColumnIndex(term.source, r.filter.column),
      values: r.values,
    }));
    let total = 0;
    for (const row of this.sources[term.source]) {
      if (!passes(c.consts, row)) continue;
      if (groupFilter && group !== null && !textEq(row[groupFilter.index] ?? null, group)) continue;
      if (restricted.some((r) => !r.values.some((v) => textEq(row[r.index] ?? null, v)))) continue;
      total += c.sign * amountOf(row[c.value] ?? null);
    }
    return total;
  }
}

/** A number as a spreadsheet's `&` writes it (General format): integers plainly. */
export function numberText(value: number): string {
  return Number.isInteger(value) ? value.toFixed(0) : String(value);
}
