// Issue #8, case 5: "a renamed tab duplicates everything". Managed tabs are found by their header
// first, by the marker cjet_<tab> second; two sheets that both carry a tab's header make the import
// refuse with nothing written.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as XLSX from '@e965/xlsx';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { locateTabs } from '../../src/cli/workbook/identity';
import { FEES_TAB, headerRow, ORDERS_TAB, type TabDef } from '../../src/core/model/tabs';
import { cjetImport, monthFiles, readBook, summaryOf, tempDir } from './helpers';
import { entryText, zipEntries } from './user-books';

let dir: string;
let january: string[];
let original: Uint8Array;
let orderLines: number;

beforeAll(async () => {
  dir = tempDir();
  january = monthFiles(dir, 41, { reports: ['CATEGORY_TR'] });
  const book = join(dir, 'base.xlsx');
  const run = await cjetImport([...january, '--out', book, '--json']);
  expect(run.code).toBe(0);
  orderLines = summaryOf(run).summary.tabs.orders.inserted!;
  original = new Uint8Array(readFileSync(book));
});

async function withExceljs(edit: (wb: ExcelJS.Workbook) => void, name: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(original) as unknown as ExcelJS.Buffer);
  edit(wb);
  const path = join(dir, name);
  writeFileSync(path, Buffer.from(await wb.xlsx.writeBuffer()));
  return path;
}

const markerOf = (path: string, id: string) =>
  new RegExp(`<definedName name="cjet_${id}"[^>]*>([^<]*)</definedName>`)
    .exec(entryText(zipEntries(readFileSync(path)).get('xl/workbook.xml')!))?.[1]
    ?.replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

describe('a tab renamed in another program is still the tab', () => {
  it('exceljs: renamed 주문 → 2025 판매; its marker still names 주문; the re-import adds nothing', async () => {
    const book = await withExceljs((wb) => {
      wb.getWorksheet(ORDERS_TAB.ko)!.name = '2025 판매';
    }, 'renamed-exceljs.xlsx');
    // The premise of the case: exceljs leaves the marker on the old name.
    expect(markerOf(book, 'orders')).toMatch(/^'?주문'?!/);

    const run = await cjetImport([...january, '--out', book, '--json']);
    expect(run.code).toBe(0);
    const orders = summaryOf(run).summary.tabs.orders;
    expect(orders).toMatchObject({ inserted: 0, updated: 0, removed: 0, unchanged: orderLines });
    const wb = readBook(book);
    expect(wb.SheetNames).not.toContain(ORDERS_TAB.ko);
    expect(wb.SheetNames.filter((n) => n === '2025 판매')).toHaveLength(1);
    expect(XLSX.utils.sheet_to_json(wb.Sheets['2025 판매']!, { header: 1 })).toHaveLength(orderLines + 1);
    // The import points the marker at the sheet's name now.
    expect(markerOf(book, 'orders')).toMatch(/^'2025 판매'!/);
  });

  it('SheetJS: renamed 수수료 → Fees 2025, the names left as they were; the re-import adds nothing', async () => {
    const wb = XLSX.read(original, { type: 'array', cellFormula: true, cellNF: true });
    const at = wb.SheetNames.indexOf(FEES_TAB.ko);
    wb.SheetNames[at] = 'Fees 2025';
    wb.Sheets['Fees 2025'] = wb.Sheets[FEES_TAB.ko]!;
    delete wb.Sheets[FEES_TAB.ko];
    const book = join(dir, 'renamed-sheetjs.xlsx');
    writeFileSync(book, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer);

    const run = await cjetImport([...january, '--out', book, '--json']);
    expect(run.code).toBe(0);
    expect(summaryOf(run).summary.tabs.fees).toMatchObject({ inserted: 0, removed: 0 });
    expect(readBook(book).SheetNames).not.toContain(FEES_TAB.ko);
  });
});

describe('two sheets that claim one tab', () => {
  it('refuse the import in one line (Korean, English) naming both, and the workbook stays as it was', async () => {
    const book = await withExceljs((wb) => {
      const orders = wb.getWorksheet(ORDERS_TAB.ko)!;
      const copy = wb.addWorksheet('주문 사본');
      orders.eachRow((row, r) => {
        copy.getRow(r).values = row.values as ExcelJS.CellValue[];
      });
    }, 'copied.xlsx');
    const before = readFileSync(book);

    const run = await cjetImport([...january, '--out', book]);
    expect(run.code).toBe(2);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^시트 .*'주문'.*'주문 사본'.* \/ sheets .*'주문'.*'주문 사본'/);
    expect(run.stderr).not.toMatch(/\bat \w+ \(/); // no stack trace
    expect(Buffer.compare(readFileSync(book), before)).toBe(0);
  });

  it('a damaged header on the tab the marker names: refused, not written as a second copy', async () => {
    const book = await withExceljs((wb) => {
      wb.getWorksheet(ORDERS_TAB.ko)!.getCell('A1').value = '내 열';
    }, 'damaged-header.xlsx');
    const before = readFileSync(book);
    const run = await cjetImport([...january, '--out', book]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('주문');
    expect(Buffer.compare(readFileSync(book), before)).toBe(0);
  });
});

describe('locateTabs', () => {
  const sheet = (name: string, tab: TabDef, lang: 'ko' | 'en', extra: string[] = []) => ({
    name,
    header: [...headerRow(tab, lang), ...extra],
  });

  it('finds a tab by its header in either language, whatever the sheet is called', () => {
    const found = locateTabs(
      [ORDERS_TAB, FEES_TAB],
      [sheet('Sales', ORDERS_TAB, 'en', ['my note']), sheet('x', FEES_TAB, 'ko')],
      new Map([['cjet_orders', '주문']]),
      'ko',
    );
    expect(Object.fromEntries(found)).toEqual({ orders: 'Sales', fees: 'x' });
  });

  it('falls back to the marker, then the label, for a sheet whose header no longer matches', () => {
    const broken = { name: 'Renamed', header: ['?'] };
    expect(
      locateTabs([ORDERS_TAB], [broken], new Map([['cjet_orders', 'Renamed']]), 'ko').get('orders'),
    ).toBe('Renamed');
    expect(locateTabs([ORDERS_TAB], [{ name: 'orders', header: [] }], new Map(), 'ko').get('orders')).toBe(
      'orders',
    );
    expect(locateTabs([ORDERS_TAB], [{ name: 'Other', header: [] }], new Map(), 'ko').has('orders')).toBe(
      false,
    );
  });

  it('does not hand a sheet whose header is another tab’s to a tab named like it', () => {
    const found = locateTabs([ORDERS_TAB, FEES_TAB], [sheet(ORDERS_TAB.ko, FEES_TAB, 'ko')], new Map(), 'ko');
    expect(Object.fromEntries(found)).toEqual({ fees: ORDERS_TAB.ko });
  });
});
