/**
 * Workbooks as a person keeps them, written by other programs: a cjet workbook opened and decorated
 * with exceljs (a notes sheet with a bold, filled header, column widths, data validation, conditional
 * formatting, an image, a cell note and a defined name; a formatted note column right of the Orders
 * table), and the same workbook saved again by LibreOffice. Plus a zip reader of its own (central
 * directory → each entry's stored bytes), independent of the library the port uses.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import ExcelJS from 'exceljs';
import { inflateSync } from 'fflate';
import { ORDERS_TAB } from '../../src/core/model/tabs';

/** A 2×2 PNG (red), as any image a seller pastes. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP4z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==',
  'base64',
);

export const NOTES_SHEET = '메모';
export const USER_NAME = 'MyCosts';
/** The note column right of the Orders table (1-based). */
export const NOTE_COLUMN = ORDERS_TAB.columns.length + 1;

/** Decorates a cjet workbook the way a seller would, with exceljs; returns the written bytes. */
export async function decorateWithExceljs(cjetBook: Uint8Array): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(cjetBook) as unknown as ExcelJS.Buffer);
  const notes = wb.addWorksheet(NOTES_SHEET);
  notes.getRow(1).values = ['항목', '금액', '상태'];
  notes.getRow(1).font = { bold: true };
  notes.getRow(1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFF00' } };
  notes.getColumn(1).width = 30;
  notes.getColumn(2).width = 18;
  notes.getCell('A2').value = '광고비';
  notes.getCell('B2').value = 120000;
  notes.getCell('A2').note = '1월 광고비 메모';
  notes.getCell('C2').dataValidation = { type: 'list', allowBlank: true, formulae: ['"확인,보류"'] };
  notes.addConditionalFormatting({
    ref: 'B2:B20',
    rules: [
      {
        type: 'cellIs',
        operator: 'greaterThan',
        priority: 1,
        formulae: [100000],
        style: { fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: 'FFFFC7CE' } } },
      },
    ],
  });
  notes.addImage(wb.addImage({ buffer: PNG as unknown as ExcelJS.Buffer, extension: 'png' }), 'D2:E4');
  wb.definedNames.add(`'${NOTES_SHEET}'!$B$2:$B$20`, USER_NAME);

  const orders = wb.getWorksheet(ORDERS_TAB.ko);
  if (!orders) throw new Error('no Orders sheet');
  const header = orders.getCell(1, NOTE_COLUMN);
  header.value = '내 메모';
  header.font = { bold: true };
  orders.getColumn(NOTE_COLUMN).width = 40;
  for (let r = 2; r <= orders.rowCount; r++) {
    const cell = orders.getCell(r, NOTE_COLUMN);
    cell.value = `확인 ${r}`;
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** The workbook opened and saved again by LibreOffice (headless, its own profile). */
export function resavedByLibreOffice(bytes: Uint8Array): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), 'cjet-lo-'));
  const source = join(dir, 'book.xlsx');
  writeFileSync(source, bytes);
  const out = join(dir, 'out');
  execFileSync(
    'soffice',
    [
      `-env:UserInstallation=file://${join(dir, 'profile')}`,
      '--headless',
      '--convert-to',
      'xlsx',
      '--outdir',
      out,
      source,
    ],
    { stdio: 'ignore', timeout: 120_000 },
  );
  return new Uint8Array(readFileSync(join(out, basename(source))));
}

/** LibreOffice's reading of a workbook, one sheet as CSV (it recalculates formulas on load). */
export function libreOfficeCsv(bytes: Uint8Array, sheetIndex: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'cjet-lo-'));
  const source = join(dir, 'book.xlsx');
  writeFileSync(source, bytes);
  const out = join(dir, 'out');
  // Filter options: comma, double quote, UTF-8 (76), first line 1, …, sheet number.
  execFileSync(
    'soffice',
    [
      `-env:UserInstallation=file://${join(dir, 'profile')}`,
      '--headless',
      '--convert-to',
      `csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,${sheetIndex}`,
      '--outdir',
      out,
      source,
    ],
    { stdio: 'ignore', timeout: 120_000 },
  );
  const name = readdirSync(out).find((n) => n.endsWith('.csv'));
  if (!name) throw new Error('LibreOffice wrote no CSV');
  return readFileSync(join(out, name), 'utf8');
}

export interface RawEntry {
  name: string;
  method: number;
  crc: number;
  /** The entry's data as stored in the zip (still compressed). */
  stored: Buffer;
}

/** Every entry of a zip by its central directory (APPNOTE 4.3.12 / 4.3.7), read by hand. */
export function zipEntries(bytes: Uint8Array): Map<string, RawEntry> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error('no end of central directory');
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const entries = new Map<string, RawEntry>();
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error('bad central directory');
    const method = buf.readUInt16LE(at + 10);
    const crc = buf.readUInt32LE(at + 16);
    const size = buf.readUInt32LE(at + 20);
    const nameLength = buf.readUInt16LE(at + 28);
    const extraLength = buf.readUInt16LE(at + 30);
    const commentLength = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLength);
    const data = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    entries.set(name, { name, method, crc, stored: buf.subarray(data, data + size) });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** An entry's content, inflated with fflate (not the port's zlib path). */
export function entryText(entry: RawEntry): string {
  const content = entry.method === 0 ? entry.stored : inflateSync(entry.stored);
  return Buffer.from(content).toString('utf8');
}

/** Sheet name → worksheet part path, from workbook.xml and its relationships (regex, test-only). */
export function sheetParts(entries: Map<string, RawEntry>): Map<string, string> {
  const workbook = entryText(entries.get('xl/workbook.xml')!);
  const rels = entryText(entries.get('xl/_rels/workbook.xml.rels')!);
  const targets = new Map<string, string>();
  for (const m of rels.matchAll(/<Relationship\b[^>]*>/g)) {
    const id = /\bId="([^"]+)"/.exec(m[0])?.[1];
    const target = /\bTarget="([^"]+)"/.exec(m[0])?.[1];
    if (id && target) targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  }
  const parts = new Map<string, string>();
  for (const m of workbook.matchAll(/<sheet\b[^>]*>/g)) {
    const name = /\bname="([^"]+)"/.exec(m[0])?.[1];
    const id = /\br:id="([^"]+)"/.exec(m[0])?.[1];
    const part = id ? targets.get(id) : undefined;
    if (name && part) parts.set(name.replace(/&amp;/g, '&'), part);
  }
  return parts;
}
