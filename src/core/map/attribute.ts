/**
 * Seller-borne shipping (v2): every fulfillment row carrying a 주문ID is charged to ONE Orders line,
 * the `sale` line with the same 주문ID and 옵션ID (the earliest if the order was settled in several
 * periods), never its `cancel` line, so no fee counts twice (normalized-tabs.md).
 * That line's seller_borne_shipping = Σ total_fee attributed to it; unmatched rows stay unattributed.
 *
 * Pure: returns new arrays and never mutates its inputs (the merge step reuses it against the
 * orders already in the workbook).
 */
import type { FulfillmentRecord, OrderRecord } from '../model/records';

/** Income (재고 손실 보상) is not a shipping or fulfillment cost: it is never folded into
 *  seller_borne_shipping, even when it names an order. */
const NOT_SHIPPING = new Set<FulfillmentRecord['fee_type']>(['inventory_compensation']);

function earlier(a: OrderRecord, b: OrderRecord): boolean {
  const ka = `${a.period_end ?? '9999-99-99'}|${a.recognition_date ?? '9999-99-99'}|${a.line_key}`;
  const kb = `${b.period_end ?? '9999-99-99'}|${b.recognition_date ?? '9999-99-99'}|${b.line_key}`;
  return ka < kb;
}

export function attributeShipping(
  orders: readonly OrderRecord[],
  fulfillment: readonly FulfillmentRecord[],
): { orders: OrderRecord[]; fulfillment: FulfillmentRecord[] } {
  // The target sale line per (order, option) and per order (for fees that name no option).
  const byOrderOption = new Map<string, OrderRecord>();
  const byOrder = new Map<string, OrderRecord>();
  for (const order of orders) {
    if (order.transaction !== 'sale' || order.order_id_is_option_id) continue;
    const key = `${order.order_id}|${order.option_id ?? ''}`;
    const current = byOrderOption.get(key);
    if (!current || earlier(order, current)) byOrderOption.set(key, order);
    const first = byOrder.get(order.order_id);
    if (!first || earlier(order, first)) byOrder.set(order.order_id, order);
  }
  const shipping = new Map<string, number>();
  const attributed = fulfillment.map((fee) => {
    let target: OrderRecord | undefined;
    if (fee.order_id !== null && !NOT_SHIPPING.has(fee.fee_type)) {
      target =
        fee.option_id !== null
          ? byOrderOption.get(`${fee.order_id}|${fee.option_id}`)
          : byOrder.get(fee.order_id);
    }
    const lineKey = target?.line_key ?? null;
    if (lineKey !== null) shipping.set(lineKey, (shipping.get(lineKey) ?? 0) + fee.total_fee);
    return lineKey === fee.attributed_line_key ? fee : { ...fee, attributed_line_key: lineKey };
  });
  const updated = orders.map((order) => {
    // v1 applies no shipping (seed page, version 1 rule 3).
    const value = order.order_id_is_option_id ? 0 : (shipping.get(order.line_key) ?? 0);
    return value === order.seller_borne_shipping ? order : { ...order, seller_borne_shipping: value };
  });
  return { orders: updated, fulfillment: attributed };
}
