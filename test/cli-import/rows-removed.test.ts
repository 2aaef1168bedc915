// A corrected download with fewer lines removes whole rows from a saved workbook: the rows under
// them move up with everything the user typed on them (a note right of the table, an override),
// and the Fees formulas, rewritten for their new row numbers, still compute what the cache says
// (evaluated by HyperFormula).
import * as XLSX from '@e965/xlsx';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { XlsxWorkbookPort } from '../../src/cli/workbook/xlsx-port';
import { ensureManagedTabs, importedKeys, mergeStep } from '../../src/core/merge/engine';
import type { IncomingRecords } from '../../src/core/merge/plan';
import { columnIndex, FEES_TAB, ORDERS_TAB } from '../../src/core/model/tabs';
import { ordersWithFees, v2Order } from '../merge/records';
import { hyperFormulaOf } from './helpers';

const importInto = (port: XlsxWorkbookPort, incoming: IncomingRecords) =>
  mergeStep(port, {
    importId: 'imp',
    incoming,
    completeImport: importedKeys(incoming),
    dryRun: false,
    // The corrected download removes a row: the consent --allow-removals gives.
    allowRemovals: true,
  }).plan;

const january = ['1001', '1002', '1003', '1004', '1005'].map((id, i) =>
  v2Order(id, `9${id}`, '2025-01-31', { gross_sales: 10000 * (i + 1), quantity: i + 1 }),
);
const NOTE = ORDERS_TAB.columns.length + 1;
const OVERRIDE = columnIndex(FEES_TAB, 'commission_override') + 1;

describe('rows removed by a corrected download, in a saved workbook', () => {
  it('take nothing of the user’s with them, and the rows below keep theirs', async () => {
    const first = XlsxWorkbookPort.create('ko');
    ensureManagedTabs(first);
    importInto(first, ordersWithFees(january));

    // A person notes each order (keyed by its order ID) and overrides the commission of 1004.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await first.save()) as unknown as ExcelJS.Buffer);
    const orders = wb.getWorksheet(ORDERS_TAB.ko)!;
    for (let r = 2; r <= 6; r++) orders.getCell(r, NOTE).value = `note ${orders.getCell(r, 4).value}`;
    const fees = wb.getWorksheet(FEES_TAB.ko)!;
    fees.getCell(5, OVERRIDE).value = 444;
    expect(fees.getCell(5, 4).value).toBe('1004');

    const port = await XlsxWorkbookPort.load(new Uint8Array(await wb.xlsx.writeBuffer()), 'ko');
    // The corrected January: 1002 is gone.
    const plan = importInto(port, ordersWithFees(january.filter((o) => o.order_id !== '1002')));
    expect(plan.tabs.orders.counts.removed).toBe(1);
    expect(plan.tabs.fees.counts.removed).toBe(1);
    const saved = await port.save();

    const book = XLSX.read(saved, { type: 'array', dense: true, cellFormula: true });
    const rows = XLSX.utils.sheet_to_json<unknown[]>(book.Sheets[ORDERS_TAB.ko]!, {
      header: 1,
      defval: null,
    });
    expect(rows.slice(1).map((r) => [r[3], r[NOTE - 1]])).toEqual([
      ['1001', 'note 1001'],
      ['1003', 'note 1003'],
      ['1004', 'note 1004'],
      ['1005', 'note 1005'],
    ]);
    const feeRows = XLSX.utils.sheet_to_json<unknown[]>(book.Sheets[FEES_TAB.ko]!, {
      header: 1,
      defval: null,
    });
    expect(feeRows.slice(1).map((r) => [r[3], r[OVERRIDE - 1]])).toEqual([
      ['1001', null],
      ['1003', null],
      ['1004', 444],
      ['1005', null],
    ]);

    // Every Fees formula, at its new row, evaluates to the value cached next to it.
    const hf = hyperFormulaOf(book);
    const sheet = hf.getSheetId(FEES_TAB.ko)!;
    const grid = book.Sheets[FEES_TAB.ko]!['!data'] as XLSX.CellObject[][];
    for (let r = 1; r <= 4; r++) {
      for (const key of ['rule_rate', 'effective_commission', 'commission_source']) {
        const c = columnIndex(FEES_TAB, key);
        const cached = grid[r]?.[c]?.v ?? '';
        expect(hf.getCellValue({ sheet, row: r, col: c }) ?? '', `${key} row ${r + 1}`).toBe(cached);
      }
    }
    expect(grid[3]?.[columnIndex(FEES_TAB, 'commission_source')]?.v).toBe('override');
    expect(grid[3]?.[columnIndex(FEES_TAB, 'effective_commission')]?.v).toBe(444);
  });
});
