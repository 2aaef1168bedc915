/**
 * The CFS (쿠팡풀필먼트서비스) cost reports. They share one layout: a summary block (합계, 세액,
 * 최종비용) above a two-row detail header whose merged fee-group label names the fee.
 * WAREHOUSING_SHIPPING is verified (V); the others come from one parser each (C), so they are
 * recognised by their fee-group label rather than by sheet names (coupang-exports.md §2–3).
 */
import { BOX_PRODUCT_COLUMNS, CFS_DETAIL_COLUMNS, CFS_SIGNATURE, NET_FIELDS } from './columns';
import type { FulfillmentDeclaration } from './types';

const base = {
  kind: 'fulfillment',
  version: 'v2',
  columns: CFS_DETAIL_COLUMNS,
  signature: CFS_SIGNATURE,
  recognitionRequires: ['gross_fee', ...NET_FIELDS],
  requiredFields: ['period_end'],
  requiredOneOf: [NET_FIELDS],
  hasSummary: true,
} as const;

export const WAREHOUSING_SHIPPING: FulfillmentDeclaration = {
  ...base,
  code: 'WAREHOUSING_SHIPPING',
  labelKo: '입출고/배송비 리포트',
  labelEn: 'warehousing and shipping fee report',
  sheetNames: ['입출고비', '배송비'],
  feeGroups: [
    { keywords: ['입출고비'], feeType: 'warehousing' },
    { keywords: ['배송비'], feeType: 'delivery' },
  ],
  defaultFeeType: 'warehousing',
};

export const STORAGE_FEE: FulfillmentDeclaration = {
  ...base,
  code: 'STORAGE_FEE',
  labelKo: '보관비 리포트',
  labelEn: 'storage fee report',
  sheetNames: ['보관비'],
  feeGroups: [{ keywords: ['보관비'], feeType: 'storage' }],
  defaultFeeType: 'storage',
};

export const CRETURN_PICKUP_RESTOCKING: FulfillmentDeclaration = {
  ...base,
  code: 'CRETURN_PICKUP_RESTOCKING',
  labelKo: '반품 회수/재입고 비용 리포트',
  labelEn: 'return pickup and restocking fee report',
  sheetNames: ['반품회수비', '반품재입고비'],
  feeGroups: [
    { keywords: ['반품회수비', '회수비'], feeType: 'return_pickup' },
    { keywords: ['반품재입고비', '재입고비'], feeType: 'return_restock' },
  ],
  defaultFeeType: 'return_pickup',
};

export const VRETURN_HANDLING: FulfillmentDeclaration = {
  ...base,
  code: 'VRETURN_HANDLING',
  labelKo: '반출비 리포트',
  labelEn: 'vendor return handling fee report',
  sheetNames: ['반출비'],
  skipSheets: [
    {
      // Quantities only (no money): coupang-exports.md §3.
      names: ['반출비 청구 제외 수량(B)', '반출비 청구 제외 수량'],
      reasonKo: '수량만 담긴 참고 시트라서',
      reasonEn: 'it holds quantities only, no fees',
    },
  ],
  feeGroups: [{ keywords: ['반출비'], feeType: 'vendor_return' }],
  defaultFeeType: 'vendor_return',
};

/**
 * Per box. VAT-EXCLUSIVE like every other cost report (coupang-exports.md §3, corrected): Σ detail
 * `최종비용(A-B-C)` = summary 합계 and 합계 + 세액 = 최종비용, so its lines get a share of 세액 like the
 * others. The box's product comes from `대표 등록상품 ID` / `대표 등록상품명`:
 *   `77` or `77,77` (one product, repeated)  → product_id 77, product_name as printed;
 *   `77,88` (several products in one box)    → product_id blank, product_name `여러 상품 (77, 88)`:
 *                                              the fee belongs to the box, never split between them;
 *   `-` or blank                              → no product (both blank).
 */
export const VRETURN_SHIPPING: FulfillmentDeclaration = {
  ...base,
  code: 'VRETURN_SHIPPING',
  labelKo: '반출 배송 서비스비 리포트',
  labelEn: 'vendor return shipping service report',
  sheetNames: ['반출 배송 서비스비', '반출배송비'],
  columns: [...CFS_DETAIL_COLUMNS, ...BOX_PRODUCT_COLUMNS],
  feeGroups: [{ keywords: ['반출배송', '반출택배'], feeType: 'vendor_return_shipping' }],
  defaultFeeType: 'vendor_return_shipping',
  boxProducts: { idsField: 'box_product_ids', nameField: 'box_product_name' },
};

export const BARCODE_LABELING_FEE: FulfillmentDeclaration = {
  ...base,
  code: 'BARCODE_LABELING_FEE',
  labelKo: '부가서비스비 리포트',
  labelEn: 'barcode labeling (value-added service) fee report',
  sheetNames: ['부가서비스비', '바코드 부가 서비스비'],
  feeGroups: [{ keywords: ['바코드', '부가서비스비'], feeType: 'barcode' }],
  defaultFeeType: 'barcode',
};

export const INVENTORY_COMPENSATION: FulfillmentDeclaration = {
  kind: 'fulfillment',
  version: 'v2',
  code: 'INVENTORY_COMPENSATION',
  labelKo: '재고 손실 보상 리포트',
  labelEn: 'inventory loss compensation report',
  sheetNames: ['재고 손실 보상', '재고손실보상'],
  columns: [
    { field: 'period_end', headers: ['정산주기(종료일)', '정산주기'], parse: 'date', rowRequired: true },
    { field: 'occurred_date', headers: ['발생일'], parse: 'date' },
    { field: 'order_id', headers: ['주문ID', '주문번호'], parse: 'id' },
    { field: 'option_id', headers: ['옵션ID', '옵션 ID'], parse: 'id' },
    { field: 'product_id', headers: ['등록상품 ID', '등록상품ID'], parse: 'id' },
    { field: 'product_name', headers: ['등록상품명', '상품명'], parse: 'text' },
    { field: 'option_name', headers: ['옵션명'], parse: 'text' },
    { field: 'quantity', headers: ['수량', '보상수량'], parse: 'count' },
    { field: 'sales_ex_vat', headers: ['판매액(A*B) - 부가세', '판매액(A*B)-부가세'], parse: 'krw' },
    { field: 'compensation', headers: ['보상 금액', '보상금액'], parse: 'krw', rowRequired: true },
    { field: 'transaction_label', headers: ['거래유형'], parse: 'text' },
  ],
  signature: ['정산주기(종료일)', '발생일', '주문ID', '옵션ID', '판매액(A*B) - 부가세', '보상 금액'],
  recognitionRequires: ['compensation'],
  requiredFields: ['period_end', 'compensation'],
  feeGroups: [],
  defaultFeeType: 'inventory_compensation',
  hasSummary: false,
  // Income to the seller, no VAT: a negative cost (normalized-tabs.md fee_type list).
  income: { amountField: 'compensation' },
};
