/**
 * The merge engine: reads the tabs through a WorkbookPort (a little at a time: view.ts), plans
 * (plan.ts), and applies the plan through the same port. Shared by the Apps Script server and the
 * `cjet import` command line, so both hosts merge with identical semantics.
 *
 * Order of writes per tab, chosen so that data indexes stay valid and the number of port calls
 * grows with the number of steps, not with the number of rows:
 *   1. updates, one write per run of contiguous updated rows (a row between two updated rows is never
 *      rewritten: that would mean reading it first), then single derived cells (shipping);
 *   2. removals (the adapter decides how: Sheets compacts, so scattered rows cost no deleteRows each);
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
import type { WorkbookPort } from './port';
import { type CompleteImport, completeImportOf } from './replace';
import { TableView } from './view';

export interface MergeStepOptions {
  importId: string;
  incoming: IncomingRecords;
  /** What the whole import holds (every key, or the add-on's CompleteImport), or null while more
   *  chunks are coming. */
  completeImport: readonly ImportedKey[] | CompleteImport | null;
  dryRun: boolean;
  /** The seller confirmed that rows of the book may be removed (a corrected download, v1 rows a
   *  settlement report supersedes). Without it a plan that removes rows is not applied at all:
   *  `refusedRemovals` says what it would have removed. Default false. */
  allowRemovals?: boolean;
  /** The import's files, with completeImport: a file with rejected lines guards its period. */
  files?: readonly FileSummary[];
  /** The tabs as already opened by the caller (it read some columns before planning). */
  tables?: Record<DataTabId, TableView>;
  /** See PlanInput.countAllFees. */
  countAllFees?: boolean;
}

export interface MergeStepResult {
  plan: MergePlan;
  existingRows: Record<DataTabId, number>;
  /** Set when the plan removes rows and allowRemovals was not given: nothing was written. */
  refusedRemovals: Removals | null;
  /** False when the port stopped removing rows before all were gone (its time budget): the caller
   *  runs the same step again, which finds what is left by key. */
  complete: boolean;
}

/** Does the plan remove any row of the book? */
export function removesRows(plan: MergePlan): boolean {
  return DATA_TAB_IDS.some((id) => plan.tabs[id].removals.length > 0);
}

/** Creates every managed tab that is missing. Returns the tabs whose header no longer matches. */
export function ensureManagedTabs(port: WorkbookPort): TabDef[] {
  const mismatched: TabDef[] = [];
  for (const tab of ALL_TABS) if (!port.ensureTab(tab)) mismatched.push(tab);
  return mismatched;
}

/** The three data tabs as views (nothing is read until a step asks). */
export function openTables(port: WorkbookPort): Record<DataTabId, TableView> {
  const tables = {} as Record<DataTabId, TableView>;
  for (const id of DATA_TAB_IDS) {
    const tab = DATA_TAB_DEFS[id];
    tables[id] = new TableView(port, tab, port.hasTab(tab));
  }
  return tables;
}

export function mergeStep(port: WorkbookPort, options: MergeStepOptions): MergeStepResult {
  const existing = options.tables ?? openTables(port);
  const rules = port.hasTab(SETTINGS_TAB) ? parseRules(port.read(SETTINGS_TAB).rows) : [];
  const plan = planMerge({
    importId: options.importId,
    lang: port.lang,
    existing,
    incoming: options.incoming,
    rules,
    maxCellChars: port.maxCellChars,
    completeImport: Array.isArray(options.completeImport)
      ? completeImportOf(options.completeImport)
      : (options.completeImport as CompleteImport | null),
    files: options.files,
    countAllFees: options.countAllFees,
  });
  const refusedRemovals = removesRows(plan) && options.allowRemovals !== true ? plan.removals : null;
  let complete = true;
  if (!options.dryRun && refusedRemovals === null) complete = applyPlan(port, plan, options.importId);
  const existingRows = {} as Record<DataTabId, number>;
  for (const id of DATA_TAB_IDS) existingRows[id] = existing[id].size;
  return { plan, existingRows, refusedRemovals, complete };
}

/** Writes the plan; false when some removals are left for the next run of the step. */
export function applyPlan(port: WorkbookPort, plan: MergePlan, importId: string): boolean {
  let complete = true;
  for (const id of DATA_TAB_IDS) {
    const tabPlan = plan.tabs[id];
    const tab = tabPlan.tab;
    if (
      tabPlan.updates.size === 0 &&
      tabPlan.cellUpdates.size === 0 &&
      tabPlan.removals.length === 0 &&
      tabPlan.inserts.length === 0
    )
      continue;
    port.ensureTab(tab);
    // The Fees formulas read the settings tab's named ranges: it must exist before they do.
    if (id === 'fees') port.ensureTab(SETTINGS_TAB);
    for (const block of updateBlocks(tabPlan.updates)) port.writeRows(tab, block.first, block.rows);
    for (const run of cellRuns(tabPlan.cellUpdates)) port.writeColumn(tab, run.column, run.first, run.values);
    if (tabPlan.removals.length > 0 && !port.deleteRows(tab, tabPlan.removals)) complete = false;
    if (tabPlan.inserts.length > 0) port.appendRows(tab, tabPlan.inserts);
  }
  if (plan.problems.length > 0) {
    port.ensureTab(PROBLEMS_TAB);
    port.appendRows(PROBLEMS_TAB, problemRows(importId, plan.problems, port.lang));
  }
  return complete;
}

export interface UpdateBlock {
  first: number;
  rows: Cell[][];
}

/** Updated rows as runs of contiguous rows (each one write). */
export function updateBlocks(updates: ReadonlyMap<number, Cell[]>): UpdateBlock[] {
  const indexes = [...updates.keys()].sort((a, b) => a - b);
  const blocks: UpdateBlock[] = [];
  for (const i of indexes) {
    const last = blocks[blocks.length - 1];
    const row = updates.get(i) ?? [];
    if (last && last.first + last.rows.length === i) last.rows.push(row);
    else blocks.push({ first: i, rows: [row] });
  }
  return blocks;
}

export interface CellRun {
  /** Column index in the tab. */
  column: number;
  first: number;
  values: Cell[];
}

/** Single-cell updates as runs of contiguous rows per column (each one write). */
export function cellRuns(cells: ReadonlyMap<number, ReadonlyMap<number, Cell>>): CellRun[] {
  const byColumn = new Map<number, [number, Cell][]>();
  for (const [i, row] of cells) {
    for (const [column, value] of row) {
      const list = byColumn.get(column) ?? [];
      list.push([i, value]);
      byColumn.set(column, list);
    }
  }
  const runs: CellRun[] = [];
  for (const [column, list] of byColumn) {
    list.sort((a, b) => a[0] - b[0]);
    let run: CellRun | null = null;
    for (const [i, value] of list) {
      if (run && run.first + run.values.length === i) run.values.push(value);
      else {
        run = { column, first: i, values: [value] };
        runs.push(run);
      }
    }
  }
  return runs;
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
