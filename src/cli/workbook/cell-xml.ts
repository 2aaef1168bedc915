/**
 * Managed cells as sheet XML, typed by their column: IDs and text as text formatted '@' (so a
 * 14-digit ID or "=…" stays what it is), money / int / rate as numbers with their format, dates as
 * serial numbers formatted yyyy-mm-dd (date-times yyyy-mm-dd hh:mm:ss), booleans as booleans. Text is written inline (`inlineStr`),
 * never into sharedStrings.xml: that part is then never rewritten, whatever an import adds.
 */
import type { Cell } from '../../core/merge/cells';
import type { ColumnDef } from '../../core/model/tabs';
import { isoDateTimeToSerial, isoToSerial } from '../../core/util/dates';
import type { ByteSink } from './byte-sink';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A month of rows holds a few hundred distinct dates: convert each once. */
const serials = new Map<string, number>();

function serialOf(iso: string): number {
  let serial = serials.get(iso);
  if (serial === undefined) {
    serial = isoToSerial(iso);
    if (serials.size > 100_000) serials.clear();
    serials.set(iso, serial);
  }
  return serial;
}

/** The element markup of one namespace prefix (almost always none). */
export interface Tags {
  c: string;
  cEnd: string;
  is: string;
  isPreserve: string;
  isEnd: string;
  v: string;
  vEnd: string;
  f: string;
  fEnd: string;
}

const tagsByPrefix = new Map<string, Tags>();

export function tagsFor(p: string): Tags {
  let tags = tagsByPrefix.get(p);
  if (!tags) {
    tags = {
      c: `<${p}c r="`,
      cEnd: `</${p}c>`,
      is: `<${p}is><${p}t>`,
      isPreserve: `<${p}is><${p}t xml:space="preserve">`,
      isEnd: `</${p}t></${p}is>`,
      v: `<${p}v>`,
      vEnd: `</${p}v>`,
      f: `<${p}f`,
      fEnd: `</${p}f>`,
    };
    tagsByPrefix.set(p, tags);
  }
  return tags;
}

/** Where a cell goes: its column letters, sheet row and the document's markup. */
export interface CellPlace {
  letters: string;
  row: number;
  tags: Tags;
}

function open(sink: ByteSink, at: CellPlace, style: number, type: string | null): void {
  sink.raw(at.tags.c);
  sink.raw(at.letters);
  sink.int(at.row);
  sink.raw('"');
  if (style !== 0) {
    sink.raw(' s="');
    sink.int(style);
    sink.raw('"');
  }
  if (type) {
    sink.raw(' t="');
    sink.raw(type);
    sink.raw('"');
  }
  sink.raw('>');
}

export function inlineTextCell(sink: ByteSink, at: CellPlace, text: string, style: number): void {
  const last = text.length - 1;
  const spaced =
    last >= 0 && (text.charCodeAt(0) <= 32 || text.charCodeAt(last) <= 32 || text.includes('\n'));
  open(sink, at, style, 'inlineStr');
  sink.raw(spaced ? at.tags.isPreserve : at.tags.is);
  sink.text(text);
  sink.raw(at.tags.isEnd);
  sink.raw(at.tags.cEnd);
}

function numberCell(sink: ByteSink, at: CellPlace, value: number, style: number): void {
  open(sink, at, style, null);
  sink.raw(at.tags.v);
  if (Number.isInteger(value)) sink.int(value);
  else sink.raw(String(value));
  sink.raw(at.tags.vEnd);
  sink.raw(at.tags.cEnd);
}

/**
 * A managed (non-formula) cell; nothing for a blank one. `style`: the cellXfs index of the column's
 * number format, `textStyle`: of '@'.
 */
export function typedCell(
  sink: ByteSink,
  at: CellPlace,
  col: ColumnDef,
  value: Cell,
  style: number,
  textStyle: number,
): void {
  if (value === null || value === '') return;
  const type = col.type === 'formula' ? (col.yields ?? 'text') : col.type;
  switch (type) {
    case 'id':
    case 'text':
      inlineTextCell(sink, at, String(value), textStyle);
      return;
    case 'date':
      if (typeof value === 'string' && ISO_DATE.test(value)) numberCell(sink, at, serialOf(value), style);
      else inlineTextCell(sink, at, String(value), 0);
      return;
    case 'datetime': {
      const serial = typeof value === 'string' ? isoDateTimeToSerial(value) : null;
      if (serial === null) inlineTextCell(sink, at, String(value), 0);
      else numberCell(sink, at, serial, style);
      return;
    }
    case 'bool':
      if (typeof value !== 'boolean') inlineTextCell(sink, at, String(value), 0);
      else {
        open(sink, at, 0, 'b');
        sink.raw(value ? `${at.tags.v}1${at.tags.vEnd}` : `${at.tags.v}0${at.tags.vEnd}`);
        sink.raw(at.tags.cEnd);
      }
      return;
    default:
      if (typeof value === 'number' && Number.isFinite(value)) numberCell(sink, at, value, style);
      else inlineTextCell(sink, at, String(value), 0);
  }
}

/**
 * A formula cell with its cached value (what the core computed), the way Excel stores one: a text
 * result inline (`t="str"`), a number formatted like the column (the format stays on a text result
 * too, so the recalculated number shows right). `formula`: the `<f>` element; `yields`: what the
 * formula computes (a date's cached value is its serial).
 */
export function formulaCell(
  sink: ByteSink,
  at: CellPlace,
  cached: Cell,
  formula: string,
  style: number,
  yields?: ColumnDef['yields'],
): void {
  // A date result is cached as the serial number the formula computes (formatted yyyy-mm-dd).
  const value =
    yields === 'date' && typeof cached === 'string' && ISO_DATE.test(cached) ? serialOf(cached) : cached;
  const number = typeof value === 'number' && Number.isFinite(value);
  open(sink, at, style, number ? null : 'str');
  sink.raw(formula);
  sink.raw(at.tags.v);
  if (number) sink.raw(String(value));
  else if (value !== null) sink.text(String(value));
  sink.raw(at.tags.vEnd);
  sink.raw(at.tags.cEnd);
}
