/**
 * Wall-clock <-> instant conversion in an IANA time zone, via the host's Intl. Sheets stores dates
 * as serial days in the SPREADSHEET's time zone, which may differ from the script's
 * (apps-script-notes.md, "Spreadsheet behaviour").
 */
export interface WallTime {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  weekday: number; // 0 = Sunday
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
      era: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

export function wallTimeAt(epochMs: number, timeZone: string): WallTime {
  const parts: Record<string, string> = {};
  for (const p of formatterFor(timeZone).formatToParts(new Date(epochMs))) parts[p.type] = p.value;
  let year = Number(parts.year);
  if (parts.era === 'BC' || parts.era === 'B') year = 1 - year;
  return {
    year,
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    millisecond: ((epochMs % 1000) + 1000) % 1000,
    weekday: WEEKDAYS.indexOf(parts.weekday ?? 'Sun'),
  };
}

/** Offset (ms) of `timeZone` from UTC at the given instant. */
export function offsetAt(epochMs: number, timeZone: string): number {
  const w = wallTimeAt(epochMs, timeZone);
  const asUtc = utcMs(w.year, w.month, w.day, w.hour, w.minute, w.second, w.millisecond);
  return asUtc - epochMs;
}

export function utcMs(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0): number {
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, ms);
  return date.getTime();
}

/** Instant at which the wall clock in `timeZone` shows the given time (first match in DST overlaps). */
export function instantOfWallTime(
  timeZone: string,
  y: number,
  mo: number,
  d: number,
  h = 0,
  mi = 0,
  s = 0,
  ms = 0,
): number {
  const asUtc = utcMs(y, mo, d, h, mi, s, ms);
  let guess = asUtc - offsetAt(asUtc, timeZone);
  const second = asUtc - offsetAt(guess, timeZone);
  if (second !== guess) guess = second;
  return guess;
}

const SERIAL_EPOCH_UTC = utcMs(1899, 12, 30);
const DAY_MS = 86_400_000;

/** Sheets serial number (days since 1899-12-30, wall time in the spreadsheet's zone). */
export function serialFromInstant(epochMs: number, timeZone: string): number {
  const w = wallTimeAt(epochMs, timeZone);
  const wallUtc = utcMs(w.year, w.month, w.day, w.hour, w.minute, w.second, w.millisecond);
  return (wallUtc - SERIAL_EPOCH_UTC) / DAY_MS;
}

export function instantFromSerial(serial: number, timeZone: string): number {
  const wallUtc = Math.round(SERIAL_EPOCH_UTC + serial * DAY_MS);
  const w = new Date(wallUtc);
  return instantOfWallTime(
    timeZone,
    w.getUTCFullYear(),
    w.getUTCMonth() + 1,
    w.getUTCDate(),
    w.getUTCHours(),
    w.getUTCMinutes(),
    w.getUTCSeconds(),
    w.getUTCMilliseconds(),
  );
}
