// The seller's story in Google Sheets: the dialog's calls (begin / chunk / finish) against the built
// dist/Code.js in the Apps Script emulator, with records read from generated Coupang files.
import { readdirSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { callServer, createEnv, type GasEnv, runExecution } from '../../gas-emulator';
import { decodeCp949 } from '../../src/cli/nodeHost';
import { chunkRecords } from '../../src/core/merge/chunks';
import { RULE_ROWS_MARGIN, settingsHelperFormula } from '../../src/core/merge/commission';
import { packHashes } from '../../src/core/merge/keyHash';
import type { NormalizeResult } from '../../src/core/model/records';
import type { ImportBeginResponse, ImportFinishResponse } from '../../src/core/model/rpc';
import {
  columnIndex,
  columnLetter,
  FEES_TAB,
  FULFILLMENT_TAB,
  ORDERS_TAB,
  writeSegments,
} from '../../src/core/model/tabs';
import { encodeChunk } from '../../src/core/model/wire';
import { normalizeFiles } from '../../src/core/normalize';
import { feeFor, v1Order, v2Order } from '../merge/records';
import { normalizedMonth, runImport, SETTLEMENT_REPORTS } from './driver';

let january: NormalizeResult;
let insightsJanuary: NormalizeResult;

beforeAll(() => {
  january = normalizedMonth(21, { reports: SETTLEMENT_REPORTS });
  insightsJanuary = normalizedMonth(
    21,
    { reports: ['SELLER_INSIGHTS'] },
    { start: '2025-01-01', end: '2025-01-31' },
  );
});

const ORDERS = '주문';
const FEES = '수수료';
const data = (env: GasEnv, sheet: string) => env.spreadsheet.sheetValues(sheet).slice(1);
const keysOf = (env: GasEnv, sheet: string) => data(env, sheet).map((r) => r[0]);

describe('a month imported through the dialog path', () => {
  it('creates typed, frozen, protected tabs and writes every record once, plus the log', () => {
    const env = createEnv({ spreadsheet: { timeZone: 'America/Los_Angeles' } });
    const run = runImport(env, january, { chunkRows: 40 });
    expect(run.begin.refused).toBeNull();
    expect(run.chunks.length).toBeGreaterThan(1);
    expect(run.chunks.every((c) => c.refused === null)).toBe(true);
    expect(run.finish?.refused).toBeNull();

    expect(keysOf(env, ORDERS).sort()).toEqual(january.orders.map((o) => o.line_key).sort());
    expect(keysOf(env, FEES).sort()).toEqual(january.fees.map((o) => o.line_key).sort());
    expect(keysOf(env, '풀필먼트비용')).toHaveLength(january.fulfillment.length);
    expect(run.finish?.tabs.orders.inserted).toBe(january.orders.length);
    expect(data(env, '가져오기 기록')).toHaveLength(january.files.length);
    expect(run.finish?.control.every((c) => c.match)).toBe(true);

    const sheet = env.spreadsheet.findSheet(ORDERS)!;
    expect(sheet.frozenRows).toBe(1);
    const orderIdCell = env.spreadsheet.cell(
      ORDERS,
      `${columnLetter(columnIndex(ORDERS_TAB, 'order_id') + 1)}2`,
    );
    expect(orderIdCell?.format).toBe('@');
    expect(typeof orderIdCell?.value).toBe('string');
    // A date lands on its calendar day even in a spreadsheet outside Korea.
    const periodEnd = columnIndex(ORDERS_TAB, 'period_end');
    const display = env.spreadsheet
      .sheetDisplayValues(ORDERS)
      .slice(1)
      .map((r) => r[periodEnd]);
    expect(new Set(display)).toEqual(new Set(january.orders.map((o) => o.period_end)));
    // Found by metadata, protected warning-only, with a named range per table.
    expect(env.spreadsheet.metadata.some((m) => m.key === 'cjet.tab' && m.value === 'orders')).toBe(true);
    expect(env.spreadsheet.protections.some((p) => p.warningOnly)).toBe(true);
    expect(env.spreadsheet.namedRanges.has('cjet_fees')).toBe(true);
    // The Fees formulas are in place (rule_rate / effective_commission / commission_source).
    const formulas = env.spreadsheet.sheetFormulas(FEES)[1]!;
    expect(formulas[columnIndex(FEES_TAB, 'effective_commission')]).toMatch(/^=IF\(\$[A-Z]+2<>""/);
    expect(formulas[columnIndex(FEES_TAB, 'rule_rate')]).toContain('cjScore');
  });

  it('importing the same files again changes nothing', () => {
    const env = createEnv();
    runImport(env, january);
    const before = env.spreadsheet.sheetValues(ORDERS);
    const again = runImport(env, january);
    for (const tab of ['orders', 'fees', 'fulfillment'] as const) {
      expect(again.finish?.tabs[tab]).toMatchObject({ inserted: 0, updated: 0, removed: 0, rejected: 0 });
    }
    expect(env.spreadsheet.sheetValues(ORDERS)).toEqual(before);
  });

  it('a dry run returns the plan and writes nothing', () => {
    const env = createEnv();
    const names = env.spreadsheet.sheets.map((s) => s.name);
    const run = runImport(env, january, { dryRun: true });
    expect(run.finish?.tabs.orders.inserted).toBe(january.orders.length);
    expect(env.spreadsheet.sheets.map((s) => s.name)).toEqual(names);
  });
});

describe('what the user typed survives', () => {
  it('an override, a note right of the table, and a sort', () => {
    const env = createEnv();
    runImport(env, january);
    const overrideColumn = columnLetter(columnIndex(FEES_TAB, 'commission_override') + 1);
    const noteColumn = columnLetter(ORDERS_TAB.columns.length + 1);
    env.spreadsheet.userEdit(FEES, `${overrideColumn}2`, '4321');
    const overriddenKey = data(env, FEES)[0]![0];
    // A data tab's grid ends at its table: the user inserts a column right of it for notes.
    env.spreadsheet.userAddColumns(ORDERS, 1);
    env.spreadsheet.userEdit(ORDERS, `${noteColumn}1`, '메모');
    const orders = data(env, ORDERS);
    orders.forEach((row, i) => {
      env.spreadsheet.userEdit(ORDERS, `${noteColumn}${i + 2}`, `note ${row[0]}`);
    });
    env.spreadsheet.userSort(ORDERS, columnIndex(ORDERS_TAB, 'gross_sales') + 1, false);
    env.spreadsheet.userSort(FEES, 1, false);

    // A corrected download of the same month: every amount changes, so every row is rewritten.
    const corrected = {
      ...january,
      orders: january.orders.map((o) => ({ ...o, settlement_amount: (o.settlement_amount ?? 0) + 1 })),
      fees: january.fees.map((f) => ({ ...f, commission_base: f.commission_base + 1 })),
    };
    const run = runImport(env, corrected);
    expect(run.finish?.tabs.orders.updated).toBe(january.orders.length);
    expect(run.finish?.tabs.fees.updated).toBe(january.fees.length);

    for (const row of data(env, ORDERS)) expect(row[ORDERS_TAB.columns.length]).toBe(`note ${row[0]}`);
    const fees = data(env, FEES);
    const overridden = fees.find((r) => r[0] === overriddenKey)!;
    expect(overridden[columnIndex(FEES_TAB, 'commission_override')]).toBe(4321);
    const rowNumber = fees.indexOf(overridden) + 2;
    // The row's formulas point at its own row after the sort.
    expect(
      env.spreadsheet.sheetFormulas(FEES)[rowNumber - 1]![columnIndex(FEES_TAB, 'effective_commission')],
    ).toContain(`$${overrideColumn}${rowNumber}`);
  });

  it('a corrected download replaces the period: rows gone from it are removed and counted', () => {
    const env = createEnv();
    runImport(env, january);
    const dropped = new Set(january.orders.slice(0, 3).map((o) => o.line_key));
    const corrected = {
      ...january,
      orders: january.orders.filter((o) => !dropped.has(o.line_key)),
      fees: january.fees.filter((f) => !dropped.has(f.line_key)),
    };
    const run = runImport(env, corrected, { chunkRows: 25, allowRemovals: true });
    expect(run.finish?.tabs.orders.removed).toBe(3);
    expect(run.finish?.tabs.fees.removed).toBe(3);
    expect(keysOf(env, ORDERS)).toHaveLength(january.orders.length - 3);
    for (const key of dropped) expect(keysOf(env, ORDERS)).not.toContain(key);
    // A dry run of the same correction predicts the same removals.
    const fresh = createEnv();
    runImport(fresh, january);
    expect(runImport(fresh, corrected, { dryRun: true, chunkRows: 25 }).finish?.tabs.orders.removed).toBe(3);
  });
});

describe('v2 supersedes v1 for the same month', () => {
  it('v1 then v2: the v1 rows are removed and the summary says so', () => {
    const env = createEnv();
    runImport(env, insightsJanuary);
    expect(data(env, ORDERS).length).toBe(insightsJanuary.orders.length);
    const run = runImport(env, january, { allowRemovals: true });
    expect(run.finish?.v1Superseded.removed).toBe(insightsJanuary.orders.length);
    expect(run.finish?.warnings.join('\n')).toContain('v1');
    const versions = new Set(data(env, ORDERS).map((r) => r[columnIndex(ORDERS_TAB, 'mapping_version')]));
    expect(versions).toEqual(new Set(['v2']));
  });

  it('v2 then v1: nothing of the covered month is written', () => {
    const env = createEnv();
    runImport(env, january);
    const run = runImport(env, insightsJanuary);
    expect(run.finish?.tabs.orders.inserted).toBe(0);
    expect(run.finish?.v1Superseded.skipped).toBe(insightsJanuary.orders.length);
    expect(keysOf(env, ORDERS)).toHaveLength(january.orders.length);
  });
});

describe('removals need consent (issue #8 case 3): the server enforces it too', () => {
  it('a finish that would remove rows without consent is refused, nothing removed; with it, it completes', () => {
    const env = createEnv();
    runImport(env, january);
    const dropped = new Set(january.orders.slice(0, 3).map((o) => o.line_key));
    const corrected = {
      ...january,
      orders: january.orders.filter((o) => !dropped.has(o.line_key)),
      fees: january.fees.filter((f) => !dropped.has(f.line_key)),
    };
    const droppedMoney = january.orders
      .filter((o) => dropped.has(o.line_key))
      .reduce((n, o) => n + o.gross_sales, 0);
    // The dry run says so before anything is written: by count and money.
    const plan = runImport(env, corrected, { dryRun: true, chunkRows: 25 });
    expect(plan.finish?.removals).toMatchObject({ rows: 3, amount: droppedMoney });
    expect(plan.finish?.removals.scopes).toEqual([
      expect.objectContaining({ reason: 'replaced', tab: 'orders', source_report: 'CATEGORY_TR', rows: 3 }),
      expect.objectContaining({ reason: 'replaced', tab: 'fees', rows: 3 }),
    ]);
    const run = runImport(env, corrected, { chunkRows: 25 });
    expect(run.finish?.refused?.code).toBe('REMOVALS_NEED_CONSENT');
    expect(run.finish?.refused?.message).toContain(`행 3개(${droppedMoney.toLocaleString('en-US')}원)`);
    expect(run.finish?.refused?.message).toContain('rows sent before were written');
    expect(keysOf(env, ORDERS)).toHaveLength(january.orders.length);
    for (const key of dropped) expect(keysOf(env, ORDERS)).toContain(key);
    // Nothing of the finish was written: the same finish goes through once the seller confirmed. A
    // period loses rows, so it asks for the import's keys (as hashes) first.
    const finishWith = (keys: { tab: string; hashes: string }[]) =>
      callServer<ImportFinishResponse>(env, 'cjetImportFinish', [
        {
          importId: run.begin.importId,
          dryRun: false,
          lang: 'ko',
          files: corrected.files,
          chunks: run.chunks,
          allowRemovals: true,
          keys,
        },
      ]).result;
    const asked = finishWith([]);
    expect(asked.refused).toBeNull();
    expect([...asked.needKeys].sort()).toEqual(['fees', 'orders']);
    expect(keysOf(env, ORDERS)).toHaveLength(january.orders.length);
    const finish = finishWith(
      asked.needKeys.map((tab) => ({ tab, hashes: packHashes(corrected[tab].map((r) => r.line_key)) })),
    );
    expect(finish.refused).toBeNull();
    expect(finish.tabs.orders.removed).toBe(3);
    expect(keysOf(env, ORDERS)).toHaveLength(january.orders.length - 3);
  });

  it('a chunk that would remove v1 rows superseded by v2 is refused without consent, nothing written', () => {
    const env = createEnv();
    runImport(env, insightsJanuary);
    const before = env.spreadsheet.sheetValues(ORDERS);
    const run = runImport(env, january);
    expect(run.chunks[0]?.refused?.code).toBe('REMOVALS_NEED_CONSENT');
    expect(run.chunks[0]?.refused?.message).toContain(`${insightsJanuary.orders.length} rows`);
    expect(env.spreadsheet.sheetValues(ORDERS)).toEqual(before);
  });
});

describe('refusals write nothing', () => {
  it('the 10,000,000-cell limit refuses before anything is written', () => {
    const env = createEnv();
    env.spreadsheet.sheets[0]!.maxRows = 384_000; // × 26 columns ≈ 9.98 M cells
    const run = runImport(env, january);
    expect(run.begin.refused?.code).toBe('CELL_LIMIT');
    expect(run.begin.refused?.message).toMatch(/10,000,000셀[\s\S]*at most 10,000,000/);
    expect(env.spreadsheet.sheets.map((s) => s.name)).toEqual(['Sheet1']);
    expect(run.chunks).toHaveLength(0);
  });

  it('another import holding the document lock: a clear refusal, nothing written', () => {
    const env = createEnv();
    env.locks.hold('document');
    const run = runImport(env, january);
    expect(run.begin.refused?.code).toBe('LOCKED');
    expect(run.begin.refused?.message).toContain('Someone else is importing');
    expect(env.spreadsheet.sheets.map((s) => s.name)).toEqual(['Sheet1']);
  });

  it('an invalid payload is refused by zod with the path of the problem', () => {
    const env = createEnv();
    runImport(env, january);
    const bad = { ...january, orders: [{ ...january.orders[0]!, gross_sales: 1.5 }] };
    const run = runImport(env, bad);
    expect(run.chunks[0]?.refused?.code).toBe('INVALID_REQUEST');
    expect(run.chunks[0]?.refused?.message).toContain('orders.0.gross_sales');
  });
});

describe('an interrupted import', () => {
  it('leaves the tabs consistent, and running it again completes it', () => {
    // The dialog is closed after the first chunk: begin + chunk 0, no more chunks, no finish. The
    // chunks are the shipped chunker's (src/core/merge/chunks.ts, which the dialog runs).
    const interrupted = createEnv();
    const chunks = chunkRecords(january, 30);
    expect(chunks.length).toBeGreaterThan(2);
    const begin = callServer<ImportBeginResponse>(interrupted, 'cjetImportBegin', [
      {
        lang: 'ko',
        dryRun: false,
        files: january.files,
        problems: [],
        counts: { orders: 0, fees: 0, fulfillment: 0 },
      },
    ]).result;
    callServer(interrupted, 'cjetImportChunk', [
      { importId: begin.importId, dryRun: false, lang: 'ko', seq: 0, records: encodeChunk(chunks[0]!) },
    ]);
    // Consistent: every Orders line written so far has its Fees row, and nothing else is there.
    expect(keysOf(interrupted, ORDERS).sort()).toEqual(chunks[0]!.orders.map((o) => o.line_key).sort());
    expect(keysOf(interrupted, FEES).sort()).toEqual(chunks[0]!.fees.map((f) => f.line_key).sort());
    expect(keysOf(interrupted, FEES).length).toBeGreaterThan(0);
    expect(new Set(keysOf(interrupted, FEES))).toEqual(new Set(keysOf(interrupted, ORDERS)));
    // A fulfillment row already written that is charged to an order line finds that line there.
    const attributed = columnIndex(FULFILLMENT_TAB, 'attributed_line_key');
    const orderKeys = new Set(keysOf(interrupted, ORDERS));
    const charged = data(interrupted, '풀필먼트비용').filter((r) => r[attributed]);
    for (const row of charged) expect(orderKeys.has(row[attributed])).toBe(true);
    // Every line whose fulfillment rows are attributed to it travels with them.
    const sentKeys = new Set(chunks[0]!.orders.map((o) => o.line_key));
    const belonging = january.fulfillment.filter(
      (f) => f.attributed_line_key && sentKeys.has(f.attributed_line_key),
    );
    expect(charged.length).toBe(belonging.length);

    const rerun = runImport(interrupted, january, { chunkRows: 30 });
    expect(rerun.finish?.tabs.orders).toMatchObject({
      inserted: january.orders.length - chunks[0]!.orders.length,
      unchanged: chunks[0]!.orders.length,
      removed: 0,
    });
    const clean = createEnv();
    runImport(clean, january, { chunkRows: 30 });
    const sortedRows = (env: GasEnv, sheet: string) =>
      data(env, sheet)
        .map((r) => JSON.stringify(r.slice(0, columnIndex(ORDERS_TAB, 'import_id'))))
        .sort();
    expect(sortedRows(interrupted, ORDERS)).toEqual(sortedRows(clean, ORDERS));
    expect(sortedRows(interrupted, '풀필먼트비용')).toEqual(sortedRows(clean, '풀필먼트비용'));
  });
});

describe('the service-call budget grows with chunks, not rows', () => {
  const synthetic = (n: number): NormalizeResult => {
    const orders = Array.from({ length: n }, (_, i) =>
      v2Order(String(100000 + i), String(900000 + i), '2025-01-31', { source_row: i + 2 }),
    );
    return {
      files: [],
      problems: [],
      orders,
      fees: orders.map((o) => feeFor(o)),
      fulfillment: [],
    };
  };
  const chunkCallCounts = (run: ReturnType<typeof runImport>) =>
    run.calls.filter((_, i) => run.functions[i] === 'cjetImportChunk');
  const chunkCalls = (run: ReturnType<typeof runImport>) => chunkCallCounts(run).map((c) => c.total);

  it('one chunk of 5× the rows costs the same calls as one small chunk; 5 chunks cost ~5×', () => {
    // 2,000 vs 10,000 rows (orders + fees) in one chunk (both grow the 1000-row grids once);
    // then the same 10,000 rows in five chunks.
    const small = runImport(createEnv(), synthetic(1000), { chunkRows: 10_000 });
    const large = runImport(createEnv(), synthetic(5000), { chunkRows: 10_000 });
    const five = runImport(createEnv(), synthetic(5000), { chunkRows: 2000 });
    const [smallChunk] = chunkCalls(small);
    const [largeChunk] = chunkCalls(large);
    expect(smallChunk).toBeGreaterThan(0);
    expect(largeChunk).toBe(smallChunk);
    expect(chunkCalls(five)).toHaveLength(5);
    const fiveTotal = chunkCalls(five).reduce((a, b) => a + b, 0);
    // Each later chunk also reads the key columns of the rows already there: a few calls, not per row.
    expect(fiveTotal).toBeLessThanOrEqual(5 * ((smallChunk ?? 0) + 10));
    // Flush at most once per chunk; one setValues per write segment of each tab per chunk (Fees has
    // two: the user's override column sits between them). Nothing is staged.
    const perChunk = writeSegments(ORDERS_TAB).length + writeSegments(FEES_TAB).length;
    expect(perChunk).toBe(3);
    for (const calls of chunkCallCounts(five)) {
      expect(calls.byMethod['SpreadsheetApp.flush'] ?? 0).toBeLessThanOrEqual(1);
      expect(calls.byMethod['Range.setValues'] ?? 0).toBeLessThanOrEqual(perChunk);
    }
    // Three 10,000-row imports through the emulator: minutes on a loaded 2-core machine.
  }, 300_000);
});

describe('cells keep exactly what the file said', () => {
  it('IDs with leading zeros and text starting with = + - @ are stored as text, never as formulas', () => {
    const env = createEnv();
    const tricky = v2Order('00012345678901', '00123', '2025-01-31', {
      product_name: '=HYPERLINK("http://example.com","클릭")',
      option_name: '+82 10-1234',
      category: '-할인',
      sku_id: '@sku',
    });
    runImport(env, { files: [], problems: [], orders: [tricky], fees: [feeFor(tricky)], fulfillment: [] });
    const row = data(env, ORDERS)[0]!;
    const at = (key: string) => row[columnIndex(ORDERS_TAB, key)];
    expect(at('order_id')).toBe('00012345678901');
    expect(at('option_id')).toBe('00123');
    expect(at('product_name')).toBe('=HYPERLINK("http://example.com","클릭")');
    expect(at('option_name')).toBe('+82 10-1234');
    expect(at('category')).toBe('-할인');
    expect(at('sku_id')).toBe('@sku');
    const productCell = env.spreadsheet.cell(
      ORDERS,
      `${columnLetter(columnIndex(ORDERS_TAB, 'product_name') + 1)}2`,
    );
    expect(productCell?.formula).toBeUndefined();
  });
});

describe('menu: Commission settings', () => {
  it('creates the settings tab with its helper columns and named ranges, and shows it', () => {
    const env = createEnv();
    runExecution(env, 'showCommissionSettings');
    const settings = env.spreadsheet.findSheet('수수료 설정')!;
    expect(env.spreadsheet.activeSheetId).toBe(settings.id);
    expect(env.spreadsheet.sheetValues('수수료 설정')[0]?.slice(0, 3)).toEqual([
      '범위',
      '대상 ID',
      '수수료율(%, VAT별도)',
    ]);
    expect(env.spreadsheet.sheetFormulas('수수료 설정')[1]?.[6]).toBe(settingsHelperFormula('from_key', 2));
    // Sized to the rules in use (none yet) plus the margin.
    expect(env.spreadsheet.namedRanges.has('cjScore')).toBe(true);
    expect(env.spreadsheet.sheetFormulas('수수료 설정')[1 + RULE_ROWS_MARGIN]?.[6]).toBeFalsy();
    expect(env.spreadsheet.protections.some((p) => p.sheetId === settings.id)).toBe(false);
    // 범위 offers the Korean words first, then the codes; a typo is refused, the words are kept.
    const rule = env.spreadsheet.validationAt(settings.id, 2, 1);
    expect(rule?.values).toEqual(['옵션', '상품', '카테고리', 'option', 'product', 'category']);
    expect(env.spreadsheet.validationAt(settings.id, settings.maxRows, 1)).toBe(rule);
    env.spreadsheet.userEdit('수수료 설정', 'A2', '카테고리');
    expect(() => env.spreadsheet.userEdit('수수료 설정', 'A3', '카테코리')).toThrow(/data validation/);
  });
});

describe('removing every row of a full grid', () => {
  it('works although Sheets refuses to delete every non-frozen row (one blank row is kept)', () => {
    const env = createEnv();
    const v1 = Array.from({ length: 1100 }, (_, i) =>
      v1Order(String(500000 + i), '2025-03-01', '2025-03-31'),
    );
    runImport(env, { files: [], problems: [], orders: v1, fees: [], fulfillment: [] });
    expect(env.spreadsheet.findSheet(ORDERS)!.maxRows).toBe(1101);
    // v2 data for March supersedes every v1 row: the chunk deletes rows 2..1101, then appends.
    const v2 = v2Order('999999', '95001', '2025-03-31');
    const run = runImport(
      env,
      { files: [], problems: [], orders: [v2], fees: [], fulfillment: [] },
      { allowRemovals: true },
    );
    expect(run.chunks[0]?.refused).toBeNull();
    expect(run.finish?.v1Superseded.removed).toBe(1100);
    expect(keysOf(env, ORDERS)).toEqual([v2.line_key]);
  });
});

describe('tab names', () => {
  it('English labels by option; a renamed tab is still found (developer metadata)', () => {
    const env = createEnv();
    runImport(env, january, { lang: 'en' });
    expect(env.spreadsheet.sheetValues('Orders')[0]?.[0]).toBe('Line key');
    env.spreadsheet.userRename('Orders', '내 주문');
    const again = runImport(env, january, { lang: 'ko' });
    expect(again.finish?.tabs.orders).toMatchObject({ inserted: 0, unchanged: january.orders.length });
    expect(env.spreadsheet.findSheet('주문')).toBeUndefined();
    expect(env.spreadsheet.sheetValues('내 주문')).toHaveLength(january.orders.length + 1);
  });
});

describe('managed tabs are found by an identity that survives renames (issue #8 case 5)', () => {
  const dropMarker = (env: GasEnv, id: string) => {
    env.spreadsheet.metadata = env.spreadsheet.metadata.filter(
      (m) => !(m.key === 'cjet.tab' && m.value === id),
    );
  };
  /** A copy of a tab as a seller makes one (values, and the marker too when Sheets copies it). */
  const copyTab = (env: GasEnv, from: string, to: string, marker: string | null) => {
    env.spreadsheet.seed(to, env.spreadsheet.sheetValues(from));
    const copy = env.spreadsheet.findSheet(to)!;
    if (marker)
      env.spreadsheet.metadata.push({
        id: 9001,
        key: 'cjet.tab',
        value: marker,
        visibility: 'DOCUMENT',
        sheetId: copy.id,
      });
  };

  it('renamed and its marker lost (a trip through .xlsx): found by its English header, nothing copied', () => {
    const env = createEnv();
    runImport(env, january, { lang: 'en' });
    env.spreadsheet.userRename('Orders', '1월 매출');
    dropMarker(env, 'orders');
    const again = runImport(env, january, { lang: 'ko' });
    expect(again.begin.refused).toBeNull();
    expect(again.finish?.tabs.orders).toMatchObject({ inserted: 0, unchanged: january.orders.length });
    expect(env.spreadsheet.findSheet('주문')).toBeUndefined();
    expect(env.spreadsheet.findSheet('Orders')).toBeUndefined();
    expect(data(env, '1월 매출')).toHaveLength(january.orders.length);
    // Adopted: the marker is back on the renamed sheet.
    const sheet = env.spreadsheet.findSheet('1월 매출')!;
    expect(env.spreadsheet.metadata.some((m) => m.value === 'orders' && m.sheetId === sheet.id)).toBe(true);
  });

  it('a duplicated tab (both sheets carry the marker) is refused before anything is written', () => {
    const env = createEnv();
    runImport(env, january);
    copyTab(env, ORDERS, '주문 사본', 'orders');
    const names = env.spreadsheet.sheets.map((s) => s.name);
    const before = env.spreadsheet.sheetValues(ORDERS);
    const run = runImport(env, january);
    expect(run.begin.refused?.code).toBe('AMBIGUOUS_TAB');
    expect(run.begin.refused?.message).toContain("'주문', '주문 사본'");
    expect(run.begin.refused?.message).toContain('Nothing was written');
    expect(run.chunks).toHaveLength(0);
    expect(env.spreadsheet.sheets.map((s) => s.name)).toEqual(names);
    expect(env.spreadsheet.sheetValues(ORDERS)).toEqual(before);
    // A chunk sent anyway (a dialog opened before the copy was made) is refused the same way.
    const chunk = callServer<{ refused: { code: string } | null }>(env, 'cjetImportChunk', [
      {
        importId: 'imp-x',
        dryRun: false,
        lang: 'ko',
        seq: 0,
        allowRemovals: false,
        records: encodeChunk(chunkRecords(january, 30)[0]!),
      },
    ]).result;
    expect(chunk.refused?.code).toBe('AMBIGUOUS_TAB');
    expect(env.spreadsheet.sheetValues(ORDERS)).toEqual(before);
  });

  it('two unmarked sheets with the Orders header: refused, never a guess', () => {
    const env = createEnv();
    runImport(env, january);
    dropMarker(env, 'orders');
    copyTab(env, ORDERS, '주문 백업', null);
    const run = runImport(env, january);
    expect(run.begin.refused?.code).toBe('AMBIGUOUS_TAB');
    expect(env.spreadsheet.findSheet('주문 (2)')).toBeUndefined();
  });

  it('a marked tab and an unmarked copy (values pasted elsewhere): the marker decides, the copy is left alone', () => {
    const env = createEnv();
    runImport(env, january);
    copyTab(env, ORDERS, '주문 백업', null);
    const backup = env.spreadsheet.sheetValues('주문 백업');
    const corrected = { ...january, orders: january.orders.map((o) => ({ ...o, settlement_amount: 1 })) };
    const run = runImport(env, corrected);
    expect(run.finish?.tabs.orders.updated).toBe(january.orders.length);
    expect(env.spreadsheet.sheetValues('주문 백업')).toEqual(backup);
  });
});

describe('the sample files in examples/ (ground truth in truth.json)', () => {
  it('import through the dialog path with the totals of the truth, the CSV re-save not doubling anything', () => {
    const dir = 'examples';
    const names = readdirSync(dir).filter((n) => /\.(xlsx|csv)$/.test(n));
    const truth = JSON.parse(readFileSync(`${dir}/truth.json`, 'utf8'));
    const normalized = normalizeFiles(
      names.map((name) => ({ name, bytes: new Uint8Array(readFileSync(`${dir}/${name}`)) })),
      { decodeCp949, period: truth.period },
    );
    const env = createEnv();
    const run = runImport(env, normalized, { chunkRows: 50 });
    expect(run.finish?.refused).toBeNull();
    const categoryTr = Object.values(truth.files).find(
      (f) => (f as { report: string }).report === 'CATEGORY_TR',
    ) as {
      orders: { lines: number; gross_sales: number; collected_total: number };
    };
    const orders = data(env, ORDERS);
    const v2 = orders.filter((r) => r[columnIndex(ORDERS_TAB, 'mapping_version')] === 'v2');
    expect(v2).toHaveLength(categoryTr.orders.lines);
    const sum = (rows: unknown[][], tab: typeof ORDERS_TAB, key: string) =>
      rows.reduce((n: number, r) => n + Number(r[columnIndex(tab, key)] || 0), 0);
    expect(sum(v2, ORDERS_TAB, 'gross_sales')).toBe(categoryTr.orders.gross_sales);
    expect(sum(data(env, FEES), FEES_TAB, 'collected_total')).toBe(categoryTr.orders.collected_total);
    // The v1 file covers the same month: nothing of it is counted a second time.
    expect(orders.some((r) => r[columnIndex(ORDERS_TAB, 'mapping_version')] === 'v1')).toBe(false);
    expect(run.finish?.v1Superseded.skipped).toBeGreaterThan(0);
    // Shipping: the attributed fee lines of the truth, and Σ seller_borne_shipping = Σ their total_fee.
    const fulfillment = data(env, '풀필먼트비용');
    const attributedColumn = columnIndex(FULFILLMENT_TAB, 'attributed_line_key');
    const attributed = fulfillment.filter((r) => r[attributedColumn] !== '');
    expect(attributed).toHaveLength(truth.attribution.attributed_lines);
    expect(sum(orders, ORDERS_TAB, 'seller_borne_shipping')).toBe(
      sum(attributed, FULFILLMENT_TAB, 'total_fee'),
    );
    expect(run.finish?.shipping.attributedFees).toBe(truth.attribution.attributed_lines);
  });
});

describe('nothing a person typed disappears silently', () => {
  it('a removed row that held an override is copied into the Import problems tab', () => {
    const env = createEnv();
    runImport(env, january);
    const dropped = january.fees[0]!.line_key;
    const overrideColumn = columnLetter(columnIndex(FEES_TAB, 'commission_override') + 1);
    const rowNumber = keysOf(env, FEES).indexOf(dropped) + 2;
    env.spreadsheet.userEdit(FEES, `${overrideColumn}${rowNumber}`, '2500');
    const corrected = {
      ...january,
      orders: january.orders.filter((o) => o.line_key !== dropped),
      fees: january.fees.filter((f) => f.line_key !== dropped),
    };
    const run = runImport(env, corrected, { allowRemovals: true });
    expect(run.finish?.tabs.fees.removed).toBe(1);
    expect(run.finish?.warnings.join('\n')).toContain('Import problems');
    const kept = data(env, '가져오기 오류').find((r) => r[6] === 'REMOVED_ROW_USER_DATA');
    expect(kept?.[5]).toBe('수수료 직접입력(VAT포함)=2500');
    expect(String(kept?.[8])).toContain(dropped);
  });

  it('text longer than 50,000 characters is cut with a marker and reported', () => {
    const env = createEnv();
    const long = v2Order('7001', '97001', '2025-01-31', { product_name: '뷁'.repeat(60_000) });
    const run = runImport(env, { files: [], problems: [], orders: [long], fees: [], fulfillment: [] });
    expect(run.chunks[0]?.truncatedCells).toBe(1);
    const name = String(data(env, ORDERS)[0]![columnIndex(ORDERS_TAB, 'product_name')]);
    expect(name).toHaveLength(50_000);
    expect(name.endsWith('truncated]')).toBe(true);
    expect(data(env, '가져오기 오류').some((r) => r[6] === 'CELL_TRUNCATED')).toBe(true);
  });
});
