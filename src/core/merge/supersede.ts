/**
 * v2 supersedes v1 (normalized-tabs.md "Keys and re-imports"): the 판매분석 (v1) file and the
 * settlement reports (v2) describe the same sales, so wherever both exist in time only v2 counts.
 * The v2 dates are those of v2 Orders/Fees rows already in the tabs plus the v2 records being
 * imported (recognition_date, paid_date, period_end); a v1 span [period_start, period_end] that
 * contains any of them is covered.
 *
 * Step of the plan: v1 rows of the book whose span is covered are removed (a removal the seller
 * confirms, by count and money per span); incoming v1 records of a covered span are not written.
 */
import type { DataTabId, RemovalScope } from '../model/rpc';
import { AMOUNT_KEY, str, viewAmount } from './table';
import type { TableView } from './view';

export type V1Overlap = (periodStart: string | null, periodEnd: string | null) => boolean;

interface DatedRecords {
  orders: readonly {
    mapping_version: string;
    recognition_date: string | null;
    paid_date: string | null;
    period_end: string | null;
  }[];
  fees: readonly { mapping_version: string; recognition_date: string | null; period_end: string | null }[];
}

const ORDER_DATES = ['recognition_date', 'paid_date', 'period_end'] as const;
const FEE_DATES = ['recognition_date', 'period_end'] as const;

/** Does the book hold v1 rows? Reads the version column of Orders (and of Fees only when Orders has
 *  v1 rows: a Fees row follows its Orders line). */
export function bookHasV1(existing: Record<DataTabId, TableView>): boolean {
  const orders = existing.orders;
  return orders.size > 0 && orders.column('mapping_version').some((v) => v === 'v1');
}

/**
 * The v2 dates: of the v2 records being imported, and — only when some v1 row or record can be covered
 * at all (`withExisting`) — of the v2 rows of the book (three date columns of Orders, two of Fees).
 */
export function createV1Overlap(
  existing: Record<DataTabId, TableView>,
  incoming: DatedRecords,
  withExisting: boolean,
): V1Overlap {
  const dates = new Set<string>();
  const add = (value: unknown) => {
    if (typeof value === 'string' && value !== '') dates.add(value);
  };
  if (withExisting) {
    for (const [id, keys] of [
      ['orders', ORDER_DATES],
      ['fees', FEE_DATES],
    ] as const) {
      const view = existing[id];
      if (view.size === 0) continue;
      view.need(['mapping_version', ...keys]);
      const version = view.column('mapping_version');
      const columns = keys.map((key) => view.column(key));
      for (let i = 0; i < view.size; i++) {
        if (version[i] !== 'v2') continue;
        for (const column of columns) add(column[i]);
      }
    }
  }
  for (const record of incoming.orders) {
    if (record.mapping_version !== 'v2') continue;
    add(record.recognition_date);
    add(record.paid_date);
    add(record.period_end);
  }
  for (const record of incoming.fees) {
    if (record.mapping_version !== 'v2') continue;
    add(record.recognition_date);
    add(record.period_end);
  }
  const sorted = [...dates].sort();
  return (periodStart, periodEnd) => {
    const start = periodStart ?? periodEnd;
    const end = periodEnd ?? periodStart;
    if (start === null || end === null || sorted.length === 0) return false;
    // First v2 date ≥ start (ISO dates sort as text), then: is it ≤ end?
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((sorted[mid] ?? '') < start) lo = mid + 1;
      else hi = mid;
    }
    return lo < sorted.length && (sorted[lo] ?? '') <= end;
  };
}

export interface SupersededRows {
  /** Data indexes of the v1 Orders / Fees rows to remove. */
  removed: Record<'orders' | 'fees', Set<number>>;
  /** line_keys of superseded Orders lines: their Fees rows and incoming records follow them. */
  keys: Set<string>;
  /** Orders rows removed. */
  count: number;
  /** Per v1 span and tab: rows and money removed. */
  removals: RemovalScope[];
}

/** v1 rows of the book covered by v2 data. A Fees row has no period_start: it follows its Orders line.
 *  Reads the version column of both tabs, then the span and money of the v1 rows only. */
export function supersedeExisting(
  existing: Record<DataTabId, TableView>,
  overlap: V1Overlap,
): SupersededRows {
  const result: SupersededRows = {
    removed: { orders: new Set(), fees: new Set() },
    keys: new Set(),
    count: 0,
    removals: [],
  };
  const spans = new Map<string, RemovalScope>();
  for (const id of ['orders', 'fees'] as const) {
    const view = existing[id];
    if (view.size === 0) continue;
    const version = view.column('mapping_version');
    const v1: number[] = [];
    for (let i = 0; i < view.size; i++) if (version[i] === 'v1') v1.push(i);
    if (v1.length === 0) continue;
    const keys = ['line_key', 'source_report', 'period_end', ...(id === 'orders' ? ['period_start'] : [])];
    const amountKey = AMOUNT_KEY[id];
    view.loadRows(v1, amountKey ? [...keys, amountKey] : keys);
    for (const i of v1) {
      const key = str(view.get(i, 'line_key')) ?? '';
      const end = str(view.get(i, 'period_end'));
      const start = id === 'orders' ? str(view.get(i, 'period_start')) : null;
      if (!(overlap(start, end) || (id === 'fees' && result.keys.has(key)))) continue;
      result.removed[id].add(i);
      if (id === 'orders') {
        result.count++;
        result.keys.add(key);
      }
      const report = str(view.get(i, 'source_report')) ?? 'SELLER_INSIGHTS';
      const spanKey = `${id}|${report}|${start}|${end}`;
      let span = spans.get(spanKey);
      if (!span) {
        span = {
          reason: 'superseded',
          tab: id,
          source_report: report,
          period_start: start,
          period_end: end,
          rows: 0,
          amount: 0,
        };
        spans.set(spanKey, span);
        result.removals.push(span);
      }
      span.rows++;
      span.amount += viewAmount(view, id, i);
    }
  }
  return result;
}
