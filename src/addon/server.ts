/**
 * The add-on's import server: the three google.script.run calls of src/core/model/rpc.ts.
 * Each call: validate the payload with zod → take the DOCUMENT lock (two people importing into one
 * shared spreadsheet must not interleave) → run the shared merge engine through the SpreadsheetApp
 * port → flush once → release. Refusals are returned, not thrown, so the dialog can show them.
 *
 * Every chunk leaves every tab consistent on its own (keys merged, shipping re-attributed), so an
 * interrupted import is completed by running it again: what was written matches as unchanged.
 */

import { COSTS_TAB } from '../core/costs/table';
import { ensureManagedTabs, importedKeys, mergeStep, problemRows } from '../core/merge/engine';
import { DATA_TAB_DEFS, DATA_TAB_IDS } from '../core/merge/plan';
import { describeRemovals } from '../core/merge/removals';
import { chunkResponse, finishResponse, logRows } from '../core/merge/summary';
import { type RefusalText, refusalMessage, thousands } from '../core/messages';
import type { FeeRecord, FulfillmentRecord, OrderRecord } from '../core/model/records';
import {
  emptyTabCountsByTab,
  ImportBeginRequest,
  type ImportBeginResponse,
  ImportChunkRequest,
  type ImportChunkResponse,
  ImportFinishRequest,
  type ImportFinishResponse,
  invalidRequest,
  MAX_CHUNK_ROWS,
  type RecordCounts,
  type Refusal,
  type Removals,
} from '../core/model/rpc';
import { ALL_TABS, LOG_TAB, PROBLEMS_TAB, tabLabel } from '../core/model/tabs';
import { monthsOf } from '../core/summary/headline';
import { COST_DAYS_TAB_DEF, PROFIT } from '../core/summary/profit';
import { refreshSummaries } from '../core/summary/refresh';
import { finalTables, readRules, sourcesFrom } from '../core/summary/sources';
import { HOLIDAYS_TAB, MONTH_CLOSE, PAYOUTS_TAB_DEF, TAX_INVOICES } from '../core/summary/tabs';
import { SheetsWorkbookPort, USER_COLUMNS_ROOM } from './sheets/sheets-port';
import { stagedKeys, stageKeys, stagingCells } from './sheets/staging';

/** Google's limit for a whole spreadsheet, empty cells included (apps-script-notes.md). */
export const SPREADSHEET_CELL_LIMIT = 10_000_000;
/** How long a call waits for another import's call to finish before refusing. */
const LOCK_WAIT_MS = 10_000;
const SUMMARY_TABS = [
  MONTH_CLOSE.tab,
  TAX_INVOICES.tab,
  PAYOUTS_TAB_DEF,
  HOLIDAYS_TAB,
  PROFIT.tab,
  COSTS_TAB,
  COST_DAYS_TAB_DEF,
];
/** A new sheet is 1000 × 26 (apps-script-notes.md). */
const NEW_SHEET_ROWS = 1000;
const NEW_SHEET_COLUMNS = 26;

function refusal(
  code: Refusal['code'],
  text: RefusalText,
  params: Record<string, string | number> = {},
): Refusal {
  return { code, message: refusalMessage(text, params) };
}

const LOCKED = refusal('LOCKED', 'LOCKED');

/** Removals the seller has not confirmed: refused, by count, money and period. */
function removalsRefusal(removals: Removals, written: boolean): Refusal {
  return refusal('REMOVALS_NEED_CONSENT', 'REMOVALS_NEED_CONSENT', {
    rows: removals.rows,
    amount: thousands(removals.amount),
    scopes: describeRemovals(removals),
    written: written ? 1 : '',
  });
}

/** Runs `work` under the document lock, or returns null when another execution holds it. */
function withDocumentLock<T>(work: () => T): { value: T } | null {
  const lock = LockService.getDocumentLock();
  if (!lock?.tryLock(LOCK_WAIT_MS)) return null;
  try {
    return { value: work() };
  } finally {
    lock.releaseLock();
  }
}

function newImportId(): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').slice(0, 15);
  const random = Math.floor(Math.random() * 0x10000)
    .toString(16)
    .padStart(4, '0');
  return `imp-${stamp}-${random}`;
}

/** Who imported, for the Import log. Needs the userinfo.email scope (appsscript.json); without it,
 *  or where a domain policy hides it, Google answers '' and the column stays blank. */
function currentUser(): string {
  try {
    return Session.getActiveUser().getEmail();
  } catch {
    return '';
  }
}

function openPort(lang: 'ko' | 'en'): SheetsWorkbookPort {
  return new SheetsWorkbookPort(SpreadsheetApp.getActiveSpreadsheet(), lang);
}

/** Two sheets claim a managed tab (a duplicated tab): refused before anything is read or written. */
function ambiguity(port: SheetsWorkbookPort): Refusal | null {
  const [first] = port.ambiguousTabs();
  return first ? { code: 'AMBIGUOUS_TAB', message: first.message } : null;
}

// ── begin ────────────────────────────────────────────────────────────────────────────────────────

/** Cells of the whole spreadsheet (every sheet's full grid, as Google counts them). */
function cellsInUse(port: SheetsWorkbookPort): number {
  let cells = 0;
  for (const sheet of port.spreadsheet.getSheets()) cells += sheet.getMaxRows() * sheet.getMaxColumns();
  return cells;
}

/** Upper bound of the cells this import adds: every record appended (the grid grows by whole rows),
 *  new tabs, problem and log rows, and the staging keys. */
function cellsNeeded(
  port: SheetsWorkbookPort,
  counts: RecordCounts,
  problems: number,
  files: number,
): number {
  let cells = 0;
  for (const id of DATA_TAB_IDS) {
    const tab = DATA_TAB_DEFS[id];
    const sheet = port.sheetFor(id, [tab.ko, tab.en]);
    const width = sheet
      ? sheet.getMaxColumns()
      : Math.max(NEW_SHEET_COLUMNS, tab.columns.length + USER_COLUMNS_ROOM);
    cells += counts[id] * width;
  }
  for (const tab of ALL_TABS) {
    if (!port.hasTab(tab))
      cells += NEW_SHEET_ROWS * Math.max(NEW_SHEET_COLUMNS, tab.columns.length + USER_COLUMNS_ROOM);
    // A tab of an older schema version grows by its new columns (inserted at the right of its table).
    else cells += port.upgradeCells(tab);
  }
  // The summary tabs the finish creates (src/core/summary), each a new 1000-row sheet (원가: its
  // cost lookup's range grows it to 1001 + its rows in use).
  for (const tab of SUMMARY_TABS) {
    if (!port.hasTab(tab))
      cells += NEW_SHEET_ROWS * Math.max(NEW_SHEET_COLUMNS, tab.columns.length + USER_COLUMNS_ROOM);
  }
  cells += (problems + files) * NEW_SHEET_COLUMNS;
  cells += stagingCells(counts.orders + counts.fees + counts.fulfillment);
  return cells;
}

export function importBegin(raw: unknown): ImportBeginResponse {
  const empty = {
    importId: '',
    cells: { used: 0, needed: 0, limit: SPREADSHEET_CELL_LIMIT },
    existingRows: { orders: 0, fees: 0, fulfillment: 0 },
    maxChunkRows: MAX_CHUNK_ROWS,
  };
  const parsed = ImportBeginRequest.safeParse(raw);
  if (!parsed.success) return { ...empty, refused: invalidRequest(parsed.error) };
  const request = parsed.data;
  const outcome = withDocumentLock((): ImportBeginResponse => {
    const port = openPort(request.lang);
    const ambiguous = ambiguity(port);
    if (ambiguous) return { ...empty, refused: ambiguous };
    const used = cellsInUse(port);
    const needed = cellsNeeded(port, request.counts, request.problems.length, request.files.length);
    const existingRows = { orders: 0, fees: 0, fulfillment: 0 };
    for (const id of DATA_TAB_IDS) {
      const tab = DATA_TAB_DEFS[id];
      const sheet = port.sheetFor(id, [tab.ko, tab.en]);
      existingRows[id] = sheet ? Math.max(0, sheet.getLastRow() - 1) : 0;
    }
    const base = {
      ...empty,
      importId: newImportId(),
      cells: { used, needed, limit: SPREADSHEET_CELL_LIMIT },
      existingRows,
    };
    if (used + needed > SPREADSHEET_CELL_LIMIT) {
      return {
        ...base,
        refused: refusal('CELL_LIMIT', 'CELL_LIMIT', {
          needed: thousands(needed),
          limit: thousands(SPREADSHEET_CELL_LIMIT),
          used: thousands(used),
        }),
      };
    }
    if (!request.dryRun) {
      const mismatched = ensureManagedTabs(port);
      if (mismatched.length > 0) {
        const names = mismatched.map((t) => tabLabel(t, request.lang)).join(', ');
        return { ...base, refused: refusal('FAILED', 'HEADER_MISMATCH', { names }) };
      }
      if (request.problems.length > 0)
        port.appendRows(PROBLEMS_TAB, problemRows(base.importId, request.problems, request.lang));
      SpreadsheetApp.flush();
    }
    return { ...base, refused: null };
  });
  return outcome ? outcome.value : { ...empty, refused: LOCKED };
}

// ── chunk ────────────────────────────────────────────────────────────────────────────────────────

function emptyChunk(importId: string, seq: number, refused: Refusal): ImportChunkResponse {
  return {
    importId,
    seq,
    refused,
    tabs: emptyTabCountsByTab(),
    files: [],
    scopes: [],
    shipping: { attributedFees: 0, unattributedFees: 0, linesChanged: 0 },
    v1Superseded: { removed: 0, skipped: 0 },
    commissionsMissing: 0,
    truncatedCells: 0,
    preservedUserRows: 0,
    removals: [],
    warnings: [],
  };
}

const withImportId = <R extends OrderRecord | FeeRecord | FulfillmentRecord>(
  records: R[],
  importId: string,
): R[] => records.map((r) => ({ ...r, import_id: importId }));

export function importChunk(raw: unknown): ImportChunkResponse {
  const parsed = ImportChunkRequest.safeParse(raw);
  const hint = (raw ?? {}) as { importId?: unknown; seq?: unknown };
  const importId = typeof hint.importId === 'string' ? hint.importId : '';
  const seq = typeof hint.seq === 'number' ? hint.seq : 0;
  if (!parsed.success) return emptyChunk(importId, seq, invalidRequest(parsed.error));
  const request = parsed.data;
  const rows = request.orders.length + request.fees.length + request.fulfillment.length;
  if (rows > MAX_CHUNK_ROWS) {
    return emptyChunk(
      importId,
      seq,
      refusal('INVALID_REQUEST', 'CHUNK_TOO_LARGE', { max: MAX_CHUNK_ROWS, rows }),
    );
  }
  const outcome = withDocumentLock(() => {
    const port = openPort(request.lang);
    const ambiguous = ambiguity(port);
    if (ambiguous) return emptyChunk(request.importId, request.seq, ambiguous);
    const incoming = {
      orders: withImportId(request.orders, request.importId),
      fees: withImportId(request.fees, request.importId),
      fulfillment: withImportId(request.fulfillment, request.importId),
    };
    const { plan, refusedRemovals } = mergeStep(port, {
      importId: request.importId,
      incoming,
      completeImport: null,
      dryRun: request.dryRun,
      allowRemovals: request.allowRemovals,
    });
    // v1 rows a settlement report supersedes are removed here: only with the seller's consent.
    if (refusedRemovals && !request.dryRun)
      return emptyChunk(request.importId, request.seq, removalsRefusal(refusedRemovals, request.seq > 0));
    if (!request.dryRun) {
      stageKeys(port, request.importId, importedKeys(incoming));
      SpreadsheetApp.flush();
    }
    return chunkResponse(request.importId, request.seq, plan);
  });
  return outcome ? outcome.value : emptyChunk(importId, seq, LOCKED);
}

// ── finish ───────────────────────────────────────────────────────────────────────────────────────

export function importFinish(raw: unknown): ImportFinishResponse {
  const parsed = ImportFinishRequest.safeParse(raw);
  const failed = (importId: string, dryRun: boolean, refused: Refusal): ImportFinishResponse => ({
    importId,
    dryRun,
    refused,
    tabs: emptyTabCountsByTab(),
    v1Superseded: { removed: 0, skipped: 0 },
    shipping: { attributedFees: 0, unattributedFees: 0, linesChanged: 0 },
    commissionsMissing: 0,
    control: [],
    removals: { rows: 0, amount: 0, scopes: [] },
    warnings: [],
    logRowsWritten: 0,
  });
  if (!parsed.success) return failed('', false, invalidRequest(parsed.error));
  const request = parsed.data;
  const outcome = withDocumentLock((): ImportFinishResponse => {
    if (request.dryRun) {
      const summary = finishResponse({ ...request, finishPlan: null });
      return { ...summary, logRowsWritten: 0 };
    }
    const port = openPort(request.lang);
    const ambiguous = ambiguity(port);
    if (ambiguous) return failed(request.importId, false, ambiguous);
    const staged = stagedKeys(port, request.importId);
    const rules = readRules(port);
    const { plan, existing, refusedRemovals } = mergeStep(port, {
      importId: request.importId,
      incoming: { orders: [], fees: [], fulfillment: [] },
      completeImport: staged.keys,
      dryRun: false,
      allowRemovals: request.allowRemovals,
      files: request.files,
    });
    // Rows of replaced periods: removed only with consent. The keys stay staged, so the same import
    // can be finished once the seller has confirmed.
    if (refusedRemovals)
      return failed(request.importId, false, removalsRefusal(refusedRemovals, request.chunks.length > 0));
    staged.drop();
    const summary = finishResponse({ ...request, finishPlan: plan });
    const log = logRows({
      importId: request.importId,
      user: currentUser(),
      nowMs: Date.now(),
      files: request.files,
      chunks: request.chunks,
      finishPlan: plan,
    });
    port.ensureTab(LOG_TAB);
    port.appendRows(LOG_TAB, log);
    // The month-close tabs, from the rows the merge just read and planned (no second read).
    const close = refreshSummaries(port, {
      sources: sourcesFrom(finalTables(existing, plan), rules),
      importId: request.importId,
      months: monthsOf(staged.keys.map((k) => k.period_end)),
    });
    SpreadsheetApp.flush();
    return {
      ...summary,
      logRowsWritten: log.length,
      close: close.headline,
      warnings: [...summary.warnings, ...close.problems.map((p) => p.message)],
    };
  });
  return outcome ? outcome.value : failed(request.importId, request.dryRun, LOCKED);
}
