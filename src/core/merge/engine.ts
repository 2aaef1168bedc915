/**
 * The merge engine: reads the tabs through a WorkbookPort, plans (plan.ts), and applies the plan
 * through the same port. Shared by the Apps Script server and the `cjet import` command line, so
 * both hosts merge with identical semantics.
 *
 * Order of writes per tab, chosen so that data indexes stay valid and the number of port calls
 * grows with the number of steps, not with the number of rows:
 *   1. updates, coalesced into a few contiguous blocks (rows between two updated rows are rewritten
 *      with their own current managed cells, so scattered updates never cost one call per row);
 *   2. removals (the adapter deletes contiguous runs bottom-up);
 *   3. inserts, appended under the last row in one call.
 */
import { severityLabel } from '../messages';
import type { FileSummary, Problem } from '../model/records';
import type { DataTabId, Lang, Removals } from '../model/rpc';
import { ALL_TABS, PROBLEMS_TAB, SETTINGS_TAB, type TabDef } from '../model/tabs';
import type { Cell } from './cells';
import { parseRules } from './commission';
import {
  DATA_TAB_DEFS,
  DATA_TAB_IDS,
  type ImportedKey,
  type IncomingRecords,
  type MergePlan,
  planMerge,
} from './plan';
import type { TableSnapshot, WorkbookPort } from './port';

/** Two updated rows at most this far apart are written as one block (gap rows rewritten as they are). */
const MAX_GAP_ROWS = 200;
/** Beyond this many blocks, one block from the first to the last updated row. */
const MAX_BLOCKS = 8;

export interface MergeStepOptions {
  importId: string;
  incoming: IncomingRecords;
  completeImport: readonly ImportedKey[] | null;
  dryRun: boolean;
  /** The seller confirmed that rows of the book may be removed (a corrected download, v1 rows a
   *  settlement report supersedes). Without it a plan that removes rows is not applied at all:
   *  `refusedRemovals` says what it would have removed. Default false. */
  allowRemovals?: boolean;
  /** The import's files, with completeImport: a file with rejected lines guards its period. */
  files?: readonly FileSummary[];
}

export interface MergeStepResult {
  plan: MergePlan;
  existingRows: Record<DataTabId, number>;
  /** The tabs as read before the plan (the month-close refresh derives the final rows from them). */
  existing: Record<DataTabId, TableSnapshot>;
  /** Set when the plan removes rows and allowRemovals was not given: nothing was written. */
  refusedRemovals: Removals | null;
}

/** Does the plan remove any row of the book? */
export function removesRows(plan: MergePlan): boolean {
  return DATA_TAB_IDS.some((id) => plan.tabs[id].removals.length > 0);
}

const EMPTY_TABLE: TableSnapshot = { header: [], rows: [] };

/** Creates every managed tab that is missing. Returns the tabs whose header no longer matches. */
export function ensureManagedTabs(port: WorkbookPort): TabDef[] {
  const mismatched: TabDef[] = [];
  for (const tab of ALL_TABS) if (!port.ensureTab(tab)) mismatched.push(tab);
  return mismatched;
}

export function readExisting(port: WorkbookPort): Record<DataTabId, TableSnapshot> {
  const existing = {} as Record<DataTabId, TableSnapshot>;
  for (const id of DATA_TAB_IDS) {
    const tab = DATA_TAB_DEFS[id];
    existing[id] = port.hasTab(tab) ? port.read(tab) : EMPTY_TABLE;
  }
  return existing;
}

export function mergeStep(port: WorkbookPort, options: MergeStepOptions): MergeStepResult {
  const existing = readExisting(port);
  const rules = port.hasTab(SETTINGS_TAB) ? parseRules(port.read(SETTINGS_TAB).rows) : [];
  const plan = planMerge({
    importId: options.importId,
    lang: port.lang,
    existing,
    incoming: options.incoming,
    rules,
    maxCellChars: port.maxCellChars,
    completeImport: options.completeImport,
    files: options.files,
  });
  const refusedRemovals = removesRows(plan) && options.allowRemovals !== true ? plan.removals : null;
  if (!options.dryRun && refusedRemovals === null) applyPlan(port, plan, existing, options.importId);
  const existingRows = {} as Record<DataTabId, number>;
  for (const id of DATA_TAB_IDS) existingRows[id] = existing[id].rows.length;
  return { plan, existingRows, existing, refusedRemovals };
}

export function applyPlan(
  port: WorkbookPort,
  plan: MergePlan,
  existing: Record<DataTabId, TableSnapshot>,
  importId: string,
): void {
  for (const id of DATA_TAB_IDS) {
    const tabPlan = plan.tabs[id];
    const tab = tabPlan.tab;
    if (tabPlan.updates.size === 0 && tabPlan.removals.length === 0 && tabPlan.inserts.length === 0) continue;
    port.ensureTab(tab);
    // The Fees formulas read the settings tab's named ranges: it must exist before they do.
    if (id === 'fees') port.ensureTab(SETTINGS_TAB);
    for (const block of updateBlocks(tabPlan.updates, existing[id].rows, tab.columns.length)) {
      port.writeRows(tab, block.first, block.rows);
    }
    if (tabPlan.removals.length > 0) port.deleteRows(tab, tabPlan.removals);
    if (tabPlan.inserts.length > 0) port.appendRows(tab, tabPlan.inserts);
  }
  if (plan.problems.length > 0) {
    port.ensureTab(PROBLEMS_TAB);
    port.appendRows(PROBLEMS_TAB, problemRows(importId, plan.problems, port.lang));
  }
}

export interface UpdateBlock {
  first: number;
  rows: Cell[][];
}

export function updateBlocks(
  updates: ReadonlyMap<number, Cell[]>,
  current: readonly Cell[][],
  width: number,
): UpdateBlock[] {
  const indexes = [...updates.keys()].sort((a, b) => a - b);
  if (indexes.length === 0) return [];
  const spans: [number, number][] = [];
  for (const i of indexes) {
    const last = spans[spans.length - 1];
    if (last && i - last[1] <= MAX_GAP_ROWS) last[1] = i;
    else spans.push([i, i]);
  }
  const merged =
    spans.length > MAX_BLOCKS
      ? [[indexes[0] ?? 0, indexes[indexes.length - 1] ?? 0] as [number, number]]
      : spans;
  return merged.map(([first, last]) => {
    const rows: Cell[][] = [];
    for (let i = first; i <= last; i++) {
      const row = updates.get(i) ?? (current[i] ?? []).slice(0, width);
      while (row.length < width) row.push(null);
      rows.push(row);
    }
    return { first, rows };
  });
}

/** Import problems rows; the severity column says 오류 (nothing written for that row or file) or
 *  알림 (a note), in the tab's language (normalized-tabs.md). */
export function problemRows(importId: string, problems: readonly Problem[], lang: Lang): Cell[][] {
  return problems.map((p) => [
    importId,
    p.file,
    p.sheet,
    p.row,
    p.column,
    p.value ?? null,
    p.code,
    severityLabel(p.severity, lang),
    p.message,
  ]);
}

/** Keys (with their scope) of records, for the complete-import step. */
export function importedKeys(incoming: IncomingRecords): ImportedKey[] {
  const keys: ImportedKey[] = [];
  for (const r of incoming.orders)
    keys.push({ tab: 'orders', key: r.line_key, source_report: r.source_report, period_end: r.period_end });
  for (const r of incoming.fees)
    keys.push({ tab: 'fees', key: r.line_key, source_report: r.source_report, period_end: r.period_end });
  for (const r of incoming.fulfillment)
    keys.push({
      tab: 'fulfillment',
      key: r.line_key,
      source_report: r.source_report,
      period_end: r.period_end,
    });
  return keys;
}
