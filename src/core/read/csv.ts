/**
 * CSV bytes → one grid. No CSV export exists for Rocket Growth, but sellers re-save the .xlsx as CSV
 * from Korean Excel (CP949) or elsewhere (UTF-8, with or without BOM).
 * Decoding order: BOM → UTF-8; strict UTF-8; else CP949 through the host's decoder (injected,
 * because the right decoder differs per host: TextDecoder('euc-kr') in browsers, iconv-lite in Node).
 */
import Papa from 'papaparse/papaparse.min.js';
import type { Grid, ReadResult } from './grid';
import { decodeUtf8Strict, hasUtf8Bom } from './utf8';

const HANGUL = /[\uac00-\ud7a3]/;
const TWO_BYTE_LATIN = /[\u0080-\u07ff]/;

export function decodeText(
  bytes: Uint8Array,
  decodeCp949: (bytes: Uint8Array) => string,
): { text: string; encoding: 'utf-8' | 'cp949' } {
  const utf8 = decodeUtf8Strict(bytes);
  // Short CP949 runs can happen to be valid UTF-8 (친 = C4 A3 = "ģ"). Coupang layouts are Korean,
  // so valid UTF-8 without a single Hangul syllable but with 2-byte Latin letters is suspect:
  // take CP949 when that reading yields clean Hangul.
  if (utf8 !== null && (hasUtf8Bom(bytes) || HANGUL.test(utf8) || !TWO_BYTE_LATIN.test(utf8))) {
    return { text: utf8, encoding: 'utf-8' };
  }
  const legacy = decodeCp949(bytes).replace(/^\uFEFF/, '');
  if (utf8 !== null && (!HANGUL.test(legacy) || legacy.includes('\uFFFD')))
    return { text: utf8, encoding: 'utf-8' };
  return { text: legacy, encoding: 'cp949' };
}

/** Comma only: Papa's delimiter guessing would silently accept `;` files whose numbers may be
 *  written the European way; those are recognised and refused (BAD_DELIMITER) instead. */
export function readCsv(
  bytes: Uint8Array,
  sheetName: string,
  decodeCp949: (bytes: Uint8Array) => string,
  delimiter = ',',
): ReadResult {
  const { text, encoding } = decodeText(bytes, decodeCp949);
  if (text.trim() === '') return { ok: false, code: 'EMPTY_FILE', detail: 'no text' };
  const parsed = Papa.parse<string[]>(text, {
    header: false,
    delimiter,
    dynamicTyping: false,
    skipEmptyLines: false,
  });
  const rows = parsed.data.map((row) =>
    Array.isArray(row) ? row.map((cell) => (cell === '' ? null : cell)) : [],
  );
  // Papa yields one empty row for the final newline: drop trailing all-blank rows only.
  while (rows.length > 0 && rows[rows.length - 1]!.every((cell) => cell === null)) rows.pop();
  const grid: Grid = { name: sheetName, rows, firstRow: 1 };
  return { ok: true, format: 'csv', sheets: [grid], encoding };
}
