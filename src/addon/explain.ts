/**
 * "이 숫자 설명 / Explain this number" in Sheets (issue #12): the menu item opens the sidebar
 * (dist/sidebar.html); the sidebar asks for the selected cell's explanation and, on a row link, has
 * that row selected in its tab. Read-only: no lock is taken (an import running meanwhile only makes
 * the answer as of a moment earlier), nothing is written.
 */
import {
  ExplainRequest,
  type ExplainResponse,
  SelectRowRequest,
  type SelectRowResponse,
} from '../core/model/explain';
import type { TabId } from '../core/model/tabs';
import { EXPLAINABLE, explainAt, readSummaryContext } from '../core/summary/explain-context';
import { SOURCE_TABS } from '../core/summary/formula';
import { ADDON_LABELS } from './labels';
import { userLang } from './lang';
import { SheetsWorkbookPort } from './sheets/sheets-port';

/** The sidebar (its JS and CSS inlined by build.mjs). */
export function openExplainSidebar(): void {
  const lang = userLang();
  const html = HtmlService.createHtmlOutputFromFile('sidebar').setTitle(ADDON_LABELS[lang].explainTitle);
  SpreadsheetApp.getUi().showSidebar(html);
}

const NAMES_KO = '월마감, 세금계산서 대사, 정산 지급, 옵션별 손익, 원가 계산';
const NAMES_EN = 'Monthly close, Tax-invoice match, Payouts, Profit by option, Cost by day';

export function explainSelection(raw: unknown): ExplainResponse {
  const parsed = ExplainRequest.safeParse(raw);
  const lang = (parsed.success ? parsed.data.lang : undefined) ?? userLang();
  const spreadsheet = SpreadsheetApp.getActiveSpreadsheet();
  const range = spreadsheet.getActiveRange() ?? spreadsheet.getActiveSheet().getRange(1, 1);
  const sheet = range.getSheet();
  const cell = range.getA1Notation().split(':')[0] ?? 'A1';
  const port = new SheetsWorkbookPort(spreadsheet, lang);
  const id = sheet.getSheetId();
  const tabId = EXPLAINABLE.find((t) => port.sheetFor(t)?.getSheetId() === id);
  if (!tabId)
    return {
      ok: false,
      reason: 'not-a-summary',
      message: `"${sheet.getName()}" 탭은 요약 탭이 아닙니다. ${NAMES_KO} 탭에서 숫자 칸을 고른 뒤 다시 누르세요.\nThe "${sheet.getName()}" tab is not a summary tab. Select a figure on ${NAMES_EN}, then try again.`,
      tab: sheet.getName(),
      cell,
    };
  const value = range.getCell(1, 1).getValue();
  const shown = typeof value === 'number' ? value : null;
  return explainAt(port, readSummaryContext(port), tabId, range.getRow(), range.getColumn(), shown);
}

/** Selects a contributing row in its tab: at the row it had, or, if the tab changed since, wherever it is now. */
export function selectSourceRow(raw: unknown): SelectRowResponse {
  const parsed = SelectRowRequest.safeParse(raw);
  if (!parsed.success)
    return { ok: false, row: null, tab: null, message: '잘못된 요청입니다.\nInvalid request.' };
  const request = parsed.data;
  const spreadsheet = SpreadsheetApp.getActiveSpreadsheet();
  const port = new SheetsWorkbookPort(spreadsheet, userLang());
  const tab = SOURCE_TABS[request.source];
  const sheet = port.sheetFor(tab.id as TabId, [tab.ko, tab.en]);
  if (!sheet)
    return {
      ok: false,
      row: null,
      tab: null,
      message: `${tab.ko} 탭이 없습니다.\nThe ${tab.en} tab does not exist.`,
    };
  // Only the key columns are read (a line key in A; a 원가 계산 row: 옵션ID in A, 일자 in B).
  const zone = spreadsheet.getSpreadsheetTimeZone();
  const text = (v: unknown) =>
    Object.prototype.toString.call(v) === '[object Date]'
      ? Utilities.formatDate(v as Date, zone, 'yyyy-MM-dd')
      : String(v ?? '');
  const keys = request.keys ?? {};
  const matches = (row: readonly unknown[] | undefined) =>
    row !== undefined &&
    (request.lineKey !== null
      ? text(row[0]) === request.lineKey
      : text(row[0]) === keys.option_id && text(row[1]) === keys.day);
  const last = sheet.getLastRow();
  let found = -1;
  if (request.row <= last && matches(sheet.getRange(request.row, 1, 1, 2).getValues()[0]))
    found = request.row;
  else if (last >= 2) {
    const column = sheet.getRange(2, 1, last - 1, 2).getValues();
    const i = column.findIndex((row) => matches(row));
    if (i >= 0) found = i + 2;
  }
  if (found < 0)
    return {
      ok: false,
      row: null,
      tab: sheet.getName(),
      message: `이 행을 ${sheet.getName()} 탭에서 더 찾을 수 없습니다 (지워졌거나 바뀜). 설명을 다시 여세요.\nThis row is no longer in the ${sheet.getName()} tab (deleted or changed). Explain the cell again.`,
    };
  sheet.activate();
  sheet.getRange(found, 1, 1, Math.max(1, sheet.getLastColumn())).activate();
  return { ok: true, row: found, tab: sheet.getName(), message: '' };
}
