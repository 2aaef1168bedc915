/**
 * Cell model and the "typed by a user" conversion of `setValue(s)` (apps-script-notes.md,
 * "Spreadsheet behaviour"): strings are parsed as if typed unless the cell's number format is
 * plain text '@'. Dates are stored as serial days in the spreadsheet's time zone; what a cell READS
 * as (number or Date) follows its number format, as in Sheets.
 */
import { gasError, messages } from './errors.js';
import { evaluateFormula } from './formula.js';
import { instantFromSerial, instantOfWallTime, serialFromInstant, wallTimeAt } from './timezone.js';

/** A date cell: serial days since 1899-12-30 in the spreadsheet's wall time. */
export class SheetDate {
  constructor(readonly serial: number) {}
}

export type StoredValue = string | number | boolean | SheetDate;

export interface Cell {
  value: StoredValue;
  /** Formula text starting with '=' (value is then its cheap evaluation, see evaluateFormula). */
  formula?: string;
  /** Number format; undefined means 'General'. */
  format?: string;
  background?: string;
  fontWeight?: string;
}

export const MAX_CELL_CHARS = 50_000;
export const PLAIN_TEXT = '@';
export const DEFAULT_FORMAT = 'General';

/** Cross-realm Date check: script values come from a different vm realm, so `instanceof` fails. */
export function isDate(v: unknown): v is Date {
  return Object.prototype.toString.call(v) === '[object Date]';
}

export function dateMs(d: Date): number {
  return Date.prototype.getTime.call(d);
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false;
  if (Object.prototype.toString.call(v) !== '[object Object]') return false;
  const proto: unknown = Object.getPrototypeOf(v);
  if (proto === null) return true;
  // Plain in ANY realm: its prototype is some realm's Object.prototype (whose own proto is null).
  return Object.getPrototypeOf(proto) === null && Object.hasOwn(proto as object, 'hasOwnProperty');
}

function checkLength(s: string): string {
  if (s.length > MAX_CELL_CHARS) throw gasError(messages.cellTooLong);
  return s;
}

export interface ConversionContext {
  timeZone: string;
  locale: string;
}

/** What a cell holds after `setValue(input)` into a cell whose number format is `format`. */
export function storeInput(input: unknown, format: string | undefined, ctx: ConversionContext): Cell {
  if (input === null || input === undefined) return { value: '' };
  if (typeof input === 'number') {
    // Sheets stores no NaN or ±Infinity: the cell would show #NUM! (README.md, "Values").
    if (!Number.isFinite(input)) throw gasError(messages.nonFiniteNumber(String(input)));
    return { value: input };
  }
  if (typeof input === 'boolean') return { value: input };
  if (isDate(input)) {
    const ms = dateMs(input);
    if (Number.isNaN(ms)) throw gasError(messages.invalidArgument('value'));
    return withAutoDateFormat({ value: new SheetDate(serialFromInstant(ms, ctx.timeZone)) }, format, true);
  }
  // Apps Script stringifies other objects; we follow with String() (exact Java-style text not emulated).
  const text = checkLength(typeof input === 'string' ? input : String(input));
  if (format === PLAIN_TEXT) return { value: text };
  return withAutoDateFormat(typeString(text, ctx), format, false);
}

/** A date entered into a General cell gives the cell a date format, as Sheets does. */
function withAutoDateFormat(cell: Cell, format: string | undefined, withTime: boolean): Cell {
  if (!(cell.value instanceof SheetDate) || (format !== undefined && format !== DEFAULT_FORMAT)) return cell;
  const hasTime = withTime || cell.value.serial % 1 !== 0;
  return { ...cell, format: hasTime ? AUTO_DATE_TIME_FORMAT : AUTO_DATE_FORMAT };
}

export const AUTO_DATE_FORMAT = 'yyyy-mm-dd';
export const AUTO_DATE_TIME_FORMAT = 'yyyy-mm-dd hh:mm:ss';

/** A string typed into a non-'@' cell. */
export function typeString(text: string, ctx: ConversionContext): Cell {
  if (text.length > 1 && text.startsWith('=')) return { value: evaluateFormula(text), formula: text };
  // A leading apostrophe forces text and is not part of the value.
  if (text.startsWith("'")) return { value: text.slice(1) };
  const trimmed = text.trim();
  if (trimmed === '') return { value: text };
  const upper = trimmed.length <= 5 ? trimmed.toUpperCase() : '';
  if (upper === 'TRUE') return { value: true };
  if (upper === 'FALSE') return { value: false };
  // Cheap pre-filter: numbers and dates start with a digit, a sign or a dot.
  if (!/^[0-9+\-.]/.test(trimmed)) return { value: text };
  const num = parseTypedNumber(trimmed);
  if (num !== undefined) return { value: num };
  const date = parseTypedDate(trimmed, ctx);
  if (date !== undefined) return { value: date };
  // Sheets reads a leading + or - as the start of a formula: '-abc' becomes =-abc (#NAME?),
  // '+82 10' a formula parse error (#ERROR!). Only '@' cells keep such text.
  if (text.length > 1 && (text.startsWith('+') || text.startsWith('-'))) {
    const formula = `=${text}`;
    return { value: evaluateFormula(formula), formula };
  }
  return { value: text };
}

const NUMBER_RE = /^([+-])?((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)(?:[eE]([+-]?\d+))?(%)?$/;

/** Numeric-looking text -> number, keeping only 15 significant digits (the rest become 0). */
export function parseTypedNumber(text: string): number | undefined {
  const m = NUMBER_RE.exec(text);
  if (!m) return undefined;
  const sign = m[1] === '-' ? '-' : '';
  const mantissa = (m[2] ?? '').replace(/,/g, '');
  const [intPart = '', frac = ''] = mantissa.split('.');
  const digits = intPart + frac;
  const first = digits.search(/[1-9]/);
  if (first < 0) return 0;
  const keepEnd = first + 15;
  const kept =
    digits.length > keepEnd ? digits.slice(0, keepEnd) + '0'.repeat(digits.length - keepEnd) : digits;
  let value = Number(
    `${sign}${kept.slice(0, intPart.length) || '0'}.${kept.slice(intPart.length) || '0'}e${m[3] ?? '0'}`,
  );
  if (m[4]) value = Number((value / 100).toPrecision(15));
  return Number.isFinite(value) ? value : undefined;
}

const ISO_DATE_RE = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const KO_DATE_RE = /^(\d{4})\.\s*(\d{1,2})\.\s*(\d{1,2})\.?(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const US_DATE_RE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/** Date-like text -> date at that wall time in the spreadsheet's zone (midnight if no time). */
export function parseTypedDate(text: string, ctx: ConversionContext): SheetDate | undefined {
  let parts: (string | undefined)[] | undefined;
  const iso = ISO_DATE_RE.exec(text);
  if (iso) parts = [iso[1], iso[3], iso[4], iso[5], iso[6], iso[7]];
  const ko = parts ? null : KO_DATE_RE.exec(text);
  if (ko) parts = [ko[1], ko[2], ko[3], ko[4], ko[5], ko[6]];
  const us = parts || ctx.locale !== 'en_US' ? null : US_DATE_RE.exec(text);
  if (us) parts = [us[3], us[1], us[2], us[4], us[5], us[6]];
  if (!parts) return undefined;
  const [y, mo, d, h, mi, s] = parts.map((p) => (p === undefined ? 0 : Number(p))) as number[];
  if (y === undefined || mo === undefined || d === undefined) return undefined;
  if (mo < 1 || mo > 12 || d < 1 || d > new Date(Date.UTC(y, mo, 0)).getUTCDate()) return undefined;
  if ((h ?? 0) > 23 || (mi ?? 0) > 59 || (s ?? 0) > 59) return undefined;
  const ms = instantOfWallTime(ctx.timeZone, y, mo, d, h, mi, s);
  return new SheetDate(serialFromInstant(ms, ctx.timeZone));
}

/**
 * True for number formats that show a date or a time (tokens y, m, d, h, s outside quoted text,
 * escapes and [colour] sections). Sheets returns such cells as Date objects.
 */
export function isDateFormat(format: string | undefined): boolean {
  if (format === undefined || format === DEFAULT_FORMAT || format === PLAIN_TEXT) return false;
  const bare = format
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/\[[^\]]*\]/g, '');
  return /[ymdhs]/i.test(bare);
}

/** Host-realm value as getValues returns it (number | boolean | Date | string): the number format
 *  decides whether a number is a Date (date/time formats) and whether a date is a number. */
export function readValue(cell: Cell | undefined, timeZone: string): number | boolean | Date | string {
  if (!cell) return '';
  const v = cell.value;
  if (v instanceof SheetDate) {
    // A date under an explicit number format (0, #,##0…) reads as its serial number.
    if (cell.format !== undefined && cell.format !== DEFAULT_FORMAT && cell.format !== PLAIN_TEXT) {
      if (!isDateFormat(cell.format)) return v.serial;
    }
    return new Date(instantFromSerial(v.serial, timeZone));
  }
  if (typeof v === 'number' && isDateFormat(cell.format)) return new Date(instantFromSerial(v, timeZone));
  return v;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** A deliberately simple getDisplayValues: a few common number formats, ISO-like dates. */
export function displayValue(cell: Cell | undefined, timeZone: string): string {
  if (!cell) return '';
  const v = cell.value;
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  const serial = v instanceof SheetDate ? v.serial : isDateFormat(cell.format) ? v : undefined;
  if (serial !== undefined) {
    const w = wallTimeAt(instantFromSerial(serial, timeZone), timeZone);
    const date = `${w.year}-${pad(w.month)}-${pad(w.day)}`;
    if (w.hour === 0 && w.minute === 0 && w.second === 0) return date;
    return `${date} ${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`;
  }
  if (v instanceof SheetDate) return String(v.serial);
  const format = cell.format ?? DEFAULT_FORMAT;
  const decimals = /^(#,##)?0(?:\.(0+))?$/.exec(format);
  if (decimals) {
    return v.toLocaleString('en-US', {
      useGrouping: Boolean(decimals[1]),
      minimumFractionDigits: decimals[2]?.length ?? 0,
      maximumFractionDigits: decimals[2]?.length ?? 0,
    });
  }
  if (Number.isInteger(v) || Math.abs(v) >= 1e-4) return String(Number(v.toPrecision(15)));
  return String(v);
}
