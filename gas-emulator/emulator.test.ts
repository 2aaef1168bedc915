import { createHash, createHmac } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { callServer } from './bridge.js';
import { createEnv, type EnvOptions, type GasEnv } from './env.js';
import { messages } from './errors.js';
import { clickMenuItem, ExecutionError, type RunOptions, runExecution, runTrigger } from './loader.js';

/** Runs `main(...args)` of an inline script in a fresh execution. */
function run(env: GasEnv, source: string, args: unknown[] = [], opts: RunOptions = {}) {
  return runExecution(env, 'main', args, { source, ...opts });
}

/** Shorthand: the body becomes `function main() { ... }`. */
function body(env: GasEnv, code: string, opts: RunOptions = {}) {
  return run(env, `function main() { ${code} }`, [], opts).result;
}

function fresh(options: EnvOptions = {}): GasEnv {
  return createEnv(options);
}

const SHEET = "const sh = SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Sheet1');";

describe('runtime realm', () => {
  it('lacks the globals Apps Script lacks and has the services, Logger and console', () => {
    const missing = [
      'setTimeout',
      'setInterval',
      'TextDecoder',
      'TextEncoder',
      'fetch',
      'URL',
      'URLSearchParams',
      'Blob',
      'atob',
      'btoa',
      'crypto',
      'structuredClone',
      'window',
      'process',
      'Buffer',
      'require',
      'module',
      'global',
    ];
    const env = fresh();
    const types = body(
      env,
      `return ${JSON.stringify(missing)}.map(function (n) { return typeof globalThis[n]; });`,
    );
    expect(types).toEqual(missing.map(() => 'undefined'));
    const present = body(
      env,
      'return [typeof setTimeout, typeof TextDecoder, typeof Buffer, typeof process, typeof SpreadsheetApp, typeof Logger, typeof console.log, typeof Utilities.formatDate, typeof JSON, typeof Intl];',
    );
    expect(present).toEqual([
      'undefined',
      'undefined',
      'undefined',
      'undefined',
      'object',
      'object',
      'function',
      'function',
      'object',
      'object',
    ]);
  });

  it('re-runs top-level code every execution: globals do not persist, the spreadsheet does', () => {
    const env = fresh();
    const source = `
      var counter = 0;
      function main() {
        counter += 1;
        const cell = SpreadsheetApp.getActiveSheet().getRange('A1');
        cell.setValue(Number(cell.getValue() || 0) + 1);
        return [counter, cell.getValue()];
      }`;
    expect(run(env, source).result).toEqual([1, 1]);
    expect(run(env, source).result).toEqual([1, 2]);
    expect(env.spreadsheet.sheetValues('Sheet1')).toEqual([[2]]);
  });

  it('runs only top-level function declarations', () => {
    const env = fresh();
    const source =
      'const arrow = () => 1; var expr = function () { return 2; }; function main() { return 3; }';
    expect(runExecution(env, 'main', [], { source }).result).toBe(3);
    expect(() => runExecution(env, 'arrow', [], { source })).toThrow(messages.functionNotFound('arrow'));
    expect(() => runExecution(env, 'expr', [], { source })).toThrow(messages.functionNotFound('expr'));
    expect(() => runExecution(env, 'nope', [], { source })).toThrow('Script function not found: nope');
  });

  it('rejects bundles that are not ES2020 scripts (class fields, #private, modules)', () => {
    const env = fresh();
    expect(() => run(env, 'class A { static x = 1; } function main() {}')).toThrow();
    expect(() => run(env, 'class A { #p = 1; } function main() {}')).toThrow();
    expect(() => run(env, 'export function main() {}')).toThrow();
  });

  it('surfaces service errors as Error named Exception inside the script, and rethrows uncaught ones', () => {
    const env = fresh();
    const caught = body(
      env,
      `try { SpreadsheetApp.getActiveSheet().getRange(0, 1); } catch (e) {
         return [e instanceof Error, e.name, e.message, String(e)];
       }`,
    );
    expect(caught).toEqual([
      true,
      'Exception',
      messages.startRowTooSmall,
      `Exception: ${messages.startRowTooSmall}`,
    ]);
    try {
      body(env, 'Logger.log("before"); SpreadsheetApp.getActiveSheet().getRange(1, 0);');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ExecutionError);
      const err = e as ExecutionError;
      expect(err.name).toBe('Exception');
      expect(err.message).toBe(messages.startColumnTooSmall);
      expect(err.logs.map((l) => l.message)).toEqual(['before']);
      expect(err.calls.byMethod['Sheet.getRange']).toBe(1);
    }
  });

  it('returns values created in the script realm (instanceof Date / Array hold inside)', () => {
    const env = fresh();
    env.spreadsheet.seed('Sheet1', [[new Date(Date.UTC(2025, 0, 1)), 1]]);
    const r = body(
      env,
      `${SHEET} const v = sh.getRange(1, 1, 1, 2).getValues();
       return [v instanceof Array, v[0] instanceof Array, v[0][0] instanceof Date, typeof v[0][1]];`,
    );
    expect(r).toEqual([true, true, true, 'number']);
  });

  it("uses the script time zone as the realm's local time zone", () => {
    const seoul = body(fresh({ scriptTimeZone: 'Asia/Seoul' }), 'return new Date(0).getHours();');
    const ny = body(fresh({ scriptTimeZone: 'America/New_York' }), 'return new Date(0).getHours();');
    expect([seoul, ny]).toEqual([9, 19]);
  });

  it('drains promise callbacks before the execution ends (their calls count)', () => {
    const env = fresh();
    const out = run(
      env,
      "function main() { Promise.resolve(2).then(function (v) { SpreadsheetApp.getActiveSheet().getRange('A1').setValue(v); }); }",
    );
    expect(env.spreadsheet.sheetValues('Sheet1')).toEqual([[2]]);
    expect(out.calls.byMethod['Range.setValue']).toBe(1);
  });

  it('keeps one wrapper per service object within an execution, and service objects are read-only', () => {
    const r = body(
      fresh(),
      `const out = HtmlService.createHtmlOutput('x'); const same = out.setWidth(10) === out;
       const sh = SpreadsheetApp.getActiveSheet(); sh.getRange = null;
       return [same, typeof sh.getRange, typeof sh._check, String(sh), Object.keys(sh).length];`,
    );
    expect(r).toEqual([true, 'function', 'undefined', 'Sheet', 0]);
  });

  it('stops a runaway execution with Apps Script’s time-limit message', () => {
    expect(() => body(fresh(), 'while (true) {}', { timeoutMs: 50 })).toThrow(messages.timeout);
  });
});

describe('Range geometry', () => {
  it('is 1-based and refuses empty or out-of-grid rectangles', () => {
    const env = fresh();
    const attempt = (call: string) => {
      try {
        body(env, `${SHEET} sh.${call};`);
        return 'ok';
      } catch (e) {
        return (e as Error).message;
      }
    };
    expect(attempt('getRange(0, 1)')).toBe(messages.startRowTooSmall);
    expect(attempt('getRange(1, 0)')).toBe(messages.startColumnTooSmall);
    expect(attempt('getRange(1, 1, 0, 1)')).toBe(messages.numRowsTooSmall);
    expect(attempt('getRange(1, 1, 1, 0)')).toBe(messages.numColumnsTooSmall);
    expect(attempt('getRange(1000, 26)')).toBe('ok');
    expect(attempt('getRange(1001, 1)')).toBe(messages.outsideGrid);
    expect(attempt('getRange(1, 27)')).toBe(messages.outsideGrid);
    expect(attempt('getRange(999, 1, 5, 1)')).toBe(messages.outsideGrid);
    expect(attempt("getRange('A1001')")).toBe(messages.outsideGrid);
    expect(attempt("getRange('nonsense!!')")).toBe(messages.rangeNotFound);
    expect(attempt("getRange('x')")).toBe(messages.rangeNotFound);
    expect(attempt("getRange('A1').setValues('x')")).toBe(
      "The parameters (String) don't match the method signature for SpreadsheetApp.Range.setValues.",
    );
  });

  it('can write past the old grid only after growing it', () => {
    const env = fresh();
    const r = body(
      env,
      `${SHEET} sh.insertRowsAfter(sh.getMaxRows(), 5); sh.insertColumnsAfter(26, 2);
       sh.getRange(1005, 28).setValue('x'); return [sh.getMaxRows(), sh.getMaxColumns(), sh.getLastRow(), sh.getLastColumn()];`,
    );
    expect(r).toEqual([1005, 28, 1005, 28]);
  });

  it('parses A1 notation, whole columns and offsets', () => {
    const env = fresh();
    const r = body(
      env,
      `${SHEET} const a = sh.getRange('B2:D5'); const col = sh.getRange('C:C'); const o = a.offset(1, 1, 2, 2);
       return [a.getRow(), a.getColumn(), a.getNumRows(), a.getNumColumns(), a.getA1Notation(),
               col.getNumRows(), col.getA1Notation(), o.getA1Notation(), a.getSheet().getName(),
               SpreadsheetApp.getActiveSpreadsheet().getRange("'Sheet1'!A1:B1").getA1Notation()];`,
    );
    expect(r).toEqual([2, 2, 4, 3, 'B2:D5', 1000, 'C1:C1000', 'C3:D4', 'Sheet1', 'A1:B1']);
  });
});

describe('values', () => {
  it('enforces exact rectangles with Apps Script’s messages', () => {
    const env = fresh();
    expect(() => body(env, `${SHEET} sh.getRange(1, 1, 2, 2).setValues([[1, 2]]);`)).toThrow(
      'The number of rows in the data does not match the number of rows in the range. The data has 1 but the range has 2.',
    );
    expect(() => body(env, `${SHEET} sh.getRange(1, 1, 2, 2).setValues([[1, 2], [3]]);`)).toThrow(
      'The number of columns in the data does not match the number of columns in the range. The data has 1 but the range has 2.',
    );
    expect(() => body(env, `${SHEET} sh.getRange(1, 1, 1, 3).setFormulas([['=1', '=2']]);`)).toThrow(
      messages.columnsMismatch(2, 3),
    );
    expect(env.spreadsheet.sheetValues('Sheet1')).toEqual([]);
  });

  it('reads an empty sheet as lastRow 0 and empty cells as ""', () => {
    const env = fresh();
    const r = body(
      env,
      `${SHEET} return [sh.getLastRow(), sh.getLastColumn(), sh.getRange(1, 1, 2, 2).getValues(),
        sh.getDataRange().getA1Notation(), sh.getMaxRows(), sh.getMaxColumns()];`,
    );
    expect(r).toEqual([
      0,
      0,
      [
        ['', ''],
        ['', ''],
      ],
      'A1',
      1000,
      26,
    ]);
  });

  it('treats strings as typed by a user without "@"', () => {
    const env = fresh();
    const r = body(
      env,
      `${SHEET} const rg = sh.getRange(1, 1, 1, 11);
       rg.setValues([['00123', '95521944483123456', 'TRUE', 'false', '2025-01-05', '2025/01/05', '=1+1',
                      '="x"', "'0012", '1,234.5', 'hello']]);
       const v = rg.getValues()[0];
       return v.map(function (x) { return x instanceof Date ? 'Date:' + x.getTime() : typeof x + ':' + String(x); })
         .concat([rg.getFormulas()[0][6], rg.getFormulas()[0][0]]);`,
    );
    const midnightSeoul = Date.UTC(2025, 0, 4, 15);
    expect(r).toEqual([
      'number:123',
      'number:95521944483123400',
      'boolean:true',
      'boolean:false',
      `Date:${midnightSeoul}`,
      `Date:${midnightSeoul}`,
      'number:2',
      'string:x',
      'string:0012',
      'number:1234.5',
      'string:hello',
      '=1+1',
      '',
    ]);
  });

  it('converts locale date forms, percents and signs; a + or - that is no number starts a formula', () => {
    const ko = fresh();
    const r = body(
      ko,
      `${SHEET} const rg = sh.getRange(1, 1, 1, 7);
       rg.setValues([['2025. 1. 5', '1/5/2025', '12%', '-1e3', '010-1234-5678', '+82 10', '2025-01-05 13:30']]);
       return rg.getValues()[0].map(function (x) { return x instanceof Date ? x.getTime() : x; });`,
    );
    expect(r).toEqual([
      Date.UTC(2025, 0, 4, 15),
      '1/5/2025',
      0.12,
      -1000,
      '010-1234-5678',
      '#ERROR!',
      Date.UTC(2025, 0, 5, 4, 30),
    ]);
    const us = fresh({ spreadsheet: { locale: 'en_US', timeZone: 'UTC' } });
    expect(
      body(
        us,
        `${SHEET} sh.getRange('A1').setValue('1/5/2025'); return sh.getRange('A1').getValue().getTime();`,
      ),
    ).toBe(Date.UTC(2025, 0, 5));
  });

  it('stores dates as serial days: changing the spreadsheet time zone keeps the wall time', () => {
    const env = fresh({ spreadsheet: { timeZone: 'Asia/Seoul' } });
    body(env, `${SHEET} sh.getRange('A1').setValue('2025-01-05');`);
    const r = body(
      env,
      `const ss = SpreadsheetApp.getActive(); ss.setSpreadsheetTimeZone('UTC');
       return [ss.getSheets()[0].getRange('A1').getValue().getTime(), ss.getSheets()[0].getRange('A1').getDisplayValue()];`,
    );
    expect(r).toEqual([Date.UTC(2025, 0, 5), '2025-01-05']);
  });

  it('keeps exact strings in plain-text ("@") cells', () => {
    const env = fresh();
    const r = body(
      env,
      `${SHEET} const rg = sh.getRange(1, 1, 1, 4); rg.setNumberFormat('@');
       rg.setValues([['00123', '95521944483123456', '=SUM(A1)', '2025-01-05']]);
       return [rg.getValues(), rg.getFormulas(), rg.getNumberFormats(), sh.getRange('E1').getNumberFormat()];`,
    );
    expect(r).toEqual([
      [['00123', '95521944483123456', '=SUM(A1)', '2025-01-05']],
      [['', '', '', '']],
      [['@', '@', '@', '@']],
      'General',
    ]);
  });

  it('stores numbers, booleans and Dates as such; null/undefined clear', () => {
    const env = fresh();
    const r = body(
      env,
      `${SHEET} const d = new Date(Date.UTC(2025, 5, 1, 3, 4, 5));
       sh.getRange(1, 1, 1, 5).setValues([[1.5, true, d, null, undefined]]);
       const v = sh.getRange(1, 1, 1, 5).getValues()[0];
       return [v[0], v[1], v[2].getTime() === d.getTime(), v[3], v[4], sh.getLastColumn()];`,
    );
    expect(r).toEqual([1.5, true, true, '', '', 3]);
  });

  it('parses date-like strings at midnight in the SPREADSHEET time zone, not the script’s', () => {
    const env = fresh({ scriptTimeZone: 'Asia/Seoul', spreadsheet: { timeZone: 'America/New_York' } });
    const r = body(
      env,
      `${SHEET} sh.getRange('A1').setValue('2025-01-05');
       return [sh.getRange('A1').getValue().getTime(), SpreadsheetApp.getActive().getSpreadsheetTimeZone(), Session.getScriptTimeZone()];`,
    );
    expect(r).toEqual([Date.UTC(2025, 0, 5, 5), 'America/New_York', 'Asia/Seoul']);
    // Not a valid date: stays text.
    expect(
      body(env, `${SHEET} sh.getRange('A2').setValue('2025-02-30'); return sh.getRange('A2').getValue();`),
    ).toBe('2025-02-30');
  });

  it('refuses cells over 50,000 characters and leaves the range untouched', () => {
    const env = fresh();
    expect(
      body(
        env,
        `${SHEET} sh.getRange('A1').setValue('x'.repeat(50000)); return sh.getRange('A1').getValue().length;`,
      ),
    ).toBe(50000);
    expect(() =>
      body(env, `${SHEET} sh.getRange(2, 1, 1, 2).setValues([['ok', 'x'.repeat(50001)]]);`),
    ).toThrow('Your input contains more than the maximum of 50000 characters in a single cell.');
    expect(env.spreadsheet.sheetValues('Sheet1')).toHaveLength(1);
  });

  it('getDisplayValues formats simply; setFormula/getFormula round-trip', () => {
    const env = fresh();
    const r = body(
      env,
      `${SHEET} sh.getRange(1, 1, 1, 3).setValues([[1234.5, true, '2025-01-05']]);
       sh.getRange('D1').setFormula('=HYPERLINK("https://x", "link")');
       sh.getRange('E1').setValue(1234.567).setNumberFormat('#,##0.00');
       return [sh.getRange(1, 1, 1, 5).getDisplayValues()[0], sh.getRange('D1').getFormula(), sh.getRange('D1').getValue()];`,
    );
    expect(r).toEqual([
      ['1234.5', 'TRUE', '2025-01-05', 'link', '1,234.57'],
      '=HYPERLINK("https://x", "link")',
      'link',
    ]);
  });

  it('clearContent keeps formats; clear removes both', () => {
    const env = fresh();
    const r = body(
      env,
      `${SHEET} const a = sh.getRange('A1:B1'); a.setNumberFormat('@').setValues([['1', '2']]);
       a.clearContent(); const f1 = a.getNumberFormats()[0];
       a.setValues([['3', '4']]); sh.clear(); return [f1, a.getNumberFormats()[0], sh.getLastRow()];`,
    );
    expect(r).toEqual([['@', '@'], ['General', 'General'], 0]);
  });
});

describe('grid limits', () => {
  it('refuses to grow the workbook beyond 10,000,000 cells (insertRows/insertColumns/insertSheet)', () => {
    const env = fresh();
    // 1000 × 26 = 26,000 cells now; 384,615 rows × 26 = 9,999,990 cells.
    expect(body(env, `${SHEET} sh.insertRowsAfter(1000, 383615); return sh.getMaxRows();`)).toBe(384615);
    expect(() => body(env, `${SHEET} sh.insertRowsAfter(1, 1);`)).toThrow(messages.workbookCellLimit);
    expect(() => body(env, `${SHEET} sh.insertColumnsAfter(1, 1);`)).toThrow(messages.workbookCellLimit);
    expect(() => body(env, `${SHEET} sh.insertRows(1);`)).toThrow(
      'This action would increase the number of cells in the workbook above the limit of 10000000 cells.',
    );
    expect(() => body(env, "SpreadsheetApp.getActive().insertSheet('More');")).toThrow(
      messages.workbookCellLimit,
    );
    body(env, `${SHEET} sh.deleteRows(2, 383615);`);
    expect(body(env, "return SpreadsheetApp.getActive().insertSheet('More').getMaxRows();")).toBe(1000);
  });

  it('caps columns at 18,278', () => {
    const env = fresh();
    // 2 rows × 18,278 columns fits the cell budget; the column cap is what stops it.
    expect(
      body(
        env,
        `${SHEET} sh.deleteRows(3, 998); sh.insertColumnsAfter(26, 18252); return sh.getMaxColumns();`,
      ),
    ).toBe(18278);
    expect(() => body(env, `${SHEET} sh.insertColumnsAfter(1, 1);`)).toThrow(messages.columnLimit);
  });
});

describe('Spreadsheet and Sheet', () => {
  it('insertSheet refuses an existing name; getSheetByName returns null when missing', () => {
    const env = fresh();
    const r = body(
      env,
      `const ss = SpreadsheetApp.getActiveSpreadsheet(); const s = ss.insertSheet('Orders', 0);
       return [ss.getSheets().map(function (x) { return x.getName(); }), ss.getSheetByName('Missing'),
               ss.getSheetByName('orders').getName(), ss.getActiveSheet().getName(), s.getMaxRows(), s.getMaxColumns()];`,
    );
    expect(r).toEqual([['Orders', 'Sheet1'], null, 'Orders', 'Orders', 1000, 26]);
    expect(() => body(env, "SpreadsheetApp.getActive().insertSheet('Orders');")).toThrow(
      'A sheet with the name "Orders" already exists. Please enter another name.',
    );
    expect(() => body(env, "SpreadsheetApp.getActive().getSheetByName('Sheet1').setName('ORDERS');")).toThrow(
      messages.sheetExists('ORDERS'),
    );
  });

  it('deletes sheets but never the last one; hides but never the last visible one', () => {
    const env = fresh();
    body(env, "const ss = SpreadsheetApp.getActive(); ss.deleteSheet(ss.insertSheet('Tmp'));");
    expect(env.spreadsheet.sheets.map((s) => s.name)).toEqual(['Sheet1']);
    expect(() =>
      body(env, 'const ss = SpreadsheetApp.getActive(); ss.deleteSheet(ss.getSheets()[0]);'),
    ).toThrow(messages.deleteAllSheets);
    expect(() => body(env, `${SHEET} sh.hideSheet();`)).toThrow(messages.hideAllSheets);
    const r = body(
      env,
      "const ss = SpreadsheetApp.getActive(); const t = ss.insertSheet('T'); t.hideSheet(); const h = t.isSheetHidden(); t.showSheet(); return [h, t.isSheetHidden()];",
    );
    expect(r).toEqual([true, false]);
  });

  it('keeps a selection per sheet: the user selects, getActiveRange reads it, Range.activate moves it', () => {
    const env = fresh();
    body(env, "SpreadsheetApp.getActive().insertSheet('T');");
    // Nothing selected yet: A1 of the active sheet.
    expect(body(env, 'return SpreadsheetApp.getActiveRange().getA1Notation();')).toBe('A1');
    env.spreadsheet.userSelect('Sheet1', 'C5');
    expect(
      body(
        env,
        'const r = SpreadsheetApp.getActiveSpreadsheet().getActiveRange(); return [r.getSheet().getName(), r.getRow(), r.getColumn(), SpreadsheetApp.getCurrentCell().getA1Notation()];',
      ),
    ).toEqual(['Sheet1', 5, 3, 'C5']);
    body(env, "SpreadsheetApp.getActive().getSheetByName('T').getRange('A7:D7').activate();");
    expect(env.spreadsheet.activeSelection()).toEqual({
      sheet: 'T',
      rect: { row: 7, col: 1, numRows: 1, numCols: 4 },
    });
    // Each sheet remembers its own selection.
    body(env, "SpreadsheetApp.getActive().getSheetByName('Sheet1').activate();");
    expect(body(env, 'return SpreadsheetApp.getActiveRange().getA1Notation();')).toBe('C5');
  });

  it('refuses to use a handle to a deleted sheet', () => {
    const env = fresh();
    expect(() =>
      body(
        env,
        "const ss = SpreadsheetApp.getActive(); const t = ss.insertSheet('T'); ss.deleteSheet(t); t.getRange('A1');",
      ),
    ).toThrow(messages.sheetDeleted);
  });

  it('inserts and deletes rows and columns, shifting data', () => {
    const env = fresh();
    env.spreadsheet.seed('Sheet1', [
      ['a1', 'b1', 'c1'],
      ['a2', 'b2', 'c2'],
      ['a3', 'b3', 'c3'],
    ]);
    body(
      env,
      `${SHEET} sh.insertRowsBefore(2, 1); sh.insertColumnsAfter(1, 1); sh.deleteRow(4); sh.deleteColumns(4, 1);`,
    );
    expect(env.spreadsheet.sheetValues('Sheet1')).toEqual([
      ['a1', '', 'b1'],
      ['', '', ''],
      ['a2', '', 'b2'],
    ]);
    expect(env.spreadsheet.sheets[0]?.maxRows).toBe(1000);
    expect(() => body(env, `${SHEET} sh.deleteRows(1, 1000);`)).toThrow(messages.deleteAllRows);
    expect(() => body(env, `${SHEET} sh.deleteRows(999, 5);`)).toThrow(messages.rowsOutOfBounds);
  });

  it('sorts below frozen rows, appends rows, reports ids and frozen rows', () => {
    const env = fresh();
    env.spreadsheet.seed('Sheet1', [['h'], [3], ['b'], [1], [true], ['A']]);
    const r = body(
      env,
      `${SHEET} sh.setFrozenRows(1); sh.sort(1); sh.appendRow(['007', 'x']);
       return [sh.getFrozenRows(), sh.getSheetId(), sh.getIndex(), sh.getLastRow()];`,
    );
    expect(r).toEqual([1, 0, 1, 7]);
    expect(env.spreadsheet.sheetValues('Sheet1').map((row) => row[0])).toEqual([
      'h',
      1,
      3,
      'A',
      'b',
      true,
      7,
    ]);
    body(env, `${SHEET} sh.sort(1, false);`);
    expect(env.spreadsheet.sheetValues('Sheet1').map((row) => row[0])).toEqual([
      'h',
      true,
      'b',
      'A',
      7,
      3,
      1,
    ]);
  });

  it('finds tabs by developer metadata after a user renames them', () => {
    const env = fresh();
    body(
      env,
      `const ss = SpreadsheetApp.getActive(); ss.insertSheet('Orders').addDeveloperMetadata('cjet.tab', 'orders');
       ss.addDeveloperMetadata('cjet.version', '1');`,
    );
    env.spreadsheet.userRename('Orders', '주문');
    const r = body(
      env,
      `const ss = SpreadsheetApp.getActive();
       const found = ss.createDeveloperMetadataFinder().withKey('cjet.tab').withValue('orders').find();
       const loc = found[0].getLocation();
       return [found.length, loc.getLocationType(), loc.getSheet().getName(), ss.getDeveloperMetadata().map(function (m) { return m.getKey(); }),
               ss.getSheetByName('주문').getDeveloperMetadata()[0].getValue(),
               ss.getSheetByName('Sheet1').createDeveloperMetadataFinder().withKey('cjet.tab').find().length];`,
    );
    expect(r).toEqual([1, 'SHEET', '주문', ['cjet.version'], 'orders', 0]);
  });

  it('keeps named ranges, protections and metadata across executions', () => {
    const env = fresh();
    body(
      env,
      `const ss = SpreadsheetApp.getActive(); const sh = ss.getSheets()[0];
       ss.setNamedRange('cjet_header', sh.getRange('A1:C1'));
       const p = sh.protect().setWarningOnly(true).setDescription('generated');
       p.setUnprotectedRanges([sh.getRange('D:D')]);`,
    );
    const r = body(
      env,
      `const ss = SpreadsheetApp.getActive(); const sh = ss.getSheets()[0];
       const ps = sh.getProtections(SpreadsheetApp.ProtectionType.SHEET);
       return [ss.getRangeByName('cjet_header').getA1Notation(), ss.getRangeByName('nope'), ss.getNamedRanges().length,
               ps.length, ps[0].isWarningOnly(), ps[0].getDescription(), ps[0].getUnprotectedRanges()[0].getA1Notation(),
               sh.protect().isWarningOnly()];`,
    );
    expect(r).toEqual(['A1:C1', null, 1, 1, true, 'generated', 'D1:D1000', true]);
  });

  it('supports the other insertSheet overloads, getSheetById, cross-sheet A1, range sort and protect', () => {
    const env = fresh();
    const r = body(
      env,
      `const ss = SpreadsheetApp.getActive(); const a = ss.insertSheet(); const b = ss.insertSheet(0);
       const other = ss.getSheetByName('Sheet1').getRange('Sheet2!B2'); other.setValue(5);
       const rg = a.getRange('A1:B3'); rg.setValues([[3, 'c'], [1, 'a'], [2, 'b']]); rg.sort(1);
       rg.protect().setDescription('r');
       return [ss.getSheets().map(function (s) { return s.getName(); }), ss.getSheetById(a.getSheetId()).getName(),
               other.getSheet().getName(), rg.getValues(), a.getProtections(SpreadsheetApp.ProtectionType.RANGE).length,
               a.getProtections(SpreadsheetApp.ProtectionType.SHEET).length];`,
    );
    expect(r).toEqual([
      ['Sheet3', 'Sheet1', 'Sheet2'],
      'Sheet2',
      'Sheet2',
      [
        [1, 'a'],
        [2, 'b'],
        [3, 'c'],
      ],
      1,
      0,
    ]);
  });

  it('removes metadata, named ranges and properties on request', () => {
    const env = fresh();
    body(
      env,
      `const ss = SpreadsheetApp.getActive(); ss.addDeveloperMetadata('k', 'v'); ss.setNamedRange('hdr', ss.getRange('A1'));
       PropertiesService.getDocumentProperties().setProperties({ a: '1', b: '2' });`,
    );
    const r = body(
      env,
      `const ss = SpreadsheetApp.getActive(); ss.getDeveloperMetadata()[0].remove(); ss.getNamedRanges()[0].remove();
       const p = PropertiesService.getDocumentProperties(); p.deleteProperty('a'); const left = p.getKeys();
       p.deleteAllProperties();
       return [ss.getDeveloperMetadata().length, ss.getRangeByName('hdr'), left, p.getKeys()];`,
    );
    expect(r).toEqual([0, null, ['b'], []]);
  });

  it('exposes id, url, toast and column widths', () => {
    const env = fresh({ spreadsheet: { id: 'abc', name: 'Shop' } });
    const r = body(
      env,
      `const ss = SpreadsheetApp.getActive(); ss.toast('Imported 3 rows', 'CJET', 3); const sh = ss.getActiveSheet();
       sh.setColumnWidth(2, 180); sh.autoResizeColumns(1, 3); sh.activate();
       return [ss.getId(), ss.getName(), ss.getUrl(), sh.getColumnWidth(2), ss.setActiveSheet(sh).getName()];`,
    );
    expect(r).toEqual(['abc', 'Shop', 'https://docs.google.com/spreadsheets/d/abc/edit', 180, 'Sheet1']);
    expect(env.spreadsheet.toasts).toEqual([
      { message: 'Imported 3 rows', title: 'CJET', timeoutSeconds: 3 },
    ]);
  });
});

describe('test helpers (no counted calls)', () => {
  it('seed, userEdit, userSort and userRename change state like a user would', () => {
    const env = fresh();
    env.spreadsheet.seed('Data', [['id'], ['007']], { format: '@' });
    env.spreadsheet.userEdit('Data', 'A2', '009'); // '@' cell: stays text
    env.spreadsheet.userEdit('Data', 'A3', '008'); // General cell: becomes a number
    env.spreadsheet.userEdit('Sheet1', 'A1', '008');
    env.spreadsheet.userEdit('Sheet1', 'A2', '=1');
    env.spreadsheet.userSort('Data', 1, true);
    env.spreadsheet.userRename('Data', 'Renamed');
    expect(env.spreadsheet.sheetValues('Renamed')).toEqual([[8], ['009'], ['id']]);
    expect(env.spreadsheet.sheetValues('Sheet1')).toEqual([[8], [1]]);
    expect(env.spreadsheet.sheetFormulas('Sheet1')).toEqual([[''], ['=1']]);
    expect(env.spreadsheet.cell('Renamed', 'A2')?.format).toBe('@');
    expect(env.spreadsheet.sheets.map((sh) => sh.name)).toEqual(['Sheet1', 'Renamed']);
  });
});

describe('auth modes and triggers', () => {
  const onOpen = `
    function onOpen(e) {
      const ui = SpreadsheetApp.getUi();
      ui.createAddonMenu().addItem('Import', 'showImport').addSeparator().addItem('Help', 'help').addToUi();
      ui.createMenu('CJET').addItem('Import', 'showImport').addToUi();
      var result = { mode: String(e.authMode), none: e.authMode === ScriptApp.AuthMode.NONE, hasSource: !!e.source };
      try { SpreadsheetApp.getActiveSpreadsheet(); result.sheet = 'ok'; } catch (err) { result.sheet = err.message; }
      return result;
    }
    function showImport() {
      SpreadsheetApp.getUi().showModalDialog(HtmlService.createHtmlOutput('<p>hi</p>').setWidth(480).setHeight(320), 'Import');
    }
    function help() {}
    function main(name) { return this[name](); }
  `;

  it('builds menus in AuthMode.NONE while the file and storage are off limits', () => {
    const env = fresh({ addonName: 'CJET' });
    const r = runTrigger(env, 'onOpen', { source: onOpen, authMode: 'NONE' }).result;
    expect(r).toEqual({
      mode: 'NONE',
      none: true,
      hasSource: false,
      sheet:
        'You do not have permission to call SpreadsheetApp.getActiveSpreadsheet. Required permissions: https://www.googleapis.com/auth/spreadsheets.currentonly',
    });
    expect(env.ui.menus.map((m) => [m.kind, m.caption, m.items.length])).toEqual([
      ['addon', 'CJET', 3],
      ['custom', 'CJET', 1],
    ]);
    const denied = (call: string) => {
      try {
        body(env, call, { authMode: 'NONE' });
        return 'allowed';
      } catch (e) {
        return (e as Error).message.replace(/\. Required permissions: .*$/, '');
      }
    };
    const cases: [string, string][] = [
      ['PropertiesService.getDocumentProperties()', 'PropertiesService.getDocumentProperties'],
      ['PropertiesService.getUserProperties()', 'PropertiesService.getUserProperties'],
      ['LockService.getDocumentLock()', 'LockService.getDocumentLock'],
      ['CacheService.getScriptCache()', 'CacheService.getScriptCache'],
      ['Session.getActiveUser()', 'Session.getActiveUser'],
      ['SpreadsheetApp.getActive()', 'SpreadsheetApp.getActive'],
      ['SpreadsheetApp.getActiveSheet()', 'SpreadsheetApp.getActiveSheet'],
      [
        "SpreadsheetApp.getUi().showModalDialog(HtmlService.createHtmlOutput('x'), 't')",
        'Ui.showModalDialog',
      ],
      ["SpreadsheetApp.getUi().showSidebar(HtmlService.createHtmlOutput('x'))", 'Ui.showSidebar'],
      ["SpreadsheetApp.getUi().alert('x')", 'Ui.alert'],
    ];
    for (const [call, method] of cases)
      expect(denied(call)).toBe(`You do not have permission to call ${method}`);
    expect(
      denied(
        'Utilities.getUuid(); Session.getScriptTimeZone(); HtmlService.createHtmlOutput("x"); Logger.log(1)',
      ),
    ).toBe('allowed');
  });

  it('passes e.source in LIMITED mode, refuses dialogs there, and opens them from a menu click', () => {
    const env = fresh();
    const limited = runTrigger(env, 'onOpen', { source: onOpen, authMode: 'LIMITED' }).result;
    expect(limited).toMatchObject({ mode: 'LIMITED', hasSource: true, sheet: 'ok' });
    expect(() => runExecution(env, 'showImport', [], { source: onOpen, authMode: 'LIMITED' })).toThrow(
      /^You do not have permission to call Ui.showModalDialog/,
    );
    clickMenuItem(env, 'Import', { source: onOpen });
    expect(env.ui.shown).toEqual([
      { kind: 'modal', title: 'Import', html: '<p>hi</p>', width: 480, height: 320 },
    ]);
  });

  it('ScriptApp.AuthMode is an enum of names', () => {
    expect(
      body(
        fresh(),
        'return [ScriptApp.AuthMode.NONE, ScriptApp.AuthMode.FULL, String(ScriptApp.AuthMode.LIMITED)];',
      ),
    ).toEqual(['NONE', 'FULL', 'LIMITED']);
  });
});

describe('PropertiesService', () => {
  it('persists per store across executions', () => {
    const env = fresh();
    body(
      env,
      `PropertiesService.getDocumentProperties().setProperty('a', 1).setProperties({ b: 'x' });
       PropertiesService.getUserProperties().setProperty('u', 'me');`,
    );
    const r = body(
      env,
      `const d = PropertiesService.getDocumentProperties();
       return [d.getProperty('a'), d.getProperties(), d.getProperty('missing'), PropertiesService.getScriptProperties().getKeys(),
               PropertiesService.getUserProperties().getProperty('u')];`,
    );
    expect(r).toEqual(['1', { a: '1', b: 'x' }, null, [], 'me']);
    expect(env.properties.document.toObject()).toEqual({ a: '1', b: 'x' });
  });

  it('refuses values over 9 KB (UTF-8 bytes) and stores over 500 KB', () => {
    const env = fresh();
    expect(
      body(env, "PropertiesService.getScriptProperties().setProperty('k', 'x'.repeat(9216)); return 'ok';"),
    ).toBe('ok');
    expect(() =>
      body(env, "PropertiesService.getScriptProperties().setProperty('k', 'x'.repeat(9217));"),
    ).toThrow(messages.propertyValueTooLarge);
    // 3,073 Hangul syllables = 9,219 bytes.
    expect(() =>
      body(env, "PropertiesService.getScriptProperties().setProperty('k', '가'.repeat(3073));"),
    ).toThrow(messages.propertyValueTooLarge);
    const fill = `const p = PropertiesService.getDocumentProperties();
      for (var i = 0; i < 60; i++) p.setProperty('k' + i, 'x'.repeat(9000));`;
    expect(() => body(env, fill)).toThrow(messages.propertyStoreFull);
    const count = env.properties.document.entries.size;
    expect(count).toBe(56);
    expect(() =>
      body(env, "PropertiesService.getDocumentProperties().setProperties({ a: '1', b: 'x'.repeat(9000) });"),
    ).toThrow(messages.propertyStoreFull);
    expect(env.properties.document.entries.size).toBe(count);
  });
});

describe('LockService', () => {
  it('contends with a lock held by another execution', () => {
    const env = fresh();
    env.locks.hold('document', 'other-user');
    expect(() => body(env, 'LockService.getDocumentLock().waitLock(30000);')).toThrow(
      'Lock timeout: another process was holding the lock for too long.',
    );
    const r = run(
      env,
      `function main() { const l = LockService.getDocumentLock(); const s = LockService.getScriptLock();
         return [l.tryLock(1000), l.hasLock(), s.tryLock(1000), s.hasLock()]; }`,
    );
    expect(r.result).toEqual([false, false, true, true]);
    expect(r.sleptMs).toBe(1000);
    env.locks.release('document');
    expect(body(env, 'const l = LockService.getDocumentLock(); l.waitLock(1000); return l.hasLock();')).toBe(
      true,
    );
    // Released when the execution ended.
    expect(env.locks.owner('document')).toBeUndefined();
    expect(
      body(
        env,
        'const l = LockService.getDocumentLock(); l.waitLock(1); l.releaseLock(); return l.hasLock();',
      ),
    ).toBe(false);
  });
});

describe('Utilities, Session, CacheService, Logger', () => {
  it('formats dates with Java patterns in a given time zone', () => {
    const r = body(
      fresh(),
      `const d = new Date(Date.UTC(2025, 0, 5, 15, 4, 5, 7));
       return [Utilities.formatDate(d, 'Asia/Seoul', 'yyyy-MM-dd HH:mm:ss'), Utilities.formatDate(d, 'UTC', "yyyy-MM-dd'T'HH:mm:ss.SSSXXX"),
               Utilities.formatDate(d, 'Asia/Seoul', 'yy/M/d EEE a h:mm Z'), Utilities.formatDate(d, 'America/New_York', 'MMM dd, yyyy')];`,
    );
    expect(r).toEqual([
      '2025-01-06 00:04:05',
      '2025-01-05T15:04:05.007Z',
      '25/1/6 Mon AM 12:04 +0900',
      'Jan 05, 2025',
    ]);
  });

  it('computes SHA-256 digests as signed bytes and base64 round-trips', () => {
    const r = body(
      fresh(),
      `const bytes = Utilities.computeDigest(Utilities.DigestAlgorithm.SHA_256, '똠방각하', Utilities.Charset.UTF_8);
       const b64 = Utilities.base64Encode('한글');
       return [bytes, Utilities.newBlob(Utilities.base64Decode(b64)).getDataAsString(), b64, Array.isArray(bytes)];`,
    ) as [number[], string, string, boolean];
    const expected = [...createHash('sha256').update('똠방각하', 'utf8').digest()].map((b) =>
      b > 127 ? b - 256 : b,
    );
    expect(r[0]).toEqual(expected);
    expect(r[0].some((b) => b < 0)).toBe(true);
    expect(r.slice(1)).toEqual(['한글', Buffer.from('한글').toString('base64'), true]);
  });

  it('signs with HMAC-SHA256 and encodes web-safe base64', () => {
    const r = body(
      fresh(),
      "return [Utilities.computeHmacSha256Signature('msg', 'key'), Utilities.base64EncodeWebSafe([-5, -1, -2])];",
    ) as [number[], string];
    const expected = [...createHmac('sha256', 'key').update('msg').digest()].map((b) =>
      b > 127 ? b - 256 : b,
    );
    expect(r).toEqual([expected, Buffer.from([251, 255, 254]).toString('base64url')]);
  });

  it('sleeps without waiting, makes UUIDs, parses CSV, reports the session', () => {
    const env = fresh({ userEmail: 'me@example.com', oauthScopes: 'auto' });
    const out = run(
      env,
      `function main() { Utilities.sleep(1500);
         return [Utilities.getUuid(), Utilities.parseCsv('a,"b,""c"""\\n1,2'), Session.getActiveUser().getEmail(),
                 Session.getEffectiveUser().getEmail()]; }`,
    );
    const [uuid, csv, active, effective] = out.result as [string, string[][], string, string];
    expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(csv).toEqual([
      ['a', 'b,"c"'],
      ['1', '2'],
    ]);
    expect([active, effective]).toEqual(['me@example.com', 'me@example.com']);
    expect(out.sleptMs).toBe(1500);
    expect(out.calls.byMethod['Utilities.sleep']).toBe(1);
  });

  it('caches values across executions with a 100 KB limit', () => {
    const env = fresh();
    body(env, "CacheService.getDocumentCache().put('k', 'v', 60);");
    expect(
      body(env, "return [CacheService.getDocumentCache().get('k'), CacheService.getScriptCache().get('k')];"),
    ).toEqual(['v', null]);
    expect(() => body(env, "CacheService.getScriptCache().put('k', 'x'.repeat(102401));")).toThrow(
      messages.propertyValueTooLarge,
    );
  });

  it('captures Logger and console output per execution', () => {
    const env = fresh();
    const out = run(
      env,
      "function main() { Logger.log('n=%s', 3); console.log('a', { b: 1 }); console.error('bad'); return Logger.getLog(); }",
    );
    expect(out.result).toBe('n=3\n');
    expect(out.logs).toEqual([
      { level: 'Logger', message: 'n=3' },
      { level: 'log', message: 'a { b: 1 }' },
      { level: 'error', message: 'bad' },
    ]);
    expect(run(env, 'function main() { return 1; }').logs).toEqual([]);
  });
});

describe('HtmlService and Ui', () => {
  it('loads <name>.html next to the bundle and records dialogs, sidebars, alerts and prompts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gas-'));
    writeFileSync(
      join(dir, 'Code.js'),
      `function show() {
         const ui = SpreadsheetApp.getUi();
         ui.showModalDialog(HtmlService.createHtmlOutputFromFile('Dialog').setWidth(700).setHeight(500), '가져오기');
         ui.showSidebar(HtmlService.createHtmlOutput('<b>side</b>').setTitle('Side'));
         const a = ui.alert('Title', 'Sure?', ui.ButtonSet.YES_NO);
         const p = ui.prompt('Name?');
         return [a, p.getResponseText(), p.getSelectedButton(), a === ui.Button.NO];
       }
       function missing() { HtmlService.createHtmlOutputFromFile('Nope'); }`,
    );
    writeFileSync(join(dir, 'Dialog.html'), '<html>dialog</html>');
    const env = fresh({ bundlePath: join(dir, 'Code.js') });
    env.ui.responses.push({ button: 'NO' }, { button: 'OK', text: '쿠팡' });
    expect(runExecution(env, 'show').result).toEqual(['NO', '쿠팡', 'OK', true]);
    expect(env.ui.shown).toEqual([
      { kind: 'modal', title: '가져오기', html: '<html>dialog</html>', width: 700, height: 500 },
      { kind: 'sidebar', title: 'Side', html: '<b>side</b>', width: 600, height: 400 },
    ]);
    expect(env.ui.alerts.map((a) => [a.kind, a.title, a.prompt, a.buttons])).toEqual([
      ['alert', 'Title', 'Sure?', 'YES_NO'],
      ['prompt', '', 'Name?', 'OK'],
    ]);
    expect(() => runExecution(env, 'missing')).toThrow('No HTML file named Nope was found.');
  });

  it('serves in-memory HTML files when given', () => {
    const env = fresh({ htmlFiles: { Dialog: '<p>mem</p>' } });
    expect(body(env, "return HtmlService.createHtmlOutputFromFile('Dialog.html').getContent();")).toBe(
      '<p>mem</p>',
    );
  });
});

describe('service-call counting', () => {
  it('counts every service method call per execution', () => {
    const env = fresh();
    const source = `function main() {
      const sh = SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Sheet1');
      for (var i = 1; i <= 3; i++) sh.getRange(i, 1).setValues([[i]]);
      SpreadsheetApp.flush();
      console.log('not a service call');
      return sh.getRange('A1:A3').getValues().length;
    }`;
    const first = run(env, source);
    expect(first.calls).toEqual({
      total: 11,
      topLevel: 0,
      byMethod: {
        'Range.getValues': 1,
        'Range.setValues': 3,
        'Sheet.getRange': 4,
        'Spreadsheet.getSheetByName': 1,
        'SpreadsheetApp.flush': 1,
        'SpreadsheetApp.getActiveSpreadsheet': 1,
      },
    });
    expect(run(env, source).calls.total).toBe(11);
    expect(run(env, 'function main() {}').calls).toEqual({ total: 0, topLevel: 0, byMethod: {} });
  });

  it('reports service calls made by top-level code (which re-runs on every execution)', () => {
    const out = run(
      fresh(),
      'var TZ = Session.getScriptTimeZone(); function main() { return SpreadsheetApp.getActive().getName(); }',
    );
    expect(out.calls).toEqual({
      total: 3,
      topLevel: 1,
      byMethod: { 'Session.getScriptTimeZone': 1, 'Spreadsheet.getName': 1, 'SpreadsheetApp.getActive': 1 },
    });
  });

  it('counts failing calls too and does not count property reads of enums', () => {
    const env = fresh();
    const out = run(
      env,
      `function main() { try { SpreadsheetApp.getActiveSheet().getRange(0, 0); } catch (e) {}
         return SpreadsheetApp.ProtectionType.SHEET; }`,
    );
    expect(out.result).toBe('SHEET');
    expect(out.calls.byMethod).toEqual({ 'Sheet.getRange': 1, 'SpreadsheetApp.getActiveSheet': 1 });
  });
});

describe('google.script.run bridge (callServer)', () => {
  const server = `
    function save(rows, opts) {
      const sh = SpreadsheetApp.getActiveSheet();
      sh.getRange(1, 1, rows.length, rows[0].length).setValues(rows);
      return { got: rows, opts: opts, keys: Object.keys(opts) };
    }
    function secret_() { return 1; }
    const notAFunction = 1;
    function today() { return { when: new Date() }; }
    function ok() { return [1, undefined, 'x']; }
  `;

  it('round-trips plain data like JSON and runs as one execution', () => {
    const env = fresh();
    const out = callServer(env, 'save', [[[1, undefined, 'a']], { keep: 1, drop: undefined }], {
      source: server,
    });
    expect(out.result).toEqual({ got: [[1, null, 'a']], opts: { keep: 1 }, keys: ['keep'] });
    expect(out.calls.byMethod['Range.setValues']).toBe(1);
    expect(out.resultBytes).toBe(JSON.stringify(out.result).length);
    expect(out.argsBytes).toBe(JSON.stringify([[[1, null, 'a']], { keep: 1 }]).length);
    expect(env.spreadsheet.sheetValues('Sheet1')).toEqual([[1, '', 'a']]);
    expect(callServer(env, 'ok', [], { source: server }).result).toEqual([1, null, 'x']);
  });

  it('rejects Dates, functions and class instances in arguments', () => {
    const env = fresh();
    const call = (args: unknown[]) => () => callServer(env, 'save', args, { source: server });
    expect(call([[[new Date()]], {}])).toThrow('Failed due to illegal value in property: 0');
    expect(call([[[1]], { cb: () => 1 }])).toThrow('Failed due to illegal value in property: cb');
    expect(call([[[1]], new Map()])).toThrow('Failed due to illegal value in property: 1');
    expect(env.executions).toBe(0);
  });

  it('refuses private and non-function names, and Date return values', () => {
    const env = fresh();
    expect(() => callServer(env, 'secret_', [], { source: server })).toThrow(
      'google.script.run.secret_ is not a function',
    );
    expect(() => callServer(env, 'notAFunction', [], { source: server })).toThrow(
      'google.script.run.notAFunction is not a function',
    );
    expect(() => callServer(env, 'today', [], { source: server })).toThrow(
      /illegal value \(Date at "when"\)/,
    );
  });
});

describe('Range.copyTo (rows moved server-side)', () => {
  it('copies values, formats and formulas with their relative references moved; nothing is read', () => {
    const env = fresh();
    const out = run(
      env,
      `function main() {
        ${SHEET}
        sh.getRange(1, 1, 3, 3).setValues([['a', 1, '=B1*2'], ['b', 2, '=B2*2'], ['c', 3, '=$B$1+B3']]);
        sh.getRange(2, 2, 2, 1).setNumberFormat('#,##0');
        // Rows 2–3 moved up over row 1 (the overlap is fine: the source is taken whole first).
        sh.getRange(2, 1, 2, 3).copyTo(sh.getRange(1, 1, 2, 3));
        return 0;
      }`,
    );
    expect(
      env.spreadsheet
        .sheetValues('Sheet1')
        .slice(0, 2)
        .map((r) => r.slice(0, 2)),
    ).toEqual([
      ['b', 2],
      ['c', 3],
    ]);
    expect(
      env.spreadsheet
        .sheetFormulas('Sheet1')
        .slice(0, 2)
        .map((r) => r[2]),
    ).toEqual(['=B1*2', '=$B$1+B2']);
    expect(env.spreadsheet.cell('Sheet1', 'B1')?.format).toBe('#,##0');
    expect(out.cost.cellsRead).toBe(0);
    // Written: the 9 cells set, 2 formatted, 6 copied.
    expect(out.cost.cellsWritten).toBe(9 + 2 + 6);
  });

  it('turns a reference moved above row 1 into #REF!, and refuses options it does not emulate', () => {
    const env = fresh();
    body(env, `${SHEET} sh.getRange('A2').setFormula('=A1+1'); sh.getRange('A2').copyTo(sh.getRange('B1'));`);
    expect(env.spreadsheet.sheetFormulas('Sheet1')[0]?.[1]).toBe('=#REF!+1');
    expect(() =>
      body(env, `${SHEET} sh.getRange('A2').copyTo(sh.getRange('B1'), {contentsOnly: true});`),
    ).toThrow();
  });
});

describe('the modelled clock', () => {
  const script = `function main() {
    var start = Date.now();
    var sh = SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Sheet1');
    sh.getRange(1, 1, 100, 10).getValues();
    return Date.now() - start;
  }`;

  it('advances Date.now() by the cost model, so a script sees the time its work would take in Google', () => {
    const env = fresh();
    const out = run(env, script);
    // Four service calls (1.5 ms each) and 1,000 cells read (0.1 ms each), all after `start`.
    expect(out.calls.total).toBe(4);
    expect(out.result).toBe(4 * 1.5 + 1000 * 0.1);
    expect(out.result).toBe(out.cost.modelledMs);
  });
});
