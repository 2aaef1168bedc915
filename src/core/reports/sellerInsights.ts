/**
 * `SELLER_INSIGHTS_VENDOR_ITEM_METRICS` 판매분석 option file (v1; confidence V).
 * One row per option for a date range the seller chose; no date inside, every cell is text.
 */
import type { OrdersV1Declaration } from './types';

export const SELLER_INSIGHTS: OrdersV1Declaration = {
  kind: 'orders-v1',
  code: 'SELLER_INSIGHTS',
  labelKo: '판매분석(옵션별)',
  labelEn: 'sales analysis by option',
  version: 'v1',
  sheetNames: ['vendor item metrics'],
  columns: [
    { field: 'option_id', headers: ['옵션 ID', '옵션ID'], parse: 'id', rowRequired: true },
    { field: 'option_name', headers: ['옵션명'], parse: 'text' },
    { field: 'product_name', headers: ['상품명'], parse: 'text' },
    { field: 'product_id', headers: ['등록상품ID', '등록상품 ID'], parse: 'id' },
    { field: 'category', headers: ['카테고리'], parse: 'text' },
    { field: 'channel', headers: ['판매방식'], parse: 'text' },
    { field: 'sales', headers: ['매출(원)', '매출'], parse: 'krw' },
    { field: 'orders', headers: ['주문'], parse: 'count' },
    { field: 'units', headers: ['판매량'], parse: 'count' },
    { field: 'visitors', headers: ['방문자'], parse: 'count' },
    { field: 'views', headers: ['조회'], parse: 'count' },
    { field: 'carts', headers: ['장바구니'], parse: 'count' },
    { field: 'conversion_rate', headers: ['구매전환율'], parse: 'rate' },
    { field: 'item_winner_rate', headers: ['아이템위너 비율(%)', '아이템위너비율'], parse: 'rate' },
    { field: 'total_sales', headers: ['총 매출(원)', '총 매출'], parse: 'krw', rowRequired: true },
    { field: 'total_units', headers: ['총 판매수'], parse: 'count', rowRequired: true },
    {
      field: 'total_cancel_amount',
      headers: ['총 취소 금액(원)', '총 취소 금액'],
      parse: 'krw',
      rowRequired: true,
    },
    { field: 'total_cancel_units', headers: ['총 취소된 상품수'], parse: 'count', rowRequired: true },
    { field: 'instant_cancel_units', headers: ['즉시 취소된 상품수'], parse: 'count' },
  ],
  signature: [
    '옵션 ID',
    '판매방식',
    '매출(원)',
    '판매량',
    '총 매출(원)',
    '총 판매수',
    '총 취소 금액(원)',
    '총 취소된 상품수',
  ],
  recognitionRequires: ['total_sales', 'total_cancel_amount'],
  requiredFields: [
    'option_id',
    'channel',
    'total_sales',
    'total_units',
    'total_cancel_amount',
    'total_cancel_units',
  ],
  channelField: 'channel',
  channelValue: '로켓그로스',
  identities: [
    {
      name: '매출(원) = 총 매출(원) + 총 취소 금액(원)',
      expected: 'sales',
      terms: [
        { field: 'total_sales', sign: 1 },
        { field: 'total_cancel_amount', sign: 1 },
      ],
    },
    {
      name: '판매량 = 총 판매수 + 총 취소된 상품수',
      expected: 'units',
      terms: [
        { field: 'total_units', sign: 1 },
        { field: 'total_cancel_units', sign: 1 },
      ],
    },
  ],
};
