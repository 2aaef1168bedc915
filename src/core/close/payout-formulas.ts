/**
 * The payout rules of payout.ts as spreadsheet formulas, so that the 정산 지급 tab stays live: a
 * holiday the user adds to the 휴일 tab, or an edited end date, moves the dates without a re-import.
 *
 * Only IF / OR / NOT / ISNUMBER / WEEKDAY / DAY / EOMONTH / WORKDAY / ROUND are used: Google Sheets,
 * Excel 2019+, LibreOffice and HyperFormula all have them with the same meaning (HyperFormula's
 * function list checked; the dates are compared in HyperFormula and LibreOffice headless by
 * test/close/payout-formulas.test.ts). No LET, no WORKDAY.INTL, no array arithmetic.
 *
 * A line whose cycle or end date the rules do not cover gets "" (the TypeScript gives a reason), so
 * a blank date is a visible "look at this row", never a guess. The holiday range must hold dates or
 * blanks only: WORKDAY fails on text in it (the 휴일 tab must keep its names in another column).
 */
import {
  FIRST_PAYMENT_BUSINESS_DAYS,
  MONTHLY,
  SPLIT_WEEK_SECOND_PAYMENT_BUSINESS_DAYS,
  WEEKLY,
} from './payout';

/** The named range over the 휴일 tab's date column that the formulas count business days with. */
export const HOLIDAYS_RANGE_NAME = 'cjHolidays';

export interface PayoutCells {
  /** A1 reference of the 정산유형 cell, e.g. `$A2` (any sheet prefix the caller needs). */
  cycle: string;
  /** A1 reference of the 정산주기(종료일) cell (a date). */
  periodEnd: string;
  /** A named range (or A1 range) of holiday dates; default `cjHolidays`. */
  holidays?: string;
}

function parts(cells: PayoutCells) {
  const { cycle: c, periodEnd: e } = cells;
  const h = cells.holidays ?? HOLIDAYS_RANGE_NAME;
  const monthEnd = `${e}=EOMONTH(${e},0)`;
  return {
    c,
    e,
    h,
    monthEnd,
    // A 주정산 line ends on a Sunday or (first part of a split week) on a month's last day.
    weekEnd: `OR(WEEKDAY(${e},2)=7,${monthEnd})`,
    // The Sunday on or after the end date: the week's Sunday in every 주정산 case.
    sunday: `(${e}+7-WEEKDAY(${e},2))`,
  };
}

/** 1차 지급일: 주정산 Sunday + 20 business days; 월정산 month end + 20 business days; else "". */
export function firstPayoutDateFormula(cells: PayoutCells): string {
  const { c, e, h, monthEnd, weekEnd, sunday } = parts(cells);
  const n = FIRST_PAYMENT_BUSINESS_DAYS;
  return (
    `=IF(NOT(ISNUMBER(${e})),"",` +
    `IF(${c}="${WEEKLY}",IF(${weekEnd},WORKDAY(${sunday},${n},${h}),""),` +
    `IF(${c}="${MONTHLY}",IF(${monthEnd},WORKDAY(${e},${n},${h}),""),"")))`
  );
}

/** 2차 지급일 (주정산 only): split week → Sunday + 25 business days; otherwise the first business
 *  day of the second month after the line's month. "" for 월정산 and unknown lines. */
export function secondPayoutDateFormula(cells: PayoutCells): string {
  const { c, e, h, weekEnd, sunday } = parts(cells);
  return (
    `=IF(NOT(ISNUMBER(${e})),"",` +
    `IF(${c}="${WEEKLY}",IF(${weekEnd},` +
    `IF(DAY(${sunday})<7,WORKDAY(${sunday},${SPLIT_WEEK_SECOND_PAYMENT_BUSINESS_DAYS},${h}),` +
    `WORKDAY(EOMONTH(${e},1),1,${h})),""),""))`
  );
}

/** 1차 지급액(예상): 주정산 ROUND(amount × 7 / 10); 월정산 the whole amount; else "". */
export function firstPayoutAmountFormula(cycle: string, amount: string): string {
  return `=IF(${cycle}="${WEEKLY}",ROUND(${amount}*7/10,0),IF(${cycle}="${MONTHLY}",${amount},""))`;
}

/** 2차 지급액(예상): 주정산 amount − ROUND(amount × 7 / 10); else "". */
export function secondPayoutAmountFormula(cycle: string, amount: string): string {
  return `=IF(${cycle}="${WEEKLY}",${amount}-ROUND(${amount}*7/10,0),"")`;
}
