/**
 * Step of the plan: two records of one import with the same key (an .xlsx and its CSV re-save, two
 * parts of a download that overlap). The first is written; an identical later one is counted once
 * (`skipped`, never written twice, and one problem row per file says which file it repeated); a
 * different later one is `rejected` with a problem row, since which of the two is right cannot be told.
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
  private readonly seen = new Map<string, { row: Cell[]; file: string }>();
  /** Lines counted once, per (later file, earlier file). */
  private readonly repeats = new Map<string, { file: string; sheet: string; other: string; count: number }>();

  constructor(private readonly compared: readonly number[]) {}

  check(record: AnyRecord, row: Cell[]): DuplicateVerdict {
    const earlier = this.seen.get(record.line_key);
    if (!earlier) {
      this.seen.set(record.line_key, { row, file: record.source_file });
      return { kind: 'first' };
    }
    if (this.compared.every((c) => cellsEqual(earlier.row[c] ?? null, row[c] ?? null))) {
      const pair = `${record.source_file}\u0000${earlier.file}`;
      const repeat = this.repeats.get(pair) ?? {
        file: record.source_file,
        sheet: record.source_sheet,
        other: earlier.file,
        count: 0,
      };
      repeat.count++;
      this.repeats.set(pair, repeat);
      return { kind: 'skipped' };
    }
    // This row was not written (the first one was): an error in the Import problems tab's terms.
    const problem = makeProblem('DUPLICATE_KEY_CONFLICT', 'error', {
      file: record.source_file,
      sheet: record.source_sheet,
      row: record.source_row,
      value: record.line_key,
    });
    return { kind: 'rejected', problem };
  }

  /** One note per file whose lines repeated another file of this import (a CSV re-save). */
  problems(): Problem[] {
    return [...this.repeats.values()].map((r) =>
      makeProblem(
        'DUPLICATE_LINES',
        'warning',
        { file: r.file, sheet: r.sheet },
        { count: r.count, other: r.other },
      ),
    );
  }
}
