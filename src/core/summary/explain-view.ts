/**
 * "이 숫자 설명" for one selected cell of a summary tab, as the sidebar shows it (src/core/model/
 * explain.ts): the figure in words, its filter, every contributing row's count and Σ (equal to the
 * cell when the cell is a signed sum of rows), and the first rows with what finds them again.
 * Pure: the adapters read the tabs (src/addon/explain.ts; the preview runs that same code).
 */
import type { Cell } from '../merge/cells';
import {
  EXPLAIN_MAX_ROWS,
  type ExplainRefusal,
  type ExplainRow,
  type ExplainTerm,
  type ExplainView,
} from '../model/explain';
import type { Lang } from '../model/rpc';
import { columnLetter, type TabDef } from '../model/tabs';
import { keyColumns, keyLabel, type SourceId } from './define';
import type { RawKey, Sources } from './evaluate';
import { explainCell } from './explain';
import { isTotalRow, SOURCE_TABS, sourceColumnIndex } from './formula';
import { rawKeysOf } from './refresh-tab';
import type { SummaryTab } from './tabs';

/** The columns that say which row a contributing row is, per source tab. */
const DESCRIBE: Record<SourceId, readonly string[]> = {
  orders: ['recognition_date', 'order_id', 'transaction', 'quantity', 'product_name'],
  fees: ['recognition_date', 'order_id', 'commission_source'],
  fulfillment: ['fee_type', 'recognition_date', 'period_end', 'product_name'],
  cost_days: ['day', 'quantity', 'unit_cost'],
};

export interface ExplainInput {
  st: SummaryTab;
  /** The summary tab's name as it is now. */
  tabName: string;
  /** Its data rows (canonical cells), and the selected cell: 1-based sheet row and column. */
  rows: readonly (readonly Cell[])[];
  sheetRow: number;
  sheetColumn: number;
  /** The sheet's own value of the cell (what Sheets computed), when it has one. */
  shown?: Cell;
  sources: Sources;
  /** Per source tab: the 1-based sheet row of each source row. */
  sheetRows: Record<SourceId, readonly number[]>;
  tabNames: Record<SourceId, string>;
  lang: Lang;
}

const text = (cell: Cell | undefined): string =>
  cell === null || cell === undefined
    ? ''
    : typeof cell === 'number'
      ? cell.toLocaleString('en-US')
      : String(cell);

function refusal(
  reason: ExplainRefusal['reason'],
  ko: string,
  en: string,
  tab: string | null,
  cell: string | null,
): ExplainRefusal {
  return { ok: false, reason, message: `${ko}\n${en}`, tab, cell };
}

export function explainView(input: ExplainInput): ExplainView | ExplainRefusal {
  const { st, lang } = input;
  const def = st.def;
  const a1 = `${columnLetter(input.sheetColumn)}${input.sheetRow}`;
  const label = (tab: TabDef, key: string) => {
    const c = tab.columns.find((col) => col.key === key);
    return c ? (lang === 'en' ? c.en : c.ko) : key;
  };
  if (input.sheetRow < 2)
    return refusal(
      'header',
      '머리글 행입니다: 숫자 칸을 고르세요.',
      'That is the header row: pick a figure.',
      input.tabName,
      a1,
    );
  const column = def.columns[input.sheetColumn - 1];
  if (!column)
    return refusal(
      'outside',
      '표 밖의 칸입니다 (직접 추가한 열).',
      'That cell is outside the table (a column of yours).',
      input.tabName,
      a1,
    );
  const row = input.rows[input.sheetRow - 2] ?? [];
  if (isTotalRow(def, row))
    return refusal(
      'total-row',
      '합계 행입니다: 위의 행들을 더한 값이고, 검증 칸은 그 합이 정규화 탭 전체와 같은지 봅니다. 위의 행에서 숫자를 고르면 그 숫자를 이루는 행을 보여 줍니다.',
      'That is the total row: the sum of the rows above, and its check compares it with the whole normalized tabs. Pick a figure in a row above to see the rows that make it up.',
      input.tabName,
      a1,
    );
  const parsed = rawKeysOf(def, row);
  if (!parsed.complete)
    return refusal(
      'blank-key',
      '이 행은 키 칸이 비어 있어 계산하지 않습니다.',
      'This row has a blank key cell, so nothing is computed on it.',
      input.tabName,
      a1,
    );
  const all: RawKey[] = input.rows.flatMap((r) => {
    if (isTotalRow(def, r)) return [];
    const p = rawKeysOf(def, r);
    return p.complete ? [p.keys] : [];
  });
  const user = (key: string) => {
    const index = def.columns.findIndex((c) => c.def.key === key);
    return index < 0 ? null : (row[index] ?? null);
  };
  const explanation = explainCell(def, input.sources, all, parsed.keys, column.def.key, lang, user);
  const keys = keyColumns(def).map((k) => ({
    label: lang === 'en' ? k.def.en : k.def.ko,
    value: keyView(k.key.kind, keyLabel(k.key, parsed.keys[k.key.column] ?? '', lang)),
  }));
  if (column.role !== 'value')
    return refusal(
      'not-a-figure',
      `"${explanation.label}" 칸은 계산된 숫자가 아닙니다${explanation.meaning ? `: ${explanation.meaning}` : ''}. 숫자 칸을 고르세요.`,
      `The "${explanation.label}" cell is not a computed figure${explanation.meaning ? ` (${explanation.meaning})` : ''}. Pick a figure.`,
      input.tabName,
      a1,
    );
  const parts = explanation.linear ?? explanation.terms;
  const terms: ExplainTerm[] = [];
  const rows: ExplainRow[] = [];
  let count = 0;
  parts.forEach((part, t) => {
    const source = SOURCE_TABS[part.source];
    const describe = DESCRIBE[part.source];
    terms.push({
      source: part.source,
      tab: input.tabNames[part.source],
      sign: part.sign,
      value: part.value,
      filter: part.filter,
      columns: describe.map((key) => label(source, key)),
      count: part.rows.length,
      total: part.total,
    });
    count += part.rows.length;
    const value = sourceColumnIndex(part.source, part.column);
    for (const i of part.rows) {
      if (rows.length >= EXPLAIN_MAX_ROWS) break;
      const cells = input.sources[part.source][i] ?? [];
      const amount = typeof cells[value] === 'number' ? (cells[value] as number) : 0;
      rows.push({
        source: part.source,
        tab: input.tabNames[part.source],
        row: input.sheetRows[part.source][i] ?? i + 2,
        lineKey: part.source === 'cost_days' ? null : text(cells[0]),
        keys: part.source === 'cost_days' ? { option_id: text(cells[0]), day: text(cells[1]) } : null,
        cells: describe.map((key) => text(cells[sourceColumnIndex(part.source, key)])),
        amount: part.sign * amount,
        term: t,
      });
    }
  });
  const total = explanation.linear ? explanation.linear.reduce((s, p) => s + p.total, 0) : null;
  const value =
    typeof explanation.value === 'number' || typeof explanation.value === 'string' ? explanation.value : null;
  const shown = typeof input.shown === 'number' ? input.shown : null;
  return {
    ok: true,
    tab: input.tabName,
    tabId: st.id,
    cell: a1,
    row: input.sheetRow,
    keys,
    label: explanation.label,
    meaning: explanation.meaning,
    formula: explanation.formula,
    value,
    shown,
    linear: explanation.linear !== null,
    terms,
    count,
    total,
    equal: total !== null && total === (value ?? 0) && (shown === null || shown === total),
    rows,
    more: count - rows.length,
  };
}

function keyView(kind: 'month' | 'date' | 'text', value: string): string {
  return kind === 'month' && /^\d{4}-\d{2}-01$/.test(value) ? value.slice(0, 7) : value;
}
