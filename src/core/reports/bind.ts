/**
 * Header columns → declared fields. Unknown columns are reported, never dropped silently; the same
 * field under two columns is ambiguous (DUPLICATE_HEADER). Fee-amount columns are bound per merged
 * fee group, so a sheet may carry several fee groups.
 */
import type { Grid } from '../read/grid';
import { cellText, headerKey } from '../util/text';
import { fieldLookup, type HeaderColumn, type LocatedHeader, matchField } from './header';
import type { ColumnSpec, ReportDeclaration } from './types';

export interface BoundColumn {
  field: string;
  index: number;
  header: string;
  spec: ColumnSpec;
}

export interface BoundFeeGroup {
  /** The printed group label, e.g. `쿠팡풀필먼트서비스(CFS) 입출고비 (VAT 별도)`; null when the sheet
   *  has amount columns without a group (single header row, flattened CSV). */
  label: string | null;
  columns: BoundColumn[];
}

export interface BoundSheet {
  columns: BoundColumn[];
  feeGroups: BoundFeeGroup[];
  unknown: HeaderColumn[];
  /** Headers bound to an already bound field: `판매액(A*B)` twice. */
  duplicates: string[];
}

/** Labels whose group is a plain grouping, not a fee (카테고리 [1차, 2차]). */
function isPlainGroup(label: string | null): boolean {
  return label !== null && /^카테고리/.test(headerKey(label));
}

export function bindColumns(declaration: ReportDeclaration, header: LocatedHeader, grid: Grid): BoundSheet {
  const lookup = fieldLookup(declaration);
  const columns: BoundColumn[] = [];
  const bound = new Map<string, BoundColumn>();
  const groups = new Map<number, BoundFeeGroup>();
  const unknown: HeaderColumn[] = [];
  const duplicates: string[] = [];
  for (const column of header.columns) {
    let spec = matchField(lookup, column.label);
    // Some sub-headers only make sense with their group (카테고리 › 1차).
    if (!spec && column.group) spec = matchField(lookup, column.group + column.label);
    if (!spec) {
      unknown.push(column);
      continue;
    }
    const boundColumn: BoundColumn = { field: spec.field, index: column.index, header: column.label, spec };
    if (spec.feeAmount) {
      const start = column.groupStart !== null && !isPlainGroup(column.group) ? column.groupStart : -1;
      let group = groups.get(start);
      if (!group) {
        group = { label: start === -1 ? null : column.group, columns: [] };
        groups.set(start, group);
      }
      if (group.columns.some((c) => c.field === spec.field)) duplicates.push(column.label);
      else group.columns.push(boundColumn);
      continue;
    }
    if (bound.has(spec.field)) {
      duplicates.push(column.label);
      continue;
    }
    bound.set(spec.field, boundColumn);
    columns.push(boundColumn);
  }
  // Amount columns outside any group next to exactly one group: the merged-cell quirk of
  // 부가서비스비 pushes a sub-header out of its group's span (coupang-exports.md §3). Fold them in.
  const loose = groups.get(-1);
  const labelled = [...groups.entries()].filter(([start]) => start !== -1);
  if (loose && labelled.length === 1) {
    const target = labelled[0]![1];
    for (const column of loose.columns) {
      if (!target.columns.some((c) => c.field === column.field)) target.columns.push(column);
      else duplicates.push(column.header);
    }
    groups.delete(-1);
  }
  const feeGroups = [...groups.entries()].sort((a, b) => a[0] - b[0]).map(([, group]) => group);
  for (const group of feeGroups) repairShiftedColumns(group, header, grid, header.columns);
  return { columns, feeGroups, unknown, duplicates };
}

const SHIFT_SAMPLE = 500;

function columnHasValues(grid: Grid, index: number, from: number): boolean {
  const end = Math.min(grid.rows.length, from + SHIFT_SAMPLE);
  for (let r = from; r < end; r++) if (cellText(grid.rows[r]?.[index]) !== null) return true;
  return false;
}

/**
 * A sub-header printed one column off its data (merged-cell quirk): the titled column is empty in
 * every data row while its untitled neighbour holds the values. Move the title to the data.
 */
function repairShiftedColumns(
  group: BoundFeeGroup,
  header: LocatedHeader,
  grid: Grid,
  allColumns: readonly HeaderColumn[],
): void {
  const titled = new Set(allColumns.map((c) => c.index));
  for (const column of group.columns) titled.add(column.index);
  for (const column of group.columns) {
    if (columnHasValues(grid, column.index, header.dataStart)) continue;
    for (const neighbour of [column.index + 1, column.index - 1]) {
      if (neighbour < 0 || titled.has(neighbour)) continue;
      if (!columnHasValues(grid, neighbour, header.dataStart)) continue;
      titled.delete(column.index);
      column.index = neighbour;
      titled.add(neighbour);
      break;
    }
  }
}
