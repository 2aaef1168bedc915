/**
 * CSV bytes → one grid. No CSV export exists for Rocket Growth, but sellers re-save the .xlsx as CSV
 * from Korean Excel (CP949) or elsewhere (UTF-8, with or without BOM).
 * Decoding order: BOM → UTF-8; strict UTF-8; else CP949 through the host's decoder (injected,
 * because the right decoder differs per host: TextDecoder('euc-kr') in browsers, iconv-lite in Node).
 */
import Papa from 'papaparse/papaparse.min.js';
import type { Grid, ReadResult } from './grid';
import { decodeUtf8Strict } from './utf8';

export function decodeText(
  bytes: Uint8Array,
  decodeCp949: (bytes: Uint8Array) => string,
): { text: string; encoding: 'utf-8' | 'cp949' } {
  const utf8 = decodeUtf8Strict(bytes);
  if (utf8 !== null) return { text: utf8, encoding: 'utf-8' };
  return { text: decodeCp949(bytes).replace(/^\uFEFF/, ''), encoding: 'cp949' };
}

export function readCsv(
  bytes: Uint8Array,
  sheetName: string,
  decodeCp949: (bytes: Uint8Array) => string,
): ReadResult {
  const { text, encoding } = decodeText(bytes, decodeCp949);
  if (text.trim() === '') return { ok: false, code: 'EMPTY_FILE', detail: 'no text' };
  const parsed = Papa.parse<string[]>(text, { header: false, dynamicTyping: false, skipEmptyLines: false });
  const rows = parsed.data.map((row) =>
    Array.isArray(row) ? row.map((cell) => (cell === '' ? null : cell)) : [],
  );
  // Papa yields one empty row for the final newline: drop trailing all-blank rows only.
  while (rows.length > 0 && rows[rows.length - 1]!.every((cell) => cell === null)) rows.pop();
  const grid: Grid = { name: sheetName, rows, firstRow: 1 };
  return { ok: true, format: 'csv', sheets: [grid], encoding };
}
