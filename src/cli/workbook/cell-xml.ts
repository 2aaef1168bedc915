/**
 * Managed cells as sheet XML, typed by their column: IDs and text as text formatted '@' (so a
 * 14-digit ID or "=…" stays what it is), money / int / rate as numbers with their format, dates as
 * serial numbers formatted yyyy-mm-dd, booleans as booleans. Text is written inline (`inlineStr`),
 * never into sharedStrings.xml: that part is then never rewritten, whatever an import adds.
 */
import type { Cell } from '../../core/merge/cells';
import { type ColumnDef, numberFormat } from '../../core/model/tabs';
import { isoToSerial } from '../../core/util/dates';
import { encodeXstring } from './xml';

export type FormatIndex = (format: string) => number;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function inlineTextCell(ref: string, text: string, prefix: string, style: number | null): string {
  const p = prefix;
  const s = style === null || style === 0 ? '' : ` s="${style}"`;
  const space = /^\s|\s$|\n/.test(text) ? ' xml:space="preserve"' : '';
  return `<${p}c r="${ref}"${s} t="inlineStr"><${p}is><${p}t${space}>${encodeXstring(text)}</${p}t></${p}is></${p}c>`;
}

function numberCell(ref: string, value: number, prefix: string, style: number): string {
  const s = style === 0 ? '' : ` s="${style}"`;
  return `<${prefix}c r="${ref}"${s}><${prefix}v>${String(value)}</${prefix}v></${prefix}c>`;
}

/** A managed (non-formula) cell, or '' when it is blank. */
export function typedCellXml(
  col: ColumnDef,
  value: Cell,
  ref: string,
  prefix: string,
  xf: FormatIndex,
): string {
  if (value === null || value === '') return '';
  const type = col.type === 'formula' ? (col.yields ?? 'text') : col.type;
  switch (type) {
    case 'id':
    case 'text':
      return inlineTextCell(ref, String(value), prefix, xf('@'));
    case 'date':
      return typeof value === 'string' && ISO_DATE.test(value)
        ? numberCell(ref, isoToSerial(value), prefix, xf(numberFormat(col)))
        : inlineTextCell(ref, String(value), prefix, null);
    case 'bool':
      return typeof value === 'boolean'
        ? `<${prefix}c r="${ref}" t="b"><${prefix}v>${value ? 1 : 0}</${prefix}v></${prefix}c>`
        : inlineTextCell(ref, String(value), prefix, null);
    default:
      return typeof value === 'number' && Number.isFinite(value)
        ? numberCell(ref, value, prefix, xf(numberFormat(col)))
        : inlineTextCell(ref, String(value), prefix, null);
  }
}

/**
 * A formula cell with its cached value (what the core computed), the way Excel stores one: a text
 * result inline (`t="str"`), a number formatted like the column. `formula` is the `<f>` element.
 */
export function formulaCellXml(
  col: ColumnDef,
  value: Cell,
  ref: string,
  formula: string,
  prefix: string,
  xf: FormatIndex,
): string {
  const p = prefix;
  // The column's format even when the cached value is text: the recalculated number shows right.
  const style = xf(numberFormat(col));
  const s = style === 0 ? '' : ` s="${style}"`;
  if (typeof value === 'number' && Number.isFinite(value)) {
    return `<${p}c r="${ref}"${s}>${formula}<${p}v>${String(value)}</${p}v></${p}c>`;
  }
  const text = value === null ? '' : String(value);
  return `<${p}c r="${ref}"${s} t="str">${formula}<${p}v>${encodeXstring(text)}</${p}v></${p}c>`;
}
