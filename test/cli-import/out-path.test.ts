// Issue #8, case 7: "output-path problems crash". Every `--out` that cannot be the workbook is one
// line, Korean then English, exit 2, no stack trace; a file that is not an .xlsx workbook (or a
// damaged one) is never overwritten.
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CliRun, cjetImport, monthFiles, tempDir } from './helpers';

const exec = promisify(execFile);
const root = resolve(__dirname, '../..');

let dir: string;
let files: string[];
let workbook: Buffer;

beforeAll(async () => {
  dir = tempDir();
  files = monthFiles(dir, 51, { reports: ['CATEGORY_TR'] });
  const book = join(dir, 'good.xlsx');
  expect((await cjetImport([...files, '--out', book])).code).toBe(0);
  workbook = readFileSync(book);
});

/** One line, Korean first, then ' / ' and English; no usage text, no stack trace. */
function expectOneLineRefusal(run: CliRun, words: { ko: RegExp; en: RegExp }) {
  expect(run.code).toBe(2);
  const lines = run.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  const [ko, en] = lines[0]!.split(' / ');
  expect(ko).toMatch(words.ko);
  expect(en).toMatch(words.en);
  expect(run.stderr).not.toMatch(/\n\s+at |Error:/);
  expect(run.stdout).toBe('');
}

describe('--out that cannot be the workbook', () => {
  it('a folder', async () => {
    const folder = join(dir, 'a-folder.xlsx');
    mkdirSync(folder);
    expectOneLineRefusal(await cjetImport([...files, '--out', folder]), { ko: /폴더/, en: /is a folder/ });
  });

  it('a folder nobody may write to', async () => {
    // root ignores permission bits: use a read-only system folder then.
    let folder = '/sys';
    if (process.getuid?.() !== 0) {
      folder = join(dir, 'read-only');
      mkdirSync(folder);
      chmodSync(folder, 0o555);
    }
    const book = join(folder, 'book.xlsx');
    expectOneLineRefusal(await cjetImport([...files, '--out', book]), {
      ko: /쓸 수 없습니다/,
      en: /cannot write/,
    });
    expect(existsSync(book)).toBe(false);
  });

  it('a truncated workbook: refused and left as it was', async () => {
    const book = join(dir, 'truncated.xlsx');
    const cut = workbook.subarray(0, Math.floor(workbook.length / 2));
    writeFileSync(book, cut);
    expectOneLineRefusal(await cjetImport([...files, '--out', book]), {
      ko: /손상/,
      en: /damaged or truncated/,
    });
    expect(Buffer.compare(readFileSync(book), cut)).toBe(0);
  });

  it('a plain-text file named .xlsx: never overwritten', async () => {
    const book = join(dir, 'notes.xlsx');
    writeFileSync(book, '내 메모: 이 파일은 통합문서가 아닙니다\n');
    const text = readFileSync(book);
    expectOneLineRefusal(await cjetImport([...files, '--out', book]), {
      ko: /통합문서가 아닙니다/,
      en: /not an \.xlsx/,
    });
    expect(Buffer.compare(readFileSync(book), text)).toBe(0);
    // Not with --dry-run either, which writes nothing anyway.
    expect((await cjetImport([...files, '--out', book, '--dry-run'])).code).toBe(2);
  });

  it('a zip that is no workbook (a .docx renamed): never overwritten', async () => {
    const { zipSync, strToU8 } = await import('fflate');
    const book = join(dir, 'letter.xlsx');
    const docx = zipSync({
      '[Content_Types].xml': strToU8('<Types/>'),
      'word/document.xml': strToU8('<w/>'),
    });
    writeFileSync(book, docx);
    expectOneLineRefusal(await cjetImport([...files, '--out', book]), {
      ko: /통합문서가 아닙니다/,
      en: /not an \.xlsx/,
    });
    expect(Buffer.compare(readFileSync(book), Buffer.from(docx))).toBe(0);
  });

  it('through bin/cjet.mjs too: exit 2 and the one line on stderr', async () => {
    const book = join(dir, 'notes2.xlsx');
    writeFileSync(book, 'plain text');
    const failed = await exec(
      process.execPath,
      [join(root, 'bin/cjet.mjs'), 'import', ...files, '--out', book],
      {
        cwd: root,
      },
    ).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed?.code).toBe(2);
    expect(failed?.stderr.trim().split('\n')).toHaveLength(1);
    expect(failed?.stderr).toMatch(/통합문서가 아닙니다.* \/ .* is not an \.xlsx workbook/);
  });
});
