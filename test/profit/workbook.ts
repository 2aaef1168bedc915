/** What a seller types into the saved workbook for the profit tests (as in Excel), and reading rows back. */
import type * as XLSX from '@e965/xlsx';
import { expect } from 'vitest';
import { COSTS_TAB } from '../../src/core/costs/table';
import { FEES_TAB, SETTINGS_TAB } from '../../src/core/model/tabs';
import { PROFIT } from '../../src/core/summary/profit';
import { isoToSerial } from '../../src/core/util/dates';
import type { CellValue, EvaluatedBook } from '../engines';
import { columnOf, findRow, gridOf, readBook, recordsOf, typeCell, writeBook } from '../summary/workbook';
import { COSTS, OVERRIDE, RULE, type TypedCost } from './dataset';

export const PROFIT_SHEET = PROFIT.tab.ko;
export const COSTS_SHEET = COSTS_TAB.ko;
export const NOTE = { header: '내 메모', text: '2월 광고 집행' };

function costCell(value: TypedCost['cost']): XLSX.CellObject | null {
  if (value === null) return null;
  return typeof value === 'number' ? { t: 'n', v: value, z: '#,##0' } : { t: 's', v: value };
}

const dateCell = (iso: string | null): XLSX.CellObject | null =>
  iso === null ? null : { t: 'n', v: isoToSerial(iso), z: 'yyyy-mm-dd' };

/** Types the 원가 rows, a commission override, a rule and a note right of the 옵션별 손익 table. */
export function typeUserInput(bytes: Uint8Array): Uint8Array {
  const book = readBook(bytes);
  COSTS.forEach((c, i) => {
    const cells = [
      { t: 's', v: c.option } as XLSX.CellObject,
      null,
      costCell(c.cost),
      dateCell(c.from),
      dateCell(c.to),
      c.memo ? ({ t: 's', v: c.memo } as XLSX.CellObject) : null,
    ];
    cells.forEach((cell, col) => {
      if (cell) typeCell(book, COSTS_SHEET, i + 1, col, cell);
    });
  });
  const fees = gridOf(book, FEES_TAB.ko);
  const r = findRow(fees, { [columnOf(FEES_TAB, 'order_id')]: OVERRIDE.orderId });
  expect(r).toBeGreaterThan(0);
  typeCell(book, FEES_TAB.ko, r, columnOf(FEES_TAB, 'commission_override'), { t: 'n', v: OVERRIDE.amount });
  typeCell(book, SETTINGS_TAB.ko, 1, 0, { t: 's', v: RULE.scope });
  typeCell(book, SETTINGS_TAB.ko, 1, 1, { t: 's', v: RULE.optionId });
  typeCell(book, SETTINGS_TAB.ko, 1, 2, { t: 'n', v: RULE.rate });
  const width = PROFIT.tab.columns.length;
  typeCell(book, PROFIT_SHEET, 0, width, { t: 's', v: NOTE.header });
  typeCell(book, PROFIT_SHEET, 1, width, { t: 's', v: NOTE.text });
  return writeBook(book);
}

/** The 옵션별 손익 row of a month and option ('' = 미배정) as an engine computed it. */
export function profitRow(values: EvaluatedBook, month: string, option: string): Record<string, CellValue> {
  const rows = recordsOf(values, PROFIT_SHEET).filter(
    (r) => r.월 === `${month}-01` && String(r.옵션ID) === (option === '' ? '미배정' : option),
  );
  expect(rows, `${month} ${option}`).toHaveLength(1);
  return rows[0]!;
}
