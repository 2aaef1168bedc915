/** `cjet normalize` through the dispatcher (in-process) and through bin/cjet.mjs (a child process). */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import type { CliIo } from '../../src/cli/types';
import { generateMonth } from '../fixtures/generate';

const exec = promisify(execFile);
const root = path.resolve(__dirname, '../..');

function memoryIo(files: Record<string, Uint8Array>): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (text: string) => {
      io.out += text;
    },
    stderr: (text: string) => {
      io.err += text;
    },
    readFile: async (p: string) => {
      const bytes = files[p];
      if (!bytes) throw new Error(`ENOENT: no such file, open '${p}'`);
      return bytes;
    },
  };
  return io;
}

const month = generateMonth(9, { ordersPerPeriod: 6 });
const files = Object.fromEntries(month.files.map((f) => [f.name, f.bytes]));
const names = month.files.map((f) => f.name);
const PERIOD = `${month.model.periods[0]!.start}..${month.model.periods[0]!.end}`;

describe('cjet normalize --json', () => {
  it('prints one JSON object with files, records and problems, and exits 0', async () => {
    const io = memoryIo(files);
    const code = await main(['normalize', ...names, '--period', PERIOD, '--json'], io);
    expect(code).toBe(0);
    const json = JSON.parse(io.out);
    expect(Object.keys(json).sort()).toEqual(['fees', 'files', 'fulfillment', 'orders', 'problems']);
    expect(json.files.map((f: { file: string }) => f.file)).toEqual(names);
    for (const file of json.files) {
      expect(file).toEqual(
        expect.objectContaining({
          report: expect.any(String),
          mapping_version: expect.stringMatching(/^v[12]$/),
          rows_read: expect.any(Number),
          rows_accepted: expect.any(Number),
          rows_rejected: 0,
        }),
      );
      for (const c of file.control)
        expect(c).toEqual(
          expect.objectContaining({
            name: expect.any(String),
            expected: expect.any(Number),
            actual: expect.any(Number),
            ok: true,
          }),
        );
    }
    const order = json.orders[0];
    expect(typeof order.order_id).toBe('string');
    expect(Number.isInteger(order.payment_amount)).toBe(true);
    expect(order.transaction).toMatch(/^(sale|cancel)$/);
    expect(
      json.fulfillment.every(
        (f: { transaction: string }) => f.transaction === 'charge' || f.transaction === 'cancel',
      ),
    ).toBe(true);
  });

  it('exits 1 when a file was not read or not recognised, still printing the JSON', async () => {
    const io = memoryIo({ ...files, 'notes.csv': new TextEncoder().encode('a,b\r\n1,2') });
    const code = await main(['normalize', names[0]!, 'notes.csv', 'missing.xlsx', '--json'], io);
    expect(code).toBe(1);
    const json = JSON.parse(io.out);
    expect(json.files.map((f: { status: string }) => f.status)).toEqual(['imported', 'failed', 'failed']);
    expect(json.problems.map((p: { code: string }) => p.code)).toEqual(
      expect.arrayContaining(['NOT_COUPANG', 'FILE_UNREADABLE']),
    );
  });

  it('exits 1 for a 판매분석 file without --period', async () => {
    const insights = month.files.find((f) => f.report === 'SELLER_INSIGHTS')!;
    const io = memoryIo(files);
    expect(await main(['normalize', insights.name, '--json'], io)).toBe(1);
    expect(JSON.parse(io.out).problems[0].code).toBe('PERIOD_REQUIRED');
  });
});

describe('cjet usage errors exit 2 with the usage on stderr', () => {
  it.each([
    [[]],
    [['normalize']],
    [['normalize', 'a.xlsx', '--period', '2025-01-31..2025-01-01']],
    [['normalize', 'a.xlsx', '--period']],
    [['normalize', 'a.xlsx', '--frobnicate']],
    [['unknown-command']],
  ])('%j', async (argv) => {
    const io = memoryIo({});
    expect(await main(argv, io)).toBe(2);
    expect(io.err).toMatch(/사용법 \/ usage/);
    expect(io.out).toBe('');
  });
});

describe('readable summary', () => {
  it('names the report in Korean, the rows and the control totals', async () => {
    const tr = month.files.find((f) => f.report === 'CATEGORY_TR')!;
    const io = memoryIo(files);
    expect(await main(['normalize', tr.name], io)).toBe(0);
    expect(io.out).toContain('판매수수료 리포트 (CATEGORY_TR)');
    expect(io.out).toMatch(/검증\/control ✓ 정산대상액/);
    expect(io.out).toMatch(/읽음\/read \d+/);
  });
});

describe('bin/cjet.mjs', () => {
  it('runs from the repository (building dist/cli.mjs if needed)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cjet-'));
    const tr = month.files.find((f) => f.report === 'CATEGORY_TR')!;
    const file = path.join(dir, tr.name);
    writeFileSync(file, tr.bytes);
    const { stdout } = await exec(
      process.execPath,
      [path.join(root, 'bin/cjet.mjs'), 'normalize', file, '--json'],
      { cwd: root },
    );
    const json = JSON.parse(stdout);
    expect(json.files[0]).toMatchObject({ report: 'CATEGORY_TR', status: 'imported' });
    await expect(
      exec(process.execPath, [path.join(root, 'bin/cjet.mjs')], { cwd: root }),
    ).rejects.toMatchObject({ code: 2 });
  });
});
