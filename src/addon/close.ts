/**
 * Menu item "월마감 새로 고침 / Refresh month close": rebuilds the 월마감, 세금계산서 대사 and 정산 지급
 * tabs (and the 휴일 tab's range) from the normalized tabs as they stand, the same refresh every
 * import ends with. Useful after the user edits rows, adds holidays or deletes a summary row. Under
 * the document lock, like an import; the columns the summaries need of the normalized tabs
 * (closeSources.ts), a few block writes per tab. A menu action cannot resume in a second execution:
 * it reads everything in this one (about 2 minutes of reads at 100,000 order lines with their fees,
 * by the emulator's cost model).
 */
import { columnIndex, ORDERS_TAB } from '../core/model/tabs';
import { digestSources, emptyDigest } from '../core/summary/digest';
import { headlineLines, monthsOf } from '../core/summary/headline';
import { refreshSummaries } from '../core/summary/refresh';
import { readRules } from '../core/summary/sources';
import { MONTH_CLOSE } from '../core/summary/tabs';
import { readCloseSources } from './closeSources';
import { ADDON_LABELS } from './labels';
import { userLang } from './lang';
import { NO_DEADLINE } from './sheets/budget';
import { SheetsWorkbookPort } from './sheets/sheets-port';

/** Problems listed in the alert; the rest are in the Import problems tab. */
const ALERT_PROBLEMS = 5;

export function refreshMonthCloseFromMenu(): void {
  const lang = userLang();
  const t = ADDON_LABELS[lang];
  const ui = SpreadsheetApp.getUi();
  const lock = LockService.getDocumentLock();
  if (lock && !lock.tryLock(10_000)) {
    ui.alert(
      '다른 사용자가 가져오기를 하고 있습니다. 잠시 후 다시 시도하세요.\nSomeone else is importing; try again in a moment.',
    );
    return;
  }
  try {
    const spreadsheet = SpreadsheetApp.getActiveSpreadsheet();
    const port = new SheetsWorkbookPort(spreadsheet, lang);
    const digest = emptyDigest();
    readCloseSources(port, readRules(port), { source: 'orders', from: 0 }, digest, NO_DEADLINE);
    const sources = digestSources(digest);
    const periodEnd = columnIndex(ORDERS_TAB, 'period_end');
    const dates = sources.orders.map((row) => row[periodEnd] ?? null);
    const stamp = new Date().toISOString().replace(/[-:]/g, '').slice(0, 15);
    const result = refreshSummaries(port, {
      sources,
      importId: `refresh-${stamp}`,
      // The latest settlement month of the data (Orders' period end).
      months: monthsOf(
        dates.map((d) => (typeof d === 'string' ? d : null)),
        1,
      ),
    });
    SpreadsheetApp.flush();
    port.sheetFor(MONTH_CLOSE.id, [MONTH_CLOSE.tab.ko, MONTH_CLOSE.tab.en])?.activate();
    const lines = headlineLines(result.headline);
    if (result.problems.length === 0) {
      spreadsheet.toast(lines.slice(1).join('\n').trim() || t.closeRefreshed, t.closeRefreshed, 10);
      return;
    }
    const shown = result.problems.slice(0, ALERT_PROBLEMS).map((p) => `• ${p.message}`);
    const more = result.problems.length - shown.length;
    ui.alert(
      [
        t.closeRefreshed,
        ...lines,
        '',
        ...shown,
        ...(more > 0 ? [`… +${more} (가져오기 오류 탭 / Import problems tab)`] : []),
      ].join('\n'),
    );
  } finally {
    lock?.releaseLock();
  }
}
