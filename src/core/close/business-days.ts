/**
 * Calendar arithmetic on spreadsheet serials (1900 date system, whole days, no time zone), with the
 * same meaning as the spreadsheet functions the payout formulas use, so the two can be compared:
 * `addBusinessDays` = WORKDAY, `endOfMonth` = EOMONTH, `isoWeekday` = WEEKDAY(·, 2).
 */
import { isoToSerial, serialToIso } from '../util/dates';
import type { HolidayCalendar } from './holidays';

/** Monday = 1 … Sunday = 7, like WEEKDAY(serial, 2). Serial 2 (1900-01-01) was a Monday. */
export function isoWeekday(serial: number): number {
  return ((((serial - 2) % 7) + 7) % 7) + 1;
}

export function isBusinessDay(serial: number, calendar: HolidayCalendar): boolean {
  return isoWeekday(serial) <= 5 && !calendar.isHoliday(serial);
}

export interface BusinessDayResult {
  serial: number;
  /** false when a day counted (or skipped) lies in a year the holiday calendar does not cover. */
  covered: boolean;
}

/**
 * WORKDAY(start, days, holidays) for days ≥ 1: the `days`-th business day after `start` (the start
 * itself never counts, whatever it is).
 */
export function addBusinessDays(start: number, days: number, calendar: HolidayCalendar): BusinessDayResult {
  if (!Number.isInteger(days) || days < 1)
    throw new Error(`business days must be a positive integer: ${days}`);
  let serial = start;
  let left = days;
  let covered = true;
  while (left > 0) {
    serial += 1;
    if (!calendar.covers(yearOf(serial))) covered = false;
    if (isBusinessDay(serial, calendar)) left -= 1;
  }
  return { serial, covered };
}

function yearOf(serial: number): number {
  return Number(serialToIso(serial)!.slice(0, 4));
}

/** EOMONTH(serial, months): the last day of the month `months` after the month of `serial`. */
export function endOfMonth(serial: number, months: number): number {
  const [y, m] = serialToIso(serial)!.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + months + 1; // the month after the target month
  const first = `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-01`;
  return isoToSerial(first) - 1;
}

/** DAY(serial). */
export function dayOfMonth(serial: number): number {
  return Number(serialToIso(serial)!.slice(8, 10));
}
