/**
 * Step of the plan: two records of one import with the same key (an .xlsx and its CSV re-save, two
 * parts of a download that overlap). The first is written; an identical later one is counted once
 * (`skipped`, never written twice); a different later one is `rejected` with a problem row, since
 * which of the two is right cannot be told.
 */
import { makeProblem } from '../messages';
import type { Problem } from '../model/records';
import { type Cell, cellsEqual } from './cells';
import type { AnyRecord } from './table';

export type DuplicateVerdict =
  | { kind: 'first' }
  | { kind: 'skipped' }
  | { kind: 'rejected'; problem: Problem };

export class ImportDuplicates {
  private readonly seen = new Map<string, Cell[]>();

  constructor(private readonly compared: readonly number[]) {}

  check(record: AnyRecord, row: Cell[]): DuplicateVerdict {
    const earlier = this.seen.get(record.line_key);
    if (!earlier) {
      this.seen.set(record.line_key, row);
      return { kind: 'first' };
    }
    if (this.compared.every((c) => cellsEqual(earlier[c] ?? null, row[c] ?? null)))
      return { kind: 'skipped' };
    // This row was not written (the first one was): an error in the Import problems tab's terms.
    const problem = makeProblem('DUPLICATE_KEY_CONFLICT', 'error', {
      file: record.source_file,
      sheet: record.source_sheet,
      row: record.source_row,
      value: record.line_key,
    });
    return { kind: 'rejected', problem };
  }
}
