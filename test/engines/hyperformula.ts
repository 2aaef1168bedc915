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
  isTextInput,
  normaliseDates,
  type WorkbookInput,
  widthOf,
} from './workbook';

export function evaluateInHyperFormula(book: WorkbookInput, options: EvaluateOptions = {}): EvaluatedBook {
  const sheets: Record<string, RawCellContent[][]> = {};
  for (const [name, rows] of Object.entries(book.sheets)) {
    // A leading ' keeps text that starts with = as text in HyperFormula (the '@' format elsewhere).
    sheets[name] = rows.map((row) =>
      row.map((cell) =>
        isDateInput(cell) ? isoToSerial(cell.date) : isTextInput(cell) ? `'${cell.text}` : cell,
      ),
    );
  }
  const names = Object.entries(book.names ?? {}).map(([name, ref]) => ({ name, expression: `=${ref}` }));
  let hf: HyperFormula;
  try {
    // Array arithmetic inside SUMPRODUCT and friends, as Sheets, Excel and LibreOffice evaluate it;
    // no display rounding (smartRounding would round 15-digit results).
    hf = HyperFormula.buildFromSheets(
      sheets,
      { licenseKey: 'gpl-v3', useArrayArithmetic: true, smartRounding: false },
      names,
    );
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
