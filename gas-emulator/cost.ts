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
  formulaCellMs: 0.05,
  formulaRangeCellMs: 0.0005,
});

export interface ExecutionCost {
  serviceCalls: number;
  cellsRead: number;
  cellsWritten: number;
  /** `cellsWritten` by sheet name (as named at the end of the execution). */
  cellsWrittenBySheet: Record<string, number>;
  structuralEdits: number;
  flushes: number;
  /** Formula cells that read a range this execution changed (or were entered by it), each once. */
  formulaCellsRecalculated: number;
  /** Σ over those formulas of the cells of every range they read, per mention. */
  formulaRangeCellsScanned: number;
  /** Of the recalculated formula cells, those this execution read after making them stale: getValues
   *  waits for Sheets to compute them, so only their recalculation is in `modelledMs`. */
  formulaCellsAwaited: number;
  /** The model's time to recalculate every formula in `formulaCellsRecalculated`, whether the
   *  execution waited for it or Sheets does it after the execution ended. */
  recalcMs: number;
  /** Recalculation that earlier executions left pending and this one waited for, because it read
   *  formula cells that were still stale (the dialog calls back to back: no background progress is
   *  assumed between executions). Part of `modelledMs`. */
  waitedForEarlierRecalcMs: number;
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

/** A changed or read rectangle and when (the order of calls within the execution). */
interface Event {
  rect: GridRect;
  seq: number;
}

/** Rectangles kept per sheet; past MAX_RECTS they collapse into their bounding box. */
const MAX_RECTS = 256;

function record(map: Map<number, Event[]>, sheetId: number, event: Event, keep: 'first' | 'last'): void {
  let events = map.get(sheetId);
  if (!events) {
    events = [];
    map.set(sheetId, events);
  }
  events.push(event);
  if (events.length <= MAX_RECTS) return;
  const rects = events.map((e) => e.rect);
  const row = Math.min(...rects.map((r) => r.row));
  const col = Math.min(...rects.map((r) => r.col));
  const lastRow = Math.max(...rects.map((r) => r.row + r.numRows - 1));
  const lastCol = Math.max(...rects.map((r) => r.col + r.numCols - 1));
  const seqs = events.map((e) => e.seq);
  const seq = keep === 'first' ? Math.min(...seqs) : Math.max(...seqs);
  events.splice(0, events.length, {
    rect: { row, col, numRows: lastRow - row + 1, numCols: lastCol - col + 1 },
    seq,
  });
}

/** Earliest event of `sheetId` touching `rect`, or Infinity. */
function firstTouch(map: Map<number, Event[]>, sheetId: number, rect: GridRect): number {
  let first = Number.POSITIVE_INFINITY;
  for (const e of map.get(sheetId) ?? []) if (e.seq < first && intersects(e.rect, rect)) first = e.seq;
  return first;
}

function readAfter(map: Map<number, Event[]>, sheetId: number, rect: GridRect, seq: number): boolean {
  return (map.get(sheetId) ?? []).some((e) => e.seq > seq && intersects(e.rect, rect));
}

interface Recalculation {
  cells: number;
  scanned: number;
  /** Of those, the formula cells the execution read after making them stale: it waits for them. */
  awaitedCells: number;
  awaitedScanned: number;
  /** The rest, per sheet: Sheets computes them after the execution (pendingRecalc). */
  later: Map<number, { cells: number; scanned: number; rect: GridRect }>;
}

/** Recalculation Sheets still owes for formulas an execution made stale without reading them back;
 *  kept on the spreadsheet until an execution reads one of those sheets' formula cells and waits. */
export interface PendingRecalc {
  ms: number;
  /** Bounding box of the stale formula cells. */
  rect: GridRect;
}

function union(a: GridRect, b: GridRect): GridRect {
  const row = Math.min(a.row, b.row);
  const col = Math.min(a.col, b.col);
  const lastRow = Math.max(a.row + a.numRows, b.row + b.numRows);
  const lastCol = Math.max(a.col + a.numCols, b.col + b.numCols);
  return { row, col, numRows: lastRow - row, numCols: lastCol - col };
}

/** One execution's meter; SpreadsheetState.meter points at it while the execution runs. */
export class CostMeter {
  cellsRead = 0;
  cellsWritten = 0;
  structuralEdits = 0;
  flushes = 0;
  /** Recalculation left by earlier executions that this one waited for (a read of stale formulas). */
  waitedForEarlierMs = 0;
  #seq = 0;
  readonly #writtenBySheet = new Map<number, number>();
  readonly #changed = new Map<number, Event[]>();
  readonly #reads = new Map<number, Event[]>();

  constructor(readonly ss: SpreadsheetState) {}

  read(sheetId: number, rect: GridRect): void {
    this.cellsRead += rect.numRows * rect.numCols;
    record(this.#reads, sheetId, { rect, seq: ++this.#seq }, 'last');
    // getValues answers only once Sheets has computed the formulas in the range.
    const pending = this.ss.pendingRecalc.get(sheetId);
    if (pending && intersects(pending.rect, rect)) {
      this.waitedForEarlierMs += pending.ms;
      this.ss.pendingRecalc.delete(sheetId);
    }
  }

  /** `changesValues`: false for formats only (they make no formula recalculate). */
  written(sheetId: number, rect: GridRect, changesValues = true): void {
    this.cellsWritten += rect.numRows * rect.numCols;
    this.#writtenBySheet.set(sheetId, (this.#writtenBySheet.get(sheetId) ?? 0) + rect.numRows * rect.numCols);
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

  /**
   * The modelled time so far (the emulator's clock, loader.ts): what has been counted up to now, without
   * the recalculation of this execution's own formulas (known only at its end; a getValues of stale
   * formulas left by earlier executions is in, as waitedForEarlierMs).
   */
  runningMs(serviceCalls: number, sleptMs: number, model: CostModel): number {
    return (
      serviceCalls * model.callMs +
      this.cellsRead * model.cellReadMs +
      this.cellsWritten * model.cellWrittenMs +
      this.structuralEdits * model.structuralEditMs +
      this.flushes * model.flushMs +
      this.waitedForEarlierMs +
      sleptMs
    );
  }

  changed(sheetId: number, rect: GridRect): void {
    record(this.#changed, sheetId, { rect, seq: ++this.#seq }, 'first');
  }

  /** Formula cells reading a changed range (or entered in one), the cells those formulas read, and
   *  which of them the execution read back afterwards. */
  #recalculation(ss: SpreadsheetState): Recalculation {
    const out: Recalculation = { cells: 0, scanned: 0, awaitedCells: 0, awaitedScanned: 0, later: new Map() };
    if (this.#changed.size === 0) return out;
    const named = ss.namedRanges;
    for (const sheet of ss.sheets) {
      sheet.rows.forEach((line, r) => {
        line.forEach((cell, c) => {
          if (cell?.formula === undefined) return;
          const here = { row: r + 1, col: c + 1, numRows: 1, numCols: 1 };
          let stale = firstTouch(this.#changed, sheet.id, here);
          let reads = 0;
          for (const ref of referencesOf(cell.formula, named)) {
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
            const bounded = {
              ...rect,
              numRows: Math.min(rect.numRows, target.maxRows),
              numCols: Math.min(rect.numCols, target.maxColumns),
            };
            stale = Math.min(stale, firstTouch(this.#changed, target.id, bounded));
          }
          if (stale === Number.POSITIVE_INFINITY) return;
          out.cells += 1;
          out.scanned += reads;
          if (readAfter(this.#reads, sheet.id, here, stale)) {
            out.awaitedCells += 1;
            out.awaitedScanned += reads;
          } else {
            const later = out.later.get(sheet.id);
            if (later) {
              later.cells += 1;
              later.scanned += reads;
              later.rect = union(later.rect, here);
            } else {
              out.later.set(sheet.id, { cells: 1, scanned: reads, rect: here });
            }
          }
        });
      });
    }
    return out;
  }

  finish(serviceCalls: number, sleptMs: number, model: CostModel): ExecutionCost {
    const ss = this.ss;
    const recalc = this.#recalculation(ss);
    const recalcMs = (cells: number, scanned: number) =>
      cells * model.formulaCellMs + scanned * model.formulaRangeCellMs;
    for (const [sheetId, later] of recalc.later) {
      const ms = recalcMs(later.cells, later.scanned);
      const pending = ss.pendingRecalc.get(sheetId);
      ss.pendingRecalc.set(
        sheetId,
        pending ? { ms: pending.ms + ms, rect: union(pending.rect, later.rect) } : { ms, rect: later.rect },
      );
    }
    const modelledMs =
      serviceCalls * model.callMs +
      this.cellsRead * model.cellReadMs +
      this.cellsWritten * model.cellWrittenMs +
      this.structuralEdits * model.structuralEditMs +
      this.flushes * model.flushMs +
      recalcMs(recalc.awaitedCells, recalc.awaitedScanned) +
      this.waitedForEarlierMs +
      sleptMs;
    return {
      serviceCalls,
      cellsRead: this.cellsRead,
      cellsWritten: this.cellsWritten,
      cellsWrittenBySheet: Object.fromEntries(
        [...this.#writtenBySheet].map(([id, cells]) => [ss.sheetById(id)?.name ?? `#${id}`, cells]),
      ),
      structuralEdits: this.structuralEdits,
      flushes: this.flushes,
      formulaCellsRecalculated: recalc.cells,
      formulaRangeCellsScanned: recalc.scanned,
      formulaCellsAwaited: recalc.awaitedCells,
      recalcMs: Math.round(recalcMs(recalc.cells, recalc.scanned)),
      waitedForEarlierRecalcMs: Math.round(this.waitedForEarlierMs),
      sleptMs,
      modelledMs: Math.round(modelledMs),
    };
  }
}
