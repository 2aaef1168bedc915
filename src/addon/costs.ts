/**
 * Menu item "원가 채우기 / Prefill unit costs": one 원가 row per option seen so far that has none (its
 * name for reference; cost and dates left for the seller), then the summary tabs refreshed so the
 * cost lookup covers the new rows. Existing rows are never touched. Under the document lock, like an
 * import; a 원가 tab whose header is not ours is left alone and the user is told.
 */
import { prefillCosts } from '../core/costs/prefill';
import { COSTS_TAB } from '../core/costs/table';
import { refusalMessage } from '../core/messages';
import { tabLabel } from '../core/model/tabs';
import { refreshSummaries } from '../core/summary/refresh';
import { readSources } from '../core/summary/sources';
import { ADDON_LABELS } from './labels';
import { userLang } from './lang';
import { SheetsWorkbookPort } from './sheets/sheets-port';

export function prefillCostsFromMenu(): void {
  const lang = userLang();
  const t = ADDON_LABELS[lang];
  const ui = SpreadsheetApp.getUi();
  const lock = LockService.getDocumentLock();
  if (lock && !lock.tryLock(10_000)) {
    ui.alert(refusalMessage('LOCKED'));
    return;
  }
  try {
    const spreadsheet = SpreadsheetApp.getActiveSpreadsheet();
    const port = new SheetsWorkbookPort(spreadsheet, lang);
    if (!port.ensureTab(COSTS_TAB)) {
      ui.alert(refusalMessage('HEADER_MISMATCH', { names: tabLabel(COSTS_TAB, lang) }));
      return;
    }
    const sources = readSources(port);
    const prefill = prefillCosts(port.read(COSTS_TAB).rows, sources);
    if (prefill.rows.length > 0) port.appendRows(COSTS_TAB, prefill.rows);
    const stamp = new Date().toISOString().replace(/[-:]/g, '').slice(0, 15);
    refreshSummaries(port, { sources, importId: `costs-${stamp}` });
    SpreadsheetApp.flush();
    port.sheetFor(COSTS_TAB.id, [COSTS_TAB.ko, COSTS_TAB.en])?.activate();
    spreadsheet.toast(t.costsPrefilled(prefill.rows.length, prefill.present), t.prefillCosts, 10);
  } finally {
    lock?.releaseLock();
  }
}
