import { describe, expect, it } from 'vitest';
import { type ColumnDef, matchHeader, type TabDef, writeSegments } from '../../src/core/model/tabs';

const col = (key: string, ko: string, extra: Partial<ColumnDef> = {}): ColumnDef => ({
  key,
  ko,
  en: key.toUpperCase(),
  type: 'text',
  ...extra,
});

// A made-up tab: two version-1 columns, a user-owned one, then two added in version 2.
const TAB: TabDef = {
  id: 'fees',
  ko: '수수료',
  en: 'Fees',
  protect: true,
  columns: [
    col('a', '가', { former: ['옛 가'] }),
    col('b', '나'),
    col('o', '직접', { userOwned: true }),
    col('c', '다', { since: 2 }),
    col('d', '라', { since: 2 }),
  ],
};

describe('matchHeader', () => {
  it('a current header, with a user column to the right, needs nothing', () => {
    expect(matchHeader(TAB, ['가', '나', '직접', '다', '라', '내 메모'], 'ko')).toEqual({
      status: 'current',
      relabel: false,
    });
  });

  it('a former label, the other language or the key is recognised and relabelled', () => {
    expect(matchHeader(TAB, ['옛 가', 'B', 'o', '다', 'd'], 'ko')).toEqual({
      status: 'current',
      relabel: true,
    });
    expect(matchHeader(TAB, ['A', 'B', 'O', 'C', 'D'], 'en')).toEqual({ status: 'current', relabel: false });
  });

  it('a version-1 table (user columns after it) is an upgrade after its last column', () => {
    expect(matchHeader(TAB, ['가', '나', '직접', '메모', '확인'], 'ko')).toEqual({
      status: 'upgrade',
      present: 3,
    });
    expect(matchHeader(TAB, ['가', '나', '직접'], 'ko')).toEqual({ status: 'upgrade', present: 3 });
  });

  it('a renamed or missing version-1 column is a mismatch, never an upgrade', () => {
    expect(matchHeader(TAB, ['가', '내 열', '직접', '다', '라'], 'ko')).toEqual({ status: 'mismatch' });
    expect(matchHeader(TAB, ['가', '나'], 'ko')).toEqual({ status: 'mismatch' });
    expect(matchHeader(TAB, [], 'ko')).toEqual({ status: 'mismatch' });
  });
});

describe('writeSegments', () => {
  it('skips the user-owned column wherever it sits', () => {
    expect(writeSegments(TAB)).toEqual([
      { first: 0, width: 2 },
      { first: 3, width: 2 },
    ]);
  });
});
