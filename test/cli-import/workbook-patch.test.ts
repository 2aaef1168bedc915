// Issue #8, case 6: "every import strips the user's workbook". A workbook kept by a person —
// decorated with exceljs, or saved again by LibreOffice — goes through a second `cjet import`
// (a new month: rows appended to every managed tab). The zip is compared entry by entry: every
// entry no managed tab owns must be the same stored (compressed) bytes, and the managed Orders tab
// must keep the user's note column with its formatting and width.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { constants, inflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { XlsxWorkbookPort } from '../../src/cli/workbook/xlsx-port';
import { COSTS_TAB } from '../../src/core/costs/table';
import { ALL_TABS, ORDERS_TAB, tabLabel } from '../../src/core/model/tabs';
import { COST_DAYS_TAB_DEF, PROFIT } from '../../src/core/summary/profit';
import { refreshSummaries } from '../../src/core/summary/refresh';
import { readSources } from '../../src/core/summary/sources';
import { HOLIDAYS_TAB, MONTH_CLOSE, PAYOUTS_TAB_DEF, TAX_INVOICES } from '../../src/core/summary/tabs';
import { cjetImport, monthFiles, summaryOf, tempDir } from './helpers';
import {
  decorateWithExceljs,
  entryText,
  NOTE_COLUMN,
  NOTES_SHEET,
  type RawEntry,
  resavedByLibreOffice,
  sheetParts,
  USER_NAME,
  zipEntries,
} from './user-books';

const REPORTS = ['CATEGORY_TR', 'WAREHOUSING_SHIPPING', 'STORAGE_FEE'] as const;
/** The tabs an import writes: the normalized tabs and the summary tabs it refreshes (month close,
 *  profit by option with the 원가 tab and its helper). */
const MANAGED = new Set(
  [
    ...ALL_TABS,
    MONTH_CLOSE.tab,
    TAX_INVOICES.tab,
    PAYOUTS_TAB_DEF,
    HOLIDAYS_TAB,
    PROFIT.tab,
    COSTS_TAB,
    COST_DAYS_TAB_DEF,
  ].map((t) => tabLabel(t, 'ko')),
);
/** Workbook-level parts an import may rewrite: the sheet list and names, their relationships, the
 *  content types, and styles.xml when a number format is missing. */
const WORKBOOK_PARTS = [
  'xl/workbook.xml',
  'xl/_rels/workbook.xml.rels',
  '[Content_Types].xml',
  'xl/styles.xml',
];

let dir: string;
let january: string[];
let february: string[];
let decorated: Uint8Array;

beforeAll(async () => {
  dir = tempDir();
  january = monthFiles(dir, 21, { reports: REPORTS });
  february = monthFiles(dir, 22, { year: 2025, month: 2, reports: REPORTS });
  const book = join(dir, 'cjet.xlsx');
  expect((await cjetImport([...january, '--out', book])).code).toBe(0);
  decorated = await decorateWithExceljs(new Uint8Array(readFileSync(book)));
});

const cellsOfColumn = (sheetXml: string, letters: string) =>
  new Map(
    [...sheetXml.matchAll(new RegExp(`<c r="${letters}(\\d+)"[^>]*?(?:/>|>[\\s\\S]*?</c>)`, 'g'))].map(
      (m) => [Number(m[1]), m[0]],
    ),
  );

const colsOf = (sheetXml: string) => /<cols>[\s\S]*?<\/cols>/.exec(sheetXml)?.[0] ?? '';
const tailOf = (sheetXml: string) => sheetXml.slice(sheetXml.indexOf('</sheetData>'));

function expectAppendOnlyStyles(before: string, after: string) {
  // Every block other than numFmts / cellXfs is unchanged; those two only gained entries at the end.
  const block = (xml: string, name: string) =>
    new RegExp(`<${name}\\b[^>]*>([\\s\\S]*?)</${name}>`).exec(xml)?.[1] ?? '';
  for (const name of ['fonts', 'fills', 'borders', 'cellStyleXfs', 'cellStyles', 'dxfs']) {
    expect(block(after, name), name).toBe(block(before, name));
  }
  for (const name of ['numFmts', 'cellXfs'])
    expect(block(after, name).startsWith(block(before, name)), name).toBe(true);
}

describe.each([
  ['exceljs', () => decorated],
  ['LibreOffice', () => resavedByLibreOffice(decorated)],
])('a second import into a workbook written by %s', (_writer, source) => {
  let before: Map<string, RawEntry>;
  let after: Map<string, RawEntry>;
  let book: string;

  beforeAll(async () => {
    book = join(dir, `${_writer}.xlsx`);
    const bytes = source();
    writeFileSync(book, bytes);
    before = zipEntries(bytes);
    const run = await cjetImport([...february, '--out', book, '--json']);
    expect(run.code).toBe(0);
    expect(summaryOf(run).summary.tabs.orders.inserted).toBeGreaterThan(0);
    after = zipEntries(readFileSync(book));
  }, 180_000);

  it('copies every entry no managed tab owns as the same stored bytes, still compressed', () => {
    const parts = sheetParts(before);
    const owned = new Set([
      ...WORKBOOK_PARTS,
      ...[...parts].filter(([name]) => MANAGED.has(name)).map(([, p]) => p),
    ]);
    // The fixture really holds what a person adds (else this test would prove nothing).
    const names = [...before.keys()];
    expect(names.some((n) => /^xl\/media\/image\d*\.png$/.test(n))).toBe(true);
    expect(names.some((n) => /^xl\/comments\d*\.xml$/.test(n))).toBe(true);
    expect(names.some((n) => /^xl\/drawings\/drawing\d*\.xml$/.test(n))).toBe(true);
    const notesXml = entryText(before.get(parts.get(NOTES_SHEET)!)!);
    expect(notesXml).toContain('<dataValidation');
    expect(notesXml).toContain('<conditionalFormatting');
    expect(notesXml).toMatch(/<col [^>]*width=/);

    let compared = 0;
    for (const [name, entry] of before) {
      if (owned.has(name)) continue;
      const copy = after.get(name);
      expect(copy, name).toBeDefined();
      expect(copy!.method, name).toBe(entry.method);
      expect(copy!.crc, name).toBe(entry.crc);
      expect(Buffer.compare(copy!.stored, entry.stored), name).toBe(0);
      if (entry.method === 8) compared++;
    }
    expect(compared).toBeGreaterThan(5);
    // Nothing new either: every tab existed already.
    expect([...after.keys()].filter((n) => !before.has(n))).toEqual([]);
  });

  it('keeps the workbook-level parts the user owns: sheet order, their names, styles (append only)', () => {
    const workbookBefore = entryText(before.get('xl/workbook.xml')!);
    const workbookAfter = entryText(after.get('xl/workbook.xml')!);
    const sheetList = (xml: string) => [...xml.matchAll(/<sheet\b[^>]*>/g)].map((m) => m[0]);
    expect(sheetList(workbookAfter)).toEqual(sheetList(workbookBefore));
    const userName = new RegExp(`<definedName[^>]*name="${USER_NAME}"[^>]*>[^<]*</definedName>`).exec(
      workbookBefore,
    )?.[0];
    expect(userName).toBeDefined();
    expect(workbookAfter).toContain(userName);
    expect(workbookAfter).toContain('fullCalcOnLoad="1"');
    expectAppendOnlyStyles(entryText(before.get('xl/styles.xml')!), entryText(after.get('xl/styles.xml')!));
  });

  it('keeps the note column of the Orders tab: each cell as it was (style included), its width', () => {
    const part = sheetParts(before).get(ORDERS_TAB.ko)!;
    const xmlBefore = entryText(before.get(part)!);
    const xmlAfter = entryText(after.get(part)!);
    const letters = String.fromCharCode(64 + NOTE_COLUMN - 26).padStart(2, 'A');
    const notesBefore = cellsOfColumn(xmlBefore, letters);
    const notesAfter = cellsOfColumn(xmlAfter, letters);
    expect(notesBefore.size).toBeGreaterThan(10);
    for (const [row, cell] of notesBefore) expect(notesAfter.get(row), `${letters}${row}`).toBe(cell);
    expect(colsOf(xmlAfter)).toBe(colsOf(xmlBefore));
    // Rows were appended under the table, and the sheet's tail (views aside) is the user's.
    expect((xmlAfter.match(/<row /g) ?? []).length).toBeGreaterThan((xmlBefore.match(/<row /g) ?? []).length);
    expect(tailOf(xmlAfter)).toBe(tailOf(xmlBefore));
  });

  it('writes only the rows it imports: the rows already in the Orders tab keep their bytes (case 11)', () => {
    const part = sheetParts(before).get(ORDERS_TAB.ko)!;
    const rows = (xml: string) => [...xml.matchAll(/<row [^>]*>[\s\S]*?<\/row>/g)].map((m) => m[0]);
    const was = rows(entryText(before.get(part)!));
    const now = rows(entryText(after.get(part)!));
    expect(now.length).toBeGreaterThan(was.length);
    expect(now.slice(0, was.length)).toEqual(was);
  });

  it('opens in exceljs with the image, the note, the validation, the formatting and the name', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(book) as unknown as ExcelJS.Buffer);
    const notes = wb.getWorksheet(NOTES_SHEET)!;
    expect(notes.getImages()).toHaveLength(1);
    const note = notes.getCell('A2').note;
    // LibreOffice splits the note into runs by font.
    const text = typeof note === 'string' ? note : (note?.texts ?? []).map((t) => t.text).join('');
    expect(text).toBe('1월 광고비 메모');
    expect(notes.getCell('C2').dataValidation?.type).toBe('list');
    expect(notes.getCell('A1').font?.bold).toBe(true);
    expect(notes.getColumn(1).width).toBeCloseTo(30, 0);
    expect(wb.definedNames.getRanges(USER_NAME).ranges.length).toBe(1);
    const orders = wb.getWorksheet(ORDERS_TAB.ko)!;
    expect(orders.getColumn(NOTE_COLUMN).width).toBeCloseTo(40, 0);
    const value = orders.getCell(2, NOTE_COLUMN).value;
    const plain =
      value && typeof value === 'object' && 'richText' in value
        ? value.richText.map((r) => r.text).join('')
        : value;
    expect(plain).toBe('확인 2');
    expect(orders.getCell(1, NOTE_COLUMN).font?.bold).toBe(true);
  });
});

describe('a workbook cjet wrote, imported into month after month', () => {
  it('keeps the compressed bytes of the rows already there: only the appended rows are compressed', async () => {
    const book = join(dir, 'monthly.xlsx');
    expect((await cjetImport([...january, '--out', book])).code).toBe(0);
    const march = monthFiles(dir, 23, { year: 2025, month: 3, reports: REPORTS });
    let before = zipEntries(readFileSync(book));
    for (const month of [february, march]) {
      const run = await cjetImport([...month, '--out', book, '--json']);
      expect(run.code).toBe(0);
      const after = zipEntries(readFileSync(book));
      const parts = sheetParts(after);
      for (const tab of [ORDERS_TAB.ko, '수수료', '풀필먼트비용']) {
        const old = before.get(parts.get(tab)!)!;
        const now = after.get(parts.get(tab)!)!;
        // The old entry, up to its last bytes (the compressed `</sheetData>…`), starts the new one.
        const kept = old.stored.length - 256;
        expect(kept, tab).toBeGreaterThan(1000);
        expect(Buffer.compare(now.stored.subarray(0, kept), old.stored.subarray(0, kept)), tab).toBe(0);
        expect(now.stored.length, tab).toBeGreaterThan(old.stored.length);
        // And it reads as the old rows followed by the new ones.
        const rowsOf = (entry: RawEntry) => (entryText(entry).match(/<row /g) ?? []).length;
        expect(rowsOf(now), tab).toBeGreaterThan(rowsOf(old));
      }
      before = after;
    }
  });
});

describe('the summary tabs, month after month (cost follows the rows imported)', () => {
  const profitTab = tabLabel(PROFIT.tab, 'ko');
  /** `<row>` elements of a sheet by row number. */
  const rowsByNumber = (xml: string) =>
    new Map([...xml.matchAll(/<row r="(\d+)"[\s\S]*?<\/row>/g)].map((m) => [Number(m[1]), m[0]]));
  const commonPrefix = (a: Buffer, b: Buffer) => {
    let n = 0;
    while (n < a.length && n < b.length && a[n] === b[n]) n++;
    return n;
  };

  /** A book holding January, and its 옵션별 손익 sheet: zip entries, part name, XML and rows. */
  const januaryBook = async (name: string) => {
    const book = join(dir, name);
    expect((await cjetImport([...january, '--out', book])).code).toBe(0);
    const files = unzipSync(readFileSync(book));
    const part = sheetParts(zipEntries(readFileSync(book))).get(profitTab)!;
    const xml = strFromU8(files[part]!);
    return { book, files, part, xml, rows: rowsByNumber(xml) };
  };

  it('leaves an earlier month’s rows as they are and keeps the compressed sheet up to them', async () => {
    const book = join(dir, 'summary-months.xlsx');
    // Nine months already closed (a sheet of more than a MiB), then the tenth.
    const history = monthFiles(dir, 26, { year: 2025, month: 1, months: 9, reports: REPORTS });
    expect((await cjetImport([...history, '--out', book])).code).toBe(0);
    const before = zipEntries(readFileSync(book));
    const part = sheetParts(before).get(profitTab)!;
    const old = before.get(part)!;
    const oldRows = rowsByNumber(entryText(old));
    // The data rows before the total row (its label in column A) are the months already closed.
    const firstTotal = Math.min(
      ...[...oldRows]
        .filter(([r, xml]) =>
          new RegExp(`^<row r="${r}"><c r="A${r}"[^>]*><is><t>${PROFIT.def.totalLabel.ko}<`).test(xml),
        )
        .map(([r]) => r),
    );
    expect(firstTotal).toBeGreaterThan(180);

    const october = monthFiles(dir, 27, { year: 2025, month: 10, reports: REPORTS });
    expect((await cjetImport([...october, '--out', book])).code).toBe(0);
    const now = zipEntries(readFileSync(book)).get(part)!;
    const newRows = rowsByNumber(entryText(now));
    expect(firstTotal).toBeLessThan(oldRows.size + 1);
    const changed = [];
    for (let r = 2; r < firstTotal; r++) if (newRows.get(r) !== oldRows.get(r)) changed.push(r);
    expect(changed).toEqual([]);
    expect(newRows.size).toBeGreaterThan(oldRows.size);
    // The sheet is flushed every MiB of XML: the compressed bytes the two parts share hold at least
    // the first MiB of it, which the save did not compress again.
    expect(entryText(old).length).toBeGreaterThan(1 << 20);
    const shared = now.stored.subarray(0, commonPrefix(old.stored, now.stored));
    const held = inflateRawSync(shared, { finishFlush: constants.Z_SYNC_FLUSH });
    expect(held.length).toBeGreaterThanOrEqual(1 << 20);
    expect(entryText(now).startsWith(held.toString('utf8'))).toBe(true);

    // A refresh that changes nothing: the tab's text stays the same, and the save compresses again
    // only what follows the last flush before the total row (not the sheet: that would be 'rewritten').
    const port = await XlsxWorkbookPort.load(new Uint8Array(readFileSync(book)), 'ko');
    refreshSummaries(port, { sources: readSources(port), importId: 'again' });
    const again = zipEntries(await port.save()).get(part)!;
    expect(entryText(again)).toBe(entryText(now));
    const profit = port.saveReport.find((w) => w.sheet === profitTab)!;
    expect(profit.how).toBe('kept');
    expect(profit.keptBytes).toBeGreaterThanOrEqual(1 << 20);
    expect(profit.keptBytes + profit.compressedBytes).toBe(Buffer.byteLength(entryText(again)));
    expect(profit.compressedBytes).toBeLessThan((1 << 20) + 256 * 1024);
  });

  it('keeps the formatting a person gave an unchanged row, and rewrites rows whose formula is not its own', async () => {
    const { book, files, part, xml } = await januaryBook('summary-formatted.xlsx');
    const e2 = /<c r="E2" s="(\d+)"/.exec(xml)!;
    const other = e2[1] === '0' ? '1' : '0';
    const styled = xml.replace(e2[0], `<c r="E2" s="${other}"`);
    // A copy whose row 2 holds a formula of another release (its cached value unchanged).
    const f2 = /(<c r="F2"[^>]*><f>)([^<]*)(<\/f>)/.exec(xml)!;
    const foreign = styled.replace(f2[0], `${f2[1]}${f2[2]}+0${f2[3]}`);

    files[part] = strToU8(styled);
    writeFileSync(book, zipSync(files));
    expect((await cjetImport([...february, '--out', book])).code).toBe(0);
    let after = entryText(zipEntries(readFileSync(book)).get(part)!);
    expect(/<c r="E2" s="(\d+)"/.exec(after)![1]).toBe(other);

    files[part] = strToU8(foreign);
    writeFileSync(book, zipSync(files));
    expect((await cjetImport([...february, '--out', book])).code).toBe(0);
    after = entryText(zipEntries(readFileSync(book)).get(part)!);
    expect(/<c r="F2"[^>]*><f>([^<]*)<\/f>/.exec(after)![1]).toBe(f2[2]);
    expect(/<c r="E2" s="(\d+)"/.exec(after)![1]).toBe(e2[1]);
  });
  it('checks the formulas of each row shape: a 미배정 row of another release is written again', async () => {
    const { book, files, part, xml, rows } = await januaryBook('summary-shapes.xlsx');
    const isUnassigned = (row: string) => /<c r="B\d+"[^>]*><is><t>미배정</.test(row);
    const unassigned = [...rows].filter(([r, row]) => r > 2 && isUnassigned(row)).map(([r]) => r);
    const options = [...rows].filter(([r, row]) => r > 1 && !isUnassigned(row) && /<f>/.test(row));
    expect(unassigned.length).toBeGreaterThan(0);
    expect(isUnassigned(rows.get(2)!)).toBe(false);
    // The 검증 column (P): the month-partition check is written on the 미배정 rows only.
    const check = (r: number) => new RegExp(`<c r="P${r}"[^>]*><f>([^<]*)</f>`).exec(rows.get(r)!)![1]!;
    const partition = (r: number) => check(r).includes(`SUMIFS($E:$E,$A:$A,$A${r})`);
    expect(unassigned.every(partition)).toBe(true);
    expect(options.some(([r]) => partition(r))).toBe(false);

    // The first 미배정 row holds a 검증 formula of another release (its cached value unchanged);
    // row 2, an option row, is this release's.
    const r = unassigned[0]!;
    const foreign = xml.replace(`${check(r)}</f>`, `${check(r)}&amp;""</f>`);
    expect(foreign).not.toBe(xml);
    files[part] = strToU8(foreign);
    writeFileSync(book, zipSync(files));
    expect((await cjetImport([...february, '--out', book])).code).toBe(0);
    const after = rowsByNumber(entryText(zipEntries(readFileSync(book)).get(part)!));
    expect(new RegExp(`<c r="P${r}"[^>]*><f>([^<]*)</f>`).exec(after.get(r)!)![1]).toBe(check(r));
  });
  it('rewrites every row when another program moved rows without adjusting their formulas', async () => {
    const { book, files, part, xml, rows } = await januaryBook('summary-swapped.xlsx');
    // Rows 2 and 3 trade places the naive way: cell references renumbered, formulas left as they were
    // (row 2 now holds formulas that read row 3).
    const renumber = (row: string, from: number, to: number) =>
      row
        .replace(`<row r="${from}"`, `<row r="${to}"`)
        .replace(new RegExp(`(<c r="[A-Z]+)${from}"`, 'g'), `$1${to}"`);
    const swapped = xml
      .replace(rows.get(2)!, '\u0000')
      .replace(rows.get(3)!, renumber(rows.get(2)!, 2, 3))
      .replace('\u0000', renumber(rows.get(3)!, 3, 2));
    expect(/<c r="E2"[^>]*><f>[^<]*\$A3\b/.test(swapped)).toBe(true);
    files[part] = strToU8(swapped);
    writeFileSync(book, zipSync(files));

    expect((await cjetImport([...february, '--out', book])).code).toBe(0);
    const after = rowsByNumber(entryText(zipEntries(readFileSync(book)).get(part)!));
    // Every data row's formulas read its own row again (checked on the 공급대가 column F).
    for (const [r, row] of after) {
      const formula = new RegExp(`<c r="F${r}"[^>]*><f>([^<]*)</f>`).exec(row)?.[1];
      if (formula === undefined || r === 1) continue;
      const refs = [...formula.matchAll(/\$A(\d+)\b/g)].map((m) => Number(m[1]));
      expect(new Set(refs), `row ${r}`).toEqual(new Set(refs.length > 0 ? [r] : []));
    }
  });
});

describe('a managed sheet another program saved without a sheet view', () => {
  it('gets its header row frozen again, and the import after that appends', async () => {
    const book = join(dir, 'no-view.xlsx');
    expect((await cjetImport([...january, '--out', book])).code).toBe(0);
    const files = unzipSync(readFileSync(book));
    const part = sheetParts(zipEntries(readFileSync(book))).get(ORDERS_TAB.ko)!;
    const xml = strFromU8(files[part]!).replace(/<sheetViews>[\s\S]*?<\/sheetViews>/, '');
    expect(xml).not.toContain('<pane');
    files[part] = strToU8(xml);
    writeFileSync(book, zipSync(files));

    expect((await cjetImport([...february, '--out', book])).code).toBe(0);
    const frozen = entryText(zipEntries(readFileSync(book)).get(part)!);
    expect(frozen).toMatch(
      /<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" [^>]*state="frozen"\/>/,
    );
    expect(frozen.indexOf('<sheetViews>')).toBeLessThan(frozen.indexOf('<sheetData>'));

    const before = zipEntries(readFileSync(book)).get(part)!;
    const march = monthFiles(dir, 24, { year: 2025, month: 3, reports: REPORTS });
    expect((await cjetImport([...march, '--out', book])).code).toBe(0);
    const after = zipEntries(readFileSync(book)).get(part)!;
    const kept = before.stored.length - 256;
    expect(Buffer.compare(after.stored.subarray(0, kept), before.stored.subarray(0, kept))).toBe(0);
  });
});
