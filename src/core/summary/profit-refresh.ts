/**
 * The profit refresh (issue #12), run by refreshSummaries after the month-close tabs: the user's 원가
 * tab is created (header only) when missing and read, never written; the workbook names the cost
 * lookup reads are pointed at its rows; then the 원가 계산 helper and 옵션별 손익 are refreshed like every
 * summary tab (rows by key, formulas per row, cached values), the profit tab from the helper's rows.
 */
import { COST_RANGE_NAMES, type CostRangeKey, costRangeLastRow } from '../costs/formula';
import { COSTS_TAB, type CostTable, parseCostTable } from '../costs/table';
import type { WorkbookPort } from '../merge/port';
import { makeProblem } from '../messages';
import type { Problem } from '../model/records';
import type { Lang } from '../model/rpc';
import { tabLabel } from '../model/tabs';
import { serialToIso } from '../util/dates';
import type { Sources } from './evaluate';
import { costDaysTab, PROFIT } from './profit';
import { refreshTab, type TabRefresh } from './refresh-tab';

export interface ProfitRefresh {
  costs: CostTable;
  helper: TabRefresh;
  profit: TabRefresh;
  /** The sources with the helper's rows as the profit tab sums them. */
  sources: Sources;
}

const COST_COLUMNS: Record<string, { ko: string; en: string; expectedKo: string; expectedEn: string }> = {
  unit_cost: {
    ko: '단위원가(VAT별도)',
    en: 'Unit cost (ex VAT)',
    expectedKo: '0 이상의 숫자',
    expectedEn: 'a number ≥ 0',
  },
  valid_from: { ko: '적용 시작일', en: 'Valid from', expectedKo: '날짜', expectedEn: 'a date' },
  valid_to: { ko: '적용 종료일', en: 'Valid to', expectedKo: '날짜', expectedEn: 'a date' },
};

/** Reads the 원가 tab (creating it empty unless a dry run) and reports what the lookup ignores. */
export function readCosts(port: WorkbookPort, dryRun: boolean, problems: Problem[]): CostTable {
  const where = { file: tabLabel(COSTS_TAB, port.lang), sheet: tabLabel(COSTS_TAB, port.lang) };
  const exists = port.hasTab(COSTS_TAB);
  if (!dryRun && !port.ensureTab(COSTS_TAB)) {
    problems.push(
      makeProblem('SUMMARY_TAB_MISMATCH', 'warning', where, { tab: COSTS_TAB.ko, tab_en: COSTS_TAB.en }),
    );
    return parseCostTable([]);
  }
  const table = parseCostTable(exists ? port.read(COSTS_TAB).rows : []);
  for (const issue of table.issues) {
    if (issue.kind === 'invalid') {
      const c = COST_COLUMNS[issue.column]!;
      problems.push(
        makeProblem(
          'COST_ROW_INVALID',
          'warning',
          { ...where, row: issue.row + 2, column: port.lang === 'en' ? c.en : c.ko, value: issue.value },
          {
            row: issue.row + 2,
            option: issue.optionId,
            column: c.ko,
            column_en: c.en,
            expected_ko: c.expectedKo,
            expected_en: c.expectedEn,
            value: issue.value,
          },
        ),
      );
    } else if (issue.kind === 'reversed') {
      problems.push(
        makeProblem(
          'COST_RANGE_REVERSED',
          'warning',
          { ...where, row: issue.row + 2 },
          { row: issue.row + 2, option: issue.optionId },
        ),
      );
    } else {
      problems.push(
        makeProblem(
          'COST_TIE',
          'warning',
          { ...where, row: issue.rows[0]! + 2 },
          {
            rows: issue.rows.map((r) => r + 2).join(', '),
            option: issue.optionId,
            from: issue.from <= 1 ? '-' : (serialToIso(issue.from) ?? String(issue.from)),
          },
        ),
      );
    }
  }
  return table;
}

/** Points the cost lookup's workbook names at the 원가 tab's rows in use plus the margin. */
export function setCostRanges(port: WorkbookPort, costs: CostTable): void {
  const last = costRangeLastRow(costs.lastUsedRow);
  for (const key of Object.keys(COST_RANGE_NAMES) as CostRangeKey[])
    port.setNamedRange(COST_RANGE_NAMES[key], COSTS_TAB, key, 2, last);
}

export function refreshProfit(
  port: WorkbookPort,
  sources: Sources,
  lang: Lang,
  dryRun: boolean,
  problems: Problem[],
): ProfitRefresh {
  // Tab order for a new workbook: 옵션별 손익, then 원가, then its helper.
  if (!dryRun) port.ensureTab(PROFIT.tab);
  const costs = readCosts(port, dryRun, problems);
  const helperDef = costDaysTab(costs);
  if (!dryRun && port.hasTab(COSTS_TAB)) {
    port.ensureTab(helperDef.tab);
    setCostRanges(port, costs);
  }
  // The helper's unplaced lines (no option, no day) are the profit tab's to report.
  const helper = refreshTab(port, helperDef, sources, lang, dryRun, problems, false);
  const withHelper: Sources = { ...sources, cost_days: helper.rows.map((r) => r.cells) };
  const profit = refreshTab(port, PROFIT, withHelper, lang, dryRun, problems);
  return { costs, helper, profit, sources: withHelper };
}
