/**
 * The dialog's panel under the cards while nothing is done yet: the plan's progress or error, the
 * plan table, the consent box for removals, the import's progress. Pure functions of the flow state.
 */
import { removalsNotice } from '../../core/merge/summary';
import type { ImportFinishResponse } from '../../core/model/rpc';
import { h, progressBar } from '../../ui/dom';
import { type Lang, reportLabel, TEXTS, tabLabel } from '../i18n';
import type { SessionProgress } from '../import-runner';
import type { FlowState } from '../machine';
import { nothingChanges, planTable } from '../plan';

export function sessionProgress(
  p: SessionProgress | null,
  what: string,
  testId: string,
  lang: Lang,
): HTMLElement {
  const t = TEXTS[lang];
  if (!p || p.step === 'begin' || p.total === 0) return progressBar(null, `${what}…`, testId);
  const fraction = p.step === 'finish' ? 1 : p.done / p.total;
  return progressBar(
    fraction,
    `${what} · ${t.chunkProgress(p.done, p.total, p.rowsDone, p.rowsTotal)}`,
    testId,
  );
}

/** What the numbers alone do not say: shipping not yet attributable, commission missing, warnings. */
export function planNotes(r: ImportFinishResponse, lang: Lang): string[] {
  const t = TEXTS[lang];
  const notes: string[] = [];
  // v1 rows superseded by v2 data: the server's own warning says so (and the 대체됨 column counts them).
  if (r.shipping.unattributedFees > 0) notes.push(t.unattributed(r.shipping.unattributedFees));
  if (r.commissionsMissing > 0) notes.push(t.commissionsMissing(r.commissionsMissing));
  // The removals have their own box (consentBox) before the import; not repeated as a note.
  const planned = r.removals.rows > 0 ? removalsNotice(r.removals) : null;
  notes.push(...r.warnings.filter((w) => w !== planned));
  return notes;
}

/** Removals of rows already in the book, by count and money, and the box the seller must tick. */
function consentBox(
  result: ImportFinishResponse,
  key: string,
  consented: boolean,
  lang: Lang,
  onConsent: (key: string | null) => void,
): HTMLElement {
  const t = TEXTS[lang];
  const { removals } = result;
  const checkbox = h('input', {
    type: 'checkbox',
    id: 'consent-removals',
    'data-testid': 'consent-checkbox',
    checked: consented,
    onchange: () => onConsent(checkbox.checked ? key : null),
  });
  return h(
    'div',
    { className: 'consent', role: 'group', 'data-testid': 'consent' },
    h('p', { className: 'consent-text', 'data-testid': 'consent-text' }, removalsNotice(removals)),
    h(
      'ul',
      { className: 'consent-scopes' },
      removals.scopes
        .filter((s) => s.tab !== 'fees')
        .map((s) =>
          h(
            'li',
            { 'data-testid': 'consent-scope' },
            t.removalScope(
              tabLabel(s.tab, lang),
              reportLabel(s.source_report as Parameters<typeof reportLabel>[0], lang, s.source_report),
              s.period_start ? `${s.period_start} ~ ${s.period_end}` : (s.period_end ?? ''),
              s.rows,
              s.amount,
              s.reason,
            ),
          ),
        ),
    ),
    h(
      'label',
      { for: 'consent-removals', className: 'consent-label' },
      checkbox,
      ' ',
      t.consentLabel(removals.rows, removals.amount),
    ),
  );
}

/** The panel's content before the summary (the summary itself, once done: summary.ts). */
export function panelView(
  flow: FlowState,
  key: string,
  lang: Lang,
  onConsent: (key: string | null) => void,
): HTMLElement[] {
  const t = TEXTS[lang];
  const imp = flow.importState;
  if (imp && imp.phase !== 'done') {
    const out = [sessionProgress(imp.progress, t.importing, 'import-progress', lang)];
    if (imp.phase === 'failed')
      out.push(h('p', { className: 'error', role: 'alert', 'data-testid': 'import-error' }, imp.message));
    return out;
  }
  const out: HTMLElement[] = [];
  if (flow.refusal)
    out.push(h('p', { className: 'error', role: 'alert', 'data-testid': 'import-refused' }, flow.refusal));
  const plan = flow.plan;
  if (plan.status === 'loading') {
    out.push(sessionProgress(plan.progress, t.planning, 'plan-progress', lang));
  } else if (plan.status === 'error') {
    out.push(h('p', { className: 'error', role: 'alert', 'data-testid': 'plan-error' }, plan.message));
  } else if (plan.status === 'ready' && plan.key === key) {
    out.push(h('h2', {}, t.planTitle));
    if (nothingChanges(plan.result.tabs))
      out.push(h('p', { className: 'nothing', 'data-testid': 'plan-nothing' }, t.planNothing));
    out.push(planTable(plan.result.tabs, lang, 'plan'));
    if (plan.result.removals.rows > 0)
      out.push(consentBox(plan.result, plan.key, flow.consent === plan.key, lang, onConsent));
    for (const note of planNotes(plan.result, lang)) out.push(h('p', { className: 'note' }, note));
  }
  return out;
}
