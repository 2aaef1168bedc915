/**
 * The "이 숫자 설명" sidebar: mounted into the page by main.ts (nothing runs at import), one state
 * machine (machine.ts), components (views.ts), and the two server calls as effects whose answers
 * come back as events. Runs in Apps Script's HtmlService sidebar and, unchanged, in the preview.
 */
import { ExplainResponse, SelectRowResponse } from '../core/model/explain';
import { clear, h } from '../ui/dom';
import { header, type Lang } from '../ui/header';
import { createMachine } from '../ui/machine';
import { call } from '../ui/server-client';
import { SIDEBAR_TEXTS } from './i18n';
import { initialSidebar, type SidebarState, sidebarTransition } from './machine';
import { explainedView, failedView, loadingView, refusedView } from './views';

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function mountSidebar(root: HTMLElement, lang: Lang = 'ko'): void {
  const machine = createMachine<SidebarState, Parameters<typeof sidebarTransition>[1]>(
    initialSidebar(lang),
    sidebarTransition,
  );
  const explainButton = h('button', {
    type: 'button',
    className: 'primary',
    'data-testid': 'explain-refresh',
    onclick: () => machine.send({ type: 'explain' }),
  });
  const top = header(() => machine.send({ type: 'lang', lang: machine.state.lang === 'ko' ? 'en' : 'ko' }));
  const body = h('main', { 'aria-live': 'polite' });
  root.append(top.el, h('div', { className: 'toolbar' }, explainButton), body);

  const explain = (request: number, lang: Lang) => {
    call('cjetExplainSelection', ExplainResponse, { lang }).then(
      (response) => machine.send({ type: 'answered', request, response }),
      (error: unknown) => machine.send({ type: 'failed', request, message: errorText(error) }),
    );
  };
  const select = (index: number) => {
    const state = machine.state;
    if (state.phase !== 'explained') return;
    const row = state.view.rows[index];
    if (!row) return;
    machine.send({ type: 'select', index });
    call('cjetSelectRow', SelectRowResponse, {
      source: row.source,
      row: row.row,
      lineKey: row.lineKey,
      keys: row.keys,
    }).then(
      (response) => machine.send({ type: 'selectAnswered', index, response }),
      (error: unknown) => machine.send({ type: 'selectFailed', index, message: errorText(error) }),
    );
  };

  const render = (state: SidebarState) => {
    const t = SIDEBAR_TEXTS[state.lang];
    document.documentElement.lang = state.lang;
    top.render(t.title, t.langToggle);
    explainButton.textContent = t.explainSelected;
    explainButton.disabled = state.phase === 'loading';
    clear(body);
    if (state.phase === 'loading') body.append(loadingView(t));
    else if (state.phase === 'refused') body.append(refusedView(state.refusal));
    else if (state.phase === 'failed')
      body.append(failedView(t, state.message, () => machine.send({ type: 'explain' })));
    else body.append(explainedView(t, state, select));
  };
  machine.subscribe((state, previous) => {
    render(state);
    // Entering `loading` (a new request) is the one transition with an effect: ask the server.
    if (state.phase === 'loading' && (previous.phase !== 'loading' || previous.request !== state.request))
      explain(state.request, state.lang);
  });
  render(machine.state);
  explain(machine.state.request, machine.state.lang);
}
