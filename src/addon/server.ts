/**
 * The add-on's import server: the three google.script.run calls of src/core/model/rpc.ts.
 * Each call: validate the payload with zod → take the DOCUMENT lock (two people importing into one
 * shared spreadsheet must not interleave) → run the shared merge engine through the SpreadsheetApp
 * port → flush once → release. Refusals are returned, not thrown, so the dialog can show them.
 *
 * Every chunk leaves every tab consistent on its own (keys merged, shipping re-attributed), so an
 * interrupted import is completed by running it again: what was written matches as unchanged.
 */
import { ensureManagedTabs, importedKeys, mergeStep, problemRows } from '../core/merge/engine';
import { DATA_TAB_DEFS, DATA_TAB_IDS } from '../core/merge/plan';
import { chunkResponse, finishResponse, logRows } from '../core/merge/summary';
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
} from '../core/model/rpc';
import { ALL_TABS, LOG_TAB, PROBLEMS_TAB, tabLabel } from '../core/model/tabs';
import { monthsOf } from '../core/summary/headline';
import { refreshSummaries } from '../core/summary/refresh';
import { finalTables, readRules, sourcesFrom } from '../core/summary/sources';
import { COSTS_TAB } from '../core/costs/table';
import { COST_DAYS_TAB_DEF, PROFIT } from '../core/summary/profit';
import { HOLIDAYS_TAB, MONTH_CLOSE, PAYOUTS_TAB_DEF, TAX_INVOICES } from '../core/summary/tabs';
import { SheetsWorkbookPort, USER_COLUMNS_ROOM } from './sheets/sheets-port';
import { stageKeys, stagingCells, takeStagedKeys } from './sheets/staging';

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

function refusal(code: Refusal['code'], ko: string, en: string): Refusal {
  return { code, message: `${ko}\n${en}` };
}

const LOCKED = refusal(
  'LOCKED',
  '다른 사용자가 이 스프레드시트에 가져오기를 하고 있습니다. 잠시 후 다시 시도하세요. 아무것도 바뀌지 않았습니다.',
  'Someone else is importing into this spreadsheet. Try again in a moment. Nothing was changed.',
);

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
      const fmt = (n: number) => n.toLocaleString('en-US');
      return {
        ...base,
        refused: refusal(
          'CELL_LIMIT',
          `이 가져오기에는 셀이 최대 ${fmt(needed)}개 더 필요한데, 스프레드시트 하나에는 ${fmt(SPREADSHEET_CELL_LIMIT)}셀까지만 들어갑니다(지금 ${fmt(used)}셀 사용 중). 아무것도 쓰지 않았습니다. 오래된 행을 다른 스프레드시트로 옮기거나 빈 행·열을 지운 뒤 다시 시도하세요.`,
          `This import needs up to ${fmt(needed)} more cells, but a spreadsheet holds at most ${fmt(SPREADSHEET_CELL_LIMIT)} (${fmt(used)} in use). Nothing was written. Move old rows to another spreadsheet or delete empty rows and columns, then try again.`,
        ),
      };
    }
    if (!request.dryRun) {
      const mismatched = ensureManagedTabs(port);
      if (mismatched.length > 0) {
        const names = mismatched.map((t) => tabLabel(t, request.lang)).join(', ');
        return {
          ...base,
          refused: refusal(
            'FAILED',
            `다음 탭의 머리글 행이 가져오기가 만든 것과 달라 건드리지 않았습니다: ${names}. 머리글을 되돌리거나 탭 이름을 바꾼 뒤 다시 시도하세요.`,
            `The header row of these tabs is not what the importer wrote, so nothing was changed: ${names}. Restore the header or rename the tab, then try again.`,
          ),
        };
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
      refusal(
        'INVALID_REQUEST',
        `한 번에 ${MAX_CHUNK_ROWS}행까지 보낼 수 있습니다 (${rows}행).`,
        `At most ${MAX_CHUNK_ROWS} rows per chunk (got ${rows}).`,
      ),
    );
  }
  const outcome = withDocumentLock(() => {
    const port = openPort(request.lang);
    const incoming = {
      orders: withImportId(request.orders, request.importId),
      fees: withImportId(request.fees, request.importId),
      fulfillment: withImportId(request.fulfillment, request.importId),
    };
    const { plan } = mergeStep(port, {
      importId: request.importId,
      incoming,
      completeImport: null,
      dryRun: request.dryRun,
    });
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
    const completeImport = takeStagedKeys(port, request.importId);
    const rules = readRules(port);
    const { plan, existing } = mergeStep(port, {
      importId: request.importId,
      incoming: { orders: [], fees: [], fulfillment: [] },
      completeImport,
      dryRun: false,
    });
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
      months: monthsOf(completeImport.map((k) => k.period_end)),
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
