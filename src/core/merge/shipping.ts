/**
 * Seller-borne shipping over the FINAL state of the tabs. The rule itself is core's
 * `attributeShipping` (src/core/map/attribute.ts: one v2 `sale` line per order+option, the earliest,
 * never a cancel line, income never counted); this module only feeds it the rows of the tabs, so the
 * result does not depend on whether orders or fees were imported first, and a fee whose order
 * arrives in a later import is picked up then.
 */
import { attributeShipping } from '../map/attribute';
import type { FulfillmentRecord, OrderRecord } from '../model/records';

/** The Orders fields attribution reads. */
export type OrderLineView = Pick<
  OrderRecord,
  | 'line_key'
  | 'order_id'
  | 'option_id'
  | 'transaction'
  | 'order_id_is_option_id'
  | 'period_end'
  | 'recognition_date'
  | 'seller_borne_shipping'
>;

/** The Fulfillment fields attribution reads. */
export type FeeLineView = Pick<
  FulfillmentRecord,
  'fee_type' | 'order_id' | 'option_id' | 'total_fee' | 'attributed_line_key'
>;

export interface Attribution {
  /** Per fee line (input order): the Orders line_key it is charged to, or null. */
  attributedTo: (string | null)[];
  /** Per order line (input order): its seller_borne_shipping. */
  shipping: number[];
}

export function attributeShippingLines(
  orders: readonly OrderLineView[],
  fees: readonly FeeLineView[],
): Attribution {
  // attributeShipping reads only the fields of the views above and copies the rest through
  // untouched, so the narrowed objects stand in for full records.
  const result = attributeShipping(orders as readonly OrderRecord[], fees as readonly FulfillmentRecord[]);
  return {
    attributedTo: result.fulfillment.map((f) => f.attributed_line_key),
    shipping: result.orders.map((o) => o.seller_borne_shipping),
  };
}
