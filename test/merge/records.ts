/** Hand-built normalized records for the merge stories (the fixtures cover real files elsewhere). */
import { feeForOrder } from '../../src/core/map/fees';
import type { FeeRecord, FulfillmentRecord, OrderRecord } from '../../src/core/model/records';

export function v2Order(
  orderId: string,
  optionId: string,
  periodEnd: string,
  extra: Partial<OrderRecord> = {},
): OrderRecord {
  const transaction = extra.transaction ?? 'sale';
  return {
    line_key: `CATEGORY_TR|${orderId}|${optionId}|${transaction}|${periodEnd}`,
    mapping_version: 'v2',
    source_report: 'CATEGORY_TR',
    order_id: orderId,
    order_id_is_option_id: false,
    transaction,
    settlement_cycle: '주정산',
    period_start: null,
    period_end: periodEnd,
    paid_date: periodEnd,
    recognition_date: periodEnd,
    product_id: `P${optionId}`,
    option_id: optionId,
    sku_id: null,
    product_name: '테스트 상품',
    option_name: '옵션',
    category: '주방용품',
    tax_type: '과세',
    quantity: 1,
    unit_price: 10000,
    gross_sales: 10000,
    coupang_discount: 0,
    seller_coupon: 0,
    payment_amount: 10000,
    coupon_reflected: true,
    settlement_amount: 8800,
    seller_borne_shipping: 0,
    import_id: null,
    source_file: 'CATEGORY_TR.xlsx',
    source_sheet: 'Sheet1',
    source_row: 2,
    tax_invoice_month: periodEnd.slice(0, 7),
    category_id: '56137',
    instant_coupon: 0,
    download_coupon: 0,
    vendor_id: 'A00012345',
    ...extra,
  };
}

/** A fee row as the mapping builds it (core's feeForOrder): 10.8 % collected on v2, none on v1. */
export function feeFor(order: OrderRecord, extra: Partial<FeeRecord> = {}): FeeRecord {
  const collected = order.mapping_version === 'v1' ? null : { rate: 10.8, commission: 1080, vat: 108 };
  return { ...feeForOrder(order, order.gross_sales - order.seller_coupon, collected), ...extra };
}

export function v1Order(
  optionId: string,
  start: string,
  end: string,
  extra: Partial<OrderRecord> = {},
): OrderRecord {
  const transaction = extra.transaction ?? 'sale';
  return v2Order(optionId, optionId, end, {
    line_key: `SELLER_INSIGHTS|${start}|${end}|${optionId}|${transaction}`,
    mapping_version: 'v1',
    source_report: 'SELLER_INSIGHTS',
    order_id_is_option_id: true,
    settlement_cycle: null,
    period_start: start,
    period_end: end,
    paid_date: null,
    recognition_date: null,
    coupon_reflected: false,
    settlement_amount: null,
    source_file: 'SELLER_INSIGHTS.xlsx',
    tax_invoice_month: null,
    category_id: null,
    instant_coupon: null,
    download_coupon: null,
    vendor_id: null,
    ...extra,
  });
}

export function deliveryFee(
  orderId: string,
  optionId: string | null,
  periodEnd: string,
  totalFee: number,
  extra: Partial<FulfillmentRecord> = {},
): FulfillmentRecord {
  return {
    line_key: `WAREHOUSING_SHIPPING|delivery|${orderId}|${optionId ?? ''}|${periodEnd}`,
    source_report: 'WAREHOUSING_SHIPPING',
    fee_type: 'delivery',
    fee_label: '배송비',
    transaction: 'charge',
    settlement_cycle: '월정산',
    period_end: periodEnd,
    occurred_date: periodEnd,
    recognition_date: periodEnd,
    order_date: periodEnd,
    order_id: orderId,
    shipment_id: null,
    product_id: null,
    option_id: optionId,
    sku_id: null,
    product_name: null,
    option_name: null,
    size_tier: '소형',
    fulfillment_center: '덕평1',
    quantity: 1,
    gross_fee: totalFee,
    discount: 0,
    promo_credit: 0,
    extra_fee: 0,
    net_fee: Math.round(totalFee / 1.1),
    vat: totalFee - Math.round(totalFee / 1.1),
    total_fee: totalFee,
    attributed_line_key: null,
    import_id: null,
    source_file: 'WAREHOUSING_SHIPPING.xlsx',
    source_sheet: '배송비',
    source_row: 2,
    tax_invoice_month: periodEnd.slice(0, 7),
    vendor_id: 'A00012345',
    ...extra,
  };
}

export function ordersWithFees(orders: OrderRecord[]) {
  return { orders, fees: orders.map((o) => feeFor(o)), fulfillment: [] as FulfillmentRecord[] };
}
