/**
 * The workbook a test hands to a formula engine, and the values it gets back. Shared by the
 * HyperFormula and LibreOffice runners so both see the same cells and answer in the same shape.
 */
import * as XLSX from '@e965/xlsx';

/**
 * One input cell: a string starting with `=` is a formula (written as in Google Sheets, English
 * function names, `,` separators); `{ date }` is a date (stored as a date serial with a date format);
 * `{ text }` is literal text even when it starts with `=` (a cell formatted as text, '@');
 * anything else is a value. `null` is an empty cell.
 */
export type CellInput = null | string | number | boolean | { date: string } | { text: string };

export interface WorkbookInput {
  /** Sheet name → rows of cells (row 0 is sheet row 1). */
  sheets: Record<string, readonly (readonly CellInput[])[]>;
  /** Workbook-scoped named ranges: name → reference with sheet, e.g. `'휴일'!$A$2:$A$500`. */
  names?: Record<string, string>;
}

/** A computed cell. A formula error is `{ error: '#VALUE!' }`, never a blank or a string. */
export type CellValue = null | string | number | boolean | { error: string };

/** Sheet name → rows of values, the same shape as the input sheet (every row as long as the longest). */
export type EvaluatedBook = Record<string, CellValue[][]>;

export interface EvaluateOptions {
  /**
   * Sheet name → column letters whose numeric results are dates: they come back as `YYYY-MM-DD`.
   * (Engines disagree on which results they format as dates: HyperFormula types EOMONTH's result as
   * a date but not WORKDAY's, so the test says which columns hold dates.) `{ date }` input cells
   * always come back as `YYYY-MM-DD`.
   */
  dateColumns?: Record<string, readonly string[]>;
}

/** Thrown when an engine cannot run or load the workbook at all (not for a formula error). */
export class EngineError extends Error {
  override name = 'EngineError';
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;
/** Serial 25569 = 1970-01-01 in the 1900 date system (epoch 1899-12-30). */
const UNIX_EPOCH_SERIAL = 25_569;

/** `YYYY-MM-DD` → date serial. Independent of src/core's date code, which some tests check. */
export function isoToSerial(iso: string): number {
  const m = ISO.exec(iso);
  if (!m) throw new EngineError(`not a YYYY-MM-DD date: ${iso}`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  if (new Date(ms).getUTCDate() !== d) throw new EngineError(`no such date: ${iso}`);
  return ms / MS_PER_DAY + UNIX_EPOCH_SERIAL;
}

export function serialToIso(serial: number): string {
  return new Date((serial - UNIX_EPOCH_SERIAL) * MS_PER_DAY).toISOString().slice(0, 10);
}

export function isDateInput(cell: CellInput | undefined): cell is { date: string } {
  return typeof cell === 'object' && cell !== null && 'date' in cell;
}

export function isTextInput(cell: CellInput | undefined): cell is { text: string } {
  return typeof cell === 'object' && cell !== null && 'text' in cell;
}

export function widthOf(rows: readonly (readonly CellInput[])[]): number {
  return rows.reduce((max, row) => Math.max(max, row.length), 0);
}

/** 0-based column index → letters (0 → A, 26 → AA). */
export function columnLetters(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/** Turns raw engine values into the shared shape: `{ date }` inputs and date columns → ISO. */
export function normaliseDates(
  book: WorkbookInput,
  values: EvaluatedBook,
  options: EvaluateOptions = {},
): EvaluatedBook {
  for (const [sheet, rows] of Object.entries(book.sheets)) {
    const dateColumns = new Set(options.dateColumns?.[sheet] ?? []);
    const out = values[sheet];
    if (!out) throw new EngineError(`the engine returned no sheet "${sheet}"`);
    for (const [r, row] of out.entries()) {
      for (const [c, value] of row.entries()) {
        const asDate = isDateInput(rows[r]?.[c]) || dateColumns.has(columnLetters(c));
        if (asDate && typeof value === 'number' && Number.isInteger(value)) row[c] = serialToIso(value);
      }
    }
  }
  return values;
}

/**
 * Functions that Excel stores with the `_xlfn.` prefix in .xlsx (added after Excel 2007). Without
 * it LibreOffice (and Excel) read the name as unknown: `MAXIFS(…)` gives #NAME?, `_xlfn.MAXIFS(…)`
 * works (measured with LibreOffice 7.4).
 */
const XLFN_FUNCTIONS = [
  'MAXIFS',
  'MINIFS',
  'IFS',
  'SWITCH',
  'CONCAT',
  'TEXTJOIN',
  'IFNA',
  'DAYS',
  'ISOWEEKNUM',
  'XLOOKUP',
  'XMATCH',
  'FILTER',
  'SORT',
  'UNIQUE',
  'SEQUENCE',
  'LET',
];
const XLFN = new RegExp(`(?<![A-Za-z0-9_.])(${XLFN_FUNCTIONS.join('|')})\\(`, 'gi');

/** Formula text as .xlsx stores it: no leading `=`, later functions prefixed (outside string literals). */
export function xlsxFormula(formula: string): string {
  return formula
    .slice(1)
    .split(/("(?:[^"]|"")*")/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(XLFN, (_, name: string) => `_xlfn.${name}(`)))
    .join('');
}

const DATE_FORMAT = 'yyyy-mm-dd';

/**
 * The input as an .xlsx workbook (SheetJS). Formula cells carry no cached value; `poison` gives
 * every formula cell a wrong cached number instead, to prove an engine recomputes rather than trusts.
 */
export function toXlsx(book: WorkbookInput, poison?: number): XLSX.WorkBook {
  const wb = XLSX.utils.book_new();
  for (const [name, rows] of Object.entries(book.sheets)) {
    const ws: XLSX.WorkSheet = {};
    const width = widthOf(rows);
    for (const [r, row] of rows.entries()) {
      for (const [c, cell] of row.entries()) {
        const address = XLSX.utils.encode_cell({ r, c });
        if (cell === null) continue;
        if (typeof cell === 'string' && cell.startsWith('=')) {
          ws[address] =
            poison === undefined
              ? { t: 'z', f: xlsxFormula(cell) }
              : { t: 'n', v: poison, f: xlsxFormula(cell) };
        } else if (isDateInput(cell)) ws[address] = { t: 'n', v: isoToSerial(cell.date), z: DATE_FORMAT };
        else if (isTextInput(cell)) ws[address] = { t: 's', v: cell.text, z: '@' };
        else if (typeof cell === 'number') ws[address] = { t: 'n', v: cell };
        else if (typeof cell === 'boolean') ws[address] = { t: 'b', v: cell };
        else ws[address] = { t: 's', v: cell };
      }
    }
    ws['!ref'] = XLSX.utils.encode_range({
      s: { r: 0, c: 0 },
      e: { r: Math.max(rows.length - 1, 0), c: Math.max(width - 1, 0) },
    });
    XLSX.utils.book_append_sheet(wb, ws, name);
  }
  wb.Workbook = {
    ...(wb.Workbook ?? {}),
    Names: Object.entries(book.names ?? {}).map(([Name, Ref]) => ({ Name, Ref })),
  };
  return wb;
}

const DATE_CODE = /(^|[^"\\])[ymd]/i;

/**
 * A SheetJS workbook (e.g. the one the .xlsx adapter writes, read with `cellFormula: true,
 * cellNF: true`) as engine input: formulas as written, cached values dropped, date-formatted numbers
 * as `{ date }`, the workbook's defined names. Lets a test evaluate exactly what an adapter wrote.
 */
export function fromXlsx(wb: XLSX.WorkBook): WorkbookInput {
  const sheets: Record<string, CellInput[][]> = {};
  for (const name of wb.SheetNames) {
    const ws = wb.Sheets[name];
    const rows: CellInput[][] = [];
    const ref = ws?.['!ref'];
    if (ws && ref) {
      const range = XLSX.utils.decode_range(ref);
      const dense = ws['!data'] as (XLSX.CellObject | undefined)[][] | undefined;
      for (let r = 0; r <= range.e.r; r++) {
        const row: CellInput[] = [];
        for (let c = 0; c <= range.e.c; c++) {
          const cell = dense
            ? dense[r]?.[c]
            : (ws[XLSX.utils.encode_cell({ r, c })] as XLSX.CellObject | undefined);
          row.push(inputOf(cell));
        }
        rows.push(row);
      }
    }
    sheets[name] = rows;
  }
  const names: Record<string, string> = {};
  for (const n of wb.Workbook?.Names ?? []) {
    if (n.Sheet !== undefined) throw new EngineError(`sheet-scoped name ${n.Name} is not supported`);
    names[n.Name] = n.Ref;
  }
  return { sheets, names };
}

function inputOf(cell: XLSX.CellObject | undefined): CellInput {
  if (!cell) return null;
  if (cell.f) return `=${cell.f.replace(/_xlfn\./gi, '')}`;
  if (cell.t === 'z' || cell.v === undefined || cell.v === null) return null;
  if (cell.t === 'n' && typeof cell.z === 'string' && DATE_CODE.test(cell.z) && Number.isInteger(cell.v))
    return { date: serialToIso(cell.v as number) };
  if (cell.t === 'e') throw new EngineError(`input cell holds an error value (${cell.w ?? cell.v})`);
  if (typeof cell.v === 'string' && cell.v.startsWith('=')) return { text: cell.v };
  return cell.v as string | number | boolean;
}
