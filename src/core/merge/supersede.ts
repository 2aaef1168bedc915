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
import { columnIndex, FEES_TAB, ORDERS_TAB } from '../model/tabs';
import type { TableSnapshot } from './port';
import { DATA_TAB_DEFS, getter, rowAmount, str } from './table';

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

const DATE_KEYS = ['recognition_date', 'paid_date', 'period_end'] as const;

export function createV1Overlap(
  existing: Record<DataTabId, TableSnapshot>,
  incoming: DatedRecords,
): V1Overlap {
  const dates = new Set<string>();
  const add = (value: unknown) => {
    if (typeof value === 'string' && value !== '') dates.add(value);
  };
  for (const tab of [ORDERS_TAB, FEES_TAB]) {
    const version = columnIndex(tab, 'mapping_version');
    const columns = DATE_KEYS.filter((key) => tab.columns.some((c) => c.key === key)).map((key) =>
      columnIndex(tab, key),
    );
    for (const row of existing[tab.id as DataTabId].rows) {
      if (row[version] !== 'v2') continue;
      for (const c of columns) add(row[c]);
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

/** v1 rows of the book covered by v2 data. A Fees row has no period_start: it follows its Orders line. */
export function supersedeExisting(
  existing: Record<DataTabId, TableSnapshot>,
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
    const get = getter(DATA_TAB_DEFS[id]);
    const amount = rowAmount(id);
    existing[id].rows.forEach((row, i) => {
      if (get(row, 'mapping_version') !== 'v1') return;
      const key = str(row[0]) ?? '';
      const end = str(get(row, 'period_end'));
      const start = id === 'orders' ? str(get(row, 'period_start')) : null;
      if (!(overlap(start, end) || (id === 'fees' && result.keys.has(key)))) return;
      result.removed[id].add(i);
      if (id === 'orders') {
        result.count++;
        result.keys.add(key);
      }
      const report = str(get(row, 'source_report')) ?? 'SELLER_INSIGHTS';
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
      span.amount += amount(row);
    });
  }
  return result;
}
