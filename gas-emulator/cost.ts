/**
 * What one execution would cost in Google: cells read and written (counted at Range over the
 * range's area), structural edits, flushes, the formula cells Sheets has to recalculate because a
 * range they read changed, and a modelled duration from per-unit coefficients. The coefficients and
 * their sources are in README.md ("Cost model"); none of this is a timing of this machine.
 */
import type { GridRect } from './a1.js';
import { type FormulaRef, formulaReferences } from './formula.js';
import type { SheetState } from './sheet-state.js';
import type { SpreadsheetState } from './spreadsheet-state.js';

/** Milliseconds per unit. Defaults: DEFAULT_COST_MODEL (sources in README.md). */
export interface CostModel {
  /** Every service call (the fixed round trip of SpreadsheetApp, PropertiesService, …). */
  callMs: number;
  cellReadMs: number;
  cellWrittenMs: number;
  /** insertRows/deleteRows/insertColumns/deleteColumns/insertSheet/deleteSheet, a growing appendRow. */
  structuralEditMs: number;
  /** SpreadsheetApp.flush(). */
  flushMs: number;
  /** Each formula cell Sheets recalculates … */
  formulaCellMs: number;
  /** … plus each cell of the ranges it reads (MAXIFS over 2,000 settings rows reads 2,000 cells
   *  per criterion range). */
  formulaRangeCellMs: number;
}

export const DEFAULT_COST_MODEL: Readonly<CostModel> = Object.freeze({
  callMs: 1.5,
  cellReadMs: 0.1,
  cellWrittenMs: 0.15,
  structuralEditMs: 100,
  flushMs: 30,
  formulaCellMs: 0.02,
  formulaRangeCellMs: 0.00005,
});

export interface ExecutionCost {
  serviceCalls: number;
  cellsRead: number;
  cellsWritten: number;
  structuralEdits: number;
  flushes: number;
  /** Formula cells that read a range this execution changed (or were entered by it), each once. */
  formulaCellsRecalculated: number;
  /** Σ over those formulas of the cells of every range they read, per mention. */
  formulaRangeCellsScanned: number;
  /** Utilities.sleep and lock waits: execution time too. */
  sleptMs: number;
  /** What the execution would take in Google according to the model. */
  modelledMs: number;
}

/** Parsed references per formula text (the Fees formulas repeat with a different row). */
const referenceCache = new Map<string, FormulaRef[]>();
const REFERENCE_CACHE_LIMIT = 500_000;

function referencesOf(formula: string, named: ReadonlyMap<string, unknown>): FormulaRef[] {
  let refs = referenceCache.get(formula);
  if (!refs) {
    if (referenceCache.size >= REFERENCE_CACHE_LIMIT) referenceCache.clear();
    // Named ranges are resolved by name at check time; only which names exist matters here.
    refs = formulaReferences(formula, (name) => named.has(name));
    referenceCache.set(formula, refs);
  }
  return refs;
}

function intersects(a: GridRect, b: GridRect): boolean {
  return (
    a.row < b.row + b.numRows &&
    b.row < a.row + a.numRows &&
    a.col < b.col + b.numCols &&
    b.col < a.col + a.numCols
  );
}

function area(rect: GridRect, sheet: SheetState | undefined): number {
  const rows = Number.isFinite(rect.numRows)
    ? rect.numRows
    : Math.max(0, (sheet?.maxRows ?? 0) - rect.row + 1);
  const cols = Number.isFinite(rect.numCols)
    ? rect.numCols
    : Math.max(0, (sheet?.maxColumns ?? 0) - rect.col + 1);
  return rows * cols;
}

/** Changed rectangles of one sheet; past MAX_RECTS they collapse into their bounding box. */
const MAX_RECTS = 256;

/** One execution's meter; SpreadsheetState.meter points at it while the execution runs. */
export class CostMeter {
  cellsRead = 0;
  cellsWritten = 0;
  structuralEdits = 0;
  flushes = 0;
  readonly #changed = new Map<number, GridRect[]>();

  read(cells: number): void {
    this.cellsRead += cells;
  }

  /** `changesValues`: false for formats only (they make no formula recalculate). */
  written(sheetId: number, rect: GridRect, changesValues = true): void {
    this.cellsWritten += rect.numRows * rect.numCols;
    if (changesValues) this.changed(sheetId, rect);
  }

  /** A structural edit: everything from `rect` on moves, so formulas reading it recalculate. */
  structural(sheetId: number | null, rect: GridRect | null): void {
    this.structuralEdits += 1;
    if (sheetId !== null && rect !== null) this.changed(sheetId, rect);
  }

  flush(): void {
    this.flushes += 1;
  }

  changed(sheetId: number, rect: GridRect): void {
    let rects = this.#changed.get(sheetId);
    if (!rects) {
      rects = [];
      this.#changed.set(sheetId, rects);
    }
    rects.push(rect);
    if (rects.length > MAX_RECTS) {
      const row = Math.min(...rects.map((r) => r.row));
      const col = Math.min(...rects.map((r) => r.col));
      const lastRow = Math.max(...rects.map((r) => r.row + r.numRows - 1));
      const lastCol = Math.max(...rects.map((r) => r.col + r.numCols - 1));
      rects.splice(0, rects.length, { row, col, numRows: lastRow - row + 1, numCols: lastCol - col + 1 });
    }
  }

  #isChanged(sheetId: number, rect: GridRect): boolean {
    const rects = this.#changed.get(sheetId);
    return rects?.some((r) => intersects(r, rect)) === true;
  }

  /** Formula cells reading a changed range (or entered in one), and the cells those formulas read. */
  #recalculation(ss: SpreadsheetState): { cells: number; scanned: number } {
    if (this.#changed.size === 0) return { cells: 0, scanned: 0 };
    let cells = 0;
    let scanned = 0;
    const named = ss.namedRanges;
    for (const sheet of ss.sheets) {
      sheet.rows.forEach((line, r) => {
        line.forEach((cell, c) => {
          if (cell?.formula === undefined) return;
          const refs = referencesOf(cell.formula, named);
          let dirty = this.#isChanged(sheet.id, { row: r + 1, col: c + 1, numRows: 1, numCols: 1 });
          let reads = 0;
          for (const ref of refs) {
            let target: SheetState | undefined;
            let rect: GridRect;
            if ('name' in ref) {
              const nr = named.get(ref.name);
              if (!nr) continue;
              target = ss.sheetById(nr.sheetId);
              rect = nr.rect;
            } else {
              target = ref.sheet === null ? sheet : ss.findSheet(ref.sheet);
              rect = ref.rect;
            }
            if (!target) continue;
            reads += area(rect, target) * ref.uses;
            if (!dirty) {
              const bounded = {
                ...rect,
                numRows: Math.min(rect.numRows, target.maxRows),
                numCols: Math.min(rect.numCols, target.maxColumns),
              };
              dirty = this.#isChanged(target.id, bounded);
            }
          }
          if (dirty) {
            cells += 1;
            scanned += reads;
          }
        });
      });
    }
    return { cells, scanned };
  }

  finish(ss: SpreadsheetState, serviceCalls: number, sleptMs: number, model: CostModel): ExecutionCost {
    const recalc = this.#recalculation(ss);
    const modelledMs =
      serviceCalls * model.callMs +
      this.cellsRead * model.cellReadMs +
      this.cellsWritten * model.cellWrittenMs +
      this.structuralEdits * model.structuralEditMs +
      this.flushes * model.flushMs +
      recalc.cells * model.formulaCellMs +
      recalc.scanned * model.formulaRangeCellMs +
      sleptMs;
    return {
      serviceCalls,
      cellsRead: this.cellsRead,
      cellsWritten: this.cellsWritten,
      structuralEdits: this.structuralEdits,
      flushes: this.flushes,
      formulaCellsRecalculated: recalc.cells,
      formulaRangeCellsScanned: recalc.scanned,
      sleptMs,
      modelledMs: Math.round(modelledMs),
    };
  }
}
