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
  read(tab: TabDef): TableSnapshot;
  /** Overwrites the managed cells of data rows firstIndex … firstIndex+rows.length-1. */
  writeRows(tab: TabDef, firstIndex: number, rows: readonly Cell[][]): void;
  /** Deletes whole rows; `indexes` ascending, distinct. */
  deleteRows(tab: TabDef, indexes: readonly number[]): void;
  /** Adds rows under the last data row (growing the grid once). */
  appendRows(tab: TabDef, rows: readonly Cell[][]): void;
  /**
   * Points the workbook-scoped name `name` at rows firstRow..lastRow (1-based sheet rows) of one
   * column of a tab that exists (the grid grows to lastRow if it is shorter). Formulas read it, so it
   * keeps working when the user renames the tab. Used for the holidays range (cjHolidays).
   */
  setNamedRange(name: string, tab: TabDef, columnKey: string, firstRow: number, lastRow: number): void;
}
