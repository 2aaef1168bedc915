/**
 * The managed tabs and their columns (normalized-tabs.md is the contract). Column ORDER is part of
 * the public interface: new columns are only ever appended at the right. Everything right of the
 * last column of a table belongs to the user and is never written or cleared.
 *
 * Each column has a stable key, a Korean label (default) and an English label, and a cell type that
 * decides its number format and how a value is written:
 *   id, text  plain text '@' (set BEFORE values are written, so 14-digit IDs and text that begins with
 *             = + - @ stay exactly what they are)
 *   money     integer KRW, '#,##0'      int   '0'      rate  '0.0#'   bool  TRUE/FALSE
 *   date      a real date cell, 'yyyy-mm-dd' (KST calendar date)
 *   datetime  a real date-time cell, 'yyyy-mm-dd hh:mm:ss' (KST wall time; the Import log's time)
 *   formula   a per-row formula (Fees: rule_rate, effective_commission, commission_source), so the
 *             commission follows the user's overrides and rules without a re-import.
 */
import type { Lang } from './rpc';

export type CellType = 'id' | 'text' | 'money' | 'int' | 'rate' | 'date' | 'datetime' | 'bool' | 'formula';

export interface ColumnDef {
  key: string;
  ko: string;
  en: string;
  type: CellType;
  /** For formula columns: the type of the value it yields (decides the number format). */
  yields?: Exclude<CellType, 'formula'>;
  /** Typed by the user (commission_override): never written by an import. It may sit anywhere:
   *  writes skip it (writeSegments), and columns of a later schema version follow it. */
  userOwned?: boolean;
  /** Lineage / derived columns that do not make a row "changed" when only they differ. */
  ignoreInCompare?: boolean;
  /** Schema version that added the column (absent = 1). New columns are only ever appended at the
   *  right, so a table of an older version holds a prefix of `columns`. */
  since?: number;
  /** Labels this column had in earlier versions (either language): an existing header that still
   *  says them is recognised, and relabelled by the next import. */
  former?: readonly string[];
  /** Number format of the column when its type's default is not the one (a month shown 'yyyy-mm'). */
  format?: string;
  /** For formula columns whose text depends on the row, its cells and other tabs' names (the summary
   *  tabs): the formula of the cell at `at.row`. Columns without it use the commission formulas
   *  (src/core/merge/commission.ts formulaFor). */
  formula?: (at: FormulaAt) => string;
}

/** Where a formula is written: what a column's `formula` may depend on. */
export interface FormulaAt {
  /** 1-based sheet row of the cell. */
  row: number;
  /** The managed cells of that row as written (canonical, see src/core/merge/cells.ts). */
  cells: readonly (string | number | boolean | null)[];
  /** The language of the labels written with it. */
  lang: Lang;
  /** Name of a tab as it is now (the user may have renamed it), for references into it. */
  tabName(tab: TabDef): string;
}

export type TabId =
  | 'orders'
  | 'fees'
  | 'fulfillment'
  | 'settings'
  | 'log'
  | 'problems'
  // The month-close tabs of src/core/summary (issue #11): refreshed after an import, not merged by it.
  | 'month_close'
  | 'tax_invoices'
  | 'payouts'
  | 'holidays'
  // Issue #12: the user's unit costs (never written by an import), the profit per option and month,
  // and its per-(option, day) cost helper (src/core/costs, src/core/summary/profit.ts).
  | 'costs'
  | 'profit'
  | 'cost_days';

export interface TabDef {
  id: TabId;
  ko: string;
  en: string;
  columns: readonly ColumnDef[];
  /** Managed tabs get warning-only protection (except user-owned columns). Settings stay free. */
  protect: boolean;
  /** Rows whose formulas take different shapes (a summary row's own key cells decide some of its
   *  terms and checks): rows of one shape differ only by row number. Absent: a single shape. */
  formulaShape?: (cells: FormulaAt['cells'], lang: Lang) => string;
}

const c = (
  key: string,
  ko: string,
  en: string,
  type: CellType,
  extra: Partial<ColumnDef> = {},
): ColumnDef => ({
  key,
  ko,
  en,
  type,
  ...extra,
});

const lineage = [
  c('import_id', '가져오기 ID', 'Import ID', 'id', { ignoreInCompare: true }),
  c('source_file', '원본 파일', 'Source file', 'text', { ignoreInCompare: true }),
  c('source_sheet', '원본 시트', 'Source sheet', 'text', { ignoreInCompare: true }),
  c('source_row', '원본 행', 'Source row', 'int', { ignoreInCompare: true }),
];

export const ORDERS_TAB: TabDef = {
  id: 'orders',
  ko: '주문',
  en: 'Orders',
  protect: true,
  columns: [
    c('line_key', '행 키', 'Line key', 'id'),
    c('mapping_version', '매핑 버전', 'Mapping version', 'text'),
    c('source_report', '원본 리포트', 'Source report', 'text'),
    c('order_id', '주문번호', 'Order ID', 'id'),
    c('order_id_is_option_id', '주문번호=옵션ID', 'Order ID is option ID', 'bool'),
    c('transaction', '거래유형', 'Transaction', 'text'),
    c('settlement_cycle', '정산유형', 'Settlement cycle', 'text'),
    c('period_start', '기간 시작', 'Period start', 'date'),
    c('period_end', '기간 종료', 'Period end', 'date'),
    c('paid_date', '결제일', 'Paid date', 'date'),
    c('recognition_date', '매출인식일', 'Recognition date', 'date'),
    c('product_id', '등록상품ID', 'Product ID', 'id'),
    c('option_id', '옵션ID', 'Option ID', 'id'),
    c('sku_id', 'SKU ID', 'SKU ID', 'id'),
    c('product_name', '상품명', 'Product name', 'text'),
    c('option_name', '옵션명', 'Option name', 'text'),
    c('category', '카테고리', 'Category', 'text'),
    c('tax_type', '과세유형', 'Tax type', 'text'),
    c('quantity', '수량', 'Quantity', 'int'),
    c('unit_price', '판매가', 'Unit price', 'money'),
    c('gross_sales', '판매액', 'Gross sales', 'money'),
    c('coupang_discount', '쿠팡지원할인', 'Coupang discount', 'money'),
    c('seller_coupon', '판매자할인쿠폰', 'Seller coupon', 'money'),
    c('payment_amount', '결제금액', 'Payment amount', 'money'),
    c('coupon_reflected', '쿠폰 반영', 'Coupon reflected', 'bool'),
    c('settlement_amount', '정산대상액', 'Settlement amount', 'money'),
    // Derived from the Fulfillment tab by attribution, not from the order file itself.
    c('seller_borne_shipping', '판매자 부담 배송비(VAT포함)', 'Seller-borne shipping (VAT incl.)', 'money', {
      ignoreInCompare: true,
      former: ['판매자 부담 배송비', 'Seller-borne shipping'],
    }),
    ...lineage,
    // Schema version 2 (normalized-tabs.md): appended at the right, keys unchanged.
    c('tax_invoice_month', '세금계산서 발행월', 'Tax invoice month', 'text', { since: 2 }),
    c('category_id', '카테고리ID', 'Category ID', 'id', { since: 2 }),
    c('instant_coupon', '즉시할인쿠폰', 'Instant coupon', 'money', { since: 2 }),
    c('download_coupon', '다운로드쿠폰', 'Download coupon', 'money', { since: 2 }),
    c('vendor_id', '업체코드', 'Vendor ID', 'id', { since: 2 }),
  ],
};

export const FEES_TAB: TabDef = {
  id: 'fees',
  ko: '수수료',
  en: 'Fees',
  protect: true,
  columns: [
    c('line_key', '행 키', 'Line key', 'id'),
    c('mapping_version', '매핑 버전', 'Mapping version', 'text'),
    c('source_report', '원본 리포트', 'Source report', 'text'),
    c('order_id', '주문번호', 'Order ID', 'id'),
    c('option_id', '옵션ID', 'Option ID', 'id'),
    c('product_id', '등록상품ID', 'Product ID', 'id'),
    c('category', '카테고리', 'Category', 'text'),
    c('transaction', '거래유형', 'Transaction', 'text'),
    c('recognition_date', '매출인식일', 'Recognition date', 'date'),
    c('period_end', '기간 종료', 'Period end', 'date'),
    c('commission_base', '수수료 기준금액', 'Commission base', 'money'),
    // Tax-invoice vocabulary (공급가액 / 세액 / 합계금액), VAT basis stated (accounting.md §2).
    c('collected_rate', '수집 수수료율(%, VAT별도)', 'Collected rate (%, ex VAT)', 'rate', {
      former: ['수집 수수료율(%)', 'Collected rate (%)'],
    }),
    c('collected_commission', '판매수수료 공급가액', 'Commission supply value (ex VAT)', 'money', {
      former: ['수집 판매수수료', 'Collected commission'],
    }),
    c('collected_commission_vat', '판매수수료 세액', 'Commission VAT', 'money', {
      former: ['수집 수수료 VAT', 'Collected commission VAT'],
    }),
    c('collected_total', '판매수수료 합계금액', 'Commission total (VAT incl.)', 'money', {
      former: ['수집 수수료 합계', 'Collected total'],
    }),
    // The date commission rules are matched by: recognition_date, or period_end for v1 rows.
    c('rule_date', '수수료 기준일', 'Rule date', 'date'),
    c('rule_rate', '설정 수수료율(%, VAT별도)', 'Rule rate (%, ex VAT)', 'formula', {
      yields: 'rate',
      ignoreInCompare: true,
      former: ['설정 수수료율(%)', 'Rule rate (%)'],
    }),
    c('effective_commission', '적용 수수료(VAT포함)', 'Effective commission (VAT incl.)', 'formula', {
      yields: 'money',
      ignoreInCompare: true,
      former: ['적용 수수료', 'Effective commission'],
    }),
    c('commission_source', '수수료 출처', 'Commission source', 'formula', {
      yields: 'text',
      ignoreInCompare: true,
    }),
    ...lineage,
    // The user's column (VAT included, like the effective commission it replaces): last column of
    // schema version 1, so the version-2 columns follow it; writes skip it (writeSegments).
    c('commission_override', '수수료 직접입력(VAT포함)', 'Commission override (VAT incl.)', 'money', {
      userOwned: true,
      ignoreInCompare: true,
      former: ['수수료 직접입력', 'Commission override'],
    }),
    c('discounted_rate', '할인적용 수수료율(%, VAT별도)', 'Discounted rate (%, ex VAT)', 'rate', {
      since: 2,
    }),
    c('tax_invoice_month', '세금계산서 발행월', 'Tax invoice month', 'text', { since: 2 }),
    c('vendor_id', '업체코드', 'Vendor ID', 'id', { since: 2 }),
    // Copied from the order line: the month close splits commission by 과세유형, the payouts group it
    // by 정산유형 × 정산주기 (issue #11).
    c('tax_type', '과세유형', 'Tax type', 'text', { since: 2 }),
    c('settlement_cycle', '정산유형', 'Settlement cycle', 'text', { since: 2 }),
  ],
};

export const FULFILLMENT_TAB: TabDef = {
  id: 'fulfillment',
  ko: '풀필먼트비용',
  en: 'Fulfillment costs',
  protect: true,
  columns: [
    c('line_key', '행 키', 'Line key', 'id'),
    c('source_report', '원본 리포트', 'Source report', 'text'),
    c('fee_type', '비용 유형', 'Fee type', 'text'),
    c('fee_label', '비용 항목(원문)', 'Fee label (as in file)', 'text'),
    c('transaction', '거래유형', 'Transaction', 'text'),
    c('settlement_cycle', '정산유형', 'Settlement cycle', 'text'),
    c('period_end', '기간 종료', 'Period end', 'date'),
    c('occurred_date', '발생일', 'Occurred date', 'date'),
    c('recognition_date', '매출인식일', 'Recognition date', 'date'),
    c('order_date', '주문일', 'Order date', 'date'),
    c('order_id', '주문번호', 'Order ID', 'id'),
    c('shipment_id', '배송번호', 'Shipment ID', 'id'),
    c('product_id', '등록상품ID', 'Product ID', 'id'),
    c('option_id', '옵션ID', 'Option ID', 'id'),
    c('sku_id', 'SKU ID', 'SKU ID', 'id'),
    c('product_name', '상품명', 'Product name', 'text'),
    c('option_name', '옵션명', 'Option name', 'text'),
    c('size_tier', '사이즈', 'Size tier', 'text'),
    c('fulfillment_center', '물류센터', 'Fulfillment center', 'text'),
    c('quantity', '수량', 'Quantity', 'int'),
    c('gross_fee', '발생비용', 'Gross fee', 'money'),
    c('discount', '할인', 'Discount', 'money'),
    c('promo_credit', '프로모션', 'Promotion credit', 'money'),
    c('extra_fee', '추가비용', 'Extra fee', 'money'),
    // A tax invoice's 공급가액 / 세액 / 합계금액 (every CFS cost report is VAT-exclusive per line).
    c('net_fee', '공급가액', 'Supply value (ex VAT)', 'money', {
      former: ['비용(VAT별도)', 'Net fee (ex VAT)'],
    }),
    c('vat', '세액', 'VAT', 'money', { former: ['VAT'] }),
    c('total_fee', '합계금액', 'Total (VAT incl.)', 'money', {
      former: ['비용(VAT포함)', 'Total fee (VAT incl.)'],
    }),
    // Derived by attribution against the Orders tab.
    c('attributed_line_key', '귀속 주문행', 'Attributed order line', 'id', { ignoreInCompare: true }),
    ...lineage,
    c('tax_invoice_month', '세금계산서 발행월', 'Tax invoice month', 'text', { since: 2 }),
    c('vendor_id', '업체코드', 'Vendor ID', 'id', { since: 2 }),
  ],
};

export const SETTINGS_TAB: TabDef = {
  id: 'settings',
  ko: '수수료 설정',
  en: 'Commission settings',
  protect: false,
  columns: [
    c('scope', '범위', 'Scope', 'text'),
    c('scope_id', '대상 ID', 'Scope ID', 'id'),
    c('rate_pct', '수수료율(%, VAT별도)', 'Rate (%, ex VAT)', 'rate', {
      former: ['수수료율(%)', 'Rate (%)'],
    }),
    c('valid_from', '적용 시작일', 'Valid from', 'date'),
    c('valid_to', '적용 종료일', 'Valid to', 'date'),
    c('note', '메모', 'Note', 'text'),
    // Helper formulas the importer writes for the rule rows (src/core/merge/commission.ts): each rule
    // reduced to numbers and one exact text key, so the Fees formula compares by EXACT and numbers
    // only (criteria functions would read * ? ~ < > = as operators and ignore case).
    c('from_key', '시작일(자동)', 'From (auto)', 'formula', { yields: 'int' }),
    c('to_key', '종료일(자동)', 'To (auto)', 'formula', { yields: 'int' }),
    c('rank_key', '범위 순위(자동)', 'Scope rank (auto)', 'formula', { yields: 'int', since: 2 }),
    c('id_key', '대상 ID(자동)', 'Scope ID (auto)', 'formula', { yields: 'text', since: 2 }),
    c('score_key', '우선순위(자동)', 'Priority (auto)', 'formula', { yields: 'int', since: 2 }),
  ],
};

export const LOG_TAB: TabDef = {
  id: 'log',
  ko: '가져오기 기록',
  en: 'Import log',
  protect: true,
  columns: [
    c('import_id', '가져오기 ID', 'Import ID', 'id'),
    c('time_kst', '시각(KST)', 'Time (KST)', 'datetime'),
    c('user', '사용자', 'User', 'text'),
    c('file', '파일', 'File', 'text'),
    c('sha256', 'SHA-256', 'SHA-256', 'id'),
    c('report', '리포트', 'Report', 'text'),
    c('mapping_version', '매핑 버전', 'Mapping version', 'text'),
    // v1: the period the user gave; v2: the earliest date in the file (a CFS file's earliest 발생일),
    // which is not the start of its settlement period: the label says what it is.
    c('period_start', '최초 일자', 'Earliest date', 'date', { former: ['기간 시작', 'Period start'] }),
    c('period_end', '기간 종료', 'Period end', 'date'),
    c('rows_read', '읽은 행', 'Rows read', 'int'),
    c('rows_inserted', '추가', 'Inserted', 'int'),
    c('rows_updated', '수정', 'Updated', 'int'),
    c('rows_unchanged', '변경 없음', 'Unchanged', 'int'),
    c('rows_removed', '삭제', 'Removed', 'int'),
    c('rows_rejected', '거부', 'Rejected', 'int'),
    c('control_file', '검증합계(파일)', 'Control total (file)', 'money'),
    c('control_written', '검증합계(기록)', 'Control total (written)', 'money'),
    c('control_match', '검증 일치', 'Control match', 'bool'),
    c('status', '상태', 'Status', 'text'),
    c('warnings', '경고', 'Warnings', 'text'),
    c('vendor_id', '업체코드', 'Vendor ID', 'id', { since: 2 }),
    // v1 rows not written because settlement (v2) data covers them: not rejected, replaced.
    c('superseded', '대체됨', 'Superseded', 'int', { since: 2 }),
    c('amount_superseded', '대체된 금액', 'Superseded amount', 'money', { since: 2 }),
  ],
};

export const PROBLEMS_TAB: TabDef = {
  id: 'problems',
  ko: '가져오기 오류',
  en: 'Import problems',
  protect: true,
  columns: [
    c('import_id', '가져오기 ID', 'Import ID', 'id'),
    c('file', '파일', 'File', 'text'),
    c('sheet', '시트', 'Sheet', 'text'),
    c('row', '행', 'Row', 'int'),
    c('column', '열', 'Column', 'text'),
    c('value', '값', 'Value', 'text'),
    c('code', '코드', 'Code', 'text'),
    c('severity', '심각도', 'Severity', 'text'),
    c('message', '설명', 'Message', 'text'),
  ],
};

export const DATA_TABS = [ORDERS_TAB, FEES_TAB, FULFILLMENT_TAB] as const;
export const ALL_TABS: readonly TabDef[] = [
  ORDERS_TAB,
  FEES_TAB,
  FULFILLMENT_TAB,
  SETTINGS_TAB,
  LOG_TAB,
  PROBLEMS_TAB,
];

export function tabLabel(tab: TabDef, lang: Lang): string {
  return lang === 'en' ? tab.en : tab.ko;
}

export function headerRow(tab: TabDef, lang: Lang): string[] {
  return tab.columns.map((col) => (lang === 'en' ? col.en : col.ko));
}

export function columnIndex(tab: TabDef, key: string): number {
  const index = tab.columns.findIndex((col) => col.key === key);
  if (index < 0) throw new Error(`${tab.id} has no column ${key}`);
  return index;
}

/** A run of adjacent managed columns an import writes (0-based `first`, `width` columns). */
export interface WriteSegment {
  first: number;
  width: number;
}

/**
 * The column runs an import writes: every managed column except the user-owned ones, which may sit
 * anywhere (schema version 2 appends columns right of the Fees override). Adapters write each run
 * as one block, so a user-owned cell is never part of a write.
 */
export function writeSegments(tab: TabDef): WriteSegment[] {
  const segments: WriteSegment[] = [];
  tab.columns.forEach((col, i) => {
    if (col.userOwned) return;
    const last = segments[segments.length - 1];
    if (last && last.first + last.width === i) last.width++;
    else segments.push({ first: i, width: 1 });
  });
  return segments;
}

/** Number format per cell type, shared by both adapters. */
export function numberFormat(col: ColumnDef): string {
  if (col.format !== undefined) return col.format;
  // A formula cell must never be plain text '@': Sheets would keep the formula as literal text.
  if (col.type === 'formula' && (col.yields ?? 'text') === 'text') return 'General';
  const type = col.type === 'formula' ? (col.yields ?? 'text') : col.type;
  switch (type) {
    case 'id':
    case 'text':
      return '@';
    case 'money':
      return '#,##0';
    case 'int':
      return '0';
    case 'rate':
      return '0.0##';
    case 'date':
      return 'yyyy-mm-dd';
    case 'datetime':
      return 'yyyy-mm-dd hh:mm:ss';
    case 'bool':
      return 'General';
    default:
      return 'General';
  }
}

/** 1-based column number → A1 letters (1 → A, 27 → AA). */
export function columnLetter(column: number): string {
  let n = column;
  let letters = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/** Is this header cell one of the column's names (current or former label, either language, key)? */
function namesColumn(col: ColumnDef, raw: unknown): boolean {
  const cell = String(raw ?? '').trim();
  return cell === col.ko || cell === col.en || cell === col.key || (col.former?.includes(cell) ?? false);
}

/**
 * How an existing header row relates to the tab's current columns:
 *   current  every column is there, in order (`relabel`: some cell says a former or other-language
 *            label, or the key, and the next import rewrites it to the current label);
 *   upgrade  the first `present` columns are there and the header ends right after them (a table of
 *            an older schema version): the missing columns are inserted after column `present`,
 *            moving the user's columns right, then labelled;
 *   mismatch anything else: the tab is left alone and the import refuses.
 * Extra user columns right of a current table are fine. `lang` is the language labels are rewritten to.
 */
export type HeaderMatch =
  | { status: 'current'; relabel: boolean }
  | { status: 'upgrade'; present: number }
  | { status: 'mismatch' };

export function matchHeader(tab: TabDef, header: readonly unknown[], lang: Lang): HeaderMatch {
  let present = 0;
  while (present < tab.columns.length && namesColumn(tab.columns[present]!, header[present])) present++;
  if (present === tab.columns.length) {
    const labels = headerRow(tab, lang);
    const relabel = labels.some((label, i) => String(header[i] ?? '').trim() !== label);
    return { status: 'current', relabel };
  }
  // An older table: only columns added later may be missing, and nothing of ours follows.
  const older = present > 0 && tab.columns.slice(present).every((col) => (col.since ?? 1) > 1);
  return older ? { status: 'upgrade', present } : { status: 'mismatch' };
}

/** Does the header row on the sheet match this tab as it is now or as an older schema version? */
export function headerMatches(tab: TabDef, header: readonly unknown[]): boolean {
  return matchHeader(tab, header, 'ko').status !== 'mismatch';
}
