/**
 * "이 숫자 설명 / explain this number" (issue #12 builds its UI on it): for one cell of a summary
 * row, the figure in words, its formula in words, and per term the filter as text and the source rows
 * that make it up — selected by the same matching the TypeScript value uses (evaluate.ts), so the
 * rows' count and Σ are exactly the cell's.
 */
import type { Cell } from '../merge/cells';
import type { Lang } from '../model/rpc';
import { columnAt, type Expr, type Filter, keyDef, keyLabel, type SummaryDef, type Term } from './define';
import { amountOf, type RawKey, type Sources, SummaryEvaluator } from './evaluate';
import { SOURCE_TABS, sourceColumnIndex } from './formula';

export interface TermExplanation {
  source: keyof Sources;
  /** The source tab's label. */
  tab: string;
  sign: 1 | -1;
  /** The summed column's label, and its key. */
  value: string;
  column: string;
  /** The filter in words, with this row's key values. */
  filter: string;
  /** Indexes into the source rows, and their line keys (행 키). */
  rows: number[];
  lineKeys: string[];
  /** Σ sign × value over those rows. */
  total: number;
}

export interface Explanation {
  label: string;
  meaning: string;
  /** The expression in words ("판매액 − 판매자할인쿠폰"); for a plain sum, the sum. */
  formula: string;
  terms: TermExplanation[];
  /**
   * When the cell is a signed sum of source rows (a sum, or sums and differences of other columns of
   * the row: 공급대가, 공헌이익, 지급 예정액), every term with its effective sign: Σ of their totals is
   * the cell. null when it is not (a rounded VAT, a date, a ratio, a typed figure's difference).
   */
  linear: TermExplanation[] | null;
  /** The cell's value as the summary computes it. */
  value: Cell;
}

function label(def: SummaryDef, column: string, lang: Lang): string {
  const c = columnAt(def, column).column.def;
  return lang === 'en' ? c.en : c.ko;
}

function sourceLabel(term: Term, column: string, lang: Lang): string {
  const col = SOURCE_TABS[term.source].columns[sourceColumnIndex(term.source, column)]!;
  return lang === 'en' ? col.en : col.ko;
}

function filterText(def: SummaryDef, term: Term, filter: Filter, keys: RawKey, lang: Lang): string {
  const src = (column: string) => sourceLabel(term, column, lang);
  switch (filter.kind) {
    case 'is':
      return `${src(filter.column)} = ${filter.value}`;
    case 'isNot':
      return `${src(filter.column)} ≠ ${filter.value}`;
    case 'month': {
      const month = (keys[filter.key] ?? '').slice(0, 7);
      const fallback = filter.fallback
        ? lang === 'en'
          ? ` (blank: ${src(filter.fallback)})`
          : `(비어 있으면 ${src(filter.fallback)})`
        : '';
      return lang === 'en'
        ? `${src(filter.column)}${fallback} in ${month}`
        : `${src(filter.column)}${fallback}이 ${month}`;
    }
    case 'key': {
      const key = keyDef(def, filter.key);
      const raw = keys[filter.key] ?? '';
      const value =
        raw === ''
          ? lang === 'en'
            ? '(blank)'
            : '(빈 칸)'
          : raw.startsWith('@')
            ? keyLabel(key, raw, lang)
            : raw;
      const blank = filter.blank
        ? lang === 'en'
          ? ` (or blank, counted on the ${filter.blank.prefer} line of the same period when there is one)`
          : ` (또는 빈 칸: 같은 기간의 ${filter.blank.prefer} 라인이 있으면 그 라인에)`
        : '';
      return `${src(filter.column)} = ${value}${blank}`;
    }
  }
}

function exprText(def: SummaryDef, expr: Expr, lang: Lang): string {
  switch (expr.op) {
    case 'col':
      return label(def, expr.column, lang);
    case 'sum':
      return expr.terms
        .map(
          (t, i) =>
            `${i === 0 ? (t.sign === -1 ? '−' : '') : t.sign === -1 ? ' − ' : ' + '}Σ ${sourceLabel(t, t.value, lang)}`,
        )
        .join('');
    case 'num':
      return String(expr.value);
    case 'add':
      return expr.args.map((a) => exprText(def, a, lang)).join(' + ');
    case 'sub':
      return `${exprText(def, expr.left, lang)} − (${exprText(def, expr.right, lang)})`;
    case 'mul':
      return `${exprText(def, expr.left, lang)} × ${exprText(def, expr.right, lang)}`;
    case 'div':
      return `(${exprText(def, expr.left, lang)}) / ${exprText(def, expr.right, lang)}`;
    case 'round':
      return `ROUND(${exprText(def, expr.arg, lang)})`;
    case 'if':
      return `IF(…, ${exprText(def, expr.yes, lang)}${expr.no ? `, ${exprText(def, expr.no, lang)}` : ''})`;
    case 'ifBlank':
      return exprText(def, expr.filled, lang);
    case 'ifFilled':
      return exprText(def, expr.value, lang);
    case 'zeroIfBlank':
      return label(def, expr.column, lang);
    case 'custom':
      return expr.describe[lang];
  }
}

/** The source terms of a linear expression with their effective signs, or null (see Explanation). */
function linearTerms(def: SummaryDef, expr: Expr, sign: 1 | -1): { term: Term; sign: 1 | -1 }[] | null {
  switch (expr.op) {
    case 'col': {
      const target = columnAt(def, expr.column).column;
      return target.role === 'value' ? linearTerms(def, target.expr, sign) : null;
    }
    case 'sum':
      return expr.terms.map((term) => ({ term, sign: (sign * (term.sign ?? 1)) as 1 | -1 }));
    case 'add': {
      const out: { term: Term; sign: 1 | -1 }[] = [];
      for (const a of expr.args) {
        const part = linearTerms(def, a, sign);
        if (part === null) return null;
        out.push(...part);
      }
      return out;
    }
    case 'sub': {
      const left = linearTerms(def, expr.left, sign);
      const right = linearTerms(def, expr.right, (0 - sign) as 1 | -1);
      return left === null || right === null ? null : [...left, ...right];
    }
    case 'num':
      return expr.value === 0 ? [] : null;
    default:
      return null;
  }
}

function termsIn(expr: Expr): Term[] {
  switch (expr.op) {
    case 'sum':
      return [...expr.terms];
    case 'add':
      return expr.args.flatMap(termsIn);
    case 'sub':
      return [...termsIn(expr.left), ...termsIn(expr.right)];
    default:
      return [];
  }
}

/**
 * Explains the cell `column` of the summary row with `keys`. `rows`: every data row of the summary
 * (the 정산 지급 blank-cycle rule looks at them); `user`: the row's typed cells.
 */
export function explainCell(
  def: SummaryDef,
  sources: Sources,
  rows: readonly RawKey[],
  keys: RawKey,
  column: string,
  lang: Lang,
  user: (column: string) => Cell = () => null,
): Explanation {
  const evaluator = new SummaryEvaluator(def, sources);
  evaluator.setRows(rows);
  const found = columnAt(def, column).column;
  const values = evaluator.rowValues(keys, user, lang);
  if (found.role !== 'value') {
    return {
      label: label(def, column, lang),
      meaning: found.role === 'label' || found.role === 'user' ? found.meaning[lang] : '',
      formula: '',
      terms: [],
      linear: null,
      value: values.get(column) ?? keys[column] ?? null,
    };
  }
  const explain = (term: Term, sign: 1 | -1): TermExplanation => {
    const selected: number[] = [];
    let total = 0;
    sources[term.source].forEach((row, i) => {
      if (!evaluator.counts(term, row, keys)) return;
      selected.push(i);
      total += sign * amountOf(row[sourceColumnIndex(term.source, term.value)]);
    });
    const tab = SOURCE_TABS[term.source];
    return {
      source: term.source,
      tab: lang === 'en' ? tab.en : tab.ko,
      sign,
      value: sourceLabel(term, term.value, lang),
      column: term.value,
      filter: term.filters.map((f) => filterText(def, term, f, keys, lang)).join(' · '),
      rows: selected,
      lineKeys: selected.map((i) => String(sources[term.source][i]?.[0] ?? '')),
      total,
    };
  };
  // Terms of a plain sum, or of a linear expression whose own terms are inline (지급 예정액).
  const terms = termsIn(found.expr);
  const linear = linearTerms(def, found.expr, 1);
  return {
    label: label(def, column, lang),
    meaning: found.meaning[lang],
    formula: exprText(def, found.expr, lang),
    terms: terms.map((term) => explain(term, term.sign ?? 1)),
    linear: linear === null ? null : linear.map((l) => explain(l.term, l.sign)),
    value: values.get(column) ?? null,
  };
}
