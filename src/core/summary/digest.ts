/**
 * The month-close sources in little: what the summaries need of the normalized tabs, read a slice of
 * rows at a time and kept between calls (the add-on refreshes the month close over 150,000 lines in
 * several executions; the dialog carries this digest from one call to the next).
 *
 * Every figure of a summary is Σ value over the rows that pass its filters (define.ts), and every
 * filter looks at a few columns only. So rows that agree on every filter column can be added up
 * into one row without changing any figure, any key a summary derives, or any whole-tab total:
 *   - read: the filter columns and the summed columns of each source (never all 36 columns of Orders);
 *     for Fees, the inputs of the effective commission (override › rule › collected), which is
 *     computed per row first (sources.ts);
 *   - a date used only to find a row's MONTH is kept as the first of its month (more rows agree);
 *   - a row some summary cannot place (no date, a text that cannot be a criterion) is kept alone with
 *     its line key, so the problem row that names it still counts and names every such row.
 */

import { listedHolidayCalendar } from '../close/holidays';
import { EMPTY_COST_TABLE } from '../costs/table';
import type { Cell } from '../merge/cells';
import type { CommissionRule } from '../merge/commission';
import { fillCommissionCells } from '../merge/derived';
import { columnIndex, FEES_TAB } from '../model/tabs';
import { type SummaryDef, termsOf } from './define';
import { amountOf, type Sources, SummaryEvaluator } from './evaluate';
import { SOURCE_TABS } from './formula';
import { costDaysTab, PROFIT } from './profit';
import type { NormalizedId } from './sources';
import { MONTH_CLOSE, payoutsTab, TAX_INVOICES } from './tabs';

type SourceId = NormalizedId;
export const SOURCE_IDS: readonly SourceId[] = ['orders', 'fees', 'fulfillment'];

/** The summaries whose sources a digest serves (the 정산 지급 calendar does not change which rows
 *  count where, only dates computed from them; the 원가 계산 helper's rows do not depend on the costs,
 *  only its cost column does). */
function summaryDefs(): SummaryDef[] {
  return [
    MONTH_CLOSE.def,
    TAX_INVOICES.def,
    payoutsTab(listedHolidayCalendar([])).def,
    costDaysTab(EMPTY_COST_TABLE).def,
    PROFIT.def,
  ];
}

/**
 * Columns a label column of a summary reads (a lookup function, not a declared filter): 옵션별 손익's
 * 상품명 / 옵션명 are the names of an option's latest order line (profit.ts nameLookup), so rows are
 * kept apart by option, names and dates.
 */
const LABEL_COLUMNS: Record<SourceId, readonly string[]> = {
  orders: ['option_id', 'product_name', 'option_name', 'recognition_date', 'period_end'],
  fees: [],
  fulfillment: ['option_id', 'product_name', 'option_name', 'recognition_date', 'period_end'],
};

export interface DigestLayout {
  /** Filter columns: rows that agree on all of them are one group. */
  group: string[];
  /** Of those, the dates only ever used to find a month. */
  monthOnly: string[];
  /** Summed columns. */
  sum: string[];
}

const layouts = new Map<SourceId, DigestLayout>();

export function digestLayout(id: SourceId): DigestLayout {
  let layout = layouts.get(id);
  if (layout) return layout;
  const group = new Set<string>();
  const sum = new Set<string>();
  const monthUse = new Set<string>();
  const otherUse = new Set<string>();
  for (const def of summaryDefs()) {
    for (const c of def.columns) {
      if (c.role !== 'value') continue;
      for (const term of termsOf(c.expr)) {
        if (term.source !== id) continue;
        sum.add(term.value);
        for (const f of term.filters) {
          group.add(f.column);
          if (f.kind === 'month') monthUse.add(f.column);
          else otherUse.add(f.column);
          if ('fallback' in f && f.fallback) {
            group.add(f.fallback);
            otherUse.add(f.fallback);
          }
        }
      }
    }
  }
  for (const column of LABEL_COLUMNS[id]) {
    group.add(column);
    otherUse.add(column);
  }
  for (const column of sum)
    if (group.has(column))
      throw new Error(`${id}.${column} is both summed and filtered: rows cannot be added up`);
  layout = {
    group: [...group],
    monthOnly: [...monthUse].filter((c) => !otherUse.has(c)),
    sum: [...sum],
  };
  layouts.set(id, layout);
  return layout;
}

/** The Fees columns the effective commission is computed from (without rules: override and collected). */
function commissionInputs(rules: readonly CommissionRule[]): string[] {
  const always = ['commission_override', 'collected_total'];
  return rules.length === 0
    ? always
    : [...always, 'option_id', 'product_id', 'category', 'recognition_date', 'period_end', 'commission_base'];
}

/** The columns to read of a source tab (never a formula column). */
export function digestReadColumns(id: SourceId, rules: readonly CommissionRule[]): string[] {
  const layout = digestLayout(id);
  const columns = new Set([...layout.group, ...layout.sum]);
  if (id === 'fees') {
    columns.delete('effective_commission');
    for (const c of commissionInputs(rules)) columns.add(c);
  }
  return [...columns];
}

/**
 * A source in little: each entry is [group cells…, sums…, count, line key]. An entry without a line
 * key stands for `count` rows that agree on the group cells; one with a line key is a single row kept
 * alone (a row some summary cannot place).
 */
export type DigestEntry = Cell[];

export type CloseDigest = Record<SourceId, DigestEntry[]>;

export function emptyDigest(): CloseDigest {
  return { orders: [], fees: [], fulfillment: [] };
}

/** Group cells of rows `rows` (one source, full width, Fees commission filled), added up. */
interface Grouped {
  /** Per group, in the order the rows first took them: its cells (a date used only for its month
   *  as the first of the month), the sums of its rows and their count. */
  groups: { cells: Cell[]; sums: number[]; count: number }[];
  /** Rows some summary cannot place, in row order (indexes into `rows`): kept alone. */
  alone: number[];
}

/** One text per distinct list of cells (typed: 5 and '5' differ, as they do to a criterion). */
function cellsKey(cells: readonly Cell[]): string {
  let key = '';
  for (const cell of cells) {
    if (typeof cell === 'string') key += `s${cell.length}:${cell}`;
    else if (typeof cell === 'number') key += `n${cell};`;
    else if (typeof cell === 'boolean') key += cell ? 't' : 'f';
    else key += '_';
  }
  return key;
}

/** A source row of full width holding a group's cells and sums (column 0, the line key: `lineKey`). */
function groupRow(id: SourceId, cells: readonly Cell[], sums: readonly Cell[], lineKey: Cell): Cell[] {
  const layout = digestLayout(id);
  const tab = SOURCE_TABS[id];
  const row = new Array<Cell>(tab.columns.length).fill(null);
  layout.group.forEach((key, g) => {
    row[columnIndex(tab, key)] = cells[g] ?? null;
  });
  layout.sum.forEach((key, s) => {
    row[columnIndex(tab, key)] = sums[s] ?? 0;
  });
  row[0] = lineKey;
  return row;
}

/**
 * Adds up the rows of one source by their group cells. Whether a summary can place a row depends
 * only on those cells (every filter reads a group column), so it is asked once per group, and the
 * rows of a group no summary places are kept alone (their line keys name them in the problem row).
 */
function groupSource(id: SourceId, rows: readonly (readonly Cell[])[]): Grouped {
  const layout = digestLayout(id);
  const tab = SOURCE_TABS[id];
  const groupIndex = layout.group.map((key) => columnIndex(tab, key));
  const sumIndex = layout.sum.map((key) => columnIndex(tab, key));
  const monthOnly = new Set(layout.monthOnly);
  // Each column's cells by a small number (a month-only date by its month), so a row's group is a
  // short text of those numbers: one map lookup per cell instead of a text of all its cells.
  const columns = layout.group.map((key) => ({
    ids: new Map<Cell, number>(),
    byCell: new Map<Cell, number>(),
    cells: [] as Cell[],
    month: monthOnly.has(key),
    last: undefined as Cell | undefined,
    lastId: -1,
  }));
  const cellId = (g: number, cell: Cell): number => {
    const column = columns[g]!;
    // Most cells repeat the row above's (often the very same text): no lookup then.
    if (cell === column.last) return column.lastId;
    let id = column.ids.get(cell);
    if (id !== undefined) {
      column.last = cell;
      column.lastId = id;
      return id;
    }
    const value =
      column.month && typeof cell === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(cell)
        ? `${cell.slice(0, 7)}-01`
        : cell;
    id = column.byCell.get(value);
    if (id === undefined) {
      id = column.cells.length;
      column.cells.push(value);
      column.byCell.set(value, id);
    }
    column.ids.set(cell, id);
    column.last = cell;
    column.lastId = id;
    return id;
  };
  const groups: Grouped['groups'] = [];
  const ids = new Map<string, number>();
  const groupOf = new Int32Array(rows.length);
  const codes = new Array<number>(groupIndex.length * 2);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    for (let g = 0; g < groupIndex.length; g++) {
      const id = cellId(g, row[groupIndex[g]!] ?? null);
      codes[2 * g] = id & 0xffff;
      codes[2 * g + 1] = id >>> 16;
    }
    const key = String.fromCharCode(...codes);
    let id = ids.get(key);
    if (id === undefined) {
      id = groups.length;
      ids.set(key, id);
      groups.push({
        cells: columns.map((column, g) => column.cells[codes[2 * g]! + codes[2 * g + 1]! * 0x10000]!),
        sums: sumIndex.map(() => 0),
        count: 0,
      });
    }
    groupOf[i] = id;
    const group = groups[id]!;
    for (let s = 0; s < sumIndex.length; s++) group.sums[s]! += amountOf(row[sumIndex[s]!] ?? null);
    group.count++;
  }
  const sources: Sources = { orders: [], fees: [], fulfillment: [], cost_days: [] };
  sources[id] = groups.map((g) => groupRow(id, g.cells, g.sums, null));
  const unplaced = new Uint8Array(groups.length);
  for (const def of summaryDefs()) {
    for (const u of new SummaryEvaluator(def, sources).deriveKeys().unplaced) {
      if (u.source === id) for (const g of u.rows) unplaced[g] = 1;
    }
  }
  const alone: number[] = [];
  for (let i = 0; i < rows.length; i++) if (unplaced[groupOf[i]!] === 1) alone.push(i);
  return { groups: groups.filter((_, g) => unplaced[g] === 0), alone };
}

/**
 * Adds rows read from source `id` to the digest. `rows[k]` holds the cells of `digestReadColumns` in
 * that order; `lineKeyOf(k)` is asked only for the rows kept alone (the add-on reads those keys then).
 */
export function addToDigest(
  digest: CloseDigest,
  id: SourceId,
  rows: readonly (readonly Cell[])[],
  rules: readonly CommissionRule[],
  lineKeyOf: (rowIndexes: readonly number[]) => readonly (string | null)[],
): void {
  const layout = digestLayout(id);
  const read = digestReadColumns(id, rules);
  const tab = SOURCE_TABS[id];
  const at = read.map((key) => columnIndex(tab, key));
  const width = tab.columns.length;
  const override = columnIndex(FEES_TAB, 'commission_override');
  // Full-width rows of the slice (what the evaluator reads), the commission computed for Fees. A row
  // whose read cells are all blank (a row the user emptied) sums nothing anywhere: it is left out, as
  // sources.ts leaves out blank rows.
  const full: Cell[][] = [];
  const rowIndex: number[] = [];
  rows.forEach((source, i) => {
    if (!source.some((cell) => cell !== null && cell !== '')) return;
    const row = new Array<Cell>(width).fill(null);
    at.forEach((c, k) => {
      row[c] = source[k] ?? null;
    });
    if (id === 'fees') {
      const typed = row[override];
      fillCommissionCells(row, typeof typed === 'number' && Number.isFinite(typed) ? typed : null, rules);
    }
    full.push(row);
    rowIndex.push(i);
  });
  const { groups, alone } = groupSource(id, full);
  const keys = alone.length > 0 ? lineKeyOf(alone.map((i) => rowIndex[i]!)) : [];
  const groupIndex = layout.group.map((key) => columnIndex(tab, key));
  const sumIndex = layout.sum.map((key) => columnIndex(tab, key));
  const entries = digest[id];
  const byGroup = new Map<string, DigestEntry>();
  for (const entry of entries)
    if (entry[entry.length - 1] === null) byGroup.set(cellsKey(entry.slice(0, groupIndex.length)), entry);
  alone.forEach((i, k) => {
    const row = full[i]!;
    entries.push([
      ...groupIndex.map((c) => row[c] ?? null),
      ...sumIndex.map((c) => amountOf(row[c] ?? null)),
      1,
      keys[k] ?? null,
    ]);
  });
  const countSlot = groupIndex.length + sumIndex.length;
  for (const group of groups) {
    const key = cellsKey(group.cells);
    let entry = byGroup.get(key);
    if (!entry) {
      entry = [...group.cells, ...sumIndex.map(() => 0), 0, null];
      byGroup.set(key, entry);
      entries.push(entry);
    }
    group.sums.forEach((sum, s) => {
      entry[groupIndex.length + s] = (entry[groupIndex.length + s] as number) + sum;
    });
    entry[countSlot] = (entry[countSlot] as number) + group.count;
  }
}

/** The digest as source rows for the evaluator: one row per entry (line key in column 0). */
export function digestSources(digest: CloseDigest): Sources {
  const out: Sources = { orders: [], fees: [], fulfillment: [], cost_days: [] };
  for (const id of SOURCE_IDS) {
    const groupWidth = digestLayout(id).group.length;
    out[id] = digest[id].map((entry) =>
      groupRow(
        id,
        entry.slice(0, groupWidth),
        entry.slice(groupWidth, entry.length - 2),
        entry[entry.length - 1] ?? null,
      ),
    );
  }
  return out;
}

/**
 * The sources of one refresh in little (the CLI holds every row in memory, but 200,000 rows make
 * every summary's pass over them the cost of an import): the rows of each normalized tab added up
 * by group, the rows no summary places kept as they are. Every figure, key and check is the same
 * (module comment); the cost helper's rows (cost_days) are passed through.
 */
export function digestedSources(sources: Sources): Sources {
  const out: Sources = { ...sources };
  for (const id of SOURCE_IDS) {
    const rows = sources[id];
    const { groups, alone } = groupSource(id, rows);
    out[id] = [...groups.map((g) => groupRow(id, g.cells, g.sums, null)), ...alone.map((i) => rows[i]!)];
  }
  return out;
}

/** Rows a digest stands for (its entries' counts). */
export function digestRows(digest: CloseDigest, id: SourceId): number {
  const layout = digestLayout(id);
  const slot = layout.group.length + layout.sum.length;
  return digest[id].reduce(
    (n, entry) => n + (typeof entry[slot] === 'number' ? (entry[slot] as number) : 0),
    0,
  );
}
