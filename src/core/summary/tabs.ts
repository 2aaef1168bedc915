/**
 * The month-close tabs of issue #11, declared once (define.ts): 월마감, 세금계산서 대사, 정산 지급, and the
 * user's 휴일 list. Labels are the contract (English by option); accounting.md holds the rules.
 *
 * 월마감: one row per 귀속월 (month of 매출인식일; v1 rows: of their period end) × 과세유형 × 구분 (확정 v2 /
 *   추정 v1, totalled apart). CFS charges and 재고손실보상 have no tax type: their own 공통 row per month.
 * 세금계산서 대사: one row per 세금계산서 발행월 × 발행 구분 (판매수수료 invoiced by 쿠팡(주); CFS), never
 *   재고손실보상; the accountant types the 홈택스 figures.
 * 정산 지급: one row per settlement line 정산유형 × 정산주기(종료일); 지급 예정액 uses the EFFECTIVE
 *   commission (override › rule › collected); dates and 70/30 amounts from src/core/close.
 */

import { builtInHolidays, type HolidayCalendar, listedHolidayCalendar } from '../close/holidays';
import { MONTHLY, payoutAmounts, payoutDates, WEEKLY } from '../close/payout';
import {
  firstPayoutAmountFormula,
  firstPayoutDateFormula,
  HOLIDAYS_RANGE_NAME,
  secondPayoutAmountFormula,
  secondPayoutDateFormula,
} from '../close/payout-formulas';
import type { Cell } from '../merge/cells';
import type { CellType, ColumnDef, TabDef, TabId } from '../model/tabs';
import {
  add,
  type Check,
  type Condition,
  col,
  type Expr,
  type Filter,
  type KeyDef,
  type SummaryColumn,
  type SummaryDef,
  sub,
  sum,
  type Term,
  type Text,
} from './define';
import { formulaShape, summaryCellFormula } from './formula';

const COMPENSATION = 'inventory_compensation';
const TOTAL: Text = { ko: '합계', en: 'Total' };

function column(
  key: string,
  ko: string,
  en: string,
  type: CellType,
  extra: Partial<ColumnDef> = {},
): ColumnDef {
  return { key, ko, en, type, ...extra };
}

const money = (key: string, ko: string, en: string) =>
  column(key, ko, en, 'formula', { yields: 'money', ignoreInCompare: true });

const keyCol = (def: ColumnDef, key: Omit<KeyDef, 'column'>): SummaryColumn => ({
  role: 'key',
  def,
  key: { column: def.key, ...key },
});
const valueCol = (def: ColumnDef, expr: Expr, meaning: Text, total = true): SummaryColumn => ({
  role: 'value',
  def,
  expr,
  meaning,
  total,
});
const userCol = (key: string, ko: string, en: string, type: CellType, meaning: Text): SummaryColumn => ({
  role: 'user',
  def: column(key, ko, en, type, { userOwned: true, ignoreInCompare: true }),
  meaning,
});
const checkCol = (checks: readonly Check[]): SummaryColumn => ({
  role: 'check',
  def: column('check', '검증', 'Check', 'formula', { yields: 'text', ignoreInCompare: true }),
  checks,
});

/** A summary tab: its declaration and the TabDef the adapters write (formula columns bound to it). */
export interface SummaryTab {
  id: TabId;
  tab: TabDef;
  def: SummaryDef;
}

export function summaryTab(id: TabId, ko: string, en: string, def: SummaryDef): SummaryTab {
  const tab: TabDef = {
    id,
    ko,
    en,
    protect: true,
    columns: def.columns.map((c, index) =>
      c.role === 'value' || c.role === 'check'
        ? { ...c.def, formula: (at) => summaryCellFormula(def, index, at) }
        : c.def,
    ),
    formulaShape: (cells, lang) => formulaShape(def, cells, lang),
  };
  return { id, tab, def };
}

// ── 월마감 / Monthly close ───────────────────────────────────────────────────────────────────────

export const COMMON = '@common';
export const CONFIRMED = 'v2';
export const ESTIMATED = 'v1';

const inMonth = (key = 'month'): Filter => ({
  kind: 'month',
  key,
  column: 'recognition_date',
  fallback: 'period_end',
});
const NOT_COMMON: Condition[] = [{ key: 'tax_type', notIn: [COMMON] }];
const COMMON_ROW: Condition[] = [
  { key: 'tax_type', in: [COMMON] },
  { key: 'basis', in: [CONFIRMED] },
];
const salesFilters: Filter[] = [
  inMonth(),
  { kind: 'key', key: 'tax_type', column: 'tax_type' },
  { kind: 'key', key: 'basis', column: 'mapping_version' },
];
const order = (value: string): Term => ({ source: 'orders', value, filters: salesFilters, when: NOT_COMMON });
const fee = (value: string): Term => ({ source: 'fees', value, filters: salesFilters, when: NOT_COMMON });
const cfsCharge = (value: string): Term => ({
  source: 'fulfillment',
  value,
  filters: [inMonth(), { kind: 'isNot', column: 'fee_type', value: COMPENSATION }],
  when: COMMON_ROW,
});
const compensationIncome = (filters: Filter[], when?: Condition[]): Term => ({
  source: 'fulfillment',
  value: 'total_fee',
  // 재고손실보상 is income: stored as a negative cost, shown positive.
  sign: -1,
  filters: [...filters, { kind: 'is', column: 'fee_type', value: COMPENSATION }],
  ...(when ? { when } : {}),
});

const TAXABLE = '과세';
const EXEMPT = '면세';

export const MONTH_CLOSE: SummaryTab = summaryTab('month_close', '월마감', 'Monthly close', {
  totalLabel: TOTAL,
  groups: { key: 'basis', values: [CONFIRMED, ESTIMATED] },
  columns: [
    keyCol(column('month', '귀속월', 'Month', 'date', { format: 'yyyy-mm' }), { kind: 'month' }),
    keyCol(column('tax_type', '과세유형', 'Tax type', 'text'), {
      kind: 'text',
      words: { [COMMON]: { ko: '공통', en: 'common' }, '': { ko: '미상', en: 'unknown' } },
      order: [TAXABLE, EXEMPT, COMMON, ''],
    }),
    keyCol(column('basis', '구분', 'Basis', 'text'), {
      kind: 'text',
      words: {
        [CONFIRMED]: { ko: '확정', en: 'confirmed' },
        [ESTIMATED]: { ko: '추정', en: 'estimated' },
      },
      order: [CONFIRMED, ESTIMATED],
    }),
    valueCol(money('gross_sales', '판매액', 'Gross sales'), sum(order('gross_sales')), {
      ko: '판매액(A×B)의 합: 주문 탭에서 매출인식일(버전1은 기간 종료)이 이 달이고 과세유형·매핑 버전이 이 행인 주문행',
      en: 'Σ gross sales (A×B) of the Orders lines recognised in this month (v1: period end) with this tax type and mapping version',
    }),
    valueCol(money('seller_coupon', '판매자할인쿠폰', 'Seller coupon'), sum(order('seller_coupon')), {
      ko: '판매자할인쿠폰(D+E)의 합 (매출에누리)',
      en: 'Σ seller coupons (D+E): a sales allowance',
    }),
    valueCol(
      money('supply_total', '공급대가', 'Supply total (VAT incl.)'),
      sub(col('gross_sales'), col('seller_coupon')),
      {
        ko: '공급대가 = 판매액 − 판매자할인쿠폰 (부가세 포함 과세표준)',
        en: 'Supply total = gross sales − seller coupon (the VAT-inclusive base)',
      },
    ),
    valueCol(
      money('supply_value', '공급가액', 'Supply value (ex VAT)'),
      { op: 'ifBlank', column: 'vat', blank: null, filled: sub(col('supply_total'), col('vat')) },
      {
        ko: '공급가액 = 공급대가 − 세액 (과세유형을 모르면 비움)',
        en: 'Supply value = supply total − VAT (blank when the tax type is unknown)',
      },
    ),
    valueCol(
      money('vat', '세액', 'VAT'),
      {
        op: 'if',
        when: [{ key: 'tax_type', in: [TAXABLE] }],
        yes: {
          op: 'round',
          arg: {
            op: 'div',
            left: { op: 'mul', left: col('supply_total'), right: { op: 'num', value: 10 } },
            right: { op: 'num', value: 110 },
          },
        },
        no: {
          op: 'if',
          when: [{ key: 'tax_type', in: [EXEMPT] }],
          yes: { op: 'num', value: 0 },
          no: null,
        },
      },
      {
        ko: '과세: ROUND(공급대가 × 10 / 110), 면세: 0, 과세유형을 모르면 비움',
        en: 'Taxable: ROUND(supply total × 10 / 110); exempt: 0; blank when the tax type is unknown',
      },
    ),
    valueCol(money('coupang_discount', '쿠팡지원할인', 'Coupang discount'), sum(order('coupang_discount')), {
      ko: '쿠팡지원할인(C)의 합: 판매자 정산에서 빠지지 않아 공급대가에 남음',
      en: 'Σ Coupang-funded discounts (C): not deducted from the payout, so they stay in the base',
    }),
    valueCol(money('payment_amount', '결제금액', 'Payment amount'), sum(order('payment_amount')), {
      ko: '결제금액(구매자가 낸 금액)의 합',
      en: 'Σ payment amounts (what buyers paid)',
    }),
    valueCol(
      money('commission', '판매수수료 공급가액', 'Commission supply value (ex VAT)'),
      sum(fee('collected_commission')),
      {
        ko: '수수료 탭의 판매수수료 공급가액(쿠팡이 청구한 금액)의 합',
        en: 'Σ commission supply value Coupang charged (Fees tab)',
      },
    ),
    valueCol(
      money('commission_vat', '판매수수료 세액', 'Commission VAT'),
      sum(fee('collected_commission_vat')),
      {
        ko: '판매수수료 세액의 합',
        en: 'Σ commission VAT',
      },
    ),
    valueCol(money('cfs_supply', 'CFS 공급가액', 'CFS supply value (ex VAT)'), sum(cfsCharge('net_fee')), {
      ko: '풀필먼트비용 탭의 공급가액 합 (재고손실보상 제외), 매출인식일(없으면 정산주기 종료일)이 이 달인 행',
      en: 'Σ fulfillment supply value (inventory compensation excluded) by month of recognition date (else period end)',
    }),
    valueCol(money('cfs_vat', 'CFS 세액', 'CFS VAT'), sum(cfsCharge('vat')), {
      ko: 'CFS 비용의 세액 합',
      en: 'Σ VAT of the CFS charges',
    }),
    valueCol(
      money('compensation', '재고손실보상', 'Inventory compensation'),
      sum(compensationIncome([inMonth()], COMMON_ROW)),
      {
        ko: '재고 손실 보상(수입, 양수로 표시): 부가세·CFS 밖',
        en: 'Inventory-loss compensation (income, shown positive): outside VAT and CFS',
      },
    ),
    valueCol(money('settlement_amount', '정산대상액', 'Settlement amount'), sum(order('settlement_amount')), {
      ko: '주문 탭의 정산대상액 합',
      en: 'Σ settlement amounts of the Orders lines',
    }),
    checkCol([
      {
        kind: 'equal',
        label: { ko: '결제금액≠판매액−할인', en: 'payment≠gross−discounts' },
        left: col('payment_amount'),
        right: sub(sub(col('gross_sales'), col('coupang_discount')), col('seller_coupon')),
      },
      {
        kind: 'equal',
        label: { ko: '공급가액+세액≠공급대가', en: 'supply value+VAT≠supply total' },
        left: add(col('supply_value'), col('vat')),
        right: col('supply_total'),
        when: [{ filled: 'vat' }],
      },
      {
        kind: 'equal',
        label: { ko: '판매수수료 합계금액', en: 'commission total' },
        left: add(col('commission'), col('commission_vat')),
        right: sum(fee('collected_total')),
      },
      {
        kind: 'equal',
        label: { ko: 'CFS 합계금액', en: 'CFS total' },
        left: add(col('cfs_supply'), col('cfs_vat')),
        right: sum(cfsCharge('total_fee')),
      },
    ]),
  ],
});

// ── 세금계산서 대사 / Tax-invoice match ──────────────────────────────────────────────────────────────

export const COMMISSION_INVOICE = 'commission';
export const CFS_INVOICE = 'cfs';

const invoiceMonth: Filter = { kind: 'key', key: 'invoice_month', column: 'tax_invoice_month' };
const invoicedCommission = (value: string): Term => ({
  source: 'fees',
  value,
  // v1 rows carry no collected commission and no invoice month.
  filters: [invoiceMonth, { kind: 'is', column: 'mapping_version', value: CONFIRMED }],
  when: [{ key: 'issuer', in: [COMMISSION_INVOICE] }],
});
const invoicedCfs = (value: string): Term => ({
  source: 'fulfillment',
  value,
  filters: [invoiceMonth, { kind: 'isNot', column: 'fee_type', value: COMPENSATION }],
  when: [{ key: 'issuer', in: [CFS_INVOICE] }],
});

export const TAX_INVOICES: SummaryTab = summaryTab('tax_invoices', '세금계산서 대사', 'Tax-invoice match', {
  totalLabel: TOTAL,
  groups: { key: 'issuer', values: [COMMISSION_INVOICE, CFS_INVOICE] },
  columns: [
    keyCol(column('invoice_month', '발행월', 'Invoice month', 'text'), { kind: 'text' }),
    keyCol(column('issuer', '발행 구분', 'Invoice', 'text'), {
      kind: 'text',
      words: {
        [COMMISSION_INVOICE]: { ko: '판매수수료', en: 'Commission' },
        [CFS_INVOICE]: { ko: 'CFS', en: 'CFS' },
      },
      order: [COMMISSION_INVOICE, CFS_INVOICE],
    }),
    valueCol(
      money('supply', '공급가액', 'Supply value (ex VAT)'),
      sum(invoicedCommission('collected_commission'), invoicedCfs('net_fee')),
      {
        ko: '판매수수료: 쿠팡(주)이 청구한 판매수수료 공급가액, CFS: 풀필먼트비용 공급가액 (재고손실보상 제외), 세금계산서 발행월별',
        en: 'Commission: the commission supply value 쿠팡(주) invoiced; CFS: fulfillment supply value (no compensation); by tax-invoice month',
      },
    ),
    valueCol(
      money('vat', '세액', 'VAT'),
      sum(invoicedCommission('collected_commission_vat'), invoicedCfs('vat')),
      { ko: '세금계산서의 세액', en: 'The tax invoice VAT' },
    ),
    valueCol(
      money('total', '합계금액', 'Total (VAT incl.)'),
      sum(invoicedCommission('collected_total'), invoicedCfs('total_fee')),
      { ko: '세금계산서의 합계금액', en: 'The tax invoice total' },
    ),
    userCol('hometax_supply', '홈택스 공급가액', 'Hometax supply value', 'money', {
      ko: '홈택스에서 받은 세금계산서의 공급가액 (직접 입력)',
      en: 'Supply value of the tax invoice on Hometax (you type it)',
    }),
    userCol('hometax_vat', '홈택스 세액', 'Hometax VAT', 'money', {
      ko: '홈택스 세금계산서의 세액 (직접 입력)',
      en: 'VAT of the tax invoice on Hometax (you type it)',
    }),
    valueCol(
      money('difference', '차이', 'Difference'),
      {
        op: 'ifFilled',
        columns: ['hometax_supply', 'hometax_vat'],
        value: sub(col('total'), add(col('hometax_supply'), col('hometax_vat'))),
      },
      {
        ko: '차이 = 합계금액 − (홈택스 공급가액 + 홈택스 세액), 홈택스 금액을 입력했을 때',
        en: 'Difference = total − (Hometax supply value + Hometax VAT), once the Hometax figures are typed',
      },
    ),
    userCol('memo', '메모', 'Note', 'text', { ko: '메모 (직접 입력)', en: 'Note (you type it)' }),
    checkCol([
      {
        kind: 'equal',
        label: { ko: '공급가액+세액≠합계금액', en: 'supply value+VAT≠total' },
        left: add(col('supply'), col('vat')),
        right: col('total'),
      },
    ]),
  ],
});

// ── 정산 지급 / Payouts ─────────────────────────────────────────────────────────────────────────

export const UNASSIGNED = '@unassigned';

const lineOf = (blank: boolean): Filter[] => [
  {
    kind: 'key',
    key: 'cycle',
    column: 'settlement_cycle',
    // 재고 손실 보상 lines carry no 정산유형: they belong to the line of their period end.
    ...(blank ? { blank: { prefer: MONTHLY, create: UNASSIGNED } } : {}),
  },
  { kind: 'key', key: 'period_end', column: 'period_end' },
];
const confirmed: Filter = { kind: 'is', column: 'mapping_version', value: CONFIRMED };
const lineTerm = (source: 'orders' | 'fees', value: string, sign: 1 | -1 = 1): Term => ({
  source,
  value,
  sign,
  filters: [...lineOf(false), confirmed],
});
const lineCharge = (value: string): Term => ({
  source: 'fulfillment',
  value,
  filters: [...lineOf(true), { kind: 'isNot', column: 'fee_type', value: COMPENSATION }],
});

function dateText(get: (column: string) => Cell, column: string): string | null {
  const value = get(column);
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : null;
}

/** The 정산 지급 tab; `calendar` gives the TypeScript values of the dates (the 휴일 tab's days). */
export function payoutsTab(calendar: HolidayCalendar): SummaryTab {
  const dates = (get: (column: string) => Cell) => {
    const end = dateText(get, 'period_end');
    const cycle = get('cycle');
    return end === null ? null : payoutDates(typeof cycle === 'string' ? cycle : null, end, calendar);
  };
  const amounts = (get: (column: string) => Cell) => {
    const cycle = get('cycle');
    const amount = get('expected');
    return typeof amount === 'number' && Number.isInteger(amount)
      ? payoutAmounts(typeof cycle === 'string' ? cycle : null, amount)
      : null;
  };
  const cycleKnown: Condition[] = [{ key: 'cycle', in: [WEEKLY, MONTHLY] }];
  const yearListed = (date: string) =>
    `COUNTIFS(${HOLIDAYS_RANGE_NAME},">="&DATE(YEAR(${date}),1,1),${HOLIDAYS_RANGE_NAME},"<"&DATE(YEAR(${date})+1,1,1))>0`;
  return summaryTab('payouts', '정산 지급', 'Payouts', {
    totalLabel: TOTAL,
    columns: [
      keyCol(column('cycle', '정산유형', 'Settlement cycle', 'text'), {
        kind: 'text',
        words: { [UNASSIGNED]: { ko: '미지정', en: 'unassigned' } },
        order: [WEEKLY, MONTHLY],
      }),
      keyCol(column('period_end', '정산주기(종료일)', 'Period end', 'date'), { kind: 'date' }),
      valueCol(
        money('settlement_amount', '정산대상액', 'Settlement amount'),
        sum(lineTerm('orders', 'settlement_amount')),
        {
          ko: '이 정산 라인(정산유형 × 정산주기 종료일) 주문행의 정산대상액 합',
          en: 'Σ settlement amounts of the Orders lines of this settlement line (cycle × period end)',
        },
      ),
      valueCol(money('cfs_total', 'CFS 합계금액', 'CFS total (VAT incl.)'), sum(lineCharge('total_fee')), {
        ko: '이 라인의 CFS 비용 합계금액 (부가세 포함, 재고손실보상 제외)',
        en: 'Σ CFS charges of the line, VAT included (compensation excluded)',
      }),
      valueCol(
        money('compensation', '재고손실보상', 'Inventory compensation'),
        sum(compensationIncome(lineOf(true))),
        { ko: '이 라인의 재고 손실 보상 (수입)', en: 'Inventory-loss compensation of the line (income)' },
      ),
      valueCol(
        money('expected', '지급 예정액', 'Expected payout'),
        sub(
          add(
            col('settlement_amount'),
            sum(lineTerm('fees', 'collected_total'), lineTerm('fees', 'effective_commission', -1)),
            col('compensation'),
          ),
          col('cfs_total'),
        ),
        {
          ko: '지급 예정액 = 정산대상액 + Σ(판매수수료 합계금액 − 적용 수수료) − CFS 합계금액 + 재고손실보상 (직접입력·설정 수수료가 반영됨; WING이 따로 빼는 금액은 차이로 남음)',
          en: 'Expected payout = settlement amount + Σ(commission total − effective commission) − CFS total + compensation (your overrides and rules count; what WING deducts beyond the reports stays in the difference)',
        },
      ),
      valueCol(
        column('first_date', '1차 지급일', '1st payout date', 'formula', {
          yields: 'date',
          ignoreInCompare: true,
        }),
        {
          op: 'custom',
          formula: (ref) => firstPayoutDate(ref),
          value: (get) => {
            const d = dates(get);
            return d?.ok ? d.firstDate : null;
          },
          describe: {
            ko: '주정산: 그 주 일요일 + 20영업일, 월정산: 월말 + 20영업일 (휴일 탭 반영)',
            en: 'Weekly: the week’s Sunday + 20 business days; monthly: month end + 20 business days (holidays tab)',
          },
        },
        { ko: '1차 지급일 (accounting.md §3)', en: '1st payout date (accounting.md §3)' },
        false,
      ),
      valueCol(
        money('first_amount', '1차 지급액(예상)', '1st payout (estimate)'),
        {
          op: 'custom',
          formula: (ref) => firstAmount(ref),
          value: (get) => amounts(get)?.first ?? null,
          describe: {
            ko: '주정산 70 % (반올림), 월정산 100 %',
            en: 'Weekly 70 % (rounded half up), monthly 100 %',
          },
        },
        {
          ko: '1차 지급액 추정: 지급 예정액의 70 %(주정산) 또는 100 %(월정산)',
          en: '1st payout, estimated: 70 % (weekly) or 100 % (monthly)',
        },
      ),
      valueCol(
        column('second_date', '2차 지급일', '2nd payout date', 'formula', {
          yields: 'date',
          ignoreInCompare: true,
        }),
        {
          op: 'custom',
          formula: (ref) => secondPayoutDate(ref),
          value: (get) => {
            const d = dates(get);
            return d?.ok ? d.secondDate : null;
          },
          describe: {
            ko: '주정산: 매출월 다음다음 달 첫 영업일 (월말을 넘는 주: 일요일 + 25영업일), 월정산: 없음',
            en: 'Weekly: first business day of the second month after (a week across a month end: Sunday + 25 business days); monthly: none',
          },
        },
        { ko: '2차 지급일', en: '2nd payout date' },
        false,
      ),
      valueCol(
        money('second_amount', '2차 지급액(예상)', '2nd payout (estimate)'),
        {
          op: 'custom',
          formula: (ref) => secondAmount(ref),
          value: (get) => amounts(get)?.second ?? null,
          describe: { ko: '주정산 나머지 30 %', en: 'Weekly: the remaining 30 %' },
        },
        { ko: '2차 지급액 추정 (주정산 30 %)', en: '2nd payout, estimated (weekly 30 %)' },
      ),
      userCol('paid', '실지급액', 'Amount received', 'money', {
        ko: '실제로 받은 금액 (WING 또는 통장에서 직접 입력)',
        en: 'What actually arrived (you type it from WING or the bank)',
      }),
      userCol('paid_date', '지급 확인일', 'Received on', 'date', {
        ko: '지급 확인일 (직접 입력)',
        en: 'Date received (you type it)',
      }),
      valueCol(
        money('difference', '차이', 'Difference'),
        { op: 'ifFilled', columns: ['paid'], value: sub(col('paid'), col('expected')) },
        {
          ko: '차이 = 실지급액 − 지급 예정액 (입력했을 때): 보고서에 없는 공제(예: 판매자 서비스이용료)가 여기에 남음',
          en: 'Difference = amount received − expected payout (once typed): deductions no report shows (e.g. the seller service fee) stay here',
        },
      ),
      userCol('memo', '메모', 'Note', 'text', { ko: '메모 (직접 입력)', en: 'Note (you type it)' }),
      checkCol([
        {
          kind: 'filled',
          label: { ko: '지급일 없음(정산유형·종료일 확인)', en: 'no payout date (check cycle and end date)' },
          column: 'first_date',
        },
        {
          kind: 'equal',
          label: { ko: '1차+2차≠지급 예정액', en: '1st+2nd≠expected' },
          left: add(col('first_amount'), { op: 'zeroIfBlank', column: 'second_amount' }),
          right: col('expected'),
          when: cycleKnown,
        },
        {
          kind: 'custom',
          label: { ko: '휴일 목록에 없는 해(휴일 탭에 추가)', en: 'a year missing from the holidays tab' },
          formula: (ref) => {
            const last = `IF(${ref('second_date')}="",${ref('first_date')},${ref('second_date')})`;
            return `AND(${yearListed(ref('period_end'))},${yearListed(last)})`;
          },
          value: (get) => {
            const end = dateText(get, 'period_end');
            const last = dateText(get, 'second_date') ?? dateText(get, 'first_date');
            return end !== null && last !== null && calendar.covers(year(end)) && calendar.covers(year(last));
          },
          when: [{ filled: 'first_date' }],
        },
      ]),
    ],
  });
}

const year = (iso: string) => Number(iso.slice(0, 4));

/** The 정산 지급 tab's definition where only its identity and columns matter (navigation, tests). */
export const PAYOUTS_TAB_DEF: TabDef = payoutsTab(
  listedHolidayCalendar(builtInHolidays().map((h) => h.date)),
).tab;

const bare = (formula: string) => formula.replace(/^=/, '');
const firstPayoutDate = (ref: (c: string) => string) =>
  bare(firstPayoutDateFormula({ cycle: ref('cycle'), periodEnd: ref('period_end') }));
const secondPayoutDate = (ref: (c: string) => string) =>
  bare(secondPayoutDateFormula({ cycle: ref('cycle'), periodEnd: ref('period_end') }));
const firstAmount = (ref: (c: string) => string) =>
  bare(firstPayoutAmountFormula(ref('cycle'), ref('expected')));
const secondAmount = (ref: (c: string) => string) =>
  bare(secondPayoutAmountFormula(ref('cycle'), ref('expected')));

// ── 휴일 / Holidays (the user's list) ──────────────────────────────────────────────────────────────

/** Rows 2..this of the 휴일 date column are the named range cjHolidays (blank rows are fine). */
export const HOLIDAY_RANGE_LAST_ROW = 1000;

export const HOLIDAYS_TAB: TabDef = {
  id: 'holidays',
  ko: '휴일',
  en: 'Holidays',
  // The user's tab: they add later years and company closures.
  protect: false,
  columns: [column('date', '날짜', 'Date', 'date'), column('name', '이름', 'Name', 'text')],
};
