/**
 * Persistent state of the whole spreadsheet (tabs, named ranges, developer metadata,
 * protections, toasts) plus test helpers that inspect or change it WITHOUT counting service calls
 * (seeding data, and simulating what a user does by hand: edit, sort, rename).
 */
import { type GridRect, parseA1 } from './a1.js';
import type { CostMeter, PendingRecalc } from './cost.js';
import { gasError, messages } from './errors.js';
import {
  MAX_COLUMNS,
  NEW_SHEET_COLUMNS,
  NEW_SHEET_ROWS,
  type ProtectionState,
  SheetState,
} from './sheet-state.js';
import { accepts, covers, type DataValidationState, type ValidationRange } from './validation.js';
import { type Cell, displayValue, readValue, storeInput, typeString } from './values.js';

/** 10,000,000 cells over maxRows × maxColumns of every sheet (apps-script-notes.md, "Limits"). */
export const MAX_WORKBOOK_CELLS = 10_000_000;

export interface NamedRangeState {
  name: string;
  sheetId: number;
  rect: GridRect;
}

export interface MetadataState {
  readonly id: number;
  key: string;
  value: string | null;
  visibility: 'DOCUMENT' | 'PROJECT';
  /** null = attached to the spreadsheet itself. */
  sheetId: number | null;
}

export interface ToastRecord {
  message: string;
  title: string;
  timeoutSeconds: number;
}

export interface SpreadsheetOptions {
  id?: string;
  name?: string;
  timeZone?: string;
  locale?: string;
  sheetNames?: string[];
}

export class SpreadsheetState {
  readonly id: string;
  name: string;
  timeZone: string;
  locale: string;
  sheets: SheetState[] = [];
  activeSheetId: number;
  /** The selection of each sheet by sheet id (A1 when absent), as Sheets remembers one per tab. */
  readonly selections = new Map<number, GridRect>();
  readonly namedRanges = new Map<string, NamedRangeState>();
  metadata: MetadataState[] = [];
  protections: ProtectionState[] = [];
  /** Data validation rules by range, later rules winning where they overlap. */
  dataValidations: ValidationRange[] = [];
  readonly toasts: ToastRecord[] = [];
  /** The running execution's cost meter (null between executions: test helpers are not counted). */
  meter: CostMeter | null = null;
  /** Per sheet id: recalculation Sheets still owes after earlier executions (cost.ts). */
  readonly pendingRecalc = new Map<number, PendingRecalc>();
  #nextSheetId = 0;
  #nextObjectId = 1;

  constructor(options: SpreadsheetOptions = {}) {
    this.id = options.id ?? '1EmuLatedSpreadsheetId0000000000000000000000';
    this.name = options.name ?? 'Untitled spreadsheet';
    this.timeZone = options.timeZone ?? 'Asia/Seoul';
    this.locale = options.locale ?? 'ko_KR';
    const names = options.sheetNames ?? ['Sheet1'];
    for (const name of names) this.addSheet(name, this.sheets.length);
    this.activeSheetId = this.sheets[0]?.id ?? 0;
  }

  get url(): string {
    return `https://docs.google.com/spreadsheets/d/${this.id}/edit`;
  }

  nextObjectId(): number {
    const id = this.#nextObjectId;
    this.#nextObjectId += 1;
    return id;
  }

  totalCells(): number {
    return this.sheets.reduce((sum, s) => sum + s.maxRows * s.maxColumns, 0);
  }

  assertCanGrow(extraCells: number): void {
    if (this.totalCells() + extraCells > MAX_WORKBOOK_CELLS) throw gasError(messages.workbookCellLimit);
  }

  assertColumnsFit(sheet: SheetState, extraColumns: number): void {
    if (sheet.maxColumns + extraColumns > MAX_COLUMNS) throw gasError(messages.columnLimit);
  }

  /** Sheet names are unique case-insensitively; lookups are case-insensitive too. */
  findSheet(name: string): SheetState | undefined {
    const lower = name.toLowerCase();
    return this.sheets.find((s) => s.name.toLowerCase() === lower);
  }

  sheetById(id: number): SheetState | undefined {
    return this.sheets.find((s) => s.id === id);
  }

  requireSheet(name: string): SheetState {
    const sheet = this.findSheet(name);
    if (!sheet) throw new Error(`emulator: no sheet named "${name}"`);
    return sheet;
  }

  defaultSheetName(): string {
    for (let n = this.sheets.length + 1; ; n += 1) if (!this.findSheet(`Sheet${n}`)) return `Sheet${n}`;
  }

  addSheet(name: string, index: number): SheetState {
    if (this.findSheet(name)) throw gasError(messages.sheetExists(name));
    this.assertCanGrow(NEW_SHEET_ROWS * NEW_SHEET_COLUMNS);
    // Sheet ids: 0 for the first tab, then large arbitrary numbers as in Sheets.
    const id = this.#nextSheetId === 0 ? 0 : 100_000_000 + this.#nextSheetId * 7_919_113;
    this.#nextSheetId += 1;
    const sheet = new SheetState(id, name);
    this.sheets.splice(Math.max(0, Math.min(index, this.sheets.length)), 0, sheet);
    return sheet;
  }

  renameSheet(sheet: SheetState, name: string): void {
    const other = this.findSheet(name);
    if (other && other !== sheet) throw gasError(messages.sheetExists(name));
    sheet.name = name;
  }

  removeSheet(sheet: SheetState): void {
    if (this.sheets.length <= 1) throw gasError(messages.deleteAllSheets);
    this.sheets = this.sheets.filter((s) => s !== sheet);
    this.metadata = this.metadata.filter((m) => m.sheetId !== sheet.id);
    this.protections = this.protections.filter((p) => p.sheetId !== sheet.id);
    this.dataValidations = this.dataValidations.filter((v) => v.sheetId !== sheet.id);
    for (const [name, nr] of this.namedRanges) if (nr.sheetId === sheet.id) this.namedRanges.delete(name);
    if (this.activeSheetId === sheet.id) this.activeSheetId = this.sheets[0]?.id ?? 0;
  }

  conversion() {
    return { timeZone: this.timeZone, locale: this.locale };
  }

  // ---- Test helpers: not service calls, never counted. ----

  /** Values of a tab as getValues would return them, trimmed to lastRow × lastColumn. */
  sheetValues(name: string): (string | number | boolean | Date)[][] {
    const sheet = this.requireSheet(name);
    const rows = sheet.lastRow();
    const cols = sheet.lastColumn();
    return Array.from({ length: rows }, (_, r) =>
      Array.from({ length: cols }, (_, c) => readValue(sheet.cell(r + 1, c + 1), this.timeZone)),
    );
  }

  sheetDisplayValues(name: string): string[][] {
    const sheet = this.requireSheet(name);
    return Array.from({ length: sheet.lastRow() }, (_, r) =>
      Array.from({ length: sheet.lastColumn() }, (_, c) =>
        displayValue(sheet.cell(r + 1, c + 1), this.timeZone),
      ),
    );
  }

  sheetFormulas(name: string): string[][] {
    const sheet = this.requireSheet(name);
    return Array.from({ length: sheet.lastRow() }, (_, r) =>
      Array.from({ length: sheet.lastColumn() }, (_, c) => sheet.cell(r + 1, c + 1)?.formula ?? ''),
    );
  }

  /** Raw cell (value, formula, format) at an A1 address, for assertions. */
  cell(name: string, a1: string): Cell | undefined {
    const sheet = this.requireSheet(name);
    const rect = parseA1(a1, sheet.maxRows, sheet.maxColumns);
    return sheet.cell(rect.row, rect.col);
  }

  /**
   * Seeds a tab (created if missing) starting at (row, col). Values are stored as given: strings
   * stay strings (no typed conversion) unless `typed` is set; the grid grows to fit.
   */
  seed(
    name: string,
    values: readonly (readonly unknown[])[],
    options: { row?: number; col?: number; format?: string; typed?: boolean } = {},
  ): void {
    const sheet = this.findSheet(name) ?? this.addSheet(name, this.sheets.length);
    const row0 = options.row ?? 1;
    const col0 = options.col ?? 1;
    const width = Math.max(0, ...values.map((r) => r.length));
    sheet.maxRows = Math.max(sheet.maxRows, row0 + values.length - 1);
    sheet.maxColumns = Math.max(sheet.maxColumns, col0 + width - 1);
    values.forEach((row, r) => {
      row.forEach((v, c) => {
        const format = options.format ?? sheet.cell(row0 + r, col0 + c)?.format;
        const content =
          options.typed || typeof v !== 'string' ? storeInput(v, format, this.conversion()) : { value: v };
        if (options.format !== undefined) content.format = options.format;
        sheet.writeCell(row0 + r, col0 + c, content);
      });
    });
  }

  /** A user types `text` into a cell (same conversion as setValue, honouring the cell's format). */
  userEdit(name: string, a1: string, text: string): void {
    const sheet = this.requireSheet(name);
    const rect = parseA1(a1, sheet.maxRows, sheet.maxColumns);
    sheet.assertInGrid(rect);
    const rule = this.validationAt(sheet.id, rect.row, rect.col);
    if (rule && !accepts(rule, text))
      throw new Error(
        `The data you entered in cell ${a1} violates the data validation rules set on this cell.`,
      );
    const format = sheet.cell(rect.row, rect.col)?.format;
    const content = format === '@' ? { value: text } : typeString(text, this.conversion());
    sheet.writeCell(rect.row, rect.col, content);
  }

  /** The validation rule of a cell (the last rule set over it), or null. */
  validationAt(sheetId: number, row: number, col: number): DataValidationState | null {
    for (let i = this.dataValidations.length - 1; i >= 0; i--) {
      const v = this.dataValidations[i]!;
      if (v.sheetId === sheetId && covers(v.rect, row, col)) return v.rule;
    }
    return null;
  }

  /** A user clicks a cell or drags a range: that tab becomes the active one, with that selection. */
  userSelect(name: string, a1: string): void {
    const sheet = this.requireSheet(name);
    const rect = parseA1(a1, sheet.maxRows, sheet.maxColumns);
    sheet.assertInGrid(rect);
    this.activeSheetId = sheet.id;
    this.selections.set(sheet.id, rect);
  }

  /** The active tab and its selection (A1 when nothing was selected), for assertions. */
  activeSelection(): { sheet: string; rect: GridRect } {
    const sheet = this.sheetById(this.activeSheetId) ?? this.sheets[0]!;
    return {
      sheet: sheet.name,
      rect: this.selections.get(sheet.id) ?? { row: 1, col: 1, numRows: 1, numCols: 1 },
    };
  }

  /** A user sorts the tab by a column (Data > Sort sheet), frozen rows stay on top. */
  userSort(name: string, column: number, ascending = true): void {
    const sheet = this.requireSheet(name);
    const first = sheet.frozenRows + 1;
    const last = sheet.lastRow();
    if (last < first) return;
    const rect = { row: first, col: 1, numRows: last - first + 1, numCols: Math.max(1, sheet.lastColumn()) };
    sheet.sortRows(rect, column, ascending);
  }

  /** A user renames a tab (metadata and sheet id are unaffected). */
  userRename(oldName: string, newName: string): void {
    this.renameSheet(this.requireSheet(oldName), newName);
  }

  userDeleteSheet(name: string): void {
    this.removeSheet(this.requireSheet(name));
  }

  userDeleteRows(name: string, start: number, count: number): void {
    this.requireSheet(name).deleteRows(start, count);
  }

  /** A user adds columns at the right of a tab (Sheets' "Insert 1 column right" on the last column),
   *  to type their own notes next to a table whose grid ends at its last column. */
  userAddColumns(name: string, count: number): void {
    const sheet = this.requireSheet(name);
    sheet.insertColumns(sheet.maxColumns + 1, count);
  }
}
