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
      era: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Offset via Intl (slow: formatToParts); only used on cache misses. */
function offsetByIntl(epochMs: number, timeZone: string): number {
  const parts: Record<string, string> = {};
  for (const p of formatterFor(timeZone).formatToParts(new Date(epochMs))) parts[p.type] = p.value;
  let year = Number(parts.year);
  if (parts.era === 'BC' || parts.era === 'B') year = 1 - year;
  const wholeSecond = epochMs - (((epochMs % 1000) + 1000) % 1000);
  const asUtc = utcMs(
    year,
    Number(parts.month),
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  return asUtc - wholeSecond;
}

const BUCKET_MS = 15 * 60 * 1000;
const offsetCache = new Map<string, Map<number, number>>();

/**
 * Offset (ms) of `timeZone` from UTC at the given instant. Cached per 15-minute bucket when the
 * offset is the same at both ends of the bucket (exact otherwise), because typed dates are converted
 * cell by cell and Intl is slow.
 */
export function offsetAt(epochMs: number, timeZone: string): number {
  let cache = offsetCache.get(timeZone);
  if (!cache) {
    cache = new Map();
    offsetCache.set(timeZone, cache);
  }
  const bucket = Math.floor(epochMs / BUCKET_MS);
  const hit = cache.get(bucket);
  if (hit !== undefined) return hit;
  const start = offsetByIntl(bucket * BUCKET_MS, timeZone);
  const end = offsetByIntl((bucket + 1) * BUCKET_MS - 1000, timeZone);
  if (start === end) {
    cache.set(bucket, start);
    return start;
  }
  return offsetByIntl(epochMs, timeZone);
}

export function wallTimeAt(epochMs: number, timeZone: string): WallTime {
  const d = new Date(epochMs + offsetAt(epochMs, timeZone));
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    millisecond: d.getUTCMilliseconds(),
    weekday: d.getUTCDay(),
  };
}

export function utcMs(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0): number {
  // Date.UTC maps years 0-99 to 1900-1999, so only the rare small years take the slow path.
  if (y >= 100) return Date.UTC(y, mo - 1, d, h, mi, s, ms);
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
