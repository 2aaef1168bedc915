/** A1 notation helpers (1-based rows and columns, as in Apps Script). */
import { gasError, messages } from './errors.js';

export function columnLetters(col: number): string {
  let s = '';
  let n = col;
  while (n > 0) {
    const rem = (n - 1) % 26;
    s = String.fromCharCode(65 + rem) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

export interface GridRect {
  row: number;
  col: number;
  numRows: number;
  numCols: number;
}

export function a1Notation(r: GridRect): string {
  const start = `${columnLetters(r.col)}${r.row}`;
  if (r.numRows === 1 && r.numCols === 1) return start;
  return `${start}:${columnLetters(r.col + r.numCols - 1)}${r.row + r.numRows - 1}`;
}

/** Splits 'Sheet 1'!A1:B2 / Sheet1!A1 into sheet name and range part. */
export function splitSheetPrefix(a1: string): { sheetName: string | undefined; ref: string } {
  const quoted = /^'((?:[^']|'')+)'!(.+)$/.exec(a1);
  if (quoted) return { sheetName: (quoted[1] ?? '').replace(/''/g, "'"), ref: quoted[2] ?? '' };
  const bang = a1.lastIndexOf('!');
  if (bang > 0) return { sheetName: a1.slice(0, bang), ref: a1.slice(bang + 1) };
  return { sheetName: undefined, ref: a1 };
}

const CELL_RE = /^\$?([A-Za-z]{0,3})\$?(\d*)$/;

/** Parses 'A1', 'A1:C3', 'A:C' (whole columns), '2:5' (whole rows), 'A2:C' (open-ended). */
export function parseA1(ref: string, maxRows: number, maxCols: number): GridRect {
  const [startRef = '', endRef, extra] = ref.trim().split(':');
  if (extra !== undefined) throw gasError(messages.rangeNotFound);
  const start = CELL_RE.exec(startRef);
  const end = endRef === undefined ? start : CELL_RE.exec(endRef);
  if (!start || !end) throw gasError(messages.rangeNotFound);
  const [, c1 = '', r1 = ''] = start;
  const [, c2 = '', r2 = ''] = end;
  if (endRef === undefined && (c1 === '' || r1 === '')) throw gasError(messages.rangeNotFound);
  if ((c1 === '' && r1 === '') || (c2 === '' && r2 === '')) throw gasError(messages.rangeNotFound);
  if ((c1 === '') !== (c2 === '')) throw gasError(messages.rangeNotFound);
  const col1 = c1 === '' ? 1 : columnNumber(c1);
  const col2 = c2 === '' ? maxCols : columnNumber(c2);
  const row1 = r1 === '' ? 1 : Number(r1);
  const row2 = r2 === '' ? maxRows : Number(r2);
  if (row1 < 1 || row2 < 1) throw gasError(messages.rangeNotFound);
  const row = Math.min(row1, row2);
  const col = Math.min(col1, col2);
  return { row, col, numRows: Math.abs(row2 - row1) + 1, numCols: Math.abs(col2 - col1) + 1 };
}
