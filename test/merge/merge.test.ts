// The merge engine's stories, told against an in-memory workbook (the .xlsx adapter before it is
// saved): the same engine runs behind the Sheets adapter (test/addon) and the CLI (test/cli-import).
import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import { XlsxWorkbookPort } from '../../src/cli/workbook/xlsx-port';
import { ensureManagedTabs, importedKeys, mergeStep, updateBlocks } from '../../src/core/merge/engine';
import type { IncomingRecords } from '../../src/core/merge/plan';
import {
  columnIndex,
  FEES_TAB,
  FULFILLMENT_TAB,
  ORDERS_TAB,
  PROBLEMS_TAB,
  type TabDef,
} from '../../src/core/model/tabs';
import { deliveryFee, feeFor, ordersWithFees, v1Order, v2Order } from './records';

function newBook() {
  const port = XlsxWorkbookPort.create('ko');
  ensureManagedTabs(port);
  return port;
}

function importAll(
  port: XlsxWorkbookPort,
  incoming: IncomingRecords,
  options: { dryRun?: boolean; allowRemovals?: boolean } = {},
) {
  return mergeStep(port, {
    importId: 'imp-test',
    incoming,
    completeImport: importedKeys(incoming),
    dryRun: options.dryRun ?? false,
    allowRemovals: options.allowRemovals ?? false,
  }).plan;
}

/** The workbook saved, cells typed by another program (SheetJS) at (sheet row index, column), reopened. */
async function typedByUser(
  port: XlsxWorkbookPort,
  tab: TabDef,
  cells: readonly [number, number, string | number][],
): Promise<XlsxWorkbookPort> {
  const book = XLSX.read(await port.save(), { type: 'array', dense: true, cellFormula: true, cellNF: true });
  const sheet = book.Sheets[port.tabName(tab)]!;
  const grid = sheet['!data'] as XLSX.CellObject[][];
  for (const [row, col, v] of cells) {
    grid[row] ??= [];
    grid[row]![col] = typeof v === 'number' ? { t: 'n', v } : { t: 's', v };
  }
  const range = XLSX.utils.decode_range(sheet['!ref'] ?? 'A1');
  range.e.c = Math.max(range.e.c, ...cells.map(([, col]) => col));
  sheet['!ref'] = XLSX.utils.encode_range(range);
  const bytes = XLSX.write(book, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer;
  return XlsxWorkbookPort.load(new Uint8Array(bytes), port.lang);
}

function column(port: XlsxWorkbookPort, tab: TabDef, key: string) {
  const c = columnIndex(tab, key);
  return port.read(tab).rows.map((row) => row[c] ?? null);
}

const january = ['1001', '1002', '1003'].map((id) => v2Order(id, `9${id}`, '2025-01-31'));
const february = ['2001', '2002'].map((id) => v2Order(id, `9${id}`, '2025-02-28'));

describe('keyed merge', () => {
  it('a first import inserts every line, and importing the same file again changes nothing', () => {
    const port = newBook();
    const first = importAll(port, ordersWithFees(january));
    expect(first.tabs.orders.counts).toMatchObject({ inserted: 3, updated: 0, unchanged: 0, removed: 0 });
    expect(first.tabs.fees.counts.inserted).toBe(3);

    const again = importAll(port, ordersWithFees(january));
    expect(again.tabs.orders.counts).toMatchObject({ inserted: 0, updated: 0, unchanged: 3, removed: 0 });
    expect(again.tabs.orders.updates.size).toBe(0);
    expect(again.tabs.fees.updates.size).toBe(0);
    expect(port.read(ORDERS_TAB).rows).toHaveLength(3);
  });

  it('matches rows by line_key after the user sorted the tab, and updates the moved row in place', () => {
    const port = newBook();
    importAll(port, ordersWithFees(january));
    // Sort descending by order ID: positions change, keys do not.
    const rows = port.read(ORDERS_TAB).rows.reverse();
    port.writeRows(ORDERS_TAB, 0, rows);
    const corrected = january.map((o) => (o.order_id === '1001' ? { ...o, gross_sales: 12000 } : o));
    const plan = importAll(port, ordersWithFees(corrected));
    expect(plan.tabs.orders.counts).toMatchObject({ inserted: 0, updated: 1, unchanged: 2 });
    expect(column(port, ORDERS_TAB, 'order_id')).toEqual(['1003', '1002', '1001']);
    expect(column(port, ORDERS_TAB, 'gross_sales')).toEqual([10000, 10000, 12000]);
  });

  it('a corrected download replaces its period: gone rows are removed, other periods untouched', () => {
    const port = newBook();
    importAll(port, ordersWithFees([...january, ...february]));
    const correctedJanuary = [january[0]!, { ...january[1]!, quantity: 2, gross_sales: 20000 }];
    const plan = importAll(port, ordersWithFees(correctedJanuary), { allowRemovals: true });
    expect(plan.tabs.orders.counts).toMatchObject({ updated: 1, unchanged: 1, removed: 1 });
    expect(plan.replaced).toEqual(
      expect.arrayContaining([
        { tab: 'orders', source_report: 'CATEGORY_TR', period_end: '2025-01-31', removed: 1 },
      ]),
    );
    expect(column(port, ORDERS_TAB, 'order_id').sort()).toEqual(['1001', '1002', '2001', '2002']);
    expect(column(port, FEES_TAB, 'order_id').sort()).toEqual(['1001', '1002', '2001', '2002']);
  });

  it('two files of one import with the same keys (an .xlsx and its CSV re-save) write each row once', () => {
    const port = newBook();
    const resave = january.map((o, i) => ({ ...o, source_file: 'CATEGORY_TR.csv', source_row: i + 2 }));
    const plan = importAll(port, ordersWithFees([...january, ...resave]));
    // The re-save's rows are counted once: skipped as duplicates, never written twice.
    expect(plan.tabs.orders.counts).toMatchObject({ inserted: 3, skipped: 3, rejected: 0 });
    expect(plan.files.find((f) => f.file === 'CATEGORY_TR.csv')).toMatchObject({ skipped: 3, inserted: 0 });
    // One problem row says which file repeated which (Orders only: the Fees rows mirror them).
    const repeats = plan.problems.filter((p) => p.code === 'DUPLICATE_LINES');
    expect(repeats).toHaveLength(1);
    expect(repeats[0]).toMatchObject({ file: 'CATEGORY_TR.csv', severity: 'warning' });
    expect(repeats[0]?.message).toContain('3행은 이번 가져오기의 파일 "CATEGORY_TR.xlsx"');
    expect(port.read(ORDERS_TAB).rows).toHaveLength(3);

    const conflicting = [{ ...january[0]!, gross_sales: 1, source_file: 'other.csv' }];
    const other = newBook();
    const conflict = importAll(other, ordersWithFees([january[0]!, ...conflicting]));
    expect(conflict.tabs.orders.counts).toMatchObject({ inserted: 1, rejected: 1 });
    expect(conflict.problems.map((p) => p.code)).toContain('DUPLICATE_KEY_CONFLICT');
    // The conflicting row was not written: an error (오류), not a note.
    expect(conflict.problems.find((p) => p.code === 'DUPLICATE_KEY_CONFLICT')?.severity).toBe('error');
  });

  it('a dry run plans the same and writes nothing', () => {
    const port = newBook();
    const plan = importAll(port, ordersWithFees(january), { dryRun: true });
    expect(plan.tabs.orders.counts.inserted).toBe(3);
    expect(port.read(ORDERS_TAB).rows).toHaveLength(0);
  });
});

describe('v2 supersedes v1 (never count the same sales twice)', () => {
  const v1January = [
    v1Order('91001', '2025-01-01', '2025-01-31'),
    v1Order('91002', '2025-01-01', '2025-01-31'),
  ];
  const v1March = [v1Order('93001', '2025-03-01', '2025-03-31')];

  it('v1 then v2: the overlapping v1 rows are removed, other months stay', () => {
    const port = newBook();
    importAll(port, ordersWithFees([...v1January, ...v1March]));
    const plan = importAll(port, ordersWithFees(january), { allowRemovals: true });
    expect(plan.v1Superseded).toEqual({ removed: 2, skipped: 0 });
    expect(column(port, ORDERS_TAB, 'mapping_version').sort()).toEqual(['v1', 'v2', 'v2', 'v2']);
    expect(column(port, FEES_TAB, 'line_key')).not.toContain(v1January[0]!.line_key);
  });

  it('v2 then v1: the v1 rows for the covered month are not written', () => {
    const port = newBook();
    importAll(port, ordersWithFees(january));
    const plan = importAll(port, ordersWithFees([...v1January, ...v1March]));
    expect(plan.v1Superseded).toEqual({ removed: 0, skipped: 2 });
    // Superseded, its own count: nothing was rejected.
    expect(plan.tabs.orders.counts).toMatchObject({ inserted: 1, rejected: 0, superseded: 2 });
    expect(plan.tabs.fees.counts).toMatchObject({ inserted: 1, rejected: 0, superseded: 2 });
    expect(column(port, ORDERS_TAB, 'period_end').sort()).toEqual([
      '2025-01-31',
      '2025-01-31',
      '2025-01-31',
      '2025-03-31',
    ]);
  });
});

describe('seller-borne shipping is attributed over the whole tabs, in either import order', () => {
  const sale = v2Order('5001', '95001', '2025-01-31');
  const cancel = v2Order('5001', '95001', '2025-01-31', { transaction: 'cancel', gross_sales: -10000 });
  const laterSale = v2Order('5001', '95001', '2025-02-28', { recognition_date: '2025-02-28' });
  const fees = [
    deliveryFee('5001', '95001', '2025-01-31', 3300),
    deliveryFee('5001', '95001', '2025-02-28', 1100, { fee_type: 'warehousing', line_key: 'wh-5001' }),
    deliveryFee('7777', '97777', '2025-01-31', 2200),
  ];

  it('orders first, fees later', () => {
    const port = newBook();
    importAll(port, ordersWithFees([sale, cancel, laterSale]));
    const plan = importAll(port, { orders: [], fees: [], fulfillment: fees });
    expect(plan.shipping).toMatchObject({ attributedFees: 2, unattributedFees: 1 });
    const shipping = new Map(
      port.read(ORDERS_TAB).rows.map((r) => [r[0], r[columnIndex(ORDERS_TAB, 'seller_borne_shipping')]]),
    );
    expect(shipping.get(sale.line_key)).toBe(4400);
    expect(shipping.get(cancel.line_key)).toBe(0);
    expect(shipping.get(laterSale.line_key)).toBe(0);
    expect(column(port, FULFILLMENT_TAB, 'attributed_line_key')).toEqual([
      sale.line_key,
      sale.line_key,
      null,
    ]);
  });

  it('fees first, orders later: the same result', () => {
    const port = newBook();
    importAll(port, { orders: [], fees: [], fulfillment: fees });
    expect(column(port, FULFILLMENT_TAB, 'attributed_line_key')).toEqual([null, null, null]);
    importAll(port, ordersWithFees([sale, cancel, laterSale]));
    const c = columnIndex(ORDERS_TAB, 'seller_borne_shipping');
    const total = port.read(ORDERS_TAB).rows.reduce((n, r) => n + Number(r[c] ?? 0), 0);
    expect(total).toBe(4400);
    expect(column(port, FULFILLMENT_TAB, 'attributed_line_key')).toEqual([
      sale.line_key,
      sale.line_key,
      null,
    ]);
  });
});

describe('user data is sacred', () => {
  it('an override and a user column survive an update of their row', async () => {
    const saved = newBook();
    importAll(saved, ordersWithFees(january));
    const override = columnIndex(FEES_TAB, 'commission_override');
    expect(saved.read(FEES_TAB).rows).toHaveLength(3);
    // The user types an override and a note right of the table (one blank column between).
    const note = FEES_TAB.columns.length + 1;
    const port = await typedByUser(saved, FEES_TAB, [
      [1, override, 500],
      [1, note, '메모: 협의 수수료'],
    ]);
    const changed = january.map((o) => ({ ...o, gross_sales: 11000 }));
    const plan = importAll(port, ordersWithFees(changed));
    expect(plan.tabs.fees.counts.updated).toBe(3);
    const after = port.read(FEES_TAB).rows[0]!;
    expect(after[override]).toBe(500);
    expect(after[note]).toBe('메모: 협의 수수료');
    expect(after[columnIndex(FEES_TAB, 'commission_base')]).toBe(11000);
    expect(after[columnIndex(FEES_TAB, 'commission_source')]).toBe('override');
  });

  it('a removed row that held an override is copied into the Import problems tab', async () => {
    const saved = newBook();
    importAll(saved, ordersWithFees(january));
    const override = columnIndex(FEES_TAB, 'commission_override');
    const removedKey = saved.read(FEES_TAB).rows[2]![0];
    const port = await typedByUser(saved, FEES_TAB, [[3, override, 777]]);
    const plan = importAll(port, ordersWithFees(january.slice(0, 2)), { allowRemovals: true });
    expect(plan.preservedUserRows).toBe(1);
    const problems = port.read(PROBLEMS_TAB).rows;
    const kept = problems.find((p) => p[6] === 'REMOVED_ROW_USER_DATA');
    expect(kept?.[5]).toBe('수수료 직접입력(VAT포함)=777');
    expect(String(kept?.[8])).toContain(String(removedKey));
  });

  it('text longer than a cell can hold is cut with a marker and reported', () => {
    const port = newBook();
    const long = v2Order('8001', '98001', '2025-01-31', { product_name: '가'.repeat(40_000) });
    const plan = importAll(port, ordersWithFees([long]));
    expect(plan.truncatedCells).toBe(1);
    const name = String(column(port, ORDERS_TAB, 'product_name')[0]);
    expect(name).toHaveLength(port.maxCellChars);
    expect(name.endsWith('truncated]')).toBe(true);
    expect(plan.problems.map((p) => p.code)).toContain('CELL_TRUNCATED');
  });
});

describe('update blocks', () => {
  it('updated rows are written per run of contiguous rows, and no row between them is rewritten', () => {
    const updates = new Map<number, (string | number)[]>(
      Array.from({ length: 500 }, (_, k) => [k * 20, [`k${k * 20}`, -1]]),
    );
    updates.set(21, ['k21', -1]);
    updates.set(22, ['k22', -1]);
    const blocks = updateBlocks(updates);
    // 500 rows 20 apart, and 21 and 22 joining 20 in one run: still 500 writes.
    expect(blocks).toHaveLength(500);
    expect(blocks[1]).toEqual({
      first: 20,
      rows: [
        ['k20', -1],
        ['k21', -1],
        ['k22', -1],
      ],
    });
    expect(blocks.reduce((n, b) => n + b.rows.length, 0)).toBe(502);
  });
});

describe('fees follow their order line', () => {
  it('a fee row is written per order line, keyed the same', () => {
    const port = newBook();
    const order = january[0]!;
    importAll(port, { orders: [order], fees: [feeFor(order)], fulfillment: [] });
    expect(column(port, FEES_TAB, 'line_key')).toEqual(column(port, ORDERS_TAB, 'line_key'));
  });
});
