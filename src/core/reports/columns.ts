/** Column vocabularies shared by several declarations (the CFS reports share one detail layout). */
import type { ColumnSpec } from './types';

/** Net amount columns in priority order: `최종비용(A-B-C)` › `최종비용` › `할인적용가(A-B)` (coupang-exports.md §3). */
export const NET_FIELDS = ['net_abc', 'net_final', 'net_ab'] as const;

export const FEE_AMOUNT_COLUMNS: readonly ColumnSpec[] = [
  { field: 'gross_fee', headers: ['발생비용(A)', '발생비용'], parse: 'krw', feeAmount: true },
  { field: 'discount', headers: ['할인가(B)', '할인가', '할인금액(B)'], parse: 'krw', feeAmount: true },
  {
    field: 'promo_credit',
    headers: [
      '로켓그로스 세이버 혜택 금액(C)',
      '무료 프로모션 금액(C)',
      '프로모션 금액(C)',
      '무료프로모션금액',
    ],
    parse: 'krw',
    feeAmount: true,
  },
  { field: 'extra_fee', headers: ['추가비용', '추가 비용'], parse: 'krw', feeAmount: true },
  { field: 'net_abc', headers: ['최종비용(A-B-C)'], parse: 'krw', feeAmount: true },
  {
    field: 'net_final',
    headers: ['최종비용', '최종비용(C)', '최종 비용(VAT 포함)', '청구금액'],
    parse: 'krw',
    feeAmount: true,
  },
  { field: 'net_ab', headers: ['할인적용가(A-B)', '할인적용가'], parse: 'krw', feeAmount: true },
];

/** The CFS detail columns (입출고비 / 배송비 layout, shared by the other cost reports). */
export const CFS_DETAIL_COLUMNS: readonly ColumnSpec[] = [
  { field: 'settlement_cycle', headers: ['정산유형'], parse: 'text' },
  { field: 'period_end', headers: ['정산주기(종료일)', '정산주기'], parse: 'date', rowRequired: true },
  { field: 'invoice_month', headers: ['세금계산서 발행월'], parse: 'month' },
  {
    field: 'occurred_date',
    headers: [
      '발생일(배송완료일)',
      '발생일',
      '발생일(입고완료일)',
      '발생일(회수완료일)',
      '발생일(반출완료일)',
    ],
    parse: 'date',
  },
  { field: 'recognition_date', headers: ['매출인식일'], parse: 'date' },
  { field: 'transaction_label', headers: ['거래유형'], parse: 'text' },
  { field: 'order_id', headers: ['주문ID', '주문번호'], parse: 'id' },
  { field: 'shipment_id', headers: ['배송ID', '배송번호', '박스ID', '반출ID', '입고ID'], parse: 'code' },
  { field: 'order_date', headers: ['주문일'], parse: 'date' },
  { field: 'product_id', headers: ['등록상품 ID', '등록상품ID'], parse: 'id' },
  { field: 'option_id', headers: ['옵션ID', '옵션 ID'], parse: 'id' },
  { field: 'sku_id', headers: ['SKU ID', 'SKUID'], parse: 'id' },
  { field: 'product_name', headers: ['등록상품명', '상품명'], parse: 'text' },
  { field: 'option_name', headers: ['옵션명'], parse: 'text' },
  { field: 'unit_price', headers: ['단품 판매가', '판매가'], parse: 'krw' },
  { field: 'category', headers: ['카테고리'], parse: 'text' },
  { field: 'category_1', headers: ['1차', '카테고리1차'], parse: 'text' },
  { field: 'category_2', headers: ['2차', '카테고리2차'], parse: 'text' },
  { field: 'size_tier', headers: ['개별포장 상품 사이즈', '상품 사이즈', '사이즈'], parse: 'text' },
  { field: 'fulfillment_center', headers: ['물류센터', '센터'], parse: 'text' },
  {
    field: 'quantity',
    headers: [
      '판매수량',
      '수량',
      '반출 수량',
      '회수 수량',
      '평균 보관 수량',
      '보관 수량',
      '박스 수량',
      '작업 수량',
      '입고 수량',
    ],
    parse: 'count',
  },
  { field: 'storage_days', headers: ['보관일수'], parse: 'count' },
  { field: 'box_no', headers: ['박스 번호', '박스번호'], parse: 'text' },
  { field: 'invoice_no', headers: ['송장번호'], parse: 'code' },
  { field: 'unit_quantity', headers: ['단품 기준 구매 수량'], parse: 'count' },
  { field: 'option_type', headers: ['옵션유형', '옵션유형(I)'], parse: 'text' },
  { field: 'note', headers: ['비고'], parse: 'text' },
  ...FEE_AMOUNT_COLUMNS,
];

export const CFS_SIGNATURE = ['정산유형', '정산주기(종료일)', '거래유형', '옵션ID', '발생비용(A)'];

/** Box-level rows (반출 배송 서비스비): the box's products, by representative ID and name. */
export const BOX_PRODUCT_COLUMNS: readonly ColumnSpec[] = [
  { field: 'box_product_ids', headers: ['대표 등록상품 ID', '대표 등록상품ID'], parse: 'idList' },
  { field: 'box_product_name', headers: ['대표 등록상품명'], parse: 'text' },
];
