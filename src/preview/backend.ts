/**
 * The preview's server side: dist/Code.js run by the Apps Script emulator (test/gas) against one
 * spreadsheet kept for the life of the process.
 */
import { SpreadsheetState } from '../../test/gas/spreadsheet-state';
import { wallTimeAt } from '../../test/gas/timezone';
import { isDate } from '../../test/gas/values';
import type { SheetsSnapshot } from './sheets-page';

export interface PreviewBackend {
  /** Server functions the client may call (the allowlisted top-level functions of dist/Code.js). */
  readonly functions: readonly string[];
  run(fn: string, args: unknown[]): Promise<unknown>;
  /** Every tab as getValues would return it, dates as `YYYY-MM-DD`. */
  sheets(): SheetsSnapshot;
  reset(): Promise<void>;
}

export async function createBackend(distDir: string): Promise<PreviewBackend> {
  void distDir;
  let spreadsheet = new SpreadsheetState({ name: '미리 보기 (preview)' });
  return {
    functions: [],
    async run(fn) {
      throw new Error(`emulator not wired yet: ${fn}`);
    },
    sheets: () => snapshot(spreadsheet),
    async reset() {
      spreadsheet = new SpreadsheetState({ name: '미리 보기 (preview)' });
    },
  };
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

export function snapshot(spreadsheet: SpreadsheetState): SheetsSnapshot {
  const out: SheetsSnapshot = {};
  for (const sheet of spreadsheet.sheets) {
    out[sheet.name] = spreadsheet.sheetValues(sheet.name).map((row) =>
      row.map((value) => {
        if (!isDate(value)) return value;
        // A date cell is a calendar day in the spreadsheet's time zone, not an instant.
        const w = wallTimeAt(value.getTime(), spreadsheet.timeZone);
        return `${w.year}-${pad(w.month)}-${pad(w.day)}`;
      }),
    );
  }
  return out;
}
