// A spreadsheet nearly full (issue #13): past 80 % of Google's 10,000,000 cells, the import summary
// (and so the dialog, which shows its warnings) says how full it is, how many more months like this
// import fit — from the cells this import actually added — and points to the README's BigQuery section.
import { describe, expect, it } from 'vitest';
import { createEnv, type GasEnv } from '../../gas-emulator';
import type { NormalizeResult } from '../../src/core/model/records';
import { feeFor, v2Order } from '../merge/records';
import { runImport } from './driver';

/** `n` v2 order lines of one settlement period from `first` on, each with its fee row. */
function lines(first: number, n: number, periodEnd = '2025-01-31'): NormalizeResult {
  const orders = Array.from({ length: n }, (_, i) =>
    v2Order(String(400000 + first + i), String(800000 + first + i), periodEnd, { source_row: i + 2 }),
  );
  return { files: [], problems: [], orders, fees: orders.map((o) => feeFor(o)), fulfillment: [] };
}

const gridCells = (env: GasEnv) => env.spreadsheet.sheets.reduce((n, s) => n + s.maxRows * s.maxColumns, 0);
const isFullWarning = (w: string) => w.includes('BigQuery');

describe('the spreadsheet passes 80 % of its cells', () => {
  it('says nothing below 80 %', () => {
    const env = createEnv();
    const run = runImport(env, lines(0, 50));
    // The finish counts the summary tabs the refresh after it creates as if they were there; the
    // refresh then grows the 원가 tab by its margin row (26 cells).
    expect(Math.abs((run.finish?.capacity?.used ?? 0) - gridCells(env))).toBeLessThanOrEqual(26);
    expect(run.finish?.warnings.filter(isFullWarning)).toEqual([]);
  });

  it('past 80 %: how full, how many more months fit (from the cells this import added), and where to go', () => {
    const env = createEnv();
    runImport(env, lines(0, 50));
    // Another sheet of the user's takes the spreadsheet to 8,100,000 cells.
    env.spreadsheet.seed('자료', [['x']]);
    const other = env.spreadsheet.findSheet('자료')!;
    other.maxRows = Math.floor(
      (8_100_000 - (gridCells(env) - other.maxRows * other.maxColumns)) / other.maxColumns,
    );
    const before = gridCells(env);
    expect(before).toBeGreaterThan(8_000_000);

    // Measured where the finish measures (the month-close refresh after it only rewrites its rows).
    const run = runImport(env, lines(1000, 3000, '2025-02-28'), { skipClose: true });
    expect(run.finish?.refused).toBeNull();
    const after = gridCells(env);
    const added = after - before;
    // One month imported (period end 2025-02-28): the months left are the free cells over what it took.
    const monthsLeft = Math.floor((10_000_000 - after) / added);
    expect(added).toBeGreaterThan(3000 * 2);
    expect(run.finish?.capacity).toEqual({ used: after, limit: 10_000_000, added, months: 1, monthsLeft });
    const warnings = run.finish!.warnings.filter(isFullWarning);
    expect(warnings).toHaveLength(1);
    const warning = warnings[0]!;
    const percent = Math.floor((after * 100) / 10_000_000);
    // Korean first, then English; the figures in both.
    expect(warning.indexOf('스프레드시트가 셀 한도의')).toBe(0);
    expect(warning.indexOf('This spreadsheet uses')).toBeGreaterThan(0);
    expect(warning).toContain(`${percent}%`);
    expect(warning).toContain(`약 ${monthsLeft}개월분`);
    expect(warning).toContain(`About ${monthsLeft} more month(s)`);
    expect(warning).toContain(`${after.toLocaleString('en-US')}`);
    expect(warning).toContain("README의 'BigQuery' 절");
    expect(warning).toContain('README\'s "BigQuery" section');
  });
});
