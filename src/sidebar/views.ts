/** The sidebar's components: pure functions of the state to elements (text via textContent only). */
import type { ExplainRefusal, ExplainView } from '../core/model/explain';
import { h } from '../ui/dom';
import { won } from '../ui/header';
import type { SidebarTexts } from './i18n';
import type { SidebarState } from './machine';

const figure = (value: number | string | null) =>
  typeof value === 'number'
    ? won(Number.isInteger(value) ? value : Math.round(value * 10_000) / 10_000)
    : (value ?? '');

export function loadingView(t: SidebarTexts): HTMLElement {
  return h('p', { className: 'muted', 'data-testid': 'explain-loading', role: 'status' }, t.loading);
}

export function refusedView(refusal: ExplainRefusal): HTMLElement {
  return h(
    'div',
    { className: 'refused', 'data-testid': 'explain-refused', 'data-reason': refusal.reason },
    refusal.message.split('\n').map((line) => h('p', {}, line)),
  );
}

export function failedView(t: SidebarTexts, message: string, onRetry: () => void): HTMLElement {
  return h(
    'div',
    { className: 'error', role: 'alert', 'data-testid': 'explain-failed' },
    h('p', {}, `${t.failed}: ${message}`),
    h('button', { type: 'button', className: 'secondary', onclick: onRetry }, t.retry),
  );
}

/** What the cell is: where it stands, its label and value, its meaning and computation. */
function cellView(t: SidebarTexts, view: ExplainView): HTMLElement {
  const where = [t.cell(view.tab, view.cell), ...view.keys.map((k) => `${k.label} ${k.value}`)].join(' · ');
  return h(
    'section',
    { className: 'cell' },
    h('p', { className: 'muted where', 'data-testid': 'explain-where' }, where),
    h(
      'div',
      { className: 'headline' },
      h('span', { className: 'label', 'data-testid': 'explain-label' }, view.label),
      h(
        'span',
        { className: 'value num', 'data-testid': 'explain-value', 'data-value': String(view.value ?? '') },
        figure(view.value),
      ),
    ),
    view.shown !== null && view.shown !== view.value
      ? h('p', { className: 'muted' }, `${t.shownBySheet}: ${figure(view.shown)}`)
      : null,
    h('p', { 'data-testid': 'explain-meaning' }, view.meaning),
    view.formula && view.formula !== view.label
      ? h('p', { className: 'formula' }, h('strong', {}, `${t.formula} `), view.formula)
      : null,
  );
}

/** Per term: which tab, what is summed (with its sign), the filter, the count and Σ; terms no row
 *  matches are counted in one line instead of listed. */
function termsView(t: SidebarTexts, view: ExplainView): HTMLElement {
  const empty = view.terms.filter((term) => term.count === 0).length;
  return h(
    'section',
    { className: 'terms' },
    empty > 0
      ? h('p', { className: 'muted', 'data-testid': 'explain-empty-terms' }, t.emptyTerms(empty))
      : null,
    view.terms.map((term, i) =>
      term.count === 0
        ? null
        : h(
            'div',
            { className: 'term', 'data-testid': 'explain-term', 'data-term': i },
            h(
              'p',
              { className: 'term-head' },
              h('span', { className: `sign ${term.sign < 0 ? 'minus' : 'plus'}` }, term.sign < 0 ? '−' : '+'),
              ' ',
              h('strong', {}, `Σ ${term.value}`),
              ` · ${t.rowsOf(term.tab)}`,
            ),
            h('p', { className: 'filter' }, `${t.filter}: ${term.filter}`),
            h('p', { className: 'num' }, `${t.count(term.count)} · ${won(term.sign * term.total)}`),
          ),
    ),
  );
}

function checkView(t: SidebarTexts, view: ExplainView): HTMLElement {
  if (!view.linear) return h('p', { className: 'note', 'data-testid': 'explain-not-linear' }, t.notLinear);
  return h(
    'div',
    {
      className: `check ${view.equal ? 'ok' : 'bad'}`,
      'data-testid': 'explain-check',
      'data-equal': String(view.equal),
    },
    h(
      'p',
      {},
      h('span', { 'data-testid': 'explain-count', 'data-count': view.count }, t.count(view.count)),
      ` · ${t.total} `,
      h(
        'span',
        { className: 'num', 'data-testid': 'explain-total', 'data-total': String(view.total ?? '') },
        won(view.total ?? 0),
      ),
    ),
    h('p', {}, view.equal ? t.equal : t.notEqual),
  );
}

function rowsView(
  t: SidebarTexts,
  state: Extract<SidebarState, { phase: 'explained' }>,
  onSelect: (index: number) => void,
): HTMLElement {
  const view = state.view;
  if (view.rows.length === 0) return h('p', { className: 'muted' }, t.noRows);
  const items: HTMLElement[] = [];
  view.rows.forEach((row, i) => {
    const term = view.terms[row.term]!;
    // The rows come term by term: each group under its term.
    if (i === 0 || view.rows[i - 1]!.term !== row.term)
      items.push(
        h(
          'li',
          { className: 'group' },
          `${term.sign < 0 ? '−' : '+'} ${term.value} · ${t.rowsOf(term.tab)} (${t.count(term.count)})`,
        ),
      );
    const described = row.cells
      .map((cell, c) => (cell === '' ? null : `${term.columns[c]} ${cell}`))
      .filter((x): x is string => x !== null)
      .join(' · ');
    items.push(
      h(
        'li',
        {
          className: `row${state.selected === i ? ' selected' : ''}`,
          'data-testid': 'explain-row',
          'data-amount': String(row.amount),
          'data-source': row.source,
          'data-row': row.row,
        },
        h(
          'button',
          {
            type: 'button',
            className: 'link',
            'data-testid': 'select-row',
            disabled: state.selecting === i,
            title: t.selectTitle(row.tab, row.row),
            onclick: () => onSelect(i),
          },
          `${t.rowLink(row.row)}${state.selected === i ? ' ✓' : ''}`,
        ),
        h('span', { className: 'cells' }, described),
        h('span', { className: `num amount${row.amount < 0 ? ' minus' : ''}` }, won(row.amount)),
      ),
    );
  });
  return h(
    'section',
    { className: 'rows' },
    h(
      'h2',
      {},
      t.rows,
      view.more > 0 ? h('small', {}, ` ${t.firstRows(view.rows.length, view.count)}`) : null,
    ),
    state.selectError
      ? h('p', { className: 'error', role: 'alert', 'data-testid': 'select-error' }, state.selectError)
      : null,
    h('ol', { className: 'row-list', 'data-testid': 'explain-rows' }, items),
    view.more > 0 ? h('p', { className: 'muted', 'data-testid': 'explain-more' }, t.more(view.more)) : null,
  );
}

export function explainedView(
  t: SidebarTexts,
  state: Extract<SidebarState, { phase: 'explained' }>,
  onSelect: (index: number) => void,
): HTMLElement {
  return h(
    'div',
    { className: 'explained', 'data-testid': 'explained' },
    cellView(t, state.view),
    checkView(t, state.view),
    termsView(t, state.view),
    rowsView(t, state, onSelect),
  );
}
