/**
 * Refreshes the month-close tabs through the WorkbookPort (the same port the merge engine writes the
 * normalized tabs with), after every import and from the Sheets menu.
 *
 * Per summary tab:
 *   1. the keys the data needs are computed in TypeScript (evaluate.ts deriveKeys);
 *   2. the tab's rows are matched to them BY KEY, never by position (the user may sort);
 *   3. a row whose key is gone is deleted when it holds nothing the user typed (user-owned columns,
 *      cells right of the table); otherwise it stays, its formulas show 0, and a problem row says so;
 *   4. rows are deleted FIRST, then every remaining row's managed cells are rewritten in one block
 *      (keys in the current language, each formula for the row it sits on, cached values for .xlsx),
 *      then new rows and the total rows are appended. User-owned cells and the cells right of the
 *      table are never written (writeSegments), so typed 홈택스 / 실지급 figures survive every refresh.
 *   5. the total rows stay the last rows: rewritten in place when nothing was added, else rebuilt at
 *      the end (what the user had typed on them is copied into a problem row).
 * The 휴일 tab is the user's: created and prefilled with the built-in gazette days, afterwards only
 * years it lacks entirely are added; `cjHolidays` points at its date column.
 */
import { builtInHolidays, listedHolidayCalendar, readUserHolidays } from '../close/holidays';
import { payoutDates } from '../close/payout';
import { HOLIDAYS_RANGE_NAME } from '../close/payout-formulas';
import type { Cell } from '../merge/cells';
import { problemRows } from '../merge/engine';
import type { WorkbookPort } from '../merge/port';
import { listRows, makeProblem } from '../messages';
import type { Problem } from '../model/records';
import type { Lang } from '../model/rpc';
import { PROBLEMS_TAB, type TabDef, tabLabel } from '../model/tabs';
import { columnAt, keyColumns, keyDef, keyLabel, type SummaryDef, type Text } from './define';
import { isBlank, keyNorm, type RawKey, type Sources, SummaryEvaluator, type Unplaced } from './evaluate';
import { isTotalRow, SOURCE_TABS, totalRowGroup } from './formula';
import type { MonthHeadline } from './headline';
import {
  COMMON,
  CONFIRMED,
  ESTIMATED,
  HOLIDAY_RANGE_LAST_ROW,
  HOLIDAYS_TAB,
  MONTH_CLOSE,
  payoutsTab,
  type SummaryTab,
  TAX_INVOICES,
} from './tabs';

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

export interface RefreshResult {
  tabs: TabRefresh[];
  holidays: { added: number; unreadableRows: number[] };
  problems: Problem[];
  headline: MonthHeadline[];
}

export interface RefreshOptions {
  /** The normalized rows (readSources / sourcesFrom(finalTables(…))). */
  sources: Sources;
  /** Written as the import ID of the problem rows. */
  importId: string;
  /** `YYYY-MM` months whose headline the caller shows. */
  months?: readonly string[];
  /** Plan only: compute rows and headline, write nothing. */
  dryRun?: boolean;
}

const REASONS: Record<Unplaced['reason'], Text> = {
  'no-date': { ko: '날짜 없음', en: 'no date' },
  'blank-key': { ko: '구분 값 없음', en: 'a blank key value' },
  'unsafe-key': { ko: '조건으로 쓸 수 없는 값', en: 'a value that cannot be a criterion' },
  'not-this-row': { ko: '해당 행 없음', en: 'no matching row' },
};

const PAYOUT_REASONS: Record<string, Text> = {
  'unknown-cycle': { ko: '정산유형이 주정산·월정산이 아님', en: 'the cycle is neither 주정산 nor 월정산' },
  'not-a-week-end': {
    ko: '주정산 종료일이 일요일도 월말도 아님',
    en: 'a weekly end date that is neither a Sunday nor a month end',
  },
  'not-a-month-end': { ko: '월정산 종료일이 월말이 아님', en: 'a monthly end date that is not a month end' },
};

export function refreshSummaries(port: WorkbookPort, options: RefreshOptions): RefreshResult {
  const lang = port.lang;
  const problems: Problem[] = [];
  const holidays = refreshHolidays(port, Boolean(options.dryRun), problems);
  const calendar = listedHolidayCalendar(holidays.dates);
  const payouts = payoutsTab(calendar);
  const tabs = [MONTH_CLOSE, TAX_INVOICES, payouts].map((st) =>
    refreshTab(port, st, options.sources, lang, Boolean(options.dryRun), problems),
  );
  const payoutRefresh = tabs[2]!;
  for (const row of payoutRefresh.rows) {
    const cycle = row.keys.cycle ?? '';
    const end = row.keys.period_end ?? '';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(end)) continue;
    const dates = payoutDates(cycle, end, calendar);
    if (dates.ok) continue;
    const reason = PAYOUT_REASONS[dates.reason]!;
    const label = keyLabel(keyDef(payouts.def, 'cycle'), cycle, 'ko');
    problems.push(
      makeProblem('PAYOUT_DATE_UNKNOWN', 'warning', where(payouts.tab, lang), {
        cycle: label,
        end,
        reason_ko: reason.ko,
        reason_en: reason.en,
      }),
    );
  }
  if (problems.length > 0 && !options.dryRun) {
    port.ensureTab(PROBLEMS_TAB);
    port.appendRows(PROBLEMS_TAB, problemRows(options.importId, problems, lang));
  }
  return {
    tabs,
    holidays: { added: holidays.added, unreadableRows: holidays.unreadableRows },
    problems,
    headline: headlineOf(tabs[0]!, payoutRefresh, options.months ?? []),
  };
}

function where(tab: TabDef, lang: Lang) {
  return { file: tabLabel(tab, lang), sheet: tabLabel(tab, lang) };
}

// ── 휴일 ─────────────────────────────────────────────────────────────────────────────────────────

function refreshHolidays(
  port: WorkbookPort,
  dryRun: boolean,
  problems: Problem[],
): { dates: string[]; added: number; unreadableRows: number[] } {
  const builtIn = builtInHolidays();
  const exists = port.hasTab(HOLIDAYS_TAB);
  if (dryRun && !exists)
    return { dates: builtIn.map((h) => h.date), added: builtIn.length, unreadableRows: [] };
  if (!dryRun && !port.ensureTab(HOLIDAYS_TAB)) {
    problems.push(
      makeProblem('SUMMARY_TAB_MISMATCH', 'warning', where(HOLIDAYS_TAB, port.lang), {
        tab: HOLIDAYS_TAB.ko,
        tab_en: HOLIDAYS_TAB.en,
      }),
    );
    return { dates: builtIn.map((h) => h.date), added: 0, unreadableRows: [] };
  }
  const rows = exists ? port.read(HOLIDAYS_TAB).rows : [];
  const { dates, unreadable } = readUserHolidays(rows.map((r) => r[0] ?? null));
  const years = new Set(dates.map((d) => d.slice(0, 4)));
  // A new tab gets every built-in day; an existing one only the years it has no day of (a later
  // release's list), so a day the user removed stays removed.
  const missing = builtIn.filter((h) => !years.has(h.date.slice(0, 4)));
  if (!dryRun) {
    if (missing.length > 0)
      port.appendRows(
        HOLIDAYS_TAB,
        missing.map((h) => [h.date, h.name]),
      );
    port.setNamedRange(HOLIDAYS_RANGE_NAME, HOLIDAYS_TAB, 'date', 2, HOLIDAY_RANGE_LAST_ROW);
  }
  const unreadableRows = unreadable.map((u) => u.row + 2);
  for (const u of unreadable) {
    problems.push(
      makeProblem(
        'HOLIDAY_UNREADABLE',
        'warning',
        { ...where(HOLIDAYS_TAB, port.lang), row: u.row + 2, value: String(u.cell) },
        { rows: u.row + 2, value: String(u.cell) },
      ),
    );
  }
  return { dates: [...dates, ...missing.map((h) => h.date)], added: missing.length, unreadableRows };
}

// ── one summary tab ─────────────────────────────────────────────────────────────────────────────

/** Raw key values of a row read from the tab (labels of our words in either language → raw). */
function rawKeysOf(
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
  const rank = (order: readonly string[] | undefined, value: string) => {
    const i = (order ?? []).indexOf(value);
    return i < 0 ? (order?.length ?? 0) : i;
  };
  return [...keys].sort((a, b) => {
    for (const { key } of columns) {
      const x = a[key.column] ?? '';
      const y = b[key.column] ?? '';
      const byOrder = rank(key.order, x) - rank(key.order, y);
      if (byOrder !== 0) return byOrder;
      if (x !== y) return x < y ? -1 : 1;
    }
    return 0;
  });
}

function refreshTab(
  port: WorkbookPort,
  st: SummaryTab,
  sources: Sources,
  lang: Lang,
  dryRun: boolean,
  problems: Problem[],
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
  for (const u of unplaced) {
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
  const groups: (string | null)[] = def.groups ? [...def.groups.values] : [null];
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
  const block = totalsInPlace
    ? [...keptRows.map((r) => r.cells), ...totalRows.map((r) => r.cells)]
    : keptRows.map((r) => r.cells);
  if (block.length > 0) port.writeRows(tab, 0, block);
  const appended = [
    ...freshRows.map((r) => r.cells),
    ...(totalsInPlace ? [] : totalRows.map((r) => r.cells)),
  ];
  if (appended.length > 0) port.appendRows(tab, appended);
  return result;
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
      c.role === 'value' || c.role === 'check' ? (values.get(c.def.key) ?? null) : (row[index] ?? null),
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

// ── headline ────────────────────────────────────────────────────────────────────────────────────

function headlineOf(close: TabRefresh, payouts: TabRefresh, months: readonly string[]): MonthHeadline[] {
  const num = (v: Cell | undefined) => (typeof v === 'number' ? v : 0);
  const ok = (rows: readonly SummaryRow[]) => rows.every((r) => r.values.get('check') === '✓');
  return months.map((month) => {
    const rows = close.rows.filter((r) => r.keys.month === `${month}-01`);
    const confirmed = rows.filter((r) => r.keys.basis === CONFIRMED && r.keys.tax_type !== COMMON);
    const common = rows.filter((r) => r.keys.basis === CONFIRMED && r.keys.tax_type === COMMON);
    const estimated = rows.filter((r) => r.keys.basis === ESTIMATED);
    const lines = payouts.rows.filter((r) => (r.keys.period_end ?? '').startsWith(month));
    const total = (list: readonly SummaryRow[], ...columns: string[]) =>
      list.reduce((t, r) => t + columns.reduce((s, c) => s + num(r.values.get(c)), 0), 0);
    return {
      month,
      supplyTotal: { amount: total(confirmed, 'supply_total'), ok: ok(confirmed) },
      vat: { amount: total(confirmed, 'vat'), ok: ok(confirmed) },
      commission: { amount: total(confirmed, 'commission', 'commission_vat'), ok: ok(confirmed) },
      cfs: { amount: total(common, 'cfs_supply', 'cfs_vat'), ok: ok(common) },
      payout: { amount: total(lines, 'expected'), ok: ok(lines) },
      estimatedSupplyTotal: estimated.length > 0 ? total(estimated, 'supply_total') : null,
    };
  });
}
