/**
 * A report declaration is DATA: adding a Coupang layout means adding one declaration (and a fixture),
 * not a new branch in the mapper. See coupang-exports.md for the layouts and their confidence.
 */
import type { FeeType, MappingVersion, ReportCode } from '../model/records';

/** How a cell becomes a value: one parser per field kind (util/money, util/ids, util/dates).
 *  `id` = digits only (주문ID, 옵션ID …); `code` = a free-form reference (반출ID, 송장번호);
 *  `idList` = IDs separated by commas (`77,88`), de-duplicated and kept in order; `month` = `YYYY-MM`. */
export type FieldParser = 'id' | 'code' | 'idList' | 'krw' | 'count' | 'rate' | 'date' | 'month' | 'text';

export interface ColumnSpec {
  /** Internal field name; the mapper reads parsed rows by it. */
  field: string;
  /** Accepted header spellings, compared after removing all whitespace (first = canonical). */
  headers: readonly string[];
  parse: FieldParser;
  /** A row with this cell blank or unreadable is rejected (it would have no identity or no money). */
  rowRequired?: boolean;
  /** Amount columns of a fee group, found on the sub-header row under a merged group label. */
  feeAmount?: boolean;
}

export interface FeeGroupSpec {
  /** Whitespace-free keywords looked for inside the group label, e.g. `입출고비`. */
  keywords: readonly string[];
  feeType: FeeType;
}

/** A row-level identity such as 정산대상액 = 판매액 − 판매자할인쿠폰 − 판매수수료 − VAT. */
export interface RowIdentity {
  name: string;
  /** The field holding the value printed in the file. */
  expected: string;
  /** Signed terms whose sum must equal `expected`. Blank terms count as 0. */
  terms: readonly { field: string; sign: 1 | -1 }[];
}

interface DeclarationBase {
  code: ReportCode;
  labelKo: string;
  labelEn: string;
  version: MappingVersion;
  /** Known sheet names (whitespace-insensitive); a hint, since several are unconfirmed. */
  sheetNames: readonly string[];
  /** Sheets that belong to the file but hold nothing to import (e.g. quantities only). */
  skipSheets?: readonly { names: readonly string[]; reasonKo: string; reasonEn: string }[];
  columns: readonly ColumnSpec[];
  /** Headers that together identify the layout; most of them must be on one row. */
  signature: readonly string[];
  /** Recognition needs at least one of these fields (the column that makes the layout what it is). */
  recognitionRequires: readonly string[];
  /** Fields that must be present as columns (MISSING_COLUMN otherwise). */
  requiredFields: readonly string[];
  /** Groups of fields of which at least one must be present (e.g. one of the net-fee columns). */
  requiredOneOf?: readonly (readonly string[])[];
  identities?: readonly RowIdentity[];
}

export interface OrdersV2Declaration extends DeclarationBase {
  kind: 'orders-v2';
}

export interface OrdersV1Declaration extends DeclarationBase {
  kind: 'orders-v1';
  /** Only rows whose 판매방식 equals this value belong to Rocket Growth; others are skipped. */
  channelField: string;
  channelValue: string;
  /** v1 invariants checked per row and in total (매출 = 총 매출 + 총 취소 금액, …). */
}

export interface FulfillmentDeclaration extends DeclarationBase {
  kind: 'fulfillment';
  /** Fee groups that identify this report; the matched group gives each row its fee_type. */
  feeGroups: readonly FeeGroupSpec[];
  /** fee_type when the sheet has no recognisable group label (flattened CSV, single header). */
  defaultFeeType: FeeType;
  /** Detail rows follow a summary block (합계, 세액, 최종비용) and a two-row header. */
  hasSummary: boolean;
  /** Box-level rows whose product is given by a representative-ID cell that may list several
   *  products (반출 배송 서비스비): see VRETURN_SHIPPING for what is written. */
  boxProducts?: { idsField: string; nameField: string };
  /** Income to the seller (재고 손실 보상): recorded as a negative cost, no VAT. */
  income?: { amountField: string };
}

export type ReportDeclaration = OrdersV2Declaration | OrdersV1Declaration | FulfillmentDeclaration;
