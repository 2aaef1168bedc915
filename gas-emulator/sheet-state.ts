/**
 * Persistent state of one tab: a sparse grid of cells plus grid size and sheet-level settings.
 * Lives in the env (outside any execution), like the real spreadsheet does.
 */
import type { GridRect } from './a1.js';
import { gasError, messages } from './errors.js';
import { type Cell, SheetDate, type StoredValue } from './values.js';

export const NEW_SHEET_ROWS = 1000;
export const NEW_SHEET_COLUMNS = 26;
export const MAX_COLUMNS = 18_278;

export interface ProtectionState {
  readonly id: number;
  sheetId: number;
  /** undefined = the whole sheet (Sheet.protect()). */
  rect: GridRect | undefined;
  warningOnly: boolean;
  description: string;
  unprotected: GridRect[];
}

function hasContent(cell: Cell | undefined): boolean {
  return cell !== undefined && (cell.value !== '' || cell.formula !== undefined);
}

export class SheetState {
  name: string;
  maxRows = NEW_SHEET_ROWS;
  maxColumns = NEW_SHEET_COLUMNS;
  frozenRows = 0;
  frozenColumns = 0;
  hidden = false;
  readonly columnWidths = new Map<number, number>();
  /** rows[r - 1][c - 1]; holes are empty cells. */
  rows: (Cell | undefined)[][] = [];

  constructor(
    readonly id: number,
    name: string,
  ) {
    this.name = name;
  }

  cell(row: number, col: number): Cell | undefined {
    return this.rows[row - 1]?.[col - 1];
  }

  setCell(row: number, col: number, cell: Cell): void {
    let r = this.rows[row - 1];
    if (!r) {
      r = [];
      this.rows[row - 1] = r;
    }
    r[col - 1] = cell;
  }

  /** Content-only update that keeps the cell's formatting. */
  writeCell(row: number, col: number, content: Cell): void {
    const old = this.cell(row, col);
    const next: Cell = { ...content };
    if (old?.format !== undefined && content.format === undefined) next.format = old.format;
    if (old?.background !== undefined) next.background = old.background;
    if (old?.fontWeight !== undefined) next.fontWeight = old.fontWeight;
    if (next.formula === undefined) delete next.formula;
    this.setCell(row, col, next);
  }

  lastRow(): number {
    for (let r = this.rows.length; r >= 1; r -= 1) if (this.rows[r - 1]?.some(hasContent)) return r;
    return 0;
  }

  lastColumn(): number {
    let last = 0;
    for (const row of this.rows) {
      if (!row) continue;
      for (let c = row.length; c > last; c -= 1) {
        if (hasContent(row[c - 1])) {
          last = c;
          break;
        }
      }
    }
    return last;
  }

  assertInGrid(rect: GridRect): void {
    if (rect.row + rect.numRows - 1 > this.maxRows || rect.col + rect.numCols - 1 > this.maxColumns) {
      throw gasError(messages.outsideGrid);
    }
  }

  /** Inserts `count` empty rows so that the first new row has index `before` (1-based). */
  insertRows(before: number, count: number): void {
    if (before - 1 < this.rows.length) {
      const head = this.rows.slice(0, before - 1);
      const tail = this.rows.slice(before - 1);
      head.length = before - 1 + count;
      this.rows = head.concat(tail);
    }
    this.maxRows += count;
  }

  deleteRows(start: number, count: number): void {
    if (start < 1 || count < 1 || start + count - 1 > this.maxRows) throw gasError(messages.rowsOutOfBounds);
    if (count >= this.maxRows - this.frozenRows) throw gasError(messages.deleteAllRows);
    this.rows.splice(start - 1, count);
    this.maxRows -= count;
  }

  insertColumns(before: number, count: number): void {
    this.rows.forEach((row, i) => {
      if (before - 1 >= row.length) return;
      const head = row.slice(0, before - 1);
      head.length = before - 1 + count;
      this.rows[i] = head.concat(row.slice(before - 1));
    });
    this.maxColumns += count;
  }

  deleteColumns(start: number, count: number): void {
    if (start < 1 || count < 1 || start + count - 1 > this.maxColumns) {
      throw gasError(messages.columnsOutOfBounds);
    }
    if (count >= this.maxColumns - this.frozenColumns) throw gasError(messages.deleteAllColumns);
    for (const row of this.rows) row?.splice(start - 1, count);
    this.maxColumns -= count;
  }

  /** Sorts whole rows of `rect` by one column (Sheets order: numbers/dates, text, booleans, blanks last). */
  sortRows(rect: GridRect, column: number, ascending: boolean): void {
    const rows: (Cell | undefined)[][] = [];
    for (let r = 0; r < rect.numRows; r += 1) {
      const source = this.rows[rect.row - 1 + r] ?? [];
      rows.push(Array.from({ length: rect.numCols }, (_, c) => source[rect.col - 1 + c]));
    }
    const key = column - rect.col;
    rows.sort((a, b) => {
      const x = a[key];
      const y = b[key];
      const ex = !hasContent(x);
      const ey = !hasContent(y);
      if (ex || ey) return ex === ey ? 0 : ex ? 1 : -1;
      const order = compareValues(x!.value, y!.value);
      return ascending ? order : -order;
    });
    rows.forEach((row, r) => {
      row.forEach((cell, c) => {
        const target = this.rows[rect.row - 1 + r] ?? [];
        this.rows[rect.row - 1 + r] = target;
        target[rect.col - 1 + c] = cell;
      });
    });
  }
}

function rank(v: StoredValue): number {
  if (typeof v === 'number' || v instanceof SheetDate) return 0;
  if (typeof v === 'string') return 1;
  return 2;
}

function compareValues(a: StoredValue, b: StoredValue): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (ra === 0) {
    const na = a instanceof SheetDate ? a.serial : (a as number);
    const nb = b instanceof SheetDate ? b.serial : (b as number);
    return na - nb;
  }
  if (ra === 1) return String(a).localeCompare(String(b), undefined, { sensitivity: 'base' });
  return Number(a) - Number(b);
}
