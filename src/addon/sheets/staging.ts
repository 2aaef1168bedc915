/**
 * The keys an import has sent so far, kept between server calls in a hidden sheet (Apps Script keeps
 * nothing in memory between executions; properties hold 9 KB per value). One setValues per chunk;
 * read and removed at finish, where they decide which rows of a replaced settlement period are gone
 * from the corrected download. Rows of other imports in flight are left alone.
 */
import type { ImportedKey } from '../../core/merge/plan';
import type { DataTabId } from '../../core/model/rpc';
import { METADATA_KEY, type SheetsWorkbookPort } from './sheets-port';

const STAGING_NAME = '_cjet_staging';
const WIDTH = 5; // import_id, tab, line_key, source_report, period_end

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

function stagingSheet(port: SheetsWorkbookPort, create: boolean): Sheet | null {
  const existing = port.sheetFor('staging', [STAGING_NAME]);
  if (existing || !create) return existing;
  // Through the port, which keeps the user on the sheet they had open.
  const sheet = port.insertSheet(STAGING_NAME);
  sheet.addDeveloperMetadata(METADATA_KEY, 'staging');
  // Only WIDTH columns: every cell of the grid counts against the 10,000,000-cell limit.
  if (sheet.getMaxColumns() > WIDTH) sheet.deleteColumns(WIDTH + 1, sheet.getMaxColumns() - WIDTH);
  sheet.hideSheet();
  return sheet;
}

/** Cells the staging rows of `count` keys take (for the 10,000,000-cell check). */
export function stagingCells(count: number): number {
  return count * WIDTH;
}

export function stageKeys(port: SheetsWorkbookPort, importId: string, keys: readonly ImportedKey[]): void {
  if (keys.length === 0) return;
  const sheet = stagingSheet(port, true);
  if (!sheet) return;
  const first = sheet.getLastRow() + 1;
  const needed = first + keys.length - 1;
  const maxRows = sheet.getMaxRows();
  if (needed > maxRows) sheet.insertRowsAfter(maxRows, needed - maxRows);
  const range = sheet.getRange(first, 1, keys.length, WIDTH);
  range.setNumberFormat('@');
  range.setValues(keys.map((k) => [importId, k.tab, k.key, k.source_report, k.period_end ?? '']));
}

/** This import's keys, and how to delete their rows once finish no longer needs them (a refused
 *  finish keeps them, so that the same import can be finished after the seller confirmed). */
export function stagedKeys(
  port: SheetsWorkbookPort,
  importId: string,
): { keys: ImportedKey[]; drop: () => void } {
  const sheet = stagingSheet(port, false);
  if (!sheet) return { keys: [], drop: () => {} };
  const lastRow = sheet.getLastRow();
  if (lastRow < 1) return { keys: [], drop: () => {} };
  const values = sheet.getRange(1, 1, lastRow, WIDTH).getValues();
  const keys: ImportedKey[] = [];
  const mine: number[] = [];
  values.forEach((row, i) => {
    if (String(row[0]) !== importId) return;
    mine.push(i + 1);
    keys.push({
      tab: String(row[1]) as DataTabId,
      key: String(row[2]),
      source_report: String(row[3]),
      period_end: row[4] === '' ? null : String(row[4]),
    });
  });
  const drop = () => {
    if (mine.length === 0) return;
    if (mine.length === lastRow && lastRow < sheet.getMaxRows()) {
      sheet.deleteRows(1, lastRow);
      return;
    }
    // Contiguous runs bottom-up (one import's chunks are normally one run).
    for (let k = mine.length - 1; k >= 0; ) {
      let start = mine[k] ?? 0;
      let count = 1;
      while (k - count >= 0 && mine[k - count] === start - 1) {
        start--;
        count++;
      }
      if (start + count - 1 === sheet.getMaxRows() && start === 1)
        sheet.getRange(1, 1, count, WIDTH).clearContent();
      else sheet.deleteRows(start, count);
      k -= count;
    }
  };
  return { keys, drop };
}
