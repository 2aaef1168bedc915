/**
 * The month-close sources in little: what the summaries need of the normalized tabs, read a slice of
 * rows at a time and kept between calls (the add-on refreshes the month close over 150,000 lines in
 * several executions; the dialog carries this digest from one call to the next).
 *
 * Every figure of a summary is Σ value over the rows that pass its filters (define.ts), and every
 * filter looks at a few columns only. So rows that agree on every filter column can be added up
 * into one row without changing any figure, any key a summary derives, or any whole-tab total:
 *   - read: the filter columns and the summed columns of each source (never all 36 columns of Orders);
 *     for Fees, the inputs of the effective commission (override › rule › collected), which is
 *     computed per row first (sources.ts);
 *   - a date used only to find a row's MONTH is kept as the first of its month (more rows agree);
 *   - a row some summary cannot place (no date, a text that cannot be a criterion) is kept alone with
 *     its line key, so the problem row that names it still counts and names every such row.
 */

import { listedHolidayCalendar } from '../close/holidays';
import { EMPTY_COST_TABLE } from '../costs/table';
import type { Cell } from '../merge/cells';
import { type CommissionRule, effectiveCommission } from '../merge/commission';
import { columnIndex } from '../model/tabs';
import { type SummaryDef, termsOf } from './define';
import { amountOf, type Sources, SummaryEvaluator } from './evaluate';
import { SOURCE_TABS } from './formula';
import { costDaysTab, PROFIT } from './profit';
import type { NormalizedId } from './sources';
import { MONTH_CLOSE, payoutsTab, TAX_INVOICES } from './tabs';

type SourceId = NormalizedId;
export const SOURCE_IDS: readonly SourceId[] = ['orders', 'fees', 'fulfillment'];

/** The summaries whose sources a digest serves (the 정산 지급 calendar does not change which rows
 *  count where, only dates computed from them; the 원가 계산 helper's rows do not depend on the costs,
 *  only its cost column does). */
function summaryDefs(): SummaryDef[] {
  return [
    MONTH_CLOSE.def,
    TAX_INVOICES.def,
    payoutsTab(listedHolidayCalendar([])).def,
    costDaysTab(EMPTY_COST_TABLE).def,
    PROFIT.def,
  ];
}

/**
 * Columns a label column of a summary reads (a lookup function, not a declared filter): 옵션별 손익's
 * 상품명 / 옵션명 are the names of an option's latest order line (profit.ts nameLookup), so rows are
 * kept apart by option, names and dates.
 */
const LABEL_COLUMNS: Record<SourceId, readonly string[]> = {
  orders: ['option_id', 'product_name', 'option_name', 'recognition_date', 'period_end'],
  fees: [],
  fulfillment: ['option_id', 'product_name', 'option_name', 'recognition_date', 'period_end'],
};

export interface DigestLayout {
  /** Filter columns: rows that agree on all of them are one group. */
  group: string[];
  /** Of those, the dates only ever used to find a month. */
  monthOnly: string[];
  /** Summed columns. */
  sum: string[];
}

const layouts = new Map<SourceId, DigestLayout>();

export function digestLayout(id: SourceId): DigestLayout {
  let layout = layouts.get(id);
  if (layout) return layout;
  const group = new Set<string>();
  const sum = new Set<string>();
  const monthUse = new Set<string>();
  const otherUse = new Set<string>();
  for (const def of summaryDefs()) {
    for (const c of def.columns) {
      if (c.role !== 'value') continue;
      for (const term of termsOf(c.expr)) {
        if (term.source !== id) continue;
        sum.add(term.value);
        for (const f of term.filters) {
          group.add(f.column);
          if (f.kind === 'month') monthUse.add(f.column);
          else otherUse.add(f.column);
          if ('fallback' in f && f.fallback) {
            group.add(f.fallback);
            otherUse.add(f.fallback);
          }
        }
      }
    }
  }
  for (const column of LABEL_COLUMNS[id]) {
    group.add(column);
    otherUse.add(column);
  }
  for (const column of sum)
    if (group.has(column))
      throw new Error(`${id}.${column} is both summed and filtered: rows cannot be added up`);
  layout = {
    group: [...group],
    monthOnly: [...monthUse].filter((c) => !otherUse.has(c)),
    sum: [...sum],
  };
  layouts.set(id, layout);
  return layout;
}

/** The Fees columns the effective commission is computed from (without rules: override and collected). */
function commissionInputs(rules: readonly CommissionRule[]): string[] {
  const always = ['commission_override', 'collected_total'];
  return rules.length === 0
    ? always
    : [...always, 'option_id', 'product_id', 'category', 'recognition_date', 'period_end', 'commission_base'];
}

/** The columns to read of a source tab (never a formula column). */
export function digestReadColumns(id: SourceId, rules: readonly CommissionRule[]): string[] {
  const layout = digestLayout(id);
  const columns = new Set([...layout.group, ...layout.sum]);
  if (id === 'fees') {
    columns.delete('effective_commission');
    for (const c of commissionInputs(rules)) columns.add(c);
  }
  return [...columns];
}

/**
 * A source in little: each entry is [group cells…, sums…, count, line key]. An entry without a line
 * key stands for `count` rows that agree on the group cells; one with a line key is a single row kept
 * alone (a row some summary cannot place).
 */
export type DigestEntry = Cell[];

export type CloseDigest = Record<SourceId, DigestEntry[]>;

export function emptyDigest(): CloseDigest {
  return { orders: [], fees: [], fulfillment: [] };
}

const monthStart = (cell: Cell): Cell =>
  typeof cell === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(cell) ? `${cell.slice(0, 7)}-01` : cell;

/**
 * Adds rows read from source `id` to the digest. `rows[k]` holds the cells of `digestReadColumns` in
 * that order; `lineKeyOf(k)` is asked only for the rows kept alone (the add-on reads those keys then).
 */
export function addToDigest(
  digest: CloseDigest,
  id: SourceId,
  rows: readonly (readonly Cell[])[],
  rules: readonly CommissionRule[],
  lineKeyOf: (rowIndexes: readonly number[]) => readonly (string | null)[],
): void {
  const layout = digestLayout(id);
  const read = digestReadColumns(id, rules);
  const at = new Map(read.map((key, k) => [key, k]));
  const tab = SOURCE_TABS[id];
  const width = tab.columns.length;
  // Full-width rows of the slice (what the evaluator reads), the commission computed for Fees. A row
  // whose read cells are all blank (a row the user emptied) sums nothing anywhere: it is left out, as
  // sources.ts leaves out blank rows.
  const kept = rows.filter((source) => source.some((cell) => cell !== null && cell !== ''));
  const rowIndex: number[] = [];
  rows.forEach((source, i) => {
    if (source.some((cell) => cell !== null && cell !== '')) rowIndex.push(i);
  });
  const full: Cell[][] = kept.map((source) => {
    const row = new Array<Cell>(width).fill(null);
    for (const [key, k] of at) row[columnIndex(tab, key)] = source[k] ?? null;
    if (id === 'fees') {
      const override = row[columnIndex(tab, 'commission_override')];
      const fee = {
        option_id: textOrNull(row[columnIndex(tab, 'option_id')]),
        product_id: textOrNull(row[columnIndex(tab, 'product_id')]),
        category: textOrNull(row[columnIndex(tab, 'category')]),
        recognition_date: textOrNull(row[columnIndex(tab, 'recognition_date')]),
        period_end: textOrNull(row[columnIndex(tab, 'period_end')]),
        commission_base:
          typeof row[columnIndex(tab, 'commission_base')] === 'number'
            ? (row[columnIndex(tab, 'commission_base')] as number)
            : 0,
        collected_total:
          typeof row[columnIndex(tab, 'collected_total')] === 'number'
            ? (row[columnIndex(tab, 'collected_total')] as number)
            : null,
      };
      const typed = typeof override === 'number' && Number.isFinite(override) ? override : null;
      row[columnIndex(tab, 'effective_commission')] = effectiveCommission(fee, typed, rules).effective;
    }
    return row;
  });
  // Rows some summary cannot place stay alone.
  const alone = new Set<number>();
  const sources: Sources = { orders: [], fees: [], fulfillment: [], cost_days: [], [id]: full };
  for (const def of summaryDefs()) {
    for (const u of new SummaryEvaluator(def, sources).deriveKeys().unplaced) {
      if (u.source === id) for (const i of u.rows) alone.add(i);
    }
  }
  const aloneRows = [...alone].sort((a, b) => a - b);
  const keys = aloneRows.length > 0 ? lineKeyOf(aloneRows.map((i) => rowIndex[i]!)) : [];
  const groupIndex = layout.group.map((key) => columnIndex(tab, key));
  const sumIndex = layout.sum.map((key) => columnIndex(tab, key));
  const monthOnly = new Set(layout.monthOnly.map((key) => columnIndex(tab, key)));
  const entries = digest[id];
  const byGroup = new Map<string, DigestEntry>();
  for (const entry of entries)
    if (entry[entry.length - 1] === null) byGroup.set(groupKey(entry, groupIndex.length), entry);
  aloneRows.forEach((i, k) => {
    const row = full[i]!;
    entries.push([
      ...groupIndex.map((c) => row[c] ?? null),
      ...sumIndex.map((c) => amountOf(row[c] ?? null)),
      1,
      keys[k] ?? null,
    ]);
  });
  full.forEach((row, i) => {
    if (alone.has(i)) return;
    const cells = groupIndex.map((c) => (monthOnly.has(c) ? monthStart(row[c] ?? null) : (row[c] ?? null)));
    const key = JSON.stringify(cells);
    let entry = byGroup.get(key);
    if (!entry) {
      entry = [...cells, ...sumIndex.map(() => 0), 0, null];
      byGroup.set(key, entry);
      entries.push(entry);
    }
    sumIndex.forEach((c, s) => {
      const slot = groupIndex.length + s;
      entry[slot] = (entry[slot] as number) + amountOf(row[c] ?? null);
    });
    const countSlot = groupIndex.length + sumIndex.length;
    entry[countSlot] = (entry[countSlot] as number) + 1;
  });
}

function groupKey(entry: DigestEntry, groupWidth: number): string {
  return JSON.stringify(entry.slice(0, groupWidth));
}

const textOrNull = (cell: Cell | undefined): string | null =>
  cell === null || cell === undefined || cell === '' ? null : String(cell);

/** The digest as source rows for the evaluator: one row per entry (line key in column 0). */
export function digestSources(digest: CloseDigest): Sources {
  const out: Sources = { orders: [], fees: [], fulfillment: [], cost_days: [] };
  for (const id of SOURCE_IDS) {
    const layout = digestLayout(id);
    const tab = SOURCE_TABS[id];
    const groupIndex = layout.group.map((key) => columnIndex(tab, key));
    const sumIndex = layout.sum.map((key) => columnIndex(tab, key));
    out[id] = digest[id].map((entry) => {
      const row = new Array<Cell>(tab.columns.length).fill(null);
      groupIndex.forEach((c, g) => {
        row[c] = entry[g] ?? null;
      });
      sumIndex.forEach((c, s) => {
        row[c] = entry[groupIndex.length + s] ?? 0;
      });
      row[0] = entry[entry.length - 1] ?? null;
      return row;
    });
  }
  return out;
}

/** Rows a digest stands for (its entries' counts). */
export function digestRows(digest: CloseDigest, id: SourceId): number {
  const layout = digestLayout(id);
  const slot = layout.group.length + layout.sum.length;
  return digest[id].reduce(
    (n, entry) => n + (typeof entry[slot] === 'number' ? (entry[slot] as number) : 0),
    0,
  );
}
