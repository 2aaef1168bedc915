// The top-level tsconfig.json is a solution: editors and `tsc -b` find the four split configs
// through it (core: bare V8; addon: Apps Script; dialog: DOM; node: CLI, tests, tools).
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const TSC = resolve('node_modules/typescript/bin/tsc');
const SPLIT = [
  './tsconfig.core.json',
  './tsconfig.addon.json',
  './tsconfig.dialog.json',
  './tsconfig.node.json',
];

function json(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return /\.ts$/.test(name) && !/\.d\.ts$/.test(name) ? [resolve(path)] : [];
  });
}

describe('tsconfig.json', () => {
  it('is solution-style: no files of its own, a reference to each split config, each composite', () => {
    const solution = json('tsconfig.json');
    expect(solution['files']).toEqual([]);
    expect((solution['references'] as { path: string }[]).map((r) => r.path)).toEqual(SPLIT);
    for (const path of SPLIT) {
      expect((json(path)['compilerOptions'] as Record<string, unknown>)['composite'], path).toBe(true);
    }
  });

  it('every TypeScript file of the repository belongs to one of its projects (what an editor opens)', () => {
    const listed = new Set(
      SPLIT.flatMap((path) =>
        execFileSync(process.execPath, [TSC, '-p', path, '--listFilesOnly'], { encoding: 'utf8' })
          .split('\n')
          .map((line) => line.trim())
          .filter((line) => line !== ''),
      ),
    );
    const files = ['src', 'test', 'bench', 'scripts'].flatMap((dir) => tsFiles(dir));
    expect(files.length).toBeGreaterThan(100);
    expect(files.filter((file) => !listed.has(file))).toEqual([]);
  });

  it('`tsc -b` builds the solution without an error', () => {
    const run = spawnSync(process.execPath, [TSC, '-b', 'tsconfig.json'], { encoding: 'utf8' });
    expect(run.stdout + run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});
