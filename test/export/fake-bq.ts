/**
 * A stand-in for Google's `bq` tool that runs on DuckDB, so that `load.sh` itself can be run in
 * tests (no Google account here). It understands exactly the calls load.sh makes and refuses any
 * other, and it is strict where BigQuery is strict:
 *   bq [--project_id=P] [--location=L] [--format=none] show --dataset P:D     exit 1 when missing
 *   bq … mk --dataset P:D
 *   bq … load [--replace] --source_format=NEWLINE_DELIMITED_JSON D.T FILE SCHEMA
 *       SCHEMA = BigQuery JSON schema file or `name:TYPE,…`. Every value must have its column's
 *       JSON type (INT64 an integer number, NUMERIC a number with ≤ 9 decimals, DATE 'YYYY-MM-DD' of a
 *       real day, BOOL true/false, STRING a string); a field not in the schema fails the load (as in
 *       BigQuery without --ignore_unknown_values).
 *   bq … query --use_legacy_sql=false SQL
 *       The SQL must parse as BigQuery (sql-parser-cst). CREATE TABLE / ALTER TABLE ADD COLUMN are
 *       translated to DuckDB types (partitioning and clustering are checked, then dropped); every
 *       other statement (BEGIN/COMMIT TRANSACTION, DELETE, INSERT, DROP, CREATE OR REPLACE VIEW) runs
 *       VERBATIM in DuckDB, which is taught one BigQuery type name: FLOAT64 (= DOUBLE).
 *       A failing statement inside a transaction rolls it back and fails the call.
 * It runs inside the test process (DuckDB in memory, one database per name) behind a loopback HTTP
 * server; the `bq` on load.sh's PATH is bq-client.mjs, which forwards its argv and working directory
 * (FAKE_BQ_URL, FAKE_BQ_DB) and exits with the answer's code. One process per call stays cheap.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { resolve } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { parse } from 'sql-parser-cst';

const DUCK_TYPE: Record<string, string> = {
  STRING: 'VARCHAR',
  INT64: 'BIGINT',
  NUMERIC: 'DECIMAL(38, 9)',
  DATE: 'DATE',
  DATETIME: 'TIMESTAMP',
  BOOL: 'BOOLEAN',
};

interface SchemaField {
  name: string;
  type: string;
}

class BqError extends Error {
  constructor(
    message: string,
    readonly code = 1,
  ) {
    super(message);
  }
}

function sqlString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

function duckType(type: string): string {
  const mapped = DUCK_TYPE[type.toUpperCase()];
  if (!mapped) throw new BqError(`unsupported type ${type}`);
  return mapped;
}

function splitFlags(args: readonly string[]): { flags: Map<string, string | true>; rest: string[] } {
  const flags = new Map<string, string | true>();
  const rest: string[] = [];
  for (const arg of args) {
    const m = /^--([a-z_]+)(?:=(.*))?$/.exec(arg);
    if (m && rest.length === 0) flags.set(m[1]!, m[2] ?? true);
    else rest.push(arg);
  }
  return { flags, rest };
}

function only(flags: Map<string, string | true>, allowed: readonly string[], where: string): void {
  for (const name of flags.keys())
    if (!allowed.includes(name)) throw new BqError(`${where}: unknown flag --${name}`, 2);
}

function tableRef(ref: string): { dataset: string; table: string } {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(ref);
  if (!m) throw new BqError(`bad table reference ${ref}`, 2);
  return { dataset: m[1]!, table: m[2]! };
}

async function schemaExists(db: DuckDBConnection, dataset: string): Promise<boolean> {
  const r = await db.runAndReadAll(
    `SELECT count(*) AS n FROM information_schema.schemata WHERE schema_name = ${sqlString(dataset)}`,
  );
  return Number(r.getRowObjectsJson()[0]?.n ?? 0) > 0;
}

async function tableExists(db: DuckDBConnection, dataset: string, table: string): Promise<boolean> {
  const r = await db.runAndReadAll(
    `SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = ${sqlString(dataset)} AND table_name = ${sqlString(table)}`,
  );
  return Number(r.getRowObjectsJson()[0]?.n ?? 0) > 0;
}

function readSchema(arg: string, cwd: string): SchemaField[] {
  if (arg.endsWith('.json')) {
    const fields = JSON.parse(readFileSync(resolve(cwd, arg), 'utf8')) as {
      name: string;
      type: string;
      mode?: string;
    }[];
    for (const f of fields) {
      if (typeof f.name !== 'string' || typeof f.type !== 'string') throw new BqError(`bad schema ${arg}`);
      if (f.mode !== undefined && !['NULLABLE', 'REQUIRED', 'REPEATED'].includes(f.mode))
        throw new BqError(`bad mode ${f.mode}`);
    }
    return fields.map((f) => ({ name: f.name, type: f.type }));
  }
  return arg.split(',').map((part) => {
    const [name, type] = part.split(':');
    if (!name || !type) throw new BqError(`bad inline schema ${arg}`);
    return { name, type };
  });
}

/** The strict JSON → column expression: a value of another JSON type fails the load. */
function strictValue(field: SchemaField): string {
  const path = sqlString(`$."${field.name}"`);
  const kind = `json_type(json, ${path})`;
  const raw = `json_extract(json, ${path})::VARCHAR`;
  const text = `json_extract_string(json, ${path})`;
  const fail = (what: string) =>
    `error(${sqlString(`${field.name}: not ${what}: `)} || coalesce(${raw}, '?'))`;
  const nullable = (test: string, value: string, what: string) =>
    `CASE WHEN ${kind} IS NULL OR ${kind} = 'NULL' THEN NULL WHEN ${test} THEN ${value} ELSE ${fail(what)} END`;
  switch (field.type.toUpperCase()) {
    case 'STRING':
      return nullable(`${kind} = 'VARCHAR'`, text, 'a string');
    case 'INT64':
      return nullable(`${kind} IN ('BIGINT', 'UBIGINT')`, `${raw}::BIGINT`, 'an integer');
    case 'NUMERIC':
      return nullable(
        `${kind} IN ('BIGINT', 'UBIGINT', 'DOUBLE') AND regexp_full_match(${raw}, '-?[0-9]+(\\.[0-9]{1,9})?')`,
        `${raw}::DECIMAL(38, 9)`,
        'a NUMERIC (≤ 9 decimals)',
      );
    case 'DATE':
      return nullable(
        `${kind} = 'VARCHAR' AND regexp_full_match(${text}, '[0-9]{4}-[0-9]{2}-[0-9]{2}')`,
        `${text}::DATE`,
        'a YYYY-MM-DD date',
      );
    case 'DATETIME':
      return nullable(
        `${kind} = 'VARCHAR' AND regexp_full_match(${text}, '[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?')`,
        `${text}::TIMESTAMP`,
        'a DATETIME',
      );
    case 'BOOL':
      return nullable(`${kind} = 'BOOLEAN'`, `${raw}::BOOLEAN`, 'true/false');
    default:
      throw new BqError(`unsupported type ${field.type}`);
  }
}

async function load(db: DuckDBConnection, args: readonly string[], cwd: string): Promise<void> {
  const { flags, rest } = splitFlags(args);
  only(flags, ['replace', 'source_format'], 'load');
  if (flags.get('source_format') !== 'NEWLINE_DELIMITED_JSON')
    throw new BqError('load: --source_format=NEWLINE_DELIMITED_JSON expected', 2);
  if (rest.length !== 3) throw new BqError('load: TABLE FILE SCHEMA expected', 2);
  const { dataset, table } = tableRef(rest[0]!);
  const file = resolve(cwd, rest[1]!);
  const schema = readSchema(rest[2]!, cwd);
  if (!(await schemaExists(db, dataset))) throw new BqError(`Not found: Dataset ${dataset}`);
  const name = `${dataset}.${table}`;
  if (flags.get('replace') === true || !(await tableExists(db, dataset, table))) {
    const columns = schema.map((f) => `${f.name} ${duckType(f.type)}`).join(', ');
    await db.run(`CREATE OR REPLACE TABLE ${name} (${columns})`);
  }
  const known = `[${schema.map((f) => sqlString(f.name)).join(', ')}]`;
  const unknown = `list_filter(json_keys(json), k -> NOT list_contains(${known}, k))`;
  const select = schema.map((f) => strictValue(f)).join(',\n  ');
  await db.run(
    `INSERT INTO ${name} (${schema.map((f) => f.name).join(', ')})
     SELECT ${select}
     FROM (SELECT CASE WHEN len(${unknown}) > 0 THEN error('no such field: ' || array_to_string(${unknown}, ', ')) ELSE json END AS json
           FROM read_ndjson_objects(${sqlString(file)}))`,
  );
}

interface Node {
  type: string;
  range?: [number, number];
  [key: string]: unknown;
}

function child(node: Node, key: string): Node {
  const value = node[key];
  if (!value || typeof value !== 'object') throw new BqError(`unexpected SQL shape at ${node.type}.${key}`);
  return value as Node;
}

function items(list: Node): Node[] {
  return (list.items as Node[] | undefined) ?? [];
}

function identifier(node: Node): string {
  if (node.type === 'identifier') return String(node.name);
  throw new BqError(`identifier expected, found ${node.type}`);
}

function qualifiedName(node: Node): string {
  if (node.type !== 'member_expr') throw new BqError('dataset.table expected');
  return `${identifier(child(node, 'object'))}.${identifier(child(node, 'property'))}`;
}

function columnOf(def: Node): { name: string; type: string } {
  const dataType = child(def, 'dataType');
  const name = child(dataType, 'name');
  return { name: identifier(child(def, 'name')), type: String(name.name ?? name.text) };
}

async function createTable(db: DuckDBConnection, st: Node): Promise<void> {
  if (!st.ifNotExistsKw) throw new BqError('CREATE TABLE without IF NOT EXISTS would fail on a second load');
  const name = qualifiedName(child(st, 'name'));
  const columns = items(child(child(st, 'columns'), 'expr')).map(columnOf);
  const types = new Map(columns.map((c) => [c.name, c.type]));
  for (const clause of (st.clauses as Node[] | undefined) ?? []) {
    if (clause.type === 'partition_by_clause') {
      const spec = items(child(clause, 'specifications'));
      const call = spec[0];
      const args = call?.type === 'func_call' ? items(child(child(child(call, 'args'), 'expr'), 'args')) : [];
      const ok =
        spec.length === 1 &&
        call !== undefined &&
        /^DATE_TRUNC$/i.test(identifier(child(call, 'name'))) &&
        args.length === 2 &&
        types.get(identifier(args[0]!)) === 'DATE' &&
        /^MONTH$/i.test(identifier(args[1]!));
      if (!ok) throw new BqError('PARTITION BY must be DATE_TRUNC(<DATE column>, MONTH)');
    } else if (clause.type === 'cluster_by_clause') {
      const clustered = items(child(clause, 'columns')).map(identifier);
      if (clustered.length > 4) throw new BqError('at most 4 clustering columns');
      for (const c of clustered) if (!types.has(c)) throw new BqError(`clustering column ${c} not in table`);
    } else if (clause.type !== 'bigquery_options') throw new BqError(`unexpected clause ${clause.type}`);
  }
  const body = columns.map((c) => `${c.name} ${duckType(c.type)}`).join(', ');
  await db.run(`CREATE TABLE IF NOT EXISTS ${name} (${body})`);
}

async function alterTable(db: DuckDBConnection, st: Node): Promise<void> {
  const name = qualifiedName(child(st, 'table'));
  for (const action of items(child(st, 'actions'))) {
    if (action.type !== 'alter_action_add_column' || !action.ifNotExistsKw)
      throw new BqError(`only ADD COLUMN IF NOT EXISTS is expected, found ${action.type}`);
    const column = columnOf(child(action, 'column'));
    await db.run(`ALTER TABLE ${name} ADD COLUMN IF NOT EXISTS ${column.name} ${duckType(column.type)}`);
  }
}

async function query(db: DuckDBConnection, args: readonly string[]): Promise<void> {
  const { flags, rest } = splitFlags(args);
  only(flags, ['use_legacy_sql'], 'query');
  if (flags.get('use_legacy_sql') !== 'false') throw new BqError('query: --use_legacy_sql=false expected', 2);
  if (rest.length !== 1) throw new BqError('query: one SQL argument expected', 2);
  const sql = rest[0]!;
  let statements: Node[];
  try {
    statements = parse(sql, { dialect: 'bigquery', includeRange: true }).statements as unknown as Node[];
  } catch (error) {
    throw new BqError(`Syntax error (BigQuery): ${error instanceof Error ? error.message : String(error)}`);
  }
  let inTransaction = false;
  try {
    for (const st of statements) {
      if (st.type === 'empty') continue;
      if (st.type === 'create_table_stmt') await createTable(db, st);
      else if (st.type === 'alter_table_stmt') await alterTable(db, st);
      else {
        const [from, to] = st.range ?? [0, 0];
        if (st.type === 'start_transaction_stmt') inTransaction = true;
        if (st.type === 'commit_transaction_stmt') inTransaction = false;
        await db.run(sql.slice(from, to));
      }
    }
    if (inTransaction) throw new BqError('transaction not committed at the end of the script');
  } catch (error) {
    if (inTransaction) await db.run('ROLLBACK');
    throw error;
  }
}

export interface BqAnswer {
  code: number;
  stdout: string;
  stderr: string;
}

/** The databases, by the name load.sh's environment gives (FAKE_BQ_DB). */
const databases = new Map<string, Promise<DuckDBConnection>>();

export function database(name: string): Promise<DuckDBConnection> {
  let db = databases.get(name);
  if (!db) {
    db = DuckDBInstance.create(':memory:').then(async (instance) => {
      const connection = await instance.connect();
      // BigQuery's name for a double; the views compute as the spreadsheet does, in doubles.
      await connection.run('CREATE TYPE FLOAT64 AS DOUBLE');
      return connection;
    });
    databases.set(name, db);
  }
  return db;
}

async function run(db: DuckDBConnection, argv: readonly string[], cwd: string): Promise<number> {
  const { flags, rest } = splitFlags(argv);
  only(flags, ['project_id', 'location', 'format'], 'bq');
  if (typeof flags.get('project_id') !== 'string') throw new BqError('--project_id expected', 2);
  const [command, ...args] = rest;
  switch (command) {
    case 'show': {
      const [kind, ref] = args;
      if (kind !== '--dataset' || !ref) throw new BqError('show --dataset P:D expected', 2);
      return (await schemaExists(db, ref.split(':')[1] ?? '')) ? 0 : 1;
    }
    case 'mk': {
      const [kind, ref] = args;
      if (kind !== '--dataset' || !ref) throw new BqError('mk --dataset P:D expected', 2);
      await db.run(`CREATE SCHEMA ${ref.split(':')[1] ?? ''}`);
      return 0;
    }
    case 'load':
      await load(db, args, cwd);
      return 0;
    case 'query':
      await query(db, args);
      return 0;
    default:
      throw new BqError(`unknown command ${command}`, 2);
  }
}

/** One `bq` call. */
export async function fakeBq(dbName: string, argv: readonly string[], cwd: string): Promise<BqAnswer> {
  try {
    return { code: await run(await database(dbName), argv, cwd), stdout: '', stderr: '' };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { code: error instanceof BqError ? error.code : 1, stdout: '', stderr: `fake bq: ${message}\n` };
  }
}

export interface FakeBqServer {
  url: string;
  /** Every call, in order, by database name. */
  calls: Map<string, string[][]>;
  close(): Promise<void>;
}

/** The loopback server bq-client.mjs talks to; calls are answered one at a time, in order. */
export async function startFakeBqServer(): Promise<FakeBqServer> {
  const calls = new Map<string, string[][]>();
  let queue: Promise<unknown> = Promise.resolve();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        argv: string[];
        cwd: string;
        db: string;
      };
      const list = calls.get(body.db) ?? [];
      calls.set(body.db, list);
      list.push(body.argv);
      const answer = queue.then(() => fakeBq(body.db, body.argv, body.cwd));
      queue = answer;
      answer.then((result) => {
        response.setHeader('content-type', 'application/json');
        response.end(JSON.stringify(result));
      });
    });
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return {
    url: `http://127.0.0.1:${address.port}/`,
    calls,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
