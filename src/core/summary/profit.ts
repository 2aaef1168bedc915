/**
 * 옵션별 손익 (Profit by option), issue #12 and accounting.md §4, declared once (define.ts) like the
 * month-close tabs, with its per-(option, day) cost helper 원가 계산 (Cost by day).
 *
 * 옵션별 손익: one row per 월 × 옵션ID, and one 미배정 row per month (the companion row):
 *   - settlement-report (v2) order lines and Fees rows by month of 매출인식일 (blank: 기간 종료), as 월마감;
 *     판매분석 (v1) estimates are not profit and stay out;
 *   - charges are the CFS lines' 합계금액 (VAT included, like 적용 수수료) by the same month, by kind:
 *     입출고·배송비 (warehousing, delivery), 반품비 (return pickup, restock), 보관비 (storage), 기타 CFS
 *     (every other kind); 재고손실보상 is income for lost stock, not a charge on a sale: it stays out
 *     of 공헌이익 exactly as the lost units stay out of 원가 (월마감 and 정산 지급 show it);
 *   - a line without 옵션ID counts on its month's 미배정 row: 반출 배송 boxes (their report names
 *     products, never options; a box of several products is `여러 상품 (…)`), and any charge or
 *     order line whose option is blank — never dropped, never split;
 *   - 적용 수수료 is the Fees tab's formula column (override › rule › collected), so a typed override
 *     or rule flows through at once; with neither, it equals the collected 판매수수료 합계금액;
 *   - 원가 = Σ 순판매수량 × 단위원가 of each sale's day, from the helper; the units of a day no 원가 row
 *     covers are 원가 미입력 수량 (the 미배정 row: every unit without an option) — never 0 silently;
 *   - 공헌이익 = 공급대가 − 적용 수수료 − all charges − 원가; 공헌이익률 = 공헌이익 / 공급대가.
 *   - 검증: on the 미배정 row, Σ of the month's rows = the month's totals of the normalized tabs per
 *     column; on option rows, the helper's units of the month = 순판매수량 (a day the helper lacks);
 *     the 합계 row: Σ rows = the whole tabs.
 *
 * 원가 계산 (helper): one row per 옵션ID × day (매출인식일, else 기간 종료) of the v2 order lines. Its
 * 순판매수량 is a live SUMIFS over Orders; its 단위원가 a live lookup in the 원가 tab (costs/formula.ts),
 * so a changed cost or date flows through at once; an import adds the rows of new days. Why a
 * helper: the unit cost depends on the day, and summing quantity × cost-of-its-day needs the day
 * somewhere a formula can see it; the Orders tab is a public contract (no columns of ours added),
 * and one lookup per order line would be 10× the rows of one per option and day.
 */
import { costStartFormula, unitCostFormula } from '../costs/formula';
import { type CostTable, costEntryOn, EMPTY_COST_TABLE } from '../costs/table';
import type { Cell } from '../merge/cells';
import type { ColumnDef, TabDef } from '../model/tabs';
import { isoToSerial } from '../util/dates';
import { COST_DAYS_COLUMNS } from './cost-days-columns';
import {
  add,
  col,
  type Expr,
  type Filter,
  type KeyDef,
  type LabelSources,
  type SummaryColumn,
  sub,
  sum,
  type Term,
  type Text,
} from './define';
import { sourceColumnIndex } from './formula';
import { type SummaryTab, summaryTab } from './tabs';

const TOTAL: Text = { ko: '합계', en: 'Total' };
const CONFIRMED = 'v2';
export const UNASSIGNED_OPTION = '';

const column = (
  key: string,
  ko: string,
  en: string,
  type: ColumnDef['type'],
  extra: Partial<ColumnDef> = {},
) => ({ key, ko, en, type, ...extra }) as ColumnDef;
const formulaColumn = (key: string, ko: string, en: string, yields: ColumnDef['yields'], format?: string) =>
  column(key, ko, en, 'formula', { yields, ignoreInCompare: true, ...(format ? { format } : {}) });
const valueCol = (def: ColumnDef, expr: Expr, meaning: Text, total = true): SummaryColumn => ({
  role: 'value',
  def,
  expr,
  meaning,
  total,
});

// ── 원가 계산 / Cost by day (the helper) ─────────────────────────────────────────────────────────────

const helperColumn = (key: string) => {
  const found = COST_DAYS_COLUMNS.find((c) => c.key === key);
  if (!found) throw new Error(`cost_days has no column ${key}`);
  return found;
};

const OPTION_KEY: Omit<KeyDef, 'column'> = { kind: 'text', digits: true };
const confirmed: Filter = { kind: 'is', column: 'mapping_version', value: CONFIRMED };

/** The helper; `costs` gives the TypeScript values of its cost columns (the 원가 tab as it stands). */
export function costDaysTab(costs: CostTable): SummaryTab {
  const unitCostOf = (get: (column: string) => Cell) => {
    const option = get('option_id');
    const day = get('day');
    if (typeof option !== 'string' || typeof day !== 'string') return null;
    return costEntryOn(costs, option, isoToSerial(day));
  };
  return summaryTab('cost_days', '원가 계산', 'Cost by day', {
    totalLabel: TOTAL,
    // The profit tab sums this tab whole: no total row in it.
    totals: false,
    columns: [
      { role: 'key', def: helperColumn('option_id'), key: { column: 'option_id', ...OPTION_KEY } },
      { role: 'key', def: helperColumn('day'), key: { column: 'day', kind: 'date' } },
      valueCol(
        helperColumn('quantity'),
        sum({
          source: 'orders',
          value: 'quantity',
          filters: [
            { kind: 'key', key: 'option_id', column: 'option_id' },
            { kind: 'key', key: 'day', column: 'recognition_date', fallback: 'period_end' },
            confirmed,
          ],
        }),
        {
          ko: '이 옵션, 이 날(매출인식일, 없으면 기간 종료)의 정산 리포트 주문행 수량 합 (취소는 음수)',
          en: 'Σ quantity of the settlement-report order lines of this option on this day (recognition date, else period end; cancellations negative)',
        },
      ),
      valueCol(
        helperColumn('cost_start'),
        {
          op: 'custom',
          formula: (ref) => costStartFormula(ref('option_id'), ref('day')),
          value: (get) => {
            const entry = unitCostOf(get);
            return entry ? entry.from : 0;
          },
          describe: {
            ko: '이 날에 적용되는 원가 행의 적용 시작일(일련번호; 시작일 없음 = 1, 해당 행 없음 = 0)',
            en: 'The valid-from date (a serial; no start date = 1; no row = 0) of the 원가 row that applies on this day',
          },
        },
        { ko: '적용되는 원가 행의 시작일 (자동)', en: 'Valid-from of the cost row that applies (auto)' },
        false,
      ),
      valueCol(
        helperColumn('unit_cost'),
        {
          op: 'custom',
          formula: (ref) => unitCostFormula(ref('option_id'), ref('day'), ref('cost_start')),
          value: (get) => unitCostOf(get)?.unitCost ?? null,
          describe: {
            ko: '원가 탭에서 이 옵션·이 날에 해당하는 행의 단위원가 (적용 시작일이 가장 늦은 행; 같으면 높은 원가)',
            en: 'The unit cost of the 원가 row for this option covering this day (latest valid-from; a tie: the higher cost)',
          },
        },
        { ko: '이 날의 단위원가 (VAT별도, 원가 탭)', en: 'Unit cost on this day (ex VAT, 원가 tab)' },
        false,
      ),
      valueCol(
        helperColumn('cost'),
        {
          op: 'ifBlank',
          column: 'unit_cost',
          blank: { op: 'num', value: 0 },
          filled: { op: 'round', arg: { op: 'mul', left: col('quantity'), right: col('unit_cost') } },
        },
        {
          ko: '원가 = 순판매수량 × 단위원가 (원 단위 반올림; 단위원가가 없으면 0이고 수량은 원가 미입력 수량으로)',
          en: 'Cost = net units × unit cost (rounded to the won; without a unit cost 0, and the units count as units without cost)',
        },
      ),
      valueCol(
        helperColumn('missing'),
        { op: 'ifBlank', column: 'unit_cost', blank: col('quantity'), filled: { op: 'num', value: 0 } },
        {
          ko: '단위원가가 없는 날의 순판매수량',
          en: 'Net units of a day without a unit cost',
        },
      ),
    ],
  });
}

/** The helper's definition where only its identity and columns matter (navigation, tests). */
export const COST_DAYS_TAB_DEF: TabDef = costDaysTab(EMPTY_COST_TABLE).tab;

// ── 옵션별 손익 / Profit by option ──────────────────────────────────────────────────────────────────

const inMonth = (column = 'recognition_date', fallback: string | null = 'period_end'): Filter => ({
  kind: 'month',
  key: 'month',
  column,
  ...(fallback !== null ? { fallback } : {}),
});
const byOption: Filter = { kind: 'key', key: 'option_id', column: 'option_id' };
const ASSIGNED = [{ key: 'option_id', notIn: [UNASSIGNED_OPTION] }] as const;
const UNASSIGNED_ROW = [{ key: 'option_id', in: [UNASSIGNED_OPTION] }] as const;

const order = (value: string, sign: 1 | -1 = 1): Term => ({
  source: 'orders',
  value,
  sign,
  filters: [inMonth(), byOption, confirmed],
});
const fee = (value: string): Term => ({ source: 'fees', value, filters: [inMonth(), byOption, confirmed] });
const charge = (feeType: string): Term => ({
  source: 'fulfillment',
  value: 'total_fee',
  filters: [inMonth(), byOption, { kind: 'is', column: 'fee_type', value: feeType }],
});
/** Every CFS line not in another charge column and not 재고손실보상. */
const OTHER_EXCLUDED = [
  'warehousing',
  'delivery',
  'return_pickup',
  'return_restock',
  'storage',
  'inventory_compensation',
];
const otherCharges: Term = {
  source: 'fulfillment',
  value: 'total_fee',
  filters: [
    inMonth(),
    byOption,
    ...OTHER_EXCLUDED.map((value): Filter => ({ kind: 'isNot', column: 'fee_type', value })),
  ],
};
const helper = (value: string): Term => ({
  source: 'cost_days',
  value,
  filters: [inMonth('day', null), byOption],
});

/** The name an option's lines carry (the latest line's), for the 상품명 / 옵션명 label columns. */
function nameLookup(field: 'product_name' | 'option_name') {
  return (sources: LabelSources, lang: 'ko' | 'en') => {
    const names = new Map<string, { date: string; name: string }>();
    const take = (source: 'orders' | 'fulfillment', dateColumns: string[]) => {
      const option = sourceColumnIndex(source, 'option_id');
      const name = sourceColumnIndex(source, field);
      const dates = dateColumns.map((c) => sourceColumnIndex(source, c));
      for (const row of sources[source]) {
        const id = row[option];
        const text = row[name];
        if (typeof id !== 'string' || typeof text !== 'string' || text === '') continue;
        const date = dates.map((d) => row[d]).find((d): d is string => typeof d === 'string') ?? '';
        // The latest line; lines of one day with different names: the name that sorts last, so
        // the label does not depend on the order of the rows (a digest adds them up by group).
        const seen = names.get(id);
        if (!seen || date > seen.date || (date === seen.date && text >= seen.name))
          names.set(id, { date, name: text });
      }
    };
    take('fulfillment', ['recognition_date', 'period_end']);
    // Order lines name the option as sold: they win over the charges' names.
    const fromCharges = new Map(names);
    names.clear();
    take('orders', ['recognition_date', 'period_end']);
    for (const [id, n] of fromCharges) if (!names.has(id)) names.set(id, n);
    return (keys: Readonly<Record<string, string>>) => {
      const option = keys.option_id ?? '';
      if (option === UNASSIGNED_OPTION)
        return field === 'product_name'
          ? lang === 'en'
            ? '(lines without an option ID: return-shipping boxes, other charges)'
            : '(옵션ID 없는 행: 반출 배송 상자, 기타 비용)'
          : null;
      return names.get(option)?.name ?? null;
    };
  };
}

const CHARGE_COLUMNS = ['shipping', 'returns', 'storage', 'other_cfs'];

export const PROFIT: SummaryTab = summaryTab('profit', '옵션별 손익', 'Profit by option', {
  totalLabel: TOTAL,
  companion: { key: 'option_id', value: UNASSIGNED_OPTION },
  columns: [
    {
      role: 'key',
      def: column('month', '월', 'Month', 'date', { format: 'yyyy-mm' }),
      key: { column: 'month', kind: 'month' },
    },
    {
      role: 'key',
      def: column('option_id', '옵션ID', 'Option ID', 'id'),
      key: {
        column: 'option_id',
        ...OPTION_KEY,
        words: { [UNASSIGNED_OPTION]: { ko: '미배정', en: 'unassigned' } },
        last: [UNASSIGNED_OPTION],
      },
    },
    {
      role: 'label',
      def: column('product_name', '상품명', 'Product name', 'text'),
      meaning: {
        ko: '이 옵션의 최근 주문행의 상품명',
        en: 'The product name on this option’s latest order line',
      },
      lookup: nameLookup('product_name'),
    },
    {
      role: 'label',
      def: column('option_name', '옵션명', 'Option name', 'text'),
      meaning: {
        ko: '이 옵션의 최근 주문행의 옵션명',
        en: 'The option name on this option’s latest order line',
      },
      lookup: nameLookup('option_name'),
    },
    valueCol(formulaColumn('units', '순판매수량', 'Net units', 'int'), sum(order('quantity')), {
      ko: '정산 리포트 주문행의 수량 합 (취소는 음수): 매출인식일(없으면 기간 종료)이 이 달이고 옵션ID가 이 행인 행',
      en: 'Σ quantity of the settlement-report order lines (cancellations negative) recognised in this month (else by period end) with this option ID',
    }),
    valueCol(
      formulaColumn('supply_total', '공급대가', 'Supply total (VAT incl.)', 'money'),
      sum(order('gross_sales'), order('seller_coupon', -1)),
      {
        ko: '공급대가 = 판매액 − 판매자할인쿠폰 (부가세 포함), 이 옵션·이 달의 주문행',
        en: 'Supply total = gross sales − seller coupon (VAT included) of this option’s order lines this month',
      },
    ),
    valueCol(
      formulaColumn('commission', '적용 수수료(VAT포함)', 'Effective commission (VAT incl.)', 'money'),
      sum(fee('effective_commission')),
      {
        ko: '수수료 탭의 적용 수수료(VAT포함: 직접입력 › 수수료 설정 › 수집 수수료) 합, 이 옵션·이 달',
        en: 'Σ effective commission of the Fees tab (VAT incl.: override › rule › collected), this option and month',
      },
    ),
    valueCol(
      formulaColumn('shipping', '입출고·배송비', 'Warehousing & delivery (VAT incl.)', 'money'),
      sum(charge('warehousing'), charge('delivery')),
      {
        ko: '풀필먼트비용 탭의 입출고비·배송비 합계금액(VAT포함), 매출인식일(없으면 기간 종료)이 이 달',
        en: 'Σ total (VAT incl.) of the warehousing and delivery lines, by month of recognition date (else period end)',
      },
    ),
    valueCol(
      formulaColumn('returns', '반품비', 'Returns (VAT incl.)', 'money'),
      sum(charge('return_pickup'), charge('return_restock')),
      {
        ko: '반품회수비·반품재입고비 합계금액(VAT포함)',
        en: 'Σ total (VAT incl.) of return pickup and restocking',
      },
    ),
    valueCol(formulaColumn('storage', '보관비', 'Storage (VAT incl.)', 'money'), sum(charge('storage')), {
      ko: '보관비 합계금액(VAT포함)',
      en: 'Σ total (VAT incl.) of storage',
    }),
    valueCol(formulaColumn('other_cfs', '기타 CFS', 'Other CFS (VAT incl.)', 'money'), sum(otherCharges), {
      ko: '그 밖의 CFS 비용(반출비, 반출 배송비, 바코드 등) 합계금액(VAT포함), 재고손실보상 제외',
      en: 'Σ total (VAT incl.) of the other CFS charges (vendor return, return shipping, barcode …), inventory compensation excluded',
    }),
    valueCol(formulaColumn('cost', '원가', 'Cost of goods (ex VAT)', 'money'), sum(helper('cost')), {
      ko: '원가 = Σ 순판매수량 × 그날의 단위원가(VAT별도, 원가 탭) — 원가 계산 탭의 이 옵션·이 달 행',
      en: 'Cost = Σ net units × the unit cost of their day (ex VAT, 원가 tab), from the Cost by day rows of this option and month',
    }),
    valueCol(
      formulaColumn('missing', '원가 미입력 수량', 'Units without cost', 'int'),
      sum(helper('missing'), { ...order('quantity'), when: UNASSIGNED_ROW }),
      {
        ko: '단위원가가 없는 날의 순판매수량 (미배정 행: 옵션ID 없는 주문행의 수량). 0이 아니면 공헌이익에 그만큼의 원가가 빠져 있음',
        en: 'Net units of days without a unit cost (the unassigned row: units of order lines without an option ID). When not 0, 공헌이익 lacks their cost',
      },
    ),
    valueCol(
      formulaColumn('contribution', '공헌이익', 'Contribution', 'money'),
      sub(
        sub(sub(col('supply_total'), col('commission')), add(...CHARGE_COLUMNS.map((c) => col(c)))),
        col('cost'),
      ),
      {
        ko: '공헌이익 = 공급대가 − 적용 수수료 − (입출고·배송비 + 반품비 + 보관비 + 기타 CFS) − 원가',
        en: 'Contribution = supply total − effective commission − (warehousing & delivery + returns + storage + other CFS) − cost',
      },
    ),
    valueCol(
      formulaColumn('margin', '공헌이익률', 'Contribution margin', 'rate', '0.0%'),
      {
        op: 'custom',
        formula: (ref) => `IF(${ref('supply_total')}=0,"",${ref('contribution')}/${ref('supply_total')})`,
        value: (get) => {
          const supply = get('supply_total');
          const contribution = get('contribution');
          return typeof supply === 'number' && supply !== 0 && typeof contribution === 'number'
            ? contribution / supply
            : null;
        },
        describe: { ko: '공헌이익 ÷ 공급대가', en: 'Contribution ÷ supply total' },
      },
      {
        ko: '공헌이익률 = 공헌이익 ÷ 공급대가 (공급대가가 0이면 비움)',
        en: 'Contribution ÷ supply total (blank when 0)',
      },
      false,
    ),
    {
      role: 'check',
      def: column('check', '검증', 'Check', 'formula', { yields: 'text', ignoreInCompare: true }),
      checks: [
        {
          kind: 'partition',
          label: { ko: '월 합계≠정규화 탭', en: 'month≠normalized tabs' },
          key: 'month',
          when: UNASSIGNED_ROW,
        },
        {
          kind: 'equal',
          label: { ko: '원가 계산 수량≠순판매수량', en: 'cost-by-day units≠net units' },
          left: sum(helper('quantity')),
          right: col('units'),
          when: ASSIGNED,
        },
      ],
    },
  ],
});
