/**
 * A workbook held in memory, behind the same port as the .xlsx and Sheets adapters: `cjet export`
 * of downloads merges them with the importer's own engine (supersede v1, corrected periods, shipping
 * attribution, the Import log) into a book that is never saved, then reads it like any workbook.
 */
import type { Cell } from '../../core/merge/cells';
import {
  type ColumnsRead,
  type RowSlice,
  SnapshotReads,
  type TableSnapshot,
  type WorkbookPort,
} from '../../core/merge/port';
import type { Lang } from '../../core/model/rpc';
import { headerRow, type TabDef, type TabId, writeSegments } from '../../core/model/tabs';

interface Table {
  header: Cell[];
  rows: Cell[][];
}

export class MemoryWorkbookPort implements WorkbookPort {
  /** The add-on's limit: an export from downloads holds what the add-on's workbook would. */
  readonly maxCellChars = 50_000;
  private readonly tables = new Map<TabId, Table>();
  /** Named ranges set through the port (name → tab, column, rows). */
  readonly names = new Map<string, { tab: TabId; columnKey: string; firstRow: number; lastRow: number }>();

  private readonly reads = new SnapshotReads((tab) => this.read(tab));

  constructor(readonly lang: Lang = 'ko') {}

  private table(tab: TabDef): Table {
    const table = this.tables.get(tab.id);
    if (!table) throw new Error(`tab ${tab.id} does not exist`);
    return table;
  }

  ensureTab(tab: TabDef): boolean {
    if (!this.tables.has(tab.id)) this.tables.set(tab.id, { header: headerRow(tab, this.lang), rows: [] });
    return true;
  }

  hasTab(tab: TabDef): boolean {
    return this.tables.has(tab.id);
  }

  tabName(tab: TabDef): string {
    return this.lang === 'en' ? tab.en : tab.ko;
  }

  read(tab: TabDef): TableSnapshot {
    const table = this.table(tab);
    return { header: [...table.header], rows: table.rows.map((row) => [...row]) };
  }

  readColumns(tab: TabDef, keys: readonly string[], rows?: RowSlice): ColumnsRead {
    return this.reads.columns(tab, keys, rows);
  }

  readRows(
    tab: TabDef,
    indexes: readonly number[],
    keys: readonly string[],
    rightOfTable: boolean,
  ): Cell[][] {
    return this.reads.rows(tab, indexes, keys, rightOfTable);
  }

  writeColumn(tab: TabDef, column: number, firstIndex: number, values: readonly Cell[]): void {
    const rows = this.table(tab).rows;
    this.reads.invalidate(tab);
    values.forEach((value, i) => {
      const target = rows[firstIndex + i];
      if (!target) throw new Error(`${tab.id}: no data row ${firstIndex + i}`);
      target[column] = value;
    });
  }

  writeRows(tab: TabDef, firstIndex: number, rows: readonly Cell[][]): void {
    const table = this.table(tab);
    this.reads.invalidate(tab);
    const segments = writeSegments(tab);
    rows.forEach((values, i) => {
      const target = table.rows[firstIndex + i];
      if (!target) throw new Error(`${tab.id}: no data row ${firstIndex + i}`);
      for (const { first, width } of segments)
        for (let c = first; c < first + width; c++) target[c] = values[c] ?? null;
    });
  }

  deleteRows(tab: TabDef, indexes: readonly number[]): boolean {
    const rows = this.table(tab).rows;
    this.reads.invalidate(tab);
    for (let k = indexes.length - 1; k >= 0; k--) rows.splice(indexes[k] ?? 0, 1);
    return true;
  }

  setNamedRange(name: string, tab: TabDef, columnKey: string, firstRow: number, lastRow: number): void {
    this.table(tab);
    this.names.set(name, { tab: tab.id, columnKey, firstRow, lastRow });
  }

  appendRows(tab: TabDef, rows: readonly Cell[][]): void {
    const table = this.table(tab);
    this.reads.invalidate(tab);
    const segments = writeSegments(tab);
    for (const values of rows) {
      const row: Cell[] = tab.columns.map(() => null);
      for (const { first, width } of segments)
        for (let c = first; c < first + width; c++) row[c] = values[c] ?? null;
      table.rows.push(row);
    }
  }
}
