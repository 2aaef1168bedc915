/**
 * 원가 (Unit costs): the seller's own tab (issue #12, accounting.md §4). One row per option and
 * validity range: `옵션ID · 상품명(참고) · 단위원가(VAT별도) · 적용 시작일 · 적용 종료일 · 메모`.
 * An import never writes it: the refresh creates it empty (header only) when it is missing, and only
 * the prefill (`cjet costs`, menu 원가 채우기) adds rows — for options that have none.
 *
 * Which row gives the unit cost of a sale on day d (d = the order line's 매출인식일, else its 기간 종료):
 *   - the row's option ID equals the line's (exactly, case included; spaces around it ignored, as the
 *     spreadsheet's TRIM does);
 *   - its 단위원가 is a number ≥ 0 (blank = not entered yet: the units count as 원가 미입력);
 *   - 적용 시작일 ≤ d ≤ 적용 종료일, a blank date being an open bound;
 *   - among those, the LATEST 적용 시작일 wins (blank = the earliest);
 *   - a tie (same option, same start, both covering d): the HIGHER unit cost wins, so a duplicate row
 *     can only understate profit, never overstate it; the refresh reports the tie (COST_TIE).
 * A row whose cost or dates are not numbers/dates (text typed in the cell, a negative number) is
 * ignored by both the formula and this module, and reported (COST_ROW_INVALID).
 *
 * The same rule is the formula of the per-(option, day) helper (formula.ts); test/profit proves both
 * agree in HyperFormula and LibreOffice. One known difference, shared with the commission rules:
 * a number or a date typed into a TEXT-formatted cell is text to the formula but reads as a number
 * here (the adapters' canonical cells); the tab's columns are formatted as number and date so typing
 * never produces one.
 */
import type { Cell } from '../merge/cells';
import { sheetTrim } from '../merge/commission';
import type { ColumnDef, TabDef } from '../model/tabs';
import { isIsoDate, isoToSerial } from '../util/dates';

const column = (key: string, ko: string, en: string, type: ColumnDef['type']): ColumnDef => ({
  key,
  ko,
  en,
  type,
});

export const COSTS_TAB: TabDef = {
  id: 'costs',
  ko: '원가',
  en: 'Unit costs',
  // The user's tab, like 수수료 설정: nothing to protect.
  protect: false,
  columns: [
    column('option_id', '옵션ID', 'Option ID', 'id'),
    column('product_name', '상품명(참고)', 'Product name (reference)', 'text'),
    column('unit_cost', '단위원가(VAT별도)', 'Unit cost (ex VAT)', 'money'),
    column('valid_from', '적용 시작일', 'Valid from', 'date'),
    column('valid_to', '적용 종료일', 'Valid to', 'date'),
    column('memo', '메모', 'Note', 'text'),
  ],
};

/** Serial of an open start (1900-01-01) and of an open end (9999-12-31), as the formula reads them. */
export const OPEN_FROM_SERIAL = 1;
export const OPEN_TO_SERIAL = 2958465;

/** One usable row of the 원가 tab. */
export interface CostEntry {
  /** 0-based data row (sheet row = row + 2). */
  row: number;
  optionId: string;
  unitCost: number;
  /** Serial of 적용 시작일, OPEN_FROM_SERIAL when blank (open). */
  from: number;
  /** Serial of 적용 종료일, OPEN_TO_SERIAL when blank (open). */
  to: number;
}

export type CostIssue =
  | {
      kind: 'invalid';
      row: number;
      optionId: string;
      column: 'unit_cost' | 'valid_from' | 'valid_to';
      value: string;
    }
  | { kind: 'reversed'; row: number; optionId: string }
  | { kind: 'tie'; rows: number[]; optionId: string; from: number };

export interface CostTable {
  entries: CostEntry[];
  /** Entries by option ID. */
  byOption: Map<string, CostEntry[]>;
  issues: CostIssue[];
  /** 0-based index of the last row with anything typed in its first five columns, -1 when none. */
  lastUsedRow: number;
}

/** A cell as the formula's `cell&""` sees it. */
function cellText(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  return String(cell);
}

const blank = (cell: Cell | undefined) => cell === null || cell === undefined || cell === '';

/** A date cell (canonical: ISO text for a real date) → its serial, `open` when blank, null when not a date. */
function dateSerial(cell: Cell | undefined, open: number): number | null {
  if (blank(cell)) return open;
  return typeof cell === 'string' && isIsoDate(cell) ? isoToSerial(cell) : null;
}

/** The 원가 tab's data rows (canonical cells, columns of COSTS_TAB) → the usable entries and the issues. */
export function parseCostTable(rows: readonly (readonly Cell[])[]): CostTable {
  const entries: CostEntry[] = [];
  const issues: CostIssue[] = [];
  let lastUsedRow = -1;
  rows.forEach((row, i) => {
    if (row.slice(0, 5).some((cell) => !blank(cell))) lastUsedRow = i;
    const optionId = sheetTrim(cellText(row[0]));
    if (optionId === '') return;
    const cost = row[2];
    // A row prefilled with a blank cost is "not entered yet", not a mistake.
    if (blank(cost)) return;
    if (typeof cost !== 'number' || !Number.isFinite(cost) || cost < 0) {
      issues.push({ kind: 'invalid', row: i, optionId, column: 'unit_cost', value: cellText(cost) });
      return;
    }
    const from = dateSerial(row[3], OPEN_FROM_SERIAL);
    const to = dateSerial(row[4], OPEN_TO_SERIAL);
    if (from === null) {
      issues.push({ kind: 'invalid', row: i, optionId, column: 'valid_from', value: cellText(row[3]) });
      return;
    }
    if (to === null) {
      issues.push({ kind: 'invalid', row: i, optionId, column: 'valid_to', value: cellText(row[4]) });
      return;
    }
    if (to < from) issues.push({ kind: 'reversed', row: i, optionId });
    entries.push({ row: i, optionId, unitCost: cost, from, to });
  });
  const byOption = new Map<string, CostEntry[]>();
  for (const entry of entries) {
    const list = byOption.get(entry.optionId);
    if (list) list.push(entry);
    else byOption.set(entry.optionId, [entry]);
  }
  for (const [optionId, list] of byOption) {
    const byStart = new Map<number, CostEntry[]>();
    for (const e of list) byStart.set(e.from, [...(byStart.get(e.from) ?? []), e]);
    for (const [from, same] of byStart) {
      if (same.length < 2) continue;
      // A tie only matters where two of them cover the same day.
      const overlapping = same.filter((a) =>
        same.some((b) => b !== a && a.to >= a.from && b.to >= b.from && a.from <= b.to && b.from <= a.to),
      );
      if (overlapping.length > 1)
        issues.push({ kind: 'tie', rows: overlapping.map((e) => e.row), optionId, from });
    }
  }
  return { entries, byOption, issues, lastUsedRow };
}

/** The entry that gives the unit cost of `optionId` on the day `serial`, or null (원가 미입력). */
export function costEntryOn(table: CostTable, optionId: string, serial: number): CostEntry | null {
  let best: CostEntry | null = null;
  for (const e of table.byOption.get(optionId) ?? []) {
    if (e.from > serial || e.to < serial) continue;
    if (!best || e.from > best.from || (e.from === best.from && e.unitCost > best.unitCost)) best = e;
  }
  return best;
}

export const EMPTY_COST_TABLE: CostTable = parseCostTable([]);
