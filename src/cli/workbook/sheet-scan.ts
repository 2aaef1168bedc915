/**
 * Reads worksheet XML as bytes: where each `<row>` and `<c>` starts and ends, and a cell's value.
 * No DOM and no cell objects for rows that are only copied: a 200,000-row sheet is a Buffer plus
 * one small record per row (sheet-doc.ts), and cell values are decoded only for the rows the merge
 * reads. Element names are compared by local name, so a prefixed main namespace (`<x:c>`) works.
 */
import { isoToSerial } from '../../core/util/dates';
import { decodeXstring } from './xml';

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const QUOTE = 0x22;
const APOS = 0x27;
const EQUALS = 0x3d;
const COLON = 0x3a;
const AMP = 0x26;
const UNDERSCORE = 0x5f;
const QUESTION = 0x3f;
const BANG = 0x21;

const name = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
const N_ROW = name('row');
const N_C = name('c');
const N_V = name('v');
const N_F = name('f');
const N_IS = name('is');
const N_T = name('t');
const N_RPH = name('rPh');
const N_SI = name('si');
const N_SHEET_DATA = name('sheetData');
const A_R = name('r');
const A_T = name('t');
const A_SI = name('si');
const A_REF = name('ref');

const isSpace = (b: number | undefined) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

// The tag last read by readTag (one scanner runs at a time: no allocation per tag).
let tagEnd = 0;
let tagName0 = 0;
let tagName1 = 0;
let tagClosing = false;
let tagSelfClosing = false;

/** Reads the tag starting at `at` (a '<'). False when it does not end before `limit`. */
function readTag(buf: Uint8Array, at: number, limit: number): boolean {
  let j = at + 1;
  const first = buf[j];
  if (first === QUESTION || first === BANG) {
    // Processing instruction or comment: not an element.
    const close = first === BANG && buf[j + 1] === 0x2d ? indexOfText(buf, '-->', j, limit) : -1;
    const end = close >= 0 ? close + 3 : buf.indexOf(GT, j) + 1;
    if (end <= 0 || end > limit) return false;
    tagEnd = end;
    tagName0 = tagName1 = j;
    tagClosing = true;
    tagSelfClosing = false;
    return true;
  }
  tagClosing = first === SLASH;
  if (tagClosing) j++;
  tagName0 = j;
  while (j < limit) {
    const b = buf[j];
    if (b === COLON) tagName0 = j + 1;
    else if (isSpace(b) || b === GT || b === SLASH) break;
    j++;
  }
  tagName1 = j;
  let quote = 0;
  while (j < limit) {
    const b = buf[j]!;
    if (quote !== 0) {
      if (b === quote) quote = 0;
    } else if (b === QUOTE || b === APOS) quote = b;
    else if (b === GT) break;
    j++;
  }
  if (j >= limit) return false;
  tagSelfClosing = buf[j - 1] === SLASH;
  tagEnd = j + 1;
  return true;
}

function indexOfText(buf: Uint8Array, text: string, from: number, limit: number): number {
  const at = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength).indexOf(text, from, 'latin1');
  return at >= 0 && at < limit ? at : -1;
}

function tagIs(buf: Uint8Array, wanted: Uint8Array): boolean {
  if (tagName1 - tagName0 !== wanted.length) return false;
  for (let k = 0; k < wanted.length; k++) if (buf[tagName0 + k] !== wanted[k]) return false;
  return true;
}

// The attribute value last found by findAttr.
let attrValue0 = 0;
let attrValue1 = 0;

/** Finds an attribute (exact name, no prefix) in the start tag [from, to). */
function findAttr(buf: Uint8Array, from: number, to: number, wanted: Uint8Array): boolean {
  let j = from + 1;
  while (j < to && !isSpace(buf[j]) && buf[j] !== GT && buf[j] !== SLASH) j++;
  while (j < to) {
    while (j < to && isSpace(buf[j])) j++;
    const name0 = j;
    while (j < to && buf[j] !== EQUALS && !isSpace(buf[j]) && buf[j] !== GT && buf[j] !== SLASH) j++;
    const name1 = j;
    while (j < to && isSpace(buf[j])) j++;
    if (buf[j] !== EQUALS) {
      j++;
      continue;
    }
    j++;
    while (j < to && isSpace(buf[j])) j++;
    const quote = buf[j];
    if (quote !== QUOTE && quote !== APOS) return false;
    const value0 = j + 1;
    let value1 = value0;
    while (value1 < to && buf[value1] !== quote) value1++;
    if (name1 - name0 === wanted.length) {
      let same = true;
      for (let k = 0; k < wanted.length; k++) {
        if (buf[name0 + k] !== wanted[k]) {
          same = false;
          break;
        }
      }
      if (same) {
        attrValue0 = value0;
        attrValue1 = value1;
        return true;
      }
    }
    j = value1 + 1;
  }
  return false;
}

function digitsAt(buf: Uint8Array, from: number, to: number): number {
  let n = 0;
  let seen = false;
  for (let j = from; j < to; j++) {
    const b = buf[j]!;
    if (b >= 0x30 && b <= 0x39) {
      n = n * 10 + (b - 0x30);
      seen = true;
    } else if (seen) break;
  }
  return seen ? n : -1;
}

/** 0-based column of an A1 reference's letters. */
function columnAt(buf: Uint8Array, from: number, to: number): number {
  let n = 0;
  for (let j = from; j < to; j++) {
    const b = buf[j]!;
    if (b >= 0x41 && b <= 0x5a) n = n * 26 + (b - 0x40);
    else if (b >= 0x61 && b <= 0x7a) n = n * 26 + (b - 0x60);
    else break;
  }
  return n - 1;
}

/** Text of the byte range, with XML and `_xHHHH_` escapes decoded. */
export function decodeText(buf: Buffer, from: number, to: number): string {
  for (let j = from; j < to; j++) {
    const b = buf[j]!;
    if (b >= 0x80 || b === AMP || (b === UNDERSCORE && buf[j + 1] === 0x78)) {
      return decodeXstring(buf.toString('utf8', from, to));
    }
  }
  return buf.toString('latin1', from, to);
}

// ── rows ─────────────────────────────────────────────────────────────────────────────────────────

export interface SheetLayout {
  /** Namespace prefix of the document's elements (`x:`), or ''. */
  prefix: string;
  /** First byte inside `<sheetData>` and the '<' of `</sheetData>` (equal when it is empty). */
  dataStart: number;
  dataEnd: number;
  /** `<sheetData/>`: head ends at `selfClosingAt`, tail starts after it. */
  selfClosing: { start: number; end: number } | null;
}

export function sheetLayout(buf: Buffer): SheetLayout {
  const root = /<(\w+:)?worksheet[\s>]/.exec(buf.toString('latin1', 0, Math.min(buf.length, 4096)));
  if (!root) throw new Error('not a worksheet');
  const prefix = root[1] ?? '';
  const open = buf.indexOf(`<${prefix}sheetData`, 0, 'latin1');
  if (open < 0) throw new Error('worksheet without sheetData');
  if (!readTag(buf, open, buf.length)) throw new Error('unterminated sheetData');
  if (tagSelfClosing) {
    return { prefix, dataStart: tagEnd, dataEnd: tagEnd, selfClosing: { start: open, end: tagEnd } };
  }
  const dataStart = tagEnd;
  // From the end (the rows are nearly all of a sheet): the last `</sheetData`, an upper bound that
  // scanRows, walking the rows, brings down to the first one if a comment repeats it after the data.
  const dataEnd = buf.lastIndexOf(`</${prefix}sheetData`, undefined, 'latin1');
  if (dataEnd < dataStart) throw new Error('unterminated sheetData');
  return { prefix, dataStart, dataEnd, selfClosing: null };
}

/**
 * Calls `visit` for each `<row>` of the sheet data: its 1-based number and byte range. With
 * `cells`, each row's cells are scanned on the way (the scan finds the row's end), so a sheet read
 * whole is walked once. Returns where the sheet data ends: the first `</sheetData` after the rows.
 */
export function scanRows(
  buf: Buffer,
  layout: SheetLayout,
  visit: (row: number, start: number, startTagEnd: number, end: number) => void,
  cells?: RowCells,
): number {
  const { dataStart: from, dataEnd: to, prefix } = layout;
  const close = Buffer.from(`</${prefix}row>`, 'latin1');
  let at = from;
  let previous = 0;
  while (at < to) {
    const lt = buf.indexOf(LT, at);
    if (lt < 0 || lt >= to) break;
    if (!readTag(buf, lt, to)) break;
    if (tagClosing && tagIs(buf, N_SHEET_DATA)) return lt;
    if (tagClosing || !tagIs(buf, N_ROW)) {
      at = tagEnd;
      continue;
    }
    const startTagEnd = tagEnd;
    const number = findAttr(buf, lt, startTagEnd, A_R) ? digitsAt(buf, attrValue0, attrValue1) : previous + 1;
    let end = startTagEnd;
    if (cells) {
      cells.count = 0;
      if (!tagSelfClosing) end = scanCells(buf, startTagEnd, to, cells, true);
    } else if (!tagSelfClosing) {
      const closing = buf.indexOf(close, startTagEnd);
      if (closing < 0 || closing >= to) throw new Error(`row ${number} is not closed`);
      end = closing + close.length;
    }
    if (end < 0) throw new Error(`row ${number} is not closed`);
    previous = number > 0 ? number : previous + 1;
    visit(previous, lt, startTagEnd, end);
    at = end;
  }
  return to;
}

// ── cells ────────────────────────────────────────────────────────────────────────────────────────

export const CellKind = { Number: 0, Shared: 1, Str: 2, Inline: 3, Bool: 4, Error: 5, Date: 6 } as const;
export type CellKind = (typeof CellKind)[keyof typeof CellKind];

// Per cell: column, start, start-tag end, end, kind, <v> text range, <is> content range,
// <f> start tag range, <f> text range, and the text range of a one-run inline string.
const F_COL = 0;
const F_START = 1;
const F_TAG_END = 2;
const F_END = 3;
const F_KIND = 4;
const F_V0 = 5;
const F_V1 = 6;
const F_IS0 = 7;
const F_IS1 = 8;
const F_FTAG0 = 9;
const F_FTAG1 = 10;
const F_FTEXT0 = 11;
const F_FTEXT1 = 12;
const F_T0 = 13;
const F_T1 = 14;
const STRIDE = 15;

/** The cells of one row, as byte ranges (reused from row to row). */
export class RowCells {
  count = 0;
  /** @internal */
  data = new Int32Array(STRIDE * 64);

  /** @internal Room for one more cell; returns its offset. */
  next(): number {
    if ((this.count + 1) * STRIDE > this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    return this.count++ * STRIDE;
  }

  private get(k: number, field: number): number {
    return this.data[k * STRIDE + field]!;
  }
  col(k: number): number {
    return this.get(k, F_COL);
  }
  start(k: number): number {
    return this.get(k, F_START);
  }
  startTagEnd(k: number): number {
    return this.get(k, F_TAG_END);
  }
  end(k: number): number {
    return this.get(k, F_END);
  }
  kind(k: number): CellKind {
    return this.get(k, F_KIND) as CellKind;
  }
  /** Holds a value, a formula or inline text (not only a style). */
  hasContent(k: number): boolean {
    return this.get(k, F_V1) > this.get(k, F_V0) || this.get(k, F_FTAG0) >= 0 || this.get(k, F_IS0) >= 0;
  }
  hasFormula(k: number): boolean {
    return this.get(k, F_FTAG0) >= 0;
  }
  v0(k: number): number {
    return this.get(k, F_V0);
  }
  v1(k: number): number {
    return this.get(k, F_V1);
  }
  /** Text of a one-run inline string (-1 when the string has several runs or is not inline). */
  t0(k: number): number {
    return this.get(k, F_T0);
  }
  t1(k: number): number {
    return this.get(k, F_T1);
  }
  isRange(k: number): [number, number] {
    return [this.get(k, F_IS0), this.get(k, F_IS1)];
  }
  formulaTag(k: number): [number, number] {
    return [this.get(k, F_FTAG0), this.get(k, F_FTAG1)];
  }
  formulaText(k: number): [number, number] {
    return [this.get(k, F_FTEXT0), this.get(k, F_FTEXT1)];
  }
}

/** Do the bytes at `at` spell `text` (ASCII)? */
function bytesAre(buf: Uint8Array, at: number, text: Uint8Array): boolean {
  for (let k = 0; k < text.length; k++) if (buf[at + k] !== text[k]) return false;
  return true;
}

const V_OPEN = name('<v>');
const V_CLOSE_C = name('</v></c>');
const IS_T_OPEN = name('<is><t>');
const IS_T_OPEN_SPACE = name('<is><t xml:space="preserve">');
const T_CLOSE_IS_C = name('</t></is></c>');
const C_CLOSE = name('</c>');

// Attributes of the cell start tag last read by cellStartTag.
let refStart = -1;
let refEnd = -1;
let typeStart = -1;
let typeEnd = -1;

/**
 * Reads the attributes of a cell's start tag from `from` (the end of its name) in one pass: `r`
 * and `t`, and the tag's end, with tagSelfClosing set. -1 when it is not well formed.
 */
function cellStartTag(buf: Uint8Array, from: number, limit: number): number {
  refStart = refEnd = typeStart = typeEnd = -1;
  let j = from;
  while (j < limit) {
    while (j < limit && isSpace(buf[j])) j++;
    const b = buf[j];
    if (b === GT) {
      tagSelfClosing = false;
      return j + 1;
    }
    if (b === SLASH) {
      if (buf[j + 1] !== GT) return -1;
      tagSelfClosing = true;
      return j + 2;
    }
    const name0 = j;
    while (j < limit && buf[j] !== EQUALS && !isSpace(buf[j]) && buf[j] !== GT && buf[j] !== SLASH) j++;
    const name1 = j;
    while (j < limit && isSpace(buf[j])) j++;
    if (buf[j] !== EQUALS) return -1;
    j++;
    while (j < limit && isSpace(buf[j])) j++;
    const quote = buf[j];
    if (quote !== QUOTE && quote !== APOS) return -1;
    const value0 = j + 1;
    let value1 = value0;
    while (value1 < limit && buf[value1] !== quote) value1++;
    if (value1 >= limit) return -1;
    if (name1 - name0 === 1) {
      if (buf[name0] === 0x72) {
        refStart = value0;
        refEnd = value1;
      } else if (buf[name0] === 0x74) {
        typeStart = value0;
        typeEnd = value1;
      }
    }
    j = value1 + 1;
  }
  return -1;
}

/** The kind a `t` attribute value names (n when absent or unknown). */
function kindAt(buf: Uint8Array, from: number, to: number): CellKind {
  if (from < 0) return CellKind.Number;
  const length = to - from;
  const first = buf[from];
  if (length === 1) {
    if (first === 0x73) return CellKind.Shared;
    if (first === 0x62) return CellKind.Bool;
    if (first === 0x65) return CellKind.Error;
    if (first === 0x64) return CellKind.Date;
    return CellKind.Number;
  }
  if (length === 3 && first === 0x73) return CellKind.Str;
  if (length === 9 && first === 0x69) return CellKind.Inline;
  return CellKind.Number;
}

/**
 * Scans the cells between a row's start tag end and its end into `out`. `untilRowEnd`: `to` is the
 * end of the sheet data and the scan stops after the row's closing tag, whose end it returns (-1
 * when there is none).
 */
export function scanCells(buf: Buffer, from: number, to: number, out: RowCells, untilRowEnd = false): number {
  out.count = 0;
  let at = from;
  let col = -1;
  while (at < to) {
    const lt = buf.indexOf(LT, at);
    if (lt < 0 || lt >= to) break;
    // Nearly every cell starts `<c r="…" …>`: read in one pass; anything else the general way.
    const next = buf[lt + 2];
    let startTagEnd =
      buf[lt + 1] === 0x63 && (isSpace(next) || next === GT || next === SLASH)
        ? cellStartTag(buf, lt + 2, to)
        : -1;
    if (startTagEnd < 0) {
      if (!readTag(buf, lt, to)) break;
      if (tagClosing || !tagIs(buf, N_C)) {
        if (untilRowEnd && tagClosing && tagIs(buf, N_ROW)) return tagEnd;
        at = tagEnd;
        continue;
      }
      startTagEnd = tagEnd;
      cellStartTag(buf, tagName1, startTagEnd);
    }
    const start = lt;
    const selfClosing = tagSelfClosing;
    col = refStart >= 0 ? columnAt(buf, refStart, refEnd) : col + 1;
    const kind = kindAt(buf, typeStart, typeEnd);
    let v0 = -1;
    let v1 = -1;
    let is0 = -1;
    let is1 = -1;
    let f0 = -1;
    let f1 = -1;
    let ft0 = -1;
    let ft1 = -1;
    let t0 = -1;
    let t1 = -1;
    let end = startTagEnd;
    if (!selfClosing) {
      end = -1;
      const j = startTagEnd;
      // The shapes nearly every writer uses, read without tokenizing: <v>…</v></c>,
      // <is><t>…</t></is></c>, </c>. Anything else goes through the general loop below.
      if (bytesAre(buf, j, V_OPEN)) {
        const close = buf.indexOf(LT, j + 3);
        if (close >= 0 && close < to && bytesAre(buf, close, V_CLOSE_C)) {
          v0 = j + 3;
          v1 = close;
          end = close + V_CLOSE_C.length;
        }
      } else if (bytesAre(buf, j, IS_T_OPEN) || bytesAre(buf, j, IS_T_OPEN_SPACE)) {
        const text = buf[j + 6] === GT ? j + 7 : j + IS_T_OPEN_SPACE.length;
        const close = buf.indexOf(LT, text);
        if (close >= 0 && close < to && bytesAre(buf, close, T_CLOSE_IS_C)) {
          is0 = j + 4;
          is1 = close + 4;
          t0 = text;
          t1 = close;
          end = close + T_CLOSE_IS_C.length;
        }
      } else if (bytesAre(buf, j, C_CLOSE)) end = j + C_CLOSE.length;
      if (end < 0) {
        end = to;
        for (let j2 = startTagEnd; j2 < to; ) {
          const k = buf.indexOf(LT, j2);
          if (k < 0 || k >= to || !readTag(buf, k, to)) break;
          if (tagClosing) {
            if (tagIs(buf, N_C)) {
              end = tagEnd;
              break;
            }
            j2 = tagEnd;
          } else if (tagIs(buf, N_V)) {
            v0 = tagEnd;
            v1 = tagSelfClosing ? tagEnd : buf.indexOf(LT, tagEnd);
            j2 = v1;
          } else if (tagIs(buf, N_F)) {
            f0 = k;
            f1 = tagEnd;
            if (!tagSelfClosing) {
              ft0 = tagEnd;
              ft1 = buf.indexOf(LT, tagEnd);
              j2 = ft1;
            } else j2 = tagEnd;
          } else if (tagIs(buf, N_IS)) {
            is0 = tagEnd;
            is1 = tagEnd;
            j2 = tagEnd;
            if (!tagSelfClosing) {
              for (let m = tagEnd; m < to; ) {
                const q = buf.indexOf(LT, m);
                if (q < 0 || q >= to || !readTag(buf, q, to)) break;
                if (tagClosing && tagIs(buf, N_IS)) {
                  is1 = q;
                  j2 = tagEnd;
                  break;
                }
                m = tagEnd;
              }
            }
          } else j2 = tagEnd;
        }
      }
    }
    const o = out.next();
    const d = out.data;
    d[o + F_COL] = col;
    d[o + F_START] = start;
    d[o + F_TAG_END] = startTagEnd;
    d[o + F_END] = end;
    d[o + F_KIND] = kind;
    d[o + F_V0] = v0;
    d[o + F_V1] = v1;
    d[o + F_IS0] = is0;
    d[o + F_IS1] = is1;
    d[o + F_FTAG0] = f0;
    d[o + F_FTAG1] = f1;
    d[o + F_FTEXT0] = ft0;
    d[o + F_FTEXT1] = ft1;
    d[o + F_T0] = t0;
    d[o + F_T1] = t1;
    at = end;
  }
  return untilRowEnd ? -1 : to;
}

/** A plain decimal integer in the range (no sign other than '-', no exponent), or NaN. */
function integerAt(buf: Uint8Array, from: number, to: number): number {
  let j = from;
  const negative = buf[j] === 0x2d;
  if (negative) j++;
  if (j >= to || to - j > 15) return Number.NaN;
  let n = 0;
  for (; j < to; j++) {
    const b = buf[j]!;
    if (b < 0x30 || b > 0x39) return Number.NaN;
    n = n * 10 + (b - 0x30);
  }
  return negative ? -n : n;
}

/** Concatenated `<t>` text of a string item (`<is>` or `<si>`), phonetic runs (`<rPh>`) left out. */
export function richText(buf: Buffer, from: number, to: number): string {
  let text = '';
  let phonetic = 0;
  for (let at = from; at < to; ) {
    const lt = buf.indexOf(LT, at);
    if (lt < 0 || lt >= to || !readTag(buf, lt, to)) break;
    at = tagEnd;
    if (tagIs(buf, N_RPH)) {
      if (!tagSelfClosing) phonetic += tagClosing ? -1 : 1;
    } else if (!tagClosing && !tagSelfClosing && phonetic === 0 && tagIs(buf, N_T)) {
      const close = buf.indexOf(LT, tagEnd);
      if (close < 0 || close > to) break;
      text += decodeText(buf, tagEnd, close);
      at = close;
    }
  }
  return text;
}

/** A cell's value as a spreadsheet reader gives it: text, number, boolean, or null (blank, error). */
export function cellValue(buf: Buffer, cells: RowCells, k: number, sst: readonly string[]): unknown {
  const v0 = cells.v0(k);
  const v1 = cells.v1(k);
  switch (cells.kind(k)) {
    case CellKind.Inline: {
      const t0 = cells.t0(k);
      if (t0 >= 0) return decodeText(buf, t0, cells.t1(k));
      const [is0, is1] = cells.isRange(k);
      if (is0 >= 0) return richText(buf, is0, is1);
      return v0 >= 0 ? decodeText(buf, v0, v1) : null;
    }
    case CellKind.Shared:
      return v0 >= 0 ? (sst[digitsAt(buf, v0, v1)] ?? null) : null;
    case CellKind.Str:
      return v0 >= 0 ? decodeText(buf, v0, v1) : null;
    case CellKind.Bool: {
      if (v0 < 0 || v1 === v0) return null;
      const text = buf.toString('latin1', v0, v1).trim();
      return text === '1' || text.toLowerCase() === 'true';
    }
    case CellKind.Error:
      return null;
    case CellKind.Date: {
      if (v0 < 0) return null;
      const text = buf.toString('latin1', v0, v1);
      const date = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(text);
      if (!date) return text;
      const day = isoToSerial(date[1]!);
      const seconds = Number(date[2] ?? 0) * 3600 + Number(date[3] ?? 0) * 60 + Number(date[4] ?? 0);
      return day + seconds / 86400;
    }
    default: {
      if (v0 < 0 || v1 === v0) return null;
      const integer = integerAt(buf, v0, v1);
      if (!Number.isNaN(integer)) return integer;
      const text = buf.toString('latin1', v0, v1);
      const n = Number(text);
      return Number.isFinite(n) && text.trim() !== '' ? n : decodeText(buf, v0, v1);
    }
  }
}

/** The byte range of a cell's text when it is stored as text in the sheet itself (inline or a
 *  formula's text result), for reusing the value of an identical cell; -1 otherwise. */
export function ownTextStart(cells: RowCells, k: number): number {
  const kind = cells.kind(k);
  if (kind === CellKind.Inline) return cells.t0(k);
  return kind === CellKind.Str ? cells.v0(k) : -1;
}

export function ownTextEnd(cells: RowCells, k: number): number {
  return cells.kind(k) === CellKind.Inline ? cells.t1(k) : cells.v1(k);
}

/** Do two byte ranges of one buffer hold the same bytes? */
export function sameBytes(buf: Uint8Array, a: number, b: number, length: number): boolean {
  for (let j = 0; j < length; j++) if (buf[a + j] !== buf[b + j]) return false;
  return true;
}

/**
 * How a cell holds its formula, for the columns the port writes formulas into:
 *   ''                 no formula;      'n:TEXT'   its own formula (text decoded);
 *   'm:SI:REF\nTEXT'   master of shared formula SI over REF;      'c:SI'  follows SI.
 */
export function formulaState(buf: Buffer, cells: RowCells, k: number): string {
  const [f0, f1] = cells.formulaTag(k);
  if (f0 < 0) return '';
  const [t0, t1] = cells.formulaText(k);
  const text = t0 >= 0 ? decodeText(buf, t0, t1) : '';
  const shared = findAttr(buf, f0, f1, A_T) && buf.toString('latin1', attrValue0, attrValue1) === 'shared';
  if (shared && findAttr(buf, f0, f1, A_SI)) {
    const si = digitsAt(buf, attrValue0, attrValue1);
    if (!findAttr(buf, f0, f1, A_REF)) return childState(si);
    return `m:${si}:${buf.toString('latin1', attrValue0, attrValue1)}\n${text}`;
  }
  return `n:${text}`;
}

const childStates: string[] = [];

/** 'c:SI', one string per index (a Fees sheet has three per row). */
function childState(si: number): string {
  let state = childStates[si];
  if (state === undefined) {
    state = `c:${si}`;
    if (si < 4096) childStates[si] = state;
  }
  return state;
}

/** The shared-formula index of the cell's formula, or -1. */
export function sharedIndex(buf: Buffer, cells: RowCells, k: number): number {
  const [f0, f1] = cells.formulaTag(k);
  if (f0 < 0 || !findAttr(buf, f0, f1, A_SI)) return -1;
  return digitsAt(buf, attrValue0, attrValue1);
}

/** sharedStrings.xml → the text of each `<si>`, by index. */
export function parseSharedStrings(buf: Buffer): string[] {
  const strings: string[] = [];
  for (let at = 0; at < buf.length; ) {
    const lt = buf.indexOf(LT, at);
    if (lt < 0 || !readTag(buf, lt, buf.length)) break;
    at = tagEnd;
    if (tagClosing || !tagIs(buf, N_SI)) continue;
    if (tagSelfClosing) {
      strings.push('');
      continue;
    }
    const contentStart = tagEnd;
    let contentEnd = contentStart;
    for (let m = contentStart; m < buf.length; ) {
      const q = buf.indexOf(LT, m);
      if (q < 0 || !readTag(buf, q, buf.length)) break;
      if (tagClosing && tagIs(buf, N_SI)) {
        contentEnd = q;
        break;
      }
      m = tagEnd;
    }
    strings.push(richText(buf, contentStart, contentEnd));
    at = Math.max(contentEnd, at);
  }
  return strings;
}

/**
 * Row 1 of a sheet from the beginning of its XML, which may be cut short: the byte range of its
 * cells, null when the sheet has no row 1, 'more' when the bytes end before row 1 does.
 */
export function firstRowRange(buf: Buffer): { from: number; to: number } | null | 'more' {
  const data = /<(\w+:)?sheetData[\s/>]/.exec(buf.toString('latin1', 0, Math.min(buf.length, 1 << 16)));
  let at = data ? data.index : buf.indexOf('sheetData', 0, 'latin1');
  if (at < 0) return 'more';
  if (!data) at = buf.lastIndexOf(LT, at);
  if (!readTag(buf, at, buf.length)) return 'more';
  if (tagSelfClosing) return null;
  for (let j = tagEnd; j < buf.length; ) {
    const lt = buf.indexOf(LT, j);
    if (lt < 0 || !readTag(buf, lt, buf.length)) return 'more';
    if (tagClosing) return null; // </sheetData>: no rows at all
    if (!tagIs(buf, N_ROW)) {
      j = tagEnd;
      continue;
    }
    const number = findAttr(buf, lt, tagEnd, A_R) ? digitsAt(buf, attrValue0, attrValue1) : 1;
    if (number !== 1) return null;
    if (tagSelfClosing) return { from: tagEnd, to: tagEnd };
    const from = tagEnd;
    const close = buf.indexOf('row>', from, 'latin1');
    // '</row>' or '</x:row>': the first 'row>' after the start tag that closes an element.
    for (let c = close; c >= 0; c = buf.indexOf('row>', c + 4, 'latin1')) {
      const lt2 = buf.lastIndexOf(LT, c);
      if (buf[lt2 + 1] === SLASH) return { from, to: lt2 };
    }
    return 'more';
  }
  return 'more';
}
