/**
 * Step of the plan: what became of each incoming record, counted per file (by LINE: a source row of
 * the file, whatever number of records it gave) and per replaced scope (what a dry run predicts).
 */
import type { DataTabId, FileOutcome, ScopeMatch } from '../model/rpc';
import { splitScope } from './replace';
import { type AnyRecord, scopeKey, str, viewAmount } from './table';
import type { TableView } from './view';

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

/** What a record's outcome means for the book: the key stands in the tab after the step. */
const IN_BOOK: ReadonlySet<Outcome> = new Set(['inserted', 'updated', 'unchanged']);

/**
 * Per (report, period_end) of the records of a tab: the existing rows of that scope their keys matched
 * (with their money: what a dry run predicts a replacement keeps), and the keys that stand in the tab
 * after the step (`present`: the add-on's finish compares them with the rows of the scope to know
 * whether a corrected download removes anything). The scope's own row count is not read here (it
 * would cost a read of the whole tab per chunk): the finish counts it once.
 */
export class ScopeTallies {
  private readonly scopes = new Map<string, { matched: Map<string, number>; present: Set<string> }>();

  constructor(
    private readonly id: DataTabId,
    private readonly view: TableView,
  ) {}

  /** `at`: the data index the record's key was found at (its scope and money loaded), if any. */
  add(record: AnyRecord, outcome: Outcome, at: number | undefined): void {
    if (!record.period_end) return;
    const scope = scopeKey(record.source_report, record.period_end);
    let entry = this.scopes.get(scope);
    if (!entry) {
      entry = { matched: new Map(), present: new Set() };
      this.scopes.set(scope, entry);
    }
    if (IN_BOOK.has(outcome)) entry.present.add(record.line_key);
    // Only keys that really sit in this scope count as matched.
    if (at === undefined || entry.matched.has(record.line_key)) return;
    const rowScope = scopeKey(str(this.view.get(at, 'source_report')), str(this.view.get(at, 'period_end')));
    if (rowScope === scope) entry.matched.set(record.line_key, viewAmount(this.view, this.id, at));
  }

  matches(): ScopeMatch[] {
    const out: ScopeMatch[] = [];
    for (const [scope, { matched, present }] of this.scopes) {
      const [source_report, period_end] = splitScope(scope);
      let matchedAmount = 0;
      for (const amount of matched.values()) matchedAmount += amount;
      out.push({
        tab: this.id,
        source_report,
        period_end,
        matched: matched.size,
        matchedAmount,
        present: present.size,
        existing: 0,
        existingAmount: 0,
      });
    }
    return out;
  }
}
