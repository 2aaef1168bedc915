// Issue #8 "cost follows the rows imported": a save keeps a sheet's compressed bytes up to the last
// full flush before the rows it rewrites. The streams here are built with node's zlib directly
// (segments deflated on their own, each ending on a full flush), not with the writer under test.
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { flushPointBefore } from '../../src/cli/workbook/zip';

function text(seed: number, bytes: number): Buffer {
  let out = '';
  for (let i = 0; out.length < bytes; i++)
    out += `<row r="${seed * 100000 + i}"><c><v>${(i * 7919) % 104729}</v></c></row>`;
  return Buffer.from(out.slice(0, bytes));
}

/** Raw deflate of `segments`, a full flush after each but the last. */
function flushed(segments: readonly Buffer[]): { stored: Buffer; at: number[] } {
  const parts: Buffer[] = [];
  const at: number[] = [];
  let length = 0;
  segments.forEach((segment, k) => {
    const last = k === segments.length - 1;
    const part = zlib.deflateRawSync(segment, {
      finishFlush: last ? zlib.constants.Z_FINISH : zlib.constants.Z_FULL_FLUSH,
    });
    parts.push(part);
    length += part.length;
    at.push(length);
  });
  return { stored: Buffer.concat(parts), at };
}

describe('flushPointBefore', () => {
  const [a, b, c] = [text(1, 300_000), text(2, 200_000), text(3, 50_000)];
  const content = Buffer.concat([a, b, c]);
  const { stored, at } = flushed([a, b, c]);
  const margin = 1 << 20;

  it('finds the last flush at or before the offset, with the bytes it keeps', () => {
    expect(zlib.inflateRawSync(stored).equals(content)).toBe(true);
    expect(flushPointBefore(stored, content, a.length + b.length + 10, margin)).toEqual({
      at: at[1],
      offset: a.length + b.length,
    });
    expect(flushPointBefore(stored, content, a.length + b.length, margin)).toEqual({
      at: at[1],
      offset: a.length + b.length,
    });
    expect(flushPointBefore(stored, content, a.length + 5, margin)).toEqual({ at: at[0], offset: a.length });
  });

  it('finds none before the first flush, in a stream without flushes, or for other content', () => {
    expect(flushPointBefore(stored, content, a.length - 1, margin)).toBeNull();
    expect(flushPointBefore(zlib.deflateRawSync(content), content, content.length - 10, margin)).toBeNull();
    const other = Buffer.from(content);
    other[content.length - 3] = 0x41;
    expect(flushPointBefore(stored, other, a.length + b.length + 10, margin)).toBeNull();
  });
});
