/**
 * The month close's sources read from the spreadsheet a slice at a time (src/core/summary/digest.ts):
 * the columns the summaries need of Orders, Fees and Fulfillment, never a formula column, as many rows
 * per read as the call's time budget allows. Where it stopped is a cursor the dialog sends back with
 * the digest, so 150,000 lines are read over several executions, each inside its budget.
 */
import type { Cell } from '../core/merge/cells';
import type { CommissionRule } from '../core/merge/commission';
import { str } from '../core/merge/table';
import type { CloseCursor } from '../core/model/rpc';
import { addToDigest, type CloseDigest, digestReadColumns } from '../core/summary/digest';
import { SOURCE_TABS } from '../core/summary/formula';
import { type Deadline, SHEETS_COST } from './sheets/budget';
import type { SheetsWorkbookPort } from './sheets/sheets-port';

const ORDER: readonly CloseCursor['source'][] = ['orders', 'fees', 'fulfillment', 'write'];
/** Rows per read at most (memory of one execution), and at least (a read of fewer is not worth a call). */
const MAX_SLICE_ROWS = 60_000;
const MIN_SLICE_ROWS = 500;
/** Kept free for what follows the reads in the same call (writing the month-close tabs). */
export const CLOSE_WRITE_RESERVE_MS = 30_000;

function next(source: CloseCursor['source']): CloseCursor {
  return { source: ORDER[ORDER.indexOf(source) + 1] ?? 'write', from: 0 };
}

/**
 * Reads from `cursor` on into `digest` until every source is read (cursor `write`) or the budget,
 * keeping CLOSE_WRITE_RESERVE_MS, is spent. Returns where it stopped.
 */
export function readCloseSources(
  port: SheetsWorkbookPort,
  rules: readonly CommissionRule[],
  start: CloseCursor,
  digest: CloseDigest,
  deadline: Deadline,
): CloseCursor {
  let cursor = start;
  while (cursor.source !== 'write') {
    const id = cursor.source;
    const tab = SOURCE_TABS[id];
    if (!port.hasTab(tab)) {
      cursor = next(id);
      continue;
    }
    const columns = digestReadColumns(id, rules);
    const perRow = columns.length * SHEETS_COST.cellReadMs;
    const affordable = Math.floor((deadline.remainingMs() - CLOSE_WRITE_RESERVE_MS) / perRow);
    const count = Math.min(MAX_SLICE_ROWS, affordable);
    if (count < MIN_SLICE_ROWS) return cursor;
    const read = port.readColumns(tab, columns, { from: cursor.from, count });
    const rows = read.columns[0]?.length ?? 0;
    const slice: Cell[][] = Array.from({ length: rows }, (_, i) =>
      read.columns.map((column) => column[i] ?? null),
    );
    const from = cursor.from;
    addToDigest(digest, id, slice, rules, (indexes) =>
      port
        .readRows(
          tab,
          indexes.map((i) => from + i),
          ['line_key'],
          false,
        )
        .map((row) => str(row[0] ?? null)),
    );
    cursor = from + rows >= read.size ? next(id) : { source: id, from: from + rows };
  }
  return cursor;
}
