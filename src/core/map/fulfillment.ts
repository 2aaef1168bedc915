/**
 * Fulfillment rows from the CFS cost reports (and 재고 손실 보상 as income).
 * net_fee is the file's net column by priority `최종비용(A-B-C)` › `최종비용` › `할인적용가(A-B)`;
 * the sheet's 세액 is allocated pro rata by net fee (util/vat), so Σ vat = 세액 exactly.
 */
import { makeProblem } from '../messages';
import type { FeeType, FulfillmentRecord } from '../model/records';
import type { BoundFeeGroup } from '../reports/bind';
import { NET_FIELDS } from '../reports/columns';
import { feeTypeForLabel } from '../reports/detect';
import { findSummary, type SheetSummary } from '../reports/summary';
import type { FulfillmentDeclaration } from '../reports/types';
import { allocateProRata } from '../util/vat';
import type { FileContext } from './context';
import { addControl } from './controls';
import { assignLineKeys, identityKey } from './keys';
import { num, parseRow, type RowValues, str } from './rowValues';
import type { PreparedSheet } from './sheet';

/** `입출고비 정산취소` / `배송비 정산취소` → cancel; everything else is a charge. */
export function feeTransaction(label: string | null): 'charge' | 'cancel' {
  return label !== null && /취소\s*$/.test(label) ? 'cancel' : 'charge';
}

interface GroupPlan {
  group: BoundFeeGroup;
  feeType: FeeType;
  label: string | null;
}

function planGroups(
  declaration: FulfillmentDeclaration,
  sheet: PreparedSheet,
  context: FileContext,
): GroupPlan[] {
  const plans: GroupPlan[] = [];
  for (const group of sheet.bound.feeGroups) {
    if (group.label === null) {
      // No printed group label: the sheet name or the report says which fee it is.
      const fromSheet = feeTypeForLabel(sheet.grid.name);
      plans.push({ group, feeType: fromSheet?.feeType ?? declaration.defaultFeeType, label: null });
      continue;
    }
    const known = feeTypeForLabel(group.label);
    if (!known) {
      context.problems.push(
        makeProblem('UNKNOWN_FEE_LABEL', 'warning', {
          file: context.file,
          sheet: sheet.grid.name,
          row: sheet.grid.firstRow + sheet.header.headerRow,
          column: group.label,
          value: group.label,
        }),
      );
    }
    plans.push({ group, feeType: known?.feeType ?? 'other', label: group.label });
  }
  return plans;
}

/** The row's net amount (file's priority), or A − B − C + extra when the net cell is blank. */
function netAmount(values: RowValues): number | null {
  for (const field of NET_FIELDS) {
    const value = num(values, field);
    if (value !== null) return value;
  }
  const gross = num(values, 'gross_fee');
  if (gross === null) return null;
  return (
    gross -
    (num(values, 'discount') ?? 0) -
    (num(values, 'promo_credit') ?? 0) +
    (num(values, 'extra_fee') ?? 0)
  );
}

/**
 * The product of a row. Box rows (declaration.boxProducts) name it by a representative-ID list: one
 * distinct ID is that product; several mean a box of several products, which no single product owns
 * (product_id blank, product_name says which): the fee is never split between them.
 */
function productOf(
  declaration: FulfillmentDeclaration,
  values: RowValues,
): { id: string | null; name: string | null } {
  const box = declaration.boxProducts;
  const id = str(values, 'product_id');
  if (!box || id !== null) return { id, name: str(values, 'product_name') };
  const ids = str(values, box.idsField)?.split(',') ?? [];
  const named = str(values, box.nameField) ?? str(values, 'product_name');
  const printed = named === null || /^[-\u2212]$/.test(named) ? null : named;
  if (ids.length === 0) return { id: null, name: printed };
  if (ids.length === 1) return { id: ids[0] ?? null, name: printed };
  return { id: null, name: `여러 상품 (${ids.join(', ')})` };
}

/**
 * One record, every key written in one literal: V8 keeps such objects in one fast shape
 * (spreading a shared base object measured 3 s slower per 100,000 rows and slowed every later sort).
 */
function fulfillmentRecord(
  declaration: FulfillmentDeclaration,
  values: RowValues,
  amounts: RowValues | null,
  feeType: FeeType,
  label: string | null,
  net: number,
  context: FileContext,
  sheet: string,
  excelRow: number,
): FulfillmentRecord {
  const product = productOf(declaration, values);
  return {
    line_key: '',
    source_report: declaration.code,
    fee_type: feeType,
    fee_label: label,
    transaction: feeTransaction(str(values, 'transaction_label')),
    settlement_cycle: str(values, 'settlement_cycle'),
    period_end: str(values, 'period_end'),
    occurred_date: str(values, 'occurred_date'),
    recognition_date: str(values, 'recognition_date'),
    order_date: str(values, 'order_date'),
    order_id: str(values, 'order_id'),
    shipment_id: str(values, 'shipment_id'),
    product_id: product.id,
    option_id: str(values, 'option_id'),
    sku_id: str(values, 'sku_id'),
    product_name: product.name,
    option_name: str(values, 'option_name'),
    size_tier: str(values, 'size_tier'),
    fulfillment_center: str(values, 'fulfillment_center'),
    quantity: num(values, 'quantity'),
    gross_fee: amounts ? num(amounts, 'gross_fee') : null,
    discount: amounts ? num(amounts, 'discount') : null,
    promo_credit: amounts ? num(amounts, 'promo_credit') : null,
    extra_fee: amounts ? num(amounts, 'extra_fee') : null,
    net_fee: net,
    vat: 0,
    total_fee: net,
    attributed_line_key: null,
    import_id: null,
    source_file: context.file,
    source_sheet: sheet,
    source_row: excelRow,
    tax_invoice_month: str(values, 'invoice_month'),
    vendor_id: context.vendorId,
  };
}

interface SheetLines {
  sheet: PreparedSheet;
  summary: SheetSummary | null;
  records: FulfillmentRecord[];
  firstRow: number;
  lastRow: number;
}

export function mapFulfillment(
  declaration: FulfillmentDeclaration,
  sheets: readonly PreparedSheet[],
  context: FileContext,
): FulfillmentRecord[] {
  const all: FulfillmentRecord[] = [];
  const perSheet: SheetLines[] = [];
  const total = sheets.reduce((n, s) => n + s.dataRows.length, 0);
  let done = 0;
  for (const sheet of sheets) {
    const { grid, bound, header } = sheet;
    const plans = declaration.income ? [] : planGroups(declaration, sheet, context);
    const lines: SheetLines = {
      sheet,
      summary: declaration.hasSummary ? findSummary(grid, header.headerRow) : null,
      records: [],
      firstRow: grid.firstRow + (sheet.dataRows[0] ?? header.dataStart),
      lastRow: grid.firstRow + (sheet.dataRows[sheet.dataRows.length - 1] ?? header.dataStart),
    };
    const noAmount: string[] = [];
    for (const r of sheet.dataRows) {
      const excelRow = grid.firstRow + r;
      if (++done % 5000 === 0) context.onProgress?.(done, total);
      const row = grid.rows[r]!;
      const values = parseRow(row, bound.columns, context, grid.name, excelRow);
      const groupValues: RowValues[] = [];
      let rejected = values === null;
      for (const plan of plans) {
        const parsed = parseRow(row, plan.group.columns, context, grid.name, excelRow, {});
        if (!parsed) rejected = true;
        else groupValues.push(parsed);
      }
      if (rejected || !values) {
        context.rowsRejected++;
        continue;
      }
      let produced = 0;
      if (declaration.income) {
        // Income to the seller: a negative cost, no VAT (coupang-exports.md §3).
        const amount = num(values, declaration.income.amountField) ?? 0;
        const cost = amount === 0 ? 0 : -amount;
        lines.records.push(
          fulfillmentRecord(
            declaration,
            values,
            null,
            declaration.defaultFeeType,
            null,
            cost,
            context,
            grid.name,
            excelRow,
          ),
        );
        produced++;
      }
      for (let index = 0; index < plans.length; index++) {
        const plan = plans[index]!;
        const amounts = groupValues[index]!;
        const net = netAmount(amounts);
        if (net === null) continue; // this group has no amount on this row
        lines.records.push(
          fulfillmentRecord(
            declaration,
            values,
            amounts,
            plan.feeType,
            plan.label,
            net,
            context,
            grid.name,
            excelRow,
          ),
        );
        produced++;
      }
      if (produced === 0) {
        context.rowsSkipped++;
        noAmount.push(String(excelRow));
      } else {
        context.rowsAccepted++;
      }
    }
    if (noAmount.length > 0) {
      context.problems.push(
        makeProblem(
          'ROWS_SKIPPED',
          'warning',
          { file: context.file, sheet: grid.name },
          {
            count: noAmount.length,
            rows: noAmount.slice(0, 10).join(', '),
            detail: '비용 금액이 비어 있어서',
            detail_en: 'their fee amounts are blank',
          },
        ),
      );
    }
    perSheet.push(lines);
    for (const record of lines.records) all.push(record);
  }
  // report + fee_type + 정산주기(종료일) + transaction + 주문ID + 배송ID + 옵션ID + 발생일 (+ occurrence).
  assignLineKeys(all, (f) =>
    identityKey([
      f.source_report,
      f.fee_type,
      f.period_end,
      f.transaction,
      f.order_id,
      f.shipment_id,
      f.option_id,
      f.occurred_date,
    ]),
  );
  if (!declaration.income) for (const lines of perSheet) allocateSheetVat(lines, context);
  return all;
}

/**
 * Every CFS cost sheet is VAT-exclusive per line (coupang-exports.md §5, 반출 배송 서비스비 included):
 * vat = share of the printed 세액 by net fee; total = net + vat.
 * No summary at all: VAT estimated at 10 % of Σ net and allocated the same way (MISSING_SUMMARY).
 */
function allocateSheetVat(lines: SheetLines, context: FileContext): void {
  const { records, summary, sheet } = lines;
  const name = sheet.grid.name;
  // Allocation order is the line-key order, so the result does not depend on row order.
  const ordered = [...records].sort((a, b) =>
    a.line_key < b.line_key ? -1 : a.line_key > b.line_key ? 1 : 0,
  );
  const amounts = ordered.map((r) => r.net_fee);
  const sumAmounts = amounts.reduce((a, b) => a + b, 0);
  let vatTotal: number | null = summary?.vat ?? null;
  if (vatTotal === null) {
    vatTotal = Math.round(sumAmounts / 10);
    if (records.length > 0) {
      context.problems.push(
        makeProblem(
          'MISSING_SUMMARY',
          'warning',
          { file: context.file, sheet: name },
          {
            detail: `합계의 10%(${vatTotal}원)로 추정했습니다`,
            detail_en: `estimated at 10 % of the total (${vatTotal} KRW)`,
          },
        ),
      );
    }
  }
  const shares = allocateProRata(amounts, vatTotal);
  ordered.forEach((record, i) => {
    const vat = shares[i] ?? 0;
    record.vat = vat;
    record.total_fee = record.net_fee + vat;
  });
  if (!summary) return;
  const detailRange = records.length > 0 ? [`${name}!${lines.firstRow}..${lines.lastRow}`] : [];
  const summaryRows = summary.rows.map((row) => `${name}!${row}`);
  if (summary.total !== null) {
    addControl(
      context,
      `${name}: Σ 비용(VAT 별도) = 합계`,
      summary.total,
      sumAmounts,
      [...summaryRows, ...detailRange],
      undefined,
      name,
    );
  }
  if (summary.total !== null && summary.vat !== null && summary.final !== null) {
    addControl(
      context,
      `${name}: 합계 + 세액 = 최종비용`,
      summary.final,
      summary.total + summary.vat,
      summaryRows,
      undefined,
      name,
    );
  }
  if (summary.vat !== null) {
    const allocated = ordered.reduce((sum, r) => sum + r.vat, 0);
    addControl(
      context,
      `${name}: Σ VAT 배분 = 세액`,
      summary.vat,
      allocated,
      [...summaryRows, ...detailRange],
      undefined,
      name,
    );
  }
}
