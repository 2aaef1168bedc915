/**
 * The unit-cost lookup: the formula of the 원가 계산 helper (src/core/costs/formula.ts) evaluated by
 * HyperFormula and LibreOffice over a seeded random 원가 tab — blanks, text in cost and date cells,
 * negative numbers, IDs typed as numbers or with spaces, ties, reversed ranges — gives the same unit
 * cost as the TypeScript twin for every (option, day) asked; and the rule itself on hand-picked rows.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { COST_RANGE_NAMES, costStartFormula, unitCostFormula } from '../../src/core/costs/formula';
import { COSTS_TAB, costEntryOn, parseCostTable } from '../../src/core/costs/table';
import { canonicalCell } from '../../src/core/merge/cells';
import { type CellInput, type EvaluatedBook, evaluateInBoth, isoToSerial, serialToIso } from '../engines';

const OPTIONS = ['801', '802', '803', 'AB-1'];
const DAYS = ['2026-01-01', '2026-01-10', '2026-01-15', '2026-01-16', '2026-02-01', '2026-03-31'];

type Raw = string | number | null;
interface Row {
  id: Raw;
  cost: Raw;
  from: { date: string } | string | null;
  to: { date: string } | string | null;
}

const date = fc.constantFrom(...DAYS, '2025-12-31', '2026-01-20').map((d) => ({ date: d }));
const row: fc.Arbitrary<Row> = fc.record({
  id: fc.oneof(
    fc.constantFrom(...OPTIONS),
    fc.constantFrom(' 801 ', '802 '),
    fc.constant(801),
    fc.constant(null),
  ),
  cost: fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: 0, max: 5_000 }) },
    { weight: 1, arbitrary: fc.constantFrom(0.5, 1234.5) },
    { weight: 1, arbitrary: fc.constant(-5) },
    { weight: 1, arbitrary: fc.constant('미정') },
    { weight: 1, arbitrary: fc.constant(null) },
  ),
  from: fc.oneof(
    { weight: 3, arbitrary: date },
    { weight: 2, arbitrary: fc.constant(null) },
    fc.constant('x'),
  ),
  to: fc.oneof({ weight: 2, arbitrary: date }, { weight: 3, arbitrary: fc.constant(null) }, fc.constant('y')),
});
const TABLES = fc.sample(fc.array(row, { minLength: 4, maxLength: 14 }), { numRuns: 12, seed: 1207 });

const cellInput = (v: Row['from'] | Raw): CellInput =>
  v === null ? null : typeof v === 'object' ? v : typeof v === 'string' ? { text: v } : v;

/** What an adapter reads from such a cell (canonical form), as the refresh gives it to the TS twin. */
function canonicalRow(r: Row) {
  const raw = (v: Row['from'] | Raw) => (v !== null && typeof v === 'object' ? isoToSerial(v.date) : v);
  return [r.id, null, r.cost, r.from, r.to, null].map((v, c) => canonicalCell(COSTS_TAB.columns[c]!, raw(v)));
}

let evaluated: { name: string; values: EvaluatedBook }[];
const queries: { table: number; option: string; day: string; row: number }[] = [];

beforeAll(async () => {
  const sheets: Record<string, CellInput[][]> = {};
  const q: CellInput[][] = [['table', 'option', 'day', 'start', 'cost']];
  TABLES.forEach((table, t) => {
    const sheet = `C${t}`;
    sheets[sheet] = [
      COSTS_TAB.columns.map((c) => c.ko),
      ...table.map((r) => [
        cellInput(r.id),
        null,
        cellInput(r.cost),
        cellInput(r.from),
        cellInput(r.to),
        null,
      ]),
    ];
    for (const option of OPTIONS)
      for (const day of DAYS) {
        const n = q.length + 1;
        queries.push({ table: t, option, day, row: n });
        // Each table is its own sheet: the names become that sheet's ranges.
        const local = (f: string) =>
          f
            .replaceAll(COST_RANGE_NAMES.option_id, `'${sheet}'!$A$2:$A$20`)
            .replaceAll(COST_RANGE_NAMES.unit_cost, `'${sheet}'!$C$2:$C$20`)
            .replaceAll(COST_RANGE_NAMES.valid_from, `'${sheet}'!$D$2:$D$20`)
            .replaceAll(COST_RANGE_NAMES.valid_to, `'${sheet}'!$E$2:$E$20`);
        q.push([
          t,
          { text: option },
          { date: day },
          `=${local(costStartFormula(`$B${n}`, `$C${n}`))}`,
          `=${local(unitCostFormula(`$B${n}`, `$C${n}`, `$D${n}`))}`,
        ]);
      }
  });
  sheets.Q = q;
  // (The workbook names themselves are evaluated through the adapters in engines.test.ts.)
  const { hyperFormula, libreOffice } = await evaluateInBoth({ sheets });
  evaluated = [
    { name: 'HyperFormula', values: hyperFormula },
    { name: 'LibreOffice', values: libreOffice },
  ];
}, 180_000);

describe('the lookup formula', () => {
  it.each([0, 1])('engine %# agrees with the TypeScript twin on every query', (e) => {
    const { name, values } = evaluated[e]!;
    let withCost = 0;
    for (const query of queries) {
      const table = parseCostTable(TABLES[query.table]!.map(canonicalRow));
      const entry = costEntryOn(table, query.option, isoToSerial(query.day));
      const got = values.Q![query.row - 1]!;
      const where = `${name} table ${query.table} ${query.option} ${query.day}`;
      expect(got[3], where).toBe(entry ? entry.from : 0);
      expect(got[4], where).toBe(entry ? entry.unitCost : '');
      if (entry) withCost++;
    }
    // The sample is not degenerate: many queries find a cost, many do not.
    expect(withCost).toBeGreaterThan(queries.length / 5);
    expect(withCost).toBeLessThan(queries.length);
  });
});

describe('the rule', () => {
  /** A 원가 row as typed: 옵션ID, 단위원가, 적용 시작일, 적용 종료일 (canonical cells). */
  const typed = ([id, cost, from, to]: Raw[]) => [
    id ?? null,
    null,
    cost ?? null,
    from ?? null,
    to ?? null,
    null,
  ];
  const at = (rows: Raw[][], option: string, day: string) =>
    costEntryOn(parseCostTable(rows.map(typed)), option, isoToSerial(day))?.unitCost ?? null;

  it('the latest 적용 시작일 covering the day wins; blank dates are open bounds', () => {
    const rows = [
      ['901', 1000, null, '2026-01-15'],
      ['901', 1200, '2026-01-16', null],
      ['901', 900, '2026-01-10', '2026-01-12'],
    ];
    expect(at(rows, '901', '2025-06-01')).toBe(1000);
    expect(at(rows, '901', '2026-01-09')).toBe(1000);
    expect(at(rows, '901', '2026-01-11')).toBe(900);
    expect(at(rows, '901', '2026-01-13')).toBe(1000);
    expect(at(rows, '901', '2026-01-16')).toBe(1200);
    expect(at(rows, '901', '2030-01-01')).toBe(1200);
    expect(at(rows, '902', '2026-01-16')).toBeNull();
  });

  it('a tie on the start date takes the higher cost and is reported; reversed and invalid rows are reported', () => {
    const table = parseCostTable(
      [
        ['903', 500, null, null],
        ['903', 600, null, null],
        ['904', 100, '2026-02-01', '2026-01-01'],
        ['905', '미정', null, null],
        ['906', null, null, null],
        ['907', 10, 'x', null],
      ].map(typed),
    );
    expect(costEntryOn(table, '903', isoToSerial('2026-01-01'))?.unitCost).toBe(600);
    expect(costEntryOn(table, '904', isoToSerial('2026-01-15'))).toBeNull();
    expect(table.issues).toEqual([
      { kind: 'reversed', row: 2, optionId: '904' },
      { kind: 'invalid', row: 3, optionId: '905', column: 'unit_cost', value: '미정' },
      { kind: 'invalid', row: 5, optionId: '907', column: 'valid_from', value: 'x' },
      { kind: 'tie', rows: [0, 1], optionId: '903', from: 1 },
    ]);
    // A prefilled row (blank cost) is "not entered yet", not a mistake.
    expect(table.lastUsedRow).toBe(5);
    expect(serialToIso(isoToSerial('2026-02-01'))).toBe('2026-02-01');
  });
});
