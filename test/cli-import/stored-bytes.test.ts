// Issue #8: an untouched part is copied still compressed, read as a view into the workbook's bytes
// (no copy). The truth here is outside the reader under test: the zips are written by fflate and by
// ExcelJS, and each view must inflate (node's zlib) to exactly the content that was zipped.
import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { crc32, readZip, storedBytes, writeZip } from '../../src/cli/workbook/zip';

const contents = {
  'xl/worksheets/sheet1.xml': strToU8(`<worksheet>${'<row><c><v>1</v></c></row>'.repeat(2000)}</worksheet>`),
  'docProps/app.xml': strToU8('<Properties/>'),
  '[Content_Types].xml': strToU8('<Types/>'),
};

async function expectViews(zip: Uint8Array, want: Record<string, Uint8Array>) {
  const parts = (await readZip(zip)).filter(({ entry }) => !entry.directory);
  expect(parts.map((p) => p.name).sort()).toEqual(
    Object.keys(want)
      .filter((n) => !n.endsWith('/'))
      .sort(),
  );
  for (const { name, entry } of parts) {
    const stored = await storedBytes(entry);
    // A view into the zip, not a copy.
    expect(stored.buffer, name).toBe(zip.buffer);
    expect(stored.length, name).toBe(entry.compressedSize);
    const content = entry.compressionMethod === 8 ? zlib.inflateRawSync(stored) : Buffer.from(stored);
    expect(Buffer.compare(content, Buffer.from(want[name]!)), name).toBe(0);
  }
}

describe('the stored bytes of a zip entry', () => {
  it('are the entry as written, deflated or stored, with an extra field in the local header', async () => {
    await expectViews(zipSync(contents, { level: 6 }), contents);
    await expectViews(zipSync(contents, { level: 0 }), contents);
    // Local headers carrying an extra field the central directory does not repeat.
    const extra = zipSync(
      Object.fromEntries(
        Object.entries(contents).map(([name, data]) => [
          name,
          [data, { level: 6, extra: { 51966: new Uint8Array([1, 2, 3, 4, 5]) } }],
        ]),
      ) as Parameters<typeof zipSync>[0],
    );
    await expectViews(extra, contents);
  });

  it('of a workbook ExcelJS wrote (directory entries among the parts) inflate to what fflate reads', async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet('Sheet1').addRows(Array.from({ length: 500 }, (_, i) => [i, `행 ${i}`]));
    const zip = new Uint8Array(await book.xlsx.writeBuffer());
    await expectViews(zip, unzipSync(zip));
  });
});

describe('a zip written from compressed blocks', () => {
  it('joins blocks of any size (a kept prefix, zlib’s chunks) into parts that fflate reads back whole', async () => {
    // Text that does not compress away (base64 of pseudo-random bytes), so the deflated bytes span
    // several of the writer's 4 MB reads.
    let seed = 7;
    const bytes = Buffer.alloc(7 << 20);
    for (let i = 0; i < bytes.length; i++) {
      seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
      bytes[i] = seed >>> 24;
    }
    const text = `<t>${bytes.toString('base64')}</t>`;
    const content = strToU8(text);
    const raw = zlib.deflateRawSync(content);
    const cuts = [0, 3, 3, 1 << 20, (1 << 20) + 1, raw.length - 5, raw.length];
    const blocks = cuts.slice(1).map((end, i) => raw.subarray(cuts[i]!, end));
    const copied = (await readZip(zipSync(contents))).find((p) => p.name === 'docProps/app.xml')!;
    const zip = await writeZip([
      {
        name: 'xl/worksheets/sheet1.xml',
        deflated: { raw: blocks, crc: crc32(content), size: content.length },
      },
      { name: 'docProps/app.xml', copy: copied.entry },
    ]);
    const back = unzipSync(zip);
    expect(raw.length).toBeGreaterThan(6 << 20);
    expect(Buffer.compare(Buffer.from(back['xl/worksheets/sheet1.xml']!), Buffer.from(content))).toBe(0);
    expect(new TextDecoder().decode(back['docProps/app.xml'])).toBe('<Properties/>');
  });
});
