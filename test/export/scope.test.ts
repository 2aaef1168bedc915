// The scope a load replaces is the importer's: 업체코드 (vendor_id) + source report + period end. A
// corrected download of one seller's period replaces exactly that period of that seller; the other
// seller's rows of the same report and period, and the seller's other period, are untouched.
//
// vendor_id comes with tab schema version 2 (read from the settlement file name). Where the tabs do
// not carry it yet, this test gives the ledgers the column as that version declares it and fills it
// from each row's source file name; once the tabs carry it, the same code only checks that the
// importer's vendor_id is the file name's.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readInputs } from '../../src/cli/export/command';
import { cellOf, type Ledger } from '../../src/cli/export/ledger';
import { buildTables } from '../../src/cli/export/rows';
import { type TabSet, tableSpecs } from '../../src/cli/export/tables';
import { writeExport } from '../../src/cli/export/write';
import type { CliIo } from '../../src/cli/types';
import {
  type ColumnDef,
  FEES_TAB,
  FULFILLMENT_TAB,
  LOG_TAB,
  ORDERS_TAB,
  SETTINGS_TAB,
  type TabDef,
} from '../../src/core/model/tabs';
import { fileBaseName, fileSpec, generateMonth } from '../fixtures/generate';
import { toXlsx } from '../fixtures/grid';
import { buildGrid } from '../fixtures/layouts';
import { generateSellerModel } from '../fixtures/model';
import { SETTLEMENT_REPORTS } from '../fixtures/settlement';
import { computeTruth } from '../fixtures/truth';
import { query, type Row, runLoad, tempDir, vendorOfFile, writeFiles } from './helpers';

const SETTLEMENT = SETTLEMENT_REPORTS;
const A = 'A00033333';
const B = 'A00044444';
const OPTIONS = { months: 2, ordersPerPeriod: 30 } as const;

const VENDOR: ColumnDef = { key: 'vendor_id', ko: '업체코드', en: 'Vendor ID', type: 'id', since: 2 };
const withVendor = (tab: TabDef): TabDef =>
  tab.columns.some((c) => c.key === 'vendor_id') ? tab : { ...tab, columns: [...tab.columns, VENDOR] };
const TABS: TabSet = {
  orders: withVendor(ORDERS_TAB),
  fees: withVendor(FEES_TAB),
  fulfillment: withVendor(FULFILLMENT_TAB),
  log: withVendor(LOG_TAB),
  settings: SETTINGS_TAB,
};

const io: CliIo = {
  stdout: () => {},
  stderr: () => {},
  readFile: async (path) => new Uint8Array(readFileSync(path)),
};

/** Every row's vendor_id: the importer's where the tab has it (checked), else the file name's. */
function fillVendors(ledger: Ledger): void {
  for (const [id, tab] of Object.entries(ledger.tabs)) {
    if (!tab || id === 'settings') continue;
    const index = tab.tab.columns.findIndex((c) => c.key === 'vendor_id');
    const fileKey = id === 'log' ? 'file' : 'source_file';
    for (const row of tab.rows) {
      const vendor = vendorOfFile(String(cellOf(tab, row, fileKey) ?? ''));
      expect(vendor).not.toBeNull();
      if (index < tab.present) expect(cellOf(tab, row, 'vendor_id')).toBe(vendor);
      else {
        const cells = [...row.cells];
        while (cells.length < index) cells.push(null);
        cells[index] = vendor;
        row.cells = cells;
      }
    }
    tab.present = Math.max(tab.present, index + 1);
  }
}

async function exportFiles(paths: readonly string[], outDir: string, change?: (l: Ledger) => void) {
  const read = await readInputs({ inputs: paths, outDir, tabs: TABS }, io);
  expect(read.problems).toEqual([]);
  for (const ledger of read.ledgers) {
    fillVendors(ledger);
    change?.(ledger);
  }
  const { tables, problems } = buildTables(read.ledgers, tableSpecs(TABS));
  expect(problems).toEqual([]);
  return writeExport(outDir, tables, paths, new Date('2025-03-05T00:00:00Z'));
}

const SCOPE = `vendor_id || '|' || source_report || '|' || CAST(period_end AS VARCHAR)`;

async function byScope(db: string): Promise<Map<string, Row>> {
  const rows = await query(
    db,
    `SELECT 'orders|' || ${SCOPE} AS k, COUNT(*) AS n, SUM(gross_sales) AS a, SUM(payment_amount) AS b FROM cjet.orders GROUP BY 1
     UNION ALL SELECT 'fees|' || ${SCOPE}, COUNT(*), SUM(commission_base), SUM(collected_total) FROM cjet.fees GROUP BY 1
     UNION ALL SELECT 'fulfillment|' || ${SCOPE}, COUNT(*), SUM(net_fee), SUM(total_fee) FROM cjet.fulfillment GROUP BY 1`,
  );
  return new Map(rows.map((r) => [String(r.k), r]));
}

let dir: string;
let january: Record<string, string[]>;
let all: string[];

beforeAll(() => {
  dir = tempDir();
  january = {};
  all = [];
  for (const [seed, vendorId] of [
    [303, A],
    [404, B],
  ] as const) {
    const month = generateMonth(seed, { ...OPTIONS, reports: SETTLEMENT, vendorId });
    const paths = writeFiles(dir, month.files);
    all.push(...paths);
    january[vendorId] = paths.filter((_, i) => month.files[i]!.periodIndex === 0);
  }
});

describe('scope replacement (vendor_id + source report + period end)', () => {
  it('a corrected period of one seller replaces only that seller’s period', async () => {
    const db = 'scope-two-sellers';
    const first = join(dir, 'first');
    await exportFiles(all, first);
    const load = await runLoad(first, db);
    expect(load.stderr).toBe('');
    expect(load.code).toBe(0);
    const blank = await query(db, "SELECT COUNT(*) AS n FROM cjet.orders WHERE COALESCE(vendor_id, '') = ''");
    expect(blank).toEqual([{ n: 0 }]);
    const before = await byScope(db);
    // Both sellers share every report and period: the vendor is all that tells their rows apart.
    expect(before.has(`orders|${A}|CATEGORY_TR|2025-01-31`)).toBe(true);
    expect(before.has(`orders|${B}|CATEGORY_TR|2025-01-31`)).toBe(true);

    // Seller A's corrected January settlement: five lines fewer. Same seller, same period.
    const model = generateSellerModel(303, { ...OPTIONS, vendorId: A });
    const spec = fileSpec(model, 'CATEGORY_TR', 0);
    spec.orderLines = spec.orderLines.slice(0, -5);
    const corrected = join(
      dir,
      `${fileBaseName(model, 'CATEGORY_TR', 0).replace(/ko-.*$/, 'ko-')}c0ffee00-0000-4000-8000-000000000001.xlsx`,
    );
    writeFileSync(corrected, toXlsx(buildGrid(spec)));
    const truth = computeTruth(spec).orders!;
    const aJanuary = (january[A] ?? []).filter((p) => !p.includes('-CATEGORY_TR-'));
    const second = join(dir, 'second');
    await exportFiles([corrected, ...aJanuary], second);
    expect((await runLoad(second, db)).code).toBe(0);

    const after = await byScope(db);
    expect(after.get(`orders|${A}|CATEGORY_TR|2025-01-31`)).toMatchObject({
      n: truth.lines,
      a: truth.gross_sales,
      b: truth.payment_amount,
    });
    expect(after.get(`fees|${A}|CATEGORY_TR|2025-01-31`)).toMatchObject({
      n: truth.lines,
      a: truth.commission_base,
    });
    expect(truth.lines).toBeLessThan(Number(before.get(`orders|${A}|CATEGORY_TR|2025-01-31`)?.n));
    // Everything else is as it was: the other seller's same scope, the seller's other period, fees.
    for (const [key, row] of before) {
      if (key.endsWith(`${A}|CATEGORY_TR|2025-01-31`)) continue;
      expect({ key, ...after.get(key) }).toEqual({ key, ...row });
    }
    expect(after.size).toBe(before.size);
  });

  it('rows without a period end get their own file and are replaced by their key', async () => {
    const db = 'scope-no-period';
    const out = join(dir, 'no-period');
    const nulled = (ledger: Ledger) => {
      const tab = ledger.tabs.fulfillment!;
      const index = tab.tab.columns.findIndex((c) => c.key === 'period_end');
      for (const row of tab.rows) {
        if (cellOf(tab, row, 'source_report') !== 'STORAGE_FEE') continue;
        const cells = [...row.cells];
        cells[index] = null;
        row.cells = cells;
      }
    };
    const manifest = await exportFiles(january[A] ?? [], out, nulled);
    const fulfillment = manifest.tables.find((t) => t.name === 'fulfillment')!;
    const undated = fulfillment.files.find((f) => f.path === 'fulfillment/no-period-end.ndjson');
    expect(undated?.rows).toBeGreaterThan(0);
    for (let i = 0; i < 2; i++) {
      expect((await runLoad(out, db)).code).toBe(0);
      const rows = await query(
        db,
        'SELECT COUNT(*) AS n, COUNT(period_end) AS dated FROM cjet.fulfillment WHERE period_end IS NULL',
      );
      expect(rows).toEqual([{ n: undated?.rows, dated: 0 }]);
      const total = await query(db, 'SELECT COUNT(*) AS n FROM cjet.fulfillment');
      expect(total).toEqual([{ n: fulfillment.rows }]);
    }
  });
});
