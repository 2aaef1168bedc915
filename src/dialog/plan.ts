/** The server's plan per tab (new / changed / removed / unchanged), shown before anything is
 *  written, and the same table again as the final summary. */
import type { DataTabId, TabCounts, TabCountsByTab } from '../core/model/rpc';
import { h } from '../ui/dom';
import { fmt, type Lang, TEXTS, tabLabel } from './i18n';

export const DATA_TABS: readonly DataTabId[] = ['orders', 'fees', 'fulfillment'];

export function nothingChanges(tabs: TabCountsByTab): boolean {
  return DATA_TABS.every((id) => {
    const t = tabs[id];
    return t.inserted === 0 && t.updated === 0 && t.removed === 0;
  });
}

export function touchedTabs(tabs: TabCountsByTab): DataTabId[] {
  return DATA_TABS.filter((id) => {
    const t = tabs[id];
    return t.inserted + t.updated + t.unchanged + t.removed > 0;
  });
}

export function planTable(tabs: TabCountsByTab, lang: Lang, testId: string): HTMLElement {
  const t = TEXTS[lang];
  const showRejected = DATA_TABS.some((id) => tabs[id].rejected > 0);
  // Lines repeating another file of the import (a re-saved copy): counted once, shown apart.
  const showSkipped = DATA_TABS.some((id) => tabs[id].skipped > 0);
  // Superseded (v1 rows a settlement report replaces) is its own column, never counted as rejected.
  const showSuperseded = DATA_TABS.some((id) => tabs[id].superseded > 0);
  const num = (n: number, kind: string) =>
    h('td', { className: `num ${n > 0 ? kind : 'zero'}`, 'data-kind': kind }, fmt(n));
  return h(
    'table',
    { className: 'plan', 'data-testid': testId },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, t.planTab),
        h('th', { scope: 'col', className: 'num' }, t.planNew),
        h('th', { scope: 'col', className: 'num' }, t.planChanged),
        h('th', { scope: 'col', className: 'num' }, t.planRemoved),
        h('th', { scope: 'col', className: 'num' }, t.planUnchanged),
        showRejected ? h('th', { scope: 'col', className: 'num' }, t.planRejected) : null,
        showSkipped ? h('th', { scope: 'col', className: 'num' }, t.planSkipped) : null,
        showSuperseded ? h('th', { scope: 'col', className: 'num' }, t.planSuperseded) : null,
      ),
    ),
    h(
      'tbody',
      {},
      DATA_TABS.map((id) => {
        const c: TabCounts = tabs[id];
        return h(
          'tr',
          { 'data-tab': id },
          h('th', { scope: 'row' }, tabLabel(id, lang)),
          num(c.inserted, 'new'),
          num(c.updated, 'changed'),
          num(c.removed, 'removed'),
          num(c.unchanged, 'unchanged'),
          showRejected ? num(c.rejected, 'rejected') : null,
          showSkipped ? num(c.skipped, 'skipped') : null,
          showSuperseded ? num(c.superseded, 'superseded') : null,
        );
      }),
    ),
  );
}
