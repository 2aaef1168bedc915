/**
 * "탭 열기" in the import summary: brings a managed tab to the front. Tabs are found by their
 * developer metadata first, so a tab the user renamed is still found.
 */
import { z } from 'zod';
import { COSTS_TAB } from '../core/costs/table';
import { ALL_TABS, type TabDef } from '../core/model/tabs';
import { COST_DAYS_TAB_DEF, PROFIT } from '../core/summary/profit';
import { HOLIDAYS_TAB, MONTH_CLOSE, PAYOUTS_TAB_DEF, TAX_INVOICES } from '../core/summary/tabs';
import { userLang } from './lang';
import { AmbiguousTabError, SheetsWorkbookPort } from './sheets/sheets-port';

/** The import's tabs and the month-close tabs (the summary's "월마감 탭 열기"). */
const TABS: readonly TabDef[] = [
  ...ALL_TABS,
  MONTH_CLOSE.tab,
  TAX_INVOICES.tab,
  PAYOUTS_TAB_DEF,
  HOLIDAYS_TAB,
  PROFIT.tab,
  COSTS_TAB,
  COST_DAYS_TAB_DEF,
];
const TabId = z.enum(TABS.map((t) => t.id) as [string, ...string[]]);

/** Returns false when the tab does not exist (yet); throws on an unknown id. */
export function activateManagedTab(request: unknown): boolean {
  const id = TabId.parse(request);
  const tab = TABS.find((t) => t.id === id)!;
  const port = new SheetsWorkbookPort(SpreadsheetApp.getActiveSpreadsheet(), userLang());
  let sheet: GoogleAppsScript.Spreadsheet.Sheet | null;
  try {
    sheet = port.sheetFor(tab.id, [tab.ko, tab.en]);
  } catch (error) {
    // Two sheets claim the tab: neither is brought forward (the import refuses and says why).
    if (error instanceof AmbiguousTabError) return false;
    throw error;
  }
  if (!sheet) return false;
  sheet.activate();
  return true;
}
