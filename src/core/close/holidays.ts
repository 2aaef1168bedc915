/**
 * Korean public holidays for business-day counts (accounting.md §3).
 *
 * The built-in list is `@hyunbinseo/holidays-kr` (the official gazette's 월력요항, published through
 * 2027): public holidays, substitute holidays (대체공휴일), temporary holidays and election days. It
 * already carries the two days accounting.md says are holidays from 2026 — 노동절 (05-01) and 제헌절
 * (07-17) — so no day of our own is added (test/close/holidays.test.ts asserts they are there).
 * The package is plain object literals: nothing but data reaches the Apps Script bundle. We import
 * the three yearly objects statically (`/all`): the package's main entry loads years with dynamic
 * `import()`, which neither an IIFE bundle nor Apps Script can do.
 *
 * Later years and company closures come from the user (the 휴일 tab): `holidayCalendar(extra)`.
 */
import { y2025, y2026, y2027 } from '@hyunbinseo/holidays-kr/all';
import { isIsoDate, isoToSerial, parseDate } from '../util/dates';

export interface Holiday {
  /** `YYYY-MM-DD` */
  date: string;
  /** Korean name(s) from the gazette; two holidays on one day are joined with ", ". */
  name: string;
}

/** The years the built-in list covers completely. */
export const BUILT_IN_FIRST_YEAR = 2025;
export const BUILT_IN_LAST_YEAR = 2027;

const PRESETS: readonly Readonly<Record<string, readonly string[]>>[] = [y2025, y2026, y2027];

/** The built-in holidays 2025–2027, in date order. */
export function builtInHolidays(): Holiday[] {
  const list: Holiday[] = [];
  for (const preset of PRESETS) {
    for (const [date, names] of Object.entries(preset)) list.push({ date, name: names.join(', ') });
  }
  return list.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** Non-working days besides weekends, as spreadsheet serials (1900 date system). */
export interface HolidayCalendar {
  /** true when `serial` is a built-in or user holiday (weekends are not listed here). */
  isHoliday(serial: number): boolean;
  /**
   * true when the calendar knows the holidays of `year`: a built-in year, or a year in which the
   * user listed at least one day. A business-day count that crosses another year is uncertain.
   */
  covers(year: number): boolean;
  /** Every holiday, built-in and user, `YYYY-MM-DD`, sorted, without duplicates. */
  dates(): string[];
}

/** Built-in holidays plus `extra` (`YYYY-MM-DD`; duplicates of built-in days are harmless). */
export function holidayCalendar(extra: readonly string[] = []): HolidayCalendar {
  const serials = new Set<number>();
  const isoBySerial = new Map<number, string>();
  const years = new Set<number>();
  for (let y = BUILT_IN_FIRST_YEAR; y <= BUILT_IN_LAST_YEAR; y++) years.add(y);
  const add = (date: string) => {
    if (!isIsoDate(date)) throw new Error(`not a YYYY-MM-DD date: ${date}`);
    const serial = isoToSerial(date);
    serials.add(serial);
    isoBySerial.set(serial, date);
  };
  for (const holiday of builtInHolidays()) add(holiday.date);
  for (const date of extra) {
    add(date);
    years.add(Number(date.slice(0, 4)));
  }
  return {
    isHoliday: (serial) => serials.has(serial),
    covers: (year) => years.has(year),
    dates: () => [...isoBySerial.values()].sort(),
  };
}

/**
 * Exactly the listed days (what the 휴일 tab holds once prefilled with the built-in days): the
 * calendar the tab's WORKDAY formulas count with, so TypeScript and the formulas agree even when a
 * user removes a day. `covers(year)`: the list has a day in that year (the formulas' own check).
 */
export function listedHolidayCalendar(dates: readonly string[]): HolidayCalendar {
  const serials = new Set<number>();
  const years = new Set<number>();
  const listed = new Set<string>();
  for (const date of dates) {
    if (!isIsoDate(date)) throw new Error(`not a YYYY-MM-DD date: ${date}`);
    serials.add(isoToSerial(date));
    years.add(Number(date.slice(0, 4)));
    listed.add(date);
  }
  return {
    isHoliday: (serial) => serials.has(serial),
    covers: (year) => years.has(year),
    dates: () => [...listed].sort(),
  };
}

export interface UserHolidayRows {
  /** `YYYY-MM-DD` of every readable row. */
  dates: string[];
  /** Rows (0-based index into the given rows) whose date cell is not a date, with the cell. */
  unreadable: { row: number; cell: unknown }[];
}

/**
 * The date cells of the user's holiday rows (a date cell, a `YYYY-MM-DD`-like text, or a serial).
 * Blank cells are skipped; anything else is reported, never guessed: a spreadsheet's WORKDAY
 * rejects a text holiday too, so the caller must show these rows to the user.
 */
export function readUserHolidays(cells: readonly unknown[]): UserHolidayRows {
  const dates: string[] = [];
  const unreadable: { row: number; cell: unknown }[] = [];
  cells.forEach((cell, row) => {
    const parsed = parseDate(cell);
    if (!parsed.ok) unreadable.push({ row, cell });
    else if (parsed.value !== null) dates.push(parsed.value);
  });
  return { dates, unreadable };
}
