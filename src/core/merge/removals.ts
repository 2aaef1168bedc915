/**
 * Step of the plan: the rows to remove (superseded v1 rows, rows of replaced periods) go into the tab
 * plans, and a removed row that held an override or anything right of the table is reported with its
 * content, so nothing a person typed disappears silently. `summarizeRemovals` gives the seller's
 * question before anything is written: how many rows, how much money, which periods.
 */
import { makeProblem, thousands } from '../messages';
import type { Problem } from '../model/records';
import type { DataTabId, Lang, RemovalScope, Removals } from '../model/rpc';
import { headerRow, type TabDef, tabLabel } from '../model/tabs';
import type { TabPlan } from './plan';
import { DATA_TAB_IDS } from './table';
import type { TableView } from './view';

export function planRemovals(
  plans: Record<DataTabId, TabPlan>,
  removed: Record<DataTabId, Set<number>>,
  existing: Record<DataTabId, TableView>,
  lang: Lang,
): { preservedUserRows: number; problems: Problem[] } {
  let preservedUserRows = 0;
  const problems: Problem[] = [];
  for (const id of DATA_TAB_IDS) {
    const plan = plans[id];
    plan.removals = [...removed[id]].sort((a, b) => a - b);
    plan.counts.removed = plan.removals.length;
    if (plan.removals.length === 0) continue;
    // What a person typed on the rows that go: the user-owned columns and the cells right of the table.
    const userKeys = plan.tab.columns.filter((col) => col.userOwned).map((col) => col.key);
    existing[id].loadRows(plan.removals, ['line_key', ...userKeys], true);
    for (const i of plan.removals) {
      plan.updates.delete(i);
      plan.cellUpdates.delete(i);
      const content = userContent(plan.tab, existing[id], i, lang);
      if (!content) continue;
      preservedUserRows++;
      const label = tabLabel(plan.tab, lang);
      problems.push(
        makeProblem(
          'REMOVED_ROW_USER_DATA',
          'warning',
          { file: label, sheet: label, tab: true, row: i + 2, column: content.columns, value: content.value },
          { key: content.key },
        ),
      );
    }
  }
  return { preservedUserRows, problems };
}

/** The override and the cells right of the table, when a removed row holds any. */
function userContent(
  tab: TabDef,
  view: TableView,
  index: number,
  lang: Lang,
): { key: string; columns: string; value: string } | null {
  const row = view.row(index);
  const header = view.header();
  const labels = headerRow(tab, lang);
  const parts: string[] = [];
  const columns: string[] = [];
  row.forEach((cell, c) => {
    const userOwned = c >= tab.columns.length || tab.columns[c]?.userOwned;
    if (!userOwned || cell === null || cell === '') return;
    const name = String(header[c] ?? labels[c] ?? `#${c + 1}`);
    columns.push(name);
    parts.push(`${name}=${String(cell)}`);
  });
  if (parts.length === 0) return null;
  return { key: String(row[0] ?? ''), columns: columns.join(', '), value: parts.join('; ') };
}

/** Orders and Fulfillment rows with their money (Fees rows follow their Orders line). */
export function summarizeRemovals(scopes: readonly RemovalScope[]): Removals {
  let rows = 0;
  let amount = 0;
  for (const s of scopes) {
    if (s.tab === 'fees') continue;
    rows += s.rows;
    amount += s.amount;
  }
  return { rows, amount, scopes: scopes.filter((s) => s.rows > 0) };
}

/** `CATEGORY_TR 2025-01-31: 3행 rows (₩9,000); SELLER_INSIGHTS 2025-01-01..2025-01-31: …` */
export function describeRemovals(removals: Removals): string {
  const parts = new Map<string, { rows: number; amount: number }>();
  for (const s of removals.scopes) {
    if (s.tab === 'fees') continue;
    const period = s.period_start ? `${s.period_start}..${s.period_end}` : (s.period_end ?? '');
    const key = `${s.source_report} ${period}`;
    const part = parts.get(key) ?? { rows: 0, amount: 0 };
    part.rows += s.rows;
    part.amount += s.amount;
    parts.set(key, part);
  }
  return [...parts].map(([key, p]) => `${key}: ${p.rows} (₩${thousands(p.amount)})`).join('; ');
}
