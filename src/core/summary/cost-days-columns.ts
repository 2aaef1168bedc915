/**
 * The columns of the per-(option, day) cost helper tab (원가 계산 / Cost by day), apart from its
 * declaration (profit.ts) so that formula.ts can sum it as a source tab without an import cycle.
 * Formula columns get their formulas from the declaration; this plain TabDef gives the column
 * letters and the tab's identity.
 */
import type { ColumnDef, TabDef } from '../model/tabs';

const formula = (key: string, ko: string, en: string, yields: ColumnDef['yields']): ColumnDef => ({
  key,
  ko,
  en,
  type: 'formula',
  yields,
  ignoreInCompare: true,
});

export const COST_DAYS_COLUMNS: readonly ColumnDef[] = [
  { key: 'option_id', ko: '옵션ID', en: 'Option ID', type: 'id' },
  { key: 'day', ko: '일자', en: 'Day', type: 'date' },
  formula('quantity', '순판매수량', 'Net units', 'int'),
  formula('cost_start', '원가 적용 시작(자동)', 'Cost valid from (auto)', 'int'),
  formula('unit_cost', '단위원가(VAT별도)', 'Unit cost (ex VAT)', 'money'),
  formula('cost', '원가', 'Cost', 'money'),
  formula('missing', '원가 미입력 수량', 'Units without cost', 'int'),
];

export const COST_DAYS_SOURCE_TAB: TabDef = {
  id: 'cost_days',
  ko: '원가 계산',
  en: 'Cost by day',
  protect: true,
  columns: COST_DAYS_COLUMNS,
};
