/** Evaluates a workbook in HyperFormula (in process, fast): the same input and output shape as LibreOffice. */
import {
  DetailedCellError,
  type CellValue as HfValue,
  HyperFormula,
  type RawCellContent,
} from 'hyperformula';
import {
  type CellValue,
  EngineError,
  type EvaluatedBook,
  type EvaluateOptions,
  isDateInput,
  isoToSerial,
  normaliseDates,
  type WorkbookInput,
  widthOf,
} from './workbook';

export function evaluateInHyperFormula(book: WorkbookInput, options: EvaluateOptions = {}): EvaluatedBook {
  const sheets: Record<string, RawCellContent[][]> = {};
  for (const [name, rows] of Object.entries(book.sheets)) {
    sheets[name] = rows.map((row) => row.map((cell) => (isDateInput(cell) ? isoToSerial(cell.date) : cell)));
  }
  const names = Object.entries(book.names ?? {}).map(([name, ref]) => ({ name, expression: `=${ref}` }));
  let hf: HyperFormula;
  try {
    hf = HyperFormula.buildFromSheets(sheets, { licenseKey: 'gpl-v3' }, names);
  } catch (error) {
    throw new EngineError(`HyperFormula could not build the workbook: ${(error as Error).message}`);
  }
  try {
    const values: EvaluatedBook = {};
    for (const [name, rows] of Object.entries(book.sheets)) {
      const sheet = hf.getSheetId(name);
      if (sheet === undefined) throw new EngineError(`HyperFormula lost sheet "${name}"`);
      const width = widthOf(rows);
      values[name] = rows.map((_, row) =>
        Array.from({ length: width }, (_, col) => cellValue(hf.getCellValue({ sheet, row, col }))),
      );
    }
    return normaliseDates(book, values, options);
  } finally {
    hf.destroy();
  }
}

function cellValue(value: HfValue): CellValue {
  if (value instanceof DetailedCellError) return { error: value.value };
  return value;
}
