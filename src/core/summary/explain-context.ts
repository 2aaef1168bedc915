/**
 * Everything "이 숫자 설명" needs, read through the WorkbookPort (Sheets, .xlsx, the preview's
 * emulator alike): the normalized rows with their sheet rows, the summary tabs' declarations (the
 * 휴일 and 원가 tabs as they stand give the payout dates and unit costs), and the 원가 계산 helper's rows
 * with the values its formulas compute. Nothing is written.
 */
import { builtInHolidays, listedHolidayCalendar, readUserHolidays } from '../close/holidays';
import { COSTS_TAB, parseCostTable } from '../costs/table';
import type { Cell } from '../merge/cells';
import type { WorkbookPort } from '../merge/port';
import type { ExplainRefusal, ExplainView } from '../model/explain';
import type { TabId } from '../model/tabs';
import type { SourceId } from './define';
import type { Sources } from './evaluate';
import { explainView } from './explain-view';
import { SOURCE_TABS } from './formula';
import { costDaysTab, PROFIT } from './profit';
import { valuesAsTheyStand } from './refresh-tab';
import { readSourcesWithRows } from './sources';
import { HOLIDAYS_TAB, MONTH_CLOSE, payoutsTab, type SummaryTab, TAX_INVOICES } from './tabs';

export interface SummaryContext {
  tabs: SummaryTab[];
  sources: Sources;
  sheetRows: Record<SourceId, number[]>;
  tabNames: Record<SourceId, string>;
}

/** The tabs a selected cell can be explained on. */
export const EXPLAINABLE: readonly TabId[] = [
  'month_close',
  'tax_invoices',
  'payouts',
  'profit',
  'cost_days',
];

const managedRows = (rows: readonly (readonly Cell[])[], width: number): Cell[][] =>
  rows.map((r) => {
    const row = r.slice(0, width);
    while (row.length < width) row.push(null);
    return row;
  });

export function readSummaryContext(port: WorkbookPort): SummaryContext {
  const { sources, sheetRows } = readSourcesWithRows(port);
  const holidays = port.hasTab(HOLIDAYS_TAB)
    ? readUserHolidays(port.read(HOLIDAYS_TAB).rows.map((r) => r[0] ?? null)).dates
    : builtInHolidays().map((h) => h.date);
  const costs = parseCostTable(port.hasTab(COSTS_TAB) ? port.read(COSTS_TAB).rows : []);
  const helper = costDaysTab(costs);
  if (port.hasTab(helper.tab)) {
    const rows = managedRows(port.read(helper.tab).rows, helper.tab.columns.length);
    sources.cost_days = valuesAsTheyStand(helper, sources, rows, port.lang);
    sheetRows.cost_days = rows.map((_, i) => i + 2);
  }
  const tabNames = {} as Record<SourceId, string>;
  for (const id of Object.keys(SOURCE_TABS) as SourceId[]) tabNames[id] = port.tabName(SOURCE_TABS[id]);
  return {
    tabs: [MONTH_CLOSE, TAX_INVOICES, payoutsTab(listedHolidayCalendar(holidays)), PROFIT, helper],
    sources,
    sheetRows,
    tabNames,
  };
}

/** Explains the cell at a 1-based sheet row and column of the summary tab `tabId`. */
export function explainAt(
  port: WorkbookPort,
  context: SummaryContext,
  tabId: TabId,
  sheetRow: number,
  sheetColumn: number,
  shown: Cell = null,
): ExplainView | ExplainRefusal {
  const st = context.tabs.find((t) => t.id === tabId);
  if (!st) throw new Error(`${tabId} is not a summary tab`);
  const rows = port.hasTab(st.tab) ? managedRows(port.read(st.tab).rows, st.tab.columns.length) : [];
  return explainView({
    st,
    tabName: port.tabName(st.tab),
    rows,
    sheetRow,
    sheetColumn,
    shown,
    sources: context.sources,
    sheetRows: context.sheetRows,
    tabNames: context.tabNames,
    lang: port.lang,
  });
}
