/**
 * The unit-cost lookup as formula text (the rule of table.ts), for the per-(option, day) helper tab.
 *
 * The 원가 tab is the user's and an import never writes it (no helper columns there, unlike 수수료
 * 설정): the formula reads its columns through workbook names (COST_RANGE_NAMES, rows 2..last in use
 * plus a margin, set by every refresh), so it keeps working when the tab is renamed. Only functions
 * every engine evaluates over arrays inside SUMPRODUCT: EXACT, TRIM, ISNUMBER, REPT, comparisons
 * and arithmetic — no criteria function (they read `* ? ~ < > =` in an ID and ignore case), no IF
 * inside the array (Excel before 365 needs Ctrl+Shift+Enter for that), no ROW() (HyperFormula 3.5
 * returns the first row only inside an array, measured).
 *
 * A cell that is not a number (text in a date or cost cell) must not make the array an error:
 * `--("0"&REPT(x&"",ISNUMBER(x)*(x>=lo)))` is the number x when it is a valid number and 0 otherwise
 * (REPT(…, 0) is ""), and the row's validity factor removes it. Measured equal in HyperFormula 3.5 and
 * LibreOffice 7.4 (test/profit/costs-formula.test.ts).
 */
/** Workbook names over the 원가 tab's columns. */
export const COST_RANGE_NAMES = {
  option_id: 'cjCostId',
  unit_cost: 'cjCostUnit',
  valid_from: 'cjCostFrom',
  valid_to: 'cjCostTo',
} as const;
export type CostRangeKey = keyof typeof COST_RANGE_NAMES;

/** Rows the names cover below the last row in use, so costs typed after a refresh count at once. */
export const COST_ROWS_MARGIN = 1000;

/** The last sheet row the names cover. */
export function costRangeLastRow(lastUsedRow: number): number {
  return 2 + Math.max(-1, lastUsedRow) + COST_ROWS_MARGIN;
}

const { option_id: ID, unit_cost: UNIT, valid_from: FROM, valid_to: TO } = COST_RANGE_NAMES;

/** The number in each cell of `range` when it is a number ≥ `lo`, else 0 (never an error). */
const numberOr0 = (range: string, lo: number) =>
  `--("0"&REPT(${range}&"",ISNUMBER(${range})*(${range}>=${lo})))`;
/** 1 where the cell is blank or a number ≥ `lo`. */
const blankOrNumber = (range: string, lo: number) => `(ISNUMBER(${range})*(${range}>=${lo})+(${range}=""))`;

/** The start serial of each 원가 row, 1 when blank (table.ts OPEN_FROM_SERIAL). */
const START = `(${numberOr0(FROM, 1)}+(${FROM}=""))`;

/** 1 for each 원가 row that applies to the option in `option` on the day in `day` (cell references). */
function matches(option: string, day: string): string {
  return [
    `EXACT(TRIM(${ID}&""),${option}&"")`,
    `ISNUMBER(${UNIT})*(${UNIT}>=0)`,
    blankOrNumber(FROM, 1),
    blankOrNumber(TO, 1),
    `(${START}<=${day})`,
    `((${TO}="")+(${numberOr0(TO, 1)}>=${day})>0)`,
  ].join('*');
}

/**
 * The start serial of the row that applies (1 = a row without a start date), 0 when none does: the
 * latest 적용 시작일 among the matching rows.
 */
export function costStartFormula(option: string, day: string): string {
  return `SUMPRODUCT(MAX(${matches(option, day)}*${START}))`;
}

/**
 * The unit cost of that row ("" when none applies; the highest of a tie). `start` is the cell holding
 * costStartFormula's result.
 */
export function unitCostFormula(option: string, day: string, start: string): string {
  return `IF(${start}=0,"",SUMPRODUCT(MAX(${matches(option, day)}*(${START}=${start})*${numberOr0(UNIT, 0)})))`;
}
