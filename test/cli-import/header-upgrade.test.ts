// Schema versions on .xlsx (matchHeader): a table of an older version gets the missing columns
// inserted right after the ones it has, the user's columns moving right intact (values, styles,
// widths, their conditional formatting); a header in another language or with a former label is
// relabelled in the import's language. A made-up version 2 of the Orders tab stands in for #10's.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as XLSX from '@e965/xlsx';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { XlsxWorkbookPort } from '../../src/cli/workbook/xlsx-port';
import { type ColumnDef, columnLetter, headerRow, ORDERS_TAB, type TabDef } from '../../src/core/model/tabs';
import { cjetImport, monthFiles, tempDir } from './helpers';
import { entryText, sheetParts, zipEntries } from './user-books';

const V1 = ORDERS_TAB.columns.length;
const ORDERS_V2: TabDef = {
  ...ORDERS_TAB,
  columns: [
    ...ORDERS_TAB.columns,
    { key: 'promo_code', ko: '프로모션 코드', en: 'Promo code', type: 'text', since: 2 },
    { key: 'net_after_promo', ko: '프로모션 후 금액', en: 'Net after promo', type: 'money', since: 2 },
  ],
};
const NOTE = V1 + 1; // the user's column, 1-based, right of the version 1 table

let dir: string;
let cjetBook: Uint8Array;

beforeAll(async () => {
  dir = tempDir();
  const files = monthFiles(dir, 71, { reports: ['CATEGORY_TR'] });
  const path = join(dir, 'v1.xlsx');
  expect((await cjetImport([...files, '--out', path])).code).toBe(0);
  cjetBook = new Uint8Array(readFileSync(path));
});

async function withNoteColumn(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(cjetBook) as unknown as ExcelJS.Buffer);
  const orders = wb.getWorksheet(ORDERS_TAB.ko)!;
  orders.getCell(1, NOTE).value = '내 메모';
  orders.getColumn(NOTE).width = 40;
  for (let r = 2; r <= orders.rowCount; r++) {
    orders.getCell(r, NOTE).value = `확인 ${r}`;
    orders.getCell(r, NOTE).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
  }
  const letter = columnLetter(NOTE);
  orders.addConditionalFormatting({
    ref: `${letter}2:${letter}500`,
    rules: [
      {
        type: 'containsText',
        operator: 'containsText',
        text: '확인',
        priority: 1,
        style: { font: { bold: true } },
      },
    ],
  });
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

const sheetXml = (bytes: Uint8Array, name: string) => {
  const entries = zipEntries(bytes);
  return entryText(entries.get(sheetParts(entries).get(name)!)!);
};

describe('an Orders tab of schema version 1 meets version 2', () => {
  let before: string;
  let after: string;
  let saved: Uint8Array;

  beforeAll(async () => {
    const book = await withNoteColumn();
    before = sheetXml(book, ORDERS_TAB.ko);
    const port = await XlsxWorkbookPort.load(book, 'ko');
    expect(port.ensureTab(ORDERS_V2)).toBe(true);
    const table = port.read(ORDERS_V2);
    expect(table.header.slice(0, ORDERS_V2.columns.length)).toEqual(headerRow(ORDERS_V2, 'ko'));
    expect(table.header[ORDERS_V2.columns.length]).toBe('내 메모');
    expect(table.rows[0]![V1]).toBeNull();
    expect(table.rows[0]![ORDERS_V2.columns.length]).toBe('확인 2');
    // One row written with the new columns, as an import of version 2 would.
    const row = [...table.rows[0]!.slice(0, V1), 'SPRING', 12345];
    port.writeRows(ORDERS_V2, 0, [row]);
    saved = await port.save();
    after = sheetXml(saved, ORDERS_TAB.ko);
  });

  it('inserts the new columns after the old ones and labels them', () => {
    const wb = XLSX.read(saved, { type: 'array', dense: true });
    const rows = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[ORDERS_TAB.ko]!, { header: 1, defval: null });
    expect(rows[0]!.slice(V1, V1 + 3)).toEqual(['프로모션 코드', '프로모션 후 금액', '내 메모']);
    expect(rows[1]!.slice(V1, V1 + 3)).toEqual(['SPRING', 12345, '확인 2']);
    expect(rows[2]!.slice(V1, V1 + 3)).toEqual([null, null, '확인 3']);
  });

  it('moves every cell of the user column two columns right, each with its own style', () => {
    const from = columnLetter(NOTE);
    const to = columnLetter(NOTE + 2);
    const cells = (xml: string, letters: string) =>
      [...xml.matchAll(new RegExp(`<c r="${letters}(\\d+)"([^>]*?)(/>|>[\\s\\S]*?</c>)`, 'g'))].map((m) => ({
        row: m[1],
        rest: m[2]!.replace(/\s*r="[^"]*"/, '') + m[3],
      }));
    const was = cells(before, from);
    expect(was.length).toBeGreaterThan(10);
    expect(cells(after, to)).toEqual(was);
  });

  it('moves the width and the conditional formatting of the user column with it', () => {
    const widthOf = (xml: string, column: number) =>
      [...xml.matchAll(/<col [^>]*>/g)]
        .map((m) => m[0])
        .find(
          (tag) =>
            Number(/min="(\d+)"/.exec(tag)?.[1]) <= column && Number(/max="(\d+)"/.exec(tag)?.[1]) >= column,
        );
    expect(widthOf(before, NOTE)).toMatch(/width="40"/);
    expect(widthOf(after, NOTE + 2)).toMatch(/width="40"/);
    expect(after).toContain(`sqref="${columnLetter(NOTE + 2)}2:${columnLetter(NOTE + 2)}500"`);
  });
});

describe('a header in another language, or with a former label', () => {
  it('is relabelled in the import language; the rows under it are not rewritten', async () => {
    const files = monthFiles(dir, 72, { reports: ['CATEGORY_TR'] });
    const path = join(dir, 'english.xlsx');
    expect((await cjetImport([...files, '--out', path, '--lang', 'en'])).code).toBe(0);
    const english = new Uint8Array(readFileSync(path));
    const port = await XlsxWorkbookPort.load(english, 'ko');
    expect(port.ensureTab(ORDERS_TAB)).toBe(true);
    const saved = await port.save();
    const rows = XLSX.utils.sheet_to_json<unknown[]>(
      XLSX.read(saved, { type: 'array' }).Sheets[ORDERS_TAB.en]!,
      { header: 1 },
    );
    expect(rows[0]).toEqual(headerRow(ORDERS_TAB, 'ko'));
    const data = (xml: string) => xml.slice(xml.indexOf('<row r="2"'), xml.indexOf('</sheetData>'));
    expect(data(sheetXml(saved, ORDERS_TAB.en))).toBe(data(sheetXml(english, ORDERS_TAB.en)));
  });

  it('a column that says a former label is recognised and given its current label', async () => {
    const renamed: ColumnDef = { ...ORDERS_TAB.columns[5]!, ko: '거래 종류', former: ['거래유형'] };
    const tab: TabDef = { ...ORDERS_TAB, columns: ORDERS_TAB.columns.map((c, i) => (i === 5 ? renamed : c)) };
    const port = await XlsxWorkbookPort.load(cjetBook, 'ko');
    expect(port.ensureTab(tab)).toBe(true);
    const rows = XLSX.utils.sheet_to_json<unknown[]>(
      XLSX.read(await port.save(), { type: 'array' }).Sheets[ORDERS_TAB.ko]!,
      { header: 1 },
    );
    expect(rows[0]![5]).toBe('거래 종류');
  });
});
