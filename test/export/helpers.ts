/**
 * Shared by the export tests: `cjet export` captured, `load.sh` run for real (bash) against the
 * DuckDB-backed stand-in for `bq` (fake-bq.ts), and queries on the resulting database (by name).
 */
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DuckDBDecimalValue } from '@duckdb/node-api';
import { main } from '../../src/cli/main';
import { type CliRun, runCaptured, writeFiles } from '../fixtures/cli-run';
import { database, type FakeBqServer, startFakeBqServer } from './fake-bq';

export { type CliRun, writeFiles };

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export function tempDir(prefix = 'cjet-export-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function cjet(args: string[]): Promise<CliRun> {
  return runCaptured(main, args);
}

let fake: { bin: string; server: FakeBqServer } | null = null;

/** A `bq` on PATH (bq-client.mjs) answered by the fake bq of this process (fake-bq.ts). */
async function fakeBqBin(): Promise<{ bin: string; server: FakeBqServer }> {
  if (fake) return fake;
  const server = await startFakeBqServer();
  const bin = tempDir('cjet-fake-bq-');
  const bq = join(bin, 'bq');
  const client = join(root, 'test', 'export', 'bq-client.mjs');
  writeFileSync(bq, `#!/bin/sh\nexec "${process.execPath}" "${client}" "$@"\n`);
  chmodSync(bq, 0o755);
  fake = { bin, server };
  return fake;
}

export interface LoadRun {
  code: number;
  stdout: string;
  stderr: string;
  /** The bq calls load.sh made (argv of each). */
  calls: string[][];
}

/** `bash OUTDIR/load.sh` with the fake bq, into the DuckDB database named `db`, dataset `dataset`. */
export async function runLoad(outDir: string, db: string, dataset = 'cjet'): Promise<LoadRun> {
  const { bin, server } = await fakeBqBin();
  const before = server.calls.get(db)?.length ?? 0;
  const env = {
    ...process.env,
    PATH: `${bin}:${process.env.PATH ?? ''}`,
    FAKE_BQ_URL: server.url,
    FAKE_BQ_DB: db,
    CJET_BQ_PROJECT: 'test-project',
    CJET_BQ_DATASET: dataset,
  };
  let code = 0;
  let stdout = '';
  let stderr = '';
  try {
    const result = await promisify(execFile)('bash', [join(outDir, 'load.sh')], {
      env,
      cwd: tmpdir(),
      maxBuffer: 64 << 20,
    });
    stdout = result.stdout;
    stderr = result.stderr;
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    code = typeof failed.code === 'number' ? failed.code : 1;
    stdout = failed.stdout ?? '';
    stderr = failed.stderr ?? '';
  }
  return { code, stdout, stderr, calls: (server.calls.get(db) ?? []).slice(before) };
}

export type Row = Record<string, string | number | boolean | null>;

function plain(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof DuckDBDecimalValue) return value.toDouble();
  return String(value); // DATE → 'YYYY-MM-DD', TIMESTAMP → 'YYYY-MM-DD HH:MM:SS'
}

/** Rows of a query on the database `db` (BIGINT as numbers: test sums stay far below 2^53). */
export async function query(db: string, sql: string): Promise<Row[]> {
  const result = await (await database(db)).runAndReadAll(sql);
  return result.getRowObjects().map((row) => {
    const out: Row = {};
    for (const [key, value] of Object.entries(row)) out[key] = plain(value);
    return out;
  });
}

/** The vendor of a settlement download, from its name `{vendorId}-{REPORT}-ko-{uuid}.xlsx`. */
export function vendorOfFile(path: string): string | null {
  return /(?:^|\/)([A-Z0-9]+)-[A-Z_]+-ko-[0-9a-f-]+\.(?:xlsx|csv)$/.exec(path)?.[1] ?? null;
}
