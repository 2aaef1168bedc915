// The Fees formulas as LibreOffice evaluates them, in the file exactly as cjet writes it: every
// row's rule rate, effective commission and source, recalculated by LibreOffice (the workbook asks
// for a full recalculation on load), must equal the cached values the importer computed. A rule
// typed into the settings tab and an override typed on one row make all four sources appear.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as XLSX from '@e965/xlsx';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { columnIndex, FEES_TAB } from '../../src/core/model/tabs';
import { cjetImport, grid, monthFiles, readBook, tempDir, writeBook } from './helpers';
import { entryText, libreOfficeCsv, sheetParts, zipEntries } from './user-books';

const at = (key: string) => columnIndex(FEES_TAB, key);

let book: string;
/** The workbook after the second import: its Fees rows in two shared-formula groups, the second
 *  appended after the first one's compressed bytes. */
let appended: Uint8Array;

beforeAll(async () => {
  const dir = tempDir();
  const files = monthFiles(dir, 31, { reports: ['CATEGORY_TR'] });
  // 판매분석 (v1) rows carry no collected commission: without a rule their source is 'none'.
  const insights = monthFiles(dir, 32, { year: 2025, month: 2, reports: ['SELLER_INSIGHTS'] });
  book = join(dir, 'formulas.xlsx');
  expect((await cjetImport([...files, '--out', book])).code).toBe(0);
  expect((await cjetImport([...insights, '--out', book, '--period', '2025-02-01..2025-02-28'])).code).toBe(0);
  appended = new Uint8Array(readFileSync(book));
  // Another program types a category rule and an override …
  const wb = readBook(book);
  const fees = grid(wb, '수수료');
  const category = String(fees[3]?.[at('category')]?.v);
  const settings = grid(wb, '수수료 설정');
  settings[1]![0] = { t: 's', v: 'category' };
  settings[1]![1] = { t: 's', v: category };
  settings[1]![2] = { t: 'n', v: 9.5 };
  fees[1]![at('commission_override')] = { t: 'n', v: 777 };
  writeBook(book, wb);
  // … and the next import refreshes the cached values.
  expect((await cjetImport([...files, '--out', book])).code).toBe(0);
}, 180_000);

function expectEvaluatedAsCached(bytes: Uint8Array, sources: ReadonlySet<string>) {
  const wb = XLSX.read(bytes, { type: 'array', dense: true });
  const feesIndex = wb.SheetNames.indexOf('수수료') + 1;
  const evaluated = Papa.parse<string[]>(libreOfficeCsv(bytes, feesIndex), { skipEmptyLines: true }).data;
  const cached = wb.Sheets['수수료']!['!data'] as XLSX.CellObject[][];
  expect(evaluated.length).toBe(cached.length);
  const seen = new Set<string>();
  for (let r = 1; r < cached.length; r++) {
    const row = cached[r]!;
    const lo = evaluated[r]!;
    expect(lo[0], `row ${r + 1} key`).toBe(String(row[0]?.v));
    const source = lo[at('commission_source')]!;
    seen.add(source);
    expect(source, `row ${r + 1}`).toBe(String(row[at('commission_source')]?.v));
    // LibreOffice prints numbers as displayed: '#,##0' with thousands separators.
    expect(Number(lo[at('effective_commission')]!.replace(/,/g, '')), `row ${r + 1}`).toBe(
      row[at('effective_commission')]?.v,
    );
    const rate = lo[at('rule_rate')]!;
    const cachedRate = row[at('rule_rate')]?.v;
    expect(rate === '' ? '' : Number(rate), `row ${r + 1}`).toBe(cachedRate === undefined ? '' : cachedRate);
  }
  expect(seen).toEqual(sources);
}

describe('LibreOffice recalculates the Fees formulas cjet wrote', () => {
  it('to the cached values, for the override, rule, collected and none rows', () => {
    expectEvaluatedAsCached(
      new Uint8Array(readFileSync(book)),
      new Set(['override', 'rule', 'collected', 'none']),
    );
  });

  it('also in a sheet whose rows were appended as a second shared-formula group', () => {
    expect(entryText(zipEntries(appended).get(sheetParts(zipEntries(appended)).get('수수료')!)!)).toMatch(
      /<f t="shared" ref="Q\d+:Q\d+" si="3">/,
    );
    expectEvaluatedAsCached(appended, new Set(['collected', 'none']));
  });
});
