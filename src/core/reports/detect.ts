/**
 * Recognition by CONTENT: every sheet is scored against every declaration by the share of its
 * signature headers found on one header row (after whitespace removal, with known variants).
 * The CFS cost reports share one layout, so which one it is comes from the fee-group label
 * (then the sheet name, the title, and last the `{vendorId}-{REPORT}-ko-{uuid}` file name).
 */
import type { FeeType, ReportCode } from '../model/records';
import type { Grid } from '../read/grid';
import { headerKey, isBlankRow } from '../util/text';
import { CATEGORY_TR } from './categoryTr';
import { INVENTORY_COMPENSATION, WAREHOUSING_SHIPPING } from './cfsReports';
import { type LocatedHeader, locateHeader } from './header';
import { CFS_DECLARATIONS, DECLARATIONS } from './registry';
import { SELLER_INSIGHTS } from './sellerInsights';
import { sheetTitle } from './summary';
import type { FulfillmentDeclaration, ReportDeclaration } from './types';

/** Share of signature headers a row must hold to count as that layout's header. */
export const MIN_SCORE = 0.5;

export type SheetVerdict =
  | { kind: 'match'; grid: Grid; declaration: ReportDeclaration; header: LocatedHeader }
  | { kind: 'skip'; grid: Grid; reasonKo: string; reasonEn: string }
  | { kind: 'empty'; grid: Grid };

export interface Recognition {
  declaration: ReportDeclaration | null;
  sheets: SheetVerdict[];
  /** A CFS cost layout whose report could not be told (only unknown fee labels, no hint). */
  unknownCfsLabel: string | null;
}

/** Candidates scored per sheet; the CFS family is scored once with its shared columns. */
const CANDIDATES: readonly ReportDeclaration[] = [
  CATEGORY_TR,
  SELLER_INSIGHTS,
  INVENTORY_COMPENSATION,
  WAREHOUSING_SHIPPING,
];

export function feeTypeForLabel(label: string | null): { feeType: FeeType; code: ReportCode } | null {
  if (label === null) return null;
  const key = headerKey(label);
  for (const declaration of CFS_DECLARATIONS) {
    for (const group of declaration.feeGroups) {
      if (group.keywords.some((word) => key.includes(headerKey(word)))) {
        return { feeType: group.feeType, code: declaration.code };
      }
    }
  }
  return null;
}

function sheetNameIs(grid: Grid, names: readonly string[]): boolean {
  const key = headerKey(grid.name);
  return names.some((name) => headerKey(name) === key);
}

function skipReason(grid: Grid): { reasonKo: string; reasonEn: string } | null {
  for (const declaration of DECLARATIONS) {
    for (const skip of declaration.skipSheets ?? []) if (sheetNameIs(grid, skip.names)) return skip;
  }
  return null;
}

/** The group labels printed on the header rows of a CFS sheet. */
function groupLabels(header: LocatedHeader): string[] {
  const labels: string[] = [];
  for (const column of header.columns)
    if (column.group && !labels.includes(column.group)) labels.push(column.group);
  return labels;
}

function cfsDeclarationFor(
  grid: Grid,
  header: LocatedHeader,
  fileName: string,
): FulfillmentDeclaration | null {
  const hints = [...groupLabels(header), grid.name, sheetTitle(grid, header.headerRow) ?? ''];
  for (const hint of hints) {
    const found = feeTypeForLabel(hint);
    if (found) return CFS_DECLARATIONS.find((d) => d.code === found.code) ?? null;
  }
  return CFS_DECLARATIONS.find((d) => fileName.toUpperCase().includes(`-${d.code}-`)) ?? null;
}

export function recognize(fileName: string, grids: readonly Grid[]): Recognition {
  const sheets: SheetVerdict[] = [];
  let best: { declaration: ReportDeclaration; score: number } | null = null;
  let unknownCfsLabel: string | null = null;
  for (const grid of grids) {
    if (grid.rows.every((row) => isBlankRow(row))) {
      sheets.push({ kind: 'empty', grid });
      continue;
    }
    const skip = skipReason(grid);
    if (skip) {
      sheets.push({ kind: 'skip', grid, reasonKo: skip.reasonKo, reasonEn: skip.reasonEn });
      continue;
    }
    let sheetBest: { declaration: ReportDeclaration; header: LocatedHeader } | null = null;
    for (const candidate of CANDIDATES) {
      const header = locateHeader(grid, candidate);
      if (!header || header.score < MIN_SCORE) continue;
      if (!sheetBest || header.score > sheetBest.header.score) sheetBest = { declaration: candidate, header };
    }
    if (!sheetBest) {
      sheets.push({
        kind: 'skip',
        grid,
        reasonKo: '알아볼 수 있는 쿠팡 표가 없어서',
        reasonEn: 'no known Coupang table was found on it',
      });
      continue;
    }
    let declaration: ReportDeclaration | null = sheetBest.declaration;
    if (declaration === WAREHOUSING_SHIPPING) {
      declaration = cfsDeclarationFor(grid, sheetBest.header, fileName);
      if (!declaration) unknownCfsLabel = groupLabels(sheetBest.header)[0] ?? grid.name;
    }
    if (!declaration) {
      // Still a CFS sheet: it is processed under the file's report with fee_type `other`.
      sheets.push({ kind: 'match', grid, declaration: WAREHOUSING_SHIPPING, header: sheetBest.header });
      continue;
    }
    sheets.push({ kind: 'match', grid, declaration, header: sheetBest.header });
    if (!best || sheetBest.header.score > best.score) best = { declaration, score: sheetBest.header.score };
  }
  const declaration = best?.declaration ?? null;
  // Sheets of another family than the file's report are not part of it.
  const family = (d: ReportDeclaration) => (d.kind === 'fulfillment' && !d.income ? 'cfs' : d.code);
  const verdicts = sheets.map((verdict): SheetVerdict => {
    if (verdict.kind !== 'match' || !declaration) return verdict;
    if (family(verdict.declaration) !== family(declaration)) {
      return {
        kind: 'skip',
        grid: verdict.grid,
        reasonKo: `${verdict.declaration.labelKo} 양식이라 이 파일(${declaration.labelKo})과 맞지 않아서`,
        reasonEn: `it has the ${verdict.declaration.labelEn} layout, not this file's ${declaration.labelEn}`,
      };
    }
    return { ...verdict, declaration };
  });
  return { declaration, sheets: verdicts, unknownCfsLabel: declaration ? null : unknownCfsLabel };
}
