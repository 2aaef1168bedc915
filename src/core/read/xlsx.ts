/**
 * Workbook bytes → grids with SheetJS (`@e965/xlsx`, pinned 0.20.3: see libraries.md).
 * `cellDates: false` keeps dates as serials (readers disagree about time zones); `raw: true` keeps
 * numbers as numbers; `defval: null` + `blankrows: true` keep every row at its Excel position.
 */
import * as XLSX from '@e965/xlsx';
import type { Grid, ReadResult } from './grid';
import { isEncryptedCfb, zipLooksComplete } from './sniff';
import { MAX_PART_BYTES, oversizeParts } from './zipDirectory';

const MB = 1024 * 1024;

/** 536870888 → '536,870,888' (no Intl: core also runs in a bare V8). */
const thousands = (n: number) => String(n).replace(/\B(?=(\d{3})+$)/g, ',');

export function readWorkbook(bytes: Uint8Array, container: 'zip' | 'cfb'): ReadResult {
  if (container === 'cfb' && isEncryptedCfb(bytes)) {
    return { ok: false, code: 'ENCRYPTED', detail: 'EncryptionInfo stream in an OLE container' };
  }
  if (container === 'zip' && !zipLooksComplete(bytes)) {
    return { ok: false, code: 'TRUNCATED', detail: 'ZIP end-of-central-directory record missing' };
  }
  if (container === 'zip') {
    // Before SheetJS inflates anything: a part it cannot hold would be dropped without a word.
    const [largest] = oversizeParts(bytes);
    if (largest) {
      const size = Number.isFinite(largest.size) ? `${Math.round(largest.size / MB)} MB` : '4 GB+';
      return {
        ok: false,
        code: 'SHEET_TOO_LARGE',
        detail: `${largest.name}: ${size} > ${MAX_PART_BYTES} bytes`,
        params: { part: largest.name, size, limit: `${thousands(MAX_PART_BYTES)} bytes (≈512 MB)` },
      };
    }
  }
  let workbook: XLSX.WorkBook;
  try {
    workbook = XLSX.read(bytes, {
      type: 'array',
      dense: true,
      cellDates: false,
      cellHTML: false,
      cellText: false,
    });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    if (/password|encrypt/i.test(detail)) return { ok: false, code: 'ENCRYPTED', detail };
    // A complete ZIP without workbook parts (e.g. several downloads zipped together).
    if (container === 'zip' && /unsupported zip/i.test(detail))
      return { ok: false, code: 'NOT_XLSX', detail };
    // OLE files are whole 512-byte sectors: a partial sector means the download was cut short.
    if (container === 'cfb' && bytes.length % 512 !== 0) return { ok: false, code: 'TRUNCATED', detail };
    return { ok: false, code: 'CORRUPT_FILE', detail };
  }
  // SheetJS leaves out a sheet it failed to parse (it catches its own error): that sheet is not
  // empty, it is unread, and importing the others as if it were not there would lose its rows.
  const unread = workbook.SheetNames.filter((name) => !workbook.Sheets[name]);
  if (unread.length > 0) {
    return {
      ok: false,
      code: 'CORRUPT_FILE',
      detail: `sheet ${unread.map((n) => `"${n}"`).join(', ')} unreadable`,
    };
  }
  const sheets: Grid[] = [];
  for (const name of workbook.SheetNames) {
    const sheet = workbook.Sheets[name];
    if (!sheet) continue;
    const ref = sheet['!ref'];
    if (!ref) {
      sheets.push({ name, rows: [], firstRow: 1 });
      continue;
    }
    const range = XLSX.utils.decode_range(ref);
    // Normalise the range to start at A1 so that column positions and row numbers are what the
    // seller sees in Excel, whatever the writer recorded as the used range.
    const fullRef = XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: range.e });
    const rows = XLSX.utils.sheet_to_json<unknown[]>(sheet, {
      header: 1,
      raw: true,
      defval: null,
      blankrows: true,
      range: fullRef,
    });
    keepErrorText(sheet, rows);
    sheets.push({ name, rows, firstRow: 1 });
  }
  return { ok: true, format: container === 'zip' ? 'xlsx' : 'xls', sheets };
}

/** sheet_to_json gives an error cell (#VALUE!, #N/A …) as a blank: it is not one, it is a value the
 *  spreadsheet could not compute. Keep its text, so the row is rejected naming it, never read as 0. */
function keepErrorText(sheet: XLSX.WorkSheet, rows: unknown[][]): void {
  const data = sheet['!data'] as (XLSX.CellObject | undefined)[][] | undefined;
  if (!data) return;
  data.forEach((cells, r) => {
    cells?.forEach((cell, c) => {
      if (cell?.t !== 'e') return;
      const row = rows[r];
      if (row && c < row.length) row[c] = cell.w ?? XLSX.utils.format_cell(cell) ?? '#ERROR';
    });
  });
}
