/**
 * The export folder:
 *   <table>/<YYYY-MM>.ndjson       rows by month of period_end (`no-period-end.ndjson` for rows
 *                                  without one; `all.ndjson` for a table without the column)
 *   scopes/<table>.ndjson          the scopes the load replaces
 *   schema/<table>.json            BigQuery JSON schema
 *   load.sh                        the load (loadScript.ts), ending with the views
 *   views.sql                      the views alone, for dataset `cjet` (views.ts)
 *   manifest.json                  what was written: inputs, tables, files, row counts
 * A folder is only ever replaced when it holds an earlier export (its manifest says so).
 */
import { createWriteStream } from 'node:fs';
import { chmod, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DATASET, type LoadTable, loadScript } from './loadScript';
import type { JsonRow, TableData } from './rows';
import { bigQuerySchema, scopeColumns, type TableSpec } from './tables';
import { viewStatements } from './views';

export const MANIFEST = 'manifest.json';
const GENERATOR = 'cjet export';
export const NO_PERIOD_FILE = 'no-period-end';
export const UNPARTITIONED_FILE = 'all';
export const VIEWS_FILE = 'views.sql';
/** The dataset views.sql names (load.sh creates the same views in CJET_BQ_DATASET). */
export const VIEWS_DATASET = 'cjet';

export class OutDirInUse extends Error {}

export interface WrittenTable {
  name: string;
  rows: number;
  files: { path: string; rows: number }[];
  scopes: number;
}

export interface Manifest {
  generator: typeof GENERATOR;
  created: string;
  inputs: string[];
  tables: WrittenTable[];
}

/** `orders/2025-01.ndjson`: the month of period_end, or the clearly named file for rows without. */
export function monthFileOf(spec: TableSpec, row: JsonRow): string {
  if (!spec.partitionBy) return UNPARTITIONED_FILE;
  const date = row[spec.partitionBy];
  return typeof date === 'string' ? date.slice(0, 7) : NO_PERIOD_FILE;
}

async function prepare(dir: string): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch {
    await mkdir(dir, { recursive: true });
    return;
  }
  if (entries.length === 0) return;
  let manifest: Partial<Manifest> | null = null;
  try {
    manifest = JSON.parse(await readFile(join(dir, MANIFEST), 'utf8')) as Partial<Manifest>;
  } catch {
    manifest = null;
  }
  if (manifest?.generator !== GENERATOR) {
    throw new OutDirInUse(
      `${dir} 폴더가 비어 있지 않고 cjet export 결과도 아닙니다. 빈 폴더나 새 이름을 지정하세요.\n` +
        `${dir} is not empty and holds no earlier cjet export; give an empty or new folder.`,
    );
  }
  // An earlier export: remove what it wrote (its table folders, scopes, schema, script, manifest).
  const ours = new Set([
    ...(manifest.tables ?? []).map((t) => t.name),
    'scopes',
    'schema',
    'load.sh',
    VIEWS_FILE,
    MANIFEST,
  ]);
  for (const entry of entries)
    if (ours.has(entry)) await rm(join(dir, entry), { recursive: true, force: true });
}

/** NDJSON without holding a whole file in one string (200k rows are ~200 MB of text). */
async function writeNdjson(path: string, rows: readonly JsonRow[]): Promise<void> {
  const stream = createWriteStream(path, { encoding: 'utf8' });
  const done = new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
  });
  const BATCH = 2000;
  for (let i = 0; i < rows.length; i += BATCH) {
    let text = '';
    for (const row of rows.slice(i, i + BATCH)) text += `${JSON.stringify(row)}\n`;
    if (!stream.write(text)) await new Promise<void>((resolve) => stream.once('drain', resolve));
  }
  stream.end();
  await done;
}

function periodRange(spec: TableSpec, scopes: readonly JsonRow[]): { first: string; last: string } | null {
  if (!spec.partitionBy) return null;
  const dates = scopes
    .map((s) => s[spec.partitionBy!])
    .filter((d): d is string => typeof d === 'string')
    .sort();
  return dates.length > 0 ? { first: dates[0]!, last: dates[dates.length - 1]! } : null;
}

/** views.sql: `bq query --use_legacy_sql=false < views.sql` after a load into dataset `cjet`. */
function viewsFile(header: string): string {
  const lines = [
    ...header.split('\n'),
    `데이터세트 ${VIEWS_DATASET} 의 보기. load.sh 가 CJET_BQ_DATASET 에 같은 보기를 만듭니다 (5/5).`,
    `Views of dataset ${VIEWS_DATASET}; load.sh creates the same views in CJET_BQ_DATASET (step 5/5).`,
    `다른 데이터세트 / another dataset: sed 's/\\b${VIEWS_DATASET}\\./mydataset./g' views.sql | bq query --use_legacy_sql=false`,
  ].map((line) => `-- ${line}`.trimEnd());
  const statements = viewStatements(VIEWS_DATASET).map((s) => `${s};`);
  return `${lines.join('\n')}\n\n${statements.join('\n\n')}\n`;
}

export async function writeExport(
  dir: string,
  tables: readonly TableData[],
  inputs: readonly string[],
  created: Date,
): Promise<Manifest> {
  await prepare(dir);
  await mkdir(join(dir, 'schema'), { recursive: true });
  const load: LoadTable[] = [];
  const written: WrittenTable[] = [];
  for (const table of tables) {
    const { spec } = table;
    await writeFile(
      join(dir, 'schema', `${spec.name}.json`),
      `${JSON.stringify(bigQuerySchema(spec), null, 2)}\n`,
    );
    const byFile = new Map<string, JsonRow[]>();
    for (const row of table.rows) {
      const file = monthFileOf(spec, row);
      const list = byFile.get(file);
      if (list) list.push(row);
      else byFile.set(file, [row]);
    }
    const files: { path: string; rows: number }[] = [];
    if (byFile.size > 0) await mkdir(join(dir, spec.name), { recursive: true });
    for (const name of [...byFile.keys()].sort()) {
      const path = `${spec.name}/${name}.ndjson`;
      const rows = byFile.get(name) ?? [];
      await writeNdjson(join(dir, path), rows);
      files.push({ path, rows: rows.length });
    }
    let scopeFile: string | null = null;
    if (table.scopes.length > 0) {
      await mkdir(join(dir, 'scopes'), { recursive: true });
      scopeFile = `scopes/${spec.name}.ndjson`;
      await writeNdjson(join(dir, scopeFile), table.scopes);
    }
    load.push({
      spec,
      files: files.map((f) => f.path),
      scopeFile,
      scopeColumns: scopeColumns(spec),
      shape: {
        rows: table.rows.length,
        scopes: table.scopes.length,
        periodRange: periodRange(spec, table.scopes),
      },
    });
    written.push({ name: spec.name, rows: table.rows.length, files, scopes: table.scopes.length });
  }
  const header = [
    `cjet export → BigQuery (${created.toISOString()})`,
    '내보내기를 다시 하면 새로 만들어집니다: 고치지 마세요 / regenerated by each export: do not edit',
  ].join('\n');
  await writeFile(join(dir, 'load.sh'), loadScript(load, header, viewStatements(DATASET)));
  await writeFile(join(dir, VIEWS_FILE), viewsFile(header));
  await chmod(join(dir, 'load.sh'), 0o755);
  const manifest: Manifest = {
    generator: GENERATOR,
    created: created.toISOString(),
    inputs: [...inputs],
    tables: written,
  };
  await writeFile(join(dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
