// What Google does that a lenient fake would hide (issue #9): the manifest's scopes decide whether the
// Import log can name the user, the override column stays free on rows added after the tab was made,
// and creating tabs does not move the user off the sheet they had open.
import { describe, expect, it } from 'vitest';
import { createEnv, SCOPES } from '../../gas-emulator';
import type { NormalizeResult } from '../../src/core/model/records';
import { columnIndex, FEES_TAB, LOG_TAB } from '../../src/core/model/tabs';
import { feeFor, v2Order } from '../merge/records';
import { normalizedMonth, runImport } from './driver';

const LOG = '가져오기 기록';
const FEES = '수수료';

/** `n` v2 order lines, each with its fee row. */
function lines(n: number): NormalizeResult {
  const orders = Array.from({ length: n }, (_, i) =>
    v2Order(String(300000 + i), String(700000 + i), '2025-01-31', { source_row: i + 2 }),
  );
  return { files: [], problems: [], orders, fees: orders.map((o) => feeFor(o)), fulfillment: [] };
}

const loggedUsers = (env: ReturnType<typeof createEnv>) =>
  env.spreadsheet
    .sheetValues(LOG)
    .slice(1)
    .map((row) => row[columnIndex(LOG_TAB, 'user')]);

describe('the Import log names who imported', () => {
  it('with the shipped manifest (userinfo.email declared), the user column holds the address', () => {
    const env = createEnv({ userEmail: 'seller@example.com' });
    expect(env.grantedScopes().has(SCOPES.userinfoEmail)).toBe(true);
    const month = normalizedMonth(5, { reports: ['CATEGORY_TR', 'STORAGE_FEE'] });
    runImport(env, month);
    expect(loggedUsers(env)).toHaveLength(month.files.length);
    expect(new Set(loggedUsers(env))).toEqual(new Set(['seller@example.com']));
  });

  it('without the scope Google gives a blank address, so the column would stay empty', () => {
    const env = createEnv({
      userEmail: 'seller@example.com',
      oauthScopes: [SCOPES.spreadsheetsCurrentOnly, SCOPES.containerUi],
    });
    runImport(env, normalizedMonth(5, { reports: ['CATEGORY_TR'] }));
    expect(loggedUsers(env)).toEqual(['']);
  });
});

describe('the override column stays unprotected on rows added later', () => {
  it('widens the free range of the Fees protection whenever the grid grows', () => {
    const env = createEnv();
    const fees = () => env.spreadsheet.findSheet(FEES)!;
    // Free: the override column, and everything right of the table (the Fees columns of schema
    // version 2 sit between the two and stay protected).
    const freeRanges = () => {
      const protection = env.spreadsheet.protections.find((p) => p.sheetId === fees().id && !p.rect)!;
      expect(protection.warningOnly).toBe(true);
      return protection.unprotected;
    };
    const override = columnIndex(FEES_TAB, 'commission_override') + 1;
    const width = FEES_TAB.columns.length;
    const expected = () => [
      { row: 1, col: override, numRows: fees().maxRows, numCols: 1 },
      ...(fees().maxColumns > width
        ? [{ row: 1, col: width + 1, numRows: fees().maxRows, numCols: fees().maxColumns - width }]
        : []),
    ];
    runImport(env, lines(10));
    // The grid of a data tab is its header and its rows (every cell counts against 10,000,000).
    expect(fees().maxRows).toBe(11);
    expect(fees().maxColumns).toBe(width);
    expect(freeRanges()).toEqual(expected());

    // 1,500 more lines: the grid grows past row 1000, and the free ranges with it.
    runImport(env, lines(1500));
    expect(fees().maxRows).toBeGreaterThan(1500);
    expect(freeRanges()).toEqual(expected());

    // A column the user inserted right of the table is free too, and stays free as rows are added.
    env.spreadsheet.userAddColumns(FEES, 2);
    runImport(env, lines(2000));
    expect(fees().maxColumns).toBe(width + 2);
    expect(freeRanges()).toEqual(expected());
    expect(freeRanges()).toHaveLength(2);
  });
});

describe('creating tabs keeps the user on their sheet', () => {
  it('brings back the sheet the user had open after insertSheet made each new tab active', () => {
    const env = createEnv({ spreadsheet: { sheetNames: ['Sheet1', '메모'] } });
    env.spreadsheet.activeSheetId = env.spreadsheet.findSheet('메모')!.id;
    const run = runImport(env, lines(5));
    expect(run.finish?.refused).toBeNull();
    // Every managed tab and the hidden staging sheet were created during this import …
    expect(env.spreadsheet.sheets.length).toBeGreaterThan(6);
    // … and the user is still where they were.
    expect(env.spreadsheet.sheetById(env.spreadsheet.activeSheetId)?.name).toBe('메모');
  });
});

describe('what an import would cost in Google', () => {
  it('every execution reports its cells, edits and recalculated formulas next to its service calls', () => {
    const env = createEnv();
    const n = 400;
    const run = runImport(env, lines(n), { chunkRows: 10_000 });
    expect(run.costs).toHaveLength(run.calls.length);
    run.costs.forEach((cost, i) => {
      expect(cost.serviceCalls).toBe(run.calls[i]!.total);
      expect(cost.modelledMs).toBeGreaterThan(0);
    });
    const [, chunk] = run.costs;
    // The chunk writes every order and fee row (each at least as wide as its managed columns) …
    const feeFormulas = FEES_TAB.columns.filter((c) => c.type === 'formula').length;
    expect(feeFormulas).toBeGreaterThan(0);
    expect(chunk!.cellsWritten).toBeGreaterThanOrEqual(n * FEES_TAB.columns.length);
    // … so Sheets recalculates the formulas of every fee row it wrote.
    expect(chunk!.formulaCellsRecalculated).toBeGreaterThanOrEqual(n * feeFormulas);
    expect(env.executionLog.map((r) => r.fn)).toEqual([
      'cjetImportBegin',
      'cjetImportChunk',
      'cjetImportFinish',
      'cjetImportClose',
    ]);
    expect(run.maxPayloadBytes).toBe(
      Math.max(...env.executionLog.map((r) => Math.max(r.argsBytes ?? 0, r.resultBytes ?? 0))),
    );
  });
});
