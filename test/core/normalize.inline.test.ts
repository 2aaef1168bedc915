/** The seller's story on small hand-made files: what each report turns into. */
import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import { normalizeFiles } from '../../src/core/normalize';
import { INSIGHTS_HEADERS } from '../fixtures/layouts';
import {
  CATEGORY_TR_HEADERS,
  categoryTrXlsx,
  cfsSheet,
  codes,
  cp949,
  csvText,
  decodeCp949,
  run,
  trRow,
  utf8,
  xlsxOf,
} from './helpers';

const TR = 'A001-CATEGORY_TR-ko-1.xlsx';
const WS = 'A001-WAREHOUSING_SHIPPING-ko-1.xlsx';

describe('CATEGORY_TR 판매수수료 리포트 (v2)', () => {
  const bytes = categoryTrXlsx([
    { orderId: '20250101123456', optionId: '95521944483', price: 10000, qty: 2, c: 1000, d: 500, e: 300 },
    {
      orderId: '20250101123456',
      optionId: '95521944483',
      price: 10000,
      qty: 1,
      cancel: true,
    },
  ]);
  const result = run({ name: TR, bytes });

  it('turns each settlement row into an order line with coupon-aware payment', () => {
    expect(result.files[0]).toMatchObject({
      report: 'CATEGORY_TR',
      mapping_version: 'v2',
      rows_read: 2,
      rows_accepted: 2,
    });
    const [sale, cancel] = result.orders;
    expect(sale).toMatchObject({
      line_key: 'v2|CATEGORY_TR|2025-01-05|20250101123456|95521944483|sale|1',
      order_id: '20250101123456',
      order_id_is_option_id: false,
      transaction: 'sale',
      settlement_cycle: '주정산',
      period_end: '2025-01-05',
      paid_date: '2025-01-02',
      recognition_date: '2025-01-03',
      quantity: 2,
      unit_price: 10000,
      gross_sales: 20000,
      coupang_discount: 1000,
      seller_coupon: 800,
      payment_amount: 20000 - 1000 - 800,
      coupon_reflected: true,
      import_id: null,
      source_sheet: '주문내역, 판매수수료',
      source_row: 3,
    });
    expect(cancel).toMatchObject({
      transaction: 'cancel',
      quantity: -1,
      gross_sales: -10000,
      line_key: 'v2|CATEGORY_TR|2025-01-05|20250101123456|95521944483|cancel|1',
    });
  });

  it('gives one fee row per order line with the collected commission', () => {
    expect(result.fees).toHaveLength(2);
    const fee = result.fees[0]!;
    const commission = Math.round((19200 * 10.8) / 100);
    expect(fee).toMatchObject({
      line_key: result.orders[0]!.line_key,
      commission_base: 20000 - 800,
      collected_rate: 10.8,
      collected_commission: commission,
      collected_commission_vat: Math.round(commission / 10),
      collected_total: commission + Math.round(commission / 10),
      commission_override: null,
      rule_rate: null,
      effective_commission: commission + Math.round(commission / 10),
      commission_source: 'collected',
    });
  });

  it('checks 정산대상액 = 판매액 − 쿠폰 − 수수료 − VAT on every row', () => {
    expect(result.files[0]!.control).toEqual([
      expect.objectContaining({ ok: true, name: expect.stringContaining('정산대상액') }),
    ]);
  });

  it('names the rows whose 정산대상액 does not add up, and keeps them', () => {
    const row = trRow({ orderId: '20250101000001', optionId: '1', price: 1000, qty: 1 });
    row[23] = Number(row[23]) + 7;
    const bad = run({
      name: TR,
      bytes: xlsxOf({
        '주문내역, 판매수수료': [
          [],
          CATEGORY_TR_HEADERS,
          row,
          trRow({ orderId: '20250101000002', optionId: '1', price: 1000, qty: 1 }),
        ],
      }),
    });
    expect(bad.orders).toHaveLength(2);
    const control = bad.files[0]!.control[0]!;
    expect(control).toMatchObject({ ok: false, rows: ['주문내역, 판매수수료!3'] });
    expect(control.expected - control.actual).toBe(7);
    expect(codes(bad)).toEqual(expect.arrayContaining(['IDENTITY_MISMATCH', 'CONTROL_MISMATCH']));
    const identity = bad.problems.find((p) => p.code === 'IDENTITY_MISMATCH')!;
    expect(identity).toMatchObject({ sheet: '주문내역, 판매수수료', row: 3 });
  });

  it('rejects only the row with text in a money cell', () => {
    const row = trRow({ orderId: '20250101000001', optionId: '1', price: 1000, qty: 1 });
    row[17] = '천원';
    const mixed = run({
      name: TR,
      bytes: xlsxOf({
        '주문내역, 판매수수료': [
          [],
          CATEGORY_TR_HEADERS,
          trRow({ orderId: '20250101000002', optionId: '1', price: 1000, qty: 1 }),
          row,
        ],
      }),
    });
    expect(mixed.files[0]).toMatchObject({
      rows_read: 2,
      rows_accepted: 1,
      rows_rejected: 1,
      status: 'imported',
    });
    const problem = mixed.problems.find((p) => p.code === 'BAD_MONEY')!;
    expect(problem).toMatchObject({ row: 4, column: '판매액(A*B)', value: '천원', severity: 'error' });
    expect(problem.message).toMatch(/^\[파일 .*4행.*판매액\(A\*B\)/);
    expect(problem.message).toContain(' / [file ');
  });

  it('keeps IDs exact whether the reader gives numbers, float text or 14-digit text', () => {
    const idsAsNumbers = run({
      name: TR,
      bytes: categoryTrXlsx([{ orderId: 20250101123456, optionId: 95521944483, price: 100, qty: 1 }]),
    });
    expect(idsAsNumbers.orders[0]).toMatchObject({ order_id: '20250101123456', option_id: '95521944483' });
    const floatText = run({
      name: TR,
      bytes: categoryTrXlsx([{ orderId: '20250101123456.0', optionId: '95521944483.0', price: 100, qty: 1 }]),
    });
    expect(floatText.orders[0]).toMatchObject({ order_id: '20250101123456', option_id: '95521944483' });
  });

  it('numbers exact duplicates by content, not by position', () => {
    const a = { orderId: '20250101000009', optionId: '7', price: 1000, qty: 1 };
    const b = { ...a, price: 2000 };
    const forward = run({ name: TR, bytes: categoryTrXlsx([a, b]) }).orders.map((o) => [
      o.line_key,
      o.gross_sales,
    ]);
    const backward = run({ name: TR, bytes: categoryTrXlsx([b, a]) }).orders.map((o) => [
      o.line_key,
      o.gross_sales,
    ]);
    expect(new Map(forward as [string, number][])).toEqual(new Map(backward as [string, number][]));
    expect(forward.map(([key]) => key).sort()).toEqual([
      'v2|CATEGORY_TR|2025-01-05|20250101000009|7|sale|1',
      'v2|CATEGORY_TR|2025-01-05|20250101000009|7|sale|2',
    ]);
  });

  it('reads the same layout re-saved as CSV in UTF-8, UTF-8 with BOM and CP949', () => {
    const rows = [
      ['판매수수료 리포트'],
      CATEGORY_TR_HEADERS,
      trRow({ orderId: '20250101000003', optionId: '5', price: 1500, qty: 2 }),
    ];
    const text = csvText(rows);
    for (const bytes of [utf8(text), utf8(text, true), cp949(text)]) {
      const result = run({ name: 'tr.csv', bytes });
      expect(result.files[0]).toMatchObject({ report: 'CATEGORY_TR', rows_accepted: 1 });
      expect(result.orders[0]).toMatchObject({
        order_id: '20250101000003',
        gross_sales: 3000,
        product_name: '스텐 냄비',
      });
    }
  });

  it('reads the legacy .xls (BIFF8) format too, and reports progress to the end', () => {
    const workbook = XLSX.read(bytes, { type: 'array' });
    const xls = new Uint8Array(XLSX.write(workbook, { type: 'array', bookType: 'biff8' }) as ArrayBuffer);
    const progress: [number, number][] = [];
    const fromXls = normalizeFiles([{ name: 'old.xls', bytes: xls }], {
      decodeCp949,
      onProgress: (_file, done, total) => progress.push([done, total]),
    });
    expect(fromXls.orders.map((o) => [o.line_key, o.payment_amount])).toEqual(
      result.orders.map((o) => [o.line_key, o.payment_amount]),
    );
    expect(progress.at(-1)).toEqual([2, 2]);
  });

  it('finds the header by content, with whitespace variants and an unknown extra column', () => {
    const headers = CATEGORY_TR_HEADERS.map((h) =>
      h === '판매수량(B)' ? '판매 수량(B)' : h === '판매수수료 VAT' ? '판매수수료VAT' : h,
    );
    const row = trRow({ orderId: '20250101000004', optionId: '5', price: 1000, qty: 1 });
    const result = run({
      name: 'renamed.xlsx',
      bytes: xlsxOf({ Sheet1: [[], [], ['메모'], [...headers, '새 열'], [...row, 'x']] }),
    });
    expect(result.files[0]).toMatchObject({ report: 'CATEGORY_TR', rows_accepted: 1 });
    expect(result.problems).toEqual([
      expect.objectContaining({ code: 'UNKNOWN_COLUMN', column: '새 열', severity: 'info' }),
    ]);
  });

  it('reports a missing required column by name and imports nothing from that sheet', () => {
    const headers = CATEGORY_TR_HEADERS.filter((h) => h !== '판매수수료 VAT');
    const row = trRow({ orderId: '20250101000004', optionId: '5', price: 1000, qty: 1 }).slice(0, 27);
    const result = run({ name: TR, bytes: xlsxOf({ s: [headers, row] }) });
    expect(result.files[0]).toMatchObject({ status: 'failed', rows_read: 1, rows_rejected: 1 });
    expect(result.problems[0]).toMatchObject({ code: 'MISSING_COLUMN', column: '판매수수료 VAT' });
  });
});

describe('WAREHOUSING_SHIPPING 입출고/배송비 리포트', () => {
  const lines = [
    { orderId: '20250101000001', gross: 1000 },
    { orderId: '20250101000002', gross: 2100, discount: 100 },
    { orderId: '20250101000003', gross: 3000 },
    { orderId: '20250101000001', gross: -1000, cancel: true },
  ];
  const bytes = xlsxOf({
    입출고비: cfsSheet('쿠팡풀필먼트서비스(CFS) 입출고비 (VAT 별도)', '입출고비', lines, { vat: 503 }),
    배송비: cfsSheet('쿠팡풀필먼트서비스(CFS) 배송비 (VAT 별도)', '배송비', lines.slice(0, 2), { vat: 301 }),
  });
  const result = run({ name: WS, bytes });

  it('reads both sheets under the two-row header and types each fee', () => {
    expect(result.files[0]).toMatchObject({ report: 'WAREHOUSING_SHIPPING', rows_read: 6, rows_accepted: 6 });
    expect(result.fulfillment.filter((f) => f.fee_type === 'warehousing')).toHaveLength(4);
    expect(result.fulfillment.filter((f) => f.fee_type === 'delivery')).toHaveLength(2);
    const cancel = result.fulfillment.find((f) => f.transaction === 'cancel')!;
    expect(cancel).toMatchObject({
      net_fee: -1000,
      order_id: '20250101000001',
      source_row: 12,
      source_sheet: '입출고비',
    });
    expect(result.fulfillment[1]).toMatchObject({
      gross_fee: 2100,
      discount: 100,
      net_fee: 2000,
      fee_label: '쿠팡풀필먼트서비스(CFS) 입출고비 (VAT 별도)',
    });
  });

  it('allocates each sheet’s 세액 to its lines so that they sum to it exactly', () => {
    const vatOf = (type: string) =>
      result.fulfillment.filter((f) => f.fee_type === type).reduce((s, f) => s + f.vat, 0);
    expect(vatOf('warehousing')).toBe(503);
    expect(vatOf('delivery')).toBe(301);
    for (const f of result.fulfillment) expect(f.total_fee).toBe(f.net_fee + f.vat);
    expect(result.files[0]!.control.every((c) => c.ok)).toBe(true);
    expect(result.files[0]!.control.map((c) => c.name)).toEqual(
      expect.arrayContaining([
        '입출고비: Σ 비용(VAT 별도) = 합계',
        '입출고비: 합계 + 세액 = 최종비용',
        '입출고비: Σ VAT 배분 = 세액',
      ]),
    );
  });

  it('flags a summary that does not match the detail, naming the rows', () => {
    const off = run({
      name: WS,
      bytes: xlsxOf({
        입출고비: cfsSheet('쿠팡풀필먼트서비스(CFS) 입출고비', '입출고비', lines, {
          total: 5100,
          vat: 510,
          final: 5600,
        }),
      }),
    });
    const failed = off.files[0]!.control.filter((c) => !c.ok);
    expect(failed.map((c) => c.name)).toEqual([
      '입출고비: Σ 비용(VAT 별도) = 합계',
      '입출고비: 합계 + 세액 = 최종비용',
    ]);
    expect(failed[0]!.rows).toEqual(['입출고비!4', '입출고비!9..12']);
    expect(off.problems.filter((p) => p.code === 'CONTROL_MISMATCH')).toHaveLength(2);
  });

  it('types an unknown fee group as other and says so', () => {
    const other = run({
      name: 'cfs.xlsx',
      bytes: xlsxOf({
        입출고비: cfsSheet('쿠팡풀필먼트서비스(CFS) 입출고비', '입출고비', lines, { vat: 500 }),
        신규: cfsSheet('쿠팡풀필먼트서비스(CFS) 포장비', '포장비', lines.slice(0, 1), { vat: 100 }),
      }),
    });
    expect(other.fulfillment.filter((f) => f.fee_type === 'other')).toEqual([
      expect.objectContaining({ fee_label: '쿠팡풀필먼트서비스(CFS) 포장비', net_fee: 1000, vat: 100 }),
    ]);
    expect(other.problems).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: 'UNKNOWN_FEE_LABEL', sheet: '신규' })]),
    );
  });

  it('estimates VAT at 10 % when the summary block is gone, and warns', () => {
    const bare = run({
      name: WS,
      bytes: xlsxOf({ 입출고비: cfsSheet('쿠팡풀필먼트서비스(CFS) 입출고비', '입출고비', lines, null) }),
    });
    expect(bare.fulfillment.reduce((s, f) => s + f.vat, 0)).toBe(500);
    expect(codes(bare)).toContain('MISSING_SUMMARY');
  });
});

describe('seller-borne shipping across the files of one run', () => {
  it('charges each fee to the earliest sale line of its order and option, never to a cancel line', () => {
    // The order was settled in two weekly files (one period each) and cancelled in the first.
    const week2 = categoryTrXlsx([
      { orderId: '20250101000001', optionId: '95521944483', price: 1000, qty: 1, periodEnd: '2025-01-12' },
    ]);
    const tr = categoryTrXlsx([
      { orderId: '20250101000001', optionId: '95521944483', price: 1000, qty: 1, periodEnd: '2025-01-05' },
      { orderId: '20250101000001', optionId: '95521944483', price: 1000, qty: 1, cancel: true },
    ]);
    const ws = xlsxOf({
      입출고비: cfsSheet(
        '쿠팡풀필먼트서비스(CFS) 입출고비',
        '입출고비',
        [
          { orderId: '20250101000001', gross: 1000 },
          { orderId: '20250101000001', gross: -1000, cancel: true },
          { orderId: '20250101999999', gross: 500 },
        ],
        { vat: 50 },
      ),
    });
    const result = run([
      { name: 'A001-CATEGORY_TR-ko-2.xlsx', bytes: week2 },
      { name: TR, bytes: tr },
      { name: WS, bytes: ws },
    ]);
    expect(result.orders).toHaveLength(3);
    const early = result.orders.find((o) => o.transaction === 'sale' && o.period_end === '2025-01-05')!;
    const attributed = result.fulfillment.filter((f) => f.attributed_line_key === early.line_key);
    expect(attributed).toHaveLength(2);
    expect(early.seller_borne_shipping).toBe(attributed.reduce((s, f) => s + f.total_fee, 0));
    expect(result.orders.filter((o) => o !== early).every((o) => o.seller_borne_shipping === 0)).toBe(true);
    expect(result.fulfillment.find((f) => f.order_id === '20250101999999')!.attributed_line_key).toBeNull();
  });
});

describe('SELLER_INSIGHTS 판매분석 (v1)', () => {
  const header = [...INSIGHTS_HEADERS];
  const row = (
    id: string,
    channel: string,
    sales: number,
    cancel: number,
    units: number,
    cancelUnits: number,
  ) => [
    id,
    '블랙',
    '티셔츠',
    '777',
    '의류',
    channel,
    (sales + cancel).toLocaleString('en-US'),
    '3',
    String(units + cancelUnits),
    '10',
    '20',
    '1',
    '7.55%',
    '100.00%',
    sales.toLocaleString('en-US'),
    String(units),
    cancel.toLocaleString('en-US'),
    String(cancelUnits),
    '0',
  ];
  const bytes = xlsxOf({
    'vendor item metrics': [
      header,
      row('95521944483', '로켓그로스', 285900, -28590, 10, -1),
      row('95521944484', '판매자배송', 1000, 0, 1, 0),
      row('95521944485', '로켓그로스', 5000, 0, 1, 0),
    ],
  });
  const name = 'SELLER_INSIGHTS_VENDOR_ITEM_METRICS_20250201.xlsx';
  const period = { start: '2025-01-01', end: '2025-01-31' };

  it('refuses the file without a period, in Korean and English', () => {
    const result = run({ name, bytes });
    expect(result.files[0]).toMatchObject({ report: 'SELLER_INSIGHTS', status: 'failed' });
    expect(result.orders).toHaveLength(0);
    expect(result.problems[0]!.code).toBe('PERIOD_REQUIRED');
    expect(result.problems[0]!.message).toMatch(/기간.*period/s);
  });

  it('gives a sale and a cancel line per Rocket Growth option, coupons not reflected', () => {
    const result = run({ name, bytes }, { period });
    expect(result.files[0]).toMatchObject({
      rows_read: 3,
      rows_accepted: 2,
      rows_skipped: 1,
      period_start: '2025-01-01',
      period_end: '2025-01-31',
    });
    expect(result.orders.map((o) => o.line_key)).toEqual([
      'v1|SELLER_INSIGHTS|2025-01-01|2025-01-31|95521944483|sale|1',
      'v1|SELLER_INSIGHTS|2025-01-01|2025-01-31|95521944483|cancel|1',
      'v1|SELLER_INSIGHTS|2025-01-01|2025-01-31|95521944485|sale|1',
    ]);
    expect(result.orders[1]).toMatchObject({
      order_id: '95521944483',
      order_id_is_option_id: true,
      transaction: 'cancel',
      quantity: -1,
      gross_sales: -28590,
      payment_amount: -28590,
      coupon_reflected: false,
      seller_borne_shipping: 0,
    });
    expect(result.fees[0]).toMatchObject({
      commission_base: 285900,
      collected_total: null,
      effective_commission: 0,
      commission_source: 'none',
    });
    expect(result.files[0]!.control.every((c) => c.ok)).toBe(true);
    expect(result.problems).toEqual([
      expect.objectContaining({ code: 'ROWS_SKIPPED', message: expect.stringContaining('(행: 3)') }),
    ]);
  });

  it('checks 매출 = 총 매출 + 총 취소 금액 per option', () => {
    const broken = row('95521944483', '로켓그로스', 285900, -28590, 10, -1);
    broken[6] = '300,000';
    const result = run({ name, bytes: xlsxOf({ 'vendor item metrics': [header, broken] }) }, { period });
    const control = result.files[0]!.control.find((c) => c.name.startsWith('매출'))!;
    expect(control).toMatchObject({
      ok: false,
      expected: 300000,
      actual: 257310,
      rows: ['vendor item metrics!2'],
    });
    expect(codes(result)).toEqual(expect.arrayContaining(['IDENTITY_MISMATCH', 'CONTROL_MISMATCH']));
  });
});
