// 옵션별 손익 in Google Sheets: the built dist/Code.js in the Apps Script emulator, driven as the dialog
// and the menu drive it. The emulator stores formulas without computing them, so what the Sheets
// adapter wrote is evaluated by HyperFormula. The seller types costs, an override, a rule and a note;
// a re-import changes none of them and 옵션별 손익 follows; 원가 채우기 prefills without touching a
// typed row; 이 숫자 설명 explains the selected cell and selects a contributing row.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { callServer, clickMenuItem, createEnv, type GasEnv, runTrigger } from '../../gas-emulator';
import { COSTS_TAB } from '../../src/core/costs/table';
import type { ExplainView, SelectRowResponse } from '../../src/core/model/explain';
import type { NormalizeResult } from '../../src/core/model/records';
import { columnLetter, FEES_TAB } from '../../src/core/model/tabs';
import { PROFIT } from '../../src/core/summary/profit';
import { evaluateInHyperFormula } from '../engines';
import {
  COSTS,
  expectedProfit,
  FEES,
  FULFILLMENT,
  ORDERS,
  OVERRIDE,
  PROFIT_ROWS,
  RULE,
} from '../profit/dataset';
import { recordsOf } from '../summary/workbook';
import { runImport } from './driver';
import { workbookOf } from './sheets-engine';

const PROFIT_SHEET = PROFIT.tab.ko;
const COSTS_SHEET = COSTS_TAB.ko;
const ledger: NormalizeResult = {
  files: [],
  problems: [],
  orders: ORDERS,
  fees: FEES,
  fulfillment: FULFILLMENT,
};
const FIGURES = [
  ['units', '순판매수량'],
  ['supplyTotal', '공급대가'],
  ['commission', '적용 수수료(VAT포함)'],
  ['shipping', '입출고·배송비'],
  ['returns', '반품비'],
  ['storage', '보관비'],
  ['otherCfs', '기타 CFS'],
  ['cost', '원가'],
  ['missing', '원가 미입력 수량'],
  ['contribution', '공헌이익'],
] as const;

function evaluate(env: GasEnv) {
  return evaluateInHyperFormula(workbookOf(env), {
    dateColumns: { [PROFIT_SHEET]: ['A'], '원가 계산': ['B'] },
  });
}

function profitRow(values: ReturnType<typeof evaluate>, month: string, option: string) {
  const rows = recordsOf(values, PROFIT_SHEET).filter(
    (r) => r.월 === `${month}-01` && String(r.옵션ID) === (option === '' ? '미배정' : option),
  );
  expect(rows, `${month} ${option}`).toHaveLength(1);
  return rows[0]!;
}

/** Sheet row (1-based) of the first data row whose cells match. */
function rowOf(env: GasEnv, sheet: string, match: (row: unknown[]) => boolean): number {
  const i = env.spreadsheet.sheetValues(sheet).findIndex((row, r) => r > 0 && match(row));
  expect(i, sheet).toBeGreaterThan(0);
  return i + 1;
}

/** What the seller types in Sheets: the cost rows, the override, the rule, a note right of the table. */
function typeInput(env: GasEnv): void {
  COSTS.forEach((c, i) => {
    const r = i + 2;
    env.spreadsheet.userEdit(COSTS_SHEET, `A${r}`, c.option);
    if (c.cost !== null) env.spreadsheet.userEdit(COSTS_SHEET, `C${r}`, String(c.cost));
    if (c.from) env.spreadsheet.userEdit(COSTS_SHEET, `D${r}`, c.from);
    if (c.to) env.spreadsheet.userEdit(COSTS_SHEET, `E${r}`, c.to);
    if (c.memo) env.spreadsheet.userEdit(COSTS_SHEET, `F${r}`, c.memo);
  });
  const orderColumn = FEES_TAB.columns.findIndex((c) => c.key === 'order_id');
  const fee = rowOf(env, '수수료', (row) => row[orderColumn] === OVERRIDE.orderId);
  const override = columnLetter(FEES_TAB.columns.findIndex((c) => c.key === 'commission_override') + 1);
  env.spreadsheet.userEdit('수수료', `${override}${fee}`, String(OVERRIDE.amount));
  env.spreadsheet.userEdit('수수료 설정', 'A2', RULE.scope);
  env.spreadsheet.userEdit('수수료 설정', 'B2', RULE.optionId);
  env.spreadsheet.userEdit('수수료 설정', 'C2', String(RULE.rate));
  const right = columnLetter(PROFIT.tab.columns.length + 1);
  env.spreadsheet.userEdit(PROFIT_SHEET, `${right}1`, '내 메모');
  env.spreadsheet.userEdit(PROFIT_SHEET, `${right}2`, '광고비 별도');
}

describe('옵션별 손익 in Google Sheets', () => {
  let env: GasEnv;
  let first: ReturnType<typeof runImport>;
  let typed: string[][];

  beforeAll(() => {
    env = createEnv({ spreadsheet: { timeZone: 'Asia/Seoul' } });
    first = runImport(env, ledger, { chunkRows: 8 });
    typeInput(env);
    typed = env.spreadsheet.sheetDisplayValues(COSTS_SHEET);
    runImport(env, ledger, { chunkRows: 8 });
  });

  it('an import creates 옵션별 손익, the empty 원가 tab and its helper; the cost names point at 원가', () => {
    expect(first.finish?.refused).toBeNull();
    for (const name of [PROFIT_SHEET, COSTS_SHEET, '원가 계산'])
      expect(env.spreadsheet.findSheet(name), name).toBeDefined();
    for (const name of ['cjCostId', 'cjCostUnit', 'cjCostFrom', 'cjCostTo'])
      expect(env.spreadsheet.namedRanges.has(name), name).toBe(true);
  });

  it('a re-import changes nothing the seller typed: cost rows, the override, the rule, the note', () => {
    expect(env.spreadsheet.sheetDisplayValues(COSTS_SHEET)).toEqual(typed);
    const orderColumn = FEES_TAB.columns.findIndex((c) => c.key === 'order_id');
    const overrideColumn = FEES_TAB.columns.findIndex((c) => c.key === 'commission_override');
    const fee = env.spreadsheet.sheetValues('수수료').find((row) => row[orderColumn] === OVERRIDE.orderId)!;
    expect(fee[overrideColumn]).toBe(OVERRIDE.amount);
    expect(env.spreadsheet.sheetValues('수수료 설정')[1]!.slice(0, 3)).toEqual([
      RULE.scope,
      RULE.optionId,
      RULE.rate,
    ]);
    const profit = env.spreadsheet.sheetValues(PROFIT_SHEET);
    const width = PROFIT.tab.columns.length;
    expect([profit[0]![width], profit[1]![width]]).toEqual(['내 메모', '광고비 별도']);
  });

  it('the formulas the Sheets adapter wrote, evaluated: every row as the records and the typed costs give', () => {
    const values = evaluate(env);
    for (const [month, option] of PROFIT_ROWS) {
      const got = profitRow(values, month, option);
      const want = expectedProfit(month, option);
      for (const [key, label] of FIGURES) expect(got[label], `${month} ${option} ${label}`).toBe(want[key]);
      expect(got.검증).toBe('✓');
    }
    expect(recordsOf(values, PROFIT_SHEET).at(-1)!.검증).toBe('✓');
  });

  it('이 숫자 설명: the selected cell is explained, its rows add up to it, and a row link selects the row', () => {
    runTrigger(env, 'onOpen', { authMode: 'LIMITED' });
    clickMenuItem(env, '이 숫자 설명');
    expect(env.ui.shown.at(-1)).toMatchObject({
      kind: 'sidebar',
      title: '이 숫자 설명',
      html: readFileSync('dist/sidebar.html', 'utf8'),
    });
    const month = new Date(Date.UTC(2026, 0, 1)).getTime();
    const r = rowOf(
      env,
      PROFIT_SHEET,
      (row) =>
        row[1] === '701' &&
        row[0] instanceof Date &&
        Math.abs(row[0].getTime() + 9 * 3_600_000 - month) < 1000,
    );
    const column = PROFIT.tab.columns.findIndex((c) => c.key === 'contribution') + 1;
    env.spreadsheet.userSelect(PROFIT_SHEET, `${columnLetter(column)}${r}`);
    const view = callServer(env, 'cjetExplainSelection', [{ lang: 'ko' }]).result as ExplainView;
    expect(view.ok).toBe(true);
    const want = expectedProfit('2026-01', '701').contribution;
    expect([view.value, view.total, view.equal]).toEqual([want, want, true]);
    expect(view.rows.reduce((t, row) => t + row.amount, 0)).toBe(want);
    const row = view.rows.find((x) => x.source === 'fulfillment')!;
    const picked = callServer(env, 'cjetSelectRow', [
      { source: row.source, row: row.row, lineKey: row.lineKey, keys: row.keys },
    ]).result as SelectRowResponse;
    expect(picked).toMatchObject({ ok: true, row: row.row, tab: '풀필먼트비용' });
    expect(env.spreadsheet.activeSelection()).toMatchObject({
      sheet: '풀필먼트비용',
      rect: { row: row.row, col: 1 },
    });
    // On a normalized tab the sidebar says where it works.
    const refused = callServer(env, 'cjetExplainSelection', [{ lang: 'en' }]).result as {
      ok: boolean;
      message: string;
    };
    expect(refused.ok).toBe(false);
    expect(refused.message).toContain('Profit by option');
  });
});

describe('원가 채우기 (Prefill unit costs)', () => {
  it('adds a row per option seen so far, and later only the options without a row', () => {
    const env = createEnv({ spreadsheet: { timeZone: 'Asia/Seoul' } });
    runImport(env, ledger, { chunkRows: 50 });
    runTrigger(env, 'onOpen', { authMode: 'LIMITED' });
    clickMenuItem(env, '원가 채우기');
    const rows = () =>
      env.spreadsheet
        .sheetValues(COSTS_SHEET)
        .slice(1)
        .filter((r) => r[0] !== '');
    expect(rows().map((r) => r[0])).toEqual(['701', '702', '703', '704', '705', '706']);
    expect(rows()[0]!.slice(1, 5)).toEqual(['상품 701 / 옵션 701', '', '', '']);
    expect(env.spreadsheet.sheets.find((s) => s.id === env.spreadsheet.activeSheetId)?.name).toBe(
      COSTS_SHEET,
    );
    // The seller types 702's cost and a row of their own for 707; the prefill then adds nothing.
    env.spreadsheet.userEdit(COSTS_SHEET, 'C3', '4500');
    env.spreadsheet.userEdit(COSTS_SHEET, 'A8', '707');
    const before = env.spreadsheet.sheetDisplayValues(COSTS_SHEET);
    clickMenuItem(env, '원가 채우기');
    expect(env.spreadsheet.sheetDisplayValues(COSTS_SHEET)).toEqual(before);
    expect(env.spreadsheet.toasts.at(-1)?.message).toContain('0개를 추가');
    // 702's January units now have a cost.
    const values = evaluate(env);
    expect(profitRow(values, '2026-01', '702').원가).toBe(5 * 4500);
  });
});
