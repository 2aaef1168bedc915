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
import { attributeShippingLines, type FeeLineView, type OrderLineView } from './shipping';
import { getter, numberOrNull, str } from './table';
import type { TableView } from './view';

const RULE_RATE = columnIndex(FEES_TAB, 'rule_rate');
const EFFECTIVE = columnIndex(FEES_TAB, 'effective_commission');
const SOURCE = columnIndex(FEES_TAB, 'commission_source');

const FEE_COLUMN = {
  option_id: columnIndex(FEES_TAB, 'option_id'),
  product_id: columnIndex(FEES_TAB, 'product_id'),
  category: columnIndex(FEES_TAB, 'category'),
  recognition_date: columnIndex(FEES_TAB, 'recognition_date'),
  period_end: columnIndex(FEES_TAB, 'period_end'),
  commission_base: columnIndex(FEES_TAB, 'commission_base'),
  collected_total: columnIndex(FEES_TAB, 'collected_total'),
};

/** The core-computed rule rate / effective commission / source of a Fees row (every Fees row of the
 *  book, twice an import: the columns are looked up once, and without rules no rule key is read). */
function commissionOf(row: readonly Cell[], override: number | null, rules: readonly CommissionRule[]) {
  const ruled = rules.length > 0;
  const fee = {
    option_id: ruled ? str(row[FEE_COLUMN.option_id] ?? null) : null,
    product_id: ruled ? str(row[FEE_COLUMN.product_id] ?? null) : null,
    category: ruled ? str(row[FEE_COLUMN.category] ?? null) : null,
    recognition_date: ruled ? str(row[FEE_COLUMN.recognition_date] ?? null) : null,
    period_end: ruled ? str(row[FEE_COLUMN.period_end] ?? null) : null,
    commission_base: numberOrNull(row[FEE_COLUMN.commission_base] ?? null) ?? 0,
    collected_total: numberOrNull(row[FEE_COLUMN.collected_total] ?? null),
  };
  return effectiveCommission(fee, override, rules);
}

/** Puts the core-computed rule rate / effective commission / source into a Fees row. */
export function fillCommissionCells(
  row: Cell[],
  override: number | null,
  rules: readonly CommissionRule[],
): void {
  const result = commissionOf(row, override, rules);
  row[RULE_RATE] = result.ruleRate;
  row[EFFECTIVE] = result.effective;
  row[SOURCE] = result.source;
}

/** Does the Fees row already hold the commission cells fillCommissionCells would put in? */
export function holdsCommissionCells(
  row: readonly Cell[],
  override: number | null,
  rules: readonly CommissionRule[],
): boolean {
  const result = commissionOf(row, override, rules);
  return (
    cellsEqual(row[RULE_RATE] ?? null, result.ruleRate) &&
    cellsEqual(row[EFFECTIVE] ?? null, result.effective) &&
    cellsEqual(row[SOURCE] ?? null, result.source)
  );
}

const ORDER_VIEW_KEYS = [
  'line_key',
  'order_id',
  'option_id',
  'transaction',
  'order_id_is_option_id',
  'mapping_version',
  'period_end',
  'recognition_date',
  'seller_borne_shipping',
];
const FEE_VIEW_KEYS = ['fee_type', 'order_id', 'option_id', 'total_fee', 'attributed_line_key'];

/** A row of the final state: an existing row (its data index) or an insert. */
type Ref = { row: Cell[]; existingIndex: number | null };

/**
 * Shipping attribution over the final state, written back where it changes: seller_borne_shipping of
 * Orders lines and attributed_line_key of Fulfillment rows. Attribution is by order (shipping.ts: a fee
 * goes to a line of its own 주문ID), so only the orders this step touches can change: those of its
 * Orders and Fulfillment records (`orderIds`) and of the rows it removes. Their lines and fees are
 * found through the order_id columns and read; nothing else of the tabs is. When no fee of those
 * orders exists anywhere (an import of settlement lines alone), every line of them carries 0 and
 * nothing is read at all.
 *
 * A derived change of an existing row that is not otherwise updated is a cell update (one column),
 * never a rewrite of the whole row.
 */
export function planShipping(
  plans: Record<DataTabId, TabPlan>,
  existing: Record<DataTabId, TableView>,
  removed: Record<DataTabId, Set<number>>,
  orderIds: ReadonlySet<string>,
): ShippingSummary {
  const orderGet = getter(ORDERS_TAB);
  const feeGet = getter(FULFILLMENT_TAB);
  const affected = new Set(orderIds);
  for (const id of ['orders', 'fulfillment'] as const) {
    const gone = [...removed[id]];
    existing[id].loadRows(gone, ['order_id']);
    for (const i of gone) {
      const orderId = str(existing[id].get(i, 'order_id'));
      if (orderId !== null) affected.add(orderId);
    }
  }
  const summary: ShippingSummary = { attributedFees: 0, unattributedFees: 0, linesChanged: 0 };
  if (affected.size === 0) return summary;
  const isAffected = (row: readonly Cell[], get: typeof orderGet) => {
    const orderId = str(get(row, 'order_id'));
    return orderId !== null && affected.has(orderId);
  };

  // Rows of the affected orders in each tab: inserts, and existing rows found by their order_id.
  const feeView = existing.fulfillment;
  const feesInvolved =
    removed.fulfillment.size > 0 ||
    plans.fulfillment.inserts.some((row) => isAffected(row, feeGet)) ||
    [...plans.fulfillment.updates.values()].some((row) => isAffected(row, feeGet)) ||
    (feeView.size > 0 && feeView.column('order_id').some((v) => typeof v === 'string' && affected.has(v)));
  const shippingColumn = columnIndex(ORDERS_TAB, 'seller_borne_shipping');
  if (!feesInvolved) {
    // No fee of these orders anywhere: their lines carry no shipping. Only the rows this step writes
    // are set (an existing line of them already holds 0: no fee was ever attributed to it).
    for (const row of plans.orders.inserts) if (isAffected(row, orderGet)) row[shippingColumn] = 0;
    for (const row of plans.orders.updates.values()) {
      if (!isAffected(row, orderGet)) continue;
      if (!cellsEqual(row[shippingColumn] ?? null, 0)) summary.linesChanged++;
      row[shippingColumn] = 0;
    }
    return summary;
  }

  const rowsOf = (id: 'orders' | 'fulfillment', keys: readonly string[], get: typeof orderGet): Ref[] => {
    const view = existing[id];
    const found: number[] = [];
    if (view.size > 0) {
      const column = view.column('order_id');
      for (let i = 0; i < view.size; i++) {
        const v = column[i];
        if (typeof v === 'string' && affected.has(v) && !removed[id].has(i)) found.push(i);
      }
    }
    view.loadRows(
      found.filter((i) => !plans[id].updates.has(i)),
      keys,
    );
    const refs: Ref[] = found.map((i) => ({
      row: plans[id].updates.get(i) ?? view.row(i),
      existingIndex: i,
    }));
    for (const row of plans[id].inserts) if (isAffected(row, get)) refs.push({ row, existingIndex: null });
    return refs;
  };
  const orders = rowsOf('orders', ORDER_VIEW_KEYS, orderGet);
  const fulfillment = rowsOf('fulfillment', FEE_VIEW_KEYS, feeGet);
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
    const plan = plans[id];
    if (ref.existingIndex === null || plan.updates.has(ref.existingIndex)) {
      ref.row[column] = value;
    } else {
      const cells = plan.cellUpdates.get(ref.existingIndex) ?? new Map<number, Cell>();
      cells.set(column, value);
      plan.cellUpdates.set(ref.existingIndex, cells);
    }
    return true;
  };

  orders.forEach((ref, i) => {
    if (setDerived('orders', ref, shippingColumn, shipping[i] ?? 0)) summary.linesChanged++;
  });
  const attributedColumn = columnIndex(FULFILLMENT_TAB, 'attributed_line_key');
  fulfillment.forEach((ref, i) => {
    const target = attributedTo[i] ?? null;
    if (feeViews[i]?.order_id) {
      if (target) summary.attributedFees++;
      else summary.unattributedFees++;
    }
    setDerived('fulfillment', ref, attributedColumn, target);
  });
  return summary;
}

/**
 * Fee rows with an order ID charged to an Orders line, and those not (yet): over the whole
 * Fulfillment tab as the plan leaves it (two columns read; nothing when the tab is empty).
 */
export function countAttribution(
  plan: TabPlan,
  view: TableView,
  removed: ReadonlySet<number>,
): Pick<ShippingSummary, 'attributedFees' | 'unattributedFees'> {
  const get = getter(FULFILLMENT_TAB);
  const attributedColumn = columnIndex(FULFILLMENT_TAB, 'attributed_line_key');
  let attributedFees = 0;
  let unattributedFees = 0;
  const count = (orderId: Cell, attributed: Cell) => {
    if (str(orderId) === null) return;
    if (str(attributed) !== null) attributedFees++;
    else unattributedFees++;
  };
  if (view.size > 0) {
    view.need(['order_id', 'attributed_line_key']);
    const orderIds = view.column('order_id');
    const attributed = view.column('attributed_line_key');
    for (let i = 0; i < view.size; i++) {
      if (removed.has(i)) continue;
      const updated = plan.updates.get(i);
      const cell = plan.cellUpdates.get(i)?.get(attributedColumn);
      count(
        updated ? get(updated, 'order_id') : (orderIds[i] ?? null),
        cell !== undefined ? cell : updated ? get(updated, 'attributed_line_key') : (attributed[i] ?? null),
      );
    }
  }
  for (const row of plan.inserts) count(get(row, 'order_id'), get(row, 'attributed_line_key'));
  return { attributedFees, unattributedFees };
}
