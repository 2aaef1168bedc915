/**
 * v2 orders from `CATEGORY_TR`: real order IDs, coupon-aware payment, collected commission.
 * payment_amount = 판매액 − 쿠팡지원할인 − 판매자할인쿠폰 (normalized-tabs.md);
 * cancellations (`주문 정산취소`) are their own negative rows with transaction `cancel`.
 */
import type { FeeRecord, OrderRecord } from '../model/records';
import type { OrdersV2Declaration } from '../reports/types';
import type { FileContext } from './context';
import { IdentityCheck } from './controls';
import { type CollectedCommission, feeForOrder } from './fees';
import { assignLineKeys, identityKey } from './keys';
import { num, parseRow, str } from './rowValues';
import type { PreparedSheet } from './sheet';

interface Mapped {
  order: OrderRecord;
  base: number;
  collected: CollectedCommission;
}

/** `주문 정산취소` → cancel; anything else (주문 정산) → sale. */
export function orderTransaction(label: string | null, quantity: number): 'sale' | 'cancel' {
  if (label !== null) return /취소\s*$/.test(label) ? 'cancel' : 'sale';
  return quantity < 0 ? 'cancel' : 'sale';
}

export function mapOrdersV2(
  declaration: OrdersV2Declaration,
  sheets: readonly PreparedSheet[],
  context: FileContext,
): { orders: OrderRecord[]; fees: FeeRecord[] } {
  const mapped: Mapped[] = [];
  const checks = (declaration.identities ?? []).map((identity) => new IdentityCheck(identity, context));
  const total = sheets.reduce((n, s) => n + s.dataRows.length, 0);
  let done = 0;
  for (const sheet of sheets) {
    const { grid, bound } = sheet;
    const headerOf = (field: string) => bound.columns.find((c) => c.field === field)?.header ?? null;
    for (const r of sheet.dataRows) {
      const excelRow = grid.firstRow + r;
      if (++done % 5000 === 0) context.onProgress?.(done, total);
      const values = parseRow(grid.rows[r]!, bound.columns, context, grid.name, excelRow);
      if (!values) {
        context.rowsRejected++;
        continue;
      }
      context.rowsAccepted++;
      for (const check of checks) check.check(values, grid.name, excelRow, headerOf(check.identity.expected));
      const quantity = num(values, 'quantity') ?? 0;
      const gross = num(values, 'gross_sales') ?? 0;
      const coupangDiscount = num(values, 'coupang_discount') ?? 0;
      const instant = num(values, 'instant_coupon');
      const download = num(values, 'download_coupon');
      // D+E is printed; if a re-saved file lost it, rebuild it from D and E.
      const sellerCoupon = num(values, 'seller_coupon') ?? (instant ?? 0) + (download ?? 0);
      const order: OrderRecord = {
        line_key: '',
        mapping_version: 'v2',
        source_report: 'CATEGORY_TR',
        order_id: str(values, 'order_id')!,
        order_id_is_option_id: false,
        transaction: orderTransaction(str(values, 'transaction_label'), quantity),
        settlement_cycle: str(values, 'settlement_cycle'),
        period_start: null,
        period_end: str(values, 'period_end'),
        paid_date: str(values, 'paid_date'),
        recognition_date: str(values, 'recognition_date'),
        product_id: str(values, 'product_id'),
        option_id: str(values, 'option_id'),
        sku_id: str(values, 'sku_id'),
        product_name: str(values, 'product_name'),
        option_name: str(values, 'option_name'),
        category: str(values, 'category'),
        tax_type: str(values, 'tax_type'),
        quantity,
        unit_price: num(values, 'unit_price'),
        gross_sales: gross,
        coupang_discount: coupangDiscount,
        seller_coupon: sellerCoupon,
        payment_amount: gross - coupangDiscount - sellerCoupon,
        coupon_reflected: true,
        settlement_amount: num(values, 'settlement_amount'),
        seller_borne_shipping: 0,
        import_id: null,
        source_file: context.file,
        source_sheet: grid.name,
        source_row: excelRow,
        tax_invoice_month: str(values, 'invoice_month'),
        category_id: str(values, 'category_id'),
        instant_coupon: instant,
        download_coupon: download,
        vendor_id: context.vendorId,
      };
      mapped.push({
        order,
        base: gross - sellerCoupon,
        collected: {
          rate: num(values, 'commission_rate'),
          discountedRate: num(values, 'discounted_commission_rate'),
          commission: num(values, 'commission'),
          vat: num(values, 'commission_vat'),
        },
      });
    }
  }
  for (const check of checks) check.finish();
  const orders = mapped.map((m) => m.order);
  // report + 주문ID + 옵션ID + 거래유형 + 정산주기(종료일) (normalized-tabs.md "Keys").
  assignLineKeys(orders, (o) =>
    identityKey(['v2', 'CATEGORY_TR', o.period_end, o.order_id, o.option_id, o.transaction]),
  );
  const fees = mapped.map((m) => feeForOrder(m.order, m.base, m.collected));
  return { orders, fees };
}
