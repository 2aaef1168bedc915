/**
 * The harness itself: both engines read the same workbook and answer in the same shape; every
 * expected value below is worked out by hand.
 */
import * as XLSX from '@e965/xlsx';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  at,
  EngineError,
  type EvaluatedBook,
  evaluateInHyperFormula,
  evaluateInLibreOffice,
  fromXlsx,
  recalculateXlsx,
  type WorkbookInput,
  xlsxFormula,
} from './index';

const HOLIDAY_SHEET = '휴 일'; // Korean and a space: references must quote it

const book: WorkbookInput = {
  sheets: {
    Calc: [
      [
        { date: '2026-02-13' }, // A1 Friday
        '=A1+1', // B1
        '=WORKDAY(A1,1,cjHolidays)', // C1
        '=1/0', // D1
        '=NOSUCHFUNCTION(1)', // E1
        '=IF(1=1,"","x")', // F1
        '=1=1', // G1
        '="쿠팡 "&"정산"', // H1
        '=MAXIFS(J1:J3,K1:K3,">0")', // I1
        5, // J1
        1, // K1
        '=ROUND(5*7/10,0)', // L1
        '=WORKDAY(A1,1,cjBadHolidays)', // M1
        null, // N1
        `=COUNT('${HOLIDAY_SHEET}'!A1:A6)`, // O1
        '=A1', // P1
      ],
      [null, null, null, null, null, null, null, null, null, 7, 1, '=ROUND(-5*7/10,0)'],
      [null, null, null, null, null, null, null, null, null, 9, 0, '=ROUND(1234567*7/10,0)'],
    ],
    [HOLIDAY_SHEET]: [
      ['날짜', '이름'],
      [{ date: '2026-02-16' }, '설날 전날'],
      [{ date: '2026-02-17' }, '설날'],
      [{ date: '2026-02-18' }, '설날 다음 날'],
      [null, null],
      [{ date: '2026-03-02' }, '대체공휴일(3ㆍ1절)'],
    ],
  },
  names: {
    // A blank row inside the range is allowed; the header row (text) is not.
    cjHolidays: `'${HOLIDAY_SHEET}'!$A$2:$A$6`,
    cjBadHolidays: `'${HOLIDAY_SHEET}'!$A$1:$A$6`,
  },
};
const options = { dateColumns: { Calc: ['B', 'C', 'P'] } };

function expectTheWorkedOutValues(result: EvaluatedBook): void {
  expect(at(result, 'Calc', 'A1')).toBe('2026-02-13');
  expect(at(result, 'Calc', 'B1')).toBe('2026-02-14');
  // Friday 02-13 + 1 business day: Sat, Sun, then 02-16..18 are holidays → Thursday 02-19.
  expect(at(result, 'Calc', 'C1')).toBe('2026-02-19');
  expect(at(result, 'Calc', 'D1')).toEqual({ error: '#DIV/0!' });
  expect(at(result, 'Calc', 'E1')).toEqual({ error: '#NAME?' });
  expect(at(result, 'Calc', 'F1')).toBe('');
  expect(at(result, 'Calc', 'G1')).toBe(true);
  expect(at(result, 'Calc', 'H1')).toBe('쿠팡 정산');
  // MAXIFS over J where K > 0: max(5, 7) = 7 (stored as _xlfn.MAXIFS in the .xlsx).
  expect(at(result, 'Calc', 'I1')).toBe(7);
  // ROUND is half away from zero: 3.5 → 4, −3.5 → −4; 864196.9 → 864197.
  expect(at(result, 'Calc', 'L1')).toBe(4);
  expect(at(result, 'Calc', 'L2')).toBe(-4);
  expect(at(result, 'Calc', 'L3')).toBe(864197);
  // Text (the header) inside a WORKDAY holiday range is an error, in both engines.
  expect(at(result, 'Calc', 'M1')).toEqual({ error: '#VALUE!' });
  expect(at(result, 'Calc', 'N1')).toBeNull();
  expect(at(result, 'Calc', 'O1')).toBe(4);
  expect(at(result, 'Calc', 'P1')).toBe('2026-02-13');
  expect(result['Calc']!.map((row) => row.length)).toEqual([16, 16, 16]);
  expect(result[HOLIDAY_SHEET]![1]).toEqual(['2026-02-16', '설날 전날']);
  expect(result[HOLIDAY_SHEET]![4]).toEqual([null, null]);
}

describe('formula harness', () => {
  it('HyperFormula', () => {
    expectTheWorkedOutValues(evaluateInHyperFormula(book, options));
  });

  describe('LibreOffice headless', () => {
    let result: EvaluatedBook;
    beforeAll(async () => {
      // Every formula cell carries a wrong cached value (−777): what comes back must be recomputed.
      result = await evaluateInLibreOffice(book, { ...options, poison: -777 });
    });

    it('recalculates on load and answers like HyperFormula', () => {
      expectTheWorkedOutValues(result);
      expect(JSON.stringify(result)).not.toContain('-777');
    });

    it('agrees with HyperFormula cell for cell', () => {
      expect(result).toEqual(evaluateInHyperFormula(book, options));
    });
  });

  describe('errors are clear', () => {
    const saved = process.env.SOFFICE;
    afterEach(() => {
      if (saved === undefined) delete process.env.SOFFICE;
      else process.env.SOFFICE = saved;
    });

    it('names a missing LibreOffice', async () => {
      process.env.SOFFICE = '/nonexistent/soffice';
      await expect(evaluateInLibreOffice(book)).rejects.toThrow(
        /SOFFICE=\/nonexistent\/soffice does not exist/,
      );
    });

    it('reports a file LibreOffice cannot convert', async () => {
      const error = await recalculateXlsx(new TextEncoder().encode('not a workbook')).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(EngineError);
      expect((error as Error).message).toMatch(/did not convert/);
    });

    it('rejects a malformed date input', () => {
      expect(() => evaluateInHyperFormula({ sheets: { S: [[{ date: '2026-02-30' }]] } }, options)).toThrow(
        /no such date: 2026-02-30/,
      );
    });
  });

  it('stores later functions with the _xlfn. prefix, never inside string literals', () => {
    expect(xlsxFormula('=MAXIFS(A:A,B:B,"MAXIFS(")+maxifs(1,2)')).toBe(
      '_xlfn.MAXIFS(A:A,B:B,"MAXIFS(")+_xlfn.maxifs(1,2)',
    );
    expect(xlsxFormula('=SUMIFS(A:A,B:B,1)+WORKDAY(A1,1)')).toBe('SUMIFS(A:A,B:B,1)+WORKDAY(A1,1)');
  });

  it('reads a SheetJS workbook as input: formulas, date formats, defined names', () => {
    const wb = XLSX.utils.book_new();
    const ws: XLSX.WorkSheet = {
      A1: { t: 'n', v: 46066, z: 'yyyy-mm-dd' }, // 2026-02-13
      B1: { t: 'n', v: 0, f: 'WORKDAY(A1,1,cjH)' },
      C1: { t: 'n', v: 0, f: '_xlfn.MAXIFS(D1:D2,D1:D2,">0")' },
      D1: { t: 'n', v: 3 },
      D2: { t: 'n', v: 8 },
      '!ref': 'A1:D2',
    };
    XLSX.utils.book_append_sheet(wb, ws, 'S');
    XLSX.utils.book_append_sheet(wb, { A1: { t: 'n', v: 46069, z: 'yyyy-mm-dd' }, '!ref': 'A1' }, 'H');
    wb.Workbook = { Names: [{ Name: 'cjH', Ref: 'H!$A$1:$A$3' }] };
    const read = XLSX.read(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }), {
      type: 'array',
      cellFormula: true,
      cellNF: true,
    });
    const input = fromXlsx(read);
    expect(input.sheets['S']![0]).toEqual([
      { date: '2026-02-13' },
      '=WORKDAY(A1,1,cjH)',
      '=MAXIFS(D1:D2,D1:D2,">0")',
      3,
    ]);
    expect(input.names).toEqual({ cjH: 'H!$A$1:$A$3' });
    const result = evaluateInHyperFormula(input, { dateColumns: { S: ['B'] } });
    // Friday 02-13 + 1 business day, Monday 02-16 a holiday → Tuesday 02-17.
    expect(at(result, 'S', 'B1')).toBe('2026-02-17');
    expect(at(result, 'S', 'C1')).toBe(8);
  });
});
