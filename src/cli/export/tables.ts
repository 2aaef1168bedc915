/**
 * The BigQuery tables of `cjet export`, generated from the tab definitions (src/core/model/tabs.ts),
 * the one source of truth: a column added to a tab flows into its table, schema and SQL by itself.
 *
 *   orders, fees, fulfillment   the data tabs' managed columns. Formula columns (the Fees tab's
 *                               rule_rate / effective_commission / commission_source) are left out:
 *                               they follow the user's overrides and rules, so the views compute
 *                               them from commission_overrides and commission_rules.
 *   import_log                  the Import log tab.
 *   commission_overrides        what the user typed in the Fees tab's override column (books only).
 *   commission_rules            the Commission settings tab as typed (books only).
 *   unit_costs                  the 원가 tab as typed (books only).
 *   holidays                    the days besides weekends the payout dates skip: a book's 휴일 tab,
 *                               else the built-in list (src/core/close/holidays.ts).
 *   payout_dates                1차 / 2차 지급일 of every settlement-line end (주정산, 월정산) over the
 *                               years of the data and of the holidays, computed with those holidays
 *                               by src/core/close/payout.ts — the function the 정산 지급 tab's values
 *                               come from — so the views need no business-day arithmetic in SQL.
 *
 * Every table has `vendor_id` (업체코드): from the tab once it has the column (schema version 2),
 * blank before that, and for the rules the vendors of the book they come from.
 */
import { COSTS_TAB } from '../../core/costs/table';
import {
  type CellType,
  type ColumnDef,
  FEES_TAB,
  FULFILLMENT_TAB,
  LOG_TAB,
  ORDERS_TAB,
  SETTINGS_TAB,
  type TabDef,
  type TabId,
} from '../../core/model/tabs';
import { HOLIDAYS_TAB } from '../../core/summary/tabs';

export type BqType = 'STRING' | 'INT64' | 'NUMERIC' | 'DATE' | 'DATETIME' | 'BOOL';

/** The value kinds of the tabs. `datetime` is listed ahead of the tab model that adds it (the
 *  Import log's time, schema version 2), so the mapping already covers it. */
type ValueType = Exclude<CellType, 'formula'> | 'datetime';

const BQ_TYPE: Record<ValueType, BqType> = {
  id: 'STRING',
  text: 'STRING',
  money: 'INT64',
  int: 'INT64',
  rate: 'NUMERIC',
  date: 'DATE',
  datetime: 'DATETIME',
  bool: 'BOOL',
};

export function bqTypeOf(type: ValueType): BqType {
  return BQ_TYPE[type];
}

export interface ExportColumn {
  name: string;
  type: BqType;
  /** Korean label first, then English (BigQuery shows it beside the column). */
  description: string;
}

export type TableName =
  | 'orders'
  | 'fees'
  | 'fulfillment'
  | 'import_log'
  | 'commission_overrides'
  | 'commission_rules'
  | 'unit_costs'
  | 'holidays'
  | 'payout_dates';

/**
 * How a load replaces what an earlier load put in the table:
 *   scope  rows whose (scope columns) equal one of the export's scopes are deleted, then the
 *          export's rows inserted: the importer's own scope (업체코드 + source report + 정산주기 end).
 *          Rows without a period_end have no scope; they are replaced by `key` (+ vendor_id).
 *   key    rows with the same key as an exported row are deleted first (the Import log: one row per
 *          import and file, so a log is never doubled and never loses another import's rows).
 */
export type ReplaceRule =
  | { kind: 'scope'; columns: readonly string[]; key: string | null }
  | { kind: 'key'; columns: readonly string[] };

export interface TableSpec {
  name: TableName;
  /** The tab the rows come from. */
  tab: TabId;
  description: string;
  columns: ExportColumn[];
  /** Monthly partitions by this DATE column (null: not partitioned). */
  partitionBy: 'period_end' | null;
  clusterBy: string[];
  replace: ReplaceRule;
  /** Only exported from a workbook (what the user typed). */
  userTable: boolean;
}

/** The tabs the tables come from; tests pass other versions of them. */
export interface TabSet {
  orders: TabDef;
  fees: TabDef;
  fulfillment: TabDef;
  log: TabDef;
  settings: TabDef;
  /** The 원가 tab (older test tab sets leave it out: the current one is used). */
  costs?: TabDef;
  /** The 휴일 tab. */
  holidays?: TabDef;
}

export const CORE_TABS: TabSet = {
  orders: ORDERS_TAB,
  fees: FEES_TAB,
  fulfillment: FULFILLMENT_TAB,
  log: LOG_TAB,
  settings: SETTINGS_TAB,
  costs: COSTS_TAB,
  holidays: HOLIDAYS_TAB,
};

export const VENDOR_COLUMN = 'vendor_id';
const VENDOR_DESCRIPTION = '업체코드 / Vendor ID';
const RULES_VENDOR_DESCRIPTION =
  '업체코드: 이 설정이 있던 통합문서의 업체 / Vendor ID: a vendor of the workbook these rules come from';

function describe(col: ColumnDef): string {
  return col.ko === col.en ? col.ko : `${col.ko} / ${col.en}`;
}

function columnOf(col: ColumnDef): ExportColumn {
  const type: ValueType = col.type === 'formula' ? (col.yields ?? 'text') : col.type;
  return { name: col.key, type: bqTypeOf(type), description: describe(col) };
}

/** Managed, typed-by-import columns of a tab (no formulas, no user-owned cells). */
function dataColumns(tab: TabDef): ExportColumn[] {
  return tab.columns.filter((c) => c.type !== 'formula' && !c.userOwned).map(columnOf);
}

/** vendor_id where the tab does not have it yet (blank until schema version 2). */
function withVendor(columns: ExportColumn[], description = VENDOR_DESCRIPTION): ExportColumn[] {
  if (columns.some((c) => c.name === VENDOR_COLUMN)) return columns;
  return [...columns, { name: VENDOR_COLUMN, type: 'STRING', description }];
}

function has(columns: readonly ExportColumn[], name: string): boolean {
  return columns.some((c) => c.name === name);
}

function pick(tab: TabDef, keys: readonly string[]): ExportColumn[] {
  return keys.map((key) => {
    const col = tab.columns.find((c) => c.key === key);
    if (!col) throw new Error(`${tab.id} has no column ${key}`);
    return columnOf(col);
  });
}

function tableDescription(tab: TabDef, extra = ''): string {
  return `${tab.ko} / ${tab.en}${extra} — cjet`;
}

function finish(spec: Omit<TableSpec, 'partitionBy' | 'clusterBy'>): TableSpec {
  return {
    ...spec,
    partitionBy: has(spec.columns, 'period_end') ? 'period_end' : null,
    clusterBy: [VENDOR_COLUMN, 'option_id'].filter((name) => has(spec.columns, name)),
  };
}

const SCOPE = [VENDOR_COLUMN, 'source_report', 'period_end'] as const;

export function tableSpecs(tabs: TabSet = CORE_TABS): TableSpec[] {
  const dataTable = (name: TableName, tab: TabDef): TableSpec =>
    finish({
      name,
      tab: tab.id,
      description: tableDescription(tab),
      columns: withVendor(dataColumns(tab)),
      replace: { kind: 'scope', columns: SCOPE, key: 'line_key' },
      userTable: false,
    });
  const overrideColumn = tabs.fees.columns.find((c) => c.userOwned);
  if (!overrideColumn) throw new Error('the Fees tab has no user-owned override column');
  return [
    dataTable('orders', tabs.orders),
    dataTable('fees', tabs.fees),
    dataTable('fulfillment', tabs.fulfillment),
    finish({
      name: 'import_log',
      tab: tabs.log.id,
      description: tableDescription(tabs.log),
      columns: withVendor(dataColumns(tabs.log)),
      replace: { kind: 'key', columns: [VENDOR_COLUMN, 'import_id', 'file', 'sha256'] },
      userTable: false,
    }),
    finish({
      name: 'commission_overrides',
      tab: tabs.fees.id,
      description: `${overrideColumn.ko} / ${overrideColumn.en} (${tabs.fees.ko} / ${tabs.fees.en}) — cjet`,
      // The Fees row's scope and key, then the value the user typed.
      columns: withVendor([
        ...pick(tabs.fees, ['line_key', 'source_report', 'period_end']),
        columnOf(overrideColumn),
      ]),
      replace: { kind: 'scope', columns: SCOPE, key: 'line_key' },
      userTable: true,
    }),
    finish({
      name: 'commission_rules',
      tab: tabs.settings.id,
      description: tableDescription(tabs.settings),
      columns: [
        { name: VENDOR_COLUMN, type: 'STRING', description: RULES_VENDOR_DESCRIPTION },
        ...dataColumns(tabs.settings).filter((c) => c.name !== VENDOR_COLUMN),
      ],
      // A workbook's rules replace that vendor's rules as a whole (a deleted rule disappears).
      replace: { kind: 'scope', columns: [VENDOR_COLUMN], key: null },
      userTable: true,
    }),
    unitCostsSpec(tabs.costs ?? COSTS_TAB),
    holidaysSpec(tabs.holidays ?? HOLIDAYS_TAB),
    payoutDatesSpec(),
  ];
}

const UNIT_COST_COLUMN = 'unit_cost';

/** 원가: as typed, with the vendors of the book (like the rules). The unit cost is NUMERIC, not INT64:
 *  the tab takes a fractional unit cost (333.5) and rounds the cost of each option and day. */
function unitCostsSpec(tab: TabDef): TableSpec {
  return finish({
    name: 'unit_costs',
    tab: tab.id,
    description: tableDescription(tab),
    columns: [
      {
        name: VENDOR_COLUMN,
        type: 'STRING',
        description:
          '업체코드: 이 원가가 있던 통합문서의 업체 / Vendor ID: a vendor of the workbook these costs come from',
      },
      ...tab.columns
        .map(columnOf)
        .map((c) => (c.name === UNIT_COST_COLUMN ? { ...c, type: 'NUMERIC' as const } : c)),
    ],
    // A workbook's costs replace that vendor's costs as a whole (a deleted row disappears).
    replace: { kind: 'scope', columns: [VENDOR_COLUMN], key: null },
    userTable: true,
  });
}

/** 휴일: the calendar the payout dates were computed with; a load replaces the years it lists. */
function holidaysSpec(tab: TabDef): TableSpec {
  return finish({
    name: 'holidays',
    tab: tab.id,
    description: tableDescription(tab, ' (주말 외 휴일 / non-working days besides weekends)'),
    columns: [
      ...tab.columns.map(columnOf),
      { name: 'year', type: 'INT64', description: '연도 (적재 범위) / Year (the scope a load replaces)' },
    ],
    replace: { kind: 'scope', columns: ['year'], key: null },
    userTable: false,
  });
}

function payoutDatesSpec(): TableSpec {
  const date = (name: string, ko: string, en: string): ExportColumn => ({
    name,
    type: 'DATE',
    description: `${ko} / ${en}`,
  });
  const spec = finish({
    name: 'payout_dates',
    tab: 'payouts',
    description:
      '정산 라인(정산유형 × 정산주기 종료일)의 지급일, 휴일 테이블로 계산 / Payout dates of every settlement line end, computed with the holidays table — cjet',
    columns: [
      { name: 'cycle', type: 'STRING', description: '정산유형 (주정산 / 월정산) / Settlement cycle' },
      date('period_end', '정산주기(종료일)', 'Period end'),
      date('base_date', '기준일 (그 주 일요일 또는 월말)', 'Base date (the week’s Sunday or the month end)'),
      date('first_date', '1차 지급일', '1st payout date'),
      date('second_date', '2차 지급일 (월정산: 없음)', '2nd payout date (monthly: none)'),
      {
        name: 'holidays_known',
        type: 'BOOL',
        description:
          '셈한 날이 모두 휴일 목록이 있는 해 / every counted day lies in a year the holidays list covers',
      },
    ],
    replace: { kind: 'key', columns: ['cycle', 'period_end'] },
    userTable: false,
  });
  // A lookup of ~80 rows a year: one file and one load, not a partition per month.
  return { ...spec, partitionBy: null };
}

/** BigQuery's JSON schema file (`bq load … schema.json`, `bq mk --schema`). */
export function bigQuerySchema(spec: TableSpec): object[] {
  return spec.columns.map((c) => ({
    name: c.name,
    type: c.type,
    mode: 'NULLABLE',
    description: c.description,
  }));
}

/** Columns of a scope row (the replaced scopes of one load). */
export function scopeColumns(spec: TableSpec): ExportColumn[] {
  if (spec.replace.kind !== 'scope') return [];
  const scope = spec.replace.columns;
  return scope.map((name) => {
    const col = spec.columns.find((c) => c.name === name);
    if (!col) throw new Error(`${spec.name} has no scope column ${name}`);
    return col;
  });
}
