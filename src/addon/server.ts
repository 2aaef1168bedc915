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
import { ensureManagedTabs, mergeStep, openTables, problemRows } from '../core/merge/engine';
import { keyHash, unpackHashes } from '../core/merge/keyHash';
import { DATA_TAB_DEFS, DATA_TAB_IDS } from '../core/merge/plan';
import { describeRemovals } from '../core/merge/removals';
import { type CompleteImport, guardFor, splitScope } from '../core/merge/replace';
import {
  chunkResponse,
  finishResponse,
  logRows,
  type ScopeTotals,
  scopeTotalsKey,
} from '../core/merge/summary';
import { AMOUNT_KEY, numberOrNull, scopeKey, str } from '../core/merge/table';
import type { TableView } from '../core/merge/view';
import { notice, type RefusalText, refusalMessage, thousands } from '../core/messages';
import {
  type CellCapacity,
  type DataTabId,
  emptyTabCountsByTab,
  ImportBeginRequest,
  type ImportBeginResponse,
  ImportChunkRequest,
  type ImportChunkResponse,
  ImportCloseRequest,
  type ImportCloseResponse,
  ImportFinishRequest,
  type ImportFinishResponse,
  invalidRequest,
  MAX_CHUNK_ROWS,
  type RecordCounts,
  type Refusal,
  type Removals,
} from '../core/model/rpc';
import { ALL_TABS, LOG_TAB, PROBLEMS_TAB, tabLabel } from '../core/model/tabs';
import { decodeChunk, WireError } from '../core/model/wire';
import { type CloseDigest, digestSources, emptyDigest } from '../core/summary/digest';
import { monthsOf } from '../core/summary/headline';
import { COST_DAYS_TAB_DEF, PROFIT } from '../core/summary/profit';
import { refreshSummaries } from '../core/summary/refresh';
import { readRules } from '../core/summary/sources';
import { HOLIDAYS_TAB, MONTH_CLOSE, PAYOUTS_TAB_DEF, TAX_INVOICES } from '../core/summary/tabs';
import { CLOSE_WRITE_RESERVE_MS, readCloseSources } from './closeSources';
import { Deadline } from './sheets/budget';
import { newTabCells, SheetsWorkbookPort } from './sheets/sheets-port';

/** Google's limit for a whole spreadsheet, empty cells included (apps-script-notes.md). */
export const SPREADSHEET_CELL_LIMIT = 10_000_000;
/** Past this share of the limit the summary warns, with the months that still fit (issue #13). */
export const CELL_WARNING_SHARE = 0.8;
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
/** The hidden sheet earlier versions kept the import's keys in (no longer used; removed when empty). */
const OLD_STAGING_NAME = '_cjet_staging';

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

/** The call's deadline from now: the server's budget, or the lower one a test asks for. */
function deadlineFor(budgetMs: number | undefined): Deadline {
  return new Deadline().lowered(budgetMs);
}

function openPort(lang: 'ko' | 'en', deadline?: Deadline): SheetsWorkbookPort {
  return new SheetsWorkbookPort(SpreadsheetApp.getActiveSpreadsheet(), lang, deadline);
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

/** Upper bound of the cells this import adds: every record appended (the grid grows by whole rows of
 *  the tab's width), new tabs, the month-close rows, problem and log rows. */
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
    cells += counts[id] * (sheet ? sheet.getMaxColumns() : tab.columns.length);
  }
  for (const tab of ALL_TABS) {
    if (!port.hasTab(tab)) cells += newTabCells(tab);
    // A tab of an older schema version grows by its new columns (inserted at the right of its table).
    else cells += port.upgradeCells(tab);
  }
  // The summary tabs the month-close refresh creates (src/core/summary), each a new 1000-row sheet
  // (원가: its cost lookup's range grows it to 1001 + its rows in use).
  for (const tab of SUMMARY_TABS) {
    if (!port.hasTab(tab)) cells += newTabCells(tab);
  }
  cells += problems * PROBLEMS_TAB.columns.length + files * LOG_TAB.columns.length;
  return cells;
}

/** The staging sheet of an earlier version, once empty: it holds no rows of this version. */
function dropOldStaging(port: SheetsWorkbookPort): void {
  const sheet = port.spreadsheet.getSheetByName(OLD_STAGING_NAME);
  if (sheet && sheet.getLastRow() === 0 && port.spreadsheet.getNumSheets() > 1)
    port.spreadsheet.deleteSheet(sheet);
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
    if (!request.dryRun) dropOldStaging(port);
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
    resume: false,
    elapsedMs: 0,
  };
}

const withImportId = <R extends { import_id: string | null }>(records: R[], importId: string): R[] =>
  records.map((r) => ({ ...r, import_id: importId }));

export function importChunk(raw: unknown): ImportChunkResponse {
  const started = new Deadline();
  const parsed = ImportChunkRequest.safeParse(raw);
  const hint = (raw ?? {}) as { importId?: unknown; seq?: unknown };
  const importId = typeof hint.importId === 'string' ? hint.importId : '';
  const seq = typeof hint.seq === 'number' ? hint.seq : 0;
  if (!parsed.success) return emptyChunk(importId, seq, invalidRequest(parsed.error));
  const request = parsed.data;
  let records: ReturnType<typeof decodeChunk>;
  try {
    records = decodeChunk(request.records);
  } catch (error) {
    if (!(error instanceof WireError)) throw error;
    return emptyChunk(
      importId,
      seq,
      refusal('INVALID_REQUEST', 'INVALID_REQUEST', { where: `records.${error.message}` }),
    );
  }
  const rows = records.orders.length + records.fees.length + records.fulfillment.length;
  if (rows > MAX_CHUNK_ROWS) {
    return emptyChunk(
      importId,
      seq,
      refusal('INVALID_REQUEST', 'CHUNK_TOO_LARGE', { max: MAX_CHUNK_ROWS, rows }),
    );
  }
  const deadline = started.lowered(request.budgetMs);
  const outcome = withDocumentLock(() => {
    const port = openPort(request.lang, deadline);
    const ambiguous = ambiguity(port);
    if (ambiguous) return emptyChunk(request.importId, request.seq, ambiguous);
    const incoming = {
      orders: withImportId(records.orders, request.importId),
      fees: withImportId(records.fees, request.importId),
      fulfillment: withImportId(records.fulfillment, request.importId),
    };
    const { plan, refusedRemovals, complete } = mergeStep(port, {
      importId: request.importId,
      incoming,
      completeImport: null,
      dryRun: request.dryRun,
      allowRemovals: request.allowRemovals,
    });
    // v1 rows a settlement report supersedes are removed here: only with the seller's consent.
    if (refusedRemovals && !request.dryRun)
      return emptyChunk(request.importId, request.seq, removalsRefusal(refusedRemovals, request.seq > 0));
    if (!request.dryRun) SpreadsheetApp.flush();
    return { ...chunkResponse(request.importId, request.seq, plan), resume: !complete };
  });
  const response = outcome ? outcome.value : emptyChunk(importId, seq, LOCKED);
  return { ...response, elapsedMs: Math.max(0, Math.round(started.elapsedMs())) };
}

// ── finish ───────────────────────────────────────────────────────────────────────────────────────

/** Per tab, the settlement periods the import's records are in, with how many of their keys the
 *  chunks left standing in the tab. */
function importScopes(request: ImportFinishRequest): Record<DataTabId, Map<string, number>> {
  const scopes: Record<DataTabId, Map<string, number>> = {
    orders: new Map(),
    fees: new Map(),
    fulfillment: new Map(),
  };
  for (const chunk of request.chunks) {
    for (const s of chunk.scopes) {
      const key = scopeKey(s.source_report, s.period_end);
      scopes[s.tab].set(key, (scopes[s.tab].get(key) ?? 0) + s.present);
    }
  }
  return scopes;
}

/** Distinct keys per settlement period of a tab (and, with `amounts`, rows and money per period). */
function scopeCounts(
  view: TableView,
  id: DataTabId,
  amounts: boolean,
): Map<string, { keys: Set<string>; rows: number; amount: number }> {
  const out = new Map<string, { keys: Set<string>; rows: number; amount: number }>();
  if (view.size === 0) return out;
  const amountKey = AMOUNT_KEY[id];
  view.need(['line_key', 'source_report', 'period_end', ...(amounts && amountKey ? [amountKey] : [])]);
  const keys = view.column('line_key');
  const reports = view.column('source_report');
  const ends = view.column('period_end');
  const money = amounts && amountKey ? view.column(amountKey) : null;
  for (let i = 0; i < view.size; i++) {
    const report = str(reports[i] ?? null);
    const end = str(ends[i] ?? null);
    if (report === null || end === null) continue;
    const scope = scopeKey(report, end);
    const entry = out.get(scope) ?? { keys: new Set<string>(), rows: 0, amount: 0 };
    const key = str(keys[i] ?? null);
    if (key !== null) entry.keys.add(key);
    entry.rows++;
    entry.amount += money ? (numberOrNull(money[i] ?? null) ?? 0) : 0;
    out.set(scope, entry);
  }
  return out;
}

/**
 * What the import holds, as the finish knows it: per tab the periods it replaces; a row of such a
 * period is the import's when the chunks left as many keys in the period as it has rows (nothing to
 * remove), else when its key's hash is among the import's (`digests`). Returns the tabs whose keys
 * are needed and were not sent.
 */
function completeImport(
  tables: Record<DataTabId, TableView>,
  request: ImportFinishRequest,
): { complete: CompleteImport; missing: DataTabId[] } {
  const present = importScopes(request);
  const guard = guardFor(request.files);
  const digests = new Map(request.keys.map((k) => [k.tab, unpackHashes(k.hashes)]));
  const losing: Record<DataTabId, Set<string>> = {
    orders: new Set(),
    fees: new Set(),
    fulfillment: new Set(),
  };
  const missing: DataTabId[] = [];
  for (const id of DATA_TAB_IDS) {
    const replaced = [...present[id]].filter(([scope]) => !guard.guards(...splitScope(scope)));
    if (replaced.length === 0) continue;
    const counts = scopeCounts(tables[id], id, false);
    for (const [scope, standing] of replaced) {
      if ((counts.get(scope)?.keys.size ?? 0) > standing) losing[id].add(scope);
    }
    if (losing[id].size > 0 && !digests.has(id)) missing.push(id);
  }
  const complete: CompleteImport = {
    scopes: {
      orders: new Set(present.orders.keys()),
      fees: new Set(present.fees.keys()),
      fulfillment: new Set(present.fulfillment.keys()),
    },
    holds: (tab, key, scope) => !losing[tab].has(scope) || (digests.get(tab)?.has(keyHash(key)) ?? false),
  };
  return { complete, missing };
}

/** How full the spreadsheet is, and the warning past 80 % with the months that still fit. */
function capacityOf(
  port: SheetsWorkbookPort,
  request: ImportFinishRequest,
): { capacity: CellCapacity; warning: string | null } {
  // The month-close tabs the refresh after this call creates are counted as if there already.
  let used = cellsInUse(port);
  for (const tab of SUMMARY_TABS) if (!port.hasTab(tab)) used += newTabCells(tab);
  const added = request.cellsBefore > 0 ? Math.max(0, used - request.cellsBefore) : 0;
  const months = monthsOf(
    request.chunks.flatMap((c) => c.scopes.map((s) => s.period_end)),
    1200,
  ).length;
  const perMonth = added > 0 && months > 0 ? added / months : 0;
  const left = Math.max(0, SPREADSHEET_CELL_LIMIT - used);
  const monthsLeft = perMonth > 0 ? Math.floor(left / perMonth) : null;
  const capacity = { used, limit: SPREADSHEET_CELL_LIMIT, added, months, monthsLeft };
  if (used <= CELL_WARNING_SHARE * SPREADSHEET_CELL_LIMIT) return { capacity, warning: null };
  return {
    capacity,
    warning: notice('CELLS_NEARLY_FULL', {
      percent: Math.floor((used * 100) / SPREADSHEET_CELL_LIMIT),
      used: thousands(used),
      limit: thousands(SPREADSHEET_CELL_LIMIT),
      months: monthsLeft === null ? '' : monthsLeft,
    }),
  };
}

export function importFinish(raw: unknown): ImportFinishResponse {
  const parsed = ImportFinishRequest.safeParse(raw);
  const failed = (importId: string, dryRun: boolean, refused: Refusal | null): ImportFinishResponse => ({
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
    needKeys: [],
    resume: false,
  });
  if (!parsed.success) return failed('', false, invalidRequest(parsed.error));
  const request = parsed.data;
  const deadline = deadlineFor(request.budgetMs);
  const outcome = withDocumentLock((): ImportFinishResponse => {
    const port = openPort(request.lang, deadline);
    const ambiguous = ambiguity(port);
    if (ambiguous) return failed(request.importId, request.dryRun, ambiguous);
    const tables = openTables(port);
    if (request.dryRun) {
      // The rows of the book in each period the import would replace, counted once (chunks do not).
      const totals = new Map<string, { existing: number; existingAmount: number }>();
      const present = importScopes(request);
      for (const id of DATA_TAB_IDS) {
        if (present[id].size === 0) continue;
        for (const [scope, entry] of scopeCounts(tables[id], id, true)) {
          if (!present[id].has(scope)) continue;
          const [report, end] = splitScope(scope);
          totals.set(scopeTotalsKey(id, report, end), { existing: entry.rows, existingAmount: entry.amount });
        }
      }
      const summary = finishResponse({ ...request, finishPlan: null, scopeTotals: totals as ScopeTotals });
      return { ...summary, logRowsWritten: 0 };
    }
    const { complete: holds, missing } = completeImport(tables, request);
    // A period loses rows: which ones, the import's keys say. Nothing written until they come.
    if (missing.length > 0) return { ...failed(request.importId, false, null), needKeys: missing };
    const { plan, refusedRemovals, complete } = mergeStep(port, {
      importId: request.importId,
      incoming: { orders: [], fees: [], fulfillment: [] },
      completeImport: holds,
      dryRun: false,
      allowRemovals: request.allowRemovals,
      files: request.files,
      tables,
      countAllFees: true,
    });
    // Rows of replaced periods: removed only with consent; the same finish can be sent again once the
    // seller has confirmed (nothing of it was written).
    if (refusedRemovals)
      return failed(request.importId, false, removalsRefusal(refusedRemovals, request.chunks.length > 0));
    const summary = finishResponse({ ...request, finishPlan: plan });
    let logRowsWritten = 0;
    if (!request.logWritten) {
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
      logRowsWritten = log.length;
    }
    SpreadsheetApp.flush();
    const { capacity, warning } = capacityOf(port, request);
    return {
      ...summary,
      logRowsWritten,
      resume: !complete,
      capacity,
      warnings: warning ? [...summary.warnings, warning] : summary.warnings,
    };
  });
  return outcome ? outcome.value : failed(request.importId, request.dryRun, LOCKED);
}

// ── close ────────────────────────────────────────────────────────────────────────────────────────

/**
 * The month-close tabs, refreshed after an import: the sources are read a slice at a time into a
 * digest the dialog carries between calls (closeSources.ts); the last call writes the tabs.
 */
export function importClose(raw: unknown): ImportCloseResponse {
  const parsed = ImportCloseRequest.safeParse(raw);
  const failed = (refused: Refusal): ImportCloseResponse => ({
    refused,
    cursor: null,
    digest: null,
    warnings: [],
  });
  if (!parsed.success) return failed(invalidRequest(parsed.error));
  const request = parsed.data;
  const deadline = deadlineFor(request.budgetMs);
  const outcome = withDocumentLock((): ImportCloseResponse => {
    const port = openPort(request.lang, deadline);
    const ambiguous = ambiguity(port);
    if (ambiguous) return failed(ambiguous);
    const rules = readRules(port);
    const digest = (request.digest ?? emptyDigest()) as CloseDigest;
    const cursor = readCloseSources(
      port,
      rules,
      request.cursor ?? { source: 'orders', from: 0 },
      digest,
      deadline,
    );
    if (
      cursor.source !== 'write' ||
      (request.cursor?.source !== 'write' && !deadline.fits(CLOSE_WRITE_RESERVE_MS))
    )
      return { refused: null, cursor, digest, warnings: [] };
    const result = refreshSummaries(port, {
      sources: digestSources(digest),
      importId: request.importId,
      months: request.months,
    });
    SpreadsheetApp.flush();
    return {
      refused: null,
      cursor: null,
      digest: null,
      close: result.headline,
      warnings: result.problems.map((p) => p.message),
    };
  });
  return outcome ? outcome.value : failed(LOCKED);
}
