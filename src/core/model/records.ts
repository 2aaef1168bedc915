/**
 * Normalized records: the public contract of `normalized-tabs.md`.
 * Keys are the tab column keys. Money is integer KRW, dates are `YYYY-MM-DD` KST calendar
 * dates, IDs are strings, and an empty cell is `null` (never `undefined`: it must survive
 * `google.script.run` and JSON unchanged).
 */
import { z } from 'zod';

export const Krw = z.number().int();
export type Krw = z.infer<typeof Krw>;
export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
export const Id = z.string().min(1);

const nullable = <T extends z.ZodType>(t: T) => t.nullable();

export const MappingVersion = z.enum(['v1', 'v2']);
export type MappingVersion = z.infer<typeof MappingVersion>;

/** Every report the importer recognises. `SELLER_INSIGHTS` is the 판매분석 (v1) file. */
export const ReportCode = z.enum([
  'CATEGORY_TR',
  'WAREHOUSING_SHIPPING',
  'STORAGE_FEE',
  'CRETURN_PICKUP_RESTOCKING',
  'VRETURN_HANDLING',
  'VRETURN_SHIPPING',
  'BARCODE_LABELING_FEE',
  'INVENTORY_COMPENSATION',
  'SELLER_INSIGHTS',
]);
export type ReportCode = z.infer<typeof ReportCode>;

const lineage = {
  import_id: z.string().nullable(),
  source_file: z.string(),
  source_sheet: z.string(),
  source_row: z.number().int().positive(),
};

export const OrderRecord = z.object({
  line_key: Id,
  mapping_version: MappingVersion,
  source_report: z.enum(['CATEGORY_TR', 'SELLER_INSIGHTS']),
  order_id: Id,
  order_id_is_option_id: z.boolean(),
  transaction: z.enum(['sale', 'cancel']),
  settlement_cycle: z.string().nullable(),
  period_start: nullable(IsoDate),
  period_end: nullable(IsoDate),
  paid_date: nullable(IsoDate),
  recognition_date: nullable(IsoDate),
  product_id: z.string().nullable(),
  option_id: z.string().nullable(),
  sku_id: z.string().nullable(),
  product_name: z.string().nullable(),
  option_name: z.string().nullable(),
  category: z.string().nullable(),
  tax_type: z.string().nullable(),
  quantity: z.number().int(),
  unit_price: Krw.nullable(),
  gross_sales: Krw,
  coupang_discount: Krw,
  seller_coupon: Krw,
  payment_amount: Krw,
  coupon_reflected: z.boolean(),
  settlement_amount: Krw.nullable(),
  seller_borne_shipping: Krw,
  ...lineage,
  // Schema version 2 (normalized-tabs.md "Columns added in schema version 2").
  /** 세금계산서 발행월 `YYYY-MM` as printed (v2); null for v1. */
  tax_invoice_month: z.string().nullable(),
  category_id: z.string().nullable(),
  /** 즉시할인쿠폰(D) and 다운로드쿠폰(E), the two parts of seller_coupon (v2); null for v1. */
  instant_coupon: Krw.nullable(),
  download_coupon: Krw.nullable(),
  /** 업체코드 from the settlement file name `{vendorId}-{REPORT}-ko-{uuid}.xlsx`; null when unknown. */
  vendor_id: z.string().nullable(),
});
export type OrderRecord = z.infer<typeof OrderRecord>;

export const CommissionSource = z.enum(['override', 'rule', 'collected', 'none']);
export type CommissionSource = z.infer<typeof CommissionSource>;

/** One per Orders line (same line_key). The override/rule/effective fields are what an import
 *  computes from the records alone; the tabs recompute them live from the user's entries. */
export const FeeRecord = z.object({
  line_key: Id,
  mapping_version: MappingVersion,
  source_report: z.enum(['CATEGORY_TR', 'SELLER_INSIGHTS']),
  order_id: Id,
  option_id: z.string().nullable(),
  product_id: z.string().nullable(),
  category: z.string().nullable(),
  transaction: z.enum(['sale', 'cancel']),
  recognition_date: nullable(IsoDate),
  period_end: nullable(IsoDate),
  commission_base: Krw,
  collected_rate: z.number().nullable(),
  collected_commission: Krw.nullable(),
  collected_commission_vat: Krw.nullable(),
  collected_total: Krw.nullable(),
  commission_override: Krw.nullable(),
  rule_rate: z.number().nullable(),
  effective_commission: Krw,
  commission_source: CommissionSource,
  ...lineage,
  /** 할인적용 판매수수료율(%,VAT별도) (v2); null for v1. */
  discounted_rate: z.number().nullable(),
  tax_invoice_month: z.string().nullable(),
  vendor_id: z.string().nullable(),
  /** Copied from the order line, so commission can be split by 과세유형 and grouped per payout line. */
  tax_type: z.string().nullable(),
  settlement_cycle: z.string().nullable(),
});
export type FeeRecord = z.infer<typeof FeeRecord>;

export const FeeType = z.enum([
  'warehousing',
  'delivery',
  'storage',
  'return_pickup',
  'return_restock',
  'vendor_return',
  'vendor_return_shipping',
  'barcode',
  'inventory_compensation',
  'other',
]);
export type FeeType = z.infer<typeof FeeType>;

export const FulfillmentRecord = z.object({
  line_key: Id,
  source_report: ReportCode,
  fee_type: FeeType,
  /** The fee-group label as printed in the file (kept so that `other` fees stay explainable). */
  fee_label: z.string().nullable(),
  transaction: z.enum(['charge', 'cancel']),
  settlement_cycle: z.string().nullable(),
  period_end: nullable(IsoDate),
  occurred_date: nullable(IsoDate),
  recognition_date: nullable(IsoDate),
  order_date: nullable(IsoDate),
  order_id: z.string().nullable(),
  shipment_id: z.string().nullable(),
  product_id: z.string().nullable(),
  option_id: z.string().nullable(),
  sku_id: z.string().nullable(),
  product_name: z.string().nullable(),
  option_name: z.string().nullable(),
  size_tier: z.string().nullable(),
  fulfillment_center: z.string().nullable(),
  quantity: z.number().int().nullable(),
  gross_fee: Krw.nullable(),
  discount: Krw.nullable(),
  promo_credit: Krw.nullable(),
  extra_fee: Krw.nullable(),
  net_fee: Krw,
  vat: Krw,
  total_fee: Krw,
  attributed_line_key: z.string().nullable(),
  ...lineage,
  tax_invoice_month: z.string().nullable(),
  vendor_id: z.string().nullable(),
});
export type FulfillmentRecord = z.infer<typeof FulfillmentRecord>;

export const Severity = z.enum(['error', 'warning', 'info']);
export type Severity = z.infer<typeof Severity>;

/** A problem always names where it is (file, sheet, 1-based row, column header) and what to do.
 *  `message` is Korean first, then English. */
export const Problem = z.object({
  file: z.string(),
  sheet: z.string().nullable(),
  row: z.number().int().nullable(),
  column: z.string().nullable(),
  value: z.string().nullable().optional(),
  code: z.string(),
  severity: Severity,
  message: z.string(),
});
export type Problem = z.infer<typeof Problem>;

export const ControlTotal = z.object({
  name: z.string(),
  expected: z.number(),
  actual: z.number(),
  ok: z.boolean(),
  /** Rows involved in a mismatch (sheet!row), empty when ok. */
  rows: z.array(z.string()).optional(),
});
export type ControlTotal = z.infer<typeof ControlTotal>;

/** Downloads the importer knows by name that are NOT Rocket Growth reports: named as such, never
 *  imported (coupang-exports.md §4b). */
export const ForeignDownload = z.enum(['MSF_PAYMENT_REVENUE_DETAIL']);
export type ForeignDownload = z.infer<typeof ForeignDownload>;

export const Period = z.object({ start: IsoDate, end: IsoDate });
export type Period = z.infer<typeof Period>;

/** Per-file summary, as printed by `cjet normalize --json` (`files[]`). */
export const FileSummary = z.object({
  file: z.string(),
  report: ReportCode.nullable(),
  mapping_version: MappingVersion.nullable(),
  sha256: z.string(),
  /** 업체코드 from a settlement file name (`A00012345`), null when the name does not carry one. */
  vendor_id: z.string().nullable(),
  /** Set when the file is a known download of another Coupang product (nothing imported). */
  foreign_download: ForeignDownload.nullable().optional(),
  period_start: nullable(IsoDate),
  period_end: nullable(IsoDate),
  rows_read: z.number().int(),
  rows_accepted: z.number().int(),
  rows_rejected: z.number().int(),
  rows_skipped: z.number().int(),
  control: z.array(ControlTotal),
  /** Added by the mapping issue: `imported` when the file was read and recognised (its good rows
   *  are in the result), `failed` when the file as a whole could not be imported. */
  status: z.enum(['imported', 'failed']).optional(),
  /** Of rows_skipped: rows of a sheet that repeats another sheet of the file (DUPLICATE_SHEET). */
  rows_duplicate: z.number().int().nonnegative().optional(),
  /** The file of this run with the same bytes (DUPLICATE_FILE): nothing of this one was read. */
  duplicate_of: z.string().nullable().optional(),
  /** `sheet!row` of the first rejected lines (at most 50), to say which lines were not imported. */
  rejected_rows: z.array(z.string()).optional(),
});
export type FileSummary = z.infer<typeof FileSummary>;

export const NormalizeResult = z.object({
  files: z.array(FileSummary),
  orders: z.array(OrderRecord),
  fees: z.array(FeeRecord),
  fulfillment: z.array(FulfillmentRecord),
  problems: z.array(Problem),
});
export type NormalizeResult = z.infer<typeof NormalizeResult>;
