/**
 * The month-close tabs as the .xlsx adapter writes them, evaluated by two real engines (HyperFormula
 * and LibreOffice headless): every figure equals what the test computes from the normalized records
 * (dataset.ts), every identity holds on the evaluated values, the typed 홈택스 / 실지급 figures and a
 * user column survive a re-import, and the cached values the core wrote equal what the engines compute.
 */
import * as XLSX from '@e965/xlsx';
import { beforeAll, describe, expect, it } from 'vitest';
import { FEES_TAB, SETTINGS_TAB } from '../../src/core/model/tabs';
import { HOLIDAYS_TAB, MONTH_CLOSE, PAYOUTS_TAB_DEF, TAX_INVOICES } from '../../src/core/summary/tabs';
import { isoToSerial } from '../../src/core/util/dates';
import {
  type CellValue,
  type EvaluatedBook,
  type EvaluateOptions,
  evaluateInHyperFormula,
  fromXlsx,
  recalculateXlsx,
  valuesOf,
  type WorkbookInput,
} from '../engines';
import {
  expectedCloseRow,
  expectedCommonRow,
  expectedInvoice,
  expectedPayout,
  FEES,
  FULFILLMENT,
  HOMETAX,
  ORDERS,
  OVERRIDES,
  PAYOUT_DATES,
  PAYOUT_LINES,
  RECEIVED,
  RULE,
  vatOf,
  WHOLE,
} from './dataset';
import {
  columnOf,
  findRow,
  gridOf,
  importRecords,
  readBook,
  recordsOf,
  typeCell,
  writeBook,
} from './workbook';

const CLOSE = MONTH_CLOSE.tab.ko;
const INVOICES = TAX_INVOICES.tab.ko;
const PAYOUTS = PAYOUTS_TAB_DEF.ko;
const SUMMARY_SHEETS = [CLOSE, INVOICES, PAYOUTS];
const OPTIONS: EvaluateOptions = {
  dateColumns: { [CLOSE]: ['A'], [PAYOUTS]: ['B', 'G', 'I', 'L'] },
};
const records = { orders: ORDERS, fees: FEES, fulfillment: FULFILLMENT };

let input: WorkbookInput;
let engines: { name: string; values: EvaluatedBook }[];
let cached: EvaluatedBook;
let typedBack: XLSX.WorkBook;

/** The user's edits on the saved workbook (as typed in Excel): overrides, a rule, 홈택스, 실지급, notes. */
function typeUserInput(bytes: Uint8Array): Uint8Array {
  const book = readBook(bytes);
  const fees = gridOf(book, FEES_TAB.ko);
  for (const [orderId, amount] of Object.entries(OVERRIDES)) {
    const r = findRow(fees, { [columnOf(FEES_TAB, 'order_id')]: orderId });
    expect(r).toBeGreaterThan(0);
    typeCell(book, FEES_TAB.ko, r, columnOf(FEES_TAB, 'commission_override'), { t: 'n', v: amount });
  }
  typeCell(book, SETTINGS_TAB.ko, 1, 0, { t: 's', v: RULE.scope });
  typeCell(book, SETTINGS_TAB.ko, 1, 1, { t: 's', v: RULE.optionId });
  typeCell(book, SETTINGS_TAB.ko, 1, 2, { t: 'n', v: RULE.rate });

  const invoices = gridOf(book, INVOICES);
  const tab = TAX_INVOICES.tab;
  for (const typed of HOMETAX) {
    const r = findRow(invoices, { 0: typed.month, 1: typed.issuer });
    expect(r).toBeGreaterThan(0);
    if ('supplyOnly' in typed) {
      typeCell(book, INVOICES, r, columnOf(tab, 'hometax_supply'), { t: 'n', v: typed.supplyOnly! });
    } else {
      const e = expectedInvoice(typed.month, '판매수수료');
      typeCell(book, INVOICES, r, columnOf(tab, 'hometax_supply'), { t: 'n', v: e.supply });
      typeCell(book, INVOICES, r, columnOf(tab, 'hometax_vat'), { t: 'n', v: e.vat + typed.vatDelta! });
      typeCell(book, INVOICES, r, columnOf(tab, 'memo'), { t: 's', v: typed.memo! });
    }
  }
  const payouts = gridOf(book, PAYOUTS);
  const p = PAYOUTS_TAB_DEF;
  const line = findRow(payouts, { 0: RECEIVED.cycle, 1: isoToSerial(RECEIVED.end) });
  expect(line).toBeGreaterThan(0);
  const expected = expectedPayout(RECEIVED.cycle, RECEIVED.end).expected;
  typeCell(book, PAYOUTS, line, columnOf(p, 'paid'), { t: 'n', v: expected - RECEIVED.less });
  typeCell(book, PAYOUTS, line, columnOf(p, 'paid_date'), {
    t: 'n',
    v: isoToSerial(RECEIVED.on),
    z: 'yyyy-mm-dd',
  });
  typeCell(book, PAYOUTS, line, columnOf(p, 'memo'), { t: 's', v: RECEIVED.memo });
  // A column of the user's own right of the 월마감 table.
  const width = MONTH_CLOSE.tab.columns.length;
  typeCell(book, CLOSE, 0, width, { t: 's', v: '내 메모' });
  typeCell(book, CLOSE, 1, width, { t: 's', v: '세무사 확인' });
  return writeBook(book);
}

beforeAll(async () => {
  const first = await importRecords(null, records, 'ko', ['2026-01', '2026-02']);
  // The same files again, after the user typed: nothing of theirs may move or vanish.
  const second = await importRecords(typeUserInput(first.bytes), records, 'ko', ['2026-01', '2026-02']);
  const bytes = second.bytes;
  typedBack = readBook(bytes);
  input = fromXlsx(typedBack);
  const hyperFormula = evaluateInHyperFormula(input, OPTIONS);
  const libreOffice = valuesOf(await recalculateXlsx(bytes), input, OPTIONS);
  engines = [
    { name: 'HyperFormula', values: hyperFormula },
    { name: 'LibreOffice', values: libreOffice },
  ];
  // The values the core cached in the file (what a reader that does not recalculate sees).
  const cachedBook = XLSX.read(bytes, { type: 'array', dense: true, cellDates: false });
  cached = {};
  for (const sheet of SUMMARY_SHEETS) {
    const grid = gridOf(cachedBook, sheet);
    cached[sheet] = (input.sheets[sheet] ?? []).map((row, r) =>
      row.map((_, c) => {
        const cell = grid[r]?.[c];
        return cell === undefined || cell.t === 'z' ? null : (cell.v as CellValue);
      }),
    );
  }
}, 300_000);

const num = (v: CellValue | undefined) => (typeof v === 'number' ? v : Number.NaN);

describe.each([0, 1])('engine %#', (e) => {
  const values = () => engines[e]!.values;
  const close = () => recordsOf(values(), CLOSE);
  const closeRow = (month: string, tax: string, basis: string) => {
    const rows = close().filter((r) => r.귀속월 === `${month}-01` && r.과세유형 === tax && r.구분 === basis);
    expect(rows, `${month} ${tax} ${basis}`).toHaveLength(1);
    return rows[0]!;
  };

  it('no summary cell is an error', async () => {
    for (const sheet of SUMMARY_SHEETS) {
      for (const [r, row] of values()[sheet]!.entries()) {
        for (const [c, cell] of row.entries()) {
          expect(cell, `${engines[e]!.name} ${sheet} r${r + 1} c${c + 1}`).not.toEqual(
            expect.objectContaining({ error: expect.any(String) }),
          );
        }
      }
    }
  });

  it('월마감: every row equals the records, with the VAT identities', async () => {
    const sales: [string, string, 'v2' | 'v1', string, string][] = [
      ['2026-01', '과세', 'v2', '과세', '확정'],
      ['2026-01', '면세', 'v2', '면세', '확정'],
      ['2026-02', '과세', 'v2', '과세', '확정'],
      ['2026-02', '면세', 'v2', '면세', '확정'],
      ['2025-12', '', 'v1', '미상', '추정'],
    ];
    for (const [month, tax, basis, taxLabel, basisLabel] of sales) {
      const want = expectedCloseRow(month, tax, basis);
      const got = closeRow(month, taxLabel, basisLabel);
      expect(got.판매액).toBe(want.gross);
      expect(got.판매자할인쿠폰).toBe(want.coupon);
      expect(got.공급대가).toBe(want.supplyTotal);
      expect(got.쿠팡지원할인).toBe(want.coupang);
      expect(got.결제금액).toBe(want.payment);
      expect(got['판매수수료 공급가액']).toBe(want.commission);
      expect(got['판매수수료 세액']).toBe(want.commissionVat);
      expect(got.정산대상액).toBe(want.settlement);
      expect([got['CFS 공급가액'], got['CFS 세액'], got.재고손실보상]).toEqual([0, 0, 0]);
      if (tax === '과세') {
        expect(got.세액).toBe(vatOf(want.supplyTotal));
        expect(num(got.공급가액) + num(got.세액)).toBe(want.supplyTotal);
      } else if (tax === '면세') {
        expect([got.공급가액, got.세액]).toEqual([want.supplyTotal, 0]);
      } else {
        // v1 has no tax type: no VAT split is invented.
        expect([got.공급가액, got.세액]).toEqual(['', '']);
      }
      expect(got.검증).toBe('✓');
    }
    for (const month of ['2026-01', '2026-02', '2026-03']) {
      const want = expectedCommonRow(month);
      const got = closeRow(month, '공통', '확정');
      expect([got['CFS 공급가액'], got['CFS 세액'], got.재고손실보상]).toEqual([
        want.cfsSupply,
        want.cfsVat,
        want.compensation,
      ]);
      expect([got.판매액, got.정산대상액]).toEqual([0, 0]);
      expect(got.검증).toBe('✓');
    }
    // Exactly those rows (5 sales rows, 3 common rows) and the two total rows, last.
    expect(close().map((r) => r.귀속월)).toEqual([
      ...new Array(8).fill(expect.stringMatching(/^\d{4}-\d{2}-01$/)),
      '합계',
      '합계',
    ]);
  });

  it('월마감: Σ over the months equals Σ over the normalized tabs, 확정 and 추정 apart', async () => {
    const rows = close();
    const totals = rows.filter((r) => r.귀속월 === '합계');
    expect(totals.map((r) => r.구분)).toEqual(['확정', '추정']);
    for (const total of totals) {
      const members = rows.filter((r) => r.귀속월 !== '합계' && r.구분 === total.구분);
      for (const label of MONTH_CLOSE.tab.columns
        .filter((c) => c.type === 'formula' && c.key !== 'check')
        .map((c) => c.ko)) {
        expect(total[label], `${total.구분} ${label}`).toBe(
          members.reduce((t, r) => t + (typeof r[label] === 'number' ? r[label] : 0), 0),
        );
      }
      expect(total.검증).toBe('✓');
    }
    const [confirmed, estimated] = totals as [Record<string, CellValue>, Record<string, CellValue>];
    expect(confirmed.판매액).toBe(WHOLE.grossV2);
    expect(estimated.판매액).toBe(WHOLE.grossV1);
    expect(confirmed.정산대상액).toBe(WHOLE.settlement);
    expect(num(confirmed['CFS 공급가액']) + num(confirmed['CFS 세액'])).toBe(WHOLE.cfsTotal);
    expect(confirmed.재고손실보상).toBe(WHOLE.compensation);
    expect([estimated['CFS 공급가액'], estimated.재고손실보상]).toEqual([0, 0]);
  });

  it('세금계산서 대사: per month and issuer, with the typed 홈택스 figures and their difference', async () => {
    const rows = recordsOf(values(), INVOICES);
    for (const month of ['2026-01', '2026-02']) {
      for (const issuer of ['판매수수료', 'CFS'] as const) {
        const want = expectedInvoice(month, issuer);
        const got = rows.find((r) => r.발행월 === month && r['발행 구분'] === issuer)!;
        expect([got.공급가액, got.세액, got.합계금액], `${month} ${issuer}`).toEqual([
          want.supply,
          want.vat,
          want.total,
        ]);
        expect(got.검증).toBe('✓');
        const typed = HOMETAX.find((h) => h.month === month && h.issuer === issuer);
        if (!typed) expect(got.차이).toBe('');
        else if ('supplyOnly' in typed) expect(got.차이).toBe(want.total - typed.supplyOnly!);
        else {
          expect(got['홈택스 공급가액']).toBe(want.supply);
          expect(got['홈택스 세액']).toBe(want.vat + typed.vatDelta!);
          expect(got.차이).toBe(-typed.vatDelta!);
          expect(got.메모).toBe(typed.memo);
        }
      }
    }
    // 재고 손실 보상 is never part of a tax invoice.
    const cfsTotals = rows.filter((r) => r['발행 구분'] === 'CFS' && r.발행월 !== '합계');
    expect(cfsTotals.reduce((t, r) => t + num(r.합계금액), 0)).toBe(WHOLE.cfsTotal);
    const totals = rows.filter((r) => r.발행월 === '합계');
    expect(totals.map((r) => [r['발행 구분'], r.검증])).toEqual([
      ['판매수수료', '✓'],
      ['CFS', '✓'],
    ]);
  });

  it('정산 지급: every line, its hand-worked dates, 70/30 amounts and the explicit residual', async () => {
    const rows = recordsOf(values(), PAYOUTS);
    for (const [cycle, end] of PAYOUT_LINES) {
      const want = expectedPayout(cycle, end);
      const got = rows.find((r) => r.정산유형 === cycle && r['정산주기(종료일)'] === end)!;
      expect(got, `${cycle} ${end}`).toBeDefined();
      expect([got.정산대상액, got['CFS 합계금액'], got.재고손실보상, got['지급 예정액']]).toEqual([
        want.settlement,
        want.cfs,
        want.compensation,
        want.expected,
      ]);
      const dates = PAYOUT_DATES[`${cycle}|${end}`]!;
      expect([got['1차 지급일'], got['2차 지급일']]).toEqual([dates.first, dates.second ?? '']);
      const first = cycle === '주정산' ? Math.round((want.expected * 7) / 10) : want.expected;
      expect(got['1차 지급액(예상)']).toBe(first);
      expect(got['2차 지급액(예상)']).toBe(cycle === '주정산' ? want.expected - first : '');
      expect(got.검증).toBe('✓');
      if (cycle === RECEIVED.cycle && end === RECEIVED.end) {
        expect(got.실지급액).toBe(want.expected - RECEIVED.less);
        expect(got['지급 확인일']).toBe(RECEIVED.on);
        expect(got.차이).toBe(-RECEIVED.less);
        expect(got.메모).toBe(RECEIVED.memo);
      } else expect(got.차이).toBe('');
    }
    // Compensation of a period without a settlement line: its own line, no date, and its check says so.
    const orphan = rows.find((r) => r['정산주기(종료일)'] === '2026-03-31')!;
    expect([orphan.정산유형, orphan.재고손실보상, orphan['지급 예정액'], orphan['1차 지급일']]).toEqual([
      '미지정',
      1_000,
      1_000,
      '',
    ]);
    expect(orphan.검증).toMatch(/^✗ 지급일 없음/);
    const total = rows.find((r) => r.정산유형 === '합계')!;
    expect([total.정산대상액, total['CFS 합계금액'], total.재고손실보상]).toEqual([
      WHOLE.settlement -
        ORDERS.filter((o) => o.mapping_version === 'v1').reduce((t, o) => t + (o.settlement_amount ?? 0), 0),
      WHOLE.cfsTotal,
      WHOLE.compensation,
    ]);
    expect(total['지급 예정액']).toBe(
      [...PAYOUT_LINES.map(([c, d]) => expectedPayout(c, d).expected), 1_000].reduce((a, b) => a + b, 0),
    );
    expect(total.검증).toBe('✓');
  });

  it('the cached values the core wrote are what the engine computes', async () => {
    for (const sheet of SUMMARY_SHEETS) {
      const got = values()[sheet]!;
      for (const [r, row] of cached[sheet]!.entries()) {
        for (const [c, cell] of row.entries()) {
          const engine = got[r]?.[c] ?? null;
          const expected =
            typeof engine === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(engine) ? isoToSerial(engine) : engine;
          expect(cell === '' ? null : cell, `${sheet} r${r + 1} c${c + 1}`).toEqual(
            expected === '' ? null : expected,
          );
        }
      }
    }
  });
});

describe('what the user typed survives the re-import', () => {
  it('keeps the 홈택스 and 실지급 cells, the note and the column right of the table', async () => {
    const closeGrid = gridOf(typedBack, CLOSE);
    expect(closeGrid[0]?.[MONTH_CLOSE.tab.columns.length]?.v).toBe('내 메모');
    expect(closeGrid[1]?.[MONTH_CLOSE.tab.columns.length]?.v).toBe('세무사 확인');
    const invoices = gridOf(typedBack, INVOICES);
    const r = findRow(invoices, { 0: '2026-02', 1: 'CFS' });
    expect(invoices[r]?.[columnOf(TAX_INVOICES.tab, 'hometax_supply')]?.v).toBe(700);
  });

  it('writes the holidays tab once, with every built-in day, and names its date column', async () => {
    const holidays = gridOf(typedBack, HOLIDAYS_TAB.ko);
    const rows = holidays.slice(1).filter((row) => row?.[0]);
    expect(rows.length).toBeGreaterThan(40);
    expect(new Set(rows.map((row) => row?.[0]?.v)).size).toBe(rows.length);
    expect(typedBack.Workbook?.Names?.find((n) => n.Name === 'cjHolidays')?.Ref).toBe("'휴일'!$A$2:$A$1000");
  });

  it('writes no function that .xlsx would need to store with _xlfn.', async () => {
    const later = /\b(MAXIFS|MINIFS|IFS|SWITCH|CONCAT|TEXTJOIN|IFNA|XLOOKUP|FILTER|LET|SORT|UNIQUE)\(/;
    for (const sheet of SUMMARY_SHEETS) {
      for (const row of input.sheets[sheet] ?? []) {
        for (const cell of row)
          if (typeof cell === 'string' && cell.startsWith('=')) expect(cell).not.toMatch(later);
      }
    }
  });
});
