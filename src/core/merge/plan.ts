/**
 * The merge planner (pure): current tab contents + new records → per tab the rows to update,
 * insert and remove, the counts of the summary, and the removals the seller is asked to confirm.
 * Rules: normalized-tabs.md "Keys and re-imports". It reads as its steps, each in its own module:
 *
 *   1. supersede  (supersede.ts)  v1 rows of the book covered by v2 data are removed;
 *   2. replace    (replace.ts)    a complete import replaces its settlement periods: rows it no longer
 *                                 holds are removed, never in a period a file with unread lines is in;
 *   3. diff       (diff.ts)       each incoming record: superseded, a duplicate within the import
 *                                 (duplicates.ts), unchanged, updated or inserted; long text cut
 *                                 (truncation.ts); counted per file line and per scope (tallies.ts);
 *   4. derived    (derived.ts)    commission cells, then seller-borne shipping over the final state;
 *   5. removals   (removals.ts)   removals into the tab plans, with what a person typed on them kept.
 */
import type { FeeRecord, FileSummary, FulfillmentRecord, OrderRecord, Problem } from '../model/records';
import {
  type DataTabId,
  emptyTabCounts,
  type FileOutcome,
  type Lang,
  type Removals,
  type ScopeMatch,
  type ShippingSummary,
  type TabCounts,
} from '../model/rpc';
import type { TabDef } from '../model/tabs';
import type { Cell } from './cells';
import type { CommissionRule } from './commission';
import { countAttribution, fillCommissionCells, planShipping } from './derived';
import { type DiffContext, diffTab } from './diff';
import { planRemovals, summarizeRemovals } from './removals';
import { type CompleteImport, guardFor, type ReplacedPeriod, replacePeriods } from './replace';
import { bookHasV1, createV1Overlap, supersedeExisting } from './supersede';
import { DATA_TAB_DEFS, DATA_TAB_IDS, keyIndex } from './table';
import { FileTallies } from './tallies';
import type { TableView } from './view';

export { fillCommissionCells, holdsCommissionCells } from './derived';
export { DATA_TAB_DEFS, DATA_TAB_IDS } from './table';

/** A key of the import with its scope (the command line keeps them all in memory). */
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
  /** The data tabs, read as the steps need them (view.ts). */
  existing: Record<DataTabId, TableView>;
  incoming: IncomingRecords;
  rules: readonly CommissionRule[];
  maxCellChars: number;
  /** What the whole import holds, or null while more chunks are coming (no scope removals). */
  completeImport: CompleteImport | null;
  /** The files of the import: a file with rejected lines, or one that failed, guards its period from
   *  removals (replace.ts). Needed with completeImport. */
  files?: readonly FileSummary[];
  /** Count the attributed and unattributed fees over the whole Fulfillment tab (ShippingSummary);
   *  otherwise only those of the orders this step touches are counted. */
  countAllFees?: boolean;
}

export type RemovalReason = 'replaced' | 'superseded';

export interface TabPlan {
  tab: TabDef;
  /** data index → new managed cells (length = columns; user-owned cells are not written). */
  updates: Map<number, Cell[]>;
  /** data index → column index → value: a derived cell of an existing row that is not otherwise
   *  updated (shipping attribution), written alone. */
  cellUpdates: Map<number, Map<number, Cell>>;
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
  replaced: ReplacedPeriod[];
  /** Every row of the book this plan removes, by scope, count and money: applied only with consent. */
  removals: Removals;
  files: FileOutcome[];
  shipping: ShippingSummary;
  commissionsMissing: number;
  truncatedCells: number;
  preservedUserRows: number;
  problems: Problem[];
}

const isV1 = (r: { mapping_version: string }) => r.mapping_version === 'v1';

export function planMerge(input: PlanInput): MergePlan {
  const { existing, incoming } = input;
  const plans = {} as Record<DataTabId, TabPlan>;
  const indexes = {} as Record<DataTabId, Map<string, number>>;
  for (const id of DATA_TAB_IDS) {
    plans[id] = {
      tab: DATA_TAB_DEFS[id],
      updates: new Map(),
      cellUpdates: new Map(),
      inserts: [],
      removals: [],
      counts: emptyTabCounts(),
    };
    indexes[id] = existing[id].size > 0 ? keyIndex(existing[id].column('line_key')) : new Map();
  }

  // 1. supersede: only where a v1 row or record exists can anything be covered.
  const v1InBook = bookHasV1(existing);
  const v1Incoming = incoming.orders.some(isV1) || incoming.fees.some(isV1);
  const overlap = createV1Overlap(existing, incoming, v1InBook || v1Incoming);
  const superseded = v1InBook
    ? supersedeExisting(existing, overlap)
    : {
        removed: { orders: new Set<number>(), fees: new Set<number>() },
        keys: new Set<string>(),
        count: 0,
        removals: [],
      };
  const removed: Record<DataTabId, Set<number>> = {
    orders: superseded.removed.orders,
    fees: superseded.removed.fees,
    fulfillment: new Set(),
  };

  // 2. replace
  const replacement = input.completeImport
    ? replacePeriods(existing, input.completeImport, guardFor(input.files ?? []), removed)
    : { replaced: [], removals: [] };

  // 3. diff
  const ctx: DiffContext = {
    lang: input.lang,
    maxCellChars: input.maxCellChars,
    rules: input.rules,
    overlap,
    supersededKeys: superseded.keys,
    v1Superseded: { removed: superseded.count, skipped: 0 },
    files: new FileTallies(),
    problems: [],
    truncatedCells: 0,
    commissionsMissing: 0,
    feeRows: [],
    orderIds: new Set(),
  };
  const scopes: ScopeMatch[] = [];
  for (const id of DATA_TAB_IDS) {
    scopes.push(...diffTab(ctx, id, plans[id], existing[id], indexes[id], removed[id], incoming[id]));
  }

  // 4. derived
  for (const { row, override } of ctx.feeRows) fillCommissionCells(row, override, input.rules);

  // 5. removals
  const kept = planRemovals(plans, removed, existing, input.lang);
  const shipping = planShipping(plans, existing, removed, ctx.orderIds);
  if (input.countAllFees)
    Object.assign(shipping, countAttribution(plans.fulfillment, existing.fulfillment, removed.fulfillment));

  return {
    tabs: plans,
    v1Superseded: ctx.v1Superseded,
    scopes,
    replaced: replacement.replaced,
    removals: summarizeRemovals([...superseded.removals, ...replacement.removals]),
    files: ctx.files.outcomes(),
    shipping,
    commissionsMissing: ctx.commissionsMissing,
    truncatedCells: ctx.truncatedCells,
    preservedUserRows: kept.preservedUserRows,
    problems: [...ctx.problems, ...kept.problems],
  };
}
