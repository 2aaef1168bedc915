/**
 * Settlement lines 2025–2027 with their payout dates WORKED OUT BY HAND from a printed calendar and
 * the gazette's holidays (accounting.md §3). Nothing here is computed: the TypeScript engine and the
 * spreadsheet formulas (HyperFormula, LibreOffice) must all reproduce these literals.
 *
 * Counting: "+20 bd" = the 20th business day after the base date (WORKDAY). A quick check used for
 * most rows: 20 business days after a Sunday is the Friday four weeks on (Sunday + 26 days) plus one
 * business day per weekday holiday on the way; 25 business days is the Friday five weeks on.
 * H = public holiday (gazette), "—" = no 2nd payment.
 */
import type { LineShape } from '../../src/core/close/payout';

export interface PayoutCase {
  cycle: '주정산' | '월정산';
  /** 정산주기(종료일) */
  end: string;
  shape: LineShape;
  /** The week's Sunday (주정산) or the month's last day (월정산). */
  base: string;
  first: string;
  second: string | null;
  /** false when a counted day lies in 2028, a year the built-in holidays do not cover. */
  known?: false;
}

export const PAYOUT_CASES: readonly PayoutCase[] = [
  // ── 2025 ──────────────────────────────────────────────────────────────────────────────────────
  // Week Mon 2024-12-30 .. Sun 2025-01-05 crosses the year end: two lines, both counted from Sun 01-05.
  // 1st: Jan 6-10 (5), 13-17 (10), 20-24 (15), 27-30 H 설날/임시, 31 (16), Feb 3,4,5,6 (20).
  // 2nd: +25 → Feb 7 (21), 10,11,12,13 (25).
  {
    cycle: '주정산',
    end: '2024-12-31',
    shape: 'split-week-first',
    base: '2025-01-05',
    first: '2025-02-06',
    second: '2025-02-13',
  },
  {
    cycle: '주정산',
    end: '2025-01-05',
    shape: 'split-week-second',
    base: '2025-01-05',
    first: '2025-02-06',
    second: '2025-02-13',
  },
  // Sun 01-26: 27-30 H, 31 (1), Feb 3-7 (6), 10-14 (11), 17-21 (16), 24,25,26,27 (20).
  // 2nd: first business day of March: 03-01 Sat H, 02 Sun, 03 대체공휴일 → Tue 03-04.
  {
    cycle: '주정산',
    end: '2025-01-26',
    shape: 'week',
    base: '2025-01-26',
    first: '2025-02-27',
    second: '2025-03-04',
  },
  // Week Mon 01-27 .. Sun 02-02 split at the month end. From Sun 02-02: Feb 3-7 (5) … 24-28 (20);
  // +25: Mar 3 H, 4-7 (24), 10 (25).
  {
    cycle: '주정산',
    end: '2025-01-31',
    shape: 'split-week-first',
    base: '2025-02-02',
    first: '2025-02-28',
    second: '2025-03-10',
  },
  {
    cycle: '주정산',
    end: '2025-02-02',
    shape: 'split-week-second',
    base: '2025-02-02',
    first: '2025-02-28',
    second: '2025-03-10',
  },
  // 월정산 Fri 01-31 + 20 bd: Feb 3-7 (5) … 24-28 (20).
  {
    cycle: '월정산',
    end: '2025-01-31',
    shape: 'month',
    base: '2025-01-31',
    first: '2025-02-28',
    second: null,
  },
  // Sun 04-27: 05-01 is NOT a holiday in 2025 (노동절 only from 2026). Four weeks → Fri 05-23, plus
  // 05-05 어린이날/부처님 오신 날 and 05-06 대체 → Tue 05-27. 2nd: June 1st business day Mon 06-02.
  {
    cycle: '주정산',
    end: '2025-04-27',
    shape: 'week',
    base: '2025-04-27',
    first: '2025-05-27',
    second: '2025-06-02',
  },
  // Sun 05-11: May 12-30 (15), Jun 2 (16), 03 H 대통령선거, 4 (17), 5 (18), 06 H 현충일, 9 (19), 10 (20).
  // 2nd: Tue 07-01.
  {
    cycle: '주정산',
    end: '2025-05-11',
    shape: 'week',
    base: '2025-05-11',
    first: '2025-06-10',
    second: '2025-07-01',
  },
  // Sun 09-14: Sep 15-26 (10), 29,30 (12), Oct 1,2 (14), 03 H, 06-08 H 추석+대체, 09 H 한글날, 10 (15),
  // 13-17 (20). 2nd: November's first business day Mon 11-03.
  {
    cycle: '주정산',
    end: '2025-09-14',
    shape: 'week',
    base: '2025-09-14',
    first: '2025-10-17',
    second: '2025-11-03',
  },
  // Week Mon 09-29 .. Sun 10-05 (추석 전날) split. From Sun 10-05: 6-9 H, 10 (1), 13-17 (6), 20-24 (11),
  // 27-31 (16), Nov 3,4,5,6 (20); +25: Nov 7 (21), 10-13 (25).
  {
    cycle: '주정산',
    end: '2025-09-30',
    shape: 'split-week-first',
    base: '2025-10-05',
    first: '2025-11-06',
    second: '2025-11-13',
  },
  {
    cycle: '주정산',
    end: '2025-10-05',
    shape: 'split-week-second',
    base: '2025-10-05',
    first: '2025-11-06',
    second: '2025-11-13',
  },
  // 월정산 Tue 09-30: Oct 1,2 (2), 3 H, 6-9 H, 10 (3), 13-17 (8), 20-24 (13), 27-31 (18), Nov 3,4 (20).
  {
    cycle: '월정산',
    end: '2025-09-30',
    shape: 'month',
    base: '2025-09-30',
    first: '2025-11-04',
    second: null,
  },
  // Sun 11-30 = the month's last day, a whole week (Mon 11-24): Dec 1-24 (18), 25 H, 26 (19), 29 (20).
  // 2nd: January 2026: 01-01 H → Fri 01-02.
  {
    cycle: '주정산',
    end: '2025-11-30',
    shape: 'week',
    base: '2025-11-30',
    first: '2025-12-29',
    second: '2026-01-02',
  },
  // Sun 12-28: Dec 29-31 (3), Jan 1 H, 2 (4), 5-9 (9), 12-16 (14), 19-23 (19), 26 (20).
  // 2nd: February 2026: 02-01 Sun → Mon 02-02.
  {
    cycle: '주정산',
    end: '2025-12-28',
    shape: 'week',
    base: '2025-12-28',
    first: '2026-01-26',
    second: '2026-02-02',
  },
  // Week Mon 12-29 .. Sun 2026-01-04 split at the year end. From Sun 01-04: Jan 5-30 (20); +25: Feb 2-6.
  {
    cycle: '주정산',
    end: '2025-12-31',
    shape: 'split-week-first',
    base: '2026-01-04',
    first: '2026-01-30',
    second: '2026-02-06',
  },
  {
    cycle: '주정산',
    end: '2026-01-04',
    shape: 'split-week-second',
    base: '2026-01-04',
    first: '2026-01-30',
    second: '2026-02-06',
  },
  // 월정산 Wed 12-31: Jan 1 H, 2 (1), 5-9 (6), 12-16 (11), 19-23 (16), 26,27,28,29 (20).
  {
    cycle: '월정산',
    end: '2025-12-31',
    shape: 'month',
    base: '2025-12-31',
    first: '2026-01-29',
    second: null,
  },

  // ── 2026 ──────────────────────────────────────────────────────────────────────────────────────
  // Sun 01-25: Jan 26-Feb 13 (15), 16-18 H 설날, 19,20 (17), 23,24,25 (20).
  // 2nd: March: 03-01 Sun H, 03-02 대체공휴일 → Tue 03-03.
  {
    cycle: '주정산',
    end: '2026-01-25',
    shape: 'week',
    base: '2026-01-25',
    first: '2026-02-25',
    second: '2026-03-03',
  },
  // Sun 02-15: four weeks → Fri 03-13, plus 02-16..18 설날 and 03-02 대체 → Thu 03-19. 2nd: Wed 04-01.
  {
    cycle: '주정산',
    end: '2026-02-15',
    shape: 'week',
    base: '2026-02-15',
    first: '2026-03-19',
    second: '2026-04-01',
  },
  // Sat 01-31 ends the month on a Saturday: week Mon 01-26 .. Sun 02-01 split; the second line is the
  // Sunday alone (day 1). From Sun 02-01: Feb 2-13 (10), 16-18 H, 19,20 (12), 23-27 (17), Mar 2 H,
  // 3,4,5 (20); +25: Mar 6 (21), 9-12 (25).
  {
    cycle: '주정산',
    end: '2026-01-31',
    shape: 'split-week-first',
    base: '2026-02-01',
    first: '2026-03-05',
    second: '2026-03-12',
  },
  {
    cycle: '주정산',
    end: '2026-02-01',
    shape: 'split-week-second',
    base: '2026-02-01',
    first: '2026-03-05',
    second: '2026-03-12',
  },
  // 월정산 Sat 01-31: the same count as from Sun 02-01 (no business day between) → Thu 03-05.
  {
    cycle: '월정산',
    end: '2026-01-31',
    shape: 'month',
    base: '2026-01-31',
    first: '2026-03-05',
    second: null,
  },
  // Sat 02-28, week Mon 02-23 .. Sun 03-01 (3ㆍ1절 on a Sunday). From 03-01: Mar 2 H, 3-6 (4), 9-13 (9),
  // 16-20 (14), 23-27 (19), 30 (20); +25: Mar 31 (21), Apr 1,2,3 (24), 6 (25).
  {
    cycle: '주정산',
    end: '2026-02-28',
    shape: 'split-week-first',
    base: '2026-03-01',
    first: '2026-03-30',
    second: '2026-04-06',
  },
  {
    cycle: '주정산',
    end: '2026-03-01',
    shape: 'split-week-second',
    base: '2026-03-01',
    first: '2026-03-30',
    second: '2026-04-06',
  },
  // Sun 04-12: four weeks → Fri 05-08, plus 05-01 노동절 and 05-05 어린이날 → Tue 05-12. 2nd: Mon 06-01.
  {
    cycle: '주정산',
    end: '2026-04-12',
    shape: 'week',
    base: '2026-04-12',
    first: '2026-05-12',
    second: '2026-06-01',
  },
  // Week Mon 04-27 .. Sun 05-03 split. From Sun 05-03: four weeks → Fri 05-29, plus 05-05 and 05-25
  // 대체공휴일(부처님 오신 날) → Tue 06-02; +25: 06-03 H 지방선거, 4,5 (22), 06-06 Sat, 8,9,10 (25).
  {
    cycle: '주정산',
    end: '2026-04-30',
    shape: 'split-week-first',
    base: '2026-05-03',
    first: '2026-06-02',
    second: '2026-06-10',
  },
  {
    cycle: '주정산',
    end: '2026-05-03',
    shape: 'split-week-second',
    base: '2026-05-03',
    first: '2026-06-02',
    second: '2026-06-10',
  },
  // 월정산 Thu 04-30: May 1 H 노동절, 4 (1), 5 H, 6-8 (4), 11-22 (14), 25 H, 26-29 (18), Jun 1,2 (20).
  {
    cycle: '월정산',
    end: '2026-04-30',
    shape: 'month',
    base: '2026-04-30',
    first: '2026-06-02',
    second: null,
  },
  // Sun 05-31 ends the month on a Sunday: a whole week (Mon 05-25). Jun 1,2 (2), 3 H, 4,5 (4),
  // 8-26 (19), 29 (20). 2nd: July's first business day Wed 07-01.
  {
    cycle: '주정산',
    end: '2026-05-31',
    shape: 'week',
    base: '2026-05-31',
    first: '2026-06-29',
    second: '2026-07-01',
  },
  // Sun 06-21: Jun 22-Jul 10 (15), 13-16 (19), 17 H 제헌절, 20 (20). 2nd: August: 1 Sat, 2 Sun → Mon 08-03.
  {
    cycle: '주정산',
    end: '2026-06-21',
    shape: 'week',
    base: '2026-06-21',
    first: '2026-07-20',
    second: '2026-08-03',
  },
  // Week Mon 06-29 .. Sun 07-05 split. From Sun 07-05: Jul 6-10 (5), 13-16 (9), 17 H, 20-31 (19),
  // Aug 3 (20); +25: Aug 4-7 (24), 10 (25).
  {
    cycle: '주정산',
    end: '2026-06-30',
    shape: 'split-week-first',
    base: '2026-07-05',
    first: '2026-08-03',
    second: '2026-08-10',
  },
  {
    cycle: '주정산',
    end: '2026-07-05',
    shape: 'split-week-second',
    base: '2026-07-05',
    first: '2026-08-03',
    second: '2026-08-10',
  },
  // Sun 08-30 (Mon 08-24, whole week): Aug 31 (1), Sep 1-4 (5), 7-18 (15), 21-23 (18), 24,25 H 추석,
  // 28,29 (20). 2nd: Thu 10-01.
  {
    cycle: '주정산',
    end: '2026-08-30',
    shape: 'week',
    base: '2026-08-30',
    first: '2026-09-29',
    second: '2026-10-01',
  },
  // Mon 08-31 ends the month: week Mon 08-31 .. Sun 09-06 split; the Sunday line has day 6.
  // From Sun 09-06: Sep 7-23 (13), 24,25 H, 28-30 (16), Oct 1,2 (18), 5 H 대체(개천절), 6,7 (20);
  // +25: Oct 8 (21), 9 H 한글날, 12-15 (25).
  {
    cycle: '주정산',
    end: '2026-08-31',
    shape: 'split-week-first',
    base: '2026-09-06',
    first: '2026-10-07',
    second: '2026-10-15',
  },
  {
    cycle: '주정산',
    end: '2026-09-06',
    shape: 'split-week-second',
    base: '2026-09-06',
    first: '2026-10-07',
    second: '2026-10-15',
  },
  // 월정산 Wed 09-30: Oct 1,2 (2), 5 H, 6-8 (5), 9 H, 12-30 (20).
  {
    cycle: '월정산',
    end: '2026-09-30',
    shape: 'month',
    base: '2026-09-30',
    first: '2026-10-30',
    second: null,
  },
  // Sun 12-27: Dec 28-31 (4), Jan 1 H, 4-22 (19), 25 (20). 2nd: February 2027: Mon 02-01.
  {
    cycle: '주정산',
    end: '2026-12-27',
    shape: 'week',
    base: '2026-12-27',
    first: '2027-01-25',
    second: '2027-02-01',
  },
  // Week Mon 12-28 .. Sun 2027-01-03 split at the year end. From 01-03: Jan 4-29 (20); +25: Feb 1-5.
  {
    cycle: '주정산',
    end: '2026-12-31',
    shape: 'split-week-first',
    base: '2027-01-03',
    first: '2027-01-29',
    second: '2027-02-05',
  },
  {
    cycle: '주정산',
    end: '2027-01-03',
    shape: 'split-week-second',
    base: '2027-01-03',
    first: '2027-01-29',
    second: '2027-02-05',
  },
  // 월정산 Thu 12-31: Jan 1 H, 4-8 (5), 11-22 (15), 25-29 (20).
  {
    cycle: '월정산',
    end: '2026-12-31',
    shape: 'month',
    base: '2026-12-31',
    first: '2027-01-29',
    second: null,
  },

  // ── 2027 ──────────────────────────────────────────────────────────────────────────────────────
  // Sun 01-24: Jan 25-Feb 5 (10), 8 H 설날 다음 날, 9 H 대체(설날), 10-12 (13), 15-19 (18), 22,23 (20).
  // 2nd: March: 03-01 H 3ㆍ1절 (Mon) → Tue 03-02.
  {
    cycle: '주정산',
    end: '2027-01-24',
    shape: 'week',
    base: '2027-01-24',
    first: '2027-02-23',
    second: '2027-03-02',
  },
  // Sun 04-18: four weeks → Fri 05-14, plus 05-03 대체(노동절), 05-05, 05-13 부처님 오신 날 → Wed 05-19.
  // 2nd: Tue 06-01.
  {
    cycle: '주정산',
    end: '2027-04-18',
    shape: 'week',
    base: '2027-04-18',
    first: '2027-05-19',
    second: '2027-06-01',
  },
  // Week Mon 08-30 .. Sun 09-05 split. From Sun 09-05: Sep 6-10 (5), 13 (6), 14-16 H 추석, 17 (7),
  // 20-Oct 1 (17), 4 H 대체(개천절), 5,6,7 (20); +25: Oct 8 (21), 11 H 대체(한글날), 12-15 (25).
  {
    cycle: '주정산',
    end: '2027-08-31',
    shape: 'split-week-first',
    base: '2027-09-05',
    first: '2027-10-07',
    second: '2027-10-15',
  },
  {
    cycle: '주정산',
    end: '2027-09-05',
    shape: 'split-week-second',
    base: '2027-09-05',
    first: '2027-10-07',
    second: '2027-10-15',
  },
  // Sun 09-12: Sep 13 (1), 14-16 H, 17 (2), 20-Oct 1 (12), 4 H, 5-8 (16), 11 H, 12-15 (20).
  // 2nd: Mon 11-01.
  {
    cycle: '주정산',
    end: '2027-09-12',
    shape: 'week',
    base: '2027-09-12',
    first: '2027-10-15',
    second: '2027-11-01',
  },
  // 월정산 Tue 11-30: Dec 1-3 (3), 6-24 (18), 27 H 대체(기독탄신일), 28,29 (20).
  {
    cycle: '월정산',
    end: '2027-11-30',
    shape: 'month',
    base: '2027-11-30',
    first: '2027-12-29',
    second: null,
  },
  // Sun 11-28: Nov 29,30 (2), Dec 1-3 (5), 6-24 (20) → Fri 12-24. 2nd: January 2028: 1 Sat, 2 Sun →
  // Mon 01-03, counted in 2028, which the built-in list does not cover.
  {
    cycle: '주정산',
    end: '2027-11-28',
    shape: 'week',
    base: '2027-11-28',
    first: '2027-12-24',
    second: '2028-01-03',
    known: false,
  },
  // Sun 12-26: Dec 27 H, 28-31 (4), Jan 3-21 (19), 24 (20). 2nd: Tue 2028-02-01.
  {
    cycle: '주정산',
    end: '2027-12-26',
    shape: 'week',
    base: '2027-12-26',
    first: '2028-01-24',
    second: '2028-02-01',
    known: false,
  },
  // Week Mon 12-27 .. Sun 2028-01-02 split. From 01-02 (no 2028 holidays known): Jan 3-28 (20);
  // +25: Jan 31 (21), Feb 1-4 (25). The real 2028 설날 (01-26..28) moves both: see the user-holiday test.
  {
    cycle: '주정산',
    end: '2027-12-31',
    shape: 'split-week-first',
    base: '2028-01-02',
    first: '2028-01-28',
    second: '2028-02-04',
    known: false,
  },
];

/**
 * The same week Mon 2027-12-27 .. Sun 2028-01-02 once the user adds 2028's 설날 (01-26, 27, 28) on
 * the 휴일 tab: Jan 3-25 (17), 26-28 H, 31 (18), Feb 1, 2 (20); +25: Feb 3, 4 (22), 7, 8, 9 (25).
 */
export const USER_2028_HOLIDAYS = ['2028-01-26', '2028-01-27', '2028-01-28'];
export const WITH_USER_2028: PayoutCase = {
  cycle: '주정산',
  end: '2027-12-31',
  shape: 'split-week-first',
  base: '2028-01-02',
  first: '2028-02-02',
  second: '2028-02-09',
};

/**
 * A company closure typed by the user on Wed 2026-03-18, for the line ending Sun 2026-02-15 (above:
 * 1st Thu 03-19). From the Sunday: Feb 16-18 H, 19,20 (2), 23-27 (7), Mar 2 H, 3-6 (11), 9-13 (16),
 * 16,17 (18), 18 closed, 19,20 (20) → Fri 03-20. The 2nd payment (Wed 04-01) does not move.
 */
export const USER_CLOSURE = '2026-03-18';
export const WITH_USER_CLOSURE: PayoutCase = {
  cycle: '주정산',
  end: '2026-02-15',
  shape: 'week',
  base: '2026-02-15',
  first: '2026-03-20',
  second: '2026-04-01',
};

/** Lines the rules do not cover: no date, in TypeScript (with a reason) and in the formulas (""). */
export const IRREGULAR_CASES = [
  // A 주정산 line ending on a Wednesday in mid-month is neither a week nor a split part.
  { cycle: '주정산', end: '2026-03-11', reason: 'not-a-week-end' },
  // A 월정산 line must end on a month's last day.
  { cycle: '월정산', end: '2026-03-15', reason: 'not-a-month-end' },
  { cycle: '일정산', end: '2026-03-31', reason: 'unknown-cycle' },
  { cycle: null, end: '2026-03-31', reason: 'unknown-cycle' },
] as const;

/**
 * Amount splits worked out by hand: 1st = amount × 0.7 rounded half away from zero, 2nd = the rest.
 * 주정산 5 → 3.5 → 4 / 1; −5 → −3.5 → −4 / −1; 15 → 10.5 → 11 / 4; 1,234,567 → 864,196.9 → 864,197 /
 * 370,370; 1,000,000 → 700,000 / 300,000; 3 → 2.1 → 2 / 1. 월정산 pays everything at once.
 */
export const AMOUNT_CASES = [
  { cycle: '주정산', amount: 5, first: 4, second: 1 },
  { cycle: '주정산', amount: -5, first: -4, second: -1 },
  { cycle: '주정산', amount: 15, first: 11, second: 4 },
  { cycle: '주정산', amount: 1_234_567, first: 864_197, second: 370_370 },
  { cycle: '주정산', amount: 1_000_000, first: 700_000, second: 300_000 },
  { cycle: '주정산', amount: 3, first: 2, second: 1 },
  { cycle: '주정산', amount: 0, first: 0, second: 0 },
  { cycle: '월정산', amount: 1_234_567, first: 1_234_567, second: null },
] as const;
