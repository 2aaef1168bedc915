// The views on the bundled samples (`npm start`: the examples folder, January 2025) and on generated
// files of two sellers over two months: `cjet import` writes the workbook, HyperFormula evaluates its
// tabs (the expected side); the same inputs exported — from the workbook, and straight from the
// downloads — and loaded give views equal to those tabs, per seller.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateMonth } from '../fixtures/generate';
import { SETTLEMENT_REPORTS } from '../fixtures/settlement';
import { cjet, query, runLoad, tempDir, writeFiles } from './helpers';
import { datasetFigures, evaluateBook, expectViewsEqualTabs } from './tabs';

const EXAMPLES = resolve(import.meta.dirname, '../../examples');
const SETTLEMENT = SETTLEMENT_REPORTS;

let dir: string;

beforeAll(() => {
  dir = tempDir();
});

async function importBook(inputs: string[], name: string, extra: string[] = []): Promise<string> {
  const book = join(dir, name);
  const run = await cjet(['import', ...inputs, ...extra, '--out', book]);
  expect(run.code).toBe(0);
  return book;
}

async function vendorsOf(db: string): Promise<string[]> {
  const rows = await query(db, "SELECT DISTINCT COALESCE(vendor_id, '') AS v FROM cjet.orders ORDER BY 1");
  return rows.map((r) => String(r.v));
}

describe('the bundled samples (npm start)', () => {
  const samples = () =>
    readdirSync(EXAMPLES)
      .filter((f) => /\.(xlsx|csv)$/.test(f))
      .map((f) => join(EXAMPLES, f));
  const period = ['--period', '2025-01-01..2025-01-31'];

  it('exported from the workbook and from the downloads, the views equal the tabs', async () => {
    const book = await importBook(samples(), 'samples.xlsx', period);
    const values = evaluateBook(readFileSync(book));
    for (const [db, inputs] of [
      ['samples-book', [book]],
      ['samples-downloads', [...samples(), ...period]],
    ] as const) {
      const out = join(dir, db);
      const run = await cjet(['export', ...inputs, '--bigquery', out]);
      expect(run.code).toBe(0);
      const load = await runLoad(out, db);
      expect(load.stderr).toBe('');
      expect(load.code).toBe(0);
      const vendors = await vendorsOf(db);
      expect(vendors).toEqual(['A00012345']);
      const compared = await expectViewsEqualTabs(db, values, vendors[0]);
      expect(compared.find((c) => c.view === 'v_month_close')?.sums.gross_sales).toBeGreaterThan(0);
    }
    expect(await datasetFigures('samples-downloads')).toEqual(await datasetFigures('samples-book'));
  }, 300_000);
});

describe('generated files: two sellers, two months', () => {
  it('each seller’s workbook gives its rows of the shared dataset; a second load changes nothing', async () => {
    const db = 'generated';
    const books: { vendor: string; values: ReturnType<typeof evaluateBook> }[] = [];
    for (const [seed, vendor] of [
      [707, 'A00077777'],
      [808, 'A00088888'],
    ] as const) {
      const month = generateMonth(seed, {
        months: 2,
        reports: SETTLEMENT,
        vendorId: vendor,
        ordersPerPeriod: 120,
      });
      const paths = writeFiles(dir, month.files);
      const book = await importBook(paths, `${vendor}.xlsx`);
      books.push({ vendor, values: evaluateBook(readFileSync(book)) });
      const out = join(dir, `bq-${vendor}`);
      expect((await cjet(['export', book, '--bigquery', out])).code).toBe(0);
      expect((await runLoad(out, db)).code).toBe(0);
    }
    expect(await vendorsOf(db)).toEqual(['A00077777', 'A00088888']);
    for (const { vendor, values } of books) await expectViewsEqualTabs(db, values, vendor);
    const before = await datasetFigures(db);
    expect((await runLoad(join(dir, `bq-${books[0]!.vendor}`), db)).code).toBe(0);
    expect(await datasetFigures(db)).toEqual(before);
  }, 600_000);
});
