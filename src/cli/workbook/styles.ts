/**
 * The cell formats managed cells need ('@', '#,##0', '0', '0.0##', 'yyyy-mm-dd'), found among the
 * workbook's own cell formats (cellXfs) or appended to them. styles.xml is rewritten only when a
 * format is missing, and then only by appending: every existing font, fill, border, cell style and
 * format keeps its index, so every cell the user formatted looks the same.
 */
import { elements, getAttr, rootPrefix, setAttr, unescapeXml } from './xml';

/** Number formats Excel knows by id (ECMA-376 §18.8.30), the ones managed cells use. */
const BUILT_IN: Readonly<Record<string, number>> = { General: 0, '0': 1, '#,##0': 3, '@': 49 };
const FIRST_CUSTOM_ID = 164;

export const MINIMAL_STYLES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
  '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '</styleSheet>';

export class Styles {
  private xml: string;
  private readonly prefix: string;
  private readonly found = new Map<string, number>();
  /** styles.xml must be written back (a format was appended). */
  changed = false;

  constructor(xml: string) {
    this.xml = xml;
    this.prefix = rootPrefix(xml);
  }

  get text(): string {
    return this.xml;
  }

  /** The cellXfs index of a plain cell (default font, no fill, no border) with this number format. */
  xfFor(format: string): number {
    const known = this.found.get(format);
    if (known !== undefined) return known;
    const numFmtId = this.numFmtId(format);
    const block = elements(this.xml, 'cellXfs')[0];
    if (!block) throw new Error('styles.xml has no cellXfs');
    const xfs = elements(block.text, 'xf');
    const index = xfs.findIndex(({ text, tag }) => {
      const number = (name: string) => Number(getAttr(tag, name) ?? '0');
      const applies = getAttr(tag, 'applyNumberFormat');
      return (
        number('numFmtId') === numFmtId &&
        number('fontId') === 0 &&
        number('fillId') === 0 &&
        number('borderId') === 0 &&
        number('xfId') === 0 &&
        text === tag && // no alignment or protection children
        (numFmtId === 0 || (applies !== '0' && applies !== 'false'))
      );
    });
    if (index >= 0) {
      this.found.set(format, index);
      return index;
    }
    const p = this.prefix;
    const xf = `<${p}xf numFmtId="${numFmtId}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>`;
    this.xml = appendChild(this.xml, block, 'cellXfs', xf, xfs.length + 1, p);
    this.changed = true;
    this.found.set(format, xfs.length);
    return xfs.length;
  }

  private numFmtId(format: string): number {
    const builtIn = BUILT_IN[format];
    if (builtIn !== undefined) return builtIn;
    const block = elements(this.xml, 'numFmts')[0];
    const formats = block ? elements(block.text, 'numFmt') : [];
    let next = FIRST_CUSTOM_ID;
    for (const { tag } of formats) {
      const id = Number(getAttr(tag, 'numFmtId'));
      if (unescapeXml(getAttr(tag, 'formatCode') ?? '') === format) return id;
      if (id >= next) next = id + 1;
    }
    const p = this.prefix;
    const numFmt = `<${p}numFmt numFmtId="${next}" formatCode="${format}"/>`;
    if (block) this.xml = appendChild(this.xml, block, 'numFmts', numFmt, formats.length + 1, p);
    else {
      // numFmts is the first child of styleSheet.
      const open = new RegExp(`<${p}styleSheet\\b[^>]*>`).exec(this.xml);
      if (!open) throw new Error('styles.xml has no styleSheet');
      const at = open.index + open[0].length;
      this.xml = `${this.xml.slice(0, at)}<${p}numFmts count="1">${numFmt}</${p}numFmts>${this.xml.slice(at)}`;
    }
    this.changed = true;
    return next;
  }
}

/** Appends a child before the block's closing tag and sets its count. */
function appendChild(
  xml: string,
  block: { start: number; end: number; tag: string; text: string },
  name: string,
  child: string,
  count: number,
  prefix: string,
): string {
  const tag = setAttr(block.tag, 'count', String(count));
  const body = block.tag.endsWith('/>')
    ? `${tag.slice(0, -2).trimEnd()}>${child}</${prefix}${name}>`
    : `${tag}${block.text.slice(block.tag.length, -`</${prefix}${name}>`.length)}${child}</${prefix}${name}>`;
  return xml.slice(0, block.start) + body + xml.slice(block.end);
}
