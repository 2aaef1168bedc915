/**
 * The `holidays` and `payout_dates` tables: the calendar of the export and the payout dates of every
 * settlement-line end it can meet. The 정산 지급 tab counts business days with WORKDAY over its 휴일
 * tab; BigQuery and DuckDB share no business-day function (nor weekday numbering), so the dates are
 * computed here with the same TypeScript the tab's values come from (src/core/close/payout.ts, proven
 * equal to the formulas in test/close and test/summary) and the view joins them by (정산유형, 종료일).
 *
 * The holidays: the union of every book's 휴일 tab (a book without one, and downloads, count the
 * built-in list, as a fresh import writes it). Payout dates: every day of every year from the first
 * to the last year of the data's period ends and of the holidays, for 주정산 and 월정산 — about 80
 * rows a year, whatever the data.
 */
import { builtInHolidays, listedHolidayCalendar, readUserHolidays } from '../../core/close/holidays';
import { MONTHLY, payoutDates, WEEKLY } from '../../core/close/payout';
import { isoToSerial, serialToIso } from '../../core/util/dates';
import { cellOf, type Ledger } from './ledger';
import { badCell, type ExportProblem } from './messages';
import type { JsonRow, TableData } from './rows';
import type { TableSpec } from './tables';

export interface ExportCalendar {
  /** Holidays by date (names joined when two inputs name a day differently). */
  names: Map<string, string>;
  /** Years of the data's period ends. */
  dataYears: Set<number>;
}

const DATA_TABS = ['orders', 'fees', 'fulfillment'] as const;

export function exportCalendar(ledgers: readonly Ledger[], problems: ExportProblem[]): ExportCalendar {
  const names = new Map<string, string>();
  const dataYears = new Set<number>();
  const add = (date: string, name: string) => {
    const seen = names.get(date);
    if (seen === undefined || seen === '') names.set(date, name);
    else if (name !== '' && !seen.split(', ').includes(name)) names.set(date, `${seen}, ${name}`);
  };
  for (const ledger of ledgers) {
    for (const id of DATA_TABS) {
      const tab = ledger.tabs[id];
      for (const row of tab?.rows ?? []) {
        const end = tab ? cellOf(tab, row, 'period_end') : null;
        if (typeof end === 'string' && /^\d{4}-/.test(end)) dataYears.add(Number(end.slice(0, 4)));
      }
    }
    const tab = ledger.tabs.holidays;
    if (!tab) {
      for (const h of builtInHolidays()) add(h.date, h.name);
      continue;
    }
    for (const row of tab.rows) {
      const cell = cellOf(tab, row, 'date');
      const { dates, unreadable } = readUserHolidays([cell]);
      if (unreadable.length > 0)
        problems.push(
          badCell(
            {
              source: ledger.source,
              tab: tab.tab.ko,
              row: row.row,
              column: tab.tab.columns[0]?.ko ?? 'date',
              value: cell === null ? '' : String(cell),
            },
            'DATE',
          ),
        );
      const name = cellOf(tab, row, 'name');
      for (const date of dates) add(date, typeof name === 'string' ? name : '');
    }
  }
  return { names, dataYears };
}

const yearOf = (iso: string) => Number(iso.slice(0, 4));

/** Years with a listed holiday: the scopes a load of `holidays` replaces. */
function holidayYears(calendar: ExportCalendar): number[] {
  return [...new Set([...calendar.names.keys()].map(yearOf))].sort((a, b) => a - b);
}

export function holidayTable(spec: TableSpec, calendar: ExportCalendar): TableData {
  const rows: JsonRow[] = [...calendar.names.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([date, name]) => ({ date, name: name === '' ? null : name, year: yearOf(date) }));
  return { spec, rows, scopes: holidayYears(calendar).map((year) => ({ year })) };
}

export function payoutDatesTable(spec: TableSpec, calendar: ExportCalendar): TableData {
  const listed = listedHolidayCalendar([...calendar.names.keys()]);
  const years = [...holidayYears(calendar), ...calendar.dataYears];
  const rows: JsonRow[] = [];
  if (years.length > 0) {
    const first = isoToSerial(`${Math.min(...years)}-01-01`);
    const last = isoToSerial(`${Math.max(...years)}-12-31`);
    for (let serial = first; serial <= last; serial++) {
      const end = serialToIso(serial)!;
      for (const cycle of [WEEKLY, MONTHLY]) {
        const dates = payoutDates(cycle, end, listed);
        if (!dates.ok) continue;
        rows.push({
          cycle,
          period_end: end,
          base_date: dates.baseDate,
          first_date: dates.firstDate,
          second_date: dates.secondDate,
          holidays_known: dates.holidaysKnown,
        });
      }
    }
  }
  return { spec, rows, scopes: [] };
}
