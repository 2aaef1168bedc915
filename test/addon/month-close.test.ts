// The month-close tabs in Google Sheets: the built dist/Code.js in the Apps Script emulator, driven
// the way the dialog drives it (begin / chunks / finish) and through the menu. The emulator stores
// formulas without computing them, so the spreadsheet it holds is handed to HyperFormula: the
// formulas the Sheets adapter wrote are evaluated by a real engine.
import { beforeAll, describe, expect, it } from 'vitest';
import { clickMenuItem, createEnv, type GasEnv, runTrigger } from '../../gas-emulator';
import type { NormalizeResult } from '../../src/core/model/records';
import { columnLetter, FEES_TAB } from '../../src/core/model/tabs';
import { MONTH_CLOSE, PAYOUTS_TAB_DEF, TAX_INVOICES } from '../../src/core/summary/tabs';
import { evaluateInHyperFormula } from '../engines';
import {
  expectedCloseRow,
  expectedInvoice,
  expectedPayout,
  FEES,
  FULFILLMENT,
  ORDERS,
  OVERRIDES,
  PAYOUT_DATES,
  PAYOUT_LINES,
  RECEIVED,
  RULE,
} from '../summary/dataset';
import { recordsOf } from '../summary/workbook';
import { runImport } from './driver';
import { workbookOf } from './sheets-engine';

const CLOSE = MONTH_CLOSE.tab.ko;
const INVOICES = TAX_INVOICES.tab.ko;
const PAYOUTS = PAYOUTS_TAB_DEF.ko;
const ledger: NormalizeResult = {
  files: [],
  problems: [],
  orders: ORDERS,
  fees: FEES,
  fulfillment: FULFILLMENT,
};

function evaluate(env: GasEnv) {
  return evaluateInHyperFormula(workbookOf(env), {
    dateColumns: { [PAYOUTS]: ['B', 'G', 'I', 'L'], [CLOSE]: ['A'] },
  });
}

/** Sheet row (1-based) of the first data row whose cells match. */
function rowOf(env: GasEnv, sheet: string, match: (row: unknown[]) => boolean): number {
  const i = env.spreadsheet.sheetValues(sheet).findIndex((row, r) => r > 0 && match(row));
  expect(i, sheet).toBeGreaterThan(0);
  return i + 1;
}

const a1 = (tab: { columns: readonly { key: string }[] }, key: string, row: number) =>
  `${columnLetter(tab.columns.findIndex((c) => c.key === key) + 1)}${row}`;

describe('the month-close tabs in Google Sheets', () => {
  let env: GasEnv;
  let first: ReturnType<typeof runImport>;
  let second: ReturnType<typeof runImport>;

  beforeAll(() => {
    env = createEnv({ spreadsheet: { timeZone: 'Asia/Seoul' } });
    first = runImport(env, ledger, { chunkRows: 8 });
    // The user types: overrides on Fees, a rule, 홈택스 figures, an amount received, a column of theirs.
    for (const [orderId, amount] of Object.entries(OVERRIDES)) {
      const r = rowOf(
        env,
        '수수료',
        (row) => row[FEES_TAB.columns.findIndex((c) => c.key === 'order_id')] === orderId,
      );
      env.spreadsheet.userEdit('수수료', a1(FEES_TAB, 'commission_override', r), String(amount));
    }
    env.spreadsheet.userEdit('수수료 설정', 'A2', RULE.scope);
    env.spreadsheet.userEdit('수수료 설정', 'B2', RULE.optionId);
    env.spreadsheet.userEdit('수수료 설정', 'C2', String(RULE.rate));
    const invoice = rowOf(env, INVOICES, (row) => row[0] === '2026-01' && row[1] === '판매수수료');
    const want = expectedInvoice('2026-01', '판매수수료');
    env.spreadsheet.userEdit(INVOICES, a1(TAX_INVOICES.tab, 'hometax_supply', invoice), String(want.supply));
    env.spreadsheet.userEdit(INVOICES, a1(TAX_INVOICES.tab, 'hometax_vat', invoice), String(want.vat - 1));
    env.spreadsheet.userEdit(INVOICES, a1(TAX_INVOICES.tab, 'memo', invoice), '1원 차이 확인');
    const line = rowOf(
      env,
      PAYOUTS,
      (row) => row[0] === RECEIVED.cycle && row[1] instanceof Date && serialOf(row[1]) === RECEIVED.end,
    );
    const expected = expectedPayout(RECEIVED.cycle, RECEIVED.end).expected;
    env.spreadsheet.userEdit(PAYOUTS, a1(PAYOUTS_TAB_DEF, 'paid', line), String(expected - RECEIVED.less));
    env.spreadsheet.userEdit(PAYOUTS, a1(PAYOUTS_TAB_DEF, 'paid_date', line), RECEIVED.on);
    env.spreadsheet.userEdit(PAYOUTS, a1(PAYOUTS_TAB_DEF, 'memo', line), RECEIVED.memo);
    const right = columnLetter(MONTH_CLOSE.tab.columns.length + 1);
    env.spreadsheet.userEdit(CLOSE, `${right}1`, '내 메모');
    env.spreadsheet.userEdit(CLOSE, `${right}2`, '세무사 확인');
    second = runImport(env, ledger, { chunkRows: 8 });
  });

  it('an import creates the three tabs and the 휴일 list, and the dialog gets the months’ headline', () => {
    expect(first.finish?.refused).toBeNull();
    for (const name of [CLOSE, INVOICES, PAYOUTS, '휴일'])
      expect(env.spreadsheet.findSheet(name), name).toBeDefined();
    expect(first.finish?.close?.map((c) => c.month)).toEqual(['2025-12', '2026-01', '2026-02', '2026-03']);
    const january = first.finish!.close![1]!;
    const taxable = expectedCloseRow('2026-01', '과세', 'v2');
    const exempt = expectedCloseRow('2026-01', '면세', 'v2');
    expect(january.supplyTotal).toEqual({ amount: taxable.supplyTotal + exempt.supplyTotal, ok: true });
    // December 2025 is v1 only: its estimate is shown apart, never in the confirmed figures.
    expect(first.finish!.close![0]).toMatchObject({
      supplyTotal: { amount: 0 },
      estimatedSupplyTotal: 180_000,
    });
    // The Sheets formulas reference the tabs by their names and the holidays by cjHolidays.
    const formulas = env.spreadsheet.sheetFormulas(PAYOUTS)[1]!;
    expect(formulas[2]).toContain("SUMIFS('주문'!$Z:$Z");
    expect(formulas[6]).toContain('cjHolidays');
    expect(env.spreadsheet.namedRanges.has('cjHolidays')).toBe(true);
  });

  it('the formulas the Sheets adapter wrote, evaluated: every figure as in the records', () => {
    const values = evaluate(env);
    const close = recordsOf(values, CLOSE);
    const row = (month: string, tax: string) =>
      close.find((r) => r.귀속월 === `${month}-01` && r.과세유형 === tax && r.구분 === '확정')!;
    for (const [month, tax] of [
      ['2026-01', '과세'],
      ['2026-02', '면세'],
    ] as const) {
      const want = expectedCloseRow(month, tax, 'v2');
      expect([row(month, tax).판매액, row(month, tax).공급대가, row(month, tax).정산대상액]).toEqual([
        want.gross,
        want.supplyTotal,
        want.settlement,
      ]);
    }
    expect(close.filter((r) => r.귀속월 !== '합계').every((r) => r.검증 === '✓')).toBe(true);
    const payouts = recordsOf(values, PAYOUTS);
    for (const [cycle, end] of PAYOUT_LINES) {
      const got = payouts.find((r) => r.정산유형 === cycle && r['정산주기(종료일)'] === end)!;
      expect(got['지급 예정액'], `${cycle} ${end}`).toBe(expectedPayout(cycle, end).expected);
      expect(got['1차 지급일']).toBe(PAYOUT_DATES[`${cycle}|${end}`]!.first);
      expect(got.검증).toBe('✓');
    }
    const received = payouts.find(
      (r) => r.정산유형 === RECEIVED.cycle && r['정산주기(종료일)'] === RECEIVED.end,
    )!;
    expect([received.실지급액, received['지급 확인일'], received.차이, received.메모]).toEqual([
      expectedPayout(RECEIVED.cycle, RECEIVED.end).expected - RECEIVED.less,
      RECEIVED.on,
      -RECEIVED.less,
      RECEIVED.memo,
    ]);
    const invoice = recordsOf(values, INVOICES).find(
      (r) => r.발행월 === '2026-01' && r['발행 구분'] === '판매수수료',
    )!;
    expect([invoice.차이, invoice.메모, invoice.검증]).toEqual([1, '1원 차이 확인', '✓']);
  });

  it('a re-import keeps what the user typed and the column right of the table', () => {
    expect(second.finish?.refused).toBeNull();
    const close = env.spreadsheet.sheetValues(CLOSE);
    const width = MONTH_CLOSE.tab.columns.length;
    expect([close[0]?.[width], close[1]?.[width]]).toEqual(['내 메모', '세무사 확인']);
    expect(close.filter((r) => r[0] === '합계')).toHaveLength(2);
    // The headline now uses the override and the rule (expected payout of the split week).
    expect(second.finish?.close?.[2]?.payout.ok).toBe(true);
  });

  it('the menu item rebuilds a deleted tab from the normalized tabs', () => {
    env.spreadsheet.userDeleteSheet(INVOICES);
    runTrigger(env, 'onOpen', { authMode: 'LIMITED' });
    const run = clickMenuItem(env, '월마감 새로 고침');
    expect(run.result).toBeUndefined();
    expect(env.spreadsheet.findSheet(INVOICES)).toBeDefined();
    const values = evaluate(env);
    const rows = recordsOf(values, INVOICES);
    expect(rows.map((r) => [r.발행월, r['발행 구분'], r.검증])).toEqual([
      ['2026-01', '판매수수료', '✓'],
      ['2026-01', 'CFS', '✓'],
      ['2026-02', '판매수수료', '✓'],
      ['2026-02', 'CFS', '✓'],
      ['합계', '판매수수료', '✓'],
      ['합계', 'CFS', '✓'],
    ]);
    // The 미지정 line's problem is said (alert), and the Monthly close tab is brought to the front.
    const alert = env.ui.alerts.at(-1)?.prompt ?? '';
    expect(alert).toContain('월마감 · 세금계산서 대사 · 정산 지급 탭을 새로 고쳤습니다.');
    expect(alert).toContain('미지정 2026-03-31');
    expect(env.spreadsheet.sheets.find((s) => s.id === env.spreadsheet.activeSheetId)?.name).toBe(CLOSE);
  });

  it('a dry run writes no summary tab and returns no headline', () => {
    const fresh = createEnv({ spreadsheet: { timeZone: 'Asia/Seoul' } });
    const run = runImport(fresh, ledger, { dryRun: true });
    expect(run.finish?.close).toBeUndefined();
    expect(fresh.spreadsheet.findSheet(CLOSE)).toBeUndefined();
  });
});

function serialOf(date: Date): string {
  // Dates read back at midnight in the spreadsheet's zone (Asia/Seoul, UTC+9).
  return new Date(date.getTime() + 9 * 3_600_000).toISOString().slice(0, 10);
}
