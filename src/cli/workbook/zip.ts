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
  Reader,
  Uint8ArrayReader,
  Writer,
  ZipReader,
  ZipWriter,
} from '@zip.js/zip.js';

// No Web Workers in the command line: the codecs are Node's zlib, called directly. Entries are
// only copied, in large chunks (fewer trips through the streams).
configure({ useWebWorkers: false, chunkSize: 4 << 20 });

/** CRC-32 of the zip format, continued from `value` (Node's zlib; Node 20.15 or newer). */
export function crc32(data: Uint8Array, value = 0): number {
  if (typeof zlib.crc32 !== 'function') {
    throw new Error('Node.js 20.15 이상이 필요합니다 / cjet needs Node.js 20.15 or newer (zlib.crc32)');
  }
  return zlib.crc32(data, value);
}

export interface ZipPart {
  name: string;
  entry: Entry;
}

/** A part compressed by us: deflated bytes (in blocks, joined only as the zip is written: a kept
 *  sheet's compressed start is not copied), CRC-32 and size of the content. */
export interface Deflated {
  raw: readonly Uint8Array[];
  crc: number;
  size: number;
}

export type OutputPart = { name: string; copy: Entry } | { name: string; deflated: Deflated };

/** Collects the chunks zip.js writes and joins them once (its Uint8ArrayWriter regrows and copies). */
class ChunksWriter extends Writer<Uint8Array> {
  private chunks: Uint8Array[] = [];
  private length = 0;

  override async writeUint8Array(array: Uint8Array): Promise<void> {
    this.chunks.push(array);
    this.length += array.length;
  }

  override async getData(): Promise<Uint8Array> {
    const joined = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.length);
    this.chunks = [joined];
    return joined;
  }
}

/** The zip each entry read by readZip was found in. */
const sourceOf = new WeakMap<Entry, Uint8Array>();

export async function readZip(bytes: Uint8Array): Promise<ZipPart[]> {
  const reader = new ZipReader(new Uint8ArrayReader(bytes));
  const entries = await reader.getEntries();
  for (const entry of entries) sourceOf.set(entry, bytes);
  return entries.map((entry) => ({ name: entry.filename, entry }));
}

const LOCAL_HEADER = 0x04034b50;

/** The entry's bytes as stored (still compressed): a view into its zip where the local header is
 *  where the directory says (no copy of a 20 MB sheet), else read through zip.js. */
export async function storedBytes(entry: Entry): Promise<Uint8Array> {
  if (entry.directory) return new Uint8Array(0);
  const zip = sourceOf.get(entry);
  const at = entry.offset;
  if (zip && at + 30 <= zip.length) {
    const header = new DataView(zip.buffer, zip.byteOffset + at, 30);
    if (header.getUint32(0, true) === LOCAL_HEADER) {
      const start = at + 30 + header.getUint16(26, true) + header.getUint16(28, true);
      const end = start + entry.compressedSize;
      if (end <= zip.length) return zip.subarray(start, end);
    }
  }
  return (entry as FileEntry).getData(new ChunksWriter(), { passThrough: true });
}

/** The entry's content. `limit`: inflate only the first compressed bytes (enough for row 1 of a sheet). */
export async function contentOf(entry: Entry, limit?: number): Promise<Buffer> {
  return inflate(await storedBytes(entry), entry.compressionMethod, limit, entry.uncompressedSize);
}

/** Stored bytes → content (stored or deflated entries; other methods are not used by .xlsx writers). */
export function inflate(stored: Uint8Array, method: number, limit?: number, size = 0): Buffer {
  if (method === 0) return Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength);
  if (method !== 8) throw new Error(`compression method ${method}`);
  if (limit !== undefined && limit < stored.length) {
    // A truncated deflate stream: Z_SYNC_FLUSH returns what the prefix holds instead of failing.
    return zlib.inflateRawSync(stored.subarray(0, limit), { finishFlush: zlib.constants.Z_SYNC_FLUSH });
  }
  // One output chunk of the size the central directory gives (zlib grows it if that was wrong):
  // inflating 150 MB in 16 KB chunks and joining them costs twice as much.
  const chunkSize = Math.min(Math.max(size + 1, 1 << 16), 1 << 30);
  return zlib.inflateRawSync(stored, { chunkSize });
}

/**
 * inflate() on zlib's thread pool, into one output chunk of the size the central directory gives:
 * the managed sheets of a workbook are inflated side by side, while the caller does other work.
 */
export function inflateAsync(stored: Uint8Array, method: number, size: number): Promise<Buffer> {
  if (method !== 8) return Promise.resolve(inflate(stored, method, undefined, size));
  const chunkSize = Math.min(Math.max(size + 1, 1 << 16), 1 << 30);
  return new Promise((resolve, reject) =>
    zlib.inflateRaw(stored, { chunkSize }, (error, result) => (error ? reject(error) : resolve(result))),
  );
}

export function deflateSync(content: string | Uint8Array): Deflated {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  return { raw: [zlib.deflateRawSync(bytes)], crc: crc32(bytes), size: bytes.length };
}

/**
 * Deflates a long sequence of byte blocks on zlib's thread pool while the caller produces the next
 * ones, so a large sheet is never held as one uncompressed buffer. `prefix`: compressed bytes
 * (ending at a full flush) that the new data continues — the unchanged start of a sheet, not
 * compressed again.
 */
export class StreamingDeflate {
  private readonly stream: zlib.DeflateRaw;
  private readonly out: Buffer[] = [];
  private crc: number;
  private size: number;
  private readonly done: Promise<void>;

  constructor(private readonly prefix: Deflated | null = null) {
    this.crc = prefix?.crc ?? 0;
    this.size = prefix?.size ?? 0;
    this.stream = zlib.createDeflateRaw({ level: 6, chunkSize: 1 << 20 });
    this.stream.on('data', (chunk: Buffer) => this.out.push(chunk));
    this.done = new Promise((resolve, reject) => {
      this.stream.on('end', resolve);
      this.stream.on('error', reject);
    });
  }

  /** Uncompressed bytes so far (the kept prefix's included). */
  get written(): number {
    return this.size;
  }

  /** Queues a block; returns a promise only when zlib asks the producer to wait. */
  push(block: Uint8Array): Promise<void> | undefined {
    if (block.length === 0) return undefined;
    this.crc = crc32(block, this.crc);
    this.size += block.length;
    if (this.stream.write(block)) return undefined;
    return new Promise((resolve) => this.stream.once('drain', resolve));
  }

  /**
   * Ends the deflate blocks here, byte-aligned, with the window reset (Z_FULL_FLUSH): what follows
   * decompresses on its own, so a later import can keep everything before this point as it is.
   */
  fullFlush(): Promise<void> {
    return new Promise((resolve) => this.stream.flush(zlib.constants.Z_FULL_FLUSH, () => resolve()));
  }

  async end(): Promise<Deflated> {
    this.stream.end();
    await this.done;
    return { raw: [...(this.prefix?.raw ?? []), ...this.out], crc: this.crc >>> 0, size: this.size };
  }
}

/** A full-flush point of a compressed part: `at` compressed bytes hold its first `offset` bytes. */
export interface FlushPoint {
  at: number;
  offset: number;
}

/**
 * The full-flush points of a part cjet wrote, from the end back to compressed byte `limit`, each
 * stretch between two of them proven by inflating it to exactly the `content` it must hold (none
 * when another program wrote the part).
 */
export function* flushPointsFromEnd(
  stored: Uint8Array,
  content: Uint8Array,
  limit: number,
): Generator<FlushPoint> {
  let end = stored.length;
  let x = content.length;
  for (let i = stored.length - 4; i >= Math.max(0, limit); i--) {
    if (stored[i] !== 0 || stored[i + 1] !== 0 || stored[i + 2] !== 0xff || stored[i + 3] !== 0xff) continue;
    let part: Buffer;
    try {
      part = zlib.inflateRawSync(stored.subarray(i + 4, end), {
        finishFlush: zlib.constants.Z_SYNC_FLUSH,
      });
    } catch {
      continue;
    }
    const from = x - part.length;
    if (from < 0 || !part.equals(content.subarray(from, x))) continue;
    end = i + 4;
    x = from;
    yield { at: end, offset: x };
  }
}

/**
 * The last full-flush point at or before uncompressed offset `offset`, searching the compressed
 * bytes of the stretch from `offset` to the end plus `margin`; null when there is none.
 */
export function flushPointBefore(
  stored: Uint8Array,
  content: Uint8Array,
  offset: number,
  margin: number,
): FlushPoint | null {
  const limit = stored.length - (content.length - offset) - margin;
  for (const point of flushPointsFromEnd(stored, content, limit)) if (point.offset <= offset) return point;
  return null;
}

/**
 * Byte blocks read as one: zip.js asks for chunks in order, and a chunk that falls within one block
 * is a view of it (its Uint8ArrayReader copies every chunk, and the blocks would have to be joined).
 */
class BlocksReader extends Reader<readonly Uint8Array[]> {
  private readonly blocks: readonly Uint8Array[];
  private readonly starts: number[] = [];

  constructor(blocks: readonly Uint8Array[]) {
    super(blocks);
    this.blocks = blocks.filter((b) => b.length > 0);
    let at = 0;
    for (const block of this.blocks) {
      this.starts.push(at);
      at += block.length;
    }
    this.size = at;
  }

  override async readUint8Array(index: number, length: number): Promise<Uint8Array> {
    const end = Math.min(index + length, this.size);
    if (end <= index) return new Uint8Array(0);
    let k = this.starts.length - 1;
    while (k > 0 && this.starts[k]! > index) k--;
    const first = this.blocks[k]!;
    const from = index - this.starts[k]!;
    if (from + (end - index) <= first.length) return first.subarray(from, from + (end - index));
    const out = new Uint8Array(end - index);
    for (let at = index; at < end; k++) {
      const block = this.blocks[k]!;
      const part = block.subarray(at - this.starts[k]!, Math.min(block.length, end - this.starts[k]!));
      out.set(part, at - index);
      at += part.length;
    }
    return out;
  }
}

/** A new zip: parts copied from another zip (stored bytes as they are) or already deflated. */
export async function writeZip(parts: readonly OutputPart[]): Promise<Uint8Array> {
  const writer = new ZipWriter(new ChunksWriter(), { keepOrder: true });
  for (const part of parts) {
    if ('copy' in part) {
      const { copy } = part;
      if (copy.directory) {
        await writer.add(part.name, undefined, { passThrough: true, entry: copy });
        continue;
      }
      const stored = await storedBytes(copy);
      await writer.add(part.name, new BlocksReader([stored]), { passThrough: true, entry: copy });
    } else {
      const { raw, crc, size } = part.deflated;
      await writer.add(part.name, new BlocksReader(raw), {
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
