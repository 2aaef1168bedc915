/**
 * The workbook port: the only thing an adapter (SpreadsheetApp, .xlsx) implements. Adapters move
 * rows; the merge engine (engine.ts) decides which rows. Row positions are DATA indexes (0 = the
 * first row under the header) valid for the duration of one engine call; nothing is ever keyed by
 * position across calls, so a tab the user sorted or filtered in between is fine.
 *
 * Column discipline (normalized-tabs.md "User data is sacred"):
 *   - writeRows / appendRows write the tab's writeSegments only, so a user-owned column
 *     (commission_override) and every column right of the table are never touched;
 *   - deleteRows removes whole sheet rows, so every other row keeps its own user cells.
 * Cells of formula columns arrive holding the value the core computed: an adapter writes the
 * column's formula for that row (cellFormula in formulas.ts: the column's own `formula`, given the
 * row, its cells and the tabs' current names, or the commission formulas) and, if its format caches
 * values (.xlsx), that value. A formula names its row: whoever deletes rows must do so before it
 * writes the formulas of the rows below (the summary refresh deletes first, then writes).
 *
 * Read discipline (issue #9 "read keys, not tables"): in Google every cell read costs time, and reading
 * a formula cell waits for Sheets to recalculate it. The merge reads COLUMNS (the key, the few a plan
 * step needs) and then ROWS of the keys it will touch; `read` is for small tabs (settings, log, the
 * month-close tabs). No read returns a formula column's value: a port may give null there (Sheets does).
 */
import type { Lang } from '../model/rpc';
import type { TabDef } from '../model/tabs';
import type { Cell } from './cells';

export interface TableSnapshot {
  /** Row 1 as it is on the sheet (full width, user columns included). */
  header: Cell[];
  /** Data rows in sheet order, FULL width: managed columns in canonical form (see cells.ts) followed by
   *  whatever the user has right of the table (dates as ISO strings). */
  rows: Cell[][];
}

/** Columns of every data row of a tab. */
export interface ColumnsRead {
  /** Row 1 as it is on the sheet (full width, user columns included). */
  header: Cell[];
  /** Data rows (sheet rows 2 … size+1; trailing blank rows of the grid are not counted). */
  size: number;
  /** Per requested key, in the order asked: the canonical cell of every data row asked for (all
   *  `size` of them, or the slice `rows`). */
  columns: Cell[][];
}

/** A slice of data rows: `count` rows from data index `from`. */
export interface RowSlice {
  from: number;
  count: number;
}

export interface WorkbookPort {
  readonly lang: Lang;
  /** Longest text a cell may hold (Sheets 50,000; Excel 32,767). */
  readonly maxCellChars: number;
  /** Creates the tab if it is missing (labelled header, frozen row, formats, protection); returns
   *  false when the tab exists but its header does not match (it is then left alone). */
  ensureTab(tab: TabDef): boolean;
  hasTab(tab: TabDef): boolean;
  /** Name of the tab as it is now (the user may have renamed it), for formulas referencing it. */
  tabName(tab: TabDef): string;
  /**
   * Optional (ports whose reads return formula cells' values: .xlsx): whether data row `index` of a
   * summary tab sits where it was read and holds, in every formula column, the formula this release
   * would write there. The summary refresh then leaves rows whose cells are unchanged as they are;
   * a port without it has every row rewritten.
   */
  keepsFormulas?(tab: TabDef, index: number): boolean;
  read(tab: TabDef): TableSnapshot;
  /** Some columns (by key, never formula columns) of every data row. A key the table does not hold yet
   *  (an older schema version not upgraded: a dry run) reads blank. */
  readColumns(tab: TabDef, keys: readonly string[], rows?: RowSlice): ColumnsRead;
  /**
   * Data rows `indexes` (ascending, distinct), each FULL width (managed columns then, with
   * `rightOfTable`, the user's cells right of the table), holding only the columns `keys` (never
   * formula columns); every other managed cell is null.
   */
  readRows(tab: TabDef, indexes: readonly number[], keys: readonly string[], rightOfTable: boolean): Cell[][];
  /** Overwrites the managed cells of data rows firstIndex … firstIndex+rows.length-1. */
  writeRows(tab: TabDef, firstIndex: number, rows: readonly Cell[][]): void;
  /** Overwrites one managed column (index `column`, never a formula or user-owned one) of data rows
   *  firstIndex … firstIndex+values.length-1, nothing else of them (a derived cell such as shipping). */
  writeColumn(tab: TabDef, column: number, firstIndex: number, values: readonly Cell[]): void;
  /**
   * Removes whole rows (every cell of the row goes, user cells included); `indexes` ascending, distinct.
   * Rows after them move up. Returns false when the port stopped early because its execution's time
   * budget ran out (Sheets): the rows that remain are still in the tab, and the caller runs its step
   * again (every step is idempotent: it finds by key what is left to do).
   */
  deleteRows(tab: TabDef, indexes: readonly number[]): boolean;
  /** Adds rows under the last data row (growing the grid once). */
  appendRows(tab: TabDef, rows: readonly Cell[][]): void;
  /**
   * Points the workbook-scoped name `name` at rows firstRow..lastRow (1-based sheet rows) of one
   * column of a tab that exists (the grid grows to lastRow if it is shorter). Formulas read it, so it
   * keeps working when the user renames the tab. Used for the holidays range (cjHolidays).
   */
  setNamedRange(name: string, tab: TabDef, columnKey: string, firstRow: number, lastRow: number): void;
}

/**
 * Column and row reads answered from `read` (ports that hold the whole workbook in memory: the .xlsx
 * and the in-memory ports). The snapshot of a tab is kept until the port writes to that tab.
 */
export class SnapshotReads {
  private readonly cache = new Map<string, TableSnapshot>();

  constructor(private readonly read: (tab: TabDef) => TableSnapshot) {}

  private snapshot(tab: TabDef): TableSnapshot {
    let snapshot = this.cache.get(tab.id);
    if (!snapshot) {
      snapshot = this.read(tab);
      this.cache.set(tab.id, snapshot);
    }
    return snapshot;
  }

  /** The port wrote to `tab` (or created it): its next read sees the change. */
  invalidate(tab: TabDef): void {
    this.cache.delete(tab.id);
  }

  columns(tab: TabDef, keys: readonly string[], slice?: RowSlice): ColumnsRead {
    const { header, rows } = this.snapshot(tab);
    const part = slice ? rows.slice(slice.from, slice.from + slice.count) : rows;
    const columns = keys.map((key) => {
      const c = tab.columns.findIndex((col) => col.key === key);
      if (c < 0) throw new Error(`${tab.id} has no column ${key}`);
      return part.map((row) => row[c] ?? null);
    });
    return { header: [...header], size: rows.length, columns };
  }

  rows(tab: TabDef, indexes: readonly number[], keys: readonly string[], rightOfTable: boolean): Cell[][] {
    const { rows } = this.snapshot(tab);
    const wanted = keys.map((key) => tab.columns.findIndex((col) => col.key === key));
    const width = tab.columns.length;
    return indexes.map((i) => {
      const source = rows[i] ?? [];
      const row: Cell[] = new Array<Cell>(width).fill(null);
      for (const c of wanted) if (c >= 0) row[c] = source[c] ?? null;
      if (rightOfTable) for (let c = width; c < source.length; c++) row.push(source[c] ?? null);
      return row;
    });
  }
}
