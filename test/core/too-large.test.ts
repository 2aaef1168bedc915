// Issue #8 case 8: a sheet larger than SheetJS can hold was reported as "The file is empty".
// The reproduction is built here, not committed: a ~3 MB .xlsx whose one worksheet inflates to
// 0.8 GB of XML (a CATEGORY_TR header, then the same data row over and over).
import { crc32, createDeflateRaw } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_PART_BYTES, zipParts } from '../../src/core/read/zipDirectory';
import { CATEGORY_TR_HEADERS, run, trRow } from './helpers';

interface Entry {
  name: string;
  parts: () => Iterable<Buffer>;
}

/** Deflates a part as a stream, so the 0.8 GB never exists in memory at once. */
async function deflate(parts: Iterable<Buffer>): Promise<{ data: Buffer; crc: number; size: number }> {
  const stream = createDeflateRaw({ level: 6 });
  const out: Buffer[] = [];
  stream.on('data', (b: Buffer) => out.push(b));
  const done = new Promise((resolve) => stream.on('end', resolve));
  let crc = 0;
  let size = 0;
  for (const part of parts) {
    stream.write(part);
    crc = crc32(part, crc);
    size += part.length;
  }
  stream.end();
  await done;
  return { data: Buffer.concat(out), crc, size };
}

/** A plain ZIP (no ZIP64: every size stays under 4 GB), written by hand after APPNOTE 4.3. */
async function zip(entries: Entry[]): Promise<Uint8Array> {
  const local: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const { data, crc, size } = await deflate(entry.parts());
    const name = Buffer.from(entry.name);
    const head = Buffer.alloc(30);
    head.writeUInt32LE(0x04034b50, 0);
    head.writeUInt16LE(20, 4);
    head.writeUInt16LE(8, 8);
    head.writeUInt32LE(crc >>> 0, 14);
    head.writeUInt32LE(data.length, 18);
    head.writeUInt32LE(size, 22);
    head.writeUInt16LE(name.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(8, 10);
    dir.writeUInt32LE(crc >>> 0, 16);
    dir.writeUInt32LE(data.length, 20);
    dir.writeUInt32LE(size, 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt32LE(offset, 42);
    local.push(head, name, data);
    central.push(dir, name);
    offset += head.length + name.length + data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...local, directory, end]));
}

const once = (text: string) => () => [Buffer.from(text)];
const xmlText = (v: string) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const cell = (v: string | number | null) =>
  v === null
    ? '<c/>'
    : typeof v === 'number'
      ? `<c><v>${v}</v></c>`
      : `<c t="inlineStr"><is><t>${xmlText(v)}</t></is></c>`;

const SHEET_XML_BYTES = 800_000_000;

function* hugeSheet(): Iterable<Buffer> {
  yield Buffer.from(
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' +
      `<row>${cell('판매수수료 리포트')}</row><row>${CATEGORY_TR_HEADERS.map(cell).join('')}</row>`,
  );
  // Rows without an r attribute follow one another (ECMA-376 18.3.1.73), so one row repeats.
  const row = `<row>${trRow({ orderId: '20250101000001', optionId: '95521944483', price: 3000, qty: 1 }).map(cell).join('')}</row>`;
  const block = Buffer.from(row.repeat(Math.ceil((1 << 20) / row.length)));
  for (let written = 0; written < SHEET_XML_BYTES; written += block.length) yield block;
  yield Buffer.from('</sheetData></worksheet>');
}

const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>';
const ROOT_RELS =
  '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>';
const WORKBOOK =
  '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="주문내역, 판매수수료" sheetId="1" r:id="rId1"/></sheets></workbook>';
const WORKBOOK_RELS =
  '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>';

let bytes: Uint8Array;

beforeAll(async () => {
  bytes = await zip([
    { name: '[Content_Types].xml', parts: once(CONTENT_TYPES) },
    { name: '_rels/.rels', parts: once(ROOT_RELS) },
    { name: 'xl/workbook.xml', parts: once(WORKBOOK) },
    { name: 'xl/_rels/workbook.xml.rels', parts: once(WORKBOOK_RELS) },
    { name: 'xl/worksheets/sheet1.xml', parts: hugeSheet },
  ]);
}, 60_000);

describe('a sheet too large to read', () => {
  it('is a few MB on disk and 0.8 GB of sheet XML inside', () => {
    expect(bytes.length).toBeLessThan(8_000_000);
    const sheet = zipParts(bytes)?.find((p) => p.name === 'xl/worksheets/sheet1.xml');
    expect(sheet?.size).toBeGreaterThanOrEqual(SHEET_XML_BYTES);
    // Past the longest string V8 makes (2^29 − 24), which is where SheetJS gives up.
    expect(sheet!.size).toBeGreaterThan(2 ** 29 - 24);
  });

  it('says "too large" with the limit, never "empty", and imports nothing', () => {
    const result = run({ name: 'A00012345-CATEGORY_TR-ko-huge.xlsx', bytes });
    expect(result.problems.map((p) => p.code)).toEqual(['SHEET_TOO_LARGE']);
    const [problem] = result.problems;
    expect(problem?.severity).toBe('error');
    expect(problem?.message).toContain('너무 커서');
    expect(problem?.message).toContain('too large');
    expect(problem?.message).toContain('xl/worksheets/sheet1.xml');
    expect(problem?.message).toContain(String(MAX_PART_BYTES).replace(/\B(?=(\d{3})+$)/g, ','));
    expect(problem?.message).not.toMatch(/empty|비어/);
    expect(result.files[0]?.status).toBe('failed');
    expect(result.orders).toHaveLength(0);
  });

  it('a sheet SheetJS leaves out for another reason is named as unreadable, not taken for empty', async () => {
    // The workbook lists a sheet whose part is missing from the ZIP: SheetJS drops it silently.
    const missing = await zip([
      { name: '[Content_Types].xml', parts: once(CONTENT_TYPES) },
      { name: '_rels/.rels', parts: once(ROOT_RELS) },
      { name: 'xl/workbook.xml', parts: once(WORKBOOK) },
      { name: 'xl/_rels/workbook.xml.rels', parts: once(WORKBOOK_RELS) },
    ]);
    const result = run({ name: 'A00012345-CATEGORY_TR-ko-partless.xlsx', bytes: missing });
    expect(result.problems.map((p) => p.code)).toEqual(['CORRUPT_FILE']);
    expect(result.problems[0]?.message).toContain('주문내역, 판매수수료');
  });
});
