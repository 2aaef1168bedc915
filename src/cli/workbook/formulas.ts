/**
 * The formula cells of the .xlsx workbook: the Fees commission formulas and the settings tab's
 * helper columns. Their cached values come from the core (fillCommissionCells, settingsHelperValue),
 * so a reader that does not recalculate sees the right numbers; Excel and LibreOffice recalculate on
 * load anyway.
 *
 * The Fees formulas are Excel shared formulas: the text once per column on a group's first row, the
 * other rows pointing at it. A save decides which rows' formula cells are written:
 *   - rows only appended, and every row already there holding our formulas with current values:
 *     the appended rows form a group of their own, the rows above keep their bytes;
 *   - otherwise one group spans all rows, and a row's formula cells are rewritten when they do not
 *     follow it or their cached value changed (an override or a rule was edited, rows moved).
 */
import { type Cell, cellsEqual } from '../../core/merge/cells';
import {
  type CommissionRule,
  formulaFor,
  ruleRangeLastRow,
  type SettingsHelperKey,
  settingsHelperFormula,
  settingsHelperValues,
} from '../../core/merge/commission';
import { fillCommissionCells } from '../../core/merge/plan';
import { columnIndex, FEES_TAB, type TabDef } from '../../core/model/tabs';
import type { CellWriter, RowSlot, SheetDoc } from './sheet-doc';

/**
 * A formula as a file stores it: without '=', and functions newer than Excel 2007 under their
 * `_xlfn.` name (ECMA-376 Part 1 §18.17.7.*; without it Excel and LibreOffice show #NAME?).
 */
export function fileFormula(formula: string): string {
  return formula.slice(1).replace(/\bMAXIFS\(/g, '_xlfn.MAXIFS(');
}

/** One managed sheet as the formula refresh sees it. */
export interface FormulaContext {
  tab: TabDef;
  doc: SheetDoc;
  writer: CellWriter;
  /** The canonical row of a slot (read from the sheet once). */
  values: (slot: RowSlot) => Cell[];
}

/** The Fees shared-formula group of this save: per formula column its index, over these rows. */
export interface FeeFormulas {
  si: Map<number, number>;
  anchorRow: number;
  lastRow: number;
}

/**
 * The settings tab's helper formulas for the rule rows in use plus a margin (ruleRangeLastRow),
 * cached from the rules as typed; helper cells of an earlier, larger range are removed. A row whose
 * helpers already hold these formulas and values keeps its bytes. Returns the rule ranges' last row.
 */
export function refreshSettingsHelpers({ tab, doc, writer, values: read }: FormulaContext): number {
  const typed = columnIndex(tab, 'note') + 1;
  let used = 0;
  for (let i = 1; i < doc.slots.length; i++) {
    const slot = doc.slots[i];
    if (
      slot &&
      read(slot)
        .slice(0, typed)
        .some((cell) => cell !== null && cell !== '')
    )
      used = i;
  }
  const last = ruleRangeLastRow(used);
  for (let i = 1; i < Math.max(doc.slots.length, last); i++) {
    const slot = i < last ? doc.slot(i) : doc.slots[i];
    if (!slot) continue;
    const values = slot.values ?? (slot.sourceRow > 0 ? read(slot) : tab.columns.map(() => null));
    slot.values = values;
    let changed = false;
    if (i >= last) {
      // Beyond the rule ranges: no helper cells.
      writer.formulaColumns.forEach((column, k) => {
        if ((slot.formulas?.[k] ?? '') !== '' || (values[column] ?? null) !== null) changed = true;
        values[column] = null;
      });
    } else {
      const expected = settingsHelperValues(values);
      writer.formulaColumns.forEach((column, k) => {
        const key = tab.columns[column]!.key as SettingsHelperKey;
        const value = expected[key];
        const formula = `n:${fileFormula(settingsHelperFormula(key, i + 1))}`;
        if (slot.formulas?.[k] !== formula || !cellsEqual(values[column] ?? null, value)) changed = true;
        values[column] = value;
      });
    }
    if (changed || slot.written) {
      slot.formulasWritten = true;
      doc.dirty = true;
    }
  }
  return last;
}

/** The shared-formula index of a 'c:SI' or 'm:SI:…' state, or -1. */
function sharedIndexOf(state: string): number {
  if (state[1] !== ':' || (state[0] !== 'c' && state[0] !== 'm')) return -1;
  const end = state.indexOf(':', 2);
  return Number(end < 0 ? state.slice(2) : state.slice(2, end));
}

/** Sets a Fees row's formula cells to what the core computes; returns what they held. */
type Recompute = (values: Cell[]) => Cell[];

/** Cached values of every Fees row (override › rule › collected) and the group to write, if any. */
export function refreshFeeFormulas(
  context: FormulaContext,
  rules: readonly CommissionRule[],
): FeeFormulas | null {
  const { doc, writer, values: read } = context;
  const overrideColumn = columnIndex(FEES_TAB, 'commission_override');
  /** Sets the row's formula cells to what the core computes; returns what they held. */
  const recompute: Recompute = (values) => {
    const held = writer.formulaColumns.map((column) => values[column] ?? null);
    const override = values[overrideColumn];
    fillCommissionCells(values, typeof override === 'number' ? override : null, rules);
    return held;
  };
  const data: number[] = [];
  const last = doc.lastContentRow(writer);
  for (let i = 1; i <= last; i++) {
    const slot = doc.slots[i];
    if (slot && (read(slot)[0] ?? null) !== null) data.push(i);
  }
  if (data.length === 0) return null;

  const appended = doc.appendable() ? appendedRows(context, data, recompute) : null;
  if (appended) {
    if (appended.length === 0) return null;
    for (const i of appended) recompute(doc.slots[i]!.values!);
    const si = new Map<number, number>();
    for (const column of writer.formulaColumns) si.set(column, doc.maxSharedIndex + 1 + si.size);
    return { si, anchorRow: appended[0]! + 1, lastRow: appended[appended.length - 1]! + 1 };
  }

  // One group over all rows: keep the index a column's group has, if it has one of its own.
  const found = new Map<number, number>();
  for (const i of data) {
    const slot = doc.slots[i]!;
    writer.formulaColumns.forEach((column, k) => {
      const state = slot.written ? '' : (slot.formulas?.[k] ?? '');
      const shared = /^([mc]):(\d+)/.exec(state);
      if (shared && (shared[1] === 'm' || !found.has(column))) found.set(column, Number(shared[2]));
    });
  }
  const si = new Map<number, number>();
  let next = doc.maxSharedIndex + 1;
  for (const column of writer.formulaColumns) {
    const existing = found.get(column);
    const unique = existing !== undefined && ![...si.values()].includes(existing);
    si.set(column, unique ? existing : next++);
  }
  const anchor = data[0]!;
  for (const i of data) {
    const slot = doc.slots[i]!;
    const values = slot.values!;
    const held = recompute(values);
    let changed = slot.written || i === anchor;
    writer.formulaColumns.forEach((column, k) => {
      if (slot.formulas?.[k] !== `c:${si.get(column)}`) changed = true;
      if (!cellsEqual(held[k] ?? null, values[column] ?? null)) changed = true;
    });
    if (changed) {
      slot.formulasWritten = true;
      doc.dirty = true;
    }
  }
  return { si, anchorRow: anchor + 1, lastRow: data[data.length - 1]! + 1 };
}

/**
 * The appended Fees rows (ascending) when every row already in the sheet holds our formulas — its
 * own, or a shared group whose first row holds ours and whose range covers it — with the cached
 * values the core computes now; null when some row needs rewriting.
 */
function appendedRows(
  { tab, doc, writer }: FormulaContext,
  data: readonly number[],
  recompute: Recompute,
): number[] | null {
  const { formulaColumns } = writer;
  const ours = (column: number, row: number) => fileFormula(formulaFor(tab.columns[column]!.key, row) ?? '=');
  const groups = new Map<number, { first: number; last: number }>();
  for (const i of data) {
    const slot = doc.slots[i]!;
    if (slot.sourceRow === 0) continue;
    formulaColumns.forEach((column, k) => {
      const master = /^m:(\d+):\$?[A-Z]+\$?(\d+):\$?[A-Z]+\$?(\d+)\n([\s\S]*)$/.exec(
        slot.formulas?.[k] ?? '',
      );
      const first = Number(master?.[2]);
      if (master && first === i + 1 && master[4] === ours(column, first)) {
        groups.set(Number(master[1]), { first, last: Number(master[3]) });
      }
    });
  }
  const appended: number[] = [];
  for (const i of data) {
    const slot = doc.slots[i]!;
    if (slot.sourceRow === 0) {
      appended.push(i);
      continue;
    }
    const values = slot.values!;
    const held = recompute(values);
    const row = i + 1;
    let current = true;
    for (let k = 0; k < formulaColumns.length && current; k++) {
      const column = formulaColumns[k]!;
      const state = slot.formulas?.[k] ?? '';
      const group = groups.get(sharedIndexOf(state));
      current =
        cellsEqual(held[k] ?? null, values[column] ?? null) &&
        (state.startsWith('n:')
          ? state.slice(2) === ours(column, row)
          : group !== undefined && row >= group.first && row <= group.last);
    }
    if (!current) {
      // Put back what the sheet holds: the caller rewrites from there.
      formulaColumns.forEach((column, k) => {
        values[column] = held[k] ?? null;
      });
      return null;
    }
  }
  return appended;
}
