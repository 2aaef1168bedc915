/**
 * The payout formulas evaluated by two real engines (HyperFormula, LibreOffice headless) over the
 * hand-worked table: every date and amount must be the table's literal. One workbook, one
 * LibreOffice run for the whole file.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { builtInHolidays } from '../../src/core/close/holidays';
import {
  firstPayoutAmountFormula,
  firstPayoutDateFormula,
  HOLIDAYS_RANGE_NAME,
  secondPayoutAmountFormula,
  secondPayoutDateFormula,
} from '../../src/core/close/payout-formulas';
import {
  type CellInput,
  type EvaluatedBook,
  evaluateInHyperFormula,
  evaluateInLibreOffice,
  type WorkbookInput,
} from '../engines';
import {
  AMOUNT_CASES,
  IRREGULAR_CASES,
  PAYOUT_CASES,
  USER_2028_HOLIDAYS,
  USER_CLOSURE,
  WITH_USER_2028,
  WITH_USER_CLOSURE,
} from './payout-table';

const LINES = '정산 지급';
const HOLIDAYS = '휴일';
const PLUS = 'cjHolidaysPlus';

interface Row {
  label: string;
  cycle: string | null;
  end: CellInput;
  amount: number;
  holidays?: string;
  expected: { first: string; second: string; firstAmount: number | ''; secondAmount: number | '' };
}

const rows: Row[] = [
  ...PAYOUT_CASES.map((c) => ({
    label: `${c.cycle} ${c.end}`,
    cycle: c.cycle,
    end: { date: c.end },
    amount: 1_000_000,
    expected: {
      first: c.first,
      second: c.second ?? '',
      firstAmount: c.cycle === '주정산' ? 700_000 : 1_000_000,
      secondAmount: c.cycle === '주정산' ? 300_000 : ('' as const),
    },
  })),
  ...[WITH_USER_2028, WITH_USER_CLOSURE].map((c) => ({
    label: `${c.cycle} ${c.end} with the user's holidays`,
    cycle: c.cycle,
    end: { date: c.end },
    amount: 10,
    holidays: PLUS,
    expected: { first: c.first, second: c.second ?? '', firstAmount: 7, secondAmount: 3 },
  })),
  ...IRREGULAR_CASES.map((c) => ({
    label: `${c.cycle} ${c.end} (${c.reason})`,
    cycle: c.cycle,
    end: { date: c.end },
    amount: 100,
    expected: {
      first: '',
      second: '',
      firstAmount: c.cycle === '주정산' ? 70 : c.cycle === '월정산' ? 100 : ('' as const),
      secondAmount: c.cycle === '주정산' ? 30 : ('' as const),
    },
  })),
  // No end date, or an end date typed as text: no date (a number is required).
  {
    label: '주정산 without end date',
    cycle: '주정산',
    end: null,
    amount: 0,
    expected: { first: '', second: '', firstAmount: 0, secondAmount: 0 },
  },
  {
    label: '주정산 text end date',
    cycle: '주정산',
    end: '2026-02-15',
    amount: 0,
    expected: { first: '', second: '', firstAmount: 0, secondAmount: 0 },
  },
  ...AMOUNT_CASES.map((c) => ({
    label: `${c.cycle} amount ${c.amount}`,
    cycle: c.cycle,
    // Sun 2026-02-15 and Sat 2026-02-28 (a month end): dates as in the table above.
    end: { date: c.cycle === '주정산' ? '2026-02-15' : '2026-02-28' },
    amount: c.amount,
    expected: {
      // 주정산 02-15: see the table; 월정산 Sat 02-28: Mar 2 H, 3-6 (4), 9-27 (19), 30 (20).
      first: c.cycle === '주정산' ? '2026-03-19' : '2026-03-30',
      second: c.cycle === '주정산' ? '2026-04-01' : '',
      firstAmount: c.first,
      secondAmount: c.second ?? ('' as const),
    },
  })),
];

function buildBook(): WorkbookInput {
  const builtIn = builtInHolidays();
  const holidaySheet: CellInput[][] = [
    ['날짜', '이름'],
    ...builtIn.map((h) => [{ date: h.date }, h.name]),
    [null, null], // a blank row, as a user leaves one
    ...USER_2028_HOLIDAYS.map((d) => [{ date: d }, '설날 (사용자 추가)']),
    [{ date: USER_CLOSURE }, '회사 휴무'],
    // A user row repeating a built-in day (설날) must not skip an extra day.
    [{ date: '2026-02-17' }, '설날 (중복 입력)'],
  ];
  const lines: CellInput[][] = [
    [
      '정산유형',
      '정산주기(종료일)',
      '지급 예정액',
      '1차 지급일',
      '2차 지급일',
      '1차 지급액(예상)',
      '2차 지급액(예상)',
    ],
  ];
  rows.forEach((row, i) => {
    const r = i + 2;
    const cells = {
      cycle: `$A${r}`,
      periodEnd: `$B${r}`,
      ...(row.holidays ? { holidays: row.holidays } : {}),
    };
    lines.push([
      row.cycle,
      row.end,
      row.amount,
      firstPayoutDateFormula(cells),
      secondPayoutDateFormula(cells),
      firstPayoutAmountFormula(`$A${r}`, `$C${r}`),
      secondPayoutAmountFormula(`$A${r}`, `$C${r}`),
    ]);
  });
  return {
    sheets: { [LINES]: lines, [HOLIDAYS]: holidaySheet },
    names: {
      // The built-in days only, and the whole tab down to row 500 (built-in + the user's rows + blanks).
      [HOLIDAYS_RANGE_NAME]: `'${HOLIDAYS}'!$A$2:$A$${1 + builtIn.length}`,
      [PLUS]: `'${HOLIDAYS}'!$A$2:$A$500`,
    },
  };
}

const book = buildBook();
const options = { dateColumns: { [LINES]: ['B', 'D', 'E'] } };

function checkEvery(result: EvaluatedBook): void {
  const out = result[LINES]!;
  rows.forEach((row, i) => {
    const [, , , first, second, firstAmount, secondAmount] = out[i + 1]!;
    expect({ first, second, firstAmount, secondAmount }, row.label).toEqual(row.expected);
  });
}

describe('payout formulas', () => {
  it('cover the table, the user holidays, the irregular lines and the amounts', () => {
    expect(rows.length).toBe(PAYOUT_CASES.length + 2 + IRREGULAR_CASES.length + 2 + AMOUNT_CASES.length);
  });

  it('use only functions every target engine has, and stay short', () => {
    const formulas = [
      firstPayoutDateFormula({ cycle: '$A2', periodEnd: '$B2' }),
      secondPayoutDateFormula({ cycle: '$A2', periodEnd: '$B2' }),
      firstPayoutAmountFormula('$A2', '$C2'),
      secondPayoutAmountFormula('$A2', '$C2'),
    ];
    const used = new Set(formulas.flatMap((f) => [...f.matchAll(/([A-Z][A-Z.]*)\(/g)].map((m) => m[1])));
    expect([...used].sort()).toEqual([
      'DAY',
      'EOMONTH',
      'IF',
      'ISNUMBER',
      'NOT',
      'OR',
      'ROUND',
      'WEEKDAY',
      'WORKDAY',
    ]);
    for (const f of formulas) expect(f.length).toBeLessThan(400);
  });

  it('HyperFormula gives the hand-worked dates and amounts', () => {
    checkEvery(evaluateInHyperFormula(book, options));
  });

  describe('LibreOffice headless', () => {
    let result: EvaluatedBook;
    beforeAll(async () => {
      result = await evaluateInLibreOffice(book, options);
    });

    it('gives the hand-worked dates and amounts', () => {
      checkEvery(result);
    });

    it('agrees with HyperFormula on every cell', () => {
      expect(result).toEqual(evaluateInHyperFormula(book, options));
    });
  });
});
