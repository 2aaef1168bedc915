/**
 * A corpus of bad inputs: each yields its problem code (Korean first, then English), none crashes,
 * and together with a good file in one run they never sink it.
 */
import * as XLSX from '@e965/xlsx';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { InputFile } from '../../src/core/normalize';
import { INSIGHTS_HEADERS } from '../fixtures/layouts';
import {
  CATEGORY_TR_HEADERS,
  categoryTrXlsx,
  cfsSheet,
  cp949,
  csvText,
  run,
  trRow,
  utf8,
  xlsxOf,
} from './helpers';

const TR = 'A-CATEGORY_TR-ko-x.xlsx';
const goodTr = () => categoryTrXlsx([{ orderId: '20250101000001', optionId: '1', price: 1000, qty: 1 }]);

function encryptedWorkbook(): Uint8Array {
  // What Excel writes for a password-protected .xlsx: an OLE container with EncryptionInfo.
  const cfb = XLSX.CFB.utils.cfb_new();
  XLSX.CFB.utils.cfb_add(cfb, '/EncryptionInfo', new Uint8Array([4, 0, 4, 0, 64, 0, 0, 0]));
  XLSX.CFB.utils.cfb_add(cfb, '/EncryptedPackage', new Uint8Array(4096));
  return new Uint8Array(XLSX.CFB.write(cfb, { type: 'array' }) as ArrayBuffer);
}

function withCell(row: (string | number | null)[], index: number, value: string | number | null) {
  const copy = [...row];
  copy[index] = value;
  return copy;
}

const insightsHeader = [...INSIGHTS_HEADERS];
const insightsRow = [
  '95521944483',
  '블랙',
  '티셔츠',
  '777',
  '의류',
  '로켓그로스',
  '1,000',
  '1',
  '1',
  '1',
  '1',
  '1',
  '1%',
  '100%',
  '1,000',
  '1',
  '0',
  '0',
  '0',
];
const insights = xlsxOf({ 'vendor item metrics': [insightsHeader, insightsRow] });
const trRows = () => [
  [],
  CATEGORY_TR_HEADERS,
  trRow({ orderId: '20250101000001', optionId: '1', price: 1000, qty: 1 }),
];
const fee = (
  label: string,
  summary: { total?: number; vat: number; final?: number },
  sheet = '입출고비',
  kind = '입출고비',
) => xlsxOf({ [sheet]: cfsSheet(label, kind, [{ gross: 1000 }, { gross: 2000 }], summary) });

interface Case {
  name: string;
  file: InputFile;
  code: string;
  period?: { start: string; end: string };
  /** The file as a whole fails (true) or only rows/controls are flagged (false). */
  fails: boolean;
}

const CASES: Case[] = [
  {
    name: 'zero bytes',
    file: { name: 'empty.xlsx', bytes: new Uint8Array() },
    code: 'EMPTY_FILE',
    fails: true,
  },
  {
    name: 'only blank lines',
    file: { name: 'blank.csv', bytes: utf8('\r\n\r\n  \r\n') },
    code: 'EMPTY_FILE',
    fails: true,
  },
  {
    name: 'workbook with an empty sheet',
    file: { name: 'e.xlsx', bytes: xlsxOf({ Sheet1: [] }) },
    code: 'EMPTY_FILE',
    fails: true,
  },
  {
    name: 'download cut short',
    file: { name: TR, bytes: goodTr().slice(0, 2000) },
    code: 'TRUNCATED',
    fails: true,
  },
  {
    name: 'OLE container cut short',
    file: {
      name: 'old.xls',
      bytes: encryptedWorkbook()
        .slice(0, 300)
        .map((b, i) => (i > 100 ? 0 : b)),
    },
    code: 'TRUNCATED',
    fails: true,
  },
  {
    name: 'password-protected workbook',
    file: { name: 'locked.xlsx', bytes: encryptedWorkbook() },
    code: 'ENCRYPTED',
    fails: true,
  },
  {
    name: 'HTML saved as .xls',
    file: {
      name: 'report.xls',
      bytes: utf8('<html><body><table><tr><td>주문ID</td></tr></table></body></html>'),
    },
    code: 'HTML_AS_XLS',
    fails: true,
  },
  {
    name: 'a PDF renamed .xlsx',
    file: {
      name: 'x.xlsx',
      bytes: new Uint8Array([
        0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x34, 0x0a, 0, 1, 2, 3, 0, 0, 0, 0x80, 0x90, 0, 0,
      ]),
    },
    code: 'UNSUPPORTED_FORMAT',
    fails: true,
  },
  {
    name: 'a zip of downloads',
    file: { name: 'all.zip', bytes: zipSync({ 'a.txt': strToU8('hello') }) },
    code: 'NOT_XLSX',
    fails: true,
  },
  {
    name: 'some other spreadsheet',
    file: {
      name: 'budget.xlsx',
      bytes: xlsxOf({
        예산: [
          ['항목', '금액'],
          ['임대료', 100000],
        ],
      }),
    },
    code: 'NOT_COUPANG',
    fails: true,
  },
  {
    name: 'some other CSV in CP949',
    file: { name: 'list.csv', bytes: cp949('이름,전화\r\n홍길동,010') },
    code: 'NOT_COUPANG',
    fails: true,
  },
  {
    name: 'a required column deleted',
    file: { name: TR, bytes: xlsxOf({ s: trRows().map((r) => r.filter((_, i) => i !== 23)) }) },
    code: 'MISSING_COLUMN',
    fails: true,
  },
  {
    name: 'the same header twice',
    file: { name: TR, bytes: xlsxOf({ s: trRows().map((r) => [...r, r[17] ?? null]) }) },
    code: 'DUPLICATE_HEADER',
    fails: true,
  },
  {
    name: '판매분석 without a period',
    file: { name: 'SELLER_INSIGHTS_VENDOR_ITEM_METRICS.xlsx', bytes: insights },
    code: 'PERIOD_REQUIRED',
    fails: true,
  },
  {
    name: '판매분석 with an inverted period',
    file: { name: 'si.xlsx', bytes: insights },
    period: { start: '2025-02-01', end: '2025-01-01' },
    code: 'BAD_PERIOD',
    fails: true,
  },
  {
    name: 'a CFS report whose only fee is unknown',
    file: {
      name: 'new-fee.xlsx',
      bytes: fee('쿠팡풀필먼트서비스(CFS) 포장비', { vat: 300 }, 'Sheet1', '포장비'),
    },
    code: 'UNKNOWN_FEE_LABEL',
    fails: true,
  },
  {
    name: 'text in a money cell',
    file: {
      name: TR,
      bytes: xlsxOf({ s: [[], CATEGORY_TR_HEADERS, withCell(trRows()[2]!, 17, '확인필요')] }),
    },
    code: 'BAD_MONEY',
    fails: false,
  },
  {
    name: 'a fraction in a money cell',
    file: { name: TR, bytes: xlsxOf({ s: [[], CATEGORY_TR_HEADERS, withCell(trRows()[2]!, 26, 10.5)] }) },
    code: 'BAD_MONEY',
    fails: false,
  },
  {
    name: 'an impossible date',
    file: {
      name: TR,
      bytes: xlsxOf({ s: [[], CATEGORY_TR_HEADERS, withCell(trRows()[2]!, 1, '2025-02-30')] }),
    },
    code: 'BAD_DATE',
    fails: false,
  },
  {
    name: 'an ID mangled by Excel',
    file: {
      name: 'tr.csv',
      bytes: utf8(csvText([CATEGORY_TR_HEADERS, withCell(trRows()[2]!, 5, '2.02501E+13')])),
    },
    code: 'BAD_ID',
    fails: false,
  },
  {
    name: 'a blank order ID',
    file: { name: TR, bytes: xlsxOf({ s: [[], CATEGORY_TR_HEADERS, withCell(trRows()[2]!, 5, null)] }) },
    code: 'BAD_ID',
    fails: false,
  },
  {
    name: 'a text quantity',
    file: { name: TR, bytes: xlsxOf({ s: [[], CATEGORY_TR_HEADERS, withCell(trRows()[2]!, 16, '두 개')] }) },
    code: 'BAD_NUMBER',
    fails: false,
  },
  {
    name: 'an edited 정산대상액',
    file: { name: TR, bytes: xlsxOf({ s: [[], CATEGORY_TR_HEADERS, withCell(trRows()[2]!, 23, 1)] }) },
    code: 'IDENTITY_MISMATCH',
    fails: false,
  },
  {
    name: 'a summary that does not match',
    file: { name: 'ws.xlsx', bytes: fee('쿠팡풀필먼트서비스(CFS) 입출고비', { total: 3100, vat: 300 }) },
    code: 'CONTROL_MISMATCH',
    fails: false,
  },
  {
    name: 'an extra column',
    file: { name: TR, bytes: xlsxOf({ s: trRows().map((r, i) => [...r, i === 1 ? '메모' : null]) }) },
    code: 'UNKNOWN_COLUMN',
    fails: false,
  },
  {
    name: 'OLE signature then garbage',
    file: {
      name: 'old.xls',
      bytes: new Uint8Array(1024).map((_, i) =>
        i < 8 ? [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1][i]! : (i * 37) & 0xff,
      ),
    },
    code: 'CORRUPT_FILE',
    fails: true,
  },
  {
    name: 'a PNG screenshot',
    file: {
      name: 'shot.xlsx',
      bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
    },
    code: 'UNSUPPORTED_FORMAT',
    fails: true,
  },
  {
    name: 'a semicolon CSV',
    file: { name: 'tr.csv', bytes: utf8(csvText(trRows()).replace(/,/g, ';'), true) },
    code: 'BAD_DELIMITER',
    fails: true,
  },
  {
    name: 'two settlement periods in one report',
    file: {
      name: TR,
      bytes: categoryTrXlsx([
        { orderId: '20250101000001', optionId: '1', price: 1000, qty: 1 },
        { orderId: '20250101000002', optionId: '1', price: 1000, qty: 1, periodEnd: '2025-02-28' },
        { orderId: '20250101000003', optionId: '1', price: 1000, qty: 1 },
      ]),
    },
    code: 'MIXED_PERIODS',
    fails: true,
  },
  {
    name: 'a header and no data (a week without sales)',
    file: { name: TR, bytes: xlsxOf({ s: trRows().slice(0, 2) }) },
    code: 'NO_DATA_ROWS',
    fails: false,
  },
  {
    name: 'letters in an option ID',
    file: {
      name: TR,
      bytes: xlsxOf({ s: [[], CATEGORY_TR_HEADERS, withCell(trRows()[2]!, 11, 'ABC-123')] }),
    },
    code: 'BAD_ID',
    fails: false,
  },
];

describe('bad inputs', () => {
  it('has at least 15 cases', () => expect(CASES.length).toBeGreaterThanOrEqual(15));

  it.each(CASES.map((c) => [c.name, c] as const))('%s → its code, no crash', (_name, c) => {
    const result = run(c.file, c.period ? { period: c.period } : {});
    const problem = result.problems.find((p) => p.code === c.code);
    expect(problem, JSON.stringify(result.problems.map((p) => p.code))).toBeDefined();
    expect(problem!.file).toBe(c.file.name);
    // Korean first, then English.
    expect(problem!.message).toMatch(/^\[파일 [^\]]+\] .*[가-힣].* \/ \[file [^\]]+\] .*[A-Za-z]{4,}/s);
    expect(result.problems.some((p) => p.code === 'INTERNAL_ERROR')).toBe(false);
    expect(result.files[0]!.status).toBe(c.fails ? 'failed' : 'imported');
    const summary = result.files[0]!;
    expect(summary.rows_read).toBe(summary.rows_accepted + summary.rows_rejected + summary.rows_skipped);
  });

  it('never sink a good file in the same run', () => {
    const files = CASES.map((c, i) => ({ name: `${i}-${c.file.name}`, bytes: c.file.bytes }));
    const good = { name: 'good-CATEGORY_TR.xlsx', bytes: goodTr() };
    const result = run([...files, good]);
    expect(result.files).toHaveLength(files.length + 1);
    expect(result.files.at(-1)).toMatchObject({ file: good.name, status: 'imported', rows_accepted: 1 });
    expect(result.orders.some((o) => o.source_file === good.name)).toBe(true);
  });

  it('imports the same bytes only once per run', () => {
    const bytes = goodTr();
    const result = run([
      { name: 'a.xlsx', bytes },
      { name: 'copy of a.xlsx', bytes },
    ]);
    expect(result.orders).toHaveLength(1);
    expect(result.problems).toEqual([
      expect.objectContaining({ code: 'DUPLICATE_FILE', file: 'copy of a.xlsx' }),
    ]);
  });

  it('reports a malformed input object instead of throwing', () => {
    const result = run([
      { name: 'x.xlsx', bytes: 'not bytes' as unknown as Uint8Array },
      { name: 'ok.xlsx', bytes: goodTr() },
    ]);
    expect(result.files.map((f) => f.status)).toEqual(['failed', 'imported']);
  });
});
