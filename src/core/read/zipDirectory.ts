/**
 * The central directory of a ZIP (an .xlsx), read without inflating anything: names and sizes of
 * the parts. SheetJS inflates every part and turns each into one JavaScript string before it
 * parses; a part longer than the longest string the engine can make is dropped without a word
 * (the sheet then looks empty). Checking the declared sizes first costs a few KB of reading, where
 * letting SheetJS try costs the whole inflated part in memory (1.6 GB for a 0.8 GB sheet).
 */

/** V8's longest string (2^29 − 24 UTF-16 units on 64-bit, since V8 6.2): Chromium, Node and Apps
 *  Script all run V8. SheetJS holds a part as a binary string, one unit per byte. */
export const MAX_PART_BYTES = 2 ** 29 - 24;

export interface ZipPart {
  name: string;
  /** Declared uncompressed size; Infinity for a ZIP64 entry (4 GB or more). */
  size: number;
}

const CENTRAL_SIGNATURE = 0x02014b50;
const END_SIGNATURE = 0x06054b50;
const ZIP64_MARK = 0xffffffff;

function u16(bytes: Uint8Array, at: number): number {
  return (bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8);
}

function u32(bytes: Uint8Array, at: number): number {
  return (u16(bytes, at) | (u16(bytes, at + 2) << 16)) >>> 0;
}

function ascii(bytes: Uint8Array, from: number, length: number): string {
  let out = '';
  for (let i = from; i < from + length && i < bytes.length; i++) out += String.fromCharCode(bytes[i]!);
  return out;
}

/** The parts the directory declares, or null when it cannot be found (SheetJS then decides). */
export function zipParts(bytes: Uint8Array): ZipPart[] | null {
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 65557); i--) {
    if (u32(bytes, i) === END_SIGNATURE) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  const count = u16(bytes, end + 10);
  let at = u32(bytes, end + 16);
  if (at === ZIP64_MARK || at >= bytes.length) return null;
  const parts: ZipPart[] = [];
  for (let n = 0; n < count; n++) {
    if (at + 46 > bytes.length || u32(bytes, at) !== CENTRAL_SIGNATURE) return null;
    const size = u32(bytes, at + 24);
    const nameLength = u16(bytes, at + 28);
    const extraLength = u16(bytes, at + 30);
    const commentLength = u16(bytes, at + 32);
    parts.push({ name: ascii(bytes, at + 46, nameLength), size: size === ZIP64_MARK ? Infinity : size });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return parts;
}

/** XML parts (worksheets, shared strings …) too long for SheetJS to hold, largest first. */
export function oversizeParts(bytes: Uint8Array): ZipPart[] {
  const parts = zipParts(bytes) ?? [];
  return parts
    .filter((p) => /\.xml$/i.test(p.name) && p.size > MAX_PART_BYTES)
    .sort((a, b) => b.size - a.size);
}
