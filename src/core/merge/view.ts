/**
 * A data tab as the merge sees it: read a little at a time through the WorkbookPort (port.ts "Read
 * discipline"). Each step of the plan asks for what it needs, in batches — columns of every row
 * (`need`), or some columns of the rows it will touch (`loadRows`) — and then reads cells with `get`.
 * Reading a cell that was never asked for is a programming error (it throws), so what a step costs is
 * visible in the step itself. A view is valid for one engine call: indexes are positions of the tab as
 * read, before the plan is applied.
 */
import { columnIndex, type TabDef } from '../model/tabs';
import type { Cell } from './cells';
import type { WorkbookPort } from './port';

interface LoadedRow {
  cells: Cell[];
  keys: Set<string>;
  rightOfTable: boolean;
}

export class TableView {
  private readonly columns = new Map<string, Cell[]>();
  private readonly rows = new Map<number, LoadedRow>();
  private headerCells: Cell[] | null = null;
  private rowCount: number | null;

  constructor(
    private readonly port: WorkbookPort,
    readonly tab: TabDef,
    exists: boolean,
  ) {
    this.rowCount = exists ? null : 0;
    if (!exists) this.headerCells = [];
  }

  /** Data rows of the tab (reads the key column the first time). */
  get size(): number {
    if (this.rowCount === null) this.need(['line_key']);
    return this.rowCount ?? 0;
  }

  /** Loads the columns not loaded yet, in one read. */
  need(keys: readonly string[]): void {
    if (this.rowCount === 0) {
      for (const key of keys) if (!this.columns.has(key)) this.columns.set(key, []);
      return;
    }
    const missing = [...new Set(keys)].filter((key) => !this.columns.has(key));
    if (missing.length === 0) return;
    const read = this.port.readColumns(this.tab, missing);
    this.headerCells ??= read.header;
    this.rowCount = read.size;
    missing.forEach((key, k) => {
      this.columns.set(key, read.columns[k] ?? []);
    });
  }

  column(key: string): readonly Cell[] {
    this.need([key]);
    return this.columns.get(key) ?? [];
  }

  hasColumn(key: string): boolean {
    return this.columns.has(key);
  }

  /** Loads `keys` (and with `rightOfTable` the user's cells right of the table) of data rows `indexes`,
   *  in one read for all of them; what is loaded already is not read again. */
  loadRows(indexes: Iterable<number>, keys: readonly string[], rightOfTable = false): void {
    const wanted = keys.filter((key) => !this.columns.has(key));
    const todo: number[] = [];
    for (const i of new Set(indexes)) {
      if (i < 0 || i >= this.size) continue;
      const row = this.rows.get(i);
      if (!row || (rightOfTable && !row.rightOfTable) || wanted.some((key) => !row.keys.has(key)))
        todo.push(i);
    }
    if (todo.length === 0) return;
    todo.sort((a, b) => a - b);
    // One read of the union: the rows already half-loaded are read again whole, which is simpler than
    // asking per row and costs little (it only happens when a later step needs more of a row).
    const union = new Set(wanted);
    for (const i of todo) for (const key of this.rows.get(i)?.keys ?? []) union.add(key);
    const want = [...union];
    const right = rightOfTable || todo.some((i) => this.rows.get(i)?.rightOfTable);
    const read = this.port.readRows(this.tab, todo, want, right);
    todo.forEach((i, k) => {
      this.rows.set(i, { cells: read[k] ?? [], keys: new Set(want), rightOfTable: right });
    });
  }

  /** A cell of a loaded column or loaded row. */
  get(i: number, key: string): Cell {
    const column = this.columns.get(key);
    if (column) return column[i] ?? null;
    const row = this.rows.get(i);
    if (row?.keys.has(key)) return row.cells[columnIndex(this.tab, key)] ?? null;
    throw new Error(`${this.tab.id}: ${key} of row ${i} was not read`);
  }

  /** A loaded row, full width: the loaded columns filled in, every other managed cell null, then the
   *  cells right of the table when they were loaded. */
  row(i: number): Cell[] {
    const loaded = this.rows.get(i);
    const row: Cell[] = loaded ? [...loaded.cells] : new Array<Cell>(this.tab.columns.length).fill(null);
    for (const [key, column] of this.columns) row[columnIndex(this.tab, key)] = column[i] ?? null;
    return row;
  }

  /** Row 1 as it is on the sheet. */
  header(): Cell[] {
    if (this.headerCells === null) this.need(['line_key']);
    return this.headerCells ?? [];
  }
}
