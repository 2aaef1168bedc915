/**
 * Test helpers for the month-close tabs: an import through the real .xlsx adapter (merge, then the
 * refresh every import ends with), a user typing into the saved file, and the tabs read back as
 * objects keyed by header label.
 */
import * as XLSX from '@e965/xlsx';
import { XlsxWorkbookPort } from '../../src/cli/workbook/xlsx-port';
import { ensureManagedTabs, importedKeys, mergeStep } from '../../src/core/merge/engine';
import type { IncomingRecords } from '../../src/core/merge/plan';
import type { Lang } from '../../src/core/model/rpc';
import type { TabDef } from '../../src/core/model/tabs';
import { digestedSources } from '../../src/core/summary/digest';
import { type RefreshResult, refreshSummaries } from '../../src/core/summary/refresh';
import { readSources } from '../../src/core/summary/sources';
import type { CellValue, EvaluatedBook } from '../engines';

/** What `cjet import` does with records: merge into the workbook, refresh the summary tabs, save. */
export async function importRecords(
  bytes: Uint8Array | null,
  records: IncomingRecords,
  lang: Lang = 'ko',
  months: readonly string[] = [],
): Promise<{ bytes: Uint8Array; refresh: RefreshResult }> {
  const port = bytes ? await XlsxWorkbookPort.load(bytes, lang) : XlsxWorkbookPort.create(lang);
  ensureManagedTabs(port);
  const importId = `test-${Math.random().toString(16).slice(2, 8)}`;
  mergeStep(port, {
    importId,
    incoming: records,
    completeImport: importedKeys(records),
    dryRun: false,
  });
  // As cjet import: the summaries computed from the tabs' rows added up by group (digest.ts).
  const refresh = refreshSummaries(port, { sources: digestedSources(readSources(port)), importId, months });
  return { bytes: await port.save(), refresh };
}

export function readBook(bytes: Uint8Array): XLSX.WorkBook {
  return XLSX.read(bytes, { type: 'array', dense: true, cellFormula: true, cellNF: true });
}

export function writeBook(book: XLSX.WorkBook): Uint8Array {
  return new Uint8Array(XLSX.write(book, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
}

export type Grid = (XLSX.CellObject | undefined)[][];

export function gridOf(book: XLSX.WorkBook, sheet: string): Grid {
  const ws = book.Sheets[sheet];
  if (!ws) throw new Error(`no sheet ${sheet}`);
  return ws['!data'] as Grid;
}

export function columnOf(tab: TabDef, key: string): number {
  const i = tab.columns.findIndex((c) => c.key === key);
  if (i < 0) throw new Error(`${tab.id} has no ${key}`);
  return i;
}

/** Sets a cell as a user would type it, growing the sheet's range. */
export function typeCell(
  book: XLSX.WorkBook,
  sheet: string,
  row: number,
  col: number,
  cell: XLSX.CellObject,
): void {
  const grid = gridOf(book, sheet);
  grid[row] ??= [];
  grid[row]![col] = cell;
  const ws = book.Sheets[sheet]!;
  const range = XLSX.utils.decode_range(ws['!ref'] ?? 'A1');
  range.e.r = Math.max(range.e.r, row);
  range.e.c = Math.max(range.e.c, col);
  ws['!ref'] = XLSX.utils.encode_range(range);
}

/** Deletes the data rows a user would (whole rows; the sheet's range shrinks with them). */
export function deleteRowsWhere(
  book: XLSX.WorkBook,
  sheet: string,
  remove: (row: (XLSX.CellObject | undefined)[]) => boolean,
): void {
  const grid = gridOf(book, sheet);
  const kept: Grid = [];
  for (let r = 0; r < grid.length; r++) {
    const row = grid[r] ?? [];
    if (r === 0 || !remove(row)) kept.push(row);
  }
  grid.length = 0;
  grid.push(...kept);
  const ws = book.Sheets[sheet]!;
  const range = XLSX.utils.decode_range(ws['!ref'] ?? 'A1');
  range.e.r = Math.max(0, kept.length - 1);
  ws['!ref'] = XLSX.utils.encode_range(range);
}

/** The first sheet row (0-based) whose cells match, or -1. */
export function findRow(grid: Grid, match: Record<number, unknown>): number {
  return grid.findIndex(
    (row, r) => r > 0 && Object.entries(match).every(([c, v]) => (row?.[Number(c)]?.v ?? null) === v),
  );
}

/** Evaluated rows of a sheet as objects keyed by header (row 1). */
export function recordsOf(values: EvaluatedBook, sheet: string): Record<string, CellValue>[] {
  const rows = values[sheet];
  if (!rows) throw new Error(`no sheet ${sheet}`);
  const header = (rows[0] ?? []).map((h) => String(h ?? ''));
  return rows.slice(1).map((row) => Object.fromEntries(header.map((h, c) => [h, row[c] ?? null])));
}
