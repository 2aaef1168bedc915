// The byte-level sheet reader against the shapes writers produce (ECMA-376 §18.3.1.4 c,
// §18.4.8 si, §22.9.2.19 ST_Xstring), and a workbook whose parts use a namespace prefix (as the
// Open XML SDK writes them), imported into and read back by SheetJS.
import * as XLSX from '@e965/xlsx';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { cellValue, parseSharedStrings, RowCells, scanCells } from '../../src/cli/workbook/sheet-scan';
import { XlsxWorkbookPort } from '../../src/cli/workbook/xlsx-port';
import { ensureManagedTabs, importedKeys, mergeStep } from '../../src/core/merge/engine';
import { ORDERS_TAB } from '../../src/core/model/tabs';
import { ordersWithFees, v2Order } from '../merge/records';

function rowValues(xml: string, sst: string[] = []) {
  const buf = Buffer.from(xml, 'utf8');
  const cells = new RowCells();
  scanCells(buf, 0, buf.length, cells);
  const values: Record<number, unknown> = {};
  for (let k = 0; k < cells.count; k++) values[cells.col(k)] = cellValue(buf, cells, k, sst);
  return { values, cells };
}

describe('cells as writers store them', () => {
  it('reads each kind of cell', () => {
    const { values } = rowValues(
      [
        '<c r="A2" t="s"><v>1</v></c>',
        '<c r="B2" t="inlineStr"><is><r><t>가</t></r><r><rPr><b/></rPr><t>나</t></r><rPh sb="0" eb="1"><t>カ</t></rPh></is></c>',
        '<c r="C2" t="str"><f>"a"&amp;"b"</f><v>ab</v></c>',
        '<c r="D2" t="b"><v>1</v></c>',
        '<c r="E2" t="e"><v>#N/A</v></c>',
        '<c r="F2"><v>1.5E3</v></c>',
        '<c r="G2" t="n"><v>-42</v></c>',
        '<c r="H2" t="inlineStr"><is><t xml:space="preserve"> a_x000D_b &amp; &lt;c&gt; _x005F_x0041_ </t></is></c>',
        '<c t="inlineStr"><is><t>no reference</t></is></c>',
        '<c r="K2" s="3"/>',
        '<c r="L2" t="d"><v>2025-01-31T00:00:00</v></c>',
      ].join(''),
      ['zero', 'one'],
    );
    expect(values).toEqual({
      0: 'one',
      1: '가나',
      2: 'ab',
      3: true,
      4: null,
      5: 1500,
      6: -42,
      7: ' a\rb & <c> _x0041_ ',
      8: 'no reference',
      10: null,
      // 2025-01-31 is serial 45688 (1900 date system), worked out by hand: 45658 is 2025-01-01.
      11: 45688,
    });
  });

  it('reads start tags of every shape: attribute order, quotes, spaces, self-closing, a cell named like c', () => {
    const { values, cells } = rowValues(
      [
        `<c t="inlineStr" r="B2"><is><t>t first</t></is></c>`,
        `<c r='C2' t='s' s='1'><v>0</v></c>`,
        '<c \n r = "D2"\tt="n" ><v>7</v></c>',
        '<c/>',
        '<c r="F2" t="b"/>',
        '<cx r="G2"><v>9</v></cx>',
        '<c r="H2" x="a>b"><v>8</v></c>',
      ].join(''),
      ['zero'],
    );
    // F2 holds nothing (self-closing); <cx> is not a cell; a '>' inside a quoted value ends nothing.
    expect(values).toEqual({ 1: 't first', 2: 'zero', 3: 7, 4: null, 5: null, 7: 8 });
    expect(cells.count).toBe(6);
  });

  it('tells a styled empty cell from one holding something', () => {
    const { cells } = rowValues(
      '<c r="A2" s="4"/><c r="B2" s="4"></c><c r="C2"><f>1+1</f></c><c r="D2"><v>0</v></c>',
    );
    expect([0, 1, 2, 3].map((k) => cells.hasContent(k))).toEqual([false, false, true, true]);
  });

  it('reads a namespace-prefixed row the same way', () => {
    const { values } = rowValues(
      '<x:c r="A2" t="inlineStr"><x:is><x:t>가</x:t></x:is></x:c><x:c r="B2"><x:v>7</x:v></x:c>',
    );
    expect(values).toEqual({ 0: '가', 1: 7 });
  });

  it('reads shared strings: plain, rich text runs, phonetic runs left out', () => {
    const sst = parseSharedStrings(
      Buffer.from(
        '<sst xmlns="x" count="4" uniqueCount="4"><si><t>plain</t></si>' +
          '<si><r><t>ri</t></r><r><t xml:space="preserve">ch </t></r></si>' +
          '<si><t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh><phoneticPr fontId="1"/></si><si/></sst>',
      ),
    );
    expect(sst).toEqual(['plain', 'rich ', '東京', '']);
  });
});

/** A workbook whose parts all use the `x:` prefix for the main namespace, with a user sheet. */
function prefixedWorkbook(): Uint8Array {
  const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const pkg = 'http://schemas.openxmlformats.org/package/2006/relationships';
  return zipSync({
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0" encoding="utf-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
        '</Types>',
    ),
    '_rels/.rels': strToU8(
      `<?xml version="1.0" encoding="utf-8"?><Relationships xmlns="${pkg}"><Relationship Type="${rel}/officeDocument" Target="/xl/workbook.xml" Id="R1"/></Relationships>`,
    ),
    'xl/workbook.xml': strToU8(
      `<?xml version="1.0" encoding="utf-8"?><x:workbook xmlns:x="${main}" xmlns:r="${rel}"><x:sheets><x:sheet name="My data" sheetId="1" r:id="R2"/></x:sheets>` +
        `<x:definedNames><x:definedName name="MyRange">'My data'!$A$1:$B$2</x:definedName></x:definedNames></x:workbook>`,
    ),
    'xl/_rels/workbook.xml.rels': strToU8(
      `<?xml version="1.0" encoding="utf-8"?><Relationships xmlns="${pkg}">` +
        `<Relationship Type="${rel}/worksheet" Target="/xl/worksheets/sheet1.xml" Id="R2"/>` +
        `<Relationship Type="${rel}/styles" Target="/xl/styles.xml" Id="R3"/></Relationships>`,
    ),
    'xl/worksheets/sheet1.xml': strToU8(
      `<?xml version="1.0" encoding="utf-8"?><x:worksheet xmlns:x="${main}"><x:sheetData>` +
        '<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>메모</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>',
    ),
    'xl/styles.xml': strToU8(
      `<?xml version="1.0" encoding="utf-8"?><x:styleSheet xmlns:x="${main}"><x:fonts count="1"><x:font/></x:fonts>` +
        '<x:fills count="1"><x:fill/></x:fills><x:borders count="1"><x:border/></x:borders>' +
        '<x:cellXfs count="1"><x:xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></x:cellXfs></x:styleSheet>',
    ),
  });
}

describe('a workbook whose parts use a namespace prefix', () => {
  it('gets the managed tabs, with typed cells, and keeps its own sheet and name', async () => {
    const source = prefixedWorkbook();
    const port = await XlsxWorkbookPort.load(source, 'ko');
    expect(ensureManagedTabs(port)).toEqual([]);
    const orders = ['1001', '1002'].map((id) => v2Order(id, `9${id}`, '2025-01-31'));
    const incoming = ordersWithFees(orders);
    mergeStep(port, { importId: 'imp', incoming, completeImport: importedKeys(incoming), dryRun: false });
    const saved = await port.save();

    const wb = XLSX.read(saved, { type: 'array', dense: true, cellNF: true });
    expect(wb.SheetNames[0]).toBe('My data');
    expect(wb.SheetNames).toContain(ORDERS_TAB.ko);
    const grid = wb.Sheets[ORDERS_TAB.ko]!['!data'] as XLSX.CellObject[][];
    expect(grid).toHaveLength(3);
    expect(grid[1]![3]).toMatchObject({ t: 's', v: '1001', z: '@' });
    expect(grid[1]![20]).toMatchObject({ t: 'n', v: 10000, z: '#,##0' });
    expect(wb.Workbook?.Names?.find((n) => n.Name === 'MyRange')?.Ref).toBe("'My data'!$A$1:$B$2");
    const before = unzipSync(source);
    const after = unzipSync(saved);
    expect(
      Buffer.from(after['xl/worksheets/sheet1.xml']!).equals(
        Buffer.from(before['xl/worksheets/sheet1.xml']!),
      ),
    ).toBe(true);
    expect(new TextDecoder().decode(after['xl/workbook.xml'])).toMatch(
      /<x:sheet name="주문" sheetId="2" r:id="rId3"\/>/,
    );
  });
});

describe('where the rows end', () => {
  it('is the first </sheetData>, even when a comment after the data repeats it', async () => {
    const port = XlsxWorkbookPort.create('ko');
    ensureManagedTabs(port);
    const first = ordersWithFees(['1001', '1002'].map((id) => v2Order(id, `9${id}`, '2025-01-31')));
    mergeStep(port, { importId: 'a', incoming: first, completeImport: importedKeys(first), dryRun: false });
    const parts = unzipSync(await port.save());
    const text = (name: string) => new TextDecoder().decode(parts[name]);
    const rid = new RegExp(`<sheet name="${ORDERS_TAB.ko}"[^>]* r:id="(\\w+)"`).exec(
      text('xl/workbook.xml'),
    )![1];
    const target = new RegExp(`Id="${rid}"[^>]* Target="([^"]+)"|Target="([^"]+)"[^>]* Id="${rid}"`).exec(
      text('xl/_rels/workbook.xml.rels'),
    )!;
    const ordersPart = `xl/${(target[1] ?? target[2])!.replace(/^\/?xl\//, '')}`;
    const xml = text(ordersPart);
    const comment = '<!-- </sheetData> as text, not the end -->';
    parts[ordersPart] = strToU8(xml.replace('</sheetData>', `</sheetData>${comment}`));

    const book = await XlsxWorkbookPort.load(zipSync(parts), 'ko');
    ensureManagedTabs(book);
    const next = ordersWithFees(['1003', '1004'].map((id) => v2Order(id, `9${id}`, '2025-02-28')));
    mergeStep(book, { importId: 'b', incoming: next, completeImport: importedKeys(next), dryRun: false });
    const saved = unzipSync(await book.save());
    const after = new TextDecoder().decode(saved[ordersPart]);
    // The new rows go inside the data, before the real end; the comment stays after it.
    expect(after.indexOf('CATEGORY_TR|1004|')).toBeLessThan(after.indexOf('</sheetData>'));
    expect(after.indexOf(comment)).toBeGreaterThan(after.indexOf('</sheetData>'));
    const grid = XLSX.read(zipSync(saved), { type: 'array', dense: true }).Sheets[ORDERS_TAB.ko]![
      '!data'
    ] as XLSX.CellObject[][];
    expect(grid.slice(1).map((row) => row[3]?.v)).toEqual(['1001', '1002', '1003', '1004']);
  });
});
