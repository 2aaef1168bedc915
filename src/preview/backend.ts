/**
 * The preview's server side: dist/Code.js run by the Apps Script emulator (gas-emulator) against one
 * spreadsheet kept for the life of the process.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import {
  clearBundleCache,
  createEnv,
  type GasEnv,
  isDate,
  loadBundle,
  ScriptRunBridge,
  type SpreadsheetState,
  topLevelFunctions,
  wallTimeAt,
} from '../../gas-emulator';
import { fillComputedFormulas } from './formulas';
import type { SheetsSnapshot } from './sheets-page';
import { fillSummaryFormulas } from './summary-formulas';

export interface PreviewBackend {
  /** Server functions the client may call (the public top-level functions of dist/Code.js). */
  readonly functions: readonly string[];
  run(fn: string, args: unknown[]): Promise<unknown>;
  /** Every tab as Sheets would show it (formulas computed), dates as `YYYY-MM-DD`. */
  sheets(): SheetsSnapshot;
  /** The user clicks a cell (A1) of a tab: it becomes the selection "이 숫자 설명" explains. */
  select(sheet: string, a1: string): void;
  /** The active tab and its selection (what the sidebar's row links select). */
  selection(): { sheet: string; row: number; column: number; rows: number; columns: number };
  reset(): Promise<void>;
}

export async function createBackend(distDir: string): Promise<PreviewBackend> {
  const bundlePath = path.resolve(distDir, 'Code.js');
  const newEnv = (): GasEnv =>
    createEnv({ bundlePath, spreadsheet: { name: '미리 보기 (preview)', timeZone: 'Asia/Seoul' } });
  let env = newEnv();
  // google.script.run's limits (payload cap, 10 calls in flight; an 11th waits) as Google applies them.
  let bridge = new ScriptRunBridge(env);
  let bundleStamp = stamp(bundlePath);
  // A rebuilt bundle (npm run build in another terminal) is picked up on the next call.
  const fresh = () => {
    const now = stamp(bundlePath);
    if (now !== bundleStamp) {
      clearBundleCache();
      bundleStamp = now;
    }
  };
  const functions = () =>
    [...topLevelFunctions(loadBundle(bundlePath))].filter((name) => !name.endsWith('_'));
  return {
    get functions() {
      fresh();
      return functions();
    },
    async run(fn, args) {
      fresh();
      // One google.script.run call = one execution with a fresh global scope; the spreadsheet,
      // properties and locks live in `env` for the whole life of the server.
      return (await bridge.call(fn, args)).result;
    },
    sheets: () => snapshot(env.spreadsheet),
    select: (sheet, a1) => env.spreadsheet.userSelect(sheet, a1),
    selection: () => {
      const { sheet, rect } = env.spreadsheet.activeSelection();
      return { sheet, row: rect.row, column: rect.col, rows: rect.numRows, columns: rect.numCols };
    },
    async reset() {
      env = newEnv();
      bridge = new ScriptRunBridge(env);
    },
  };
}

function stamp(file: string): string {
  const s = statSync(file);
  return `${s.size}:${s.mtimeMs}`;
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
  // Formula cells as Google Sheets would show them (the emulator stores formulas, never computes).
  fillComputedFormulas(out);
  fillSummaryFormulas(out);
  return out;
}
