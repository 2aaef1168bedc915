// An existing spreadsheet made by cjet before schema version 2 (rows, an override, the user's own
// columns) meets an import of today's version: the v2 columns are inserted at the right of each
// table, every row and every user cell stays on its row, and the headers say the new labels
// (normalized-tabs.md "Columns added in schema version 2"). Expected labels are the contract's.
import { beforeAll, describe, expect, it } from 'vitest';
import { createEnv, type GasEnv, runExecution } from '../../gas-emulator';
import type { NormalizeResult } from '../../src/core/model/records';
import { columnLetter } from '../../src/core/model/tabs';
import { generateMonth } from '../fixtures/generate';
import { V1_TABS, type V1Tab, v1Format, v1Header, v1Row } from '../fixtures/v1-tabs';
import { normalizedMonth, runImport, SETTLEMENT_REPORTS } from './driver';

/** What version 1's createTab did, run as Apps Script in the emulator (src of that time, condensed). */
const MAKE_V1_TAB = `
function makeV1Tab(name, id, header, formats, rows, userOwnedColumn, protect) {
  var ss = SpreadsheetApp.getActiveSpreadsheet();
  var sh = ss.insertSheet(name, ss.getNumSheets());
  var width = header.length;
  if (sh.getMaxColumns() < width + 4) sh.insertColumnsAfter(sh.getMaxColumns(), width + 4 - sh.getMaxColumns());
  if (sh.getMaxRows() < rows.length + 1) sh.insertRowsAfter(sh.getMaxRows(), rows.length + 1 - sh.getMaxRows());
  var head = sh.getRange(1, 1, 1, width);
  head.setNumberFormat('@');
  head.setValues([header]);
  head.setFontWeight('bold');
  sh.setFrozenRows(1);
  var n = sh.getMaxRows() - 1;
  var all = [];
  for (var i = 0; i < n; i++) all.push(formats);
  sh.getRange(2, 1, n, width).setNumberFormats(all);
  if (rows.length > 0) sh.getRange(2, 1, rows.length, width).setValues(rows);
  sh.addDeveloperMetadata('cjet.tab', id);
  ss.setNamedRange('cjet_' + id, sh.getRange(1, 1, sh.getMaxRows(), width));
  if (protect) {
    var p = sh.protect().setWarningOnly(true);
    if (userOwnedColumn > 0)
      p.setUnprotectedRanges([sh.getRange(1, userOwnedColumn, sh.getMaxRows(), sh.getMaxColumns() - userOwnedColumn + 1)]);
  }
}`;

function makeV1Tab(env: GasEnv, id: keyof typeof V1_TABS, records: readonly object[], protect = true): void {
  const tab: V1Tab = V1_TABS[id];
  const rows = records.map((r) => v1Row(tab, { ...r, import_id: 'imp-v1' }));
  const userOwned = tab.columns.findIndex((c) => c[3] === true);
  runExecution(
    env,
    'makeV1Tab',
    [tab.name, id, v1Header(tab), tab.columns.map((c) => v1Format(c[2])), rows, userOwned + 1, protect],
    { source: MAKE_V1_TAB },
  );
}

const values = (env: GasEnv, sheet: string) => env.spreadsheet.sheetValues(sheet);

let january: NormalizeResult;
let invoiceMonth: string;
let vendorId: string;

beforeAll(() => {
  january = normalizedMonth(21, { reports: SETTLEMENT_REPORTS });
  // Outside the parser: the generator's own period and the vendor ID in the file names.
  invoiceMonth = generateMonth(21, { reports: ['CATEGORY_TR'] }).model.periods[0]!.invoiceMonth;
  vendorId = /^(A\d{8})-/.exec(january.files[0]!.file)![1]!;
});

/** A version-1 spreadsheet as a seller left it: rows, an override, notes right of the tables. */
function v1Spreadsheet(): GasEnv {
  const env = createEnv();
  makeV1Tab(env, 'orders', january.orders);
  makeV1Tab(env, 'fees', january.fees);
  makeV1Tab(env, 'fulfillment', january.fulfillment);
  makeV1Tab(env, 'settings', [], false);
  makeV1Tab(env, 'log', []);
  // Orders: a note column right of the table (column 32), one note per row, keyed by its line key.
  const orders = values(env, '주문');
  env.spreadsheet.userEdit('주문', `${columnLetter(32)}1`, '메모');
  orders.slice(1).forEach((row, i) => {
    env.spreadsheet.userEdit('주문', `${columnLetter(32)}${i + 2}`, `note ${row[0]}`);
  });
  // Fees: an override typed on row 3 (v1's last column, X), and a check column right of it (Y).
  env.spreadsheet.userEdit('수수료', 'X3', '4321');
  env.spreadsheet.userEdit('수수료', 'Y1', '확인');
  values(env, '수수료')
    .slice(1)
    .forEach((row, i) => {
      env.spreadsheet.userEdit('수수료', `Y${i + 2}`, `ok ${row[0]}`);
    });
  return env;
}

describe('a version-1 spreadsheet upgraded by an import', () => {
  it('a dry run plans the new columns as updates and writes nothing (user columns are not read as ours)', () => {
    const env = v1Spreadsheet();
    const before = values(env, '주문');
    const run = runImport(env, january, { dryRun: true });
    expect(run.finish?.refused).toBeNull();
    expect(run.finish?.tabs.orders).toMatchObject({
      inserted: 0,
      updated: january.orders.length,
      removed: 0,
    });
    expect(values(env, '주문')).toEqual(before);
  });

  it('inserts the v2 columns at the right of each table; rows, the override and user columns stay aligned', () => {
    const env = v1Spreadsheet();
    const overriddenKey = values(env, '수수료')[2]![0];
    const run = runImport(env, january);
    expect(run.begin.refused).toBeNull();
    expect(run.finish?.refused).toBeNull();
    expect(run.finish?.tabs.orders).toMatchObject({
      inserted: 0,
      updated: january.orders.length,
      removed: 0,
    });
    expect(run.finish?.tabs.fees).toMatchObject({ inserted: 0, updated: january.fees.length, removed: 0 });

    // Orders: 31 v1 columns, then the five of version 2, then the user's note (was column 32).
    const orders = values(env, '주문');
    expect(orders[0]!.slice(26, 37)).toEqual([
      '판매자 부담 배송비(VAT포함)',
      '가져오기 ID',
      '원본 파일',
      '원본 시트',
      '원본 행',
      '세금계산서 발행월',
      '카테고리ID',
      '즉시할인쿠폰',
      '다운로드쿠폰',
      '업체코드',
      '메모',
    ]);
    expect(orders).toHaveLength(january.orders.length + 1);
    for (const row of orders.slice(1)) {
      expect(row[36]).toBe(`note ${row[0]}`);
      expect(row[31]).toBe(invoiceMonth);
      expect(row[35]).toBe(vendorId);
    }

    // Fees: the override stays in column X, the v2 columns come after it, the check column moves to AB.
    const fees = values(env, '수수료');
    expect(fees[0]!.slice(11, 15)).toEqual([
      '수집 수수료율(%, VAT별도)',
      '판매수수료 공급가액',
      '판매수수료 세액',
      '판매수수료 합계금액',
    ]);
    expect(fees[0]!.slice(16, 18)).toEqual(['설정 수수료율(%, VAT별도)', '적용 수수료(VAT포함)']);
    expect(fees[0]!.slice(23, 30)).toEqual([
      '수수료 직접입력(VAT포함)',
      '할인적용 수수료율(%, VAT별도)',
      '세금계산서 발행월',
      '업체코드',
      '과세유형',
      '정산유형',
      '확인',
    ]);
    for (const row of fees.slice(1)) expect(row[29]).toBe(`ok ${row[0]}`);
    const overridden = fees.find((r) => r[0] === overriddenKey)!;
    expect(overridden[23]).toBe(4321);
    expect(fees.filter((r) => r[23] !== '')).toHaveLength(2); // the header and the one override
    const rowNumber = fees.indexOf(overridden) + 1;
    expect(env.spreadsheet.sheetFormulas('수수료')[rowNumber - 1]![17]).toContain(`$X${rowNumber}`);

    // Fulfillment: the tax-invoice words, then the two v2 columns at the right.
    const fulfillment = values(env, '풀필먼트비용');
    expect(fulfillment[0]!.slice(24, 27)).toEqual(['공급가액', '세액', '합계금액']);
    expect(fulfillment[0]!.slice(32, 34)).toEqual(['세금계산서 발행월', '업체코드']);
    expect(fulfillment).toHaveLength(january.fulfillment.length + 1);

    // Settings: relabelled in place (the VAT basis stated), no column added.
    expect(values(env, '수수료 설정')[0]!.slice(0, 3)).toEqual(['범위', '대상 ID', '수수료율(%, VAT별도)']);

    // Log: the new columns and a real date-time.
    const log = values(env, '가져오기 기록');
    expect(log[0]!.slice(7, 8)).toEqual(['최초 일자']);
    expect(log[0]!.slice(20, 23)).toEqual(['업체코드', '대체됨', '대체된 금액']);
    expect(log.slice(1).every((r) => r[20] === vendorId)).toBe(true);
    expect(Object.prototype.toString.call(log[1]![1])).toBe('[object Date]');
  });

  it('widens the named ranges and leaves exactly the override and the user area unprotected', () => {
    const env = v1Spreadsheet();
    runImport(env, january);
    const orders = env.spreadsheet.findSheet('주문')!;
    const fees = env.spreadsheet.findSheet('수수료')!;
    expect(env.spreadsheet.namedRanges.get('cjet_orders')?.rect).toMatchObject({ col: 1, numCols: 36 });
    expect(env.spreadsheet.namedRanges.get('cjet_fees')?.rect).toMatchObject({ col: 1, numCols: 29 });
    const protection = env.spreadsheet.protections.find((p) => p.sheetId === fees.id)!;
    expect(protection.unprotected.map((r) => [r.col, r.numCols])).toEqual([
      [24, 1],
      [30, fees.maxColumns - 29],
    ]);
    const ordersProtection = env.spreadsheet.protections.find((p) => p.sheetId === orders.id)!;
    expect(ordersProtection.warningOnly).toBe(true);
    // The new columns are typed: the vendor ID is text, the coupons are money.
    expect(env.spreadsheet.cell('주문', 'AJ2')?.format).toBe('@');
    expect(env.spreadsheet.cell('주문', 'AH2')?.format).toBe('#,##0');
  });

  it('a second import changes nothing: the upgrade happens once', () => {
    const env = v1Spreadsheet();
    runImport(env, january);
    const before = values(env, '주문');
    const again = runImport(env, january);
    expect(again.finish?.tabs.orders).toMatchObject({ inserted: 0, updated: 0, removed: 0 });
    expect(again.finish?.tabs.fees).toMatchObject({ inserted: 0, updated: 0, removed: 0 });
    expect(values(env, '주문')).toEqual(before);
  });

  it('counts the columns an upgrade inserts against the 10,000,000-cell limit, refusing before any write', () => {
    const env = v1Spreadsheet();
    const nothing: NormalizeResult = { files: [], problems: [], orders: [], fees: [], fulfillment: [] };
    const needed = runImport(env, nothing, { dryRun: true }).begin.cells.needed;
    // The v2 columns: Orders 5, Fees 5 (3 of normalized-tabs.md + tax type, cycle), Fulfillment 2, Import log 3; and the
    // three rule helper columns of the settings tab (rank, exact ID, score).
    const rows = (name: string) => env.spreadsheet.findSheet(name)!.maxRows;
    const upgrade =
      5 * rows('주문') +
      5 * rows('수수료') +
      2 * rows('풀필먼트비용') +
      3 * rows('가져오기 기록') +
      3 * rows('수수료 설정');
    // No record comes in: what it needs is the Import problems tab it creates (a new sheet, 1000 × 26),
    // the four month-close tabs the finish creates (월마감, 세금계산서 대사, 정산 지급, 휴일), the profit tabs
    // (원가, 원가 계산, 옵션별 손익) — 1000 × 26 each — and the columns the upgrade inserts.
    const newSheets = 8 * 26_000;
    expect(needed).toBe(newSheets + upgrade);
    // Fill the spreadsheet so that the import would fit if the upgrade were left out of the count.
    const used = env.spreadsheet.sheets.reduce((n, sh) => n + sh.maxRows * sh.maxColumns, 0);
    env.spreadsheet.seed('자료', [['x']]);
    env.spreadsheet.findSheet('자료')!.maxRows = Math.floor(
      (10_000_000 - used - newSheets - upgrade / 2) / 26,
    );
    const before = values(env, '주문')[0];
    const run = runImport(env, nothing);
    expect(run.begin.refused?.code).toBe('CELL_LIMIT');
    expect(values(env, '주문')[0]).toEqual(before);
  });

  it('an import in English relabels the managed headers in English and nothing else', () => {
    const env = v1Spreadsheet();
    runImport(env, january, { lang: 'en' });
    const fees = values(env, '수수료')[0]!;
    expect(fees.slice(12, 15)).toEqual([
      'Commission supply value (ex VAT)',
      'Commission VAT',
      'Commission total (VAT incl.)',
    ]);
    expect(fees[23]).toBe('Commission override (VAT incl.)');
    expect(fees[29]).toBe('확인');
  });
});
