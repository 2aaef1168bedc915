/** Every layout the importer knows. Order matters only to break exact ties in recognition. */
import { CATEGORY_TR } from './categoryTr';
import {
  BARCODE_LABELING_FEE,
  CRETURN_PICKUP_RESTOCKING,
  INVENTORY_COMPENSATION,
  STORAGE_FEE,
  VRETURN_HANDLING,
  VRETURN_SHIPPING,
  WAREHOUSING_SHIPPING,
} from './cfsReports';
import { SELLER_INSIGHTS } from './sellerInsights';
import type { FulfillmentDeclaration, ReportDeclaration } from './types';

export const DECLARATIONS: readonly ReportDeclaration[] = [
  CATEGORY_TR,
  SELLER_INSIGHTS,
  WAREHOUSING_SHIPPING,
  STORAGE_FEE,
  CRETURN_PICKUP_RESTOCKING,
  VRETURN_HANDLING,
  VRETURN_SHIPPING,
  BARCODE_LABELING_FEE,
  INVENTORY_COMPENSATION,
];

/** CFS reports sharing the summary + fee-group layout, most specific keywords first
 *  (`반출배송` must win over `배송비`-like matches, `반출비` over nothing). */
export const CFS_DECLARATIONS: readonly FulfillmentDeclaration[] = [
  VRETURN_SHIPPING,
  VRETURN_HANDLING,
  CRETURN_PICKUP_RESTOCKING,
  BARCODE_LABELING_FEE,
  STORAGE_FEE,
  WAREHOUSING_SHIPPING,
];

export function declarationFor(code: string): ReportDeclaration | undefined {
  return DECLARATIONS.find((d) => d.code === code);
}
