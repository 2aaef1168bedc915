// What Google does that a lenient fake would not: manifest scopes, + and - starting a formula,
// date formats deciding the type of a read, NaN/Infinity, google.script.run limits, and the cost
// model's counters. Expected values are worked out here by hand (or from Google's documentation).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { callServer, ScriptRunBridge } from './bridge.js';
import { createEnv, type EnvOptions, type GasEnv } from './env.js';
import { messages } from './errors.js';
import { runExecution } from './loader.js';
import { SCOPES } from './scopes.js';

function body(env: GasEnv, code: string) {
  return runExecution(env, 'main', [], { source: `function main() { ${code} }` });
}

const SHEET = 'const sh = SpreadsheetApp.getActiveSheet();';
const ADDON_SCOPES = [SCOPES.spreadsheetsCurrentOnly, SCOPES.containerUi];

function fresh(options: EnvOptions = {}): GasEnv {
  return createEnv({ oauthScopes: ADDON_SCOPES, ...options });
}

describe('manifest scopes', () => {
  const who = 'return [Session.getActiveUser().getEmail(), Session.getEffectiveUser().getEmail()];';

  it('gives a blank e-mail without userinfo.email, the address with it', () => {
    expect(body(fresh({ userEmail: 'me@example.com' }), who).result).toEqual(['', '']);
    const withEmail = fresh({
      userEmail: 'me@example.com',
      oauthScopes: [...ADDON_SCOPES, SCOPES.userinfoEmail],
    });
    expect(body(withEmail, who).result).toEqual(['me@example.com', 'me@example.com']);
  });

  it('needs the full spreadsheets scope for openById / openByUrl (currentonly is not enough)', () => {
    const env = fresh();
    const id = env.spreadsheet.id;
    expect(() => body(env, `SpreadsheetApp.openById('${id}');`)).toThrow(
      'You do not have permission to call SpreadsheetApp.openById. Required permissions: https://www.googleapis.com/auth/spreadsheets',
    );
    const full = fresh({ oauthScopes: [SCOPES.spreadsheets] });
    expect(body(full, `return SpreadsheetApp.openById('${id}').getId();`).result).toBe(id);
    expect(body(full, `return SpreadsheetApp.openByUrl('${env.spreadsheet.url}').getName();`).result).toBe(
      'Untitled spreadsheet',
    );
    expect(() => body(full, "SpreadsheetApp.openById('someone-elses');")).toThrow(
      messages.openFailed('openById'),
    );
    // `spreadsheets` includes `spreadsheets.currentonly`.
    expect(body(full, 'return SpreadsheetApp.getActive().getSheets().length;').result).toBe(1);
  });

  it('needs a spreadsheets scope for the container and script.container.ui for dialogs', () => {
    const uiOnly = fresh({ oauthScopes: [SCOPES.containerUi] });
    expect(() => body(uiOnly, 'SpreadsheetApp.getActiveSpreadsheet();')).toThrow(
      'You do not have permission to call SpreadsheetApp.getActiveSpreadsheet. Required permissions: ' +
        `${SCOPES.spreadsheetsCurrentOnly}, ${SCOPES.spreadsheets}`,
    );
    const sheetsOnly = fresh({ oauthScopes: [SCOPES.spreadsheetsCurrentOnly] });
    expect(() =>
      body(sheetsOnly, "SpreadsheetApp.getUi().showModalDialog(HtmlService.createHtmlOutput('x'), 't');"),
    ).toThrow(`Required permissions: ${SCOPES.containerUi}`);
    // Menus and properties need no scope.
    body(sheetsOnly, "SpreadsheetApp.getUi().createAddonMenu().addItem('Go', 'go').addToUi();");
    body(sheetsOnly, "PropertiesService.getDocumentProperties().setProperty('k', 'v');");
    expect(sheetsOnly.ui.menuItems()).toEqual([{ caption: 'Go', functionName: 'go' }]);
  });

  it('reads oauthScopes from appsscript.json next to the bundle; no oauthScopes means automatic', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gas-scopes-'));
    writeFileSync(join(dir, 'Code.js'), `function main() { ${who} }`);
    const env = createEnv({ bundlePath: join(dir, 'Code.js'), userEmail: 'me@example.com' });
    // No manifest at all: Apps Script detects the scopes from the code.
    expect(runExecution(env, 'main').result).toEqual(['me@example.com', 'me@example.com']);
    writeFileSync(join(dir, 'appsscript.json'), JSON.stringify({ oauthScopes: ADDON_SCOPES }));
    expect(runExecution(env, 'main').result).toEqual(['', '']);
    writeFileSync(join(dir, 'appsscript.json'), JSON.stringify({ oauthScopes: [SCOPES.userinfoEmail] }));
    expect(runExecution(env, 'main').result).toEqual(['me@example.com', 'me@example.com']);
    writeFileSync(join(dir, 'appsscript.json'), JSON.stringify({ timeZone: 'Asia/Seoul' }));
    expect(runExecution(env, 'main').result).toEqual(['me@example.com', 'me@example.com']);
  });
});

describe('text starting with = + - becomes a formula unless the cell is "@"', () => {
  it('turns +/- text that is no number into a formula reading as an error value', () => {
    const env = fresh();
    const out = body(
      env,
      `${SHEET} const rg = sh.getRange(1, 1, 1, 9);
       rg.setValues([['+abc', '-abc', '+82 10-1234', '- 3 items', '-특가', '-5', '+7', '-', '=-2+10']]);
       return [rg.getValues()[0], rg.getFormulas()[0]];`,
    ).result;
    expect(out).toEqual([
      ['#NAME?', '#NAME?', '#ERROR!', '#ERROR!', '#NAME?', -5, 7, '-', 8],
      ['=+abc', '=-abc', '=+82 10-1234', '=- 3 items', '=-특가', '', '', '', '=-2+10'],
    ]);
  });

  it('keeps the text in "@" cells, and setValue / appendRow / a user typing behave the same', () => {
    const env = fresh();
    const out = body(
      env,
      `${SHEET} sh.getRange('A1').setNumberFormat('@').setValue('-abc');
       sh.getRange('B1').setValue('=1/0'); sh.appendRow(['+x', '=HYPERLINK("https://a.example","a")']);
       return [sh.getRange('A1').getValue(), sh.getRange('B1').getValue(), sh.getRange('A2:B2').getValues()[0]];`,
    ).result;
    expect(out).toEqual(['-abc', '#DIV/0!', ['#NAME?', 'a']]);
    env.spreadsheet.userEdit('Sheet1', 'C1', '-abc');
    expect(env.spreadsheet.cell('Sheet1', 'C1')).toMatchObject({ formula: '=-abc', value: '#NAME?' });
  });
});

describe('number formats decide what a cell reads as', () => {
  // Serial 45658 is 2025-01-01 (days since 1899-12-30); midnight in Seoul is 15:00 UTC the day before.
  const newYearSeoul = Date.UTC(2024, 11, 31, 15);

  it('reads a serial number in a date-formatted cell as a Date', () => {
    const env = fresh();
    const out = body(
      env,
      `${SHEET} sh.getRange('A1:A2').setNumberFormat('yyyy-mm-dd');
       sh.getRange('A1').setValue(45658); sh.getRange('A2').setValue(45658.5);
       sh.getRange('B1').setNumberFormat('hh:mm').setValue(0.25);
       sh.getRange('C1').setNumberFormat('#,##0"일"').setValue(45658);
       return sh.getRange('A1:C2').getValues().map(function (row) {
         return row.map(function (v) { return v instanceof Date ? 'Date:' + v.getTime() : v; });
       }).concat([sh.getRange('A1:A2').getDisplayValues().map(function (r) { return r[0]; })]);`,
    ).result;
    expect(out).toEqual([
      [`Date:${newYearSeoul}`, expect.stringMatching(/^Date:-/), 45658],
      [`Date:${newYearSeoul + 12 * 3600_000}`, '', ''],
      ['2025-01-01', '2025-01-01 12:00:00'],
    ]);
  });

  it('gives a General cell a date format when a date is typed or written, and a number format wins over it', () => {
    const env = fresh();
    const out = body(
      env,
      `${SHEET} sh.getRange('A1').setValue('2025-01-01'); sh.getRange('A2').setValue(new Date(${newYearSeoul}));
       const typed = [sh.getRange('A1').getNumberFormat(), sh.getRange('A1').getValue() instanceof Date];
       sh.getRange('A1').setNumberFormat('0');
       return typed.concat([sh.getRange('A1').getValue(), sh.getRange('A2').getValue() instanceof Date]);`,
    ).result;
    expect(out).toEqual(['yyyy-mm-dd', true, 45658, true]);
  });
});

describe('NaN and Infinity', () => {
  it('are refused by setValues and setValue, leaving the range as it was', () => {
    const env = fresh();
    body(env, `${SHEET} sh.getRange('A1:B1').setValues([[1, 2]]);`);
    expect(() => body(env, `${SHEET} sh.getRange('A1:B1').setValues([[3, NaN]]);`)).toThrow(
      messages.nonFiniteNumber('NaN'),
    );
    expect(() => body(env, `${SHEET} sh.getRange('A1').setValue(-Infinity);`)).toThrow(
      messages.nonFiniteNumber('-Infinity'),
    );
    expect(() => body(env, `${SHEET} sh.appendRow([Infinity]);`)).toThrow(
      messages.nonFiniteNumber('Infinity'),
    );
    expect(env.spreadsheet.sheetValues('Sheet1')).toEqual([[1, 2]]);
  });
});

describe('google.script.run limits', () => {
  const server = `
    function echo(x) { return x; }
    function grow(n) { return new Array(n + 1).join('x'); }
    function stamp(i) { const p = PropertiesService.getScriptProperties();
      p.setProperty('order', (p.getProperty('order') || '') + i + ','); return i; }`;

  it('caps the JSON of the arguments and of the result', () => {
    const env = fresh({ scriptRun: { maxPayloadBytes: 1000 } });
    expect(callServer(env, 'echo', ['x'.repeat(996)], { source: server }).argsBytes).toBe(1000);
    expect(() => callServer(env, 'echo', ['x'.repeat(997)], { source: server })).toThrow(
      messages.payloadTooLarge('arguments', 1001, 1000),
    );
    const executions = env.executions;
    expect(() => callServer(env, 'grow', [1000], { source: server })).toThrow(
      messages.payloadTooLarge('result', 1002, 1000),
    );
    expect(env.executions).toBe(executions + 1); // the script ran; only its answer was too big
  });

  it('keeps at most 10 calls in flight: the 11th waits for a free spot, as Google documents', async () => {
    const env = fresh();
    const bridge = new ScriptRunBridge(env);
    const calls = Array.from({ length: 12 }, (_, i) => bridge.call<number>('stamp', [i], { source: server }));
    expect(bridge.inFlight).toBe(10);
    const results = await Promise.all(calls);
    expect(results.map((r) => r.result)).toEqual([...Array(12).keys()]);
    expect([bridge.peakInFlight, bridge.delayedCalls, bridge.inFlight]).toEqual([10, 2, 0]);
    expect(env.properties.script.toObject().order).toBe('0,1,2,3,4,5,6,7,8,9,10,11,');
  });

  it('can refuse the 11th call instead (to prove a client never needs more than 10)', async () => {
    const env = fresh({ scriptRun: { overflow: 'refuse' } });
    const bridge = new ScriptRunBridge(env);
    const calls = Array.from({ length: 11 }, (_, i) => bridge.call('echo', [i], { source: server }));
    const settled = await Promise.allSettled(calls);
    expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(10);
    expect(settled[10]).toMatchObject({
      status: 'rejected',
      reason: new Error(messages.tooManyConcurrentCalls(10)),
    });
  });
});

describe('cost model', () => {
  it('counts cells at Range, structural edits and flushes, and models the duration from them', () => {
    const env = fresh();
    const out = body(
      env,
      `${SHEET} sh.getRange(1, 1, 10, 3).setValues(Array.from({ length: 10 }, function () { return [1, 2, 3]; }));
       sh.getRange(1, 1, 10, 3).setNumberFormats(Array.from({ length: 10 }, function () { return ['0', '0', '0']; }));
       sh.getRange(2, 1, 5, 2).getValues(); sh.getRange('A1').getValue();
       sh.insertRowsAfter(sh.getMaxRows(), 5); sh.deleteRows(2, 1); SpreadsheetApp.flush();
       SpreadsheetApp.getActive().insertSheet('More'); Utilities.sleep(250);`,
    );
    const c = out.cost;
    expect([c.cellsRead, c.cellsWritten, c.structuralEdits, c.flushes, c.sleptMs]).toEqual([
      11, 60, 3, 1, 250,
    ]);
    expect(c.serviceCalls).toBe(out.calls.total);
    const m = env.costModel;
    const expected =
      c.serviceCalls * m.callMs +
      11 * m.cellReadMs +
      60 * m.cellWrittenMs +
      3 * m.structuralEditMs +
      m.flushMs +
      250;
    expect(c.modelledMs).toBe(Math.round(expected));
    expect(env.executionLog.at(-1)).toMatchObject({ fn: 'main', ok: true, cost: c });
  });

  it('recalculates the formulas that read a changed range: a settings edit reaches every MAXIFS', () => {
    const env = fresh();
    // Settings!A2:A100 named cjRate; 50 Fees rows each with a MAXIFS over it and an own-row formula.
    body(
      env,
      `const ss = SpreadsheetApp.getActive(); const set = ss.insertSheet('Settings'); const fees = ss.insertSheet('Fees');
       ss.setNamedRange('cjRate', set.getRange('A2:A100'));
       fees.getRange(2, 1, 50, 2).setFormulas(Array.from({ length: 50 }, function (_, i) {
         return ['=MAXIFS(cjRate,cjRate,">0")', '=$C' + (i + 2) + '*2'];
       }));`,
    );
    const entered = env.executionLog.at(-1)!.cost;
    expect(entered.formulaCellsRecalculated).toBe(100); // every formula entered is calculated once
    expect(entered.formulaCellsAwaited).toBe(0); // … after the execution: nothing read them back
    expect(entered.formulaRangeCellsScanned).toBe(50 * 2 * 99 + 50);

    const settingsEdit = body(
      env,
      "SpreadsheetApp.getActive().getSheetByName('Settings').getRange('A7').setValue(3);",
    );
    expect(settingsEdit.cost.formulaCellsRecalculated).toBe(50);
    expect(settingsEdit.cost.formulaRangeCellsScanned).toBe(50 * 2 * 99);

    const oneRow = body(env, "SpreadsheetApp.getActive().getSheetByName('Fees').getRange('C9').setValue(3);");
    expect([oneRow.cost.formulaCellsRecalculated, oneRow.cost.formulaRangeCellsScanned]).toEqual([1, 1]);

    // An execution waits for the formulas it reads back stale: its own, and those earlier executions
    // left to compute (they read no formula cell, so everything above is still owed on Fees).
    const m = env.costModel;
    const ms = (cells: number, scanned: number) => cells * m.formulaCellMs + scanned * m.formulaRangeCellMs;
    const owed = ms(100, 50 * 2 * 99 + 50) + ms(50, 50 * 2 * 99) + ms(1, 1);
    const fees = "SpreadsheetApp.getActive().getSheetByName('Fees').getRange('A2:A51').getValues();";
    const settings = "SpreadsheetApp.getActive().getSheetByName('Settings').getRange('A8').setValue(5);";
    const waited = body(env, settings + fees);
    expect([waited.cost.formulaCellsRecalculated, waited.cost.formulaCellsAwaited]).toEqual([50, 50]);
    expect(waited.cost.waitedForEarlierRecalcMs).toBe(Math.round(owed));
    const own = ms(50, 50 * 2 * 99);
    expect(waited.cost.recalcMs).toBe(Math.round(own));
    const rest = (c: typeof waited.cost) =>
      c.serviceCalls * m.callMs + c.cellsRead * m.cellReadMs + c.cellsWritten * m.cellWrittenMs;
    expect(waited.cost.modelledMs).toBe(Math.round(rest(waited.cost) + own + owed));

    // Read first, then change: nothing to wait for now; the 50 formulas are owed to the next reader.
    const notWaited = body(env, fees + settings);
    expect([notWaited.cost.formulaCellsRecalculated, notWaited.cost.formulaCellsAwaited]).toEqual([50, 0]);
    expect(notWaited.cost.waitedForEarlierRecalcMs).toBe(0);
    expect(notWaited.cost.modelledMs).toBe(Math.round(rest(notWaited.cost)));
    // Reading a sheet without those formulas does not wait; reading them does.
    expect(
      body(env, "SpreadsheetApp.getActive().getSheetByName('Settings').getRange('A1:A9').getValues();").cost
        .waitedForEarlierRecalcMs,
    ).toBe(0);
    expect(body(env, fees).cost.waitedForEarlierRecalcMs).toBe(Math.round(own));

    // Formats change no value: nothing recalculates. Deleting a settings row moves the range.
    const formats = body(
      env,
      "SpreadsheetApp.getActive().getSheetByName('Settings').getRange('A2:A9').setNumberFormat('0');",
    );
    expect(formats.cost.formulaCellsRecalculated).toBe(0);
    const removal = body(env, "SpreadsheetApp.getActive().getSheetByName('Settings').deleteRows(50, 1);");
    expect(removal.cost.formulaCellsRecalculated).toBe(50);
  });
});

describe('active sheet', () => {
  it('insertSheet makes the new sheet active; setActiveSheet brings the user’s sheet back', () => {
    const env = fresh();
    const out = body(
      env,
      `const ss = SpreadsheetApp.getActive(); const before = ss.getActiveSheet();
       ss.insertSheet('New'); const after = ss.getActiveSheet().getName();
       ss.setActiveSheet(before); return [before.getName(), after, ss.getActiveSheet().getName()];`,
    ).result;
    expect(out).toEqual(['Sheet1', 'New', 'Sheet1']);
    expect(body(env, 'return SpreadsheetApp.getActiveSheet().getName();').result).toBe('Sheet1');
  });
});

describe('data validation: a dropdown list', () => {
  it('builds a list rule, reads it back per cell, and refuses what a user types outside it', () => {
    const env = fresh();
    const out = body(
      env,
      `${SHEET} const rule = SpreadsheetApp.newDataValidation().requireValueInList(['옵션', 'option'], true)
         .setAllowInvalid(false).setHelpText('옵션 / option').build();
       sh.getRange(2, 1, 10, 1).setDataValidation(rule);
       const got = sh.getRange('A5').getDataValidation();
       return [got.getCriteriaType(), got.getCriteriaValues(), got.getAllowInvalid(), got.getHelpText(),
         sh.getRange('A1').getDataValidation(), sh.getRange('A12').getDataValidation()];`,
    ).result;
    expect(out).toEqual(['VALUE_IN_LIST', [['옵션', 'option'], true], false, '옵션 / option', null, null]);
    env.spreadsheet.userEdit('Sheet1', 'A3', '옵션');
    expect(env.spreadsheet.cell('Sheet1', 'A3')?.value).toBe('옵션');
    expect(() => env.spreadsheet.userEdit('Sheet1', 'A4', '옵선')).toThrow(
      /violates the data validation rules/,
    );
    expect(env.spreadsheet.cell('Sheet1', 'A4')).toBeUndefined();
    // Outside the rule's range anything goes.
    env.spreadsheet.userEdit('Sheet1', 'A1', '옵선');
  });

  it('a rule must have its criteria; null removes the rule of that range', () => {
    const env = fresh();
    expect(() => body(env, `SpreadsheetApp.newDataValidation().build();`)).toThrow(/criteria/);
    const out = body(
      env,
      `${SHEET} const rg = sh.getRange('B1:B3');
       rg.setDataValidation(SpreadsheetApp.newDataValidation().requireValueInList(['a']).build());
       rg.setDataValidation(null);
       return sh.getRange('B2').getDataValidation();`,
    ).result;
    expect(out).toBeNull();
  });
});
