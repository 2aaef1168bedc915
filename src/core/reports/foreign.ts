/**
 * Downloads of OTHER Coupang products that sellers drop in by mistake (coupang-exports.md §4b). They
 * are recognised by name before any layout is tried, so that their columns can never be mistaken for
 * a Rocket Growth report (a Marketplace file shares 주문ID, 옵션ID, 판매액 … with `CATEGORY_TR`): the
 * file is named as what it is, nothing is imported, and no control total is reported for it.
 */
import type { ForeignDownload } from '../model/records';
import type { Grid } from '../read/grid';
import { headerKey } from '../util/text';

export interface ForeignDeclaration {
  code: ForeignDownload;
  labelKo: string;
  labelEn: string;
  /** Matched anywhere in the file name, case-insensitive (`MSF_PAYMENT_REVENUE_DETAIL-….xlsx`). */
  fileNameMarker: string;
  /** Sheet names (whitespace-insensitive) that identify the download even when the file was renamed. */
  sheetNames: readonly string[];
}

export const MSF_PAYMENT_REVENUE_DETAIL: ForeignDeclaration = {
  code: 'MSF_PAYMENT_REVENUE_DETAIL',
  labelKo: '마켓플레이스 매출 상세',
  labelEn: 'Marketplace payment revenue detail',
  fileNameMarker: 'MSF_PAYMENT_REVENUE_DETAIL',
  sheetNames: ['Order Detail Report'],
};

export const FOREIGN_DECLARATIONS: readonly ForeignDeclaration[] = [MSF_PAYMENT_REVENUE_DETAIL];

export function foreignDeclarationFor(code: string): ForeignDeclaration | undefined {
  return FOREIGN_DECLARATIONS.find((d) => d.code === code);
}

export interface ForeignMatch {
  declaration: ForeignDeclaration;
  /** The sheet that names it, or the first sheet when only the file name does. */
  sheet: string | null;
}

/** Is this file a known non-Rocket-Growth download, by its file name or one of its sheet names? */
export function recognizeForeign(fileName: string, grids: readonly Grid[]): ForeignMatch | null {
  const upper = fileName.toUpperCase();
  for (const declaration of FOREIGN_DECLARATIONS) {
    const keys = declaration.sheetNames.map((name) => headerKey(name));
    const named = grids.find((grid) => keys.includes(headerKey(grid.name)));
    if (named) return { declaration, sheet: named.name };
    if (upper.includes(declaration.fileNameMarker)) return { declaration, sheet: grids[0]?.name ?? null };
  }
  return null;
}
