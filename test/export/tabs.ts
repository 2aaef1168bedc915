/**
 * The BigQuery views against the workbook's summary tabs: the tabs' formulas evaluated by HyperFormula
 * (the expected side, outside the code under test), the views queried on the DuckDB database load.sh
 * filled. Rows are matched by their keys as the tab shows them (귀속월 · 과세유형 · 구분 …); every figure
 * the view carries must equal the evaluated cell, and the tab's 합계 rows must equal Σ of the view.
 */
import { expect } from 'vitest';
import { viewColumns } from '../../src/cli/export/views';
import { keyColumns } from '../../src/core/summary/define';
import {
  type CellValue,
  type EvaluatedBook,
  type EvaluateOptions,
  evaluateInHyperFormula,
  fromXlsx,
} from '../engines';
import { readBook, recordsOf } from '../summary/workbook';
import { query, type Row } from './helpers';

/** Date columns of the summary tabs (the engines return serials otherwise). */
export const SUMMARY_DATES: EvaluateOptions = {
  dateColumns: { 월마감: ['A'], '정산 지급': ['B', 'G', 'I', 'L'], '옵션별 손익': ['A'], '원가 계산': ['B'] },
};

export function evaluateBook(bytes: Uint8Array): EvaluatedBook {
  return evaluateInHyperFormula(fromXlsx(readBook(bytes)), SUMMARY_DATES);
}

/** A cell as compared: blank → null, numbers as numbers, the rest as text. */
function norm(value: CellValue | Row[string] | undefined): string | number | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'number') return value;
  return String(value);
}

export interface ViewComparison {
  view: string;
  rows: number;
  /** Σ of each total column over the view. */
  sums: Record<string, number>;
}

/**
 * Every view's rows equal the tab's data rows (same keys, same figures), and the tab's 합계 rows equal
 * Σ of the view's rows (per group where the tab totals per group). `vendor`: the vendor the book holds.
 */
export async function expectViewsEqualTabs(
  db: string,
  values: EvaluatedBook,
  vendor = '',
): Promise<ViewComparison[]> {
  const out: ViewComparison[] = [];
  for (const { view, tab, columns } of viewColumns()) {
    if (view === 'v_cost_days') continue; // the helper tab is compared through 옵션별 손익
    const keys = keyColumns(tab.def).map((k) => k.def);
    const figures = columns.filter((c) => !keys.some((k) => k.key === c.key));
    const sheet = recordsOf(values, tab.tab.ko);
    const total = tab.def.totalLabel.ko;
    const isTotal = (r: Record<string, CellValue>) => keys.some((k) => r[k.ko] === total);
    const data = sheet.filter((r) => !isTotal(r) && keys.some((k) => norm(r[k.ko]) !== null));
    const rows = await query(db, `SELECT * FROM cjet.${view} WHERE vendor_id = '${vendor}'`);
    const id = (get: (k: { key: string; ko: string }) => unknown) =>
      keys.map((k) => String(norm(get(k) as CellValue) ?? '')).join(' | ');
    const want = new Map(data.map((r) => [id((k) => r[k.ko]), r]));
    const got = new Map(rows.map((r) => [id((k) => r[k.key]), r]));
    expect([...got.keys()].sort(), `${view}: rows`).toEqual([...want.keys()].sort());
    for (const [key, row] of want) {
      const viewRow = got.get(key)!;
      for (const c of figures) {
        const expected = norm(row[c.ko]);
        const actual = norm(viewRow[c.key]);
        if (typeof expected === 'number' && typeof actual === 'number' && !Number.isInteger(expected))
          expect(actual, `${view} ${key} ${c.ko}`).toBeCloseTo(expected, 12);
        else expect(actual, `${view} ${key} ${c.ko}`).toBe(expected);
      }
    }
    // The 합계 rows: Σ of the view's rows (of the group the row totals).
    const totalled = figures.filter((c) =>
      tab.def.columns.some((d) => d.def.key === c.key && d.role === 'value' && d.total),
    );
    const groupKey = tab.def.groups ? keys.find((k) => k.key === tab.def.groups!.key) : undefined;
    const totalRows = sheet.filter(isTotal);
    expect(totalRows.length, `${view}: 합계 rows`).toBeGreaterThan(0);
    for (const t of totalRows) {
      const members = rows.filter((r) => !groupKey || norm(r[groupKey.key]) === norm(t[groupKey.ko]));
      for (const c of totalled) {
        const sum = members.reduce(
          (n, r) => n + (typeof r[c.key] === 'number' ? (r[c.key] as number) : 0),
          0,
        );
        expect(sum, `${view} 합계 ${groupKey ? String(t[groupKey.ko]) : ''} ${c.ko}`).toBe(
          norm(t[c.ko]) ?? 0,
        );
      }
    }
    const sums: Record<string, number> = {};
    for (const c of totalled)
      sums[c.key] = rows.reduce((n, r) => n + (typeof r[c.key] === 'number' ? (r[c.key] as number) : 0), 0);
    out.push({ view, rows: rows.length, sums });
  }
  return out;
}

/** Row counts and Σ of every numeric column of every table and view (what a reload must not change). */
export async function datasetFigures(db: string): Promise<Row[]> {
  const tables = await query(
    db,
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'cjet' ORDER BY table_name",
  );
  const out: Row[] = [];
  for (const { table_name: name } of tables) {
    const columns = await query(
      db,
      // Exact types only: a SUM of doubles (공헌이익률) may differ in its last bit with the row order.
      `SELECT column_name FROM information_schema.columns WHERE table_schema = 'cjet' AND table_name = '${name}'
       AND (data_type IN ('BIGINT', 'INTEGER') OR data_type LIKE 'DECIMAL%') ORDER BY column_name`,
    );
    const sums = columns.map((c) => `SUM(${c.column_name}) AS ${c.column_name}`);
    const [row] = await query(
      db,
      `SELECT COUNT(*) AS n${sums.map((s) => `, ${s}`).join('')} FROM cjet.${name}`,
    );
    out.push({ table: String(name), ...row });
  }
  return out;
}
