/**
 * Dates → `YYYY-MM-DD` (KST calendar dates). Cells are read with `cellDates: false`, so a date is
 * either text or an Excel serial (1900 system, base 1899-12-30, which absorbs Lotus' fake 1900-02-29).
 * No Date object is used: readers disagree about time zones (libraries.md).
 */
import type { Parsed } from './money';
import { cellText } from './text';

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function valid(year: number, month: number, day: number): boolean {
  if (year < 1900 || year > 2999 || month < 1 || month > 12 || day < 1) return false;
  const max = month === 2 && isLeap(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
  return day <= max;
}

function iso(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Days since 1970-01-01 → civil date (Howard Hinnant's algorithm; integer arithmetic only). */
function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return [year, month, day];
}

/** Civil date → days since 1970-01-01 (Hinnant's days_from_civil; integer arithmetic only). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** 1899-12-30 is 25569 days before 1970-01-01. */
const SERIAL_EPOCH_OFFSET = 25569;

export function serialToIso(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial >= 2958466) return null;
  const [y, m, d] = civilFromDays(Math.floor(serial) - SERIAL_EPOCH_OFFSET);
  return valid(y, m, d) ? iso(y, m, d) : null;
}

/** `YYYY-MM-DD` → spreadsheet serial day (1900 system). Serials are calendar days: no time zone. */
export function isoToSerial(isoDate: string): number {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return daysFromCivil(y, m, d) + SERIAL_EPOCH_OFFSET;
}

/** Calendar date of an instant in an IANA time zone (Intl exists in Apps Script V8, browsers and Node). */
const formatters = new Map<string, Intl.DateTimeFormat>();

export function instantToIso(epochMs: number, timeZone: string): string {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  const parts = formatter.formatToParts(new Date(epochMs));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

const dateTimeFormatters = new Map<string, Intl.DateTimeFormat>();

/** Wall time of an instant in an IANA time zone: `YYYY-MM-DD HH:MM:SS`. */
export function instantToIsoDateTime(epochMs: number, timeZone: string): string {
  let formatter = dateTimeFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    dateTimeFormatters.set(timeZone, formatter);
  }
  const parts = formatter.formatToParts(new Date(epochMs));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}:${get('second')}`;
}

const TEXT_DATE = /^(\d{4})\s*[-./년]\s*(\d{1,2})\s*[-./월]\s*(\d{1,2})\s*[.일]?(?:[\sT].*)?$/;

export function parseDate(cell: unknown): Parsed<string> {
  if (typeof cell === 'number') {
    // 20250105 typed as a number is a compact date, not a serial (serials stay below 3,000,000).
    if (Number.isInteger(cell) && cell >= 19000101 && cell <= 29991231) return parseDate(String(cell));
    const value = serialToIso(cell);
    return value ? { ok: true, value } : { ok: false, reason: 'not a date' };
  }
  const text = cellText(cell);
  if (text === null) return { ok: true, value: null };
  let match = TEXT_DATE.exec(text);
  if (!match) match = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (match) {
    const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
    return valid(y, m, d) ? { ok: true, value: iso(y, m, d) } : { ok: false, reason: 'no such date' };
  }
  // A serial that a CSV round-trip turned into text.
  if (/^\d{4,5}(\.\d+)?$/.test(text)) {
    const value = serialToIso(Number(text));
    if (value) return { ok: true, value };
  }
  return { ok: false, reason: 'not a date' };
}

export function isIsoDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  return !!m && valid(Number(m[1]), Number(m[2]), Number(m[3]));
}

const TEXT_MONTH = /^(\d{4})\s*[-./년]\s*(\d{1,2})\s*월?$/;

/**
 * 세금계산서 발행월 as `YYYY-MM`. WING prints text `2025-01`; a re-saved file may hold `2025.01`,
 * `202501`, a full date or a date serial (Excel turns typed `2025-01` into the 1st of the month).
 * Anything else is kept as printed: the column is informational, and a cell is never dropped.
 */
export function parseMonth(cell: unknown): Parsed<string> {
  if (typeof cell === 'number' && !(Number.isInteger(cell) && cell >= 190001 && cell <= 299912)) {
    const date = parseDate(cell);
    if (date.ok && date.value) return { ok: true, value: date.value.slice(0, 7) };
  }
  const text = cellText(cell);
  if (text === null) return { ok: true, value: null };
  const match = TEXT_MONTH.exec(text) ?? /^(\d{4})(\d{2})$/.exec(text);
  if (match) {
    const [y, m] = [Number(match[1]), Number(match[2])];
    if (valid(y, m, 1)) return { ok: true, value: `${y}-${String(m).padStart(2, '0')}` };
  }
  const date = parseDate(text);
  if (date.ok && date.value) return { ok: true, value: date.value.slice(0, 7) };
  return { ok: true, value: text };
}

/** Spreadsheet serial with a time fraction → `YYYY-MM-DD HH:MM:SS` (wall time, to the second). */
export function serialToIsoDateTime(serial: number): string | null {
  const seconds = Math.round(serial * 86400);
  const day = serialToIso(Math.floor(seconds / 86400));
  if (day === null) return null;
  const rest = seconds - Math.floor(seconds / 86400) * 86400;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${day} ${two(Math.floor(rest / 3600))}:${two(Math.floor(rest / 60) % 60)}:${two(rest % 60)}`;
}

/** `YYYY-MM-DD HH:MM[:SS]` (wall time) → spreadsheet serial with a time fraction; null if malformed. */
export function isoDateTimeToSerial(text: string): number | null {
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text.trim());
  if (!match || !isIsoDate(match[1] ?? '')) return null;
  const [h, m, s] = [Number(match[2]), Number(match[3]), Number(match[4] ?? 0)];
  if (h > 23 || m > 59 || s > 59) return null;
  return isoToSerial(match[1] ?? '') + (h * 3600 + m * 60 + s) / 86400;
}
