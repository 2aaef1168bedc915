/**
 * When and how much Coupang pays for one settlement line (accounting.md §3, measured against WING's
 * 정산현황 screen on 629 of 629 payout lines).
 *
 * A settlement line is 정산유형 × 정산주기(종료일). Weeks run Monday–Sunday; WING splits a week that
 * crosses a month end into two lines, one per month, that share the week's Sunday as base date.
 * A line tells which it is from its end date alone:
 *
 *   주정산, end is a Sunday, day ≥ 7      a whole week (its Monday is in the same month)
 *   주정산, end is a Sunday, day ≤ 6      the second part of a split week (its Monday is last month)
 *   주정산, end is a month's last day     the first part of a split week (the week's Sunday is in
 *           but not a Sunday              the next month: end + 7 − weekday)
 *   주정산, any other end date            not a settlement week: no date (a human must look)
 *   월정산, end is a month's last day     the month
 *   월정산, any other end date            not a settlement month: no date
 *
 * In every 주정산 case the base date is end + 7 − WEEKDAY(end, 2) (the Sunday on or after the end),
 * and the week crosses a month end exactly when DAY(that Sunday) ≤ 6.
 *
 *   주정산 1차 (70 %)   Sunday + 20 business days
 *   주정산 2차 (30 %)   first business day of the second month after the line's month
 *                       (= WORKDAY(EOMONTH(end, 1), 1)); for both parts of a split week:
 *                       Sunday + 25 business days
 *   월정산 (100 %)      the month's last day + 20 business days; no 2차
 *
 * The spreadsheet formulas (payout-formulas.ts) compute exactly this; tests compare both with a table
 * of dates worked out by hand.
 */
import { isoToSerial, serialToIso } from '../util/dates';
import { addBusinessDays, dayOfMonth, endOfMonth, isoWeekday } from './business-days';
import type { HolidayCalendar } from './holidays';

export const WEEKLY = '주정산';
export const MONTHLY = '월정산';

export const FIRST_PAYMENT_BUSINESS_DAYS = 20;
export const SPLIT_WEEK_SECOND_PAYMENT_BUSINESS_DAYS = 25;

export type LineShape = 'week' | 'split-week-first' | 'split-week-second' | 'month';

export type PayoutDates =
  | {
      ok: true;
      shape: LineShape;
      /** The day the business days are counted from: the week's Sunday, or the month's last day. */
      baseDate: string;
      firstDate: string;
      /** null for 월정산 (paid in full on firstDate). */
      secondDate: string | null;
      /**
       * false when a counted day lies in a year without known holidays (after 2027, unless the user
       * listed days of that year): the date may be early, and the tab should say so.
       */
      holidaysKnown: boolean;
    }
  | {
      ok: false;
      /** unknown-cycle: 정산유형 is neither 주정산 nor 월정산 (or blank).
       *  not-a-week-end: a 주정산 end date that is neither a Sunday nor a month's last day.
       *  not-a-month-end: a 월정산 end date that is not a month's last day. */
      reason: 'unknown-cycle' | 'not-a-week-end' | 'not-a-month-end';
    };

/** Payment dates of the settlement line (`cycle`, `periodEnd` = 정산주기(종료일), `YYYY-MM-DD`). */
export function payoutDates(cycle: string | null, periodEnd: string, calendar: HolidayCalendar): PayoutDates {
  const end = isoToSerial(periodEnd);
  const monthEnd = endOfMonth(end, 0) === end;
  if (cycle === MONTHLY) {
    if (!monthEnd) return { ok: false, reason: 'not-a-month-end' };
    const first = addBusinessDays(end, FIRST_PAYMENT_BUSINESS_DAYS, calendar);
    return {
      ok: true,
      shape: 'month',
      baseDate: periodEnd,
      firstDate: serialToIso(first.serial)!,
      secondDate: null,
      holidaysKnown: first.covered,
    };
  }
  if (cycle !== WEEKLY) return { ok: false, reason: 'unknown-cycle' };

  const weekday = isoWeekday(end);
  if (weekday !== 7 && !monthEnd) return { ok: false, reason: 'not-a-week-end' };
  const sunday = end + 7 - weekday;
  const split = dayOfMonth(sunday) <= 6;
  const first = addBusinessDays(sunday, FIRST_PAYMENT_BUSINESS_DAYS, calendar);
  const second = split
    ? addBusinessDays(sunday, SPLIT_WEEK_SECOND_PAYMENT_BUSINESS_DAYS, calendar)
    : addBusinessDays(endOfMonth(end, 1), 1, calendar);
  return {
    ok: true,
    shape: !split ? 'week' : weekday === 7 ? 'split-week-second' : 'split-week-first',
    baseDate: serialToIso(sunday)!,
    firstDate: serialToIso(first.serial)!,
    secondDate: serialToIso(second.serial)!,
    holidaysKnown: first.covered && second.covered,
  };
}

export interface PayoutAmounts {
  /** 1차: 70 % for 주정산, 100 % for 월정산. */
  first: number;
  /** 2차: the rest (30 %) for 주정산; null for 월정산 and unknown cycles. */
  second: number | null;
}

/**
 * Split of a line's amount (integer KRW). 주정산: 1차 = round-half-up(amount × 0.7), 2차 = amount − 1차.
 * "Half up" as in WING (and Python's ROUND_HALF_UP, Java's HALF_UP): ties away from zero, which is
 * what a spreadsheet's ROUND does, so the formula is ROUND(amount*7/10, 0). amount × 7 / 10 is used
 * rather than × 0.7 because 0.7 has no exact binary value (5 × 0.7 = 3.4999…96).
 *
 * Exact only when `amount` is one of WING's settlement lines. When only a group's total is known
 * (what the reports give: 정산대상액 − CFS + 재고손실보상), the split is an estimate and must be
 * labelled so (지급액(예상)).
 */
export function payoutAmounts(cycle: string | null, amount: number): PayoutAmounts | null {
  if (!Number.isInteger(amount)) throw new Error(`amount must be integer KRW: ${amount}`);
  if (cycle === MONTHLY) return { first: amount, second: null };
  if (cycle !== WEEKLY) return null;
  const first = roundHalfAwayFromZero((amount * 7) / 10);
  return { first, second: amount - first };
}

/** Spreadsheet ROUND(x, 0): ties away from zero (Math.round rounds −2.5 to −2). */
function roundHalfAwayFromZero(value: number): number {
  const rounded = Math.sign(value) * Math.round(Math.abs(value));
  return rounded === 0 ? 0 : rounded;
}
