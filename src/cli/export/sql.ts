/**
 * The SQL of a load, from the table specs. The statements that move data (the scope-replacing
 * transaction, dropping staging tables) are ONE text for both engines: the subset BigQuery and
 * DuckDB both accept (unquoted `dataset.table` names, EXISTS subqueries, COALESCE, typed DATE
 * literals, BEGIN/COMMIT TRANSACTION). Only the DDL differs (BigQuery: partitioning, clustering,
 * descriptions, INT64/NUMERIC; DuckDB: BIGINT/DECIMAL(38,9), one ALTER per column), so it is
 * generated per dialect from the same columns.
 */
import type { BqType, TableSpec } from './tables';

export type Dialect = 'bigquery' | 'duckdb';

export const STAGING_PREFIX = '_cjet_stg_';
export const SCOPE_PREFIX = '_cjet_scope_';

export function stagingTable(spec: TableSpec): string {
  return `${STAGING_PREFIX}${spec.name}`;
}

export function scopeTable(spec: TableSpec): string {
  return `${SCOPE_PREFIX}${spec.name}`;
}

const DUCKDB_TYPE: Record<BqType, string> = {
  STRING: 'VARCHAR',
  INT64: 'BIGINT',
  NUMERIC: 'DECIMAL(38, 9)',
  DATE: 'DATE',
  DATETIME: 'TIMESTAMP',
  BOOL: 'BOOLEAN',
};

/** A BigQuery string literal. */
function literal(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}

function columnType(type: BqType, dialect: Dialect): string {
  return dialect === 'bigquery' ? type : DUCKDB_TYPE[type];
}

function columnDefinition(spec: TableSpec, index: number, dialect: Dialect): string {
  const col = spec.columns[index]!;
  const type = columnType(col.type, dialect);
  return dialect === 'bigquery'
    ? `${col.name} ${type} OPTIONS(description=${literal(col.description)})`
    : `${col.name} ${type}`;
}

/**
 * CREATE TABLE IF NOT EXISTS, then ADD COLUMN IF NOT EXISTS for every column: a table created by an
 * earlier version gets the columns added since (new columns are only ever appended to a tab).
 */
export function ddl(spec: TableSpec, dataset: string, dialect: Dialect): string[] {
  const name = `${dataset}.${spec.name}`;
  const columns = spec.columns.map((_, i) => `  ${columnDefinition(spec, i, dialect)}`);
  let create = `CREATE TABLE IF NOT EXISTS ${name} (\n${columns.join(',\n')}\n)`;
  if (dialect === 'bigquery') {
    if (spec.partitionBy) create += `\nPARTITION BY DATE_TRUNC(${spec.partitionBy}, MONTH)`;
    if (spec.clusterBy.length > 0) create += `\nCLUSTER BY ${spec.clusterBy.join(', ')}`;
    create += `\nOPTIONS(description=${literal(spec.description)})`;
    const adds = spec.columns.map(
      (_, i) => `  ADD COLUMN IF NOT EXISTS ${columnDefinition(spec, i, dialect)}`,
    );
    return [create, `ALTER TABLE ${name}\n${adds.join(',\n')}`];
  }
  const alters = spec.columns.map(
    (_, i) => `ALTER TABLE ${name} ADD COLUMN IF NOT EXISTS ${columnDefinition(spec, i, dialect)}`,
  );
  return [create, ...alters];
}

/** Null-safe equality of one column of target `t` and source `s` (blank vendor = NULL = ''). */
function same(spec: TableSpec, column: string, source = 's'): string {
  const type = spec.columns.find((c) => c.name === column)?.type;
  if (type === 'STRING') return `COALESCE(${source}.${column}, '') = COALESCE(t.${column}, '')`;
  return `${source}.${column} = t.${column}`;
}

export interface LoadShape {
  /** Rows loaded into the staging table (0: no staging table). */
  rows: number;
  /** Scopes loaded into the scope table. */
  scopes: number;
  /** Earliest and latest period_end among the scopes (prunes the partitions a DELETE reads). */
  periodRange: { first: string; last: string } | null;
}

/**
 * One multi-statement transaction: delete what this load replaces, insert the staging rows.
 * Scope tables: rows of a scope in the scope table; rows without a period_end by their key.
 * Key tables: rows with the key of a staging row. Never a whole table or a whole partition.
 */
export function replaceTransaction(spec: TableSpec, dataset: string, shape: LoadShape): string {
  const target = `${dataset}.${spec.name}`;
  const staging = `${dataset}.${stagingTable(spec)}`;
  const statements: string[] = [];
  const replace = spec.replace;
  if (replace.kind === 'scope') {
    if (shape.scopes > 0) {
      const match = replace.columns.map((c) => same(spec, c)).join('\n    AND ');
      const range =
        shape.periodRange && spec.partitionBy
          ? `t.${spec.partitionBy} BETWEEN DATE '${shape.periodRange.first}' AND DATE '${shape.periodRange.last}'\n  AND `
          : '';
      statements.push(
        `DELETE FROM ${target} AS t\nWHERE ${range}EXISTS (\n  SELECT 1 FROM ${dataset}.${scopeTable(spec)} AS s\n  WHERE ${match}\n)`,
      );
    }
    if (shape.rows > 0 && replace.key && spec.partitionBy) {
      const match = [...replace.columns.filter((c) => c !== spec.partitionBy), replace.key]
        .map((c) => same(spec, c))
        .join('\n    AND ');
      statements.push(
        `DELETE FROM ${target} AS t\nWHERE t.${spec.partitionBy} IS NULL AND EXISTS (\n  SELECT 1 FROM ${staging} AS s\n  WHERE s.${spec.partitionBy} IS NULL\n    AND ${match}\n)`,
      );
    }
  } else if (shape.rows > 0) {
    const match = replace.columns.map((c) => same(spec, c)).join('\n    AND ');
    statements.push(
      `DELETE FROM ${target} AS t\nWHERE EXISTS (\n  SELECT 1 FROM ${staging} AS s\n  WHERE ${match}\n)`,
    );
  }
  if (shape.rows > 0) {
    const names = spec.columns.map((c) => c.name).join(', ');
    statements.push(`INSERT INTO ${target} (${names})\nSELECT ${names}\nFROM ${staging}`);
  }
  return ['BEGIN TRANSACTION', ...statements, 'COMMIT TRANSACTION'].map((s) => `${s};`).join('\n');
}

export function dropStaging(specs: readonly TableSpec[], dataset: string): string {
  return specs
    .flatMap((spec) => [
      `DROP TABLE IF EXISTS ${dataset}.${stagingTable(spec)};`,
      `DROP TABLE IF EXISTS ${dataset}.${scopeTable(spec)};`,
    ])
    .join('\n');
}
