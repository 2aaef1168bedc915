/**
 * v1 orders from the 판매분석 option file (SELLER_INSIGHTS): one `sale` row (총 매출 / 총 판매수)
 * and one `cancel` row (총 취소 금액 / 총 취소된 상품수, negative) per Rocket Growth option.
 * No order ID exists, so the option ID stands in (order_id_is_option_id); coupons are not
 * reflected (payment = 판매액) and no shipping is applied (normalized-tabs.md, seed page v1 rules).
 */
import { listRows, makeProblem } from '../messages';
import type { FeeRecord, OrderRecord, Period } from '../model/records';
import type { OrdersV1Declaration } from '../reports/types';
import { headerKey } from '../util/text';
import type { FileContext } from './context';
import { IdentityCheck } from './controls';
import { feeForOrder } from './fees';
import { assignLineKeys, identityKey } from './keys';
import { num, parseRow, type RowValues, str } from './rowValues';
import type { PreparedSheet } from './sheet';

function v1Order(
  values: RowValues,
  transaction: 'sale' | 'cancel',
  gross: number,
  quantity: number,
  period: Period,
  context: FileContext,
  sheet: string,
  excelRow: number,
): OrderRecord {
  const optionId = str(values, 'option_id')!;
  return {
    line_key: '',
    mapping_version: 'v1',
    source_report: 'SELLER_INSIGHTS',
    order_id: optionId,
    order_id_is_option_id: true,
    transaction,
    settlement_cycle: null,
    period_start: period.start,
    period_end: period.end,
    paid_date: null,
    recognition_date: null,
    product_id: str(values, 'product_id'),
    option_id: optionId,
    sku_id: null,
    product_name: str(values, 'product_name'),
    option_name: str(values, 'option_name'),
    category: str(values, 'category'),
    tax_type: null,
    quantity,
    unit_price: null,
    gross_sales: gross,
    coupang_discount: 0,
    seller_coupon: 0,
    payment_amount: gross,
    coupon_reflected: false,
    settlement_amount: null,
    seller_borne_shipping: 0,
    import_id: null,
    source_file: context.file,
    source_sheet: sheet,
    source_row: excelRow,
    tax_invoice_month: null,
    category_id: null,
    instant_coupon: null,
    download_coupon: null,
    vendor_id: context.vendorId,
  };
}

/** What a row breaking 매출 = 총 매출 + 총 취소 금액 was imported as (IDENTITY_MISMATCH text). */
function headlineImported(
  headline: number,
  saleGross: number,
  cancelAmount: number,
  totalSales: number,
): { ko: string; en: string } {
  return {
    ko: `WING 화면의 매출(원) ${headline}원을 이 옵션의 순매출로 가져왔습니다: 판매 행 ${saleGross}원(= 매출(원) − 총 취소 금액(원)), 취소 행 ${cancelAmount}원. 파일의 총 매출(원) ${totalSales}원은 쓰지 않았습니다.`,
    en: `WING's headline 매출(원) ${headline} was imported as this option's net sales: sale line ${saleGross} (= 매출(원) − 총 취소 금액(원)), cancel line ${cancelAmount}; the file's 총 매출(원) ${totalSales} was not used.`,
  };
}

/** Cancellations are negative in the file (매출 = 총 매출 + 총 취소 금액); force the sign in case a
 *  re-saved file shows them positive (the control total then tells). */
const negative = (value: number) => (value === 0 ? 0 : -Math.abs(value));

export function mapOrdersV1(
  declaration: OrdersV1Declaration,
  sheets: readonly PreparedSheet[],
  period: Period,
  context: FileContext,
): { orders: OrderRecord[]; fees: FeeRecord[] } {
  const orders: OrderRecord[] = [];
  const checks = (declaration.identities ?? []).map((identity) => new IdentityCheck(identity, context));
  const channel = headerKey(declaration.channelValue);
  for (const sheet of sheets) {
    const { grid, bound } = sheet;
    const headerOf = (field: string) => bound.columns.find((c) => c.field === field)?.header ?? null;
    const otherChannel: string[] = [];
    const nothing: string[] = [];
    for (const r of sheet.dataRows) {
      const excelRow = grid.firstRow + r;
      const row = grid.rows[r]!;
      const channelColumn = bound.columns.find((c) => c.field === declaration.channelField);
      // Only 판매방식 = 로켓그로스 rows belong to Rocket Growth; 판매자배송 rows are skipped (counted).
      if (channelColumn && headerKey(row[channelColumn.index]) !== channel) {
        context.rowsSkipped++;
        otherChannel.push(String(excelRow));
        continue;
      }
      const values = parseRow(row, bound.columns, context, grid.name, excelRow);
      if (!values) {
        context.rowsRejected++;
        continue;
      }
      // WING's headline 매출(원) is the option's net sales, the figure sellers see and their parsers
      // use (coupang-exports.md §4b). When a row breaks 매출 = 총 매출 + 총 취소 금액, the cancel line
      // stays as printed and the sale line takes 매출(원) − 총 취소 금액, so the lines sum to 매출(원).
      const totalSales = num(values, 'total_sales') ?? 0;
      const cancelAmount = negative(num(values, 'total_cancel_amount') ?? 0);
      const headline = num(values, 'sales');
      const saleGross =
        headline === null || headline === totalSales + cancelAmount ? totalSales : headline - cancelAmount;
      for (const check of checks) {
        const imported =
          check.identity.expected === 'sales' && headline !== null && saleGross !== totalSales
            ? headlineImported(headline, saleGross, cancelAmount, totalSales)
            : undefined;
        check.check(values, grid.name, excelRow, headerOf(check.identity.expected), imported);
      }
      const sale = v1Order(
        values,
        'sale',
        saleGross,
        num(values, 'total_units') ?? 0,
        period,
        context,
        grid.name,
        excelRow,
      );
      // A zero line (no sale, or no cancellation) carries nothing: it is not emitted (no money dropped).
      const before = orders.length;
      if (sale.gross_sales !== 0 || sale.quantity !== 0) orders.push(sale);
      const cancelUnits = negative(num(values, 'total_cancel_units') ?? 0);
      if (cancelAmount !== 0 || cancelUnits !== 0) {
        orders.push(
          v1Order(values, 'cancel', cancelAmount, cancelUnits, period, context, grid.name, excelRow),
        );
      }
      // A row with neither is a line of the file all the same: counted as skipped, and named, so
      // that the file's lines add up (read = written + unchanged + rejected + skipped + superseded).
      if (orders.length === before) {
        context.rowsSkipped++;
        nothing.push(String(excelRow));
      } else context.rowsAccepted++;
    }
    if (nothing.length > 0) {
      context.problems.push(
        makeProblem(
          'ROWS_SKIPPED',
          'info',
          { file: context.file, sheet: grid.name },
          {
            count: nothing.length,
            rows: listRows(nothing),
            detail: '판매도 취소도 없어서(0원, 0개)',
            detail_en: 'they hold no sale and no cancellation (0 KRW, 0 units)',
          },
        ),
      );
    }
    if (otherChannel.length > 0) {
      context.problems.push(
        makeProblem(
          'ROWS_SKIPPED',
          'info',
          { file: context.file, sheet: grid.name },
          {
            count: otherChannel.length,
            rows: listRows(otherChannel),
            detail: '판매방식이 로켓그로스가 아니라서',
            detail_en: '판매방식 (fulfilment) is not 로켓그로스 (Rocket Growth)',
          },
        ),
      );
    }
  }
  for (const check of checks) check.finish();
  // period_start + period_end + 옵션 ID + transaction (normalized-tabs.md "Keys").
  assignLineKeys(orders, (o) =>
    identityKey(['v1', 'SELLER_INSIGHTS', o.period_start, o.period_end, o.option_id, o.transaction]),
  );
  const fees = orders.map((order) => feeForOrder(order, order.gross_sales, null));
  return { orders, fees };
}
