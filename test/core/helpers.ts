/** Small builders for inline test files: grids → .xlsx / .csv bytes, and a Node-hosted normalize. */
import * as XLSX from '@e965/xlsx';
import iconv from 'iconv-lite';
import type { NormalizeResult, Period } from '../../src/core/model/records';
import { type InputFile, normalizeFiles } from '../../src/core/normalize';
import { CATEGORY_TR_HEADERS as DOCUMENTED_CATEGORY_TR_HEADERS } from '../fixtures/layouts';

export const decodeCp949 = (bytes: Uint8Array): string => iconv.decode(Buffer.from(bytes), 'cp949');

export type Rows = (string | number | boolean | null)[][];

export function xlsxOf(sheets: Record<string, Rows>, merges: Record<string, XLSX.Range[]> = {}): Uint8Array {
  const workbook = XLSX.utils.book_new();
  for (const [name, rows] of Object.entries(sheets)) {
    const sheet = XLSX.utils.aoa_to_sheet(rows);
    if (merges[name]) sheet['!merges'] = merges[name];
    XLSX.utils.book_append_sheet(workbook, sheet, name);
  }
  return new Uint8Array(XLSX.write(workbook, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
}

export function csvText(rows: Rows): string {
  return rows
    .map((row) =>
      row
        .map((cell) => {
          const text = cell === null ? '' : String(cell);
          return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
        })
        .join(','),
    )
    .join('\r\n');
}

export function utf8(text: string, bom = false): Uint8Array {
  const body = new TextEncoder().encode(text);
  if (!bom) return body;
  const out = new Uint8Array(body.length + 3);
  out.set([0xef, 0xbb, 0xbf]);
  out.set(body, 3);
  return out;
}

export function cp949(text: string): Uint8Array {
  return new Uint8Array(iconv.encode(text, 'cp949'));
}

export function run(files: InputFile[] | InputFile, options: { period?: Period } = {}): NormalizeResult {
  return normalizeFiles(Array.isArray(files) ? files : [files], { decodeCp949, ...options });
}

export const codes = (result: NormalizeResult) => result.problems.map((p) => p.code);

// ---------------------------------------------------------------------------------------------
// CATEGORY_TR inline layout (coupang-exports.md §1)

/** The documented header row (the fixture generator's), as a mutable row for inline grids. */
export const CATEGORY_TR_HEADERS: string[] = [...DOCUMENTED_CATEGORY_TR_HEADERS];

export interface TrLine {
  orderId: string | number;
  optionId: string | number;
  cancel?: boolean;
  price: number;
  qty: number;
  c?: number;
  d?: number;
  e?: number;
  rate?: number;
  periodEnd?: string | number;
}

/** One CATEGORY_TR row whose 정산대상액 identity holds (commission = round(base × rate), VAT = 10 %). */
export function trRow(line: TrLine): (string | number | null)[] {
  const sign = line.cancel ? -1 : 1;
  const qty = sign * line.qty;
  const gross = line.price * qty;
  const c = sign * (line.c ?? 0);
  const d = sign * (line.d ?? 0);
  const e = sign * (line.e ?? 0);
  const rate = line.rate ?? 10.8;
  const commission = Math.round(((gross - d - e) * rate) / 100);
  const vat = Math.round(commission / 10);
  return [
    '주정산',
    line.periodEnd ?? '2025-01-05',
    '2025-01',
    '2025-01-02',
    '2025-01-03',
    line.orderId,
    line.cancel ? '주문 정산취소' : '주문 정산',
    '56137',
    '주방용품',
    '과세',
    '13371337',
    line.optionId,
    '880011',
    '스텐 냄비',
    '20cm',
    line.price,
    qty,
    gross,
    c,
    gross - c,
    d,
    e,
    d + e,
    gross - d - e - commission - vat,
    rate,
    rate,
    commission,
    vat,
  ];
}

export function categoryTrXlsx(lines: TrLine[], extraRows: Rows = []): Uint8Array {
  return xlsxOf({
    '주문내역, 판매수수료': [['판매수수료 리포트'], CATEGORY_TR_HEADERS, ...lines.map(trRow), ...extraRows],
  });
}

// ---------------------------------------------------------------------------------------------
// WAREHOUSING_SHIPPING-like CFS sheet (coupang-exports.md §2)

export interface FeeLineSpec {
  orderId?: string | null;
  optionId?: string | null;
  gross: number;
  discount?: number;
  cancel?: boolean;
  shipmentId?: string;
}

export const CFS_HEAD = [
  '정산유형',
  '정산주기(종료일)',
  '발생일(배송완료일)',
  '거래유형',
  '주문ID',
  '배송ID',
  '옵션ID',
  '판매수량',
];

/** A CFS sheet: title, summary (합계, 세액, 최종비용), blank rows, two-row header, data. */
export function cfsSheet(
  label: string,
  kind: string,
  lines: FeeLineSpec[],
  summary: { total?: number; vat: number; final?: number } | null,
): Rows {
  const net = (l: FeeLineSpec) => l.gross - (l.discount ?? 0);
  const total = lines.reduce((s, l) => s + net(l), 0);
  const rows: Rows = [[], [`쿠팡풀필먼트서비스(CFS) ${kind} 정산 내역`]];
  if (summary) {
    const t = summary.total ?? total;
    rows.push(
      ['정산주기(종료일)', `${kind} 합계`, '세액', '최종비용'],
      ['2025-01-05', t, summary.vat, summary.final ?? t + summary.vat],
    );
  } else {
    rows.push([], []);
  }
  rows.push([], []);
  rows.push([...CFS_HEAD, label, null, null, '비고']);
  rows.push([
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    '발생비용(A)',
    '할인가(B)',
    '할인적용가(A-B)',
    null,
  ]);
  lines.forEach((l, i) => {
    rows.push([
      '주정산',
      '2025-01-05',
      '2025-01-03',
      `${kind} 정산${l.cancel ? '취소' : ''}`,
      l.orderId === undefined ? `2025010100000${i}` : l.orderId,
      l.shipmentId ?? `S${i}`,
      l.optionId === undefined ? '95521944483' : l.optionId,
      l.cancel ? -1 : 1,
      l.gross,
      l.discount ?? 0,
      net(l),
      null,
    ]);
  });
  return rows;
}
