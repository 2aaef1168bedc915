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
import type { TableSnapshot } from './port';
import { DATA_TAB_DEFS, DATA_TAB_IDS, getter, rowAmount, scopeKey, str } from './table';

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

/** Adds to `removed` the rows of replaced periods the complete import no longer holds. */
export function replacePeriods(
  existing: Record<DataTabId, TableSnapshot>,
  completeImport: readonly ImportedKey[],
  guard: ScopeGuard,
  removed: Record<DataTabId, Set<number>>,
): Replacement {
  const result: Replacement = { replaced: [], removals: [] };
  for (const id of DATA_TAB_IDS) {
    const keys = new Set<string>();
    const scopes = new Set<string>();
    for (const k of completeImport) {
      if (k.tab !== id) continue;
      keys.add(k.key);
      if (k.period_end && !guard.guards(k.source_report, k.period_end))
        scopes.add(scopeKey(k.source_report, k.period_end));
    }
    if (scopes.size === 0) continue;
    const get = getter(DATA_TAB_DEFS[id]);
    const amount = rowAmount(id);
    const byScope = new Map<string, { period: ReplacedPeriod; removal: RemovalScope }>();
    existing[id].rows.forEach((row, i) => {
      const key = str(row[0]);
      if (key === null || keys.has(key) || removed[id].has(i)) return;
      const report = str(get(row, 'source_report'));
      const periodEnd = str(get(row, 'period_end'));
      const scope = scopeKey(report, periodEnd);
      if (!scopes.has(scope) || report === null || periodEnd === null) return;
      removed[id].add(i);
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
      entry.removal.amount += amount(row);
    });
  }
  return result;
}
