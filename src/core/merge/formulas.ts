/**
 * The formula text of a formula cell, shared by the adapters: a column's own `formula` (summary
 * tabs: depends on the row, its cells and the tabs' current names), otherwise the commission
 * formulas of the Fees and settings tabs.
 */
import type { ColumnDef, FormulaAt } from '../model/tabs';
import { formulaFor } from './commission';

export function cellFormula(col: ColumnDef, at: FormulaAt): string {
  if (col.formula) return col.formula(at);
  return formulaFor(col.key, at.row) ?? '';
}
