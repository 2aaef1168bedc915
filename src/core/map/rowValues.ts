/**
 * One data row → typed values, using the parser each declared column names.
 * A bad money/count/ID cell, or a blank identity cell, rejects the row (reported, counted);
 * a bad optional date or rate only blanks that cell (warning). The row's other cells are kept.
 */
import { makeProblem } from '../messages';
import type { BoundColumn } from '../reports/bind';
import type { FieldParser } from '../reports/types';
import { parseDate, parseMonth } from '../util/dates';
import { parseCode, parseId, parseIdList } from '../util/ids';
import { type Parsed, parseKrw, parseRate } from '../util/money';
import { cellText } from '../util/text';
import type { FileContext } from './context';

export type RowValues = Record<string, string | number | null>;

const PARSERS: Record<FieldParser, (cell: unknown) => Parsed<string | number>> = {
  id: parseId,
  code: parseCode,
  idList: parseIdList,
  krw: parseKrw,
  count: parseKrw,
  rate: parseRate,
  date: parseDate,
  month: parseMonth,
  text: (cell) => ({ ok: true, value: cellText(cell) }),
};

/** Parse one row. Returns null when the row is rejected (problems already recorded). */
export function parseRow(
  row: readonly unknown[],
  columns: readonly BoundColumn[],
  context: FileContext,
  sheet: string,
  excelRow: number,
  into: RowValues = {},
): RowValues | null {
  let rejected = false;
  for (const column of columns) {
    const cell = row[column.index];
    const parsed = PARSERS[column.spec.parse](cell);
    if (parsed.ok) {
      if (parsed.value === null && column.spec.rowRequired) {
        rejected = true;
        const blank = '(빈 칸 / blank)';
        const where = { file: context.file, sheet, row: excelRow, column: column.header, value: '' };
        const kind = column.spec.parse;
        context.problems.push(
          kind === 'id' || kind === 'code' || kind === 'idList'
            ? makeProblem('BAD_ID', 'error', where, { value: blank, detail: '빈 칸 / blank' })
            : kind === 'date'
              ? makeProblem('BAD_DATE', 'error', where, { value: blank, rejected: 1 })
              : kind === 'count'
                ? makeProblem('BAD_NUMBER', 'error', where, { value: blank, rejected: 1 })
                : makeProblem('BAD_MONEY', 'error', where, { value: blank }),
        );
      }
      into[column.field] = parsed.value;
      continue;
    }
    const value = cellText(cell) ?? String(cell);
    const where = { file: context.file, sheet, row: excelRow, column: column.header, value };
    switch (column.spec.parse) {
      case 'krw':
        rejected = true;
        context.problems.push(makeProblem('BAD_MONEY', 'error', where));
        break;
      case 'count':
        rejected = true;
        context.problems.push(makeProblem('BAD_NUMBER', 'error', where, { rejected: 1 }));
        break;
      case 'id':
        rejected = true;
        context.problems.push(makeProblem('BAD_ID', 'error', where, { detail: parsed.reason }));
        break;
      case 'idList':
        // A descriptive cell (which products a box held): blank it, keep the row and its money.
        context.problems.push(makeProblem('BAD_ID', 'warning', where, { detail: parsed.reason, kept: 1 }));
        break;
      case 'date':
        if (column.spec.rowRequired) rejected = true;
        context.problems.push(
          makeProblem('BAD_DATE', column.spec.rowRequired ? 'error' : 'warning', where, {
            rejected: column.spec.rowRequired ? 1 : undefined,
          }),
        );
        break;
      case 'rate':
        context.problems.push(makeProblem('BAD_NUMBER', 'warning', where));
        break;
      case 'code':
      case 'month':
      case 'text':
        break;
    }
    into[column.field] = null;
  }
  return rejected ? null : into;
}

export function num(values: RowValues, field: string): number | null {
  const value = values[field];
  return typeof value === 'number' ? value : null;
}

export function str(values: RowValues, field: string): string | null {
  const value = values[field];
  return typeof value === 'string' ? value : value === null || value === undefined ? null : String(value);
}
