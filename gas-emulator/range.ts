/**
 * Range: a rectangle of one sheet. Reads return number | boolean | Date | string ('' for empty);
 * writes convert strings as if typed (see values.ts). Rectangles must match exactly and stay inside
 * the grid (apps-script-notes.md, "Spreadsheet behaviour to reproduce in a fake").
 */
import { a1Notation, type GridRect } from './a1.js';
import { gasError, messages, requireInteger, signatureError } from './errors.js';
import { evaluateFormula, shiftFormula } from './formula.js';
import { Protection } from './protection.js';
import { GAS_TYPE, GasObject } from './realm.js';
import { Sheet } from './sheet.js';
import type { SheetState } from './sheet-state.js';
import type { SpreadsheetState } from './spreadsheet-state.js';
import { DataValidation } from './validation.js';
import { type Cell, DEFAULT_FORMAT, displayValue, readValue, storeInput } from './values.js';

/** Validates (row, col, numRows, numCols) with Apps Script's messages; 1-based. */
export function checkedRect(sheet: SheetState, args: readonly unknown[], method: string): GridRect {
  const [r, c, nr, nc] = args;
  const row = requireInteger(r, args, method);
  const col = requireInteger(c, args, method);
  const numRows = nr === undefined ? 1 : requireInteger(nr, args, method);
  const numCols = nc === undefined ? 1 : requireInteger(nc, args, method);
  if (row < 1) throw gasError(messages.startRowTooSmall);
  if (col < 1) throw gasError(messages.startColumnTooSmall);
  if (numRows < 1) throw gasError(messages.numRowsTooSmall);
  if (numCols < 1) throw gasError(messages.numColumnsTooSmall);
  const rect = { row, col, numRows, numCols };
  sheet.assertInGrid(rect);
  return rect;
}

function checkMatrix(data: unknown, rect: GridRect, method: string): unknown[][] {
  if (!Array.isArray(data) || !data.every((row) => Array.isArray(row))) throw signatureError([data], method);
  const rows = data as unknown[][];
  if (rows.length !== rect.numRows) throw gasError(messages.rowsMismatch(rows.length, rect.numRows));
  for (const row of rows) {
    if (row.length !== rect.numCols) throw gasError(messages.columnsMismatch(row.length, rect.numCols));
  }
  return rows;
}

export class Range extends GasObject {
  readonly [GAS_TYPE] = 'Range';
  readonly #ss: SpreadsheetState;
  readonly #sheet: SheetState;
  readonly #rect: GridRect;

  constructor(ss: SpreadsheetState, sheet: SheetState, rect: GridRect) {
    super();
    this.#ss = ss;
    this.#sheet = sheet;
    this.#rect = rect;
  }

  override _check(): void {
    if (!this.#ss.sheets.includes(this.#sheet)) throw gasError(messages.sheetDeleted);
  }

  /** Host-side accessors (symbol-free names are hidden from scripts by the '_' prefix rule). */
  _sheetState(): SheetState {
    return this.#sheet;
  }

  _rect(): GridRect {
    return { ...this.#rect };
  }

  /** Cost model: cells are counted over the range's area (cost.ts). */
  #read(): void {
    this.#ss.meter?.read(this.#sheet.id, this.#rect);
  }

  #readOne(): void {
    this.#ss.meter?.read(this.#sheet.id, {
      row: this.#rect.row,
      col: this.#rect.col,
      numRows: 1,
      numCols: 1,
    });
  }

  #wrote(changesValues: boolean): void {
    this.#ss.meter?.written(this.#sheet.id, this.#rect, changesValues);
  }

  #map<T>(fn: (cell: Cell | undefined) => T): T[][] {
    const { row, col, numRows, numCols } = this.#rect;
    const out: T[][] = [];
    for (let r = 0; r < numRows; r += 1) {
      const line: T[] = [];
      for (let c = 0; c < numCols; c += 1) line.push(fn(this.#sheet.cell(row + r, col + c)));
      out.push(line);
    }
    return out;
  }

  #write(cells: Cell[][]): void {
    const { row, col } = this.#rect;
    cells.forEach((line, r) => {
      line.forEach((cell, c) => {
        this.#sheet.writeCell(row + r, col + c, cell);
      });
    });
  }

  #forEachCell(fn: (row: number, col: number) => void): void {
    const { row, col, numRows, numCols } = this.#rect;
    for (let r = 0; r < numRows; r += 1) for (let c = 0; c < numCols; c += 1) fn(row + r, col + c);
  }

  #convert(rows: unknown[][]): Cell[][] {
    const conv = this.#ss.conversion();
    const { row, col } = this.#rect;
    // Convert everything first: a failing cell leaves the range untouched.
    return rows.map((line, r) =>
      line.map((v, c) => storeInput(v, this.#sheet.cell(row + r, col + c)?.format, conv)),
    );
  }

  getValues(): (number | boolean | Date | string)[][] {
    this.#read();
    return this.#map((cell) => readValue(cell, this.#ss.timeZone));
  }

  getValue(): number | boolean | Date | string {
    this.#readOne();
    return readValue(this.#sheet.cell(this.#rect.row, this.#rect.col), this.#ss.timeZone);
  }

  setValues(values: unknown): this {
    this.#write(this.#convert(checkMatrix(values, this.#rect, 'SpreadsheetApp.Range.setValues')));
    this.#wrote(true);
    return this;
  }

  /** setValue writes the same value into every cell of the range. */
  setValue(value: unknown): this {
    if (Array.isArray(value)) throw signatureError([value], 'SpreadsheetApp.Range.setValue');
    const rows = Array.from({ length: this.#rect.numRows }, () =>
      Array.from({ length: this.#rect.numCols }, () => value),
    );
    this.#write(this.#convert(rows));
    this.#wrote(true);
    return this;
  }

  getDisplayValues(): string[][] {
    this.#read();
    return this.#map((cell) => displayValue(cell, this.#ss.timeZone));
  }

  getDisplayValue(): string {
    this.#readOne();
    return displayValue(this.#sheet.cell(this.#rect.row, this.#rect.col), this.#ss.timeZone);
  }

  getFormulas(): string[][] {
    this.#read();
    return this.#map((cell) => cell?.formula ?? '');
  }

  getFormula(): string {
    this.#readOne();
    return this.#sheet.cell(this.#rect.row, this.#rect.col)?.formula ?? '';
  }

  setFormulas(formulas: unknown): this {
    const rows = checkMatrix(formulas, this.#rect, 'SpreadsheetApp.Range.setFormulas');
    this.#write(this.#convertFormulas(rows));
    this.#wrote(true);
    return this;
  }

  setFormula(formula: unknown): this {
    if (typeof formula !== 'string') throw signatureError([formula], 'SpreadsheetApp.Range.setFormula');
    const rows = Array.from({ length: this.#rect.numRows }, () =>
      Array.from({ length: this.#rect.numCols }, () => formula),
    );
    this.#write(this.#convertFormulas(rows));
    this.#wrote(true);
    return this;
  }

  /** Formulas are entered as typed text regardless of a '@' format. */
  #convertFormulas(rows: unknown[][]): Cell[][] {
    const conv = this.#ss.conversion();
    return rows.map((line) => line.map((f) => storeInput(f === '' ? '' : String(f), undefined, conv)));
  }

  getNumberFormat(): string {
    this.#readOne();
    return this.#sheet.cell(this.#rect.row, this.#rect.col)?.format ?? DEFAULT_FORMAT;
  }

  getNumberFormats(): string[][] {
    this.#read();
    return this.#map((cell) => cell?.format ?? DEFAULT_FORMAT);
  }

  setNumberFormat(format: unknown): this {
    if (typeof format !== 'string') throw signatureError([format], 'SpreadsheetApp.Range.setNumberFormat');
    this.#forEachCell((r, c) => this.#setAttr(r, c, { format }));
    this.#wrote(false);
    return this;
  }

  setNumberFormats(formats: unknown): this {
    const rows = checkMatrix(formats, this.#rect, 'SpreadsheetApp.Range.setNumberFormats');
    rows.forEach((line, r) => {
      line.forEach((f, c) => {
        this.#setAttr(this.#rect.row + r, this.#rect.col + c, { format: String(f) });
      });
    });
    this.#wrote(false);
    return this;
  }

  #setAttr(row: number, col: number, attr: Partial<Cell>): void {
    const old = this.#sheet.cell(row, col) ?? { value: '' };
    this.#sheet.setCell(row, col, { ...old, ...attr });
  }

  /** Recorded only (formatting is not rendered). */
  setFontWeight(weight: unknown): this {
    this.#forEachCell((r, c) => this.#setAttr(r, c, { fontWeight: String(weight) }));
    this.#wrote(false);
    return this;
  }

  setFontWeights(weights: unknown): this {
    checkMatrix(weights, this.#rect, 'SpreadsheetApp.Range.setFontWeights');
    this.#wrote(false);
    return this;
  }

  setBackground(color: unknown): this {
    this.#forEachCell((r, c) => this.#setAttr(r, c, { background: String(color) }));
    this.#wrote(false);
    return this;
  }

  setBackgrounds(colors: unknown): this {
    checkMatrix(colors, this.#rect, 'SpreadsheetApp.Range.setBackgrounds');
    this.#wrote(false);
    return this;
  }

  getBackground(): string {
    this.#readOne();
    return this.#sheet.cell(this.#rect.row, this.#rect.col)?.background ?? '#ffffff';
  }

  getFontWeight(): string {
    this.#readOne();
    return this.#sheet.cell(this.#rect.row, this.#rect.col)?.fontWeight ?? 'normal';
  }

  setHorizontalAlignment(_alignment: unknown): this {
    this.#wrote(false);
    return this;
  }

  setWrap(_wrap: unknown): this {
    this.#wrote(false);
    return this;
  }

  setFontColor(_color: unknown): this {
    this.#wrote(false);
    return this;
  }

  clearContent(): this {
    this.#wrote(true);
    this.#forEachCell((r, c) => {
      const old = this.#sheet.cell(r, c);
      if (old) this.#sheet.writeCell(r, c, { value: '' });
    });
    return this;
  }

  clearFormat(): this {
    this.#wrote(false);
    this.#forEachCell((r, c) => {
      const old = this.#sheet.cell(r, c);
      if (old)
        this.#sheet.setCell(
          r,
          c,
          old.formula ? { value: old.value, formula: old.formula } : { value: old.value },
        );
    });
    return this;
  }

  clear(): this {
    this.#wrote(true);
    this.#forEachCell((r, c) => {
      if (this.#sheet.cell(r, c)) this.#sheet.setCell(r, c, { value: '' });
    });
    return this;
  }

  getRow(): number {
    return this.#rect.row;
  }

  getColumn(): number {
    return this.#rect.col;
  }

  getLastRow(): number {
    return this.#rect.row + this.#rect.numRows - 1;
  }

  getLastColumn(): number {
    return this.#rect.col + this.#rect.numCols - 1;
  }

  getNumRows(): number {
    return this.#rect.numRows;
  }

  getNumColumns(): number {
    return this.#rect.numCols;
  }

  getHeight(): number {
    return this.#rect.numRows;
  }

  getWidth(): number {
    return this.#rect.numCols;
  }

  getA1Notation(): string {
    return a1Notation(this.#rect);
  }

  getSheet(): Sheet {
    return new Sheet(this.#ss, this.#sheet);
  }

  getCell(row: unknown, column: unknown): Range {
    const args = [row, column];
    const r = requireInteger(row, args, 'SpreadsheetApp.Range.getCell');
    const c = requireInteger(column, args, 'SpreadsheetApp.Range.getCell');
    if (r < 1 || c < 1 || r > this.#rect.numRows || c > this.#rect.numCols)
      throw gasError(messages.outsideGrid);
    return new Range(this.#ss, this.#sheet, {
      row: this.#rect.row + r - 1,
      col: this.#rect.col + c - 1,
      numRows: 1,
      numCols: 1,
    });
  }

  offset(rowOffset: unknown, columnOffset: unknown, numRows?: unknown, numColumns?: unknown): Range {
    const args = [rowOffset, columnOffset, numRows, numColumns].filter((a) => a !== undefined);
    const ro = requireInteger(rowOffset, args, 'SpreadsheetApp.Range.offset');
    const co = requireInteger(columnOffset, args, 'SpreadsheetApp.Range.offset');
    const rect = checkedRect(
      this.#sheet,
      [
        this.#rect.row + ro,
        this.#rect.col + co,
        numRows ?? this.#rect.numRows,
        numColumns ?? this.#rect.numCols,
      ],
      'SpreadsheetApp.Range.offset',
    );
    return new Range(this.#ss, this.#sheet, rect);
  }

  /**
   * Copies this range — values, formulas, formats — to `destination`'s top-left cell, server-side
   * (nothing comes back to the script: no cells read). Formulas move their relative references by
   * the offset (formula.ts shiftFormula). The source is taken whole before anything is written, so
   * the two may overlap. Options (contentsOnly, formatOnly) and data validation are not emulated.
   */
  copyTo(destination: unknown, options?: unknown): void {
    if (!(destination instanceof Range)) throw gasError(messages.invalidArgument('destination'));
    if (options !== undefined) throw gasError(messages.invalidArgument('options'));
    const target = destination._sheetState();
    const to = destination._rect();
    const rect = { row: to.row, col: to.col, numRows: this.#rect.numRows, numCols: this.#rect.numCols };
    target.assertInGrid(rect);
    const dRow = rect.row - this.#rect.row;
    const dCol = rect.col - this.#rect.col;
    const copies = this.#map((cell): Cell => {
      if (!cell) return { value: '' };
      const copy: Cell = { ...cell };
      if (cell.formula !== undefined) {
        copy.formula = shiftFormula(cell.formula, dRow, dCol);
        copy.value = evaluateFormula(copy.formula);
      }
      return copy;
    });
    copies.forEach((line, r) => {
      line.forEach((cell, c) => {
        target.setCell(rect.row + r, rect.col + c, cell);
      });
    });
    this.#ss.meter?.written(target.id, rect, true);
  }

  /** Sorts the rows of this range by an absolute column number. */
  sort(column: unknown): this {
    let col: unknown = column;
    let ascending = true;
    if (typeof column === 'object' && column !== null && 'column' in column) {
      col = (column as { column: unknown }).column;
      ascending = (column as { ascending?: unknown }).ascending !== false;
    }
    const c = requireInteger(col, [column], 'SpreadsheetApp.Range.sort');
    if (c < this.#rect.col || c >= this.#rect.col + this.#rect.numCols) {
      throw gasError(`Invalid sort column: ${c}`);
    }
    this.#sheet.sortRows(this.#rect, c, ascending);
    this.#wrote(true);
    return this;
  }

  protect(): Protection {
    const state = {
      id: this.#ss.nextObjectId(),
      sheetId: this.#sheet.id,
      rect: { ...this.#rect },
      warningOnly: false,
      description: '',
      unprotected: [],
    };
    this.#ss.protections.push(state);
    return new Protection(this.#ss, state);
  }

  /** Makes this range the selection of its sheet and that sheet the active one (shown if hidden). */
  activate(): this {
    this.#ss.activeSheetId = this.#sheet.id;
    this.#ss.selections.set(this.#sheet.id, { ...this.#rect });
    this.#sheet.hidden = false;
    return this;
  }

  /** A rule over the whole range (null removes the rules it covers exactly). */
  setDataValidation(rule: unknown): this {
    if (rule !== null && !(rule instanceof DataValidation)) throw gasError(messages.invalidArgument('rule'));
    const same = (r: GridRect) =>
      r.row === this.#rect.row &&
      r.col === this.#rect.col &&
      r.numRows === this.#rect.numRows &&
      r.numCols === this.#rect.numCols;
    this.#ss.dataValidations = this.#ss.dataValidations.filter(
      (v) => !(v.sheetId === this.#sheet.id && same(v.rect)),
    );
    if (rule)
      this.#ss.dataValidations.push({
        sheetId: this.#sheet.id,
        rect: { ...this.#rect },
        rule: rule._state(),
      });
    return this;
  }

  getDataValidation(): DataValidation | null {
    const rule = this.#ss.validationAt(this.#sheet.id, this.#rect.row, this.#rect.col);
    return rule ? new DataValidation(rule) : null;
  }

  setNote(_note: unknown): this {
    return this;
  }
}
