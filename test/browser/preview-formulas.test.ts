// The preview shows the tabs as Google Sheets would: the Fees formulas computed (by the core's
// implementation of them), following an override and a rule typed after the import.
import { describe, expect, it } from 'vitest';
import { createEnv } from '../../gas-emulator';
import { columnIndex, columnLetter, FEES_TAB } from '../../src/core/model/tabs';
import { snapshot } from '../../src/preview/backend';
import { normalizedMonth, runImport, SETTLEMENT_REPORTS } from '../addon/driver';

const column = (key: string) => columnIndex(FEES_TAB, key);

describe('GET /api/sheets computes formula cells', () => {
  it('shows the effective commission and its source for collected, override and rule rows', () => {
    const env = createEnv();
    const month = normalizedMonth(8, { reports: SETTLEMENT_REPORTS });
    runImport(env, month, { chunkRows: 1000 });

    const before = snapshot(env.spreadsheet)['수수료']!;
    const rows = before.slice(1);
    expect(rows.length).toBe(month.fees.length);
    // Straight after the import every line carries its collected commission.
    for (const row of rows) {
      const collected = row[column('collected_total')];
      expect(row[column('commission_source')]).toBe(collected === '' ? 'none' : 'collected');
      expect(row[column('effective_commission')]).toBe(collected === '' ? 0 : collected);
    }

    // Another person types an override on row 2, and a category rule that covers row 3.
    const overrideCell = `${columnLetter(column('commission_override') + 1)}2`;
    env.spreadsheet.userEdit('수수료', overrideCell, '777');
    const third = rows[1]!;
    const category = String(third[column('category')]);
    env.spreadsheet.userEdit('수수료 설정', 'A2', 'category');
    env.spreadsheet.userEdit('수수료 설정', 'B2', category);
    env.spreadsheet.userEdit('수수료 설정', 'C2', '10');

    const after = snapshot(env.spreadsheet)['수수료']!;
    expect(after[1]?.[column('effective_commission')]).toBe(777);
    expect(after[1]?.[column('commission_source')]).toBe('override');
    const base = Number(third[column('commission_base')]);
    expect(after[2]?.[column('rule_rate')]).toBe(10);
    expect(after[2]?.[column('effective_commission')]).toBe(Math.round(base * 0.1 * 1.1));
    expect(after[2]?.[column('commission_source')]).toBe('rule');
  });
});
