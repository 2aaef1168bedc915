/**
 * `cjet costs BOOK.xlsx`: the 원가 tab gets one row per option seen so far that has none, with its
 * name for reference and the cost left blank; typed rows are never touched; a dry run writes
 * nothing; a tab whose header is not ours, or a missing workbook, is refused with nothing written.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCostsCommand } from '../../src/cli/costs';
import { main } from '../../src/cli/main';
import type { CliIo } from '../../src/cli/types';
import { COSTS_TAB } from '../../src/core/costs/table';
import { evaluateInHyperFormula, fromXlsx } from '../engines';
import { FEES, FULFILLMENT, ORDERS } from '../profit/dataset';
import { gridOf, importRecords, readBook, recordsOf, typeCell, writeBook } from '../summary/workbook';

function io() {
  const out = { stdout: '', stderr: '' };
  const cli: CliIo = {
    stdout: (t) => {
      out.stdout += t;
    },
    stderr: (t) => {
      out.stderr += t;
    },
    readFile: async (p) => new Uint8Array(readFileSync(p)),
  };
  return { cli, out };
}

function book(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'cjet-costs-'));
  const file = path.join(dir, 'book.xlsx');
  writeFileSync(file, importRecords(null, { orders: ORDERS, fees: FEES, fulfillment: FULFILLMENT }).bytes);
  return file;
}

const costRows = (file: string) =>
  gridOf(readBook(new Uint8Array(readFileSync(file))), COSTS_TAB.ko)
    .slice(1)
    .map((row) => Array.from({ length: 6 }, (_, c) => row?.[c]?.v ?? null));

describe('cjet costs', () => {
  it('is a command of the CLI, with its own help', async () => {
    const { cli, out } = io();
    expect(await main(['--help'], cli)).toBe(0);
    expect(out.stdout).toContain('cjet costs');
    expect(await main(['costs', '--help'], cli)).toBe(0);
    expect(out.stdout).toContain('원가');
  });

  it('prefills one row per option; a second run adds nothing and keeps what was typed', async () => {
    const file = book();
    const { cli, out } = io();
    expect(await runCostsCommand([file], cli)).toBe(0);
    expect(out.stdout).toContain('6');
    const rows = costRows(file);
    expect(rows.map((r) => r[0])).toEqual(['701', '702', '703', '704', '705', '706']);
    expect(rows[5]).toEqual(['706', '상품 706 / 옵션 706', null, null, null, null]);

    // The seller types a cost and a note on 701's row and a row of their own; then runs it again.
    const typed = readBook(new Uint8Array(readFileSync(file)));
    typeCell(typed, COSTS_TAB.ko, 1, 2, { t: 'n', v: 1_000 });
    typeCell(typed, COSTS_TAB.ko, 1, 5, { t: 's', v: '1차 입고' });
    typeCell(typed, COSTS_TAB.ko, 7, 0, { t: 's', v: '999' });
    writeFileSync(file, writeBook(typed));
    const before = costRows(file);
    const again = io();
    expect(await runCostsCommand([file, '--json'], again.cli)).toBe(0);
    expect(JSON.parse(again.out.stdout)).toMatchObject({ added: [], present: 6 });
    expect(costRows(file)).toEqual(before);
    // The profit tab uses the typed cost: 701's January units × 1,000 (the helper covers every row).
    const values = evaluateInHyperFormula(fromXlsx(readBook(new Uint8Array(readFileSync(file)))), {
      dateColumns: { '옵션별 손익': ['A'] },
    });
    const january = recordsOf(values, '옵션별 손익').find(
      (r) => r.월 === '2026-01-01' && String(r.옵션ID) === '701',
    )!;
    const units = ORDERS.filter(
      (o) => o.mapping_version === 'v2' && o.option_id === '701' && o.recognition_date!.startsWith('2026-01'),
    ).reduce((t, o) => t + o.quantity, 0);
    expect(january.원가).toBe(units * 1_000);
    expect(january.검증).toBe('✓');
  });

  it('a dry run lists the rows and writes nothing', async () => {
    const file = book();
    const bytes = readFileSync(file);
    const { cli, out } = io();
    expect(await runCostsCommand([file, '--dry-run'], cli)).toBe(0);
    expect(out.stdout).toContain('쓰지 않음');
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });

  it('refuses a 원가 tab whose header is not ours, and a missing workbook, writing nothing', async () => {
    const file = book();
    const changed = readBook(new Uint8Array(readFileSync(file)));
    typeCell(changed, COSTS_TAB.ko, 0, 2, { t: 's', v: '매입가' });
    writeFileSync(file, writeBook(changed));
    const bytes = readFileSync(file);
    const { cli, out } = io();
    expect(await runCostsCommand([file], cli)).toBe(2);
    expect(out.stderr).toContain('원가');
    expect(readFileSync(file).equals(bytes)).toBe(true);
    const missing = io();
    expect(await runCostsCommand([path.join(path.dirname(file), 'none.xlsx')], missing.cli)).toBe(2);
    expect(missing.out.stderr).toContain('cjet import');
  });
});
