/**
 * Step of the plan: the columns computed over the FINAL state of the tabs (existing − removed, with
 * updates, + inserts): seller-borne shipping and attributed_line_key (shipping.ts), and the commission
 * values of the Fees formula cells (the .xlsx caches them; Sheets recomputes them).
 */
import type { DataTabId, ShippingSummary } from '../model/rpc';
import { columnIndex, FEES_TAB, FULFILLMENT_TAB, ORDERS_TAB } from '../model/tabs';
import { type Cell, cellsEqual } from './cells';
import { type CommissionRule, effectiveCommission } from './commission';
import type { TabPlan } from './plan';
import type { TableSnapshot } from './port';
import { attributeShippingLines, type FeeLineView, type OrderLineView } from './shipping';
import { getter, numberOrNull, str } from './table';

/** Puts the core-computed rule rate / effective commission / source into a Fees row. */
export function fillCommissionCells(
  row: Cell[],
  override: number | null,
  rules: readonly CommissionRule[],
): void {
  const get = getter(FEES_TAB);
  const fee = {
    option_id: str(get(row, 'option_id')),
    product_id: str(get(row, 'product_id')),
    category: str(get(row, 'category')),
    recognition_date: str(get(row, 'recognition_date')),
    period_end: str(get(row, 'period_end')),
    commission_base: numberOrNull(get(row, 'commission_base')) ?? 0,
    collected_total: numberOrNull(get(row, 'collected_total')),
  };
  const result = effectiveCommission(fee, override, rules);
  row[columnIndex(FEES_TAB, 'rule_rate')] = result.ruleRate;
  row[columnIndex(FEES_TAB, 'effective_commission')] = result.effective;
  row[columnIndex(FEES_TAB, 'commission_source')] = result.source;
}

/** Shipping attribution over the final state, written back as updates/inserts of
 *  seller_borne_shipping and attributed_line_key where they change. */
export function planShipping(
  plans: Record<DataTabId, TabPlan>,
  existing: Record<DataTabId, TableSnapshot>,
  removed: Record<DataTabId, Set<number>>,
): ShippingSummary {
  const orderGet = getter(ORDERS_TAB);
  const feeGet = getter(FULFILLMENT_TAB);
  type Ref = { row: Cell[]; existingIndex: number | null };
  const finalRows = (id: DataTabId): Ref[] => {
    const refs: Ref[] = [];
    existing[id].rows.forEach((row, i) => {
      if (removed[id].has(i)) return;
      refs.push({ row: plans[id].updates.get(i) ?? row, existingIndex: i });
    });
    for (const row of plans[id].inserts) refs.push({ row, existingIndex: null });
    return refs;
  };
  const orders = finalRows('orders');
  const fulfillment = finalRows('fulfillment');
  const orderViews: OrderLineView[] = orders.map(({ row }) => ({
    line_key: String(orderGet(row, 'line_key') ?? ''),
    order_id: str(orderGet(row, 'order_id')) ?? '',
    option_id: str(orderGet(row, 'option_id')),
    transaction: orderGet(row, 'transaction') === 'cancel' ? 'cancel' : 'sale',
    order_id_is_option_id:
      orderGet(row, 'order_id_is_option_id') !== false || orderGet(row, 'mapping_version') === 'v1',
    period_end: str(orderGet(row, 'period_end')),
    recognition_date: str(orderGet(row, 'recognition_date')),
    seller_borne_shipping: numberOrNull(orderGet(row, 'seller_borne_shipping')) ?? 0,
  }));
  const feeViews: FeeLineView[] = fulfillment.map(({ row }) => ({
    fee_type: (str(feeGet(row, 'fee_type')) ?? 'other') as FeeLineView['fee_type'],
    order_id: str(feeGet(row, 'order_id')),
    option_id: str(feeGet(row, 'option_id')),
    total_fee: numberOrNull(feeGet(row, 'total_fee')) ?? 0,
    attributed_line_key: str(feeGet(row, 'attributed_line_key')),
  }));
  const { attributedTo, shipping } = attributeShippingLines(orderViews, feeViews);

  const setDerived = (id: DataTabId, ref: Ref, column: number, value: Cell): boolean => {
    if (cellsEqual(ref.row[column] ?? null, value)) return false;
    const width = plans[id].tab.columns.length;
    if (ref.existingIndex === null) {
      ref.row[column] = value;
    } else {
      const planned = plans[id].updates.get(ref.existingIndex);
      const row = planned ?? ref.row.slice(0, width);
      row[column] = value;
      plans[id].updates.set(ref.existingIndex, row);
    }
    return true;
  };

  let linesChanged = 0;
  const shippingColumn = columnIndex(ORDERS_TAB, 'seller_borne_shipping');
  orders.forEach((ref, i) => {
    if (setDerived('orders', ref, shippingColumn, shipping[i] ?? 0)) linesChanged++;
  });
  const attributedColumn = columnIndex(FULFILLMENT_TAB, 'attributed_line_key');
  let attributedFees = 0;
  let unattributedFees = 0;
  fulfillment.forEach((ref, i) => {
    const target = attributedTo[i] ?? null;
    if (feeViews[i]?.order_id) {
      if (target) attributedFees++;
      else unattributedFees++;
    }
    setDerived('fulfillment', ref, attributedColumn, target);
  });
  return { attributedFees, unattributedFees, linesChanged };
}
