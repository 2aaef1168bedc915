/**
 * Shared walk over one recognised sheet: bind the header, report unknown / duplicate / missing
 * columns, then hand each data row to the report's mapper. Blank rows are not rows; total rows
 * (합계/총계 in the first cell) are counted as skipped, so every row read is accounted for.
 */
import { listRows, makeProblem } from '../messages';
import type { Grid } from '../read/grid';
import { type BoundSheet, bindColumns } from '../reports/bind';
import type { LocatedHeader } from '../reports/header';
import type { ReportDeclaration } from '../reports/types';
import { cellText, isBlankRow } from '../util/text';
import type { FileContext } from './context';

export interface PreparedSheet {
  grid: Grid;
  header: LocatedHeader;
  bound: BoundSheet;
  /** Non-blank data row indexes (into grid.rows), total rows excluded. */
  dataRows: number[];
}

const TOTAL_ROW = /^(합계|총계|소계|총합계|TOTAL)$/i;

/** Counts and reports the data rows of a sheet that cannot be mapped at all. */
function rejectSheet(grid: Grid, header: LocatedHeader, context: FileContext): void {
  for (let r = header.dataStart; r < grid.rows.length; r++) {
    if (isBlankRow(grid.rows[r])) continue;
    context.rowsRead++;
    context.rowsRejected++;
  }
}

export function prepareSheet(
  declaration: ReportDeclaration,
  grid: Grid,
  header: LocatedHeader,
  context: FileContext,
): PreparedSheet | null {
  const bound = bindColumns(declaration, header, grid);
  const headerExcelRow = grid.firstRow + header.headerRow;
  const where = { file: context.file, sheet: grid.name, row: headerExcelRow };
  for (const column of bound.unknown) {
    context.problems.push(
      makeProblem('UNKNOWN_COLUMN', 'info', {
        ...where,
        column: column.group ? `${column.group} › ${column.label}` : column.label,
      }),
    );
  }
  const present = new Set(bound.columns.map((c) => c.field));
  for (const group of bound.feeGroups) for (const c of group.columns) present.add(c.field);
  const missing: string[] = [];
  for (const field of declaration.requiredFields) {
    if (!present.has(field)) missing.push(canonicalHeader(declaration, field));
  }
  for (const oneOf of declaration.requiredOneOf ?? []) {
    if (!oneOf.some((field) => present.has(field)))
      missing.push(oneOf.map((f) => canonicalHeader(declaration, f)).join(' / '));
  }
  if (missing.length > 0) {
    context.problems.push(
      makeProblem(
        'MISSING_COLUMN',
        'error',
        { ...where, column: missing.join(', ') },
        { report: declaration.labelKo, columns: missing.join(', ') },
      ),
    );
  }
  if (bound.duplicates.length > 0) {
    context.problems.push(
      makeProblem(
        'DUPLICATE_HEADER',
        'error',
        { ...where, column: bound.duplicates.join(', ') },
        { columns: bound.duplicates.join(', ') },
      ),
    );
  }
  if (missing.length > 0 || bound.duplicates.length > 0) {
    rejectSheet(grid, header, context);
    return null;
  }
  const dataRows: number[] = [];
  const totals: string[] = [];
  for (let r = header.dataStart; r < grid.rows.length; r++) {
    const row = grid.rows[r];
    if (!row || isBlankRow(row)) continue;
    context.rowsRead++;
    const first = cellText(row[0]);
    if (first !== null && TOTAL_ROW.test(first.replace(/\s/g, ''))) {
      context.rowsSkipped++;
      totals.push(String(grid.firstRow + r));
      continue;
    }
    dataRows.push(r);
  }
  if (totals.length > 0) {
    context.problems.push(
      makeProblem(
        'ROWS_SKIPPED',
        'info',
        { file: context.file, sheet: grid.name },
        {
          count: totals.length,
          rows: listRows(totals),
          detail: '합계 행이라서',
          detail_en: 'they are total rows',
        },
      ),
    );
  }
  return { grid, header, bound, dataRows };
}

export function canonicalHeader(declaration: ReportDeclaration, field: string): string {
  return declaration.columns.find((c) => c.field === field)?.headers[0] ?? field;
}
