/**
 * The emulator stores formulas but does not compute them (gas-emulator/README.md); Google Sheets does.
 * The only formulas the add-on writes are the Fees tab's rule rate / effective commission / source
 * and the settings tab's two helper columns, so the preview fills them in with the core's own
 * implementation of those formulas (src/core/merge/commission.ts). That implementation is checked
 * against the formulas themselves by a real engine (HyperFormula) in test/merge and test/cli-import;
 * evaluating them here with HyperFormula instead took ~10 s per 6,500 fee rows.
 */
import {
  effectiveCommission,
  parseRules,
  SETTINGS_HELPER_KEYS,
  settingsHelperValues,
} from '../core/merge/commission';
import { columnIndex, FEES_TAB, headerMatches, SETTINGS_TAB, type TabDef } from '../core/model/tabs';
import type { SheetsSnapshot } from './sheets-page';

type Row = unknown[];

function tableOf(snapshot: SheetsSnapshot, tab: TabDef): Row[] | undefined {
  return Object.values(snapshot).find((rows) => rows.length > 0 && headerMatches(tab, rows[0] ?? []));
}

const text = (cell: unknown): string | null =>
  cell === '' || cell === null || cell === undefined ? null : String(cell);
const amount = (cell: unknown): number | null => (typeof cell === 'number' ? cell : null);

/** Fills the computed formula cells of the settings and Fees tabs in `snapshot` (dates already ISO). */
export function fillComputedFormulas(snapshot: SheetsSnapshot): void {
  const settings = tableOf(snapshot, SETTINGS_TAB);
  const settingsColumn = (key: string) => columnIndex(SETTINGS_TAB, key);
  const ruleRows = (settings ?? []).slice(1);
  const typed = ruleRows.map((row) =>
    row.slice(settingsColumn('scope'), settingsColumn('note') + 1).map((cell) => (cell === '' ? null : cell)),
  );
  ruleRows.forEach((row, i) => {
    if (typed[i]!.every((cell) => cell === null)) return;
    const values = settingsHelperValues(typed[i]!);
    for (const key of SETTINGS_HELPER_KEYS) row[settingsColumn(key)] = values[key];
  });
  const rules = parseRules(typed);

  const fees = tableOf(snapshot, FEES_TAB);
  const column = (key: string) => columnIndex(FEES_TAB, key);
  for (const row of (fees ?? []).slice(1)) {
    const result = effectiveCommission(
      {
        option_id: text(row[column('option_id')]),
        product_id: text(row[column('product_id')]),
        category: text(row[column('category')]),
        recognition_date: text(row[column('recognition_date')]),
        period_end: text(row[column('period_end')]),
        commission_base: amount(row[column('commission_base')]) ?? 0,
        collected_total: amount(row[column('collected_total')]),
      },
      amount(row[column('commission_override')]),
      rules,
    );
    row[column('rule_rate')] = result.ruleRate ?? '';
    row[column('effective_commission')] = result.effective;
    row[column('commission_source')] = result.source;
  }
}
