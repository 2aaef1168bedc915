/** A sheet as read: rows of raw cells (numbers, strings, booleans or null). */
export interface Grid {
  /** Sheet name as in the workbook; for CSV, the file name. */
  name: string;
  rows: unknown[][];
  /** The 1-based Excel row number of `rows[0]` (a sheet's used range may start below row 1). */
  firstRow: number;
}

export type ReadFormat = 'xlsx' | 'xls' | 'csv';

export type ReadFailureCode =
  | 'EMPTY_FILE'
  | 'TRUNCATED'
  | 'CORRUPT_FILE'
  | 'ENCRYPTED'
  | 'HTML_AS_XLS'
  | 'UNSUPPORTED_FORMAT'
  | 'NOT_XLSX'
  | 'SHEET_TOO_LARGE'
  | 'NOT_COUPANG';

export type ReadResult =
  | { ok: true; format: ReadFormat; sheets: Grid[]; encoding?: 'utf-8' | 'cp949' }
  | {
      ok: false;
      code: ReadFailureCode;
      detail: string;
      /** Extra message parameters (SHEET_TOO_LARGE: part, size, limit). */
      params?: Record<string, string>;
    };
