/**
 * Finding a layout's header by CONTENT: the header row is the row (among the first rows) that holds
 * most of the declaration's signature headers; a following row with a blank first cell and only
 * text is its sub-header row (merged fee-group labels such as `쿠팡풀필먼트서비스(CFS) 입출고비`
 * span columns whose own titles — 발생비용(A), 할인가(B) … — sit one row lower).
 * Merged cells leave the non-master cells empty (SheetJS, like real files), so a group label is
 * carried to the right over the columns below it.
 */
import type { Grid } from '../read/grid';
import { cellText, headerKey } from '../util/text';
import type { ColumnSpec, ReportDeclaration } from './types';

/** `판매가(A)` → `판매가`: the fallback comparison when the exact spelling is unknown. */
export function stripParens(key: string): string {
  return key.replace(/\([^)]*\)$/, '');
}

export interface FieldLookup {
  exact: Map<string, ColumnSpec>;
  stripped: Map<string, ColumnSpec>;
  byField: Map<string, ColumnSpec>;
}

const lookupCache = new WeakMap<ReportDeclaration, FieldLookup>();

export function fieldLookup(declaration: ReportDeclaration): FieldLookup {
  const cached = lookupCache.get(declaration);
  if (cached) return cached;
  const exact = new Map<string, ColumnSpec>();
  const stripped = new Map<string, ColumnSpec>();
  const byField = new Map<string, ColumnSpec>();
  for (const spec of declaration.columns) {
    byField.set(spec.field, spec);
    for (const header of spec.headers) {
      const key = headerKey(header);
      if (!exact.has(key)) exact.set(key, spec);
      const short = stripParens(key);
      // First declared wins: columns are declared in priority order (e.g. net-fee priority).
      if (!stripped.has(short)) stripped.set(short, spec);
    }
  }
  const lookup = { exact, stripped, byField };
  lookupCache.set(declaration, lookup);
  return lookup;
}

export function matchField(lookup: FieldLookup, label: string): ColumnSpec | undefined {
  const key = headerKey(label);
  if (key === '') return undefined;
  return lookup.exact.get(key) ?? lookup.stripped.get(stripParens(key));
}

export interface HeaderColumn {
  index: number;
  /** The column's own title (sub-header if there is one, else the main header). */
  label: string;
  /** The merged group label above it, if the column sits under a group. */
  group: string | null;
  /** Column index where the group label starts: identifies the group. */
  groupStart: number | null;
}

export interface LocatedHeader {
  /** Index into grid.rows of the main header row. */
  headerRow: number;
  subRow: number | null;
  /** Index of the first data row. */
  dataStart: number;
  columns: HeaderColumn[];
  /** Signature fields found / signature size. */
  score: number;
  matchedFields: Set<string>;
}

const SCAN_ROWS = 40;

function isNumericText(value: unknown): boolean {
  if (typeof value === 'number') return true;
  const text = cellText(value);
  return text !== null && /^[-+(]?[\d,.]+\)?%?$/.test(text);
}

/** A sub-header row: blank first cell, some text, no numbers (data rows carry amounts). */
function looksLikeSubHeader(row: readonly unknown[] | undefined): boolean {
  if (!row || row.length === 0) return false;
  if (cellText(row[0]) !== null) return false;
  let labels = 0;
  for (const cell of row) {
    if (cellText(cell) === null) continue;
    if (isNumericText(cell)) return false;
    labels++;
  }
  return labels > 0;
}

function signatureFields(declaration: ReportDeclaration, lookup: FieldLookup): string[] {
  const fields: string[] = [];
  for (const header of declaration.signature) {
    const spec = matchField(lookup, header);
    if (spec && !fields.includes(spec.field)) fields.push(spec.field);
  }
  return fields;
}

function fieldsOnRows(rows: readonly (readonly unknown[] | undefined)[], lookup: FieldLookup): Set<string> {
  const found = new Set<string>();
  for (const row of rows) {
    if (!row) continue;
    for (const cell of row) {
      const text = cellText(cell);
      if (text === null) continue;
      const spec = matchField(lookup, text);
      if (spec) found.add(spec.field);
    }
  }
  return found;
}

export function buildColumns(main: readonly unknown[], sub: readonly unknown[] | null): HeaderColumn[] {
  const width = Math.max(main.length, sub?.length ?? 0);
  const columns: HeaderColumn[] = [];
  let currentGroup: string | null = null;
  let currentGroupStart: number | null = null;
  for (let index = 0; index < width; index++) {
    const mainText = cellText(main[index]);
    const subText = sub ? cellText(sub[index]) : null;
    if (mainText !== null) {
      currentGroup = mainText;
      currentGroupStart = index;
    } else if (subText === null) {
      // A column with no title at all ends any merged group.
      currentGroup = null;
      currentGroupStart = null;
    }
    if (subText !== null) {
      columns.push({ index, label: subText, group: currentGroup, groupStart: currentGroupStart });
    } else if (mainText !== null) {
      columns.push({ index, label: mainText, group: null, groupStart: null });
    }
  }
  return columns;
}

/** Best header row of `declaration` in `grid`, or null when the layout is not there at all. */
export function locateHeader(grid: Grid, declaration: ReportDeclaration): LocatedHeader | null {
  const lookup = fieldLookup(declaration);
  const signature = signatureFields(declaration, lookup);
  const limit = Math.min(grid.rows.length, SCAN_ROWS);
  let best: LocatedHeader | null = null;
  for (let r = 0; r < limit; r++) {
    const row = grid.rows[r];
    if (!row) continue;
    const own = fieldsOnRows([row], lookup);
    if (own.size === 0) continue;
    const next = grid.rows[r + 1];
    const subRow = looksLikeSubHeader(next) ? r + 1 : null;
    const found = subRow !== null ? fieldsOnRows([row, next], lookup) : own;
    let hits = 0;
    for (const field of signature) if (found.has(field)) hits++;
    const score = signature.length === 0 ? 0 : hits / signature.length;
    if (!declaration.recognitionRequires.some((field) => found.has(field))) continue;
    if (best === null || score > best.score) {
      best = {
        headerRow: r,
        subRow,
        dataStart: (subRow ?? r) + 1,
        columns: buildColumns(row, subRow !== null ? (next ?? null) : null),
        score,
        matchedFields: found,
      };
    }
  }
  return best;
}
