/**
 * 옵션별 손익 as the .xlsx adapter writes it, evaluated by HyperFormula and LibreOffice headless: every
 * figure equals what the test computes from the records and the typed cost rows (dataset.ts), the
 * formulas are LIVE (costs, an override and a rule typed after the import change the figures without a
 * re-import), a re-import leaves all of it in place, and every 검증 holds.
 */
import * as XLSX from '@e965/xlsx';
import { beforeAll, describe, expect, it } from 'vitest';
import { COSTS_TAB } from '../../src/core/costs/table';
import { FEES_TAB, SETTINGS_TAB } from '../../src/core/model/tabs';
import { PROFIT } from '../../src/core/summary/profit';
import { serialToIso } from '../../src/core/util/dates';
import {
  type CellValue,
  type EvaluatedBook,
  type EvaluateOptions,
  evaluateInHyperFormula,
  fromXlsx,
  recalculateXlsx,
  valuesOf,
} from '../engines';
import {
  columnOf,
  findRow,
  gridOf,
  importRecords,
  readBook,
  recordsOf,
  typeCell,
  writeBook,
} from '../summary/workbook';
import { expectedProfit, FEES, FULFILLMENT, ORDERS, OVERRIDE, PROFIT_ROWS, RULE } from './dataset';
import { COSTS_SHEET, NOTE, PROFIT_SHEET, profitRow, typeUserInput } from './workbook';

const OPTIONS: EvaluateOptions = { dateColumns: { [PROFIT_SHEET]: ['A'], '원가 계산': ['B'] } };
const records = { orders: ORDERS, fees: FEES, fulfillment: FULFILLMENT };
const months = ['2026-01', '2026-02'];

let fresh: EvaluatedBook;
let typed: { name: string; values: EvaluatedBook }[];
let reimported: { name: string; values: EvaluatedBook }[];
let typedBytes: Uint8Array;
let reimportedBytes: Uint8Array;
let problems: string[];

async function both(bytes: Uint8Array) {
  const input = fromXlsx(readBook(bytes));
  return [
    { name: 'HyperFormula', values: evaluateInHyperFormula(input, OPTIONS) },
    { name: 'LibreOffice', values: valuesOf(await recalculateXlsx(bytes), input, OPTIONS) },
  ];
}

beforeAll(async () => {
  const first = await importRecords(null, records, 'ko', months);
  fresh = evaluateInHyperFormula(fromXlsx(readBook(first.bytes)), OPTIONS);
  typedBytes = typeUserInput(first.bytes);
  typed = await both(typedBytes);
  const second = await importRecords(typedBytes, records, 'ko', months);
  problems = second.refresh.problems.map((p) => p.code);
  reimportedBytes = second.bytes;
  reimported = await both(reimportedBytes);
}, 300_000);

const FIGURES: [keyof ReturnType<typeof expectedProfit>, string][] = [
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
];

function expectRow(got: Record<string, CellValue>, month: string, option: string, withInput: boolean) {
  const want = expectedProfit(month, option, withInput);
  for (const [key, label] of FIGURES) expect(got[label], `${month} ${option} ${label}`).toBe(want[key]);
  const margin = got.공헌이익률;
  if (want.supplyTotal === 0) expect(margin).toBe('');
  else expect(margin as number).toBeCloseTo(want.contribution / want.supplyTotal, 12);
  expect(got.검증, `${month} ${option}`).toBe('✓');
}

describe('the header and rows', () => {
  it('are labelled exactly as the issue lists them, one row per month × option and a 미배정 row per month', () => {
    expect(PROFIT.tab.columns.map((c) => c.ko)).toEqual([
      '월',
      '옵션ID',
      '상품명',
      '옵션명',
      '순판매수량',
      '공급대가',
      '적용 수수료(VAT포함)',
      '입출고·배송비',
      '반품비',
      '보관비',
      '기타 CFS',
      '원가',
      '원가 미입력 수량',
      '공헌이익',
      '공헌이익률',
      '검증',
    ]);
    expect(COSTS_TAB.columns.map((c) => c.ko)).toEqual([
      '옵션ID',
      '상품명(참고)',
      '단위원가(VAT별도)',
      '적용 시작일',
      '적용 종료일',
      '메모',
    ]);
    const rows = recordsOf(fresh, PROFIT_SHEET);
    expect(rows.map((r) => [String(r.월).slice(0, 7), String(r.옵션ID ?? '')])).toEqual([
      ...PROFIT_ROWS.map(([m, o]) => [m, o === '' ? '미배정' : o]),
      ['합계', ''],
    ]);
    expect(rows.find((r) => r.옵션ID === '미배정')?.상품명).toContain('옵션ID 없는 행');
    expect(profitRow(fresh, '2026-01', '701').상품명).toBe('상품 701');
  });

  it('the 원가 tab is created empty with its header; the import wrote nothing else into it', async () => {
    const grid = gridOf(readBook((await importRecords(null, records)).bytes), COSTS_SHEET);
    expect(grid.map((row) => (row ?? []).map((c) => c?.v ?? null))).toEqual([
      COSTS_TAB.columns.map((c) => c.ko),
    ]);
  });
});

describe('before anything is typed (HyperFormula)', () => {
  it('적용 수수료 = the collected total, every unit is 원가 미입력, and every 검증 holds', () => {
    for (const [month, option] of PROFIT_ROWS)
      expectRow(profitRow(fresh, month, option), month, option, false);
    expect(recordsOf(fresh, PROFIT_SHEET).at(-1)!.검증).toBe('✓');
  });
});

describe.each([
  ['typed, not re-imported (live formulas)', () => typed],
  ['re-imported after typing', () => reimported],
])('%s', (_name, engines) => {
  it.each([0, 1])('engine %# computes every row as the records and the typed costs give', (e) => {
    const { values } = engines()[e]!;
    for (const [month, option] of PROFIT_ROWS)
      expectRow(profitRow(values, month, option), month, option, true);
  });

  it.each([0, 1])('engine %#: no cell is an error, and the 합계 row checks Σ rows = the whole tabs', (e) => {
    const { name, values } = engines()[e]!;
    for (const sheet of [PROFIT_SHEET, '원가 계산'])
      for (const [r, row] of values[sheet]!.entries())
        for (const [c, cell] of row.entries())
          expect(cell, `${name} ${sheet} r${r + 1} c${c + 1}`).not.toEqual(
            expect.objectContaining({ error: expect.any(String) }),
          );
    const total = recordsOf(values, PROFIT_SHEET).at(-1)!;
    expect(total.월).toBe('합계');
    expect(total.검증).toBe('✓');
    const all = PROFIT_ROWS.map(([m, o]) => expectedProfit(m, o));
    expect(total.원가).toBe(all.reduce((t, r) => t + r.cost, 0));
    expect(total['원가 미입력 수량']).toBe(all.reduce((t, r) => t + r.missing, 0));
  });
});

describe('what the seller typed', () => {
  it('survives the re-import: cost rows, the override, the rule and the note right of the table', () => {
    const before = readBook(typedBytes);
    const after = readBook(reimportedBytes);
    const cells = (book: XLSX.WorkBook, sheet: string) =>
      gridOf(book, sheet).map((row) => (row ?? []).map((c) => c?.v ?? null));
    expect(cells(after, COSTS_SHEET)).toEqual(cells(before, COSTS_SHEET));
    const fees = gridOf(after, FEES_TAB.ko);
    const r = findRow(fees, { [columnOf(FEES_TAB, 'order_id')]: OVERRIDE.orderId });
    expect(fees[r]![columnOf(FEES_TAB, 'commission_override')]?.v).toBe(OVERRIDE.amount);
    expect(cells(after, SETTINGS_TAB.ko)[1]!.slice(0, 3)).toEqual([RULE.scope, RULE.optionId, RULE.rate]);
    const profit = gridOf(after, PROFIT_SHEET);
    const width = PROFIT.tab.columns.length;
    expect([profit[0]![width]?.v, profit[1]![width]?.v]).toEqual([NOTE.header, NOTE.text]);
  });

  it('the refresh reports the cost row it cannot use and the tie', () => {
    expect(problems).toContain('COST_ROW_INVALID');
    expect(problems).toContain('COST_TIE');
  });

  it('the cached values the core wrote equal what LibreOffice computes', () => {
    const cachedBook = XLSX.read(reimportedBytes, { type: 'array', dense: true, cellDates: false });
    const grid = gridOf(cachedBook, PROFIT_SHEET);
    const lo = reimported[1]!.values[PROFIT_SHEET]!;
    for (let r = 1; r < lo.length; r++)
      for (let c = 4; c < PROFIT.tab.columns.length; c++) {
        const cell = grid[r]?.[c];
        const cached = cell === undefined || cell.t === 'z' ? '' : cell.v;
        const computed = lo[r]![c];
        if (typeof computed === 'number')
          expect(cached as number, `r${r + 1} c${c + 1}`).toBeCloseTo(computed, 9);
        else expect(cached, `r${r + 1} c${c + 1}`).toBe(computed ?? '');
      }
  });
});

describe('a person edits the 옵션별 손익 tab by hand', () => {
  /** The 0-based grid row of a month's option row ('' = 미배정) as the import wrote it. */
  const sheetRow = (book: XLSX.WorkBook, month: string, option: string) =>
    gridOf(book, PROFIT_SHEET).findIndex(
      (row, r) =>
        r > 0 &&
        row?.[columnOf(PROFIT.tab, 'option_id')]?.v === (option === '' ? '미배정' : option) &&
        serialToIso(Number(row?.[0]?.v))?.slice(0, 7) === month,
    );

  it('a typed-over 공급대가 shows on its month’s 미배정 row and the 합계 row, in both engines', async () => {
    const bytes = (await importRecords(null, records, 'ko', months)).bytes;
    const book = readBook(bytes);
    const r = sheetRow(book, '2026-01', '701');
    expect(r).toBeGreaterThan(0);
    // The option row's own formula replaced by its figure + 1,000 (worked out by hand: every sum over
    // January's rows is then 1,000 more than the normalized tabs' January figure).
    const want = expectedProfit('2026-01', '701', false).supplyTotal + 1000;
    typeCell(book, PROFIT_SHEET, r, columnOf(PROFIT.tab, 'supply_total'), { t: 'n', v: want });
    for (const { name, values } of await both(writeBook(book))) {
      expect(profitRow(values, '2026-01', '701').공급대가, name).toBe(want);
      const january = String(profitRow(values, '2026-01', '').검증);
      expect(january, name).toMatch(/^✗ 월 합계≠정규화 탭/);
      expect(january, name).toContain('공급대가 1000');
      expect(profitRow(values, '2026-02', '').검증, name).toBe('✓');
      expect(profitRow(values, '2026-01', '701').검증, name).toBe('✓');
      expect(String(recordsOf(values, PROFIT_SHEET).at(-1)!.검증), name).toContain('공급대가 1000');
    }
  });

  it('an option row relabelled 미배정 is put right by the next import: one row per key, every 검증 ✓', async () => {
    const bytes = (await importRecords(null, records, 'ko', months)).bytes;
    const book = readBook(bytes);
    const r = sheetRow(book, '2026-01', '701');
    expect(r).toBeGreaterThan(0);
    typeCell(book, PROFIT_SHEET, r, columnOf(PROFIT.tab, 'option_id'), { t: 's', v: '미배정' });
    const again = (await importRecords(writeBook(book), records, 'ko', months)).bytes;
    for (const { name, values } of await both(again)) {
      const rows = recordsOf(values, PROFIT_SHEET);
      expect(rows.map((row) => `${String(row.월).slice(0, 7)} ${row.옵션ID ?? ''}`).sort(), name).toEqual(
        [...PROFIT_ROWS.map(([m, o]) => `${m} ${o === '' ? '미배정' : o}`), '합계 '].sort(),
      );
      for (const [month, option] of PROFIT_ROWS)
        expectRow(profitRow(values, month, option), month, option, false);
    }
  });
});
