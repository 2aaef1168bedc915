/**
 * The normalized rows a summary is computed from, in canonical form (src/core/merge/cells.ts), with
 * the Fees formula columns holding their values (override › rule › collected, commission.ts), so
 * the TypeScript values do not depend on an engine having computed the sheet (the Apps Script
 * emulator computes no formula; a .xlsx read back holds cached values).
 *
 * Either read through the port, or — at the end of an import, where the merge engine has just read
 * every tab — the tables as the merge plan leaves them (`finalTables`), so the tabs are not read twice.
 */
import type { Cell } from '../merge/cells';
import { type CommissionRule, parseRules } from '../merge/commission';
import { fillCommissionCells, holdsCommissionCells, type MergePlan } from '../merge/plan';
import type { TableSnapshot, WorkbookPort } from '../merge/port';
import type { DataTabId } from '../model/rpc';
import { columnIndex, FEES_TAB, SETTINGS_TAB } from '../model/tabs';
import type { SourceId } from './define';
import type { Sources } from './evaluate';
import { SOURCE_TABS } from './formula';

/** The normalized tabs (the profit tab's cost helper, the fourth source, is computed: profit.ts). */
export type NormalizedId = Exclude<SourceId, 'cost_days'>;
const SOURCE_IDS: readonly NormalizedId[] = ['orders', 'fees', 'fulfillment'];

function isEmptyRow(row: readonly Cell[], width: number): boolean {
  for (let c = 0; c < width; c++) {
    const cell = row[c];
    if (cell !== null && cell !== undefined && cell !== '') return false;
  }
  return true;
}

/** Managed cells only, blank rows dropped, Fees commission values filled in. */
export function sourcesFrom(
  tables: Record<NormalizedId, readonly (readonly Cell[])[]>,
  rules: readonly CommissionRule[],
): Sources {
  return sourcesWithRows(tables, rules).sources;
}

/** sourcesFrom, and for each kept row its 1-based sheet row (data index + 2), for "explain". */
export function sourcesWithRows(
  tables: Record<NormalizedId, readonly (readonly Cell[])[]>,
  rules: readonly CommissionRule[],
): { sources: Sources; sheetRows: Record<SourceId, number[]> } {
  const out: Record<SourceId, Cell[][]> = { orders: [], fees: [], fulfillment: [], cost_days: [] };
  const sheetRows: Record<SourceId, number[]> = { orders: [], fees: [], fulfillment: [], cost_days: [] };
  const override = columnIndex(FEES_TAB, 'commission_override');
  for (const id of SOURCE_IDS) {
    const width = SOURCE_TABS[id].columns.length;
    out[id] = [];
    for (const [index, source] of tables[id].entries()) {
      if (isEmptyRow(source, width)) continue;
      sheetRows[id].push(index + 2);
      // Read-only use: a row of the table's width is taken as it is (a 200,000-row book's rows are
      // most of the memory); a Fees row whose commission cells are not what the core computes (a
      // rule changed, or Sheets, which holds no formula values here) is copied and filled in.
      const typed = id === 'fees' ? source[override] : null;
      const overrideValue = typeof typed === 'number' && Number.isFinite(typed) ? typed : null;
      if (source.length === width && (id !== 'fees' || holdsCommissionCells(source, overrideValue, rules))) {
        out[id].push(source as Cell[]);
        continue;
      }
      const row = source.slice(0, width);
      while (row.length < width) row.push(null);
      if (id === 'fees') fillCommissionCells(row, overrideValue, rules);
      out[id].push(row);
    }
  }
  return { sources: out, sheetRows };
}

export function readRules(port: WorkbookPort): CommissionRule[] {
  return port.hasTab(SETTINGS_TAB) ? parseRules(port.read(SETTINGS_TAB).rows) : [];
}

/** The normalized tabs as they stand in the workbook (a port holding it in memory: every column). */
export function readSources(port: WorkbookPort): Sources {
  return readSourcesWithRows(port).sources;
}

/** readSources, with each row's sheet row. */
export function readSourcesWithRows(port: WorkbookPort): {
  sources: Sources;
  sheetRows: Record<SourceId, number[]>;
} {
  const tables = readTables(port);
  return sourcesWithRows(
    { orders: tables.orders.rows, fees: tables.fees.rows, fulfillment: tables.fulfillment.rows },
    readRules(port),
  );
}

/** The three data tabs whole, as the plan of a merge will see them (for `finalTables`). */
export function readTables(port: WorkbookPort): Record<DataTabId, TableSnapshot> {
  const tables = {} as Record<DataTabId, TableSnapshot>;
  for (const id of SOURCE_IDS) {
    const tab = SOURCE_TABS[id];
    tables[id] = port.hasTab(tab) ? port.read(tab) : { header: [], rows: [] };
  }
  return tables;
}

/**
 * The data tabs after a merge plan is applied to `existing` (rows in no particular order, which a
 * summary does not need): removed rows gone, updated rows replaced (keeping the user's override,
 * which a plan never writes), inserted rows added.
 */
export function finalTables(
  existing: Record<DataTabId, TableSnapshot>,
  plan: MergePlan,
): Record<NormalizedId, Cell[][]> {
  const out = {} as Record<NormalizedId, Cell[][]>;
  for (const id of SOURCE_IDS) {
    const tabPlan = plan.tabs[id];
    const removed = new Set(tabPlan.removals);
    const userOwned = tabPlan.tab.columns.flatMap((col, c) => (col.userOwned ? [c] : []));
    const rows: Cell[][] = [];
    existing[id].rows.forEach((row, i) => {
      if (removed.has(i)) return;
      const update = tabPlan.updates.get(i);
      if (!update) {
        const copy = [...row];
        for (const [c, value] of tabPlan.cellUpdates.get(i) ?? []) copy[c] = value;
        rows.push(copy);
        return;
      }
      const merged = [...update];
      for (const c of userOwned) merged[c] = row[c] ?? null;
      rows.push(merged);
    });
    for (const row of tabPlan.inserts) rows.push([...row]);
    out[id] = rows;
  }
  return out;
}
