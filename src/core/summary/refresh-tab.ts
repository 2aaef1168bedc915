/**
 * One summary tab refreshed through the WorkbookPort (see refresh.ts for the steps): its keys from
 * the data, rows matched by key, deletions first, one block rewrite, appends, total rows last.
 */
import { type Cell, canonicalCell, cellsEqual } from '../merge/cells';
import type { WorkbookPort } from '../merge/port';
import { listRows, makeProblem } from '../messages';
import type { Problem } from '../model/records';
import type { Lang } from '../model/rpc';
import { type TabDef, tabLabel } from '../model/tabs';
import { columnAt, type KeyDef, keyColumns, keyDef, keyLabel, type SummaryDef, type Text } from './define';
import { isBlank, keyNorm, type RawKey, type Sources, SummaryEvaluator, type Unplaced } from './evaluate';
import { isTotalRow, SOURCE_TABS, totalRowGroup } from './formula';
import type { SummaryTab } from './tabs';

export interface SummaryRow {
  keys: RawKey;
  /** The managed cells as written (value and check columns hold their TypeScript values). */
  cells: Cell[];
  values: ReadonlyMap<string, Cell>;
}

export interface TabRefresh {
  id: TabDef['id'];
  /** false when the tab's header did not match (the tab was left alone). */
  refreshed: boolean;
  dataRows: number;
  inserted: number;
  removed: number;
  kept: number;
  rows: SummaryRow[];
  unplaced: Unplaced[];
}

const REASONS: Record<Unplaced['reason'], Text> = {
  'no-date': { ko: '날짜 없음', en: 'no date' },
  'blank-key': { ko: '구분 값 없음', en: 'a blank key value' },
  'unsafe-key': { ko: '조건으로 쓸 수 없는 값', en: 'a value that cannot be a criterion' },
  'not-this-row': { ko: '해당 행 없음', en: 'no matching row' },
};

export function where(tab: TabDef, lang: Lang) {
  return { file: tabLabel(tab, lang), sheet: tabLabel(tab, lang) };
}

// ── one summary tab ─────────────────────────────────────────────────────────────────────────────

/** Raw key values of a row read from the tab (labels of our words in either language → raw). */
export function rawKeysOf(
  def: SummaryDef,
  row: readonly Cell[],
): { keys: Record<string, string>; complete: boolean } {
  const keys: Record<string, string> = {};
  let complete = true;
  for (const { key, index } of keyColumns(def)) {
    const cell = row[index];
    if (isBlank(cell)) {
      complete = false;
      continue;
    }
    const text = String(cell);
    const word = Object.entries(key.words ?? {}).find(([, t]) => t.ko === text || t.en === text);
    keys[key.column] = word ? word[0] : text;
  }
  return { keys, complete };
}

function hasUserContent(tab: TabDef, row: readonly Cell[]): string | null {
  const parts: string[] = [];
  row.forEach((cell, c) => {
    if (isBlank(cell)) return;
    const col = tab.columns[c];
    if (col && !col.userOwned) return;
    parts.push(`${col ? col.ko : `#${c + 1}`}=${String(cell)}`);
  });
  return parts.length > 0 ? parts.join('; ') : null;
}

function sortKeys(def: SummaryDef, keys: RawKey[]): RawKey[] {
  const columns = keyColumns(def);
  const rank = (key: KeyDef, value: string) => {
    const order = key.order ?? [];
    const i = order.indexOf(value);
    if (i >= 0) return i;
    const j = (key.last ?? []).indexOf(value);
    return j >= 0 ? order.length + 1 + j : order.length;
  };
  return [...keys].sort((a, b) => {
    for (const { key } of columns) {
      const x = a[key.column] ?? '';
      const y = b[key.column] ?? '';
      const byOrder = rank(key, x) - rank(key, y);
      if (byOrder !== 0) return byOrder;
      if (x !== y) return x < y ? -1 : 1;
    }
    return 0;
  });
}

export function refreshTab(
  port: WorkbookPort,
  st: SummaryTab,
  sources: Sources,
  lang: Lang,
  dryRun: boolean,
  problems: Problem[],
  /** false: source rows no row holds are not reported (the profit tab's cost helper: they are the
   *  profit tab's 미배정 units, which it reports itself). */
  reportUnplaced = true,
): TabRefresh {
  const { def, tab } = st;
  const evaluator = new SummaryEvaluator(def, sources);
  const { keys: desired, unplaced } = evaluator.deriveKeys();
  const result: TabRefresh = {
    id: st.id,
    refreshed: false,
    dataRows: 0,
    inserted: 0,
    removed: 0,
    kept: 0,
    rows: [],
    unplaced,
  };
  const exists = port.hasTab(tab);
  if (!dryRun && !port.ensureTab(tab)) {
    problems.push(
      makeProblem('SUMMARY_TAB_MISMATCH', 'warning', where(tab, lang), { tab: tab.ko, tab_en: tab.en }),
    );
    return result;
  }
  for (const u of reportUnplaced ? unplaced : []) {
    const source = SOURCE_TABS[u.source];
    problems.push(
      makeProblem('SUMMARY_ROWS_UNPLACED', 'warning', where(tab, lang), {
        source: source.ko,
        source_en: source.en,
        tab: tab.ko,
        tab_en: tab.en,
        count: u.rows.length,
        reason_ko: REASONS[u.reason].ko,
        reason_en: REASONS[u.reason].en,
        keys: listRows(u.lineKeys, 5),
      }),
    );
  }

  const columns = keyColumns(def);
  const allKeys = columns.map((k) => k.key.column);
  const tuple = (keys: RawKey) => allKeys.map((k) => keyNorm(keyDef(def, k), keys[k] ?? '')).join('\u0001');
  const wanted = new Map(desired.map((k) => [tuple(k), k]));
  const snapshot = exists || !dryRun ? port.read(tab) : { header: [], rows: [] };
  const existing = snapshot.rows;

  interface Kept {
    index: number;
    keys: RawKey;
    complete: boolean;
    row: readonly Cell[];
  }
  const kept: Kept[] = [];
  const totals: number[] = [];
  const removals: number[] = [];
  const seen = new Set<string>();
  existing.forEach((row, i) => {
    if (isTotalRow(def, row)) {
      totals.push(i);
      return;
    }
    const { keys, complete } = rawKeysOf(def, row);
    const t = tuple(keys);
    if (complete && wanted.has(t) && !seen.has(t)) {
      seen.add(t);
      kept.push({ index: i, keys, complete, row });
      return;
    }
    const content = hasUserContent(tab, row);
    if (content === null) {
      removals.push(i);
      return;
    }
    kept.push({ index: i, keys, complete, row });
    result.kept++;
    problems.push(
      makeProblem(
        'SUMMARY_ROW_KEPT',
        'warning',
        { ...where(tab, lang), row: i + 2 },
        {
          tab: tab.ko,
          tab_en: tab.en,
          row: i + 2,
          key: columns.map((k) => String(row[k.index] ?? '')).join(' · '),
          content,
        },
      ),
    );
  });
  const fresh = sortKeys(
    def,
    desired.filter((k) => !seen.has(tuple(k))),
  );
  const groups: (string | null)[] = def.totals === false ? [] : def.groups ? [...def.groups.values] : [null];
  const totalsInPlace =
    fresh.length === 0 &&
    totals.length === groups.length &&
    totals.every((index, j) => index === existing.length - groups.length + j) &&
    totals.every((index, j) => totalRowGroup(def, existing[index]!) === groups[j]);
  if (!totalsInPlace) {
    for (const index of totals) {
      const content = hasUserContent(tab, existing[index]!);
      if (content !== null)
        problems.push(
          makeProblem(
            'SUMMARY_TOTAL_ROW_MOVED',
            'warning',
            { ...where(tab, lang), row: index + 2 },
            {
              tab: tab.ko,
              tab_en: tab.en,
              content,
            },
          ),
        );
      removals.push(index);
    }
  }
  removals.sort((a, b) => a - b);

  // Every data row as it will stand, for the blank-cell designation (정산 지급) and the totals.
  const dataKeys = [...kept.map((k) => k.keys), ...fresh];
  evaluator.setRows(dataKeys);
  const userOf = (row: readonly Cell[] | null) => (column: string) =>
    row ? (row[columnAt(def, column).index] ?? null) : null;
  const dataRow = (keys: RawKey, source: readonly Cell[] | null, complete: boolean): SummaryRow => {
    const values = complete ? evaluator.rowValues(keys, userOf(source), lang) : new Map<string, Cell>();
    const cells: Cell[] = def.columns.map((c, index) => {
      if (c.role === 'key') {
        if (!complete) return source?.[index] ?? null;
        const raw = keys[c.key.column] ?? '';
        return keyLabel(c.key, raw, lang);
      }
      if (c.role === 'user' || !complete) return null;
      return values.get(c.def.key) ?? null;
    });
    return { keys, cells, values };
  };
  const keptRows = kept.map((k) => dataRow(k.keys, k.row, k.complete));
  const freshRows = fresh.map((k) => dataRow(k, null, true));
  const allRows = [...keptRows, ...freshRows];
  const totalRows = groups.map((g) => totalRow(def, evaluator, allRows, g, lang));

  result.refreshed = true;
  result.rows = allRows;
  result.dataRows = allRows.length;
  result.inserted = fresh.length;
  result.removed = removals.filter((i) => !totals.includes(i)).length;
  if (dryRun) return result;

  if (removals.length > 0) port.deleteRows(tab, removals);
  // A data row that stays where it was, holding what it would be written as, with the formulas this
  // release writes (the port vouches for the first such row of each formula shape: rows of one shape
  // differ only by row number), is left as it is: an import rewrites the rows it changed, not the
  // whole tab.
  const vouched = new Map<string, boolean>();
  const formulasKept = (j: number) => {
    const shape = tab.formulaShape?.(keptRows[j]!.cells, lang) ?? '';
    let ok = vouched.get(shape);
    if (ok === undefined) {
      ok = port.keepsFormulas?.(tab, j) === true;
      vouched.set(shape, ok);
    }
    return ok;
  };
  const unchanged = (j: number) =>
    kept[j]!.index === j &&
    kept[j]!.complete &&
    sameManagedCells(tab, keptRows[j]!.cells, kept[j]!.row) &&
    formulasKept(j);
  const block = totalsInPlace
    ? [...keptRows.map((r) => r.cells), ...totalRows.map((r) => r.cells)]
    : keptRows.map((r) => r.cells);
  for (let j = 0; j < block.length; ) {
    if (j < keptRows.length && unchanged(j)) {
      j++;
      continue;
    }
    let end = j + 1;
    while (end < block.length && !(end < keptRows.length && unchanged(end))) end++;
    port.writeRows(tab, j, block.slice(j, end));
    j = end;
  }
  const appended = [
    ...freshRows.map((r) => r.cells),
    ...(totalsInPlace ? [] : totalRows.map((r) => r.cells)),
  ];
  if (appended.length > 0) port.appendRows(tab, appended);
  return result;
}

/** The managed cells of `written` (as a port would store them) equal those of `current` (as read). */
function sameManagedCells(tab: TabDef, written: readonly Cell[], current: readonly Cell[]): boolean {
  for (const [c, col] of tab.columns.entries()) {
    if (col.userOwned) continue;
    if (!cellsEqual(canonicalCell(col, written[c] ?? null), current[c] ?? null)) return false;
  }
  return true;
}

/**
 * The value and check cells of a summary tab's rows as they stand (data rows and total rows, in
 * their order), for a host that shows a sheet without computing its formulas (the local preview).
 */
export function valuesAsTheyStand(
  st: SummaryTab,
  sources: Sources,
  rows: readonly (readonly Cell[])[],
  lang: Lang,
): Cell[][] {
  const { def } = st;
  const evaluator = new SummaryEvaluator(def, sources);
  const parsed = rows.map((row) => (isTotalRow(def, row) ? null : rawKeysOf(def, row)));
  evaluator.setRows(parsed.flatMap((p) => (p?.complete ? [p.keys] : [])));
  const data: SummaryRow[] = [];
  const out = rows.map((row, i) => {
    const p = parsed[i];
    if (!p) return null;
    const values = p.complete
      ? evaluator.rowValues(p.keys, (column) => row[columnAt(def, column).index] ?? null, lang)
      : new Map<string, Cell>();
    data.push({ keys: p.keys, cells: [], values });
    return def.columns.map((c, index) =>
      c.role === 'value' || c.role === 'check' || (c.role === 'label' && p.complete)
        ? (values.get(c.def.key) ?? null)
        : (row[index] ?? null),
    );
  });
  return out.map(
    (cells, i) => cells ?? totalRow(def, evaluator, data, totalRowGroup(def, rows[i]!), lang).cells,
  );
}

/** A total row: Σ of the group's rows per totalled column, and the whole-tab check. */
function totalRow(
  def: SummaryDef,
  evaluator: SummaryEvaluator,
  rows: readonly SummaryRow[],
  group: string | null,
  lang: Lang,
): SummaryRow {
  const groupKey = def.groups?.key ?? null;
  const members = rows.filter((r) => {
    if (groupKey === null || group === null) return true;
    const key = keyDef(def, groupKey);
    return keyNorm(key, r.keys[groupKey] ?? '') === keyNorm(key, group);
  });
  const values = new Map<string, Cell>();
  let message = '';
  for (const c of def.columns) {
    if (c.role !== 'value' || !c.total) continue;
    const total = members.reduce((t, r) => {
      const v = r.values.get(c.def.key);
      return t + (typeof v === 'number' ? v : 0);
    }, 0);
    values.set(c.def.key, total);
    const whole = evaluator.wholeTab(c.expr, group);
    if (whole !== null && whole !== total)
      message += ` ${lang === 'en' ? c.def.en : c.def.ko} ${total - whole}`;
  }
  const first = keyColumns(def)[0]!;
  const cells: Cell[] = def.columns.map((c, index) => {
    if (index === first.index) return def.totalLabel[lang];
    if (c.role === 'key')
      return groupKey !== null && c.key.column === groupKey && group !== null
        ? keyLabel(c.key, group, lang)
        : null;
    if (c.role === 'check') return message === '' ? '✓' : `✗${message}`;
    if (c.role === 'value') return values.get(c.def.key) ?? null;
    return null;
  });
  return { keys: {}, cells, values };
}
