/**
 * The merge planner (pure): current tab contents + new records → per tab the rows to update,
 * insert and remove, and the counts of the summary. Rows are matched by `line_key`, never by
 * position, so a sorted or filtered tab merges the same way.
 *
 * Rules (normalized-tabs.md "Keys and re-imports"):
 *  1. Same key, same data → unchanged (lineage, derived and formula columns do not count).
 *     Same key, other data → the managed cells of that row are rewritten in place.
 *  2. Two records of one import with the same key (an .xlsx and its CSV re-save): the first is
 *     written; an identical one is "unchanged", a different one is rejected with a problem row.
 *  3. v2 supersedes v1: a v1 Orders/Fees row whose [period_start, period_end] contains any v2 date
 *     (recognition_date, paid_date, period_end of a v2 row already in the tab or being imported) is
 *     removed; a v1 record for such a span is not written and counted as `superseded` (never as
 *     rejected). Either import order ends the same.
 *  4. Corrected download (only once the import's complete key set is known, `completeImport`):
 *     scope = (tab, source_report, period_end) of the imported keys; rows in a scope whose key the
 *     import does not contain are removed. Rows without a period_end are never removed this way.
 *  5. Seller-borne shipping and attributed_line_key are recomputed over the final state.
 *  6. Removed rows that held an override or anything right of the table are reported as problems
 *     with their content, so nothing a person typed disappears silently.
 */
import type { FeeRecord, FulfillmentRecord, OrderRecord, Problem } from '../model/records';
import type { DataTabId, FileOutcome, Lang, ScopeMatch, ShippingSummary, TabCounts } from '../model/rpc';
import { emptyTabCounts } from '../model/rpc';
import {
  columnIndex,
  FEES_TAB,
  FULFILLMENT_TAB,
  headerRow,
  ORDERS_TAB,
  type TabDef,
  tabLabel,
} from '../model/tabs';
import { type Cell, cellsEqual, compareColumns, recordToRow, truncateLongText } from './cells';
import { type CommissionRule, effectiveCommission } from './commission';
import type { TableSnapshot } from './port';
import { attributeShippingLines, type FeeLineView, type OrderLineView } from './shipping';
import { createV1Overlap } from './supersede';

export const DATA_TAB_DEFS: Record<DataTabId, TabDef> = {
  orders: ORDERS_TAB,
  fees: FEES_TAB,
  fulfillment: FULFILLMENT_TAB,
};
export const DATA_TAB_IDS: readonly DataTabId[] = ['orders', 'fees', 'fulfillment'];

/** A key of the import with its scope, kept until finish (staging sheet / in memory for the CLI). */
export interface ImportedKey {
  tab: DataTabId;
  key: string;
  source_report: string;
  period_end: string | null;
}

export interface IncomingRecords {
  orders: readonly OrderRecord[];
  fees: readonly FeeRecord[];
  fulfillment: readonly FulfillmentRecord[];
}

export interface PlanInput {
  importId: string;
  lang: Lang;
  existing: Record<DataTabId, TableSnapshot>;
  incoming: IncomingRecords;
  rules: readonly CommissionRule[];
  maxCellChars: number;
  /** Every key of the whole import, or null while more chunks are coming (no scope removals). */
  completeImport: readonly ImportedKey[] | null;
}

export type RemovalReason = 'replaced' | 'superseded';

export interface TabPlan {
  tab: TabDef;
  /** data index → new managed cells (length = columns; user-owned cells are not written). */
  updates: Map<number, Cell[]>;
  inserts: Cell[][];
  /** Ascending data indexes. */
  removals: number[];
  counts: TabCounts;
}

export interface MergePlan {
  tabs: Record<DataTabId, TabPlan>;
  v1Superseded: { removed: number; skipped: number };
  scopes: ScopeMatch[];
  /** Rows removed because a corrected download replaced their settlement period. */
  replaced: { tab: DataTabId; source_report: string; period_end: string; removed: number }[];
  files: FileOutcome[];
  shipping: ShippingSummary;
  commissionsMissing: number;
  truncatedCells: number;
  preservedUserRows: number;
  problems: Problem[];
}

/** Reads one column of a row by key. */
function getter(tab: TabDef) {
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

const str = (cell: Cell): string | null => (cell === null || cell === '' ? null : String(cell));

interface FileTally {
  outcome: FileOutcome;
}

function tallyFor(files: Map<string, FileTally>, file: string): FileOutcome {
  let tally = files.get(file);
  if (!tally) {
    tally = {
      outcome: {
        file,
        inserted: 0,
        updated: 0,
        unchanged: 0,
        rejected: 0,
        amountInFile: 0,
        amountWritten: 0,
        superseded: 0,
        amountSuperseded: 0,
      },
    };
    files.set(file, tally);
  }
  return tally.outcome;
}

/** What happened to one incoming record. */
type Outcome = 'inserted' | 'updated' | 'unchanged' | 'rejected' | 'superseded';

export function planMerge(input: PlanInput): MergePlan {
  const problems: Problem[] = [];
  const files = new Map<string, FileTally>();
  let truncatedCells = 0;
  const v1Overlap = createV1Overlap(input.existing, input.incoming);
  const v1Superseded = { removed: 0, skipped: 0 };

  const plans = {} as Record<DataTabId, TabPlan>;
  const keyIndexes = {} as Record<DataTabId, Map<string, number>>;
  for (const id of DATA_TAB_IDS) {
    const tab = DATA_TAB_DEFS[id];
    plans[id] = { tab, updates: new Map(), inserts: [], removals: [], counts: emptyTabCounts() };
    const index = new Map<string, number>();
    input.existing[id].rows.forEach((row, i) => {
      const key = str(row[0] ?? null);
      if (key !== null && !index.has(key)) index.set(key, i);
    });
    keyIndexes[id] = index;
  }

  // ── removals: v1 rows covered by v2 data ────────────────────────────────────────────────────────
  const removed = {} as Record<DataTabId, Set<number>>;
  for (const id of DATA_TAB_IDS) removed[id] = new Set();
  // A Fees row has no period_start: it follows its Orders line (same line_key).
  const supersededKeys = new Set<string>();
  for (const id of ['orders', 'fees'] as const) {
    const get = getter(DATA_TAB_DEFS[id]);
    input.existing[id].rows.forEach((row, i) => {
      if (get(row, 'mapping_version') !== 'v1') return;
      const start = id === 'orders' ? str(get(row, 'period_start')) : null;
      const key = str(row[0] ?? null) ?? '';
      if (v1Overlap(start, str(get(row, 'period_end'))) || (id === 'fees' && supersededKeys.has(key))) {
        removed[id].add(i);
        if (id === 'orders') {
          v1Superseded.removed++;
          supersededKeys.add(key);
        }
      }
    });
  }

  // ── removals: settlement periods replaced by a corrected download ───────────────────────────────
  const replaced: MergePlan['replaced'] = [];
  if (input.completeImport) {
    for (const id of DATA_TAB_IDS) {
      const keys = new Set<string>();
      const scopes = new Set<string>();
      for (const k of input.completeImport) {
        if (k.tab !== id) continue;
        keys.add(k.key);
        if (k.period_end) scopes.add(`${k.source_report}|${k.period_end}`);
      }
      if (scopes.size === 0) continue;
      const get = getter(DATA_TAB_DEFS[id]);
      input.existing[id].rows.forEach((row, i) => {
        const key = str(row[0] ?? null);
        if (key === null || keys.has(key)) return;
        const scope = `${str(get(row, 'source_report'))}|${str(get(row, 'period_end'))}`;
        if (!scopes.has(scope) || removed[id].has(i)) return;
        removed[id].add(i);
        const [source_report = '', period_end = ''] = scope.split('|');
        const entry = replaced.find(
          (r) => r.tab === id && r.source_report === source_report && r.period_end === period_end,
        );
        if (entry) entry.removed++;
        else replaced.push({ tab: id, source_report, period_end, removed: 1 });
      });
    }
  }

  // ── incoming records ────────────────────────────────────────────────────────────────────────────
  const scopeMatches: ScopeMatch[] = [];
  const overrideIndex = columnIndex(FEES_TAB, 'commission_override');
  const ruleDateIndex = columnIndex(FEES_TAB, 'rule_date');
  const feeWritten: { row: Cell[]; override: number | null }[] = [];
  let commissionsMissing = 0;

  const mergeTab = <R extends OrderRecord | FeeRecord | FulfillmentRecord>(
    id: DataTabId,
    records: readonly R[],
    amountOf: ((record: R) => number) | null,
  ) => {
    const plan = plans[id];
    const tab = plan.tab;
    const existingRows = input.existing[id].rows;
    const index = keyIndexes[id];
    const compare = compareColumns(tab);
    const seen = new Map<string, Cell[]>();
    const scopeCounts = new Map<string, { existing: number; matched: Set<string> }>();
    const get = getter(tab);

    for (const record of records) {
      const row = recordToRow(tab, record);
      if (id === 'fees') row[ruleDateIndex] = record.recognition_date ?? record.period_end;
      const cut = truncateLongText(row, input.maxCellChars);
      for (const col of cut) {
        truncatedCells++;
        problems.push(truncationProblem(record, tab, col, input.lang));
      }
      let outcome: Outcome;
      const isV1 = 'mapping_version' in record && record.mapping_version === 'v1';
      const earlierDuplicate = seen.get(record.line_key);
      const periodStart = 'period_start' in record ? record.period_start : null;
      if (isV1 && (v1Overlap(periodStart, record.period_end) || supersededKeys.has(record.line_key))) {
        outcome = 'superseded';
        if (id === 'orders') {
          v1Superseded.skipped++;
          supersededKeys.add(record.line_key);
        }
      } else if (earlierDuplicate) {
        const same = compare.every((c) => cellsEqual(earlierDuplicate[c] ?? null, row[c] ?? null));
        outcome = same ? 'unchanged' : 'rejected';
        if (!same) problems.push(duplicateProblem(record, input.lang));
      } else {
        seen.set(record.line_key, row);
        const at = index.get(record.line_key);
        if (at !== undefined && !removed[id].has(at)) {
          const current = existingRows[at] ?? [];
          const same = compare.every((c) => cellsEqual(current[c] ?? null, row[c] ?? null));
          // Derived columns keep their current value until the shipping step recomputes them.
          for (const key of ['seller_borne_shipping', 'attributed_line_key']) {
            if (tab.columns.some((col) => col.key === key)) {
              const c = columnIndex(tab, key);
              row[c] = current[c] ?? null;
            }
          }
          if (same) outcome = 'unchanged';
          else {
            outcome = 'updated';
            plan.updates.set(at, row);
          }
          if (id === 'fees') feeWritten.push({ row, override: numberOrNull(current[overrideIndex]) });
        } else {
          outcome = 'inserted';
          plan.inserts.push(row);
          if (id === 'fees') feeWritten.push({ row, override: null });
        }
        if (id === 'fees') {
          const override = feeWritten[feeWritten.length - 1]?.override ?? null;
          const fee = record as FeeRecord;
          const result = effectiveCommission(fee, override, input.rules);
          if (result.source === 'none') commissionsMissing++;
        }
      }
      plan.counts[outcome]++;
      if (amountOf) {
        const tally = tallyFor(files, record.source_file);
        tally[outcome]++;
        tally.amountInFile += amountOf(record);
        if (outcome === 'superseded') tally.amountSuperseded += amountOf(record);
        else if (outcome !== 'rejected') tally.amountWritten += amountOf(record);
      }
      if (record.period_end) {
        const scope = `${record.source_report}|${record.period_end}`;
        let counts = scopeCounts.get(scope);
        if (!counts) {
          counts = { existing: 0, matched: new Set() };
          scopeCounts.set(scope, counts);
        }
        if (index.has(record.line_key)) counts.matched.add(record.line_key);
      }
    }

    if (scopeCounts.size > 0) {
      for (const row of existingRows) {
        const scope = `${str(get(row, 'source_report'))}|${str(get(row, 'period_end'))}`;
        const counts = scopeCounts.get(scope);
        if (counts) counts.existing++;
      }
      for (const [scope, counts] of scopeCounts) {
        const [source_report = '', period_end = ''] = scope.split('|');
        // Only keys that really sit in this scope count as matched.
        let matched = 0;
        for (const key of counts.matched) {
          const at = index.get(key);
          const row = at === undefined ? undefined : existingRows[at];
          if (
            row &&
            str(get(row, 'source_report')) === source_report &&
            str(get(row, 'period_end')) === period_end
          )
            matched++;
        }
        scopeMatches.push({ tab: id, source_report, period_end, existing: counts.existing, matched });
      }
    }
  };

  mergeTab('orders', input.incoming.orders, (r) => r.gross_sales);
  mergeTab('fees', input.incoming.fees, null);
  mergeTab('fulfillment', input.incoming.fulfillment, (r) => r.total_fee);

  // Commission values of the formula cells (the .xlsx caches them; Sheets recomputes them).
  for (const { row, override } of feeWritten) fillCommissionCells(row, override, input.rules);

  // ── removals into the plans, with the user content they held ───────────────────────────────────
  let preservedUserRows = 0;
  for (const id of DATA_TAB_IDS) {
    const plan = plans[id];
    plan.removals = [...removed[id]].sort((a, b) => a - b);
    plan.counts.removed = plan.removals.length;
    for (const i of plan.removals) {
      plan.updates.delete(i);
      const content = userContent(plan.tab, input.existing[id], i, input.lang);
      if (content) {
        preservedUserRows++;
        problems.push({
          file: tabLabel(plan.tab, input.lang),
          sheet: tabLabel(plan.tab, input.lang),
          row: i + 2,
          column: content.columns,
          value: content.value,
          code: 'REMOVED_ROW_USER_DATA',
          severity: 'warning',
          message:
            `가져오기로 삭제된 행(${content.key})에 직접 입력한 내용이 있어 여기에 보관했습니다.\n` +
            `A row removed by the import (${content.key}) held what you typed; it is kept here.`,
        });
      }
    }
  }

  const shipping = planShipping(plans, input.existing, removed);

  return {
    tabs: plans,
    v1Superseded,
    scopes: scopeMatches,
    replaced,
    files: [...files.values()].map((t) => t.outcome),
    shipping,
    commissionsMissing,
    truncatedCells,
    preservedUserRows,
    problems,
  };
}

function numberOrNull(cell: Cell | undefined): number | null {
  return typeof cell === 'number' && Number.isFinite(cell) ? cell : null;
}

/** Puts the core-computed rule rate / effective commission / source into a Fees row. */
export function fillCommissionCells(
  row: Cell[],
  override: number | null,
  rules: readonly CommissionRule[],
): void {
  const get = getter(FEES_TAB);
  const fee = {
    option_id: str(get(row, 'option_id')),
    product_id: str(get(row, 'product_id')),
    category: str(get(row, 'category')),
    recognition_date: str(get(row, 'recognition_date')),
    period_end: str(get(row, 'period_end')),
    commission_base: numberOrNull(get(row, 'commission_base')) ?? 0,
    collected_total: numberOrNull(get(row, 'collected_total')),
  };
  const result = effectiveCommission(fee, override, rules);
  row[columnIndex(FEES_TAB, 'rule_rate')] = result.ruleRate;
  row[columnIndex(FEES_TAB, 'effective_commission')] = result.effective;
  row[columnIndex(FEES_TAB, 'commission_source')] = result.source;
}

/** The override and the cells right of the table, when a removed row holds any. */
function userContent(
  tab: TabDef,
  table: TableSnapshot,
  index: number,
  lang: Lang,
): { key: string; columns: string; value: string } | null {
  const row = table.rows[index] ?? [];
  const labels = headerRow(tab, lang);
  const parts: string[] = [];
  const columns: string[] = [];
  row.forEach((cell, c) => {
    const userOwned = c >= tab.columns.length || tab.columns[c]?.userOwned;
    if (!userOwned || cell === null || cell === '') return;
    const name = String(table.header[c] ?? labels[c] ?? `#${c + 1}`);
    columns.push(name);
    parts.push(`${name}=${String(cell)}`);
  });
  if (parts.length === 0) return null;
  return { key: String(row[0] ?? ''), columns: columns.join(', '), value: parts.join('; ') };
}

function truncationProblem(
  record: { source_file: string; source_sheet: string; source_row: number },
  tab: TabDef,
  column: number,
  lang: Lang,
): Problem {
  const label = headerRow(tab, lang)[column] ?? '';
  return {
    file: record.source_file,
    sheet: record.source_sheet,
    row: record.source_row,
    column: label,
    value: null,
    code: 'CELL_TRUNCATED',
    severity: 'warning',
    message:
      '셀 하나에 담을 수 있는 글자 수를 넘어 잘랐습니다.\nThe text was longer than a cell can hold and was cut.',
  };
}

function duplicateProblem(
  record: { line_key: string; source_file: string; source_sheet: string; source_row: number },
  _lang: Lang,
): Problem {
  return {
    file: record.source_file,
    sheet: record.source_sheet,
    row: record.source_row,
    column: null,
    value: record.line_key,
    code: 'DUPLICATE_KEY_CONFLICT',
    // This row was not written (the first one was): an error in the Import problems tab's terms.
    severity: 'error',
    message:
      '같은 행 키가 이번 가져오기의 다른 파일에 다른 값으로 있습니다. 먼저 읽은 행을 기록했고 이 행은 기록하지 않았습니다.\n' +
      'Another file of this import has the same line key with different values; the first one was written, not this one.',
  };
}

/** Final state (existing − removed, with updates, + inserts) → shipping attribution, written back as
 *  updates/inserts of seller_borne_shipping and attributed_line_key where they change. */
function planShipping(
  plans: Record<DataTabId, TabPlan>,
  existing: Record<DataTabId, TableSnapshot>,
  removed: Record<DataTabId, Set<number>>,
): ShippingSummary {
  const orderGet = getter(ORDERS_TAB);
  const feeGet = getter(FULFILLMENT_TAB);
  type Ref = { row: Cell[]; existingIndex: number | null };
  const finalRows = (id: DataTabId): Ref[] => {
    const refs: Ref[] = [];
    existing[id].rows.forEach((row, i) => {
      if (removed[id].has(i)) return;
      refs.push({ row: plans[id].updates.get(i) ?? row, existingIndex: i });
    });
    for (const row of plans[id].inserts) refs.push({ row, existingIndex: null });
    return refs;
  };
  const orders = finalRows('orders');
  const fulfillment = finalRows('fulfillment');
  const orderViews: OrderLineView[] = orders.map(({ row }) => ({
    line_key: String(orderGet(row, 'line_key') ?? ''),
    order_id: str(orderGet(row, 'order_id')) ?? '',
    option_id: str(orderGet(row, 'option_id')),
    transaction: orderGet(row, 'transaction') === 'cancel' ? 'cancel' : 'sale',
    order_id_is_option_id:
      orderGet(row, 'order_id_is_option_id') !== false || orderGet(row, 'mapping_version') === 'v1',
    period_end: str(orderGet(row, 'period_end')),
    recognition_date: str(orderGet(row, 'recognition_date')),
    seller_borne_shipping: numberOrNull(orderGet(row, 'seller_borne_shipping')) ?? 0,
  }));
  const feeViews: FeeLineView[] = fulfillment.map(({ row }) => ({
    fee_type: (str(feeGet(row, 'fee_type')) ?? 'other') as FeeLineView['fee_type'],
    order_id: str(feeGet(row, 'order_id')),
    option_id: str(feeGet(row, 'option_id')),
    total_fee: numberOrNull(feeGet(row, 'total_fee')) ?? 0,
    attributed_line_key: str(feeGet(row, 'attributed_line_key')),
  }));
  const { attributedTo, shipping } = attributeShippingLines(orderViews, feeViews);

  const setDerived = (id: DataTabId, ref: Ref, column: number, value: Cell): boolean => {
    if (cellsEqual(ref.row[column] ?? null, value)) return false;
    const width = plans[id].tab.columns.length;
    if (ref.existingIndex === null) {
      ref.row[column] = value;
    } else {
      const planned = plans[id].updates.get(ref.existingIndex);
      const row = planned ?? ref.row.slice(0, width);
      row[column] = value;
      plans[id].updates.set(ref.existingIndex, row);
    }
    return true;
  };

  let linesChanged = 0;
  const shippingColumn = columnIndex(ORDERS_TAB, 'seller_borne_shipping');
  orders.forEach((ref, i) => {
    if (setDerived('orders', ref, shippingColumn, shipping[i] ?? 0)) linesChanged++;
  });
  const attributedColumn = columnIndex(FULFILLMENT_TAB, 'attributed_line_key');
  let attributedFees = 0;
  let unattributedFees = 0;
  fulfillment.forEach((ref, i) => {
    const target = attributedTo[i] ?? null;
    if (feeViews[i]?.order_id) {
      if (target) attributedFees++;
      else unattributedFees++;
    }
    setDerived('fulfillment', ref, attributedColumn, target);
  });
  return { attributedFees, unattributedFees, linesChanged };
}
