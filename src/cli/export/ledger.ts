/**
 * A ledger: the managed tabs of one input as rows of canonical cells, read through the workbook port
 * (a cjet workbook, or the in-memory book the downloads were merged into). Columns are addressed by
 * key, so a workbook of an older schema version (a prefix of the columns) reads the same way.
 */
import { createHash } from 'node:crypto';
import type { Cell } from '../../core/merge/cells';
import { ensureManagedTabs, importedKeys, mergeStep } from '../../core/merge/engine';
import type { WorkbookPort } from '../../core/merge/port';
import { chunkResponse, logRows } from '../../core/merge/summary';
import type { NormalizeResult } from '../../core/model/records';
import { LOG_TAB, matchHeader, type TabDef, type TabId } from '../../core/model/tabs';
import { MemoryWorkbookPort } from './memoryPort';
import { type ExportProblem, headerMismatch } from './messages';
import type { TabSet } from './tables';

export interface LedgerRow {
  cells: readonly Cell[];
  /** 1-based sheet row (for messages). */
  row: number;
}

export interface LedgerTab {
  tab: TabDef;
  /** How many of `tab.columns` the sheet has (fewer for an older schema version). */
  present: number;
  rows: LedgerRow[];
}

export interface Ledger {
  /** Workbook path, or a name for the downloads of the run. */
  source: string;
  /** A workbook carries what the user typed (overrides, rules, costs, holidays); merged downloads do not. */
  kind: 'book' | 'downloads';
  tabs: Partial<Record<TabId, LedgerTab>>;
}

/** A cell by column key (null where the sheet does not have the column). */
export function cellOf(tab: LedgerTab, row: LedgerRow, key: string): Cell {
  const index = tab.tab.columns.findIndex((c) => c.key === key);
  if (index < 0 || index >= tab.present) return null;
  return row.cells[index] ?? null;
}

export function hasColumn(tab: LedgerTab, key: string): boolean {
  const index = tab.tab.columns.findIndex((c) => c.key === key);
  return index >= 0 && index < tab.present;
}

export function readLedger(
  port: WorkbookPort,
  source: string,
  kind: Ledger['kind'],
  tabs: TabSet,
  problems: ExportProblem[],
): Ledger {
  const ledger: Ledger = { source, kind, tabs: {} };
  const wanted = [tabs.orders, tabs.fees, tabs.fulfillment, tabs.log];
  // What the user typed lives in a workbook only: rules, unit costs, the holiday list.
  if (kind === 'book') wanted.push(tabs.settings);
  if (kind === 'book' && tabs.costs) wanted.push(tabs.costs);
  if (kind === 'book' && tabs.holidays) wanted.push(tabs.holidays);
  for (const tab of wanted) {
    if (!port.hasTab(tab)) continue;
    const snapshot = port.read(tab);
    const match = matchHeader(tab, snapshot.header, port.lang);
    if (match.status === 'mismatch') {
      problems.push(headerMismatch({ source, tab: port.tabName(tab), row: 1 }));
      continue;
    }
    const present = match.status === 'current' ? tab.columns.length : match.present;
    ledger.tabs[tab.id] = {
      tab,
      present,
      rows: snapshot.rows.map((cells, i) => ({ cells: cells.slice(0, present), row: i + 2 })),
    };
  }
  return ledger;
}

/** The same import id for the same downloads, so that loading their export twice keeps one log. */
export function downloadsImportId(normalized: NormalizeResult): string {
  const hashes = normalized.files.map((f) => f.sha256 || f.file).sort();
  const digest = createHash('sha256').update(hashes.join('\n')).digest('hex');
  return `export-${digest.slice(0, 16)}`;
}

/**
 * Downloads → the workbook an import of them into an empty book would produce (same engine as
 * `cjet import` and the add-on), held in memory. One merge step, as `cjet import`, so a corrected
 * download among them replaces its period and v1 rows covered by v2 are not written.
 */
export function mergeDownloads(
  normalized: NormalizeResult,
  options: { importId: string; nowMs: number; user: string },
): MemoryWorkbookPort {
  const { importId } = options;
  const port = new MemoryWorkbookPort('ko');
  ensureManagedTabs(port);
  const incoming = {
    orders: normalized.orders.map((r) => ({ ...r, import_id: importId })),
    fees: normalized.fees.map((r) => ({ ...r, import_id: importId })),
    fulfillment: normalized.fulfillment.map((r) => ({ ...r, import_id: importId })),
  };
  const { plan } = mergeStep(port, {
    importId,
    incoming,
    completeImport: importedKeys(incoming),
    dryRun: false,
  });
  const chunk = chunkResponse(importId, 0, plan);
  port.appendRows(
    LOG_TAB,
    logRows({
      importId,
      user: options.user,
      nowMs: options.nowMs,
      files: normalized.files,
      chunks: [chunk],
      finishPlan: plan,
    }),
  );
  return port;
}
