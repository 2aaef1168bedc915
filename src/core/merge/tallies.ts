/**
 * Step of the plan: what became of each incoming record, counted per file (by LINE: a source row of
 * the file, whatever number of records it gave) and per replaced scope (what a dry run predicts).
 */
import type { DataTabId, FileOutcome, ScopeMatch } from '../model/rpc';
import type { TableSnapshot } from './port';
import { type AnyRecord, DATA_TAB_DEFS, getter, rowAmount, scopeKey, str } from './table';

/** What happened to one incoming record. */
export type Outcome = 'inserted' | 'updated' | 'unchanged' | 'rejected' | 'skipped' | 'superseded';

/** A line's fate is the worst of its records': a line with one record rejected is not in the book. */
const RANK: Record<Outcome, number> = {
  unchanged: 0,
  updated: 1,
  inserted: 2,
  superseded: 3,
  skipped: 4,
  rejected: 5,
};

interface FileTally {
  outcome: FileOutcome;
  lines: Map<string, Outcome>;
}

export class FileTallies {
  private readonly files = new Map<string, FileTally>();

  add(record: AnyRecord, outcome: Outcome, amount: number): void {
    let tally = this.files.get(record.source_file);
    if (!tally) {
      tally = {
        outcome: {
          file: record.source_file,
          inserted: 0,
          updated: 0,
          unchanged: 0,
          rejected: 0,
          skipped: 0,
          superseded: 0,
          amountInFile: 0,
          amountWritten: 0,
          amountSuperseded: 0,
          amountSkipped: 0,
          amountRejected: 0,
        },
        lines: new Map(),
      };
      this.files.set(record.source_file, tally);
    }
    const line = `${record.source_sheet}\u0000${record.source_row}`;
    const before = tally.lines.get(line);
    if (before === undefined || RANK[outcome] > RANK[before]) tally.lines.set(line, outcome);
    const o = tally.outcome;
    o.amountInFile += amount;
    if (outcome === 'superseded') o.amountSuperseded += amount;
    else if (outcome === 'skipped') o.amountSkipped += amount;
    else if (outcome === 'rejected') o.amountRejected += amount;
    else o.amountWritten += amount;
  }

  outcomes(): FileOutcome[] {
    return [...this.files.values()].map(({ outcome, lines }) => {
      for (const fate of lines.values()) outcome[fate]++;
      return outcome;
    });
  }
}

/** Per (report, period_end) of a tab: the rows of the book in it, and those the records matched. */
export class ScopeTallies {
  private readonly scopes = new Map<string, { matched: Set<string> }>();

  constructor(
    private readonly id: DataTabId,
    private readonly table: TableSnapshot,
    private readonly index: ReadonlyMap<string, number>,
  ) {}

  add(record: AnyRecord): void {
    if (!record.period_end) return;
    const scope = scopeKey(record.source_report, record.period_end);
    let entry = this.scopes.get(scope);
    if (!entry) {
      entry = { matched: new Set() };
      this.scopes.set(scope, entry);
    }
    if (this.index.has(record.line_key)) entry.matched.add(record.line_key);
  }

  matches(): ScopeMatch[] {
    if (this.scopes.size === 0) return [];
    const get = getter(DATA_TAB_DEFS[this.id]);
    const amount = rowAmount(this.id);
    const totals = new Map<string, { existing: number; existingAmount: number }>();
    const rowScope = (row: readonly (string | number | boolean | null)[]) =>
      scopeKey(str(get(row, 'source_report')), str(get(row, 'period_end')));
    for (const row of this.table.rows) {
      const scope = rowScope(row);
      if (!this.scopes.has(scope)) continue;
      const total = totals.get(scope) ?? { existing: 0, existingAmount: 0 };
      total.existing++;
      total.existingAmount += amount(row);
      totals.set(scope, total);
    }
    const out: ScopeMatch[] = [];
    for (const [scope, { matched }] of this.scopes) {
      const [source_report = '', period_end = ''] = scope.split('|');
      // Only keys that really sit in this scope count as matched.
      let count = 0;
      let matchedAmount = 0;
      for (const key of matched) {
        const at = this.index.get(key);
        const row = at === undefined ? undefined : this.table.rows[at];
        if (row && rowScope(row) === scope) {
          count++;
          matchedAmount += amount(row);
        }
      }
      const total = totals.get(scope) ?? { existing: 0, existingAmount: 0 };
      out.push({ tab: this.id, source_report, period_end, matched: count, matchedAmount, ...total });
    }
    return out;
  }
}
