/**
 * What kind of container the bytes are, decided by content (the extension is only a hint:
 * sellers rename files, and WING's old "엑셀" buttons save HTML tables as .xls).
 */

export type Container = 'empty' | 'zip' | 'cfb' | 'html' | 'text' | 'binary';

/** Formats sellers drop by mistake (a settlement PDF, a screenshot): named, not guessed at. */
const OTHER_FORMATS: readonly { name: string; magic: readonly number[] }[] = [
  { name: 'PDF', magic: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { name: 'PNG', magic: [0x89, 0x50, 0x4e, 0x47] },
  { name: 'JPEG', magic: [0xff, 0xd8, 0xff] },
  { name: 'GIF', magic: [0x47, 0x49, 0x46, 0x38] },
  { name: 'gzip', magic: [0x1f, 0x8b] },
  { name: 'RAR', magic: [0x52, 0x61, 0x72, 0x21] },
  { name: '7z', magic: [0x37, 0x7a, 0xbc, 0xaf] },
];

/** The name of a known non-spreadsheet format, if the bytes start with its signature. */
export function otherFormat(bytes: Uint8Array): string | null {
  for (const format of OTHER_FORMATS) if (startsWith(bytes, format.magic)) return format.name;
  return null;
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const ZIP_EMPTY = [0x50, 0x4b, 0x05, 0x06];
const CFB = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  if (bytes.length < magic.length) return false;
  for (let i = 0; i < magic.length; i++) if (bytes[i] !== magic[i]) return false;
  return true;
}

/** ASCII view of the first bytes, for HTML sniffing. */
function asciiHead(bytes: Uint8Array, length: number): string {
  let out = '';
  const end = Math.min(bytes.length, length);
  for (let i = 0; i < end; i++) out += String.fromCharCode(bytes[i]!);
  return out;
}

export function sniffContainer(bytes: Uint8Array): Container {
  let nonBlank = false;
  for (let i = 0; i < bytes.length && i < 4096; i++) {
    const b = bytes[i]!;
    if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x00) {
      nonBlank = true;
      break;
    }
  }
  if (bytes.length === 0 || (!nonBlank && bytes.length <= 4096)) return 'empty';
  if (startsWith(bytes, ZIP) || startsWith(bytes, ZIP_EMPTY)) return 'zip';
  if (startsWith(bytes, CFB)) return 'cfb';
  const head = asciiHead(bytes, 2048)
    .replace(/^\uFEFF|^\xEF\xBB\xBF/, '')
    .trimStart()
    .toLowerCase();
  if (head.startsWith('<') && /<(html|table|!doctype html|meta|head|body)/.test(head)) return 'html';
  // NUL bytes or many C0 controls: not a text file (UTF-16 exports excepted, which Coupang never makes).
  let controls = 0;
  const sample = Math.min(bytes.length, 8192);
  for (let i = 0; i < sample; i++) {
    const b = bytes[i]!;
    if (b === 0 || (b < 0x09 && b !== 0x00) || (b > 0x0d && b < 0x20 && b !== 0x1b)) controls++;
  }
  if (controls > sample / 100 + 1) return 'binary';
  return 'text';
}

/** An OLE compound file holding `EncryptionInfo` is an Office workbook saved with a password
 *  (Agile/Standard encryption wraps the real .xlsx inside the CFB container). */
export function isEncryptedCfb(bytes: Uint8Array): boolean {
  const needle = 'EncryptionInfo';
  // Directory entry names are UTF-16LE.
  const limit = bytes.length - needle.length * 2;
  outer: for (let i = 0; i <= limit; i++) {
    if (bytes[i] !== 0x45) continue;
    for (let k = 0; k < needle.length; k++) {
      if (bytes[i + k * 2] !== needle.charCodeAt(k) || bytes[i + k * 2 + 1] !== 0) continue outer;
    }
    return true;
  }
  return false;
}

/** A complete ZIP ends with an end-of-central-directory record (PK\x05\x06) in its last 64 KB. */
export function zipLooksComplete(bytes: Uint8Array): boolean {
  const start = Math.max(0, bytes.length - 65557);
  for (let i = bytes.length - 22; i >= start; i--) {
    if (bytes[i] === 0x50 && bytes[i + 1] === 0x4b && bytes[i + 2] === 0x05 && bytes[i + 3] === 0x06)
      return true;
  }
  return false;
}
