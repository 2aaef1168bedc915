/** Fees: one commission row per Orders line (normalized-tabs.md "Fees"). */
import type { FeeRecord, OrderRecord } from '../model/records';

export interface CollectedCommission {
  rate: number | null;
  /** 할인적용 판매수수료율 (the rate after fee discounts), when the file prints it. */
  discountedRate?: number | null;
  commission: number | null;
  vat: number | null;
}

/**
 * @param base the amount a rate applies to: 판매액 − 판매자할인쿠폰 (v2), 판매액 (v1)
 * Override and rule are the user's, applied live in the tabs; from the file alone the effective
 * commission is the collected total, or none (0, counted as "commission missing").
 */
export function feeForOrder(
  order: OrderRecord,
  base: number,
  collected: CollectedCommission | null,
): FeeRecord {
  const hasCollected = collected !== null && (collected.commission !== null || collected.vat !== null);
  const total = hasCollected ? (collected.commission ?? 0) + (collected.vat ?? 0) : null;
  return {
    line_key: order.line_key,
    mapping_version: order.mapping_version,
    source_report: order.source_report,
    order_id: order.order_id,
    option_id: order.option_id,
    product_id: order.product_id,
    category: order.category,
    transaction: order.transaction,
    recognition_date: order.recognition_date,
    period_end: order.period_end,
    commission_base: base,
    collected_rate: collected?.rate ?? null,
    collected_commission: hasCollected ? (collected.commission ?? 0) : null,
    collected_commission_vat: hasCollected ? (collected.vat ?? 0) : null,
    collected_total: total,
    commission_override: null,
    rule_rate: null,
    effective_commission: total ?? 0,
    commission_source: total !== null ? 'collected' : 'none',
    import_id: null,
    source_file: order.source_file,
    source_sheet: order.source_sheet,
    source_row: order.source_row,
    discounted_rate: collected?.discountedRate ?? null,
    tax_invoice_month: order.tax_invoice_month,
    vendor_id: order.vendor_id,
    tax_type: order.tax_type,
    settlement_cycle: order.settlement_cycle,
  };
}
