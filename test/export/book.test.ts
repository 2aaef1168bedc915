// Exporting a cjet workbook: the data tabs as written, plus what the user typed — the commission
// override of a Fees row and the Commission settings rules — as typed. A cleared override leaves
// BigQuery at the next load; a cell that is not of its type stops the export before anything is written.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as XLSX from '@e965/xlsx';
import { beforeAll, describe, expect, it } from 'vitest';
import { columnIndex, FEES_TAB } from '../../src/core/model/tabs';
import { grid, readBook, writeBook } from '../cli-import/helpers';
import { generateMonth } from '../fixtures/generate';
import { SETTLEMENT_REPORTS } from '../fixtures/settlement';
import { cjet, query, runLoad, tempDir, writeFiles } from './helpers';

const SETTLEMENT = SETTLEMENT_REPORTS;

let dir: string;
let downloads: string[];
let book: string;
let orderLines: number;
let overrideLineKey: string;
let ruleOption: string;

const at = (key: string) => columnIndex(FEES_TAB, key);
const value = (cell: XLSX.CellObject | undefined) => cell?.v ?? null;

function editBook(
  edit: (fees: (XLSX.CellObject | undefined)[][], settings: (XLSX.CellObject | undefined)[][]) => void,
) {
  const wb = readBook(book);
  edit(grid(wb, '수수료'), grid(wb, '수수료 설정'));
  writeBook(book, wb);
}

function ndjson(path: string): Record<string, unknown>[] {
  return readFileSync(path, 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

beforeAll(async () => {
  dir = tempDir();
  const month = generateMonth(505, { reports: SETTLEMENT, vendorId: 'A00055555', ordersPerPeriod: 20 });
  downloads = writeFiles(dir, month.files);
  orderLines = month.files.find((f) => f.report === 'CATEGORY_TR')?.truth.orders?.lines ?? 0;
  book = join(dir, 'ledger.xlsx');
  const imported = await cjet(['import', ...downloads, '--out', book]);
  expect(imported.code).toBe(0);
  editBook((fees, settings) => {
    const row = fees[3]!;
    overrideLineKey = String(value(row[at('line_key')]));
    row[at('commission_override')] = { t: 'n', v: 12345 };
    ruleOption = String(value(fees[5]![at('option_id')]));
    const rule = settings[1] ?? [];
    settings[1] = rule;
    rule[0] = { t: 's', v: 'option' };
    rule[1] = { t: 's', v: ruleOption };
    rule[2] = { t: 'n', v: 10.8 };
    rule[3] = { t: 'n', v: 45658 }; // 2025-01-01 as a date serial, as a spreadsheet stores it
    rule[5] = { t: 's', v: '할인 행사 / promotion' };
  });
});

describe('cjet export of a workbook', () => {
  it('exports the override and the rule as typed, and they load into their tables', async () => {
    const out = join(dir, 'bq');
    const run = await cjet(['export', book, '--bigquery', out]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const overrides = ndjson(join(out, 'commission_overrides', '2025-01.ndjson'));
    expect(overrides).toEqual([
      expect.objectContaining({
        line_key: overrideLineKey,
        source_report: 'CATEGORY_TR',
        commission_override: 12345,
      }),
    ]);
    const rules = ndjson(join(out, 'commission_rules', 'all.ndjson'));
    expect(rules).toEqual([
      expect.objectContaining({
        scope: 'option',
        scope_id: ruleOption,
        rate_pct: 10.8,
        valid_from: '2025-01-01',
        valid_to: null,
        note: '할인 행사 / promotion',
      }),
    ]);
    // The Fees table holds what the import wrote; the user's column lives in its own table.
    const fees = ndjson(join(out, 'fees', '2025-01.ndjson'));
    expect(fees).toHaveLength(orderLines);
    expect(fees.every((row) => !('commission_override' in row) && !('effective_commission' in row))).toBe(
      true,
    );

    const db = 'book';
    const load = await runLoad(out, db);
    expect(load.stderr).toBe('');
    expect(load.code).toBe(0);
    expect(await query(db, 'SELECT line_key, commission_override FROM cjet.commission_overrides')).toEqual([
      { line_key: overrideLineKey, commission_override: 12345 },
    ]);
    expect(
      await query(
        db,
        'SELECT scope_id, rate_pct, CAST(valid_from AS VARCHAR) AS valid_from FROM cjet.commission_rules',
      ),
    ).toEqual([{ scope_id: ruleOption, rate_pct: 10.8, valid_from: '2025-01-01' }]);
    expect(await query(db, 'SELECT COUNT(*) AS n FROM cjet.orders')).toEqual([{ n: orderLines }]);
  });

  it('a cleared override disappears at the next load; the rules stay', async () => {
    editBook((fees) => {
      const row = fees.find((r) => value(r?.[at('line_key')]) === overrideLineKey)!;
      row[at('commission_override')] = undefined;
    });
    const out = join(dir, 'bq');
    const run = await cjet(['export', book, '--bigquery', out]);
    expect(run.code).toBe(0);
    expect(existsSync(join(out, 'commission_overrides'))).toBe(false); // no rows, only its scopes
    expect(existsSync(join(out, 'scopes', 'commission_overrides.ndjson'))).toBe(true);
    expect((await runLoad(out, 'book')).code).toBe(0);
    expect(await query('book', 'SELECT COUNT(*) AS n FROM cjet.commission_overrides')).toEqual([{ n: 0 }]);
    expect(await query('book', 'SELECT COUNT(*) AS n FROM cjet.commission_rules')).toEqual([{ n: 1 }]);
  });

  it('stops at a cell that is not of its type, naming tab, row and column, and writes nothing', async () => {
    editBook((fees) => {
      fees[3]![at('commission_override')] = { t: 's', v: '만원' };
    });
    const out = join(dir, 'bq-refused');
    const run = await cjet(['export', book, '--bigquery', out]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('[BAD_CELL]');
    expect(run.stdout).toContain('탭 수수료, 4행, 열 "수수료 직접입력(VAT포함)"');
    expect(run.stdout).toContain('"만원"');
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a workbook together with the downloads it was imported from (same scopes twice)', async () => {
    editBook((fees) => {
      fees[3]![at('commission_override')] = undefined;
    });
    const out = join(dir, 'bq-twice');
    const run = await cjet(['export', book, ...downloads, '--bigquery', out]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('[SCOPE_IN_TWO_INPUTS]');
    expect(existsSync(out)).toBe(false);
  });
});
