/**
 * Utilities: formatDate (Java SimpleDateFormat subset), digests returning SIGNED bytes (Java
 * byte[]), base64, a minimal Blob, parseCsv, getUuid and sleep (a no-op whose time is recorded).
 */
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { gasError, messages } from './errors.js';
import { GAS_TYPE, GasObject } from './realm.js';
import { isValidTimeZone, offsetAt, wallTimeAt } from './timezone.js';
import { dateMs, isDate } from './values.js';

export const DigestAlgorithm = Object.freeze({
  MD2: 'MD2',
  MD5: 'MD5',
  SHA_1: 'SHA_1',
  SHA_256: 'SHA_256',
  SHA_384: 'SHA_384',
  SHA_512: 'SHA_512',
});

export const Charset = Object.freeze({ US_ASCII: 'US_ASCII', UTF_8: 'UTF_8' });

const NODE_DIGEST: Record<string, string> = {
  MD5: 'md5',
  SHA_1: 'sha1',
  SHA_256: 'sha256',
  SHA_384: 'sha384',
  SHA_512: 'sha512',
};

export function toSignedBytes(buf: Uint8Array): number[] {
  return Array.from(buf, (b) => (b > 127 ? b - 256 : b));
}

function encodingOf(charset: unknown): BufferEncoding {
  if (charset === undefined || charset === 'UTF_8') return 'utf8';
  if (charset === 'US_ASCII') return 'ascii';
  throw gasError(messages.invalidArgument('charset'));
}

/** A string (encoded with `charset`) or a byte[] (signed or unsigned) -> bytes. */
function bytesOf(value: unknown, charset?: unknown): Buffer {
  if (typeof value === 'string') return Buffer.from(value, encodingOf(charset));
  if (Array.isArray(value)) return Buffer.from(value.map((b) => Number(b) & 0xff));
  if (value instanceof Blob) return value.bytes();
  throw gasError(messages.invalidArgument('value'));
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function pad(n: number, width: number): string {
  return String(Math.abs(n)).padStart(width, '0');
}

function offsetText(offsetMs: number, style: 'Z' | 'X' | 'XX' | 'XXX'): string {
  const minutes = Math.round(offsetMs / 60_000);
  if (minutes === 0 && style.startsWith('X')) return 'Z';
  const sign = minutes < 0 ? '-' : '+';
  const h = pad(Math.floor(Math.abs(minutes) / 60), 2);
  const m = pad(Math.abs(minutes) % 60, 2);
  if (style === 'X') return `${sign}${h}`;
  if (style === 'XXX') return `${sign}${h}:${m}`;
  return `${sign}${h}${m}`;
}

/** Java SimpleDateFormat subset: y M d H h m s S a E u Z X and 'quoted' text, English names. */
export function formatDate(epochMs: number, timeZone: string, pattern: string): string {
  const w = wallTimeAt(epochMs, timeZone);
  const offset = offsetAt(epochMs, timeZone);
  let out = '';
  for (let i = 0; i < pattern.length; ) {
    const ch = pattern[i] ?? '';
    if (ch === "'") {
      const end = pattern.indexOf("'", i + 1);
      const text = pattern.slice(i + 1, end < 0 ? pattern.length : end);
      out += text === '' ? "'" : text;
      i = end < 0 ? pattern.length : end + 1;
      continue;
    }
    if (!/[A-Za-z]/.test(ch)) {
      out += ch;
      i += 1;
      continue;
    }
    let n = 1;
    while (pattern[i + n] === ch) n += 1;
    i += n;
    switch (ch) {
      case 'y':
        out += n === 2 ? pad(w.year % 100, 2) : pad(w.year, n);
        break;
      case 'M':
        out += n >= 4 ? MONTHS[w.month - 1] : n === 3 ? MONTHS[w.month - 1]?.slice(0, 3) : pad(w.month, n);
        break;
      case 'd':
        out += pad(w.day, n);
        break;
      case 'H':
        out += pad(w.hour, n);
        break;
      case 'h':
        out += pad(w.hour % 12 === 0 ? 12 : w.hour % 12, n);
        break;
      case 'm':
        out += pad(w.minute, n);
        break;
      case 's':
        out += pad(w.second, n);
        break;
      case 'S':
        out += pad(w.millisecond, n);
        break;
      case 'a':
        out += w.hour < 12 ? 'AM' : 'PM';
        break;
      case 'E':
        out += n >= 4 ? DAYS[w.weekday] : DAYS[w.weekday]?.slice(0, 3);
        break;
      case 'u':
        out += String(w.weekday === 0 ? 7 : w.weekday);
        break;
      case 'Z':
        out += offsetText(offset, 'Z');
        break;
      case 'X':
        out += offsetText(offset, n === 1 ? 'X' : n === 2 ? 'XX' : 'XXX');
        break;
      default:
        throw gasError(messages.invalidArgument('format'));
    }
  }
  return out;
}

/** Minimal RFC 4180 parser (quoted fields, doubled quotes, CRLF/LF). */
export function parseCsv(csv: string, delimiter = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < csv.length; i += 1) {
    const ch = csv[i];
    if (quoted) {
      if (ch === '"' && csv[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && csv[i + 1] === '\n') i += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

export class Blob extends GasObject {
  readonly [GAS_TYPE] = 'Blob';
  #bytes: Buffer;
  #contentType: string | null;
  #name: string | null;

  constructor(bytes: Buffer, contentType: string | null, name: string | null) {
    super();
    this.#bytes = bytes;
    this.#contentType = contentType;
    this.#name = name;
  }

  bytes(): Buffer {
    return this.#bytes;
  }

  getBytes(): number[] {
    return toSignedBytes(this.#bytes);
  }

  setBytes(data: unknown): this {
    this.#bytes = bytesOf(data);
    return this;
  }

  getDataAsString(charset?: unknown): string {
    return this.#bytes.toString(encodingOf(charset));
  }

  setDataFromString(s: unknown, charset?: unknown): this {
    this.#bytes = Buffer.from(String(s), encodingOf(charset));
    return this;
  }

  getContentType(): string | null {
    return this.#contentType;
  }

  setContentType(type: unknown): this {
    this.#contentType = type === null ? null : String(type);
    return this;
  }

  getName(): string | null {
    return this.#name;
  }

  setName(name: unknown): this {
    this.#name = String(name);
    return this;
  }

  copyBlob(): Blob {
    return new Blob(Buffer.from(this.#bytes), this.#contentType, this.#name);
  }

  isGoogleType(): boolean {
    return false;
  }
}

export interface SleepClock {
  sleptMs: number;
}

export class UtilitiesImpl extends GasObject {
  readonly [GAS_TYPE] = 'Utilities';
  readonly #clock: SleepClock;

  constructor(clock: SleepClock) {
    super();
    this.#clock = clock;
  }

  get DigestAlgorithm() {
    return DigestAlgorithm;
  }

  get Charset() {
    return Charset;
  }

  formatDate(date: unknown, timeZone: unknown, format: unknown): string {
    if (!isDate(date) || typeof timeZone !== 'string' || typeof format !== 'string') {
      throw gasError(messages.invalidArgument('formatDate'));
    }
    if (!isValidTimeZone(timeZone)) throw gasError(messages.invalidArgument('timeZone'));
    return formatDate(dateMs(date), timeZone, format);
  }

  computeDigest(algorithm: unknown, value: unknown, charset?: unknown): number[] {
    const name = NODE_DIGEST[String(algorithm)];
    if (name === undefined) throw gasError(messages.invalidArgument('algorithm'));
    return toSignedBytes(createHash(name).update(bytesOf(value, charset)).digest());
  }

  computeHmacSha256Signature(value: unknown, key: unknown, charset?: unknown): number[] {
    return toSignedBytes(
      createHmac('sha256', bytesOf(key, charset)).update(bytesOf(value, charset)).digest(),
    );
  }

  base64Encode(data: unknown, charset?: unknown): string {
    return bytesOf(data, charset).toString('base64');
  }

  base64EncodeWebSafe(data: unknown, charset?: unknown): string {
    return bytesOf(data, charset).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
  }

  base64Decode(encoded: unknown): number[] {
    return toSignedBytes(Buffer.from(String(encoded), 'base64'));
  }

  base64DecodeWebSafe(encoded: unknown): number[] {
    return toSignedBytes(Buffer.from(String(encoded).replace(/-/g, '+').replace(/_/g, '/'), 'base64'));
  }

  newBlob(data: unknown, contentType?: unknown, name?: unknown): Blob {
    return new Blob(
      bytesOf(data),
      contentType === undefined ? null : String(contentType),
      name === undefined ? null : String(name),
    );
  }

  getUuid(): string {
    return randomUUID();
  }

  /** No-op: the requested time is added to the execution's `sleptMs` (max 300000 ms per call). */
  sleep(milliseconds: unknown): void {
    const ms = Number(milliseconds);
    if (!(ms >= 0 && ms <= 300_000)) throw gasError(messages.invalidArgument('milliseconds'));
    this.#clock.sleptMs += ms;
  }

  parseCsv(csv: unknown, delimiter?: unknown): string[][] {
    return parseCsv(String(csv), delimiter === undefined ? ',' : String(delimiter));
  }
}
