/**
 * The emulator's spreadsheet as engine input (test/engines): the emulator stores formulas without
 * computing them, so tests hand what the Sheets adapter wrote to HyperFormula or LibreOffice.
 */
import type { GasEnv } from '../../gas-emulator';
import { columnLetter } from '../../src/core/model/tabs';
import { serialToIso } from '../../src/core/util/dates';
import type { CellInput, WorkbookInput } from '../engines';

const DATE_FORMAT = /(^|[^"\\])[ymd]/i;

/** The emulator's spreadsheet as engine input: formulas as written, dates as dates, named ranges. */
export function workbookOf(env: GasEnv): WorkbookInput {
  const sheets: Record<string, CellInput[][]> = {};
  for (const sheet of env.spreadsheet.sheets) {
    const rows: CellInput[][] = [];
    for (let r = 1; r <= sheet.lastRow(); r++) {
      const row: CellInput[] = [];
      for (let c = 1; c <= sheet.lastColumn(); c++) {
        const cell = sheet.cell(r, c);
        const value = cell?.value;
        if (cell?.formula) row.push(cell.formula);
        else if (!cell || value === '' || value === undefined) row.push(null);
        else if (typeof value === 'object') row.push({ date: serialToIso(Math.floor(value.serial))! });
        else if (typeof value === 'number' && cell.format && DATE_FORMAT.test(cell.format))
          row.push({ date: serialToIso(value)! });
        else if (typeof value === 'string' && value.startsWith('=')) row.push({ text: value });
        else row.push(value);
      }
      rows.push(row);
    }
    sheets[sheet.name] = rows;
  }
  const names: Record<string, string> = {};
  for (const [name, range] of env.spreadsheet.namedRanges) {
    const sheet = env.spreadsheet.sheets.find((s) => s.id === range.sheetId)!;
    const { row, col, numRows, numCols } = range.rect;
    names[name] =
      `'${sheet.name}'!$${columnLetter(col)}$${row}:$${columnLetter(col + numCols - 1)}$${row + numRows - 1}`;
  }
  return { sheets, names };
}
