/**
 * The .xlsx zip container through @zip.js/zip.js: it reads the central directory and hands out an
 * entry's stored bytes without inflating them (`passThrough`), and writes an entry from bytes that
 * are already compressed. So an entry the import does not own is copied through still compressed and
 * byte-identical, and a changed part is deflated once, by Node's native zlib (much faster than a
 * JavaScript deflate; libraries.md).
 */
import * as zlib from 'node:zlib';
import {
  configure,
  type Entry,
  type FileEntry,
  Uint8ArrayReader,
  Uint8ArrayWriter,
  ZipReader,
  ZipWriter,
} from '@zip.js/zip.js';

// No Web Workers in the command line: the codecs are Node's zlib, called directly.
configure({ useWebWorkers: false });

export interface ZipPart {
  name: string;
  entry: Entry;
}

/** A part compressed by us: deflated bytes, CRC-32 and size of the content. */
export interface Deflated {
  raw: Uint8Array;
  crc: number;
  size: number;
}

export type OutputPart = { name: string; copy: Entry } | { name: string; deflated: Deflated };

export async function readZip(bytes: Uint8Array): Promise<ZipPart[]> {
  const reader = new ZipReader(new Uint8ArrayReader(bytes));
  const entries = await reader.getEntries();
  return entries.map((entry) => ({ name: entry.filename, entry }));
}

/** The entry's bytes as stored (still compressed). */
export async function storedBytes(entry: Entry): Promise<Uint8Array> {
  if (entry.directory) return new Uint8Array(0);
  return (entry as FileEntry).getData(new Uint8ArrayWriter(), { passThrough: true });
}

/** The entry's content. `limit`: inflate only the first compressed bytes (enough for row 1 of a sheet). */
export async function contentOf(entry: Entry, limit?: number): Promise<Buffer> {
  return inflate(await storedBytes(entry), entry.compressionMethod, limit);
}

/** Stored bytes → content (stored or deflated entries; other methods are not used by .xlsx writers). */
export function inflate(stored: Uint8Array, method: number, limit?: number): Buffer {
  if (method === 0) return Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength);
  if (method !== 8) throw new Error(`compression method ${method}`);
  if (limit !== undefined && limit < stored.length) {
    // A truncated deflate stream: Z_SYNC_FLUSH returns what the prefix holds instead of failing.
    return zlib.inflateRawSync(stored.subarray(0, limit), { finishFlush: zlib.constants.Z_SYNC_FLUSH });
  }
  return zlib.inflateRawSync(stored, { chunkSize: 1 << 20 });
}

export function deflateSync(content: string | Uint8Array): Deflated {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  return { raw: zlib.deflateRawSync(bytes), crc: zlib.crc32(bytes), size: bytes.length };
}

/**
 * Deflates a long sequence of chunks on zlib's thread pool while the caller produces the next ones,
 * so a large sheet is never held as one uncompressed buffer.
 */
export class StreamingDeflate {
  private readonly stream = zlib.createDeflateRaw({ level: 6, chunkSize: 1 << 20 });
  private readonly out: Buffer[] = [];
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private crc = 0;
  private size = 0;
  private readonly done: Promise<void>;

  constructor() {
    this.stream.on('data', (chunk: Buffer) => this.out.push(chunk));
    this.done = new Promise((resolve, reject) => {
      this.stream.on('end', resolve);
      this.stream.on('error', reject);
    });
  }

  /** Queues text or bytes; returns a promise only when zlib asks the producer to wait. */
  push(content: string | Uint8Array): Promise<void> | undefined {
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    if (bytes.length === 0) return undefined;
    this.pending.push(bytes as Buffer);
    this.pendingBytes += bytes.length;
    return this.pendingBytes >= 1 << 20 ? this.flush() : undefined;
  }

  private flush(): Promise<void> | undefined {
    if (this.pending.length === 0) return undefined;
    const block = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    this.crc = zlib.crc32(block, this.crc);
    this.size += block.length;
    if (this.stream.write(block)) return undefined;
    return new Promise((resolve) => this.stream.once('drain', resolve));
  }

  async end(): Promise<Deflated> {
    await this.flush();
    this.stream.end();
    await this.done;
    return { raw: Buffer.concat(this.out), crc: this.crc >>> 0, size: this.size };
  }
}

/** A new zip: parts copied from another zip (stored bytes as they are) or already deflated. */
export async function writeZip(parts: readonly OutputPart[]): Promise<Uint8Array> {
  const writer = new ZipWriter(new Uint8ArrayWriter(), { keepOrder: true });
  for (const part of parts) {
    if ('copy' in part) {
      const { copy } = part;
      if (copy.directory) {
        await writer.add(part.name, undefined, { passThrough: true, entry: copy });
        continue;
      }
      const stored = await storedBytes(copy);
      await writer.add(part.name, new Uint8ArrayReader(stored), { passThrough: true, entry: copy });
    } else {
      const { raw, crc, size } = part.deflated;
      await writer.add(part.name, new Uint8ArrayReader(raw), {
        passThrough: true,
        compressionMethod: 8,
        uncompressedSize: size,
        crc32: crc,
        level: 6,
      });
    }
  }
  return writer.close();
}
