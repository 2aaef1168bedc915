/**
 * The prefill of the 원가 tab (`cjet costs`, menu 원가 채우기): one row per option seen so far in the
 * normalized tabs that has no row yet, with its name for reference and the cost, dates and note left
 * blank for the seller. Rows that exist are never touched: the new rows are appended below them.
 */
import type { Cell } from '../merge/cells';
import { sheetTrim } from '../merge/commission';
import type { Sources } from '../summary/evaluate';
import { sourceColumnIndex } from '../summary/formula';

export interface Prefill {
  /** Rows to append (columns of COSTS_TAB). */
  rows: Cell[][];
  /** Options that already had a row. */
  present: number;
}

/** `costRows`: the 원가 tab's data rows as they stand (canonical cells). */
export function prefillCosts(costRows: readonly (readonly Cell[])[], sources: Sources): Prefill {
  const listed = new Set<string>();
  for (const row of costRows) {
    const id = row[0];
    if (id !== null && id !== undefined && id !== '') listed.add(sheetTrim(String(id)));
  }
  // The name on each option's latest line; order lines first (they name the option as sold), then
  // charges, then Fees rows (no names).
  const seen = new Map<string, { product: string | null; option: string | null }>();
  const collect = (source: 'orders' | 'fees' | 'fulfillment', named: boolean) => {
    const option = sourceColumnIndex(source, 'option_id');
    const date = sourceColumnIndex(source, 'period_end');
    const product = named ? sourceColumnIndex(source, 'product_name') : -1;
    const optionName = named ? sourceColumnIndex(source, 'option_name') : -1;
    const text = (row: readonly Cell[], i: number) =>
      i >= 0 && typeof row[i] === 'string' && row[i] !== '' ? (row[i] as string) : null;
    const latest = new Map<string, { date: string; product: string | null; option: string | null }>();
    for (const row of sources[source]) {
      const raw = row[option];
      const id = raw === null || raw === undefined ? '' : sheetTrim(String(raw));
      if (id === '') continue;
      const when = typeof row[date] === 'string' ? (row[date] as string) : '';
      const before = latest.get(id);
      if (before && before.date > when) continue;
      latest.set(id, { date: when, product: text(row, product), option: text(row, optionName) });
    }
    for (const [id, names] of latest) if (!seen.has(id)) seen.set(id, names);
  };
  collect('orders', true);
  collect('fulfillment', true);
  collect('fees', false);
  const rows: Cell[][] = [];
  let present = 0;
  for (const [id, names] of [...seen].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (listed.has(id)) {
      present++;
      continue;
    }
    const name = [names.product, names.option].filter((t) => t !== null && t !== '').join(' / ');
    rows.push([id, name === '' ? null : name, null, null, null, null]);
  }
  return { rows, present };
}
