/**
 * Step of the plan: the incoming records of one tab against its rows, matched by line_key (never by
 * position, so a sorted or filtered tab merges the same way).
 *   same key, same data  → unchanged (lineage, derived and formula columns do not count);
 *   same key, other data → the managed cells of that row are rewritten in place (updated);
 *   new key              → appended (inserted).
 * Before that, a v1 record of a span v2 covers is `superseded` (supersede.ts) and a second record of
 * this import with the same key is `skipped` or `rejected` (duplicates.ts).
 */
import type { FeeRecord, Problem } from '../model/records';
import type { DataTabId, Lang } from '../model/rpc';
import { columnIndex, FEES_TAB, type TabDef } from '../model/tabs';
import { type Cell, cellsEqual, compareColumns, recordToRow } from './cells';
import { type CommissionRule, effectiveCommission } from './commission';
import { ImportDuplicates } from './duplicates';
import type { TabPlan } from './plan';
import type { V1Overlap } from './supersede';
import { type AnyRecord, numberOrNull, recordAmount } from './table';
import { type FileTallies, type Outcome, ScopeTallies } from './tallies';
import { truncateCells } from './truncation';
import type { TableView } from './view';

/** What the diff of every tab shares: the v1 cover, the files' tallies, and what it found. */
export interface DiffContext {
  lang: Lang;
  maxCellChars: number;
  rules: readonly CommissionRule[];
  overlap: V1Overlap;
  /** line_keys of superseded Orders lines (their Fees follow them). */
  supersededKeys: Set<string>;
  v1Superseded: { removed: number; skipped: number };
  files: FileTallies;
  problems: Problem[];
  truncatedCells: number;
  commissionsMissing: number;
  /** Fees rows written or matched, with the override of their row, for the commission cells. */
  feeRows: { row: Cell[]; override: number | null }[];
  /** Order IDs of the Orders and Fulfillment records: the orders whose shipping attribution may change. */
  orderIds: Set<string>;
}

const DERIVED_KEYS = ['seller_borne_shipping', 'attributed_line_key'];

/** What the diff reads of an existing row its key matched: the compared columns (its scope and money
 *  among them), the derived ones it keeps, and the user's (the override the commission depends on). */
export function matchKeys(tab: TabDef): string[] {
  const compared = new Set(compareColumns(tab));
  return tab.columns
    .filter((col, c) => compared.has(c) || DERIVED_KEYS.includes(col.key) || col.userOwned)
    .map((col) => col.key);
}

export function diffTab(
  ctx: DiffContext,
  id: DataTabId,
  plan: TabPlan,
  view: TableView,
  index: ReadonlyMap<string, number>,
  removed: ReadonlySet<number>,
  records: readonly AnyRecord[],
): ReturnType<ScopeTallies['matches']> {
  const tab = plan.tab;
  const compared = compareColumns(tab);
  const duplicates = new ImportDuplicates(compared);
  const scopes = new ScopeTallies(id, view);
  // One read of the rows the records' keys hit (the only existing rows this step looks at).
  const hits: number[] = [];
  for (const record of records) {
    const at = index.get(record.line_key);
    if (at !== undefined) hits.push(at);
  }
  view.loadRows(hits, matchKeys(tab));
  const derived = DERIVED_KEYS.filter((key) => tab.columns.some((c) => c.key === key)).map((key) =>
    columnIndex(tab, key),
  );
  const overrideIndex = columnIndex(FEES_TAB, 'commission_override');
  const ruleDateIndex = columnIndex(FEES_TAB, 'rule_date');

  for (const record of records) {
    const row = recordToRow(tab, record);
    if (id === 'fees') {
      const fee = record as FeeRecord;
      row[ruleDateIndex] = fee.recognition_date ?? fee.period_end;
    }
    const cut = truncateCells(record, tab, row, ctx.maxCellChars, ctx.lang);
    ctx.truncatedCells += cut.length;
    ctx.problems.push(...cut);

    let outcome: Outcome;
    const isV1 = 'mapping_version' in record && record.mapping_version === 'v1';
    const periodStart = 'period_start' in record ? record.period_start : null;
    if (isV1 && (ctx.overlap(periodStart, record.period_end) || ctx.supersededKeys.has(record.line_key))) {
      outcome = 'superseded';
      if (id === 'orders') {
        ctx.v1Superseded.skipped++;
        ctx.supersededKeys.add(record.line_key);
      }
    } else {
      const verdict = duplicates.check(record, row);
      if (verdict.kind === 'rejected') {
        outcome = 'rejected';
        ctx.problems.push(verdict.problem);
      } else if (verdict.kind === 'skipped') {
        outcome = 'skipped';
      } else {
        const at = index.get(record.line_key);
        let override: number | null = null;
        if (at !== undefined && !removed.has(at)) {
          const current = view.row(at);
          const same = compared.every((c) => cellsEqual(current[c] ?? null, row[c] ?? null));
          // Derived columns keep their current value until the shipping step recomputes them.
          for (const c of derived) row[c] = current[c] ?? null;
          if (same) outcome = 'unchanged';
          else {
            outcome = 'updated';
            plan.updates.set(at, row);
          }
          override = numberOrNull(current[overrideIndex]);
        } else {
          outcome = 'inserted';
          plan.inserts.push(row);
        }
        if (id === 'fees') {
          ctx.feeRows.push({ row, override });
          if (effectiveCommission(record as FeeRecord, override, ctx.rules).source === 'none')
            ctx.commissionsMissing++;
        }
      }
    }
    plan.counts[outcome]++;
    const amount = recordAmount(id, record);
    if (amount !== null) ctx.files.add(record, outcome, amount);
    scopes.add(record, outcome, index.get(record.line_key));
    if (id !== 'fees' && record.order_id) ctx.orderIds.add(record.order_id);
  }
  // Fees mirror their Orders lines: the repeat is said once, on Orders.
  if (id !== 'fees') ctx.problems.push(...duplicates.problems());
  return scopes.matches();
}
