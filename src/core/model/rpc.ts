/**
 * The google.script.run contract between the import dialog and the add-on server.
 *
 * One import = begin → chunk × N (one after another, never in parallel) → finish → close × M. The
 * function names and payload types the dialog uses are the signatures of src/addon/main.ts (see
 * src/ui/server-client.ts).
 *
 *   cjetImportBegin(ImportBeginRequest)   → ImportBeginResponse
 *       validates, takes the document lock, creates the managed tabs (not in a dry run), checks the
 *       10,000,000-cell limit for the rows the import may add and REFUSES before anything is written.
 *       Writes the normalize problems to the Import problems tab (not in a dry run).
 *   cjetImportChunk(ImportChunkRequest)   → ImportChunkResponse
 *       merges ≤ MAX_CHUNK_ROWS records (orders + fees + fulfillment, in the compact wire form of
 *       wire.ts) by line_key; per tab counts. Each chunk leaves every tab consistent (an interrupted
 *       import can simply be run again).
 *   cjetImportFinish(ImportFinishRequest) → ImportFinishResponse
 *       removes rows of the replaced settlement periods that the import no longer contains
 *       (corrected downloads), re-attributes shipping, writes the Import log (not in a dry run) and
 *       returns the summary.
 *   cjetImportClose(ImportCloseRequest)   → ImportCloseResponse
 *       refreshes the month-close tabs from the normalized tabs (not in a dry run), reading them a
 *       slice at a time; returns the headline of the import's months.
 *
 * The server keeps NO memory between calls (Apps Script re-evaluates the bundle on every call), so
 * the client passes back what a later call needs: the chunk responses to finish (`chunks` feeds the
 * per-file log rows; `scopes` say per (tab, report, period_end) which rows the chunks matched and how
 * many keys stand in the tab), the digest of the month close from one close call to the next. The
 * finish compares the rows of each replaced period with the keys the chunks left in it; only when the
 * period holds more does it ask for the import's keys (`needKeys`), which the dialog sends as hashes
 * (src/core/merge/keyHash.ts). Nothing is staged in the spreadsheet.
 *
 * Time: every call stops before its time budget (src/addon/sheets/budget.ts). A call that could not
 * finish its work answers `resume: true`; the client sends the same request again (with what it says
 * to add), and the call goes on from what the tabs hold. `budgetMs` lowers the budget (tests).
 *
 * Dry run = "the server's plan": the same code path; nothing is written to any tab.
 *
 * Every payload is validated with zod on the server (and may be on the client). Payloads must survive
 * google.script.run: no Date (dates are `YYYY-MM-DD` strings), no undefined inside arrays (null), no
 * functions. A refusal is returned, not thrown, so the dialog can show `message` (Korean, then English).
 */
import { z } from 'zod';
import { refusalMessage } from '../messages';
import { MonthHeadline } from '../summary/headline';
import { FileSummary, IsoDate, Problem } from './records';
import { WireCell, WireChunk } from './wire';

/** Records (orders + fees + fulfillment together) per chunk. The dialog sends at most 12,000 (2 MB of
 *  the compact wire form, src/core/merge/chunks.ts), fewer when a call took long. */
export const MAX_CHUNK_ROWS = 15_000;

/** A lower time budget for one call (tests): the server uses the smaller of this and its own. */
const BudgetMs = z.number().int().positive().optional();

export const Lang = z.enum(['ko', 'en']);
export type Lang = z.infer<typeof Lang>;

/** The three tabs an import merges into. */
export const DataTabId = z.enum(['orders', 'fees', 'fulfillment']);
export type DataTabId = z.infer<typeof DataTabId>;

const Count = z.number().int().nonnegative();

/** Why the server did not do what was asked. Nothing was written when this is set. */
export const Refusal = z.object({
  code: z.enum([
    'INVALID_REQUEST',
    'LOCKED',
    'CELL_LIMIT',
    'UNKNOWN_IMPORT',
    'FAILED',
    /** The import would remove rows that are in the book and the request did not consent. */
    'REMOVALS_NEED_CONSENT',
    /** Two sheets claim one managed tab (a copy of it): which one is ours is not guessed. */
    'AMBIGUOUS_TAB',
  ]),
  /** Korean first, then English, separated by a line break. */
  message: z.string(),
});
export type Refusal = z.infer<typeof Refusal>;

export const RecordCounts = z.object({ orders: Count, fees: Count, fulfillment: Count });
export type RecordCounts = z.infer<typeof RecordCounts>;

// ── begin ────────────────────────────────────────────────────────────────────────────────────────

export const ImportBeginRequest = z.object({
  lang: Lang,
  dryRun: z.boolean(),
  /** `NormalizeResult.files`: one per file read (recognised or not). */
  files: z.array(FileSummary),
  /** `NormalizeResult.problems`: written to the Import problems tab at begin (not in a dry run). */
  problems: z.array(Problem),
  /** How many records the chunks will carry in total (for the cell-limit check). */
  counts: RecordCounts,
});
export type ImportBeginRequest = z.infer<typeof ImportBeginRequest>;

export const ImportBeginResponse = z.object({
  /** Pass to every chunk and to finish. Also the `import_id` lineage of every row written. */
  importId: z.string(),
  refused: Refusal.nullable(),
  /** Cells of the whole spreadsheet now, what this import may add at most, and the limit. */
  cells: z.object({ used: Count, needed: Count, limit: Count }),
  /** Rows each managed tab held before the import. */
  existingRows: RecordCounts,
  maxChunkRows: Count,
});
export type ImportBeginResponse = z.infer<typeof ImportBeginResponse>;

// ── chunk ────────────────────────────────────────────────────────────────────────────────────────

export const ImportChunkRequest = z.object({
  importId: z.string().min(1),
  dryRun: z.boolean(),
  lang: Lang,
  /** 0, 1, 2 … in the order sent. */
  seq: Count,
  /** The seller confirmed the removals the dry run announced (ImportFinishResponse.removals). Without
   *  it a chunk that would remove rows of the book is refused, nothing written. */
  allowRemovals: z.boolean().default(false),
  /** The records, compact (wire.ts); each is validated against records.ts once decoded. */
  records: WireChunk,
  budgetMs: BudgetMs,
});
export type ImportChunkRequest = z.infer<typeof ImportChunkRequest>;

/** What happened to the rows of one tab. `removed` in a chunk = v1 rows superseded by v2 data. */
export const TabCounts = z.object({
  inserted: Count,
  updated: Count,
  unchanged: Count,
  removed: Count,
  /** Records not written because they conflict: a different record of this import has the same key. */
  rejected: Count,
  /** Records not written because an identical record of this import (same key, same values: an .xlsx
   *  and its CSV re-save) was written: counted once. */
  skipped: Count,
  /** v1 (판매분석) records not written because settlement (v2) data covers their span: replaced, not
   *  rejected (normalized-tabs.md "v2 supersedes v1"). */
  superseded: Count,
});
export type TabCounts = z.infer<typeof TabCounts>;

export const TabCountsByTab = z.object({ orders: TabCounts, fees: TabCounts, fulfillment: TabCounts });
export type TabCountsByTab = z.infer<typeof TabCountsByTab>;

/** A settlement period of one report that the import replaces (a corrected download). */
export const ScopeMatch = z.object({
  tab: DataTabId,
  source_report: z.string(),
  period_end: IsoDate,
  /** Existing rows of this scope before the import. A chunk does not count them (that would read the
   *  whole tab per chunk): it says 0, and the finish of a dry run counts them once. */
  existing: Count,
  /** Distinct existing keys of this scope that this chunk's records matched. */
  matched: Count,
  /** Distinct keys of this chunk's records in this scope that stand in the tab after the chunk
   *  (inserted, updated, unchanged): the finish compares their sum with the rows of the scope. */
  present: Count.default(0),
  /** Σ money of the scope's existing rows (orders: gross_sales; fulfillment: total_fee; fees: 0) … */
  existingAmount: z.number().int(),
  /** … and of the existing rows this chunk matched: what a dry run predicts a replacement removes. */
  matchedAmount: z.number().int(),
});
export type ScopeMatch = z.infer<typeof ScopeMatch>;

/**
 * Per source file: feeds the Import log row and the control line of that file. Counts are LINES of
 * the file (source rows: a CFS row with two fee groups is one line of two records), so that with the
 * file's own rows_read they balance: read = written + unchanged + rejected + skipped + superseded.
 * A line's fate is the worst of its records' (rejected › skipped › superseded › written › unchanged).
 * Amounts are integer KRW over the file's records (orders: gross_sales, fulfillment: total_fee).
 */
export const FileOutcome = z.object({
  file: z.string(),
  inserted: Count,
  updated: Count,
  unchanged: Count,
  /** Lines not written because of a conflict (never the superseded ones, counted apart). */
  rejected: Count,
  /** Lines not written because they repeat another line of this import (an .xlsx and its CSV re-save). */
  skipped: Count,
  /** Σ of the file's records … */
  amountInFile: z.number().int(),
  /** … and Σ of those that now stand in the tabs (inserted, updated, unchanged). */
  amountWritten: z.number().int(),
  /** v1 lines not written because v2 data covers their span (explains amountInFile − amountWritten). */
  superseded: Count,
  amountSuperseded: z.number().int(),
  amountSkipped: z.number().int(),
  amountRejected: z.number().int(),
});
export type FileOutcome = z.infer<typeof FileOutcome>;

export const ShippingSummary = z.object({
  /** Fulfillment rows with an order_id that are charged to an Orders line … */
  attributedFees: Count,
  /** … and those whose order line is not in the tab (yet). */
  unattributedFees: Count,
  /** Orders lines whose seller_borne_shipping this step changed. */
  linesChanged: Count,
});
export type ShippingSummary = z.infer<typeof ShippingSummary>;

/** Rows of the book an import removes, per scope and reason, by count and money: what the seller is
 *  asked to confirm before anything is written. `rows` counts Orders and Fulfillment rows (a Fees row
 *  mirrors its Orders line: listed, never added to the money). */
export const RemovalScope = z.object({
  /** `replaced`: a corrected download of the period no longer holds the row; `superseded`: a v1
   *  (판매분석) row whose span settlement (v2) data now covers. */
  reason: z.enum(['replaced', 'superseded']),
  tab: DataTabId,
  source_report: z.string(),
  period_start: IsoDate.nullable(),
  period_end: IsoDate.nullable(),
  rows: Count,
  amount: z.number().int(),
});
export type RemovalScope = z.infer<typeof RemovalScope>;

export const Removals = z.object({
  /** Orders + Fulfillment rows removed (Fees rows follow their Orders line). */
  rows: Count,
  amount: z.number().int(),
  scopes: z.array(RemovalScope),
});
export type Removals = z.infer<typeof Removals>;

export const ImportChunkResponse = z.object({
  importId: z.string(),
  seq: Count,
  refused: Refusal.nullable(),
  tabs: TabCountsByTab,
  files: z.array(FileOutcome),
  scopes: z.array(ScopeMatch),
  shipping: ShippingSummary,
  /** v1 Orders rows removed (already in the tab) or not written (in this chunk) because v2 data
   *  covers their span. */
  v1Superseded: z.object({ removed: Count, skipped: Count }),
  /** Fee rows of this chunk with no override, no rule and no collected commission. */
  commissionsMissing: Count,
  /** Cells cut at 50,000 characters (each also written as a problem row). */
  truncatedCells: Count,
  /** Rows removed (superseded, replaced) that held an override or text in user columns: their
   *  content was copied into the Import problems tab. */
  preservedUserRows: Count,
  /** Rows of the book this chunk removes (apply) or would remove (dry run): v1 rows superseded. */
  removals: z.array(RemovalScope),
  warnings: z.array(z.string()),
  /** The call stopped before removing every row it should (its time budget): send the same chunk
   *  again; the answer to keep is this first one (the repeat finds the rest by key). */
  resume: z.boolean().default(false),
  /** How long the call worked (real time in Google): the dialog sends smaller chunks after a long one. */
  elapsedMs: Count.default(0),
});
export type ImportChunkResponse = z.infer<typeof ImportChunkResponse>;

/** The keys a finish asked for, of one tab: packed hashes (src/core/merge/keyHash.ts). */
export const KeyDigest = z.object({ tab: DataTabId, hashes: z.string() });
export type KeyDigest = z.infer<typeof KeyDigest>;

/** How full the spreadsheet is after the import, against Google's 10,000,000 cells. */
export const CellCapacity = z.object({
  used: Count,
  limit: Count,
  /** Cells this import added (its order lines with their fees and fulfillment rows). */
  added: Count,
  /** Months of data the import held (by period end). */
  months: Count,
  /** More months like this import's that still fit (null: nothing added, nothing to project). */
  monthsLeft: Count.nullable(),
});
export type CellCapacity = z.infer<typeof CellCapacity>;

// ── finish ───────────────────────────────────────────────────────────────────────────────────────

export const ImportFinishRequest = z.object({
  importId: z.string().min(1),
  dryRun: z.boolean(),
  lang: Lang,
  /** The same `files` as at begin (the server does not remember them). */
  files: z.array(FileSummary),
  /** Every chunk response, in order. */
  chunks: z.array(ImportChunkResponse),
  /** The seller confirmed the removals (see ImportChunkRequest.allowRemovals). */
  allowRemovals: z.boolean().default(false),
  /** The import's keys of the tabs an earlier answer named in `needKeys`. */
  keys: z.array(KeyDigest).default([]),
  /** Cells of the spreadsheet when the import began (ImportBeginResponse.cells.used). */
  cellsBefore: Count.default(0),
  /** The Import log was written by an earlier call of this finish (a resumed one). */
  logWritten: z.boolean().default(false),
  budgetMs: BudgetMs,
});
export type ImportFinishRequest = z.infer<typeof ImportFinishRequest>;

export const ImportFinishResponse = z.object({
  importId: z.string(),
  dryRun: z.boolean(),
  refused: Refusal.nullable(),
  /** Totals of the whole import; `removed` includes the rows of replaced periods. */
  tabs: TabCountsByTab,
  /** v1 (판매분석) rows removed or not written because v2 data covers their span. */
  v1Superseded: z.object({ removed: Count, skipped: Count }),
  shipping: ShippingSummary,
  commissionsMissing: Count,
  /** One per file: control totals read from the file versus what the tabs now hold. */
  control: z.array(
    z.object({
      file: z.string(),
      amountInFile: z.number().int(),
      amountWritten: z.number().int(),
      /** v1 records replaced by v2 data: amountInFile = amountWritten + amountSuperseded when all is well. */
      superseded: Count,
      amountSuperseded: z.number().int(),
      /** The money reconciles: amountInFile = amountWritten + amountSuperseded + amountSkipped. */
      match: z.boolean(),
      fileChecksOk: z.boolean(),
      /** Every line of the file and what became of it (FileOutcome): read = written + unchanged +
       *  rejected + skipped + superseded. `duplicates` is the part of `skipped` that repeats other
       *  lines of the import (a copied sheet, a re-saved file). */
      lines: z.object({
        read: Count,
        written: Count,
        unchanged: Count,
        rejected: Count,
        skipped: Count,
        duplicates: Count,
        superseded: Count,
      }),
      balanced: z.boolean(),
      /** `ok` (✓): every line is in the book and the money reconciles; `partial`: it balances, but some
       *  lines were rejected, skipped as duplicates or superseded (each named); `mismatch` (✗). */
      status: z.enum(['ok', 'partial', 'mismatch']),
    }),
  ),
  /** Rows of the book this import removes (apply) or would remove (dry run). */
  removals: Removals,
  warnings: z.array(z.string()),
  logRowsWritten: Count,
  /** The month-close headline of the months the import touched (src/core/summary/headline.ts);
   *  absent when the summary tabs were not refreshed (a dry run in Sheets, a refused import). */
  close: z.array(MonthHeadline).optional(),
  /** Nothing was done yet: a settlement period loses rows, and the finish needs the import's keys of
   *  these tabs to know which (send them in `keys`, then call again). */
  needKeys: z.array(DataTabId).default([]),
  /** The call stopped before removing every row it should (its time budget): call again with
   *  `logWritten: true`; keep this first answer. */
  resume: z.boolean().default(false),
  /** How full the spreadsheet is now (apply mode); a warning says so past 80 %. */
  capacity: CellCapacity.optional(),
});
export type ImportFinishResponse = z.infer<typeof ImportFinishResponse>;

// ── close ────────────────────────────────────────────────────────────────────────────────────────

/** Where a month-close refresh is: reading a source tab from a row on, or writing the tabs. */
export const CloseCursor = z.object({
  source: z.enum(['orders', 'fees', 'fulfillment', 'write']),
  from: Count,
});
export type CloseCursor = z.infer<typeof CloseCursor>;

/** The sources read so far, in little (src/core/summary/digest.ts). */
export const CloseDigestSchema = z.object({
  orders: z.array(z.array(WireCell)),
  fees: z.array(z.array(WireCell)),
  fulfillment: z.array(z.array(WireCell)),
});

export const ImportCloseRequest = z.object({
  importId: z.string().min(1),
  lang: Lang,
  /** `YYYY-MM` months whose headline the dialog shows. */
  months: z.array(z.string().regex(/^\d{4}-\d{2}$/)),
  /** Absent on the first call; then the `cursor` of the previous answer. */
  cursor: CloseCursor.optional(),
  digest: CloseDigestSchema.optional(),
  budgetMs: BudgetMs,
});
export type ImportCloseRequest = z.infer<typeof ImportCloseRequest>;

export const ImportCloseResponse = z.object({
  refused: Refusal.nullable(),
  /** Where to go on (send it back with `digest`), or null when the tabs are written. */
  cursor: CloseCursor.nullable(),
  digest: CloseDigestSchema.nullable(),
  /** Set when done. */
  close: z.array(MonthHeadline).optional(),
  warnings: z.array(z.string()),
});
export type ImportCloseResponse = z.infer<typeof ImportCloseResponse>;

export function emptyTabCounts(): TabCounts {
  return { inserted: 0, updated: 0, unchanged: 0, removed: 0, rejected: 0, skipped: 0, superseded: 0 };
}

export function emptyTabCountsByTab(): TabCountsByTab {
  return { orders: emptyTabCounts(), fees: emptyTabCounts(), fulfillment: emptyTabCounts() };
}

/** A refusal from zod issues: the first few paths, so the dialog can say what was wrong. */
export function invalidRequest(error: z.ZodError): Refusal {
  const where = error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
  return { code: 'INVALID_REQUEST', message: refusalMessage('INVALID_REQUEST', { where }) };
}
