/**
 * The import summary (the dialog's last screen): what was written per tab, each file's control total,
 * notes, buttons to the tabs, and the month-close headline. Pure functions of the result and the
 * language; the buttons' actions come from the page.
 */
import type { FileSummary } from '../../core/model/records';
import type { DataTabId, ImportFinishResponse } from '../../core/model/rpc';
import type { TabId } from '../../core/model/tabs';
import { h } from '../../ui/dom';
import { fmt, type Lang, reportLabel, TEXTS, tabLabel } from '../i18n';
import { nothingChanges, planTable, touchedTabs } from '../plan';
import { planNotes } from './panel';

export interface SummaryActions {
  /** null when the host cannot bring a tab to the front (the preview says which tabs instead). */
  openTab: ((tab: TabId) => void) | null;
}

export function summaryView(
  result: ImportFinishResponse,
  files: FileSummary[],
  lang: Lang,
  actions: SummaryActions,
): HTMLElement {
  const t = TEXTS[lang];
  const box = h('div', { className: 'summary', 'data-testid': 'summary' }, h('h2', {}, `✓ ${t.doneTitle}`));
  if (nothingChanges(result.tabs)) box.append(h('p', { className: 'nothing' }, t.doneNothing));
  box.append(planTable(result.tabs, lang, 'summary-table'));
  // Control totals: Σ of each file's records versus what now stands in the tabs, and whether the
  // file's own checks (Σ detail = 합계 …) held. One short line per file: the report name, with the
  // file name on hover.
  const reportOf = new Map(files.map((f) => [f.file, f.report]));
  const labels = result.control.map((c) => reportLabel(reportOf.get(c.file) ?? null, lang, c.file));
  // Two files of one report (an .xlsx and its CSV re-save): tell them apart by the file type.
  const controlLabel = (file: string) => {
    const label = reportLabel(reportOf.get(file) ?? null, lang, file);
    const twins = labels.filter((l) => l === label).length;
    const ext = /\.([a-z]+)$/i.exec(file)?.[1]?.toUpperCase();
    return twins > 1 && ext ? `${label} (${ext})` : label;
  };
  box.append(h('h3', {}, t.control));
  // file = written + superseded: v1 rows a settlement report replaced are their own figure.
  const superseded = (c: ImportFinishResponse['control'][number]) =>
    c.superseded > 0 ? t.supersededAmount(c.amountSuperseded, c.superseded) : '';
  const mark = { ok: '✓', partial: '⚠', mismatch: '✗' } as const;
  box.append(
    h(
      'table',
      { className: 'control-table', 'data-testid': 'summary-controls' },
      h(
        'tbody',
        {},
        result.control.map((c) => {
          // ✓ only when every line of the file is in the book; each other line is named.
          const ok = c.status === 'ok';
          return h(
            'tr',
            {
              className: ok ? 'ok' : c.status === 'partial' ? 'partial' : 'bad',
              'data-ok': String(ok),
              'data-status': c.status,
              title: c.file,
            },
            h('td', { className: 'mark' }, mark[c.status]),
            h('th', { scope: 'row' }, controlLabel(c.file)),
            h('td', { className: 'num' }, `${t.amountInFile} ${fmt(c.amountInFile)}`),
            h('td', { className: 'num' }, `${t.amountWritten} ${fmt(c.amountWritten)}`),
            h('td', { className: 'num', 'data-testid': 'control-superseded' }, superseded(c)),
            h('td', { 'data-testid': 'control-lines' }, t.lines(c.lines)),
            h('td', {}, c.fileChecksOk ? '' : t.fileChecksBad),
          );
        }),
      ),
    ),
  );
  for (const note of planNotes(result, lang)) box.append(h('p', { className: 'note' }, note));
  const touched: DataTabId[] = touchedTabs(result.tabs);
  const names = touched.map((id) => tabLabel(id, lang));
  const openTab = actions.openTab;
  if (openTab) {
    box.append(
      h(
        'div',
        { className: 'jump' },
        touched.map((id) =>
          h(
            'button',
            { type: 'button', className: 'secondary', 'data-testid': 'open-tab', onclick: () => openTab(id) },
            t.openTab(tabLabel(id, lang)),
          ),
        ),
      ),
    );
  } else if (names.length > 0) {
    box.append(
      h('p', { className: 'muted', 'data-testid': 'open-tabs-hint' }, t.openTabsHint(names.join(', '))),
    );
  }
  // The summary ends with the month's headline.
  if (result.close && result.close.length > 0) box.append(closeHeadline(result.close, lang, actions));
  return box;
}

/**
 * The summary ends with the month's headline (issue #11): per month the import touched, 공급대가 ·
 * 세액 · 판매수수료 · CFS · 지급 예정액 with ✓ when every 검증 of the rows behind the figure holds.
 */
function closeHeadline(
  months: NonNullable<ImportFinishResponse['close']>,
  lang: Lang,
  actions: SummaryActions,
): HTMLElement {
  const t = TEXTS[lang];
  const figure = (f: { amount: number; ok: boolean }) =>
    h(
      'td',
      { className: `num ${f.ok ? 'ok' : 'bad'}`, 'data-ok': String(f.ok) },
      `${fmt(f.amount)} ${f.ok ? '✓' : '✗'}`,
    );
  const box = h(
    'div',
    { className: 'close', 'data-testid': 'close-headline' },
    h('h3', {}, t.closeTitle),
    h(
      'table',
      { className: 'control-table' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          [t.closeMonth, t.closeSupplyTotal, t.closeVat, t.closeCommission, t.closeCfs, t.closePayout].map(
            (label) => h('th', { scope: 'col' }, label),
          ),
        ),
      ),
      h(
        'tbody',
        {},
        months.map((m) =>
          h(
            'tr',
            { 'data-month': m.month },
            h('th', { scope: 'row' }, m.month),
            figure(m.supplyTotal),
            figure(m.vat),
            figure(m.commission),
            figure(m.cfs),
            figure(m.payout),
          ),
        ),
      ),
    ),
  );
  for (const m of months) {
    if (m.estimatedSupplyTotal !== null)
      box.append(h('p', { className: 'note' }, t.closeEstimated(m.month, m.estimatedSupplyTotal)));
  }
  const openTab = actions.openTab;
  if (openTab) {
    box.append(
      h(
        'button',
        {
          type: 'button',
          className: 'secondary',
          'data-testid': 'open-close-tab',
          onclick: () => openTab('month_close'),
        },
        t.openTab(t.closeTab),
      ),
    );
  }
  return box;
}
