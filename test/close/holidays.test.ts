/**
 * The built-in holidays against the gazette's 2025–2027 lists (월력요항, 우주항공청), typed here by
 * hand, and the user's additions.
 */
import { describe, expect, it } from 'vitest';
import { builtInHolidays, holidayCalendar, readUserHolidays } from '../../src/core/close/holidays';
import { isoToSerial } from '../../src/core/util/dates';

// Every weekday or weekend public holiday, substitute holiday, temporary holiday and election day.
const GAZETTE: Record<string, string[]> = {
  '2025': [
    '01-01',
    '01-27',
    '01-28',
    '01-29',
    '01-30',
    '03-01',
    '03-03',
    '05-05',
    '05-06',
    '06-03',
    '06-06',
    '08-15',
    '10-03',
    '10-05',
    '10-06',
    '10-07',
    '10-08',
    '10-09',
    '12-25',
  ],
  '2026': [
    '01-01',
    '02-16',
    '02-17',
    '02-18',
    '03-01',
    '03-02',
    '05-01',
    '05-05',
    '05-24',
    '05-25',
    '06-03',
    '06-06',
    '07-17',
    '08-15',
    '08-17',
    '09-24',
    '09-25',
    '09-26',
    '10-03',
    '10-05',
    '10-09',
    '12-25',
  ],
  '2027': [
    '01-01',
    '02-06',
    '02-07',
    '02-08',
    '02-09',
    '03-01',
    '05-01',
    '05-03',
    '05-05',
    '05-13',
    '06-06',
    '07-17',
    '07-19',
    '08-15',
    '08-16',
    '09-14',
    '09-15',
    '09-16',
    '10-03',
    '10-04',
    '10-09',
    '10-11',
    '12-25',
    '12-27',
  ],
};

describe('built-in holidays', () => {
  const list = builtInHolidays();

  it('are exactly the gazette days of 2025–2027, in order, one entry per day', () => {
    const expected = Object.entries(GAZETTE).flatMap(([year, days]) => days.map((d) => `${year}-${d}`));
    expect(list.map((h) => h.date)).toEqual(expected);
  });

  it('include 노동절 and 제헌절 from 2026 (accounting.md), and not 05-01 in 2025', () => {
    const name = (date: string) => list.find((h) => h.date === date)?.name;
    expect(name('2026-05-01')).toBe('노동절');
    expect(name('2026-07-17')).toBe('제헌절');
    expect(name('2027-05-03')).toBe('대체공휴일(노동절)');
    expect(name('2025-05-01')).toBeUndefined();
    expect(name('2025-07-17')).toBeUndefined();
  });

  it('name substitute and temporary holidays, and join two holidays on one day', () => {
    const name = (date: string) => list.find((h) => h.date === date)?.name;
    expect(name('2025-05-05')).toBe('어린이날, 부처님 오신 날');
    expect(name('2025-01-27')).toBe('임시공휴일');
    expect(name('2026-03-02')).toBe('대체공휴일(3ㆍ1절)');
    expect(name('2026-02-17')).toBe('설날');
    expect(name('2027-09-15')).toBe('추석');
  });
});

describe('holiday calendar', () => {
  it('knows built-in and user days; covers built-in years and years the user listed', () => {
    const calendar = holidayCalendar(['2028-01-26', '2026-03-18', '2026-02-17']);
    expect(calendar.isHoliday(isoToSerial('2026-02-17'))).toBe(true);
    expect(calendar.isHoliday(isoToSerial('2026-03-18'))).toBe(true);
    expect(calendar.isHoliday(isoToSerial('2028-01-26'))).toBe(true);
    expect(calendar.isHoliday(isoToSerial('2026-03-19'))).toBe(false);
    // Weekends are not holidays of the calendar; business-day counts skip them separately.
    expect(calendar.isHoliday(isoToSerial('2026-03-21'))).toBe(false);
    expect([2024, 2025, 2026, 2027, 2028, 2029].map((y) => calendar.covers(y))).toEqual([
      false,
      true,
      true,
      true,
      true,
      false,
    ]);
    const dates = calendar.dates();
    expect(dates.length).toBe(19 + 22 + 24 + 2); // the user's 2026-02-17 is already built in
    expect(dates).toEqual([...dates].sort());
    expect(dates).toContain('2028-01-26');
  });

  it('rejects a user date that is not YYYY-MM-DD', () => {
    expect(() => holidayCalendar(['2026-02-30'])).toThrow(/not a YYYY-MM-DD date/);
  });

  it('reads the user tab date cells: serials, date text, blanks; reports the rest', () => {
    // Serial 46099 = 2026-03-18 (46066 = 2026-02-13, + 33 days).
    const rows = [46099, '2026.10.02', null, '', '회사 휴무', '2026-13-01', 20261224];
    expect(readUserHolidays(rows)).toEqual({
      dates: ['2026-03-18', '2026-10-02', '2026-12-24'],
      unreadable: [
        { row: 4, cell: '회사 휴무' },
        { row: 5, cell: '2026-13-01' },
      ],
    });
  });
});
