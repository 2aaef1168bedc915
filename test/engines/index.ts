/**
 * Formula-evaluation harness: evaluate the same workbook in HyperFormula and in LibreOffice headless
 * and get values back per sheet and cell (see README.md).
 */
import { evaluateInHyperFormula } from './hyperformula';
import { evaluateInLibreOffice } from './libreoffice';
import type { EvaluatedBook, EvaluateOptions, WorkbookInput } from './workbook';

export { evaluateInHyperFormula } from './hyperformula';
export { evaluateInLibreOffice, recalculateXlsx, valuesOf } from './libreoffice';
export * from './workbook';

export interface BothEngines {
  hyperFormula: EvaluatedBook;
  libreOffice: EvaluatedBook;
}

/** One LibreOffice run and one HyperFormula build over the same workbook. */
export async function evaluateInBoth(
  book: WorkbookInput,
  options: EvaluateOptions = {},
): Promise<BothEngines> {
  const libreOffice = await evaluateInLibreOffice(book, options);
  return { hyperFormula: evaluateInHyperFormula(book, options), libreOffice };
}

/** The value at an A1 address (`B3`) of an evaluated sheet. */
export function at(book: EvaluatedBook, sheet: string, a1: string) {
  const m = /^([A-Z]+)(\d+)$/.exec(a1);
  if (!m) throw new Error(`not an A1 address: ${a1}`);
  const col = [...m[1]!].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  const rows = book[sheet];
  if (!rows) throw new Error(`no sheet ${sheet}`);
  return rows[Number(m[2]) - 1]?.[col] ?? null;
}
