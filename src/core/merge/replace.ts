/**
 * Step of the plan: a corrected download replaces its settlement period. Only once the import's
 * complete key set is known: scope = (tab, source_report, period_end) of the imported keys; rows of
 * the book in a scope whose key the import does not hold are removed. Rows without a period_end are
 * never removed this way.
 *
 * Nothing is removed without a reason that is true: a row is "no longer in the file" only if the file
 * was read whole. A scope that a file with rejected (unreadable) lines belongs to, or a file that could
 * not be read at all, is guarded: none of its rows are removed (guardFor).
 */
import type { FileSummary } from '../model/records';
import type { DataTabId, RemovalScope } from '../model/rpc';
import type { ImportedKey } from './plan';
import { AMOUNT_KEY, DATA_TAB_IDS, SCOPE_KEYS, scopeKey, str, viewAmount } from './table';
import type { TableView } from './view';

/** Scopes no row may be removed from: (report, period_end), or every period of a report when a file
 *  of it failed before its period was known. */
export interface ScopeGuard {
  guards(report: string, periodEnd: string | null): boolean;
}

export const NO_GUARD: ScopeGuard = { guards: () => false };

/** A file is incomplete when some of its lines were rejected or the whole file failed. */
export function isIncomplete(file: FileSummary): boolean {
  return file.rows_rejected > 0 || (file.status === 'failed' && file.report !== null);
}

export function guardFor(files: readonly FileSummary[]): ScopeGuard {
  const scopes = new Set<string>();
  const reports = new Set<string>();
  for (const f of files) {
    if (f.report === null || !isIncomplete(f)) continue;
    if (f.period_end === null) reports.add(f.report);
    else scopes.add(scopeKey(f.report, f.period_end));
  }
  if (scopes.size === 0 && reports.size === 0) return NO_GUARD;
  return {
    guards: (report, periodEnd) => reports.has(report) || scopes.has(scopeKey(report, periodEnd)),
  };
}

/**
 * What a complete import holds: per tab the settlement periods it replaces (`report|period_end`,
 * scopeKey) and whether it holds a key. The command line knows every key (`completeImportOf`); the
 * add-on's finish knows them by count and digest (src/addon/server.ts).
 */
export interface CompleteImport {
  scopes: Record<DataTabId, ReadonlySet<string>>;
  /** Does the import hold `key` (a row of the book in scope `scope` of tab `tab`)? */
  holds(tab: DataTabId, key: string, scope: string): boolean;
}

/** Every key of the import, in memory. */
export function completeImportOf(keys: readonly ImportedKey[]): CompleteImport {
  const scopes: Record<DataTabId, Set<string>> = {
    orders: new Set(),
    fees: new Set(),
    fulfillment: new Set(),
  };
  const held: Record<DataTabId, Set<string>> = { orders: new Set(), fees: new Set(), fulfillment: new Set() };
  for (const k of keys) {
    held[k.tab].add(k.key);
    if (k.period_end) scopes[k.tab].add(scopeKey(k.source_report, k.period_end));
  }
  return { scopes, holds: (tab, key) => held[tab].has(key) };
}

export interface ReplacedPeriod {
  tab: DataTabId;
  source_report: string;
  period_end: string;
  removed: number;
}

export interface Replacement {
  replaced: ReplacedPeriod[];
  removals: RemovalScope[];
}

/** Adds to `removed` the rows of replaced periods the complete import no longer holds. Reads the key
 *  and period columns of each tab the import replaces a period of, then the money of those rows. */
export function replacePeriods(
  existing: Record<DataTabId, TableView>,
  complete: CompleteImport,
  guard: ScopeGuard,
  removed: Record<DataTabId, Set<number>>,
): Replacement {
  const result: Replacement = { replaced: [], removals: [] };
  for (const id of DATA_TAB_IDS) {
    const scopes = new Set<string>();
    for (const scope of complete.scopes[id]) {
      const [report = '', periodEnd = ''] = splitScope(scope);
      if (!guard.guards(report, periodEnd)) scopes.add(scope);
    }
    const view = existing[id];
    if (scopes.size === 0 || view.size === 0) continue;
    view.need(['line_key', ...SCOPE_KEYS]);
    const keys = view.column('line_key');
    const reports = view.column('source_report');
    const ends = view.column('period_end');
    const gone: number[] = [];
    for (let i = 0; i < view.size; i++) {
      const key = str(keys[i]);
      if (key === null || removed[id].has(i)) continue;
      const report = str(reports[i]);
      const periodEnd = str(ends[i]);
      const scope = scopeKey(report, periodEnd);
      if (!scopes.has(scope) || report === null || periodEnd === null) continue;
      if (complete.holds(id, key, scope)) continue;
      gone.push(i);
    }
    const amountKey = AMOUNT_KEY[id];
    if (amountKey) view.loadRows(gone, [amountKey]);
    const byScope = new Map<string, { period: ReplacedPeriod; removal: RemovalScope }>();
    for (const i of gone) {
      removed[id].add(i);
      const report = str(reports[i]) ?? '';
      const periodEnd = str(ends[i]) ?? '';
      const scope = scopeKey(report, periodEnd);
      let entry = byScope.get(scope);
      if (!entry) {
        entry = {
          period: { tab: id, source_report: report, period_end: periodEnd, removed: 0 },
          removal: {
            reason: 'replaced',
            tab: id,
            source_report: report,
            period_start: null,
            period_end: periodEnd,
            rows: 0,
            amount: 0,
          },
        };
        byScope.set(scope, entry);
        result.replaced.push(entry.period);
        result.removals.push(entry.removal);
      }
      entry.period.removed++;
      entry.removal.rows++;
      entry.removal.amount += viewAmount(view, id, i);
    }
  }
  return result;
}

/** `report|period_end` → its two parts (a report code never holds `|`). */
export function splitScope(scope: string): [string, string] {
  const bar = scope.indexOf('|');
  return [scope.slice(0, bar), scope.slice(bar + 1)];
}
