/**
 * Facts from sellers' parsers of real WING downloads (issue 10, coupang-exports.md §3, §4b, §5), each
 * on a file built by hand from the facts. Expectations are the files' own printed figures or worked
 * out by hand here, never read back from the parser.
 */
import { describe, expect, it } from 'vitest';
import { formatSummary } from '../../src/cli/summaryText';
import { problemRows } from '../../src/core/merge/engine';
import { severityLabel } from '../../src/core/messages';
import type { Problem } from '../../src/core/model/records';
import { vendorIdFromFileName } from '../../src/core/reports/fileName';
import { parseMonth } from '../../src/core/util/dates';
import { parseIdList } from '../../src/core/util/ids';
import { INSIGHTS_HEADERS } from '../fixtures/layouts';
import { CATEGORY_TR_HEADERS, codes, csvText, type Rows, run, trRow, utf8, xlsxOf } from './helpers';

const sum = <T>(rows: readonly T[], pick: (row: T) => number) => rows.reduce((s, r) => s + pick(r), 0);

// ---------------------------------------------------------------------------------------------
describe('반출 배송 서비스비 (VRETURN_SHIPPING) is VAT-exclusive like every cost report', () => {
  // 합계 3,000 (Σ detail 최종비용(A-B-C)), 세액 300, 최종비용 3,300 = 합계 + 세액, as the file prints.
  const group = '쿠팡풀필먼트서비스(CFS) 반출 배송 서비스비';
  const head = [
    '정산유형',
    '정산주기(종료일)',
    '세금계산서 발행월',
    '발생일(출고일)',
    '매출인식일',
    '거래유형',
    '반출ID',
    '박스 번호',
    '송장번호',
    '대표 등록상품 ID',
    '대표 등록상품명',
    '박스 수량',
  ];
  const box = (ref: string, no: number, ids: string, name: string, a: number, net: number) => [
    '월정산',
    '2025-01-31',
    '2025-01',
    '2025-01-10',
    '2025-01-10',
    '반출 배송 서비스비 정산',
    ref,
    no,
    `5000000000${no}`,
    ids,
    name,
    1,
    a,
    net,
    null,
  ];
  const rows: Rows = [
    [],
    [`${group} 정산 내역`],
    ['정산주기(종료일)', '반출 배송 서비스비 합계', '세액', '최종비용'],
    ['2025-01-31', '3,000', '300', '3,300'],
    [],
    [],
    [...head, group, null, '비고'],
    [...head.map(() => null), '발생비용(A)', '최종비용(A-B-C)', null],
    box('R1', 1, '77,77', '스텐 냄비', 1000, 1000), // one product, printed twice
    box('R1', 2, '77,88', '스텐 냄비', 1600, 1500), // two products in one box
    box('R2', 3, '-', '-', 500, 500), // no product
  ];
  const merges = {
    '반출 배송 서비스비': [
      { s: { r: 6, c: 12 }, e: { r: 6, c: 13 } },
      ...[...head.keys(), 14].map((c) => ({ s: { r: 6, c }, e: { r: 7, c } })),
    ],
  };
  const name = 'A00012345-VRETURN_SHIPPING-ko-5eba675a-c5d1-4cf5-a8bd-c65c374c2b2f.xlsx';
  const result = run({ name, bytes: xlsxOf({ '반출 배송 서비스비': rows }, merges) });

  it('writes 합계 3,000 + 세액 300 = 최종비용 3,300, the figures the file prints', () => {
    expect(result.files[0]).toMatchObject({ report: 'VRETURN_SHIPPING', status: 'imported', rows_read: 3 });
    const lines = result.fulfillment;
    expect(lines).toHaveLength(3);
    expect(sum(lines, (l) => l.net_fee)).toBe(3000);
    expect(sum(lines, (l) => l.vat)).toBe(300);
    expect(sum(lines, (l) => l.total_fee)).toBe(3300);
    for (const l of lines) expect(l.total_fee).toBe(l.net_fee + l.vat);
    // 300 shared by 1,000 : 1,500 : 500.
    expect(lines.map((l) => [l.net_fee, l.vat, l.total_fee])).toEqual([
      [1000, 100, 1100],
      [1500, 150, 1650],
      [500, 50, 550],
    ]);
    expect(result.files[0]!.control).toEqual([
      { name: '반출 배송 서비스비: Σ 비용(VAT 별도) = 합계', expected: 3000, actual: 3000, ok: true },
      { name: '반출 배송 서비스비: 합계 + 세액 = 최종비용', expected: 3300, actual: 3300, ok: true },
      { name: '반출 배송 서비스비: Σ VAT 배분 = 세액', expected: 300, actual: 300, ok: true },
    ]);
    expect(result.problems.filter((p) => p.severity !== 'info')).toEqual([]);
  });

  it('names the box product: 77,77 is product 77; 77,88 is several products (never split); - is none', () => {
    expect(result.fulfillment.map((l) => [l.product_id, l.product_name])).toEqual([
      ['77', '스텐 냄비'],
      [null, '여러 상품 (77, 88)'],
      [null, null],
    ]);
    // The box of two products keeps its whole fee on one row.
    expect(result.fulfillment[1]).toMatchObject({ net_fee: 1500, option_id: null });
  });

  it('carries the tax invoice month and the vendor ID of the file name', () => {
    for (const l of result.fulfillment)
      expect(l).toMatchObject({ tax_invoice_month: '2025-01', vendor_id: 'A00012345' });
    expect(result.files[0]!.vendor_id).toBe('A00012345');
  });

  it('reads 대표 등록상품 ID lists exactly', () => {
    const value = (cell: unknown) => {
      const parsed = parseIdList(cell);
      return parsed.ok ? parsed.value : 'FAIL';
    };
    expect(value('77,77')).toBe('77');
    expect(value('77,88')).toBe('77,88');
    expect(value('77, 88, 77')).toBe('77,88');
    expect(value('77,777')).toBe('77,777');
    expect(value('-')).toBeNull();
    expect(value(7012345678)).toBe('7012345678');
    expect(value('77,abc')).toBe('FAIL');
  });
});

// ---------------------------------------------------------------------------------------------
describe('판매분석: WING’s headline 매출(원) is the net sales of a row that does not add up', () => {
  // 매출(원) 300,000 printed, but 총 매출 285,900 + 총 취소 −28,590 = 257,310.
  const row = [
    '95521944483',
    '블랙',
    '티셔츠',
    '777',
    '의류',
    '로켓그로스',
    '300,000',
    '3',
    '9',
    '10',
    '20',
    '1',
    '7.55%',
    '100.00%',
    '285,900',
    '10',
    '-28,590',
    '-1',
    '0',
  ];
  const bytes = xlsxOf({ 'vendor item metrics': [[...INSIGHTS_HEADERS], row] });
  const result = run(
    { name: 'SELLER_INSIGHTS_VENDOR_ITEM_METRICS_20250201.xlsx', bytes },
    { period: { start: '2025-01-01', end: '2025-01-31' } },
  );

  it('imports 매출(원) 300,000 as the option’s net: sale 328,590 (= 300,000 + 28,590), cancel −28,590', () => {
    const [sale, cancel] = result.orders;
    expect(sale).toMatchObject({
      transaction: 'sale',
      gross_sales: 328590,
      payment_amount: 328590,
      quantity: 10,
    });
    expect(cancel).toMatchObject({ transaction: 'cancel', gross_sales: -28590, quantity: -1 });
    expect(sum(result.orders, (o) => o.gross_sales)).toBe(300000);
    expect(result.fees[0]!.commission_base).toBe(328590);
  });

  it('says truthfully what was imported (not "the file’s values")', () => {
    const problem = result.problems.find((p) => p.code === 'IDENTITY_MISMATCH')!;
    expect(problem.message).toContain('매출(원) 300000원을 이 옵션의 순매출로 가져왔습니다');
    expect(problem.message).toContain('판매 행 328590원');
    expect(problem.message).toContain('net sales');
    expect(problem.message).not.toContain('파일 값 그대로');
    expect(problem.message).not.toContain("file's values");
    expect(problem.message.indexOf('순매출')).toBeLessThan(problem.message.indexOf('net sales'));
    // The file's own check still fails, and says so.
    expect(result.files[0]!.control.find((c) => c.name.startsWith('매출'))).toMatchObject({
      ok: false,
      expected: 300000,
      actual: 257310,
    });
  });

  it('a row that adds up is imported from 총 매출 / 총 취소 as before', () => {
    const good = [...row];
    good[6] = '257,310';
    const ok = run(
      {
        name: 'SELLER_INSIGHTS_VENDOR_ITEM_METRICS_20250201.xlsx',
        bytes: xlsxOf({ 'vendor item metrics': [[...INSIGHTS_HEADERS], good] }),
      },
      { period: { start: '2025-01-01', end: '2025-01-31' } },
    );
    expect(ok.orders.map((o) => o.gross_sales)).toEqual([285900, -28590]);
    expect(codes(ok)).not.toContain('IDENTITY_MISMATCH');
  });
});

// ---------------------------------------------------------------------------------------------
describe('a Marketplace download (MSF_PAYMENT_REVENUE_DETAIL) is named as such, nothing imported', () => {
  // Its layout is not documented beyond the name and the sheet; these columns share enough with
  // CATEGORY_TR that recognising by content alone took it for a 판매수수료 리포트 (✓ on 0 = 0).
  const sheet: Rows = [
    [
      '주문ID',
      '옵션ID',
      '거래유형',
      '판매액(A*B)',
      '정산대상액',
      '판매수수료',
      '판매수수료 VAT',
      '결제일',
      '상품명',
    ],
    ['20250101123456', '95521944483', '결제', 10000, 8812, 1080, 108, '2025-01-02', '스텐 냄비'],
  ];
  const bytes = xlsxOf({ 'Order Detail Report': sheet });

  it.each([
    ['MSF_PAYMENT_REVENUE_DETAIL-20250201.xlsx', bytes],
    ['정산.xlsx', bytes], // renamed: its sheet still says what it is
    ['MSF_PAYMENT_REVENUE_DETAIL-20250201.csv', utf8(csvText(sheet))], // re-saved: the name says it
  ])('%s', (name, file) => {
    const result = run({ name, bytes: file });
    expect(result.files[0]).toMatchObject({
      report: null,
      mapping_version: null,
      foreign_download: 'MSF_PAYMENT_REVENUE_DETAIL',
      status: 'failed',
      control: [],
    });
    expect(result.orders).toEqual([]);
    expect(result.fees).toEqual([]);
    expect(result.fulfillment).toEqual([]);
    expect(codes(result)).toEqual(['NOT_ROCKET_GROWTH']);
    const message = result.problems[0]!.message;
    expect(result.problems[0]!.severity).toBe('error');
    expect(message.indexOf('마켓플레이스')).toBeGreaterThan(0);
    expect(message.indexOf('마켓플레이스')).toBeLessThan(message.indexOf('Marketplace'));
    expect(message).toContain('MSF_PAYMENT_REVENUE_DETAIL');
    expect(message).not.toContain('판매수수료 리포트');
    const text = formatSummary(result);
    expect(text).toContain('MSF_PAYMENT_REVENUE_DETAIL');
    expect(text).not.toMatch(/CATEGORY_TR|판매수수료 리포트|✓/);
  });

  it('a report recognised with no row to check shows no ✓ on 0 = 0', () => {
    const empty = run({
      name: 'A00012345-CATEGORY_TR-ko-1.xlsx',
      bytes: xlsxOf({ '주문내역, 판매수수료': [[], CATEGORY_TR_HEADERS] }),
    });
    expect(empty.files[0]!.report).toBe('CATEGORY_TR');
    expect(empty.files[0]!.control).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
describe('fields accountants need (schema version 2)', () => {
  const line = trRow({
    orderId: '20250101123456',
    optionId: '95521944483',
    price: 10000,
    qty: 2,
    d: 700,
    e: 300,
  });
  line[CATEGORY_TR_HEADERS.indexOf('할인적용 판매수수료율(%,VAT별도)')] = 9.8;
  const name = 'A00012345-CATEGORY_TR-ko-70d41e73-7e55-481b-95fd-8c5777621712.xlsx';
  const result = run({
    name,
    bytes: xlsxOf({ '주문내역, 판매수수료': [['판매수수료 리포트'], CATEGORY_TR_HEADERS, line] }),
  });

  it('keeps 세금계산서 발행월, 카테고리ID, the two seller coupons and the vendor ID on the order', () => {
    expect(result.orders[0]).toMatchObject({
      tax_invoice_month: '2025-01',
      category_id: '56137',
      instant_coupon: 700,
      download_coupon: 300,
      seller_coupon: 1000,
      vendor_id: 'A00012345',
    });
  });

  it('keeps 할인적용 판매수수료율 beside the rate, with the month and vendor, on the fee', () => {
    expect(result.fees[0]).toMatchObject({
      collected_rate: 10.8,
      discounted_rate: 9.8,
      tax_invoice_month: '2025-01',
      vendor_id: 'A00012345',
    });
  });

  it('reads the vendor ID (업체코드) from a settlement file name only', () => {
    expect(vendorIdFromFileName(name)).toBe('A00012345');
    expect(vendorIdFromFileName('다운로드/a00012345-STORAGE_FEE-ko-1.csv')).toBe('A00012345');
    expect(vendorIdFromFileName('C1234567-WAREHOUSING_SHIPPING-ko-x (1).xlsx')).toBe('C1234567');
    expect(vendorIdFromFileName('SELLER_INSIGHTS_VENDOR_ITEM_METRICS_20250201.xlsx')).toBeNull();
    expect(vendorIdFromFileName('A00012345-SELLER_INSIGHTS-ko-1.xlsx')).toBeNull();
    expect(vendorIdFromFileName('A00012345-SOMETHING_ELSE-ko-1.xlsx')).toBeNull();
    expect(vendorIdFromFileName('정산내역.xlsx')).toBeNull();
    expect(
      run({ name: '정산내역.xlsx', bytes: xlsxOf({ 'vendor item metrics': [[...INSIGHTS_HEADERS]] }) })
        .files[0]!.vendor_id,
    ).toBeNull();
  });

  it('reads 세금계산서 발행월 as YYYY-MM however a re-save wrote it', () => {
    const month = (cell: unknown) => {
      const parsed = parseMonth(cell);
      return parsed.ok ? parsed.value : 'FAIL';
    };
    expect(month('2025-01')).toBe('2025-01');
    expect(month('2025.1')).toBe('2025-01');
    expect(month('202501')).toBe('2025-01');
    expect(month('2025-01-01')).toBe('2025-01');
    expect(month(45658)).toBe('2025-01'); // 2025-01-01 as an Excel serial (Excel turned `2025-01` into a date)
    expect(month('')).toBeNull();
    expect(month('1월분')).toBe('1월분'); // kept as printed, never dropped
  });
});

// ---------------------------------------------------------------------------------------------
describe('Import problems: errors told apart from notes', () => {
  const problem = (severity: Problem['severity']): Problem => ({
    file: 'f.xlsx',
    sheet: null,
    row: null,
    column: null,
    code: 'X',
    severity,
    message: 'm',
  });

  it('오류 when nothing was written for the row or file, 알림 for every note (English: error / note)', () => {
    expect(['error', 'warning', 'info'].map((s) => severityLabel(s as Problem['severity'], 'ko'))).toEqual([
      '오류',
      '알림',
      '알림',
    ]);
    expect(['error', 'warning', 'info'].map((s) => severityLabel(s as Problem['severity'], 'en'))).toEqual([
      'error',
      'note',
      'note',
    ]);
    expect(problemRows('imp', [problem('error'), problem('info')], 'ko').map((r) => r[7])).toEqual([
      '오류',
      '알림',
    ]);
  });
});
