/**
 * Just enough of Sheets' formula language for a strict fake:
 * - `evaluateFormula` computes what needs no cell data (literals, arithmetic on literals, HYPERLINK)
 *   and the error values Sheets shows for text that is not a valid formula: '#ERROR!' (parse error),
 *   '#NAME?' (an unknown bare name), '#DIV/0!'. Functions and references are not evaluated ('').
 * - `formulaReferences` lists the ranges a formula reads (A1 references and named ranges), so the
 *   cost model can tell which formulas a write makes Sheets recalculate.
 */
import { columnLetters, columnNumber, type GridRect } from './a1.js';

export type FormulaValue = string | number | boolean;

type Token =
  | { t: 'num'; v: number }
  | { t: 'str'; v: string }
  | { t: 'name'; v: string }
  | { t: 'op'; v: string }
  | { t: '('; v: '(' }
  | { t: ')'; v: ')' }
  | { t: ','; v: ',' };

class ParseError extends Error {}

const NAME_START = /[\p{L}_$'0-9]/u;

function tokenize(body: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < body.length) {
    const ch = body[i] ?? '';
    if (/\s/.test(ch)) {
      i += 1;
      continue;
    }
    if (ch === '"') {
      let j = i + 1;
      let s = '';
      for (;;) {
        if (j >= body.length) throw new ParseError('unterminated string');
        if (body[j] === '"') {
          if (body[j + 1] === '"') {
            s += '"';
            j += 2;
            continue;
          }
          break;
        }
        s += body[j];
        j += 1;
      }
      out.push({ t: 'str', v: s });
      i = j + 1;
      continue;
    }
    const num = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(body.slice(i));
    // A number not followed by a name character (so '2:5' and 'A1' stay references).
    if (num && !/^[\p{L}_:$!]/u.test(body.slice(i + num[0].length))) {
      out.push({ t: 'num', v: Number(num[0]) });
      i += num[0].length;
      continue;
    }
    if (NAME_START.test(ch)) {
      // Names, references ('Sheet 1'!A1:B2, $A$1, A:A, 2:5) and function names, in one token.
      const m = /^(?:'(?:[^']|'')+'|[\p{L}\p{N}_.$]+)(?:![\p{L}\p{N}_.$]+)?(?::[\p{L}\p{N}_.$]+)?/u.exec(
        body.slice(i),
      );
      if (!m || m[0] === '') throw new ParseError(`unexpected ${ch}`);
      out.push({ t: 'name', v: m[0] });
      i += m[0].length;
      continue;
    }
    const op = /^(<>|<=|>=|[-+*/^&=<>%])/.exec(body.slice(i));
    if (op) {
      out.push({ t: 'op', v: op[0] });
      i += op[0].length;
      continue;
    }
    if (ch === '(' || ch === ')' || ch === ',') {
      out.push({ t: ch, v: ch } as Token);
      i += 1;
      continue;
    }
    throw new ParseError(`unexpected ${ch}`);
  }
  return out;
}

/** A value, or a marker for what this fake does not compute (a function call or a reference). */
type Value = FormulaValue | { unknown: true } | { error: string };

const UNKNOWN: Value = { unknown: true };
const CELL_REF =
  /^(?:(?:'(?:[^']|'')+'|[\p{L}\p{N}_.]+)!)?\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?$/u;
const SPAN_REF =
  /^(?:(?:'(?:[^']|'')+'|[\p{L}\p{N}_.]+)!)?(?:\$?[A-Za-z]{1,3}:\$?[A-Za-z]{1,3}|\$?\d+:\$?\d+)$/u;

function isError(v: Value): v is { error: string } {
  return typeof v === 'object' && 'error' in v;
}

function isUnknown(v: Value): boolean {
  return typeof v === 'object' && 'unknown' in v;
}

function toNumber(v: FormulaValue): number | { error: string } {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v.trim() === '') return 0;
  const n = Number(v);
  return Number.isFinite(n) ? n : { error: '#VALUE!' };
}

/** Recursive descent over the tokens; throws ParseError on anything Sheets could not parse. */
class Parser {
  #i = 0;

  constructor(readonly tokens: Token[]) {}

  parse(): Value {
    const v = this.#comparison();
    if (this.#i !== this.tokens.length) throw new ParseError('trailing tokens');
    return v;
  }

  #peek(): Token | undefined {
    return this.tokens[this.#i];
  }

  #next(): Token {
    const t = this.tokens[this.#i];
    if (!t) throw new ParseError('unexpected end');
    this.#i += 1;
    return t;
  }

  #isOp(...ops: string[]): string | undefined {
    const t = this.#peek();
    return t?.t === 'op' && ops.includes(t.v) ? t.v : undefined;
  }

  #comparison(): Value {
    let left = this.#concat();
    for (
      let op = this.#isOp('=', '<>', '<', '>', '<=', '>=');
      op;
      op = this.#isOp('=', '<>', '<', '>', '<=', '>=')
    ) {
      this.#next();
      const right = this.#concat();
      left = binary(op, left, right);
    }
    return left;
  }

  #concat(): Value {
    let left = this.#additive();
    while (this.#isOp('&')) {
      this.#next();
      const right = this.#additive();
      left = binary('&', left, right);
    }
    return left;
  }

  #additive(): Value {
    let left = this.#multiplicative();
    for (let op = this.#isOp('+', '-'); op; op = this.#isOp('+', '-')) {
      this.#next();
      left = binary(op, left, this.#multiplicative());
    }
    return left;
  }

  #multiplicative(): Value {
    let left = this.#power();
    for (let op = this.#isOp('*', '/'); op; op = this.#isOp('*', '/')) {
      this.#next();
      left = binary(op, left, this.#power());
    }
    return left;
  }

  #power(): Value {
    const left = this.#unary();
    if (this.#isOp('^')) {
      this.#next();
      return binary('^', left, this.#power());
    }
    return left;
  }

  #unary(): Value {
    const op = this.#isOp('+', '-');
    if (op) {
      this.#next();
      const v = this.#unary();
      if (op === '+' || isError(v) || isUnknown(v)) return v;
      const n = toNumber(v as FormulaValue);
      return typeof n === 'number' ? -n : n;
    }
    let v = this.#primary();
    while (this.#isOp('%')) {
      this.#next();
      if (isError(v) || isUnknown(v)) continue;
      const n = toNumber(v as FormulaValue);
      v = typeof n === 'number' ? n / 100 : n;
    }
    return v;
  }

  #primary(): Value {
    const t = this.#next();
    if (t.t === 'num' || t.t === 'str') return t.v;
    if (t.t === '(') {
      const v = this.#comparison();
      if (this.#next().t !== ')') throw new ParseError('expected )');
      return v;
    }
    if (t.t !== 'name') throw new ParseError(`unexpected ${t.v}`);
    if (this.#peek()?.t === '(') return this.#call(t.v);
    if (/^TRUE$/i.test(t.v)) return true;
    if (/^FALSE$/i.test(t.v)) return false;
    if (CELL_REF.test(t.v) || SPAN_REF.test(t.v)) return UNKNOWN;
    // Not a function, a reference or a boolean: a name. Named ranges are not looked up here.
    if (/^[\p{L}_][\p{L}\p{N}_.]*$/u.test(t.v)) return { error: '#NAME?' };
    throw new ParseError(`bad name ${t.v}`);
  }

  #call(name: string): Value {
    this.#next(); // (
    const args: Value[] = [];
    if (this.#peek()?.t !== ')') {
      for (;;) {
        args.push(this.#peek()?.t === ',' || this.#peek()?.t === ')' ? '' : this.#comparison());
        const sep = this.#next();
        if (sep.t === ')') break;
        if (sep.t !== ',') throw new ParseError('expected , or )');
      }
    } else {
      this.#next();
    }
    const upper = name.toUpperCase();
    if ((upper === 'TRUE' || upper === 'FALSE') && args.length === 0) return upper === 'TRUE';
    if (upper === 'HYPERLINK' && args.length >= 1 && args.length <= 2) {
      const label = args[args.length - 1];
      return label === undefined || typeof label === 'object' ? UNKNOWN : label;
    }
    return UNKNOWN;
  }
}

function binary(op: string, left: Value, right: Value): Value {
  if (isError(left)) return left;
  if (isError(right)) return right;
  if (isUnknown(left) || isUnknown(right)) return UNKNOWN;
  const l = left as FormulaValue;
  const r = right as FormulaValue;
  if (op === '&') return `${l}${r}`;
  if (['=', '<>', '<', '>', '<=', '>='].includes(op)) return UNKNOWN;
  const a = toNumber(l);
  const b = toNumber(r);
  if (typeof a !== 'number') return a;
  if (typeof b !== 'number') return b;
  if (op === '+') return a + b;
  if (op === '-') return a - b;
  if (op === '*') return a * b;
  if (op === '/') return b === 0 ? { error: '#DIV/0!' } : a / b;
  const p = a ** b;
  return Number.isFinite(p) ? p : { error: '#NUM!' };
}

/**
 * The value getValues() returns for `formula` (text starting with '='), as far as it needs no cell
 * data: literals, arithmetic on literals, HYPERLINK(url, label) → label, and error values for text
 * that is not a formula ('#ERROR!') or names nobody defined ('#NAME?'). Everything else reads as ''.
 */
export function evaluateFormula(formula: string): FormulaValue {
  let value: Value;
  try {
    value = new Parser(tokenize(formula.slice(1))).parse();
  } catch (error) {
    if (error instanceof ParseError) return '#ERROR!';
    throw error;
  }
  if (isError(value)) return value.error;
  if (isUnknown(value)) return '';
  return value as FormulaValue;
}

/** A range a formula reads: on `sheet` (null = the formula's own sheet) or a named range; `uses`
 *  counts how often the formula mentions it (a MAXIFS scans its ranges once per mention). */
export type FormulaRef = ({ sheet: string | null; rect: GridRect } | { name: string }) & { uses: number };

const REF_RE =
  /(?<![\p{L}\p{N}_.$'!])(?:(?:'((?:[^']|'')+)'|([\p{L}_][\p{L}\p{N}_.]*))!)?(\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?|\$?[A-Za-z]{1,3}:\$?[A-Za-z]{1,3}|\$?\d+:\$?\d+)(?![\p{L}\p{N}_.(!])/gu;
const NAME_RE = /(?<![\p{L}\p{N}_.$!'"])([\p{L}_][\p{L}\p{N}_.]*)(?![\p{L}\p{N}_.!(])/gu;

/** Cell address (A1, $B$2, A:C, 2:5) → rectangle; open spans use `Infinity` and are clipped later. */
function refRect(ref: string): GridRect {
  const parts = ref.replace(/\$/g, '').split(':');
  const cell = (p: string) => {
    const m = /^([A-Za-z]*)(\d*)$/.exec(p);
    return { col: m?.[1] ? columnNumber(m[1]) : 0, row: m?.[2] ? Number(m[2]) : 0 };
  };
  const a = cell(parts[0] ?? '');
  const b = cell(parts[1] ?? parts[0] ?? '');
  const row = a.row === 0 ? 1 : Math.min(a.row, b.row);
  const col = a.col === 0 ? 1 : Math.min(a.col, b.col);
  const numRows = a.row === 0 ? Number.POSITIVE_INFINITY : Math.abs(b.row - a.row) + 1;
  const numCols = a.col === 0 ? Number.POSITIVE_INFINITY : Math.abs(b.col - a.col) + 1;
  return { row, col, numRows, numCols };
}

/** The ranges `formula` reads. `isNamedRange` tells named ranges from unknown names. */
export function formulaReferences(formula: string, isNamedRange: (name: string) => boolean): FormulaRef[] {
  // String literals can hold anything that looks like a reference.
  const text = formula.replace(/"(?:[^"]|"")*"/g, '""');
  const refs = new Map<string, FormulaRef>();
  const add = (key: string, ref: FormulaRef) => {
    const seen = refs.get(key);
    if (seen) seen.uses += 1;
    else refs.set(key, ref);
  };
  for (const m of text.matchAll(REF_RE)) {
    const sheet = m[1]?.replace(/''/g, "'") ?? m[2] ?? null;
    const ref = m[3] ?? '';
    add(`${sheet ?? ''}!${ref.replace(/\$/g, '')}`, { sheet, rect: refRect(ref), uses: 1 });
  }
  for (const m of text.replace(REF_RE, ' ').matchAll(NAME_RE)) {
    const name = m[1] ?? '';
    if (isNamedRange(name)) add(`name:${name}`, { name, uses: 1 });
  }
  return [...refs.values()];
}

/** One end of an A1 reference moved by (dRow, dCol), `$`-anchored parts staying; null past the grid. */
function shiftEnd(end: string, dRow: number, dCol: number): string | null {
  const m = /^(\$?)([A-Za-z]*)(\$?)(\d*)$/.exec(end);
  if (!m) return end;
  const [, colAbs = '', letters = '', rowAbs = '', digits = ''] = m;
  let out = '';
  if (letters !== '') {
    const col = colAbs === '$' ? columnNumber(letters) : columnNumber(letters) + dCol;
    if (col < 1) return null;
    out += colAbs + columnLetters(col);
  }
  if (digits !== '') {
    const row = rowAbs === '$' ? Number(digits) : Number(digits) + dRow;
    if (row < 1) return null;
    out += rowAbs + String(row);
  }
  return out;
}

/**
 * A formula copied (Range.copyTo) `dRow` rows and `dCol` columns away: its relative references move
 * with it, `$`-anchored parts stay, text in string literals is left alone; a reference moved past the
 * first row or column becomes #REF!, as in Sheets.
 */
export function shiftFormula(formula: string, dRow: number, dCol: number): string {
  if (dRow === 0 && dCol === 0) return formula;
  return formula
    .split(/("(?:[^"]|"")*")/)
    .map((part, i) =>
      i % 2 === 1
        ? part
        : part.replace(REF_RE, (whole: string, _quoted?: string, _bare?: string, ref?: string) => {
            const prefix = whole.slice(0, whole.length - (ref ?? '').length);
            const ends = (ref ?? '').split(':').map((end) => shiftEnd(end, dRow, dCol));
            if (ends.some((end) => end === null)) return `${prefix}#REF!`;
            return prefix + ends.join(':');
          }),
    )
    .join('');
}
