// Every problem the code can emit is in the catalogue, and the merge and the server build no sentence
// of their own (issue #8, "the merge reads as its steps"): collected from the source text itself, so
// a new `makeProblem('X', …)`, an inline `{ code, severity, message }` or an inline Korean message is
// caught here rather than by a seller.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOG_NOTE_CODES, NOTICE_CODES, PROBLEM_CODES, REFUSAL_TEXTS } from '../../src/core/messages';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.ts$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

const FILES = sources('src').map((path) => ({ path, text: readFileSync(path, 'utf8') }));
const CATALOGUE = 'src/core/messages.ts';
const listed = new Set<string>(PROBLEM_CODES);

/** Comments out: what is left is code and its string literals. */
const code = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');

describe('the problem catalogue (src/core/messages.ts)', () => {
  it('lists every code a makeProblem call emits', () => {
    const emitted = new Set<string>();
    for (const { text } of FILES) {
      for (const m of text.matchAll(/makeProblem\(\s*'([A-Z_]+)'/g)) emitted.add(m[1]!);
    }
    // The merge's own problems are among them (they were built inline before).
    for (const merged of [
      'DUPLICATE_KEY_CONFLICT',
      'CELL_TRUNCATED',
      'REMOVED_ROW_USER_DATA',
      'DUPLICATE_SHEET',
    ])
      expect(emitted).toContain(merged);
    expect([...emitted].filter((c) => !listed.has(c))).toEqual([]);
  });

  it('lists every read failure (normalize passes them to makeProblem as they come)', () => {
    const grid = readFileSync('src/core/read/grid.ts', 'utf8');
    const union = /export type ReadFailureCode =([^;]+);/.exec(grid)?.[1] ?? '';
    const codes = [...union.matchAll(/'([A-Z_]+)'/g)].map((m) => m[1]!);
    expect(codes).toContain('SHEET_TOO_LARGE');
    expect(codes.filter((c) => !listed.has(c))).toEqual([]);
    // …and those are the only dynamic codes: every other call names its code.
    const dynamic = FILES.flatMap(({ path, text }) =>
      [...text.matchAll(/makeProblem\(\s*([a-z][\w.]*)\s*,/g)].map((m) => `${path}: ${m[1]}`),
    );
    expect(dynamic).toEqual(['src/core/normalize.ts: read.code']);
  });

  it('no problem, notice or refusal is built outside the catalogue', () => {
    const inline = FILES.filter(({ path }) => path !== CATALOGUE).flatMap(({ path, text }) =>
      [...code(text).matchAll(/severity:\s*'(error|warning|info)'/g)].map(() => path),
    );
    expect(inline).toEqual([]);
  });

  it('every listed code is emitted somewhere (no dead entries)', () => {
    const all = FILES.filter(({ path }) => path !== CATALOGUE)
      .map(({ text }) => code(text))
      .join('\n');
    const dead = PROBLEM_CODES.filter((c) => !all.includes(`'${c}'`));
    expect(dead).toEqual([]);
  });

  it('notices, log notes and refusals are each used', () => {
    const all = FILES.filter(({ path }) => path !== CATALOGUE)
      .map(({ text }) => code(text))
      .join('\n');
    for (const c of [...NOTICE_CODES, ...LOG_NOTE_CODES, ...REFUSAL_TEXTS])
      expect(all, c).toContain(`'${c}'`);
  });
});

describe('the merge and the server build no sentence of their own', () => {
  // Korean text that is data, not a message: the truncation marker, the rule scopes a seller types,
  // and the protection's description shown by Sheets.
  const DATA = [/TRUNCATION_MARKER = /, /^\s*(option|product|category): \[/, /setDescription\(/];
  const files = FILES.filter(
    ({ path }) =>
      path.startsWith('src/core/merge/') ||
      path === 'src/addon/server.ts' ||
      path.startsWith('src/addon/sheets/'),
  );

  it('holds no Korean outside comments except data', () => {
    expect(files.length).toBeGreaterThan(10);
    const found = files.flatMap(({ path, text }) =>
      code(text)
        .split('\n')
        .filter((line) => /[\uac00-\ud7a3]/.test(line) && !DATA.some((d) => d.test(line)))
        .map((line) => `${path}: ${line.trim()}`),
    );
    expect(found).toEqual([]);
  });
});
