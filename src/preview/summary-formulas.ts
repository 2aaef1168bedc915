/**
 * The summary tabs (month close, 옵션별 손익 and its cost helper) in the preview, as Google Sheets would show them: the emulator stores their
 * formulas without computing them, so their cells are filled with the core's TypeScript values of
 * the same declarations (src/core/summary), which test/summary proves equal to the formulas evaluated
 * by HyperFormula and LibreOffice. Runs after fillComputedFormulas (the Fees commission values).
 */
import { listedHolidayCalendar, readUserHolidays } from '../core/close/holidays';
import { COSTS_TAB, parseCostTable } from '../core/costs/table';
import { type Cell, canonicalCell } from '../core/merge/cells';
import { parseRules } from '../core/merge/commission';
import { headerMatches, SETTINGS_TAB, type TabDef } from '../core/model/tabs';
import type { SourceId } from '../core/summary/define';
import { SOURCE_TABS } from '../core/summary/formula';
import { costDaysTab, PROFIT } from '../core/summary/profit';
import { valuesAsTheyStand } from '../core/summary/refresh';
import { sourcesFrom } from '../core/summary/sources';
import { HOLIDAYS_TAB, MONTH_CLOSE, payoutsTab, type SummaryTab, TAX_INVOICES } from '../core/summary/tabs';
import type { SheetsSnapshot } from './sheets-page';

function tableOf(snapshot: SheetsSnapshot, tab: TabDef): unknown[][] | undefined {
  return Object.values(snapshot).find((rows) => rows.length > 0 && headerMatches(tab, rows[0] ?? []));
}

/** A tab's data rows in canonical form (dates are ISO already). */
function canonical(tab: TabDef, rows: readonly unknown[][]): Cell[][] {
  return rows.map((row) =>
    row.map((raw, c) => {
      const col = tab.columns[c];
      if (!col) return raw === '' || raw === null || raw === undefined ? null : (raw as Cell);
      return canonicalCell(col, raw);
    }),
  );
}

export function fillSummaryFormulas(snapshot: SheetsSnapshot): void {
  const tables = {} as Record<SourceId, Cell[][]>;
  for (const id of ['orders', 'fees', 'fulfillment'] as const) {
    const tab = SOURCE_TABS[id];
    tables[id] = canonical(tab, (tableOf(snapshot, tab) ?? []).slice(1));
  }
  const settings = canonical(SETTINGS_TAB, (tableOf(snapshot, SETTINGS_TAB) ?? []).slice(1));
  const sources = sourcesFrom(tables, parseRules(settings));
  const holidays = (tableOf(snapshot, HOLIDAYS_TAB) ?? []).slice(1).map((row) => row[0] ?? null);
  const calendar = listedHolidayCalendar(readUserHolidays(holidays).dates);
  const fill = (st: SummaryTab): Cell[][] => {
    const table = tableOf(snapshot, st.tab);
    if (!table) return [];
    const lang = String(table[0]?.[0] ?? '') === st.tab.columns[0]?.en ? 'en' : 'ko';
    const values = valuesAsTheyStand(st, sources, canonical(st.tab, table.slice(1)), lang);
    values.forEach((cells, r) => {
      const row = table[r + 1]!;
      st.def.columns.forEach((c, i) => {
        if (c.role === 'value' || c.role === 'check') row[i] = cells[i] ?? '';
      });
    });
    return values.map((cells) => cells.slice(0, st.tab.columns.length));
  };
  for (const st of [MONTH_CLOSE, TAX_INVOICES, payoutsTab(calendar)]) fill(st);
  // 옵션별 손익 sums its cost helper, whose unit costs come from the 원가 tab as it stands.
  const costs = parseCostTable(canonical(COSTS_TAB, (tableOf(snapshot, COSTS_TAB) ?? []).slice(1)));
  sources.cost_days = fill(costDaysTab(costs));
  fill(PROFIT);
}
