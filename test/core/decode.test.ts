/** Text decoding without TextDecoder: strict UTF-8 in core, CP949 injected (iconv-lite in Node). */
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeText } from '../../src/core/read/csv';
import { decodeUtf8Strict } from '../../src/core/read/utf8';
import { decodeCp949 } from './helpers';

describe('strict UTF-8', () => {
  it('decodes any string exactly as encoded', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(decodeUtf8Strict(new Uint8Array(Buffer.from(text, 'utf8')))).toBe(text);
      }),
    );
  });

  it('drops a BOM', () => {
    expect(decodeUtf8Strict(new Uint8Array([0xef, 0xbb, 0xbf, 0x41]))).toBe('A');
  });

  it.each([
    ['overlong', [0xc0, 0xaf]],
    ['surrogate', [0xed, 0xa0, 0x80]],
    ['truncated', [0xe2, 0x82]],
    ['above U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
    ['lone continuation', [0x80]],
  ])('refuses %s sequences', (_name, bytes) => {
    expect(decodeUtf8Strict(new Uint8Array(bytes))).toBeNull();
  });
});

describe('CP949 (injected decoder)', () => {
  // 똠 쌰 휑 뷁 햏 are CP949 extension syllables: not in EUC-KR, corrupted by Node's TextDecoder('euc-kr').
  const text = '옵션명,똠얌꿍 쌰 휑 뷁 햏\r\n판매액(A*B),1000';

  it('is never mistaken for UTF-8 and decodes extension syllables exactly', () => {
    const bytes = new Uint8Array(iconv.encode(text, 'cp949'));
    expect(decodeUtf8Strict(bytes)).toBeNull();
    expect(decodeText(bytes, decodeCp949)).toEqual({ text, encoding: 'cp949' });
  });

  it('round-trips any Hangul syllable text', () => {
    const hangul = fc.string({
      unit: fc.integer({ min: 0xac00, max: 0xd7a3 }).map((c) => String.fromCharCode(c)),
      minLength: 1,
    });
    fc.assert(
      fc.property(hangul, (s) => {
        const bytes = new Uint8Array(iconv.encode(s, 'cp949'));
        expect(decodeText(bytes, decodeCp949).text).toBe(s);
      }),
    );
  });

  it('prefers UTF-8 when the bytes are valid UTF-8', () => {
    expect(decodeText(new Uint8Array(Buffer.from(text)), () => 'WRONG')).toEqual({ text, encoding: 'utf-8' });
  });
});
