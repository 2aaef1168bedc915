// Issue #8, case 2: "two cjet import on one book at once: one import is silently lost". One import
// at a time per workbook: a second one waits briefly, then refuses (exit 2, one line); a lock left
// by a process that is gone is broken; an import killed while saving leaves the old workbook whole.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LOCK_WAIT_MS, lockBook, lockPathOf } from '../../src/cli/workbook/book-file';
import { columnIndex, ORDERS_TAB } from '../../src/core/model/tabs';
import { cjetImport, grid, monthFiles, readBook, summaryOf, tempDir } from './helpers';

const root = resolve(__dirname, '../..');
const CLI = join(root, 'bin/cjet.mjs');
const HOOK = join(__dirname, 'hang-hook.mjs');

let dir: string;
let january: string[];
let february: string[];

beforeAll(() => {
  dir = tempDir();
  january = monthFiles(dir, 61, { reports: ['CATEGORY_TR'] });
  february = monthFiles(dir, 62, { year: 2025, month: 2, reports: ['CATEGORY_TR'] });
});

const orderIds = (book: string) =>
  new Set(
    grid(readBook(book), ORDERS_TAB.ko)
      .slice(1)
      .map((r) => String(r[columnIndex(ORDERS_TAB, 'order_id')]?.v)),
  );

async function importedAlone(files: string[], book: string): Promise<string> {
  expect((await cjetImport([...files, '--out', book])).code).toBe(0);
  return book;
}

interface ChildRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runChild(
  args: string[],
  env: Record<string, string> = {},
  onStderr?: (child: ChildProcess, text: string) => void,
) {
  return new Promise<ChildRun>((done) => {
    const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
      onStderr?.(child, stderr);
    });
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

describe('a workbook another import holds', () => {
  it(`waits ${LOCK_WAIT_MS / 1000} s, then refuses in one line with exit 2; the workbook is untouched`, async () => {
    const book = join(dir, 'held.xlsx');
    expect((await cjetImport([...january, '--out', book])).code).toBe(0);
    const before = readFileSync(book);
    const release = await lockBook(book);
    try {
      const run = await cjetImport([...february, '--out', book]);
      expect(run.code).toBe(2);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(
        new RegExp(`다른 cjet import가 .*쓰는 중.* / another cjet import is writing .*pid ${process.pid}`),
      );
      expect(Buffer.compare(readFileSync(book), before)).toBe(0);
    } finally {
      await release();
    }
    expect(existsSync(lockPathOf(book))).toBe(false);
    expect((await cjetImport([...february, '--out', book])).code).toBe(0);
  });

  it('breaks a lock whose process is gone', async () => {
    const book = join(dir, 'stale.xlsx');
    const gone = await new Promise<number>((done) => {
      const child = execFile(process.execPath, ['-e', '']);
      child.on('exit', () => done(child.pid!));
    });
    writeFileSync(
      lockPathOf(book),
      JSON.stringify({ pid: gone, host: hostname(), token: 'x', since: Date.now() }),
    );
    expect((await cjetImport([...january, '--out', book])).code).toBe(0);
    expect(existsSync(lockPathOf(book))).toBe(false);
  });
});

describe('two imports into one workbook at the same time', () => {
  it('never lose one: each either writes (and its rows are in the book) or refuses with exit 2', async () => {
    const book = join(dir, 'race.xlsx');
    const runs = await Promise.all([
      runChild([CLI, 'import', ...january, '--out', book, '--json']),
      runChild([CLI, 'import', ...february, '--out', book, '--json']),
    ]);
    expect(runs.filter((r) => r.code === 0).length).toBeGreaterThanOrEqual(1);
    for (const run of runs) {
      if (run.code === 0) {
        const written = JSON.parse(run.stdout).summary.tabs.orders.inserted as number;
        expect(written).toBeGreaterThan(0);
      } else {
        expect(run.code).toBe(2);
        expect(run.stderr).toMatch(/another cjet import is writing/);
      }
    }
    // The book holds the order lines of every run that said it wrote them (each month imported
    // alone into a workbook of its own gives the lines to expect).
    const alone = async (files: string[], name: string) =>
      orderIds(await importedAlone(files, join(dir, name)));
    const months = [await alone(january, 'alone-january.xlsx'), await alone(february, 'alone-february.xlsx')];
    const expected = new Set(runs.flatMap((run, i) => (run.code === 0 ? [...months[i]!] : [])));
    expect(orderIds(book)).toEqual(expected);
    expect(readdirSync(dir).filter((n) => n.startsWith('race.xlsx.'))).toEqual([]);
  });
});

describe('an import killed while it saves', () => {
  it.each([
    ['after the temporary workbook is complete, before the rename', 'rename'],
    ['halfway through writing the temporary workbook', 'write'],
  ])('%s: the old workbook is whole, and the next import works', async (_when, mode) => {
    const book = join(dir, `killed-${mode}.xlsx`);
    expect((await cjetImport([...january, '--out', book])).code).toBe(0);
    const before = readFileSync(book);

    const killed = await runChild(
      ['--import', HOOK, CLI, 'import', ...february, '--out', book],
      { CJET_TEST_HANG: mode },
      (child, text) => {
        if (text.includes('HANGING')) child.kill('SIGKILL');
      },
    );
    expect(killed.stderr).toContain('HANGING');
    expect(killed.code).toBeNull();
    // The old workbook, byte for byte; the killed run's lock and temporary file are left behind.
    expect(Buffer.compare(readFileSync(book), before)).toBe(0);
    expect(existsSync(lockPathOf(book))).toBe(true);
    expect(
      readdirSync(dir).filter((n) => n.startsWith(`killed-${mode}.xlsx.`) && n.endsWith('.cjet-tmp')),
    ).toHaveLength(1);

    // The next import breaks the stale lock, sweeps the leftover, and writes both months.
    const next = await cjetImport([...february, '--out', book, '--json']);
    expect(next.code).toBe(0);
    expect(summaryOf(next).summary.tabs.orders.inserted).toBeGreaterThan(0);
    expect(readdirSync(dir).filter((n) => n.startsWith(`killed-${mode}.xlsx.`))).toEqual([]);
  });
});
