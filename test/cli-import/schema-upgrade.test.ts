// `cjet import` into a workbook written by cjet before schema version 2, with rows, an override and
// the user's own columns: the v2 columns are inserted at the right of each table, every row and user
// cell stays aligned, the headers say the labels of normalized-tabs.md (the expected labels are the
// contract's, typed here, not read from the code).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as XLSX from '@e965/xlsx';
import * as X from '@e965/xlsx';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeCp949 } from '../../src/cli/nodeHost';
import { normalizeFiles } from '../../src/core/normalize';
import { generateMonth } from '../fixtures/generate';
import { SETTLEMENT_REPORTS } from '../fixtures/settlement';
import { V1_TABS, type V1Tab, v1Format, v1Header, v1Row } from '../fixtures/v1-tabs';
import { cjetImport, grid, monthFiles, readBook, summaryOf, tempDir, writeBook } from './helpers';

const SETTLEMENT = SETTLEMENT_REPORTS;

type Row = (XLSX.CellObject | undefined)[];
const value = (cell: XLSX.CellObject | undefined) => cell?.v ?? null;
const labels = (rows: Row[]) => (rows[0] ?? []).map((c) => value(c));

/** Days from 1899-12-30: the 1900 date system, computed here with the host's own Date. */
const serial = (iso: string) => (Date.parse(`${iso}T00:00:00Z`) - Date.UTC(1899, 11, 30)) / 86_400_000;

function v1Sheet(tab: V1Tab, records: readonly object[]): Row[] {
  const rows: Row[] = [v1Header(tab).map((v) => ({ t: 's', v }))];
  for (const record of records) {
    const cells = v1Row(tab, { ...record, import_id: 'cli-v1' });
    rows.push(
      cells.map((v, c): XLSX.CellObject | undefined => {
        const type = tab.columns[c]![2];
        const z = v1Format(type);
        if (v === '') return undefined;
        if (type === 'date') return { t: 'n', v: serial(String(v)), z };
        if (typeof v === 'boolean') return { t: 'b', v };
        if (typeof v === 'number') return { t: 'n', v, z };
        return { t: 's', v: String(v), z };
      }),
    );
  }
  return rows;
}

let dir: string;
let files: string[];
let vendorId: string;
let invoiceMonth: string;
let records: ReturnType<typeof normalizeFiles>;

beforeAll(() => {
  dir = tempDir();
  files = monthFiles(dir, 31, { reports: SETTLEMENT });
  vendorId = /(A\d{8})-CATEGORY_TR-/.exec(files.join(' '))![1]!;
  invoiceMonth = generateMonth(31, { reports: ['CATEGORY_TR'] }).model.periods[0]!.invoiceMonth;
  records = normalizeFiles(
    files.map((f) => ({ name: f, bytes: new Uint8Array(readFileSync(f)) })),
    { decodeCp949 },
  );
});

/** A version-1 workbook as a seller left it: rows, an override, their own columns right of tables. */
function v1Workbook(path: string): void {
  const book = X.utils.book_new();
  const add = (id: keyof typeof V1_TABS, rows: Row[]) => {
    // Holes are empty cells, as in SheetJS's dense grids.
    const sheet: XLSX.WorkSheet = { '!data': rows as XLSX.CellObject[][], '!ref': `A1:AZ${rows.length}` };
    X.utils.book_append_sheet(book, sheet, V1_TABS[id].name);
  };
  const orders = v1Sheet(V1_TABS.orders, records.orders);
  orders[0]![31] = { t: 's', v: '메모' };
  orders.slice(1).forEach((row, i) => {
    row[31] = { t: 's', v: `note ${value(row[0])}` };
    row[32] = { t: 'n', v: i + 1 };
  });
  const fees = v1Sheet(V1_TABS.fees, records.fees);
  fees[2]![23] = { t: 'n', v: 4321 };
  fees[0]![24] = { t: 's', v: '확인' };
  fees.slice(1).forEach((row) => {
    row[24] = { t: 's', v: `ok ${value(row[0])}` };
  });
  add('orders', orders);
  add('fees', fees);
  add('fulfillment', v1Sheet(V1_TABS.fulfillment, records.fulfillment));
  add('settings', [v1Header(V1_TABS.settings).map((v) => ({ t: 's', v }))]);
  const log = [v1Header(V1_TABS.log).map((v): XLSX.CellObject => ({ t: 's', v }))];
  log.push([
    { t: 's', v: 'cli-v1' },
    { t: 's', v: '2025-02-03 10:00:00' },
  ]);
  add('log', log);
  book.Workbook = {
    Names: (['orders', 'fees', 'fulfillment'] as const).map((id) => ({
      Name: `cjet_${id}`,
      Ref: `'${V1_TABS[id].name}'!$A$1:$${id === 'orders' ? 'AE' : id === 'fees' ? 'X' : 'AF'}$2`,
    })),
  };
  writeBook(path, book);
}

describe('cjet import into a version-1 workbook', () => {
  it('inserts the v2 columns; rows, the override and user columns stay aligned; headers relabelled', async () => {
    const book = join(dir, 'v1.xlsx');
    v1Workbook(book);
    const overriddenKey = value(grid(readBook(book), '수수료')[2]![0]);
    const run = await cjetImport([...files, '--out', book, '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const summary = summaryOf(run).summary;
    expect(summary.tabs.orders).toMatchObject({ inserted: 0, updated: records.orders.length, removed: 0 });

    const wb = readBook(book);
    const orders = grid(wb, '주문');
    expect(labels(orders).slice(26, 37)).toEqual([
      '판매자 부담 배송비(VAT포함)',
      '가져오기 ID',
      '원본 파일',
      '원본 시트',
      '원본 행',
      '세금계산서 발행월',
      '카테고리ID',
      '즉시할인쿠폰',
      '다운로드쿠폰',
      '업체코드',
      '메모',
    ]);
    expect(orders).toHaveLength(records.orders.length + 1);
    orders.slice(1).forEach((row) => {
      expect(value(row[36])).toBe(`note ${value(row[0])}`);
      expect(typeof value(row[37])).toBe('number');
      expect(value(row[31])).toBe(invoiceMonth);
      expect(value(row[35])).toBe(vendorId);
    });
    // The user's numbered column kept its order (1, 2, 3 …) on the same rows.
    expect(orders.slice(1).map((r) => value(r[37]))).toEqual(records.orders.map((_, i) => i + 1));

    const fees = grid(wb, '수수료');
    expect(labels(fees).slice(11, 15)).toEqual([
      '수집 수수료율(%, VAT별도)',
      '판매수수료 공급가액',
      '판매수수료 세액',
      '판매수수료 합계금액',
    ]);
    expect(labels(fees).slice(23, 30)).toEqual([
      '수수료 직접입력(VAT포함)',
      '할인적용 수수료율(%, VAT별도)',
      '세금계산서 발행월',
      '업체코드',
      '과세유형',
      '정산유형',
      '확인',
    ]);
    for (const row of fees.slice(1)) expect(value(row[29])).toBe(`ok ${value(row[0])}`);
    const overridden = fees.find((r) => value(r[0]) === overriddenKey)!;
    expect(value(overridden[23])).toBe(4321);
    expect(value(overridden[17])).toBe(4321); // effective commission (VAT incl.) follows the override
    expect(fees.slice(1).filter((r) => value(r[23]) !== null)).toHaveLength(1);

    const fulfillment = grid(wb, '풀필먼트비용');
    expect(labels(fulfillment).slice(24, 27)).toEqual(['공급가액', '세액', '합계금액']);
    expect(labels(fulfillment).slice(32, 34)).toEqual(['세금계산서 발행월', '업체코드']);

    expect(labels(grid(wb, '수수료 설정')).slice(0, 3)).toEqual(['범위', '대상 ID', '수수료율(%, VAT별도)']);

    const log = grid(wb, '가져오기 기록');
    expect(labels(log).slice(7, 8)).toEqual(['최초 일자']);
    expect(labels(log).slice(20, 23)).toEqual(['업체코드', '대체됨', '대체된 금액']);
    expect(value(log[1]![1])).toBe('2025-02-03 10:00:00'); // the old row is kept as it was
    expect(log.slice(2).every((r) => value(r[20]) === vendorId)).toBe(true);
    // The defined names cover the wider tables.
    const names = new Map((wb.Workbook?.Names ?? []).map((n) => [n.Name, n.Ref]));
    expect(names.get('cjet_orders')).toMatch(/!\$A\$1:\$AJ\$\d+$/);
    expect(names.get('cjet_fees')).toMatch(/!\$A\$1:\$AC\$\d+$/);
  });

  it('a dry run plans updates without writing, and a second import changes nothing', async () => {
    const book = join(dir, 'v1-again.xlsx');
    v1Workbook(book);
    const dry = summaryOf(await cjetImport([...files, '--out', book, '--dry-run', '--json'])).summary;
    expect(dry.tabs.orders).toMatchObject({ inserted: 0, updated: records.orders.length, removed: 0 });
    expect(labels(grid(readBook(book), '주문'))[31]).toBe('메모');

    expect((await cjetImport([...files, '--out', book])).code).toBe(0);
    const again = summaryOf(await cjetImport([...files, '--out', book, '--json'])).summary;
    for (const tab of ['orders', 'fees', 'fulfillment'] as const) {
      expect(again.tabs[tab]).toMatchObject({ inserted: 0, updated: 0, removed: 0 });
    }
    expect(value(grid(readBook(book), '주문')[1]![36])).toMatch(/^note /);
  });
});
