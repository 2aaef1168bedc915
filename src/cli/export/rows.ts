/**
 * Ledgers → the rows of each BigQuery table as JSON values of the column's type, and the scopes
 * each table's load replaces. A cell that is not of its column's type is never guessed at: the
 * export names it and writes nothing (a scope loaded with rows missing would lose them in BigQuery).
 */
import type { Cell } from '../../core/merge/cells';
import { isIsoDate, serialToIso } from '../../core/util/dates';
import { exportCalendar, holidayTable, payoutDatesTable } from './calendar';
import { cellOf, hasColumn, type Ledger, type LedgerRow, type LedgerTab } from './ledger';
import { badCell, type ExportProblem, rowWithoutKey, scopeInTwoInputs } from './messages';
import { type BqType, scopeColumns, type TableName, type TableSpec, VENDOR_COLUMN } from './tables';

export type JsonValue = string | number | boolean | null;
export type JsonRow = Record<string, JsonValue>;

export interface TableData {
  spec: TableSpec;
  rows: JsonRow[];
  /** The scopes this export replaces (scope-replaced tables; blank vendor as ''). */
  scopes: JsonRow[];
}

/** BigQuery NUMERIC keeps 9 decimal places. */
const NUMERIC_SCALE = 9;
const DATETIME = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/;

type Converted = { ok: true; value: JsonValue } | { ok: false };

/** A canonical cell (cells.ts) as a JSON value BigQuery's loader accepts for `type`. */
export function toJsonValue(type: BqType, cell: Cell): Converted {
  if (cell === null || cell === '') return { ok: true, value: null };
  switch (type) {
    case 'STRING':
      return { ok: true, value: typeof cell === 'string' ? cell : String(cell) };
    case 'INT64':
      return typeof cell === 'number' && Number.isSafeInteger(cell)
        ? { ok: true, value: cell }
        : { ok: false };
    case 'NUMERIC': {
      if (typeof cell !== 'number' || !Number.isFinite(cell) || Math.abs(cell) >= 1e20) return { ok: false };
      const value = Number(cell.toFixed(NUMERIC_SCALE));
      return { ok: true, value: value === 0 ? 0 : value };
    }
    case 'DATE':
      return typeof cell === 'string' && isIsoDate(cell) ? { ok: true, value: cell } : { ok: false };
    case 'DATETIME':
      return toDatetime(cell);
    case 'BOOL':
      return typeof cell === 'boolean' ? { ok: true, value: cell } : { ok: false };
  }
}

/** 'YYYY-MM-DD HH:MM[:SS]' text, or a spreadsheet serial, as 'YYYY-MM-DD HH:MM:SS'. */
function toDatetime(cell: Cell): Converted {
  if (typeof cell === 'string') {
    const m = DATETIME.exec(cell.trim());
    if (!m || !isIsoDate(m[1]!) || Number(m[2]) > 23 || Number(m[3]) > 59 || Number(m[4] ?? 0) > 59)
      return { ok: false };
    return { ok: true, value: `${m[1]} ${m[2]}:${m[3]}:${m[4] ?? '00'}` };
  }
  if (typeof cell === 'number' && Number.isFinite(cell) && cell >= 1) {
    const day = Math.floor(cell);
    const date = serialToIso(day);
    if (!date) return { ok: false };
    const seconds = Math.round((cell - day) * 86_400);
    if (seconds >= 86_400) return toDatetime(day + 1);
    const hh = String(Math.floor(seconds / 3600)).padStart(2, '0');
    const mm = String(Math.floor((seconds % 3600) / 60)).padStart(2, '0');
    const ss = String(seconds % 60).padStart(2, '0');
    return { ok: true, value: `${date} ${hh}:${mm}:${ss}` };
  }
  return { ok: false };
}

/** The column whose blank marks a row that is not a record (blank rows are skipped). */
const KEY_OF: Partial<Record<TableName, string>> = {
  orders: 'line_key',
  fees: 'line_key',
  fulfillment: 'line_key',
  import_log: 'import_id',
};

interface Context {
  ledger: Ledger;
  tab: LedgerTab;
  problems: ExportProblem[];
}

function label(tab: LedgerTab, key: string): string {
  const col = tab.tab.columns.find((c) => c.key === key);
  return col ? col.ko : key;
}

function displayed(cell: Cell): string {
  return cell === null ? '' : String(cell);
}

/** One table row from a sheet row: each spec column by key; `fixed` supplies columns the tab lacks. */
function convertRow(
  ctx: Context,
  spec: TableSpec,
  row: LedgerRow,
  fixed: Readonly<Record<string, Cell>> = {},
): JsonRow | null {
  const out: JsonRow = {};
  let ok = true;
  for (const column of spec.columns) {
    const cell = column.name in fixed ? (fixed[column.name] ?? null) : cellOf(ctx.tab, row, column.name);
    const converted = toJsonValue(column.type, cell);
    if (converted.ok) out[column.name] = converted.value;
    else {
      ok = false;
      ctx.problems.push(
        badCell(
          {
            source: ctx.ledger.source,
            tab: ctx.tab.tab.ko,
            row: row.row,
            column: label(ctx.tab, column.name),
            value: displayed(cell),
          },
          column.type,
        ),
      );
    }
  }
  return ok ? out : null;
}

/** Blank = every cell the export reads is blank (settings rows 2..2001 carry helper formulas). */
function isBlank(tab: LedgerTab, row: LedgerRow): boolean {
  return tab.tab.columns.every(
    (col, i) => i >= tab.present || col.type === 'formula' || row.cells[i] === null || row.cells[i] === '',
  );
}

function scopeKey(scope: JsonRow, columns: readonly string[]): string {
  return columns.map((c) => String(scope[c] ?? '')).join(' · ');
}

/** Distinct scopes of rows (rows without a period_end have none). */
function scopesOf(spec: TableSpec, rows: readonly JsonRow[]): JsonRow[] {
  if (spec.replace.kind !== 'scope') return [];
  const columns = scopeColumns(spec);
  const seen = new Map<string, JsonRow>();
  for (const row of rows) {
    if (spec.partitionBy && row[spec.partitionBy] === null) continue;
    const scope: JsonRow = {};
    for (const col of columns) scope[col.name] = row[col.name] ?? (col.name === VENDOR_COLUMN ? '' : null);
    const key = scopeKey(
      scope,
      columns.map((c) => c.name),
    );
    if (!seen.has(key)) seen.set(key, scope);
  }
  return [...seen.values()];
}

/** The data rows of one table of one ledger. */
function dataRows(ctx: Context, spec: TableSpec): JsonRow[] {
  const rows: JsonRow[] = [];
  const key = KEY_OF[spec.name];
  for (const row of ctx.tab.rows) {
    if (isBlank(ctx.tab, row)) continue;
    if (key && (cellOf(ctx.tab, row, key) ?? '') === '') {
      ctx.problems.push(
        rowWithoutKey({
          source: ctx.ledger.source,
          tab: ctx.tab.tab.ko,
          row: row.row,
          column: label(ctx.tab, key),
        }),
      );
      continue;
    }
    const converted = convertRow(ctx, spec, row);
    if (converted) rows.push(converted);
  }
  return rows;
}

/** The vendors of a workbook (blank while the tabs carry no 업체코드). */
function vendorsOf(ledger: Ledger): string[] {
  const vendors = new Set<string>();
  for (const id of ['orders', 'fees', 'fulfillment'] as const) {
    const tab = ledger.tabs[id];
    if (!tab) continue;
    if (!hasColumn(tab, VENDOR_COLUMN)) {
      if (tab.rows.some((r) => !isBlank(tab, r))) vendors.add('');
      continue;
    }
    for (const row of tab.rows) {
      if (isBlank(tab, row)) continue;
      const vendor = cellOf(tab, row, VENDOR_COLUMN);
      vendors.add(vendor === null ? '' : String(vendor));
    }
  }
  if (vendors.size === 0) vendors.add('');
  return [...vendors].sort();
}

function ledgerTable(ledger: Ledger, spec: TableSpec, problems: ExportProblem[]): TableData {
  const empty: TableData = { spec, rows: [], scopes: [] };
  if (spec.userTable && ledger.kind !== 'book') return empty;
  const tab = ledger.tabs[spec.tab];
  if (!tab) return empty;
  const ctx: Context = { ledger, tab, problems };
  switch (spec.name) {
    case 'commission_overrides': {
      const override = tab.tab.columns.find((c) => c.userOwned)?.key ?? '';
      const rows: JsonRow[] = [];
      const scopeRows: JsonRow[] = [];
      for (const row of tab.rows) {
        if (isBlank(tab, row) || (cellOf(tab, row, 'line_key') ?? '') === '') continue;
        // Scopes: every Fees scope of the book, so an override the user cleared leaves BigQuery too.
        const scope: JsonRow = {};
        for (const col of scopeColumns(spec)) {
          const converted = toJsonValue(col.type, cellOf(tab, row, col.name));
          scope[col.name] = converted.ok ? converted.value : null;
        }
        scopeRows.push(scope);
        const typed = cellOf(tab, row, override);
        if (typed === null || typed === '') continue;
        const converted = convertRow(ctx, spec, row);
        if (converted) rows.push(converted);
      }
      return { spec, rows, scopes: scopesOf(spec, scopeRows) };
    }
    case 'unit_costs':
    case 'commission_rules': {
      const vendors = vendorsOf(ledger);
      const rows: JsonRow[] = [];
      for (const row of tab.rows) {
        if (isBlank(tab, row)) continue;
        const first = convertRow(ctx, spec, row, { [VENDOR_COLUMN]: vendors[0] ?? '' });
        if (!first) continue;
        for (const vendor of vendors) rows.push({ ...first, [VENDOR_COLUMN]: vendor });
      }
      return { spec, rows, scopes: vendors.map((v) => ({ [VENDOR_COLUMN]: v })) };
    }
    case 'holidays':
    case 'payout_dates':
      return empty; // over every input at once (calendar.ts)
    default: {
      const rows = dataRows(ctx, spec);
      return { spec, rows, scopes: scopesOf(spec, rows) };
    }
  }
}

/**
 * Every table over every ledger. One load replaces a scope with the rows it holds, so a scope found
 * in two inputs is refused (its rows would be counted twice) rather than merged by guesswork.
 */
export function buildTables(
  ledgers: readonly Ledger[],
  specs: readonly TableSpec[],
): { tables: TableData[]; problems: ExportProblem[] } {
  const problems: ExportProblem[] = [];
  const calendar = exportCalendar(ledgers, problems);
  const tables = specs.map((spec) => {
    if (spec.name === 'holidays') return holidayTable(spec, calendar);
    if (spec.name === 'payout_dates') return payoutDatesTable(spec, calendar);
    const total: TableData = { spec, rows: [], scopes: [] };
    const owner = new Map<string, string>();
    const columns = spec.replace.kind === 'scope' ? spec.replace.columns : [];
    for (const ledger of ledgers) {
      const part = ledgerTable(ledger, spec, problems);
      for (const scope of part.scopes) {
        const key = scopeKey(scope, columns);
        const other = owner.get(key);
        if (other === undefined) {
          owner.set(key, ledger.source);
          total.scopes.push(scope);
        } else if (other !== ledger.source) {
          problems.push(scopeInTwoInputs({ source: ledger.source, tab: spec.name }, other, key));
        }
      }
      for (const row of part.rows) total.rows.push(row);
    }
    return total;
  });
  return { tables, problems };
}
