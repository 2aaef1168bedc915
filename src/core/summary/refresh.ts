/**
 * Refreshes the month-close tabs through the WorkbookPort (the same port the merge engine writes the
 * normalized tabs with), after every import and from the Sheets menu.
 *
 * Per summary tab:
 *   1. the keys the data needs are computed in TypeScript (evaluate.ts deriveKeys);
 *   2. the tab's rows are matched to them BY KEY, never by position (the user may sort);
 *   3. a row whose key is gone is deleted when it holds nothing the user typed (user-owned columns,
 *      cells right of the table); otherwise it stays, its formulas show 0, and a problem row says so;
 *   4. rows are deleted FIRST, then every remaining row's managed cells are rewritten in one block
 *      (keys in the current language, each formula for the row it sits on, cached values for .xlsx),
 *      then new rows and the total rows are appended. User-owned cells and the cells right of the
 *      table are never written (writeSegments), so typed 홈택스 / 실지급 figures survive every refresh.
 *   5. the total rows stay the last rows: rewritten in place when nothing was added, else rebuilt at
 *      the end (what the user had typed on them is copied into a problem row).
 * The 휴일 tab is the user's: created and prefilled with the built-in gazette days, afterwards only
 * years it lacks entirely are added; `cjHolidays` points at its date column.
 */
import { builtInHolidays, listedHolidayCalendar, readUserHolidays } from '../close/holidays';
import { payoutDates } from '../close/payout';
import { HOLIDAYS_RANGE_NAME } from '../close/payout-formulas';
import type { Cell } from '../merge/cells';
import { problemRows } from '../merge/engine';
import type { WorkbookPort } from '../merge/port';
import { makeProblem } from '../messages';
import type { Problem } from '../model/records';
import { PROBLEMS_TAB } from '../model/tabs';
import { keyDef, keyLabel, type Text } from './define';
import type { Sources } from './evaluate';
import type { MonthHeadline } from './headline';
import { type ProfitRefresh, refreshProfit } from './profit-refresh';
import { refreshTab, type SummaryRow, type TabRefresh, where } from './refresh-tab';
import {
  COMMON,
  CONFIRMED,
  ESTIMATED,
  HOLIDAY_RANGE_LAST_ROW,
  HOLIDAYS_TAB,
  MONTH_CLOSE,
  payoutsTab,
  TAX_INVOICES,
} from './tabs';

export { refreshTab, type SummaryRow, type TabRefresh, valuesAsTheyStand } from './refresh-tab';

export interface RefreshResult {
  /** 월마감, 세금계산서 대사, 정산 지급, then 원가 계산 and 옵션별 손익. */
  tabs: TabRefresh[];
  profit: ProfitRefresh;
  holidays: { added: number; unreadableRows: number[] };
  problems: Problem[];
  headline: MonthHeadline[];
}

export interface RefreshOptions {
  /** The normalized rows (readSources / sourcesFrom(finalTables(…))). */
  sources: Sources;
  /** Written as the import ID of the problem rows. */
  importId: string;
  /** `YYYY-MM` months whose headline the caller shows. */
  months?: readonly string[];
  /** Plan only: compute rows and headline, write nothing. */
  dryRun?: boolean;
}

const PAYOUT_REASONS: Record<string, Text> = {
  'unknown-cycle': { ko: '정산유형이 주정산·월정산이 아님', en: 'the cycle is neither 주정산 nor 월정산' },
  'not-a-week-end': {
    ko: '주정산 종료일이 일요일도 월말도 아님',
    en: 'a weekly end date that is neither a Sunday nor a month end',
  },
  'not-a-month-end': { ko: '월정산 종료일이 월말이 아님', en: 'a monthly end date that is not a month end' },
};

export function refreshSummaries(port: WorkbookPort, options: RefreshOptions): RefreshResult {
  const lang = port.lang;
  const problems: Problem[] = [];
  const holidays = refreshHolidays(port, Boolean(options.dryRun), problems);
  const calendar = listedHolidayCalendar(holidays.dates);
  const payouts = payoutsTab(calendar);
  const tabs = [MONTH_CLOSE, TAX_INVOICES, payouts].map((st) =>
    refreshTab(port, st, options.sources, lang, Boolean(options.dryRun), problems),
  );
  const payoutRefresh = tabs[2]!;
  const profit = refreshProfit(port, options.sources, lang, Boolean(options.dryRun), problems);
  tabs.push(profit.helper, profit.profit);
  for (const row of payoutRefresh.rows) {
    const cycle = row.keys.cycle ?? '';
    const end = row.keys.period_end ?? '';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(end)) continue;
    const dates = payoutDates(cycle, end, calendar);
    if (dates.ok) continue;
    const reason = PAYOUT_REASONS[dates.reason]!;
    const label = keyLabel(keyDef(payouts.def, 'cycle'), cycle, 'ko');
    problems.push(
      makeProblem('PAYOUT_DATE_UNKNOWN', 'warning', where(payouts.tab, lang), {
        cycle: label,
        end,
        reason_ko: reason.ko,
        reason_en: reason.en,
      }),
    );
  }
  if (problems.length > 0 && !options.dryRun) {
    port.ensureTab(PROBLEMS_TAB);
    port.appendRows(PROBLEMS_TAB, problemRows(options.importId, problems, lang));
  }
  return {
    tabs,
    profit,
    holidays: { added: holidays.added, unreadableRows: holidays.unreadableRows },
    problems,
    headline: headlineOf(tabs[0]!, payoutRefresh, options.months ?? []),
  };
}

// ── 휴일 ─────────────────────────────────────────────────────────────────────────────────────────

function refreshHolidays(
  port: WorkbookPort,
  dryRun: boolean,
  problems: Problem[],
): { dates: string[]; added: number; unreadableRows: number[] } {
  const builtIn = builtInHolidays();
  const exists = port.hasTab(HOLIDAYS_TAB);
  if (dryRun && !exists)
    return { dates: builtIn.map((h) => h.date), added: builtIn.length, unreadableRows: [] };
  if (!dryRun && !port.ensureTab(HOLIDAYS_TAB)) {
    problems.push(
      makeProblem('SUMMARY_TAB_MISMATCH', 'warning', where(HOLIDAYS_TAB, port.lang), {
        tab: HOLIDAYS_TAB.ko,
        tab_en: HOLIDAYS_TAB.en,
      }),
    );
    return { dates: builtIn.map((h) => h.date), added: 0, unreadableRows: [] };
  }
  const rows = exists ? port.read(HOLIDAYS_TAB).rows : [];
  const { dates, unreadable } = readUserHolidays(rows.map((r) => r[0] ?? null));
  const years = new Set(dates.map((d) => d.slice(0, 4)));
  // A new tab gets every built-in day; an existing one only the years it has no day of (a later
  // release's list), so a day the user removed stays removed.
  const missing = builtIn.filter((h) => !years.has(h.date.slice(0, 4)));
  if (!dryRun) {
    if (missing.length > 0)
      port.appendRows(
        HOLIDAYS_TAB,
        missing.map((h) => [h.date, h.name]),
      );
    port.setNamedRange(HOLIDAYS_RANGE_NAME, HOLIDAYS_TAB, 'date', 2, HOLIDAY_RANGE_LAST_ROW);
  }
  const unreadableRows = unreadable.map((u) => u.row + 2);
  for (const u of unreadable) {
    problems.push(
      makeProblem(
        'HOLIDAY_UNREADABLE',
        'warning',
        { ...where(HOLIDAYS_TAB, port.lang), row: u.row + 2, value: String(u.cell) },
        { rows: u.row + 2, value: String(u.cell) },
      ),
    );
  }
  return { dates: [...dates, ...missing.map((h) => h.date)], added: missing.length, unreadableRows };
}

// ── headline ────────────────────────────────────────────────────────────────────────────────────

function headlineOf(close: TabRefresh, payouts: TabRefresh, months: readonly string[]): MonthHeadline[] {
  const num = (v: Cell | undefined) => (typeof v === 'number' ? v : 0);
  const ok = (rows: readonly SummaryRow[]) => rows.every((r) => r.values.get('check') === '✓');
  return months.map((month) => {
    const rows = close.rows.filter((r) => r.keys.month === `${month}-01`);
    const confirmed = rows.filter((r) => r.keys.basis === CONFIRMED && r.keys.tax_type !== COMMON);
    const common = rows.filter((r) => r.keys.basis === CONFIRMED && r.keys.tax_type === COMMON);
    const estimated = rows.filter((r) => r.keys.basis === ESTIMATED);
    const lines = payouts.rows.filter((r) => (r.keys.period_end ?? '').startsWith(month));
    const total = (list: readonly SummaryRow[], ...columns: string[]) =>
      list.reduce((t, r) => t + columns.reduce((s, c) => s + num(r.values.get(c)), 0), 0);
    return {
      month,
      supplyTotal: { amount: total(confirmed, 'supply_total'), ok: ok(confirmed) },
      vat: { amount: total(confirmed, 'vat'), ok: ok(confirmed) },
      commission: { amount: total(confirmed, 'commission', 'commission_vat'), ok: ok(confirmed) },
      cfs: { amount: total(common, 'cfs_supply', 'cfs_vat'), ok: ok(common) },
      payout: { amount: total(lines, 'expected'), ok: ok(lines) },
      estimatedSupplyTotal: estimated.length > 0 ? total(estimated, 'supply_total') : null,
    };
  });
}
