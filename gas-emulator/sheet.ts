/**
 * Sheet: one tab. A new sheet is 1000 × 26; growing it counts against the 10,000,000-cell workbook
 * limit and the 18,278-column limit (apps-script-notes.md, "Limits"). Writes beyond the grid throw:
 * grow first with insertRowsAfter / insertColumnsAfter. Inserted rows do NOT inherit formats (a
 * deliberately strict choice: set '@' on new rows yourself).
 */
import { parseA1, splitSheetPrefix } from './a1.js';
import { gasError, messages, requireInteger, signatureError } from './errors.js';
import { addMetadata, DeveloperMetadata, DeveloperMetadataFinder } from './metadata.js';
import { Protection, ProtectionType } from './protection.js';
import { checkedRect, Range } from './range.js';
import { GAS_TYPE, GasObject } from './realm.js';
import type { SheetState } from './sheet-state.js';
import { Spreadsheet } from './spreadsheet.js';
import type { SpreadsheetState } from './spreadsheet-state.js';
import { storeInput } from './values.js';

export class Sheet extends GasObject {
  readonly [GAS_TYPE] = 'Sheet';
  readonly #ss: SpreadsheetState;
  readonly #sheet: SheetState;

  constructor(ss: SpreadsheetState, sheet: SheetState) {
    super();
    this.#ss = ss;
    this.#sheet = sheet;
  }

  override _check(): void {
    if (!this.#ss.sheets.includes(this.#sheet)) throw gasError(messages.sheetDeleted);
  }

  _sheetState(): SheetState {
    return this.#sheet;
  }

  getName(): string {
    return this.#sheet.name;
  }

  setName(name: unknown): this {
    if (typeof name !== 'string' || name.trim() === '')
      throw signatureError([name], 'SpreadsheetApp.Sheet.setName');
    this.#ss.renameSheet(this.#sheet, name);
    return this;
  }

  getSheetId(): number {
    return this.#sheet.id;
  }

  getIndex(): number {
    return this.#ss.sheets.indexOf(this.#sheet) + 1;
  }

  getParent(): Spreadsheet {
    return new Spreadsheet(this.#ss);
  }

  getMaxRows(): number {
    return this.#sheet.maxRows;
  }

  getMaxColumns(): number {
    return this.#sheet.maxColumns;
  }

  getLastRow(): number {
    return this.#sheet.lastRow();
  }

  getLastColumn(): number {
    return this.#sheet.lastColumn();
  }

  /** getRange(a1) or getRange(row, column[, numRows[, numColumns]]), 1-based. */
  getRange(...args: unknown[]): Range {
    if (args.length === 1 && typeof args[0] === 'string') {
      const { sheetName, ref } = splitSheetPrefix(args[0]);
      const sheet = sheetName === undefined ? this.#sheet : this.#ss.findSheet(sheetName);
      if (!sheet) throw gasError(messages.rangeNotFound);
      const rect = parseA1(ref, sheet.maxRows, sheet.maxColumns);
      sheet.assertInGrid(rect);
      return new Range(this.#ss, sheet, rect);
    }
    if (args.length < 2 || args.length > 4) throw signatureError(args, 'SpreadsheetApp.Sheet.getRange');
    return new Range(this.#ss, this.#sheet, checkedRect(this.#sheet, args, 'SpreadsheetApp.Sheet.getRange'));
  }

  /** A1 to (lastRow, lastColumn); just A1 on an empty sheet. */
  getDataRange(): Range {
    return new Range(this.#ss, this.#sheet, {
      row: 1,
      col: 1,
      numRows: Math.max(1, this.#sheet.lastRow()),
      numCols: Math.max(1, this.#sheet.lastColumn()),
    });
  }

  #growRows(before: number, count: number): void {
    if (count < 1) throw gasError(messages.rowsOutOfBounds);
    if (before < 1 || before > this.#sheet.maxRows + 1) throw gasError(messages.rowsOutOfBounds);
    this.#ss.assertCanGrow(count * this.#sheet.maxColumns);
    this.#sheet.insertRows(before, count);
    this.#structuralFromRow(before);
  }

  /** Cost model: rows from `row` down move, so formulas reading them recalculate. */
  #structuralFromRow(row: number): void {
    const numRows = Math.max(1, this.#sheet.maxRows - row + 1);
    this.#ss.meter?.structural(this.#sheet.id, { row, col: 1, numRows, numCols: this.#sheet.maxColumns });
  }

  #structuralFromColumn(col: number): void {
    const numCols = Math.max(1, this.#sheet.maxColumns - col + 1);
    this.#ss.meter?.structural(this.#sheet.id, { row: 1, col, numRows: this.#sheet.maxRows, numCols });
  }

  #growColumns(before: number, count: number): void {
    if (count < 1) throw gasError(messages.columnsOutOfBounds);
    if (before < 1 || before > this.#sheet.maxColumns + 1) throw gasError(messages.columnsOutOfBounds);
    this.#ss.assertColumnsFit(this.#sheet, count);
    this.#ss.assertCanGrow(count * this.#sheet.maxRows);
    this.#sheet.insertColumns(before, count);
    this.#structuralFromColumn(before);
  }

  insertRowsAfter(afterPosition: unknown, howMany: unknown): this {
    const args = [afterPosition, howMany];
    const after = requireInteger(afterPosition, args, 'SpreadsheetApp.Sheet.insertRowsAfter');
    const n = requireInteger(howMany, args, 'SpreadsheetApp.Sheet.insertRowsAfter');
    if (after < 1 || after > this.#sheet.maxRows) throw gasError(messages.rowsOutOfBounds);
    this.#growRows(after + 1, n);
    return this;
  }

  insertRowAfter(afterPosition: unknown): this {
    return this.insertRowsAfter(afterPosition, 1);
  }

  insertRowsBefore(beforePosition: unknown, howMany: unknown): this {
    const args = [beforePosition, howMany];
    const before = requireInteger(beforePosition, args, 'SpreadsheetApp.Sheet.insertRowsBefore');
    const n = requireInteger(howMany, args, 'SpreadsheetApp.Sheet.insertRowsBefore');
    if (before > this.#sheet.maxRows) throw gasError(messages.rowsOutOfBounds);
    this.#growRows(before, n);
    return this;
  }

  insertRowBefore(beforePosition: unknown): this {
    return this.insertRowsBefore(beforePosition, 1);
  }

  /** insertRows(rowIndex[, numRows]): inserts before rowIndex. */
  insertRows(rowIndex: unknown, numRows?: unknown): this {
    return this.insertRowsBefore(rowIndex, numRows ?? 1);
  }

  insertColumnsAfter(afterPosition: unknown, howMany: unknown): this {
    const args = [afterPosition, howMany];
    const after = requireInteger(afterPosition, args, 'SpreadsheetApp.Sheet.insertColumnsAfter');
    const n = requireInteger(howMany, args, 'SpreadsheetApp.Sheet.insertColumnsAfter');
    if (after < 1 || after > this.#sheet.maxColumns) throw gasError(messages.columnsOutOfBounds);
    this.#growColumns(after + 1, n);
    return this;
  }

  insertColumnAfter(afterPosition: unknown): this {
    return this.insertColumnsAfter(afterPosition, 1);
  }

  insertColumnsBefore(beforePosition: unknown, howMany: unknown): this {
    const args = [beforePosition, howMany];
    const before = requireInteger(beforePosition, args, 'SpreadsheetApp.Sheet.insertColumnsBefore');
    const n = requireInteger(howMany, args, 'SpreadsheetApp.Sheet.insertColumnsBefore');
    if (before > this.#sheet.maxColumns) throw gasError(messages.columnsOutOfBounds);
    this.#growColumns(before, n);
    return this;
  }

  insertColumns(columnIndex: unknown, numColumns?: unknown): this {
    return this.insertColumnsBefore(columnIndex, numColumns ?? 1);
  }

  deleteRow(rowPosition: unknown): this {
    return this.deleteRows(rowPosition, 1);
  }

  deleteRows(rowPosition: unknown, howMany: unknown): this {
    const args = [rowPosition, howMany];
    const start = requireInteger(rowPosition, args, 'SpreadsheetApp.Sheet.deleteRows');
    this.#sheet.deleteRows(start, requireInteger(howMany, args, 'SpreadsheetApp.Sheet.deleteRows'));
    this.#structuralFromRow(start);
    return this;
  }

  deleteColumn(columnPosition: unknown): this {
    return this.deleteColumns(columnPosition, 1);
  }

  deleteColumns(columnPosition: unknown, howMany: unknown): this {
    const args = [columnPosition, howMany];
    const start = requireInteger(columnPosition, args, 'SpreadsheetApp.Sheet.deleteColumns');
    this.#sheet.deleteColumns(
      start,
      requireInteger(howMany ?? 1, args, 'SpreadsheetApp.Sheet.deleteColumns'),
    );
    this.#structuralFromColumn(start);
    return this;
  }

  /** Appends after the last row with content, growing the grid by one row if needed. */
  appendRow(rowContents: unknown): this {
    if (!Array.isArray(rowContents)) throw signatureError([rowContents], 'SpreadsheetApp.Sheet.appendRow');
    const row = this.#sheet.lastRow() + 1;
    const conv = this.#ss.conversion();
    const cells = rowContents.map((v, c) => storeInput(v, this.#sheet.cell(row, c + 1)?.format, conv));
    if (row > this.#sheet.maxRows) this.#growRows(row, 1);
    if (cells.length > this.#sheet.maxColumns)
      this.#growColumns(this.#sheet.maxColumns + 1, cells.length - this.#sheet.maxColumns);
    cells.forEach((cell, c) => {
      this.#sheet.writeCell(row, c + 1, cell);
    });
    if (cells.length > 0)
      this.#ss.meter?.written(this.#sheet.id, { row, col: 1, numRows: 1, numCols: cells.length });
    return this;
  }

  setFrozenRows(rows: unknown): void {
    const n = requireInteger(rows, [rows], 'SpreadsheetApp.Sheet.setFrozenRows');
    if (n < 0 || n >= this.#sheet.maxRows) throw gasError(messages.rowsOutOfBounds);
    this.#sheet.frozenRows = n;
  }

  getFrozenRows(): number {
    return this.#sheet.frozenRows;
  }

  setFrozenColumns(columns: unknown): void {
    const n = requireInteger(columns, [columns], 'SpreadsheetApp.Sheet.setFrozenColumns');
    if (n < 0 || n >= this.#sheet.maxColumns) throw gasError(messages.columnsOutOfBounds);
    this.#sheet.frozenColumns = n;
  }

  getFrozenColumns(): number {
    return this.#sheet.frozenColumns;
  }

  hideSheet(): this {
    const visible = this.#ss.sheets.filter((s) => !s.hidden);
    if (!this.#sheet.hidden && visible.length <= 1) throw gasError(messages.hideAllSheets);
    this.#sheet.hidden = true;
    return this;
  }

  showSheet(): this {
    this.#sheet.hidden = false;
    return this;
  }

  isSheetHidden(): boolean {
    return this.#sheet.hidden;
  }

  /** Returns the sheet's existing sheet-level protection if there is one (one per sheet). */
  protect(): Protection {
    const existing = this.#ss.protections.find((p) => p.sheetId === this.#sheet.id && p.rect === undefined);
    if (existing) return new Protection(this.#ss, existing);
    const state = {
      id: this.#ss.nextObjectId(),
      sheetId: this.#sheet.id,
      rect: undefined,
      warningOnly: false,
      description: '',
      unprotected: [],
    };
    this.#ss.protections.push(state);
    return new Protection(this.#ss, state);
  }

  getProtections(type: unknown): Protection[] {
    if (type !== ProtectionType.SHEET && type !== ProtectionType.RANGE) {
      throw signatureError([type], 'SpreadsheetApp.Sheet.getProtections');
    }
    return this.#ss.protections
      .filter(
        (p) => p.sheetId === this.#sheet.id && (p.rect === undefined) === (type === ProtectionType.SHEET),
      )
      .map((p) => new Protection(this.#ss, p));
  }

  /** clear() / clear({contentsOnly, formatsOnly}). */
  clear(options?: unknown): this {
    const opts = typeof options === 'object' && options !== null ? (options as Record<string, unknown>) : {};
    if (opts.contentsOnly === true) return this.clearContents();
    if (opts.formatsOnly === true) return this.clearFormats();
    this.#meterWholeSheet(true);
    this.#sheet.rows = [];
    return this;
  }

  /** Cost model: a whole-sheet clear touches the used area (lastRow × lastColumn). */
  #meterWholeSheet(changesValues: boolean): void {
    const rows = this.#sheet.lastRow();
    const cols = this.#sheet.lastColumn();
    if (rows > 0 && cols > 0)
      this.#ss.meter?.written(
        this.#sheet.id,
        { row: 1, col: 1, numRows: rows, numCols: cols },
        changesValues,
      );
  }

  clearContents(): this {
    this.#meterWholeSheet(true);
    this.#sheet.rows.forEach((row, r) => {
      row.forEach((cell, c) => {
        if (cell) this.#sheet.writeCell(r + 1, c + 1, { value: '' });
      });
    });
    return this;
  }

  clearFormats(): this {
    this.#meterWholeSheet(false);
    this.#sheet.rows.forEach((row) => {
      row.forEach((cell, c) => {
        if (cell)
          row[c] =
            cell.formula === undefined ? { value: cell.value } : { value: cell.value, formula: cell.formula };
      });
    });
    return this;
  }

  /** Sorts the rows below the frozen rows by one column. */
  sort(columnPosition: unknown, ascending?: unknown): this {
    const col = requireInteger(columnPosition, [columnPosition, ascending], 'SpreadsheetApp.Sheet.sort');
    if (col < 1 || col > this.#sheet.maxColumns) throw gasError(messages.columnsOutOfBounds);
    const first = this.#sheet.frozenRows + 1;
    const last = this.#sheet.lastRow();
    if (last >= first) {
      const rect = {
        row: first,
        col: 1,
        numRows: last - first + 1,
        numCols: Math.max(col, this.#sheet.lastColumn()),
      };
      this.#sheet.sortRows(rect, col, ascending !== false);
      this.#ss.meter?.written(this.#sheet.id, rect);
    }
    return this;
  }

  autoResizeColumns(startColumn: unknown, numColumns: unknown): this {
    const args = [startColumn, numColumns];
    const start = requireInteger(startColumn, args, 'SpreadsheetApp.Sheet.autoResizeColumns');
    const n = requireInteger(numColumns, args, 'SpreadsheetApp.Sheet.autoResizeColumns');
    if (start < 1 || n < 1 || start + n - 1 > this.#sheet.maxColumns)
      throw gasError(messages.columnsOutOfBounds);
    return this;
  }

  autoResizeColumn(columnPosition: unknown): this {
    return this.autoResizeColumns(columnPosition, 1);
  }

  setColumnWidth(columnPosition: unknown, width: unknown): this {
    const args = [columnPosition, width];
    const col = requireInteger(columnPosition, args, 'SpreadsheetApp.Sheet.setColumnWidth');
    if (col < 1 || col > this.#sheet.maxColumns) throw gasError(messages.columnsOutOfBounds);
    this.#sheet.columnWidths.set(col, requireInteger(width, args, 'SpreadsheetApp.Sheet.setColumnWidth'));
    return this;
  }

  setColumnWidths(startColumn: unknown, numColumns: unknown, width: unknown): this {
    const args = [startColumn, numColumns, width];
    const start = requireInteger(startColumn, args, 'SpreadsheetApp.Sheet.setColumnWidths');
    const n = requireInteger(numColumns, args, 'SpreadsheetApp.Sheet.setColumnWidths');
    for (let c = start; c < start + n; c += 1) this.setColumnWidth(c, width);
    return this;
  }

  getColumnWidth(columnPosition: unknown): number {
    const col = requireInteger(columnPosition, [columnPosition], 'SpreadsheetApp.Sheet.getColumnWidth');
    return this.#sheet.columnWidths.get(col) ?? 100;
  }

  activate(): this {
    this.#ss.activeSheetId = this.#sheet.id;
    this.#sheet.hidden = false;
    return this;
  }

  addDeveloperMetadata(...args: unknown[]): this {
    addMetadata(this.#ss, this.#sheet.id, args);
    return this;
  }

  getDeveloperMetadata(): DeveloperMetadata[] {
    return this.#ss.metadata
      .filter((m) => m.sheetId === this.#sheet.id)
      .map((m) => new DeveloperMetadata(this.#ss, m));
  }

  createDeveloperMetadataFinder(): DeveloperMetadataFinder {
    return new DeveloperMetadataFinder(this.#ss, this.#sheet.id);
  }
}
