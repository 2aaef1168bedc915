/**
 * Reading the tabs' rows during planning: the three data tabs, a column by key, a row's key and money.
 * Every step of the plan (plan.ts) reads rows through these, so "the money of a row" means the same
 * thing in a removal notice, a control total and a scope prediction.
 */
import type { FeeRecord, FulfillmentRecord, OrderRecord } from '../model/records';
import type { DataTabId } from '../model/rpc';
import { columnIndex, FEES_TAB, FULFILLMENT_TAB, ORDERS_TAB, type TabDef } from '../model/tabs';
import type { Cell } from './cells';
import type { TableView } from './view';

export const DATA_TAB_DEFS: Record<DataTabId, TabDef> = {
  orders: ORDERS_TAB,
  fees: FEES_TAB,
  fulfillment: FULFILLMENT_TAB,
};
export const DATA_TAB_IDS: readonly DataTabId[] = ['orders', 'fees', 'fulfillment'];

export type AnyRecord = OrderRecord | FeeRecord | FulfillmentRecord;

export const str = (cell: Cell | undefined): string | null =>
  cell === null || cell === undefined || cell === '' ? null : String(cell);

export function numberOrNull(cell: Cell | undefined): number | null {
  return typeof cell === 'number' && Number.isFinite(cell) ? cell : null;
}

/** Reads one column of a row by key. */
export function getter(tab: TabDef) {
  const cache = new Map<string, number>();
  return (row: readonly Cell[], key: string): Cell => {
    let index = cache.get(key);
    if (index === undefined) {
      index = columnIndex(tab, key);
      cache.set(key, index);
    }
    return row[index] ?? null;
  };
}

/** line_key → first data index holding it. */
export function keyIndex(keys: readonly Cell[]): Map<string, number> {
  const index = new Map<string, number>();
  keys.forEach((cell, i) => {
    const key = str(cell);
    if (key !== null && !index.has(key)) index.set(key, i);
  });
  return index;
}

/** The money column a tab's rows are counted by (Fees mirror their Orders line: no money of their own). */
export const AMOUNT_KEY: Record<DataTabId, string | null> = {
  orders: 'gross_sales',
  fees: null,
  fulfillment: 'total_fee',
};

/** The columns that say which settlement period a row belongs to (with its money: AMOUNT_KEY). */
export const SCOPE_KEYS = ['source_report', 'period_end'] as const;

/** The money of row `i` of a view (its amount column must be loaded). */
export function viewAmount(view: TableView, id: DataTabId, i: number): number {
  const key = AMOUNT_KEY[id];
  return key === null ? 0 : (numberOrNull(view.get(i, key)) ?? 0);
}

export function rowAmount(id: DataTabId): (row: readonly Cell[]) => number {
  const key = AMOUNT_KEY[id];
  if (key === null) return () => 0;
  const c = columnIndex(DATA_TAB_DEFS[id], key);
  return (row) => numberOrNull(row[c]) ?? 0;
}

export function recordAmount(id: DataTabId, record: AnyRecord): number | null {
  if (id === 'orders') return (record as OrderRecord).gross_sales;
  if (id === 'fulfillment') return (record as FulfillmentRecord).total_fee;
  return null;
}

/** `report|period_end`: the scope a corrected download replaces. */
export const scopeKey = (report: string | null, periodEnd: string | null) => `${report}|${periodEnd}`;
