/**
 * Seller-borne shipping over the FINAL state of the tabs (normalized-tabs.md, "Seller-borne shipping").
 * Every fulfillment row with an order_id is charged to ONE Orders line: the v2 `sale` line with the
 * same order_id and option_id (order_id alone when the fee names no option), the earliest one when
 * the order was settled in several periods; never a `cancel` line and never a v1 line (v1 does not
 * apply shipping). seller_borne_shipping = Σ total_fee charged to the line.
 *
 * Run over the whole tabs after every merge step, so the result does not depend on whether orders
 * or fees were imported first, and a fee whose order arrives later is picked up then.
 */

export interface OrderLineView {
  line_key: string;
  mapping_version: string | null;
  order_id: string | null;
  option_id: string | null;
  transaction: string | null;
  recognition_date: string | null;
  period_end: string | null;
}

export interface FeeLineView {
  order_id: string | null;
  option_id: string | null;
  total_fee: number;
}

export interface Attribution {
  /** Per fee line (same order as the input): the Orders line_key it is charged to, or null. */
  attributedTo: (string | null)[];
  /** Σ total_fee per Orders line_key that received any fee. */
  shippingByLine: Map<string, number>;
}

function earlier(a: OrderLineView, b: OrderLineView): boolean {
  const dateA = a.recognition_date ?? a.period_end ?? '9999-12-31';
  const dateB = b.recognition_date ?? b.period_end ?? '9999-12-31';
  if (dateA !== dateB) return dateA < dateB;
  return a.line_key < b.line_key;
}

export function attributeShippingLines(
  orders: readonly OrderLineView[],
  fees: readonly FeeLineView[],
): Attribution {
  const byOrderOption = new Map<string, OrderLineView>();
  const byOrder = new Map<string, OrderLineView>();
  for (const line of orders) {
    if (line.transaction !== 'sale' || line.mapping_version !== 'v2' || !line.order_id) continue;
    const exact = `${line.order_id}\u0000${line.option_id ?? ''}`;
    const current = byOrderOption.get(exact);
    if (!current || earlier(line, current)) byOrderOption.set(exact, line);
    const any = byOrder.get(line.order_id);
    if (!any || earlier(line, any)) byOrder.set(line.order_id, line);
  }
  const attributedTo: (string | null)[] = [];
  const shippingByLine = new Map<string, number>();
  for (const fee of fees) {
    let target: OrderLineView | undefined;
    if (fee.order_id) {
      target = fee.option_id
        ? byOrderOption.get(`${fee.order_id}\u0000${fee.option_id}`)
        : byOrder.get(fee.order_id);
    }
    attributedTo.push(target ? target.line_key : null);
    if (target)
      shippingByLine.set(target.line_key, (shippingByLine.get(target.line_key) ?? 0) + fee.total_fee);
  }
  return { attributedTo, shippingByLine };
}
