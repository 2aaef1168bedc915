// Issue #8 "A ledger that stays right across months", told from the command line with the issue's
// own reproductions: a 5-line CATEGORY_TR (판매액 Σ 15,000, 3,000 a line), a period delivered as two
// files, a workbook whose sheet was copied. Expected figures are worked out by hand in each test.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as XLSX from '@e965/xlsx';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXIT_REMOVALS_REFUSED } from '../../src/cli/import';
import { columnIndex, LOG_TAB, ORDERS_TAB, PROBLEMS_TAB } from '../../src/core/model/tabs';
import { CATEGORY_TR_HEADERS, trRow } from '../core/helpers';
import { cjetImport, grid, readBook, tempDir } from './helpers';

const SHEET = '주문내역, 판매수수료';
const GROSS = CATEGORY_TR_HEADERS.indexOf('판매액(A*B)');
const line = (i: number) =>
  trRow({
    orderId: `2025010100000${i}`,
    optionId: '95521944483',
    price: 3000,
    qty: 1,
    periodEnd: '2025-01-05',
  });

/** A CATEGORY_TR workbook; `error` puts a real #VALUE! error cell in 판매액 of that line (1-based). */
function categoryTr(lines: number[], options: { error?: number; sheets?: string[] } = {}): Uint8Array {
  const book = XLSX.utils.book_new();
  for (const name of options.sheets ?? [SHEET]) {
    const sheet = XLSX.utils.aoa_to_sheet([['판매수수료 리포트'], CATEGORY_TR_HEADERS, ...lines.map(line)]);
    if (options.error !== undefined)
      sheet[XLSX.utils.encode_cell({ r: 1 + options.error, c: GROSS })] = { t: 'e', v: 0x0f, w: '#VALUE!' };
    XLSX.utils.book_append_sheet(book, sheet, name);
  }
  return new Uint8Array(XLSX.write(book, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
}

let dir: string;
beforeAll(() => {
  dir = tempDir();
});

function file(name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

const header = (rows: (XLSX.CellObject | undefined)[][], label: string) =>
  (rows[0] ?? []).findIndex((c) => c?.v === label);
function ordersOf(book: string) {
  const rows = grid(readBook(book), '주문').slice(1);
  const gross = columnIndex(ORDERS_TAB, 'gross_sales');
  return {
    lines: rows.length,
    total: rows.reduce((n, r) => n + Number(r[gross]?.v ?? 0), 0),
  };
}

describe('case 1: a line that cannot be read never removes the good line already in the book', () => {
  it('re-importing the file with #VALUE! in one 판매액 keeps the book at 15,000 and says which line', async () => {
    const book = join(dir, 'case1.xlsx');
    const clean = file('A00012345-CATEGORY_TR-ko-case1.xlsx', categoryTr([1, 2, 3, 4, 5]));
    expect((await cjetImport([clean, '--out', book])).code).toBe(0);
    expect(ordersOf(book)).toEqual({ lines: 5, total: 15_000 });

    // The same download, one cell broken (line 5 is sheet row 7: title, header, then data).
    const broken = file('A00012345-CATEGORY_TR-ko-case1.xlsx', categoryTr([1, 2, 3, 4, 5], { error: 5 }));
    const run = await cjetImport([broken, '--out', book]);
    expect(run.code).toBe(0);
    expect(ordersOf(book)).toEqual({ lines: 5, total: 15_000 });
    // No removal, and the control line does not say ok: 5 read = 4 unchanged + 1 rejected.
    expect(run.stdout).not.toContain('일치 ok');
    expect(run.stdout).toContain('일부만 기록 PARTIAL');
    expect(run.stdout).toContain(
      '읽음 read 5 = 기록 written 0 + 그대로 unchanged 4 + 거부 rejected 1 + 건너뜀 skipped 0 + 대체 superseded 0',
    );
    expect(run.stdout).toContain(
      `가져오지 못한 행 not imported: ${SHEET}!7 — 이 행 때문에 지운 행 없음 / nothing removed because of them`,
    );
    // The Orders tab: 4 rows unchanged, none removed (the unread line never reached the merge).
    expect(run.stdout).toMatch(/주문 Orders\s+0\s+0\s+0\s+4\s+0\s+0\s+0/);
    // The problem names the error value, never a blank.
    const problems = grid(readBook(book), '가져오기 오류');
    const bad = problems.find((r) => r[columnIndex(PROBLEMS_TAB, 'code')]?.v === 'BAD_MONEY');
    expect(bad?.[columnIndex(PROBLEMS_TAB, 'value')]?.v).toBe('#VALUE!');
    // The log row: read 5, unchanged 4, rejected 1, removed 0, status warning with its reason.
    const log = grid(readBook(book), '가져오기 기록');
    const last = log[log.length - 1]!;
    const at = (key: string) => last[columnIndex(LOG_TAB, key)]?.v;
    expect([at('rows_read'), at('rows_unchanged'), at('rows_rejected'), at('rows_removed')]).toEqual([
      5, 4, 1, 0,
    ]);
    expect(at('status')).toBe('warning');
    expect(String(at('warnings'))).toContain(
      'nothing removed from this period because of lines not imported',
    );
  });

  it('the JSON summary balances every line of the file and never calls it ok', async () => {
    const book = join(dir, 'case1-json.xlsx');
    const clean = file('A00012345-CATEGORY_TR-ko-case1j.xlsx', categoryTr([1, 2, 3, 4, 5]));
    await cjetImport([clean, '--out', book]);
    const broken = file('A00012345-CATEGORY_TR-ko-case1j.xlsx', categoryTr([1, 2, 3, 4, 5], { error: 2 }));
    const run = await cjetImport([broken, '--out', book, '--json']);
    const summary = JSON.parse(run.stdout).summary;
    expect(summary.removals).toEqual({ rows: 0, amount: 0, scopes: [] });
    expect(summary.control[0]).toMatchObject({
      status: 'partial',
      balanced: true,
      lines: { read: 5, written: 0, unchanged: 4, rejected: 1, skipped: 0, duplicates: 0, superseded: 0 },
    });
    expect(summary.warnings.join('\n')).toContain(`${SHEET}!4`);
  });
});

describe('case 3: removals need consent', () => {
  // Part 1: lines 1–4 (12,000); part 2: lines 5–6 (6,000); one settlement period (2025-01-05).
  let part1: string;
  let part2: string;
  beforeAll(() => {
    part1 = file('A00012345-CATEGORY_TR-ko-part1.xlsx', categoryTr([1, 2, 3, 4]));
    part2 = file('A00012345-CATEGORY_TR-ko-part2.xlsx', categoryTr([5, 6]));
  });

  it('part 2 alone would remove part 1: refused with its own exit code, nothing written', async () => {
    const book = join(dir, 'case3.xlsx');
    await cjetImport([part1, '--out', book]);
    const before = readFileSync(book);
    const run = await cjetImport([part2, '--out', book]);
    expect(run.code).toBe(EXIT_REMOVALS_REFUSED);
    expect(run.code).toBe(3);
    // Korean first, then English; by count and money; the flag named.
    expect(run.stderr).toContain('장부에 있던 행 4개(12,000원)를 지우게 되어 아무것도 쓰지 않았습니다');
    expect(run.stderr).toContain('would remove 4 rows (KRW 12,000)');
    expect(run.stderr).toContain('--allow-removals');
    expect(run.stderr).toContain('CATEGORY_TR 2025-01-05: 4 (₩12,000)');
    expect(readFileSync(book).equals(before)).toBe(true);
    expect(ordersOf(book)).toEqual({ lines: 4, total: 12_000 });
  });

  it('the dry run says what would be removed, before anything is written', async () => {
    const book = join(dir, 'case3-dry.xlsx');
    await cjetImport([part1, '--out', book]);
    const run = await cjetImport([part2, '--out', book, '--dry-run']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      '지울 행 would remove: 4행 rows, 12,000원 KRW (CATEGORY_TR 2025-01-05: 4 (₩12,000))',
    );
    expect(ordersOf(book)).toEqual({ lines: 4, total: 12_000 });
  });

  it('with --allow-removals the corrected period replaces the old one', async () => {
    const book = join(dir, 'case3-allow.xlsx');
    await cjetImport([part1, '--out', book]);
    const run = await cjetImport([part2, '--out', book, '--allow-removals']);
    expect(run.code).toBe(0);
    expect(ordersOf(book)).toEqual({ lines: 2, total: 6_000 });
    expect(run.stdout).toContain('지운 행 removed: 4행 rows, 12,000원 KRW');
  });

  it('importing all parts of the period together needs no consent and keeps everything', async () => {
    const fresh = join(dir, 'case3-together.xlsx');
    expect((await cjetImport([part1, part2, '--out', fresh])).code).toBe(0);
    expect(ordersOf(fresh)).toEqual({ lines: 6, total: 18_000 });
    const later = join(dir, 'case3-later.xlsx');
    await cjetImport([part1, '--out', later]);
    const run = await cjetImport([part1, part2, '--out', later]);
    expect(run.code).toBe(0);
    expect(ordersOf(later)).toEqual({ lines: 6, total: 18_000 });
  });
});

describe('case 4: a copied sheet is counted once', () => {
  it('two sheets with the same CATEGORY_TR rows import 15,000, not 30,000, and say which copied which', async () => {
    const book = join(dir, 'case4.xlsx');
    const copied = file(
      'A00012345-CATEGORY_TR-ko-copied.xlsx',
      categoryTr([1, 2, 3, 4, 5], { sheets: [SHEET, `${SHEET} (2)`] }),
    );
    const run = await cjetImport([copied, '--out', book]);
    expect(run.code).toBe(0);
    expect(ordersOf(book)).toEqual({ lines: 5, total: 15_000 });
    expect(run.stdout).not.toContain('일치 ok');
    expect(run.stdout).toContain(
      '읽음 read 10 = 기록 written 5 + 그대로 unchanged 0 + 거부 rejected 0 + 건너뜀 skipped 5 (중복 duplicates 5) + 대체 superseded 0',
    );
    const problems = grid(readBook(book), '가져오기 오류');
    const duplicate = problems.find((r) => r[header(problems, '코드')]?.v === 'DUPLICATE_SHEET');
    expect(duplicate?.[header(problems, '시트')]?.v).toBe(`${SHEET} (2)`);
    expect(String(duplicate?.[header(problems, '설명')]?.v)).toContain(`"${SHEET}"`);
  });
});
