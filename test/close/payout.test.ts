/** The TypeScript payout engine against the hand-worked table (test/close/payout-table.ts). */
import { describe, expect, it } from 'vitest';
import { addBusinessDays, endOfMonth, isoWeekday } from '../../src/core/close/business-days';
import { holidayCalendar } from '../../src/core/close/holidays';
import { payoutAmounts, payoutDates } from '../../src/core/close/payout';
import { isoToSerial, serialToIso } from '../../src/core/util/dates';
import {
  AMOUNT_CASES,
  IRREGULAR_CASES,
  PAYOUT_CASES,
  type PayoutCase,
  USER_2028_HOLIDAYS,
  USER_CLOSURE,
  WITH_USER_2028,
  WITH_USER_CLOSURE,
} from './payout-table';

const builtIn = holidayCalendar();

function expected(c: PayoutCase) {
  return {
    ok: true,
    shape: c.shape,
    baseDate: c.base,
    firstDate: c.first,
    secondDate: c.second,
    holidaysKnown: c.known ?? true,
  };
}

describe('payout dates (TypeScript)', () => {
  it('the table covers what the issue asks for', () => {
    expect(PAYOUT_CASES.length).toBeGreaterThanOrEqual(30);
    const years = new Set(PAYOUT_CASES.map((c) => c.end.slice(0, 4)));
    expect([...years].sort()).toEqual(['2024', '2025', '2026', '2027']);
    const shapes = new Set(PAYOUT_CASES.map((c) => c.shape));
    expect([...shapes].sort()).toEqual(['month', 'split-week-first', 'split-week-second', 'week']);
  });

  it.each(PAYOUT_CASES.map((c) => [`${c.cycle} ${c.end}`, c] as const))('%s', (_, c) => {
    expect(payoutDates(c.cycle, c.end, builtIn)).toEqual(expected(c));
  });

  it('every split week in the table has both of its lines, with the same dates', () => {
    const firsts = PAYOUT_CASES.filter((c) => c.shape === 'split-week-first');
    for (const first of firsts) {
      const second = PAYOUT_CASES.find((c) => c.shape === 'split-week-second' && c.base === first.base);
      if (first.base.startsWith('2028')) continue; // the 2028 line is there for the calendar's end
      expect(second, first.end).toBeDefined();
      expect([second!.first, second!.second]).toEqual([first.first, first.second]);
    }
  });

  it('a user holiday list extends the calendar: 2028 설날 moves a line counted into 2028', () => {
    const calendar = holidayCalendar(USER_2028_HOLIDAYS);
    expect(payoutDates(WITH_USER_2028.cycle, WITH_USER_2028.end, calendar)).toEqual(expected(WITH_USER_2028));
  });

  it('a company closure typed by the user moves the dates that count over it', () => {
    const calendar = holidayCalendar([USER_CLOSURE]);
    const c = WITH_USER_CLOSURE;
    expect(payoutDates(c.cycle, c.end, calendar)).toEqual(expected(c));
  });

  it.each(IRREGULAR_CASES.map((c) => [`${c.cycle} ${c.end}`, c] as const))('no date for %s', (_, c) => {
    expect(payoutDates(c.cycle, c.end, builtIn)).toEqual({ ok: false, reason: c.reason });
  });
});

describe('payout amounts', () => {
  it.each(AMOUNT_CASES.map((c) => [`${c.cycle} ${c.amount}`, c] as const))('%s', (_, c) => {
    expect(payoutAmounts(c.cycle, c.amount)).toEqual({ first: c.first, second: c.second });
  });

  it('1st + 2nd is always the amount, and 1st is within half a won of 70 %', () => {
    for (let amount = -2000; amount <= 2000; amount += 7) {
      const split = payoutAmounts('주정산', amount)!;
      expect(split.first + split.second!).toBe(amount);
      // Exact in integers: |10 × first − 7 × amount| ≤ 5.
      expect(Math.abs(10 * split.first - 7 * amount)).toBeLessThanOrEqual(5);
    }
  });

  it('no split for an unknown cycle; only integer KRW', () => {
    expect(payoutAmounts('일정산', 100)).toBeNull();
    expect(() => payoutAmounts('주정산', 10.5)).toThrow(/integer KRW/);
  });
});

describe('business-day arithmetic', () => {
  const serial = (iso: string) => isoToSerial(iso);

  it('weekdays: Monday = 1 … Sunday = 7 (WEEKDAY(·, 2))', () => {
    // 2026-02-16 was a Monday, 2026-02-22 a Sunday; 2024-12-31 a Tuesday.
    expect(
      ['2026-02-16', '2026-02-17', '2026-02-20', '2026-02-21', '2026-02-22'].map((d) =>
        isoWeekday(serial(d)),
      ),
    ).toEqual([1, 2, 5, 6, 7]);
    expect(isoWeekday(serial('2024-12-31'))).toBe(2);
  });

  it('month ends (EOMONTH), across years and leap years', () => {
    const eom = (iso: string, months: number) => serialToIso(endOfMonth(serial(iso), months));
    expect(eom('2026-02-15', 0)).toBe('2026-02-28');
    expect(eom('2028-02-01', 0)).toBe('2028-02-29');
    expect(eom('2025-12-31', 1)).toBe('2026-01-31');
    expect(eom('2025-11-30', 1)).toBe('2025-12-31');
    expect(eom('2026-03-31', -1)).toBe('2026-02-28');
  });

  it('WORKDAY never counts its start, even when the start is a business day', () => {
    // Thu 2026-02-19 + 1 → Fri 02-20; Fri 02-13 + 1 → Thu 02-19 (weekend and 설날 skipped).
    expect(serialToIso(addBusinessDays(serial('2026-02-19'), 1, builtIn).serial)).toBe('2026-02-20');
    expect(serialToIso(addBusinessDays(serial('2026-02-13'), 1, builtIn).serial)).toBe('2026-02-19');
    expect(() => addBusinessDays(serial('2026-02-13'), 0, builtIn)).toThrow(/positive integer/);
  });
});
