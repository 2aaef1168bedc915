/** Cell values: the one money parser, IDs, dates, rates and the one VAT allocator. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDate, serialToIso } from '../../src/core/util/dates';
import { parseId } from '../../src/core/util/ids';
import { parseKrw, parseRate } from '../../src/core/util/money';
import { allocateProRata } from '../../src/core/util/vat';
import { CATEGORY_TR_HEADERS, categoryTrXlsx, run, trRow } from './helpers';

const value = <T>(parsed: { ok: true; value: T } | { ok: false; reason: string }) =>
  parsed.ok ? parsed.value : 'ERR';

describe('money (integer KRW)', () => {
  it.each([
    [1000, 1000],
    ['1,000', 1000],
    ['1,000원', 1000],
    ['₩1,000', 1000],
    [' 12 345 ', 12345],
    ['(1,000)', -1000],
    ['-1,000', -1000],
    ['−500', -500],
    ['-', 0],
    ['', null],
    [null, null],
    [1000.0000000002, 1000],
  ])('%j → %j', (cell, expected) => {
    expect(value(parseKrw(cell))).toBe(expected);
  });

  it.each([['천원'], ['12.5'], [12.5], ['1,000.50원'], ['N/A']])('rejects %j', (cell) => {
    expect(parseKrw(cell).ok).toBe(false);
  });

  // Issue #8 case 9: `1.000` was read as 1 and `(-1,000)` as +1000. Text that can mean two amounts
  // is refused (BAD_MONEY), never guessed.
  it.each([
    ['1.000'],
    ['1.000원'],
    ['₩12.500'],
    ['(-1,000)'],
    ['(−1,000)'],
    ['(+1,000)'],
    ['--500'],
    ['-(1,000)'],
    ['-−500'],
  ])('rejects ambiguous money text %j', (cell) => {
    expect(parseKrw(cell).ok).toBe(false);
  });

  it.each([
    ['1000.0', 1000],
    ['1,000.00', 1000],
    ['+1,000', 1000],
  ])('still reads the unambiguous %j → %j', (cell, expected) => {
    expect(value(parseKrw(cell))).toBe(expected);
  });

  it('a settlement file with `1.000`, `(-1,000)` and `--500` in 판매액 rejects those lines as BAD_MONEY', () => {
    const gross = CATEGORY_TR_HEADERS.indexOf('판매액(A*B)');
    const lines = [1, 2, 3, 4].map((i) => ({
      orderId: `2025010100000${i}`,
      optionId: '95521944483',
      price: 1000,
      qty: 1,
    }));
    const rows = lines.map(trRow);
    rows[0]![gross] = '1.000';
    rows[1]![gross] = '(-1,000)';
    rows[2]![gross] = '--500';
    const result = run({
      name: 'A00012345-CATEGORY_TR-ko-money.xlsx',
      bytes: categoryTrXlsx([], rows),
    });
    const bad = result.problems.filter((p) => p.code === 'BAD_MONEY');
    // Rows 3–5 (title, header, then data): each named with its text; only the clean line imports.
    expect(bad.map((p) => [p.row, p.value])).toEqual([
      [3, '1.000'],
      [4, '(-1,000)'],
      [5, '--500'],
    ]);
    expect(result.orders.map((o) => o.gross_sales)).toEqual([1000]);
    expect(result.files[0]).toMatchObject({ rows_read: 4, rows_accepted: 1, rows_rejected: 3 });
  });

  it('parses every formatted integer back to itself', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (n) => {
        const formatted = Math.abs(n).toLocaleString('en-US');
        expect(value(parseKrw(n < 0 ? `(${formatted})` : `${formatted}원`))).toBe(n);
      }),
    );
  });
});

describe('rates', () => {
  it.each([
    [10.8, 10.8],
    ['10.8', 10.8],
    ['7.55%', 7.55],
    ['-', 0],
  ])('%j → %j', (cell, expected) => expect(value(parseRate(cell))).toBe(expected));
});

describe('IDs stay exact strings', () => {
  it.each([
    [95521944483, '95521944483'],
    ['95521944483.0', '95521944483'],
    ['20250101123456', '20250101123456'],
    [20250101123456, '20250101123456'],
    ['9.5521944483E+10', '95521944483'],
    ['95,521,944,483', '95521944483'],
    ['-', null],
    ['="00123"', '00123'],
  ])('%j → %j', (cell, expected) => expect(value(parseId(cell))).toBe(expected));

  it('refuses IDs whose digits were lost, and lists (a list is not one ID)', () => {
    expect(parseId('9.55219E+10').ok).toBe(false);
    expect(parseId('123,456789').ok).toBe(false);
    expect(parseId(1.5).ok).toBe(false);
    expect(parseId(2 ** 60).ok).toBe(false);
  });

  it('never prints an exponent for any safe integer', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), (n) => {
        expect(value(parseId(n))).toBe(BigInt(n).toString());
      }),
    );
  });
});

describe('dates → YYYY-MM-DD', () => {
  it.each([
    ['2025-01-05', '2025-01-05'],
    ['2025.01.05', '2025-01-05'],
    ['2025/1/5', '2025-01-05'],
    ['20250105', '2025-01-05'],
    [20250105, '2025-01-05'],
    ['2025-01-05 13:45:00', '2025-01-05'],
    ['2025. 1. 5.', '2025-01-05'],
    [45662, '2025-01-05'],
    [45662.75, '2025-01-05'],
    [61, '1900-03-01'],
    ['', null],
  ])('%j → %j', (cell, expected) => expect(value(parseDate(cell))).toBe(expected));

  it.each([['2025-02-30'], ['어제'], ['2025-13-01'], [-3]])('rejects %j', (cell) =>
    expect(parseDate(cell).ok).toBe(false),
  );

  it('agrees with the 1900 serial system (base 1899-12-30) for any day', () => {
    fc.assert(
      fc.property(fc.integer({ min: 61, max: 401768 /* 2999-12-31 */ }), (serial) => {
        const expected = new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000).toISOString().slice(0, 10);
        expect(serialToIso(serial)).toBe(expected);
      }),
    );
  });
});

describe('VAT allocation (largest remainder)', () => {
  it('splits 6,864 over 68,625 of fees exactly (세액 ≠ 10 % of 합계)', () => {
    const shares = allocateProRata([68000, 625], 6864);
    // 6801.49 + 62.51: the one remaining won goes to the larger fraction.
    expect(shares).toEqual([6801, 63]);
  });

  it('handles negative lines and a zero sum', () => {
    expect(allocateProRata([1000, -1000, 500], 50).reduce((a, b) => a + b, 0)).toBe(50);
    expect(allocateProRata([1000, -1000], 0)).toEqual([0, 0]);
    expect(allocateProRata([0, 0, 0], 2).reduce((a, b) => a + b, 0)).toBe(2);
  });

  it('always sums to the total and stays within one won of the exact share', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -100_000, max: 1_000_000 }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: -100_000, max: 1_000_000 }),
        (weights, total) => {
          const shares = allocateProRata(weights, total);
          expect(shares.reduce((a, b) => a + b, 0)).toBe(total);
          const sum = weights.reduce((a, b) => a + b, 0);
          if (sum !== 0) {
            shares.forEach((share, i) => {
              expect(Math.abs(share - (total * weights[i]!) / sum)).toBeLessThan(1 + 1e-9);
            });
          }
        },
      ),
    );
  });
});
