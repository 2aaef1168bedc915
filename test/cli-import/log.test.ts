// The Import log and Import problems tabs and the command-line summary, on the sample files in
// examples/ (expected figures from examples/truth.json, computed from the generator's model).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as XLSX from '@e965/xlsx';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ImportOutcome, importFiles } from '../../src/cli/import';
import { formatImportSummary } from '../../src/cli/importText';
import { nodeIo } from '../../src/cli/nodeHost';
import { xlsxOf } from '../core/helpers';
import { grid, readBook, tempDir } from './helpers';

const truth = JSON.parse(readFileSync('examples/truth.json', 'utf8')) as {
  period: { start: string; end: string };
  files: Record<
    string,
    {
      report: string;
      data_rows: number;
      skipped_rows: number;
      orders: { lines: number; gross_sales: number } | null;
    }
  >;
};
const INSIGHTS = Object.keys(truth.files).find((name) => truth.files[name]!.report === 'SELLER_INSIGHTS')!;
const insights = truth.files[INSIGHTS]!.orders!;
// The log counts lines of the FILE (a 판매분석 row with sales and cancellations is one line of two
// order records): the Rocket Growth rows of the file, every one of them superseded.
const insightsRows = truth.files[INSIGHTS]!.data_rows - truth.files[INSIGHTS]!.skipped_rows;

// 2025-03-05 01:02:03 UTC is 10:02:03 in Korea (UTC+9, no daylight saving).
const NOW = Date.UTC(2025, 2, 5, 1, 2, 3);
const KST_SERIAL =
  (Date.UTC(2025, 2, 5) - Date.UTC(1899, 11, 30)) / 86_400_000 + (10 * 3600 + 2 * 60 + 3) / 86_400;

type Row = (XLSX.CellObject | undefined)[];
const value = (cell: XLSX.CellObject | undefined) => cell?.v ?? null;

let dir: string;
let book: string;
let outcome: ImportOutcome;
let log: Row[];
let problems: Row[];
const MARKETPLACE = 'MSF_PAYMENT_REVENUE_DETAIL-20250201.xlsx';

beforeAll(async () => {
  dir = tempDir();
  book = join(dir, 'log.xlsx');
  writeFileSync(
    join(dir, MARKETPLACE),
    xlsxOf({
      'Order Detail Report': [
        ['주문ID', '옵션ID', '판매액(A*B)', '정산대상액'],
        ['1', '2', 3, 4],
      ],
    }),
  );
  writeFileSync(join(dir, 'notes.csv'), 'hello,world\n1,2\n');
  const names = readdirSync('examples').filter((n) => /\.(xlsx|csv)$/.test(n));
  outcome = await importFiles(
    {
      files: [...names.map((n) => join('examples', n)), join(dir, MARKETPLACE), join(dir, 'notes.csv')],
      out: book,
      period: truth.period,
      lang: 'ko',
      dryRun: false,
      nowMs: NOW,
    },
    nodeIo(),
  );
  const wb = readBook(book);
  log = grid(wb, '가져오기 기록');
  problems = grid(wb, '가져오기 오류');
});

const column = (rows: Row[], label: string) => (rows[0] ?? []).findIndex((c) => value(c) === label);
const logRowOf = (file: string) => log.find((r) => String(value(r[column(log, '파일')])).endsWith(file))!;

describe('superseded v1 rows are their own category, never "rejected"', () => {
  it('the log row of the 판매분석 file: superseded count and money, nothing rejected, totals reconcile', () => {
    const row = logRowOf(INSIGHTS);
    const at = (label: string) => value(row[column(log, label)]);
    expect(at('거부')).toBe(0);
    expect(at('대체됨')).toBe(insightsRows);
    expect(at('대체된 금액')).toBe(insights.gross_sales);
    expect(at('검증합계(파일)')).toBe(insights.gross_sales);
    expect(at('검증합계(기록)')).toBe(0);
    expect(at('검증 일치')).toBe(true);
    // Issue #8: a file whose lines were superseded is not "ok" — its lines are named instead.
    expect(at('상태')).toBe('warning');
    expect(String(at('경고'))).toContain(`${insightsRows} rows not written`);
  });

  it('the command-line summary: a superseded column, and "file X · written Y · superseded Z"', () => {
    const text = formatImportSummary(outcome.summary, outcome.normalized, book);
    const won = (n: number) => n.toLocaleString('en-US');
    expect(text).toContain('대체 superseded');
    expect(text).toContain(
      `${INSIGHTS}: 파일 file ${won(insights.gross_sales)} · 기록 written 0 · 대체 superseded ${won(insights.gross_sales)} (${insightsRows}행 rows) · 일부만 기록 PARTIAL`,
    );
    expect(outcome.summary.tabs.orders.superseded).toBe(insights.lines);
    expect(outcome.summary.tabs.orders.rejected).toBe(0);
    const ordersLine = text.split('\n').find((l) => l.startsWith('주문 Orders'))!;
    // rejected · skipped · superseded: the CATEGORY_TR .xlsx repeats its CSV re-save (read first), so
    // its order lines are skipped as duplicates, counted once; the 판매분석 order lines superseded.
    const resaved = Object.values(truth.files).find((f) => f.report === 'CATEGORY_TR')!.orders!.lines;
    expect(ordersLine.trim().split(/\s+/).slice(-3)).toEqual(['0', String(resaved), String(insights.lines)]);
    expect(text).toContain('행 lines: 읽음 read');
  });
});

describe('the Import log and Import problems tabs', () => {
  it('the time is a real date-time cell holding the Korean wall time of the import', () => {
    const time = log[1]![column(log, '시각(KST)')]!;
    expect(time).toMatchObject({ t: 'n', z: 'yyyy-mm-dd hh:mm:ss' });
    expect(Math.abs(Number(time.v) - KST_SERIAL) * 86_400).toBeLessThan(0.5);
  });

  it('a CFS file’s first date is labelled as what it is: the earliest date, not a period start', () => {
    expect(column(log, '최초 일자')).toBeGreaterThan(0);
    expect(column(log, '기간 시작')).toBe(-1);
  });

  it('problems say 오류 (nothing written for that row or file) or 알림 (a note)', () => {
    const severity = column(problems, '심각도');
    const code = column(problems, '코드');
    const of = (c: string) => problems.filter((r) => value(r[code]) === c).map((r) => value(r[severity]));
    expect(of('NOT_COUPANG')).toEqual(['오류']);
    expect(of('NOT_ROCKET_GROWTH')).toEqual(['오류']);
    expect(of('ROWS_SKIPPED').length).toBeGreaterThan(0);
    expect(new Set(of('ROWS_SKIPPED'))).toEqual(new Set(['알림']));
    expect(new Set(problems.slice(1).map((r) => value(r[severity])))).toEqual(new Set(['오류', '알림']));
  });

  it('a Marketplace download is logged under its own name, never as a Rocket Growth report', () => {
    const row = logRowOf(MARKETPLACE);
    expect(value(row[column(log, '리포트')])).toBe('MSF_PAYMENT_REVENUE_DETAIL');
    expect(value(row[column(log, '상태')])).toBe('error');
    expect(String(value(row[column(log, '경고')]))).toContain('not a Rocket Growth report');
    const text = formatImportSummary(outcome.summary, outcome.normalized, book);
    expect(text).toContain(
      `로켓그로스 리포트가 아님, 가져오지 않음 / not a Rocket Growth report, nothing imported`,
    );
  });

  it('the vendor ID of each settlement file is on its log row, blank for the others', () => {
    for (const name of Object.keys(truth.files)) {
      const expected = /^(A\d{8})-/.exec(name)?.[1] ?? null;
      expect(value(logRowOf(name)[column(log, '업체코드')]), name).toBe(expected);
    }
  });
});
