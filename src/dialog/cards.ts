/**
 * One card per chosen file: what it is (report, mapping version and what that means for the
 * numbers), its period, row counts, control totals and problems. A card is built once; its body is
 * re-rendered on each state change while the v1 period inputs persist, so typing a date never loses
 * focus to a re-render.
 */
import { listRows } from '../core/messages';
import type { ControlTotal, Problem } from '../core/model/records';
import { clear, h, progressBar, updateProgressBar } from '../ui/dom';
import { suggestedPeriod } from './files';
import { fmt, foreignLabel, type Lang, reportLabel, TEXTS, VERSION_EXPLANATIONS } from './i18n';
import { blocksImport, type FileEntry, fileLevelErrors, isRefused, isV1, periodOf, summaryOf } from './state';

/** Problems shown per card; the rest are counted (the server writes all of them to the problems tab). */
const MAX_PROBLEMS_SHOWN = 50;

export interface CardHandlers {
  onRemove(entry: FileEntry): void;
  onPeriodChange(entry: FileEntry): void;
}

export class FileCard {
  readonly el: HTMLElement;
  private readonly body: HTMLElement;
  private readonly periodBox: HTMLElement;
  private readonly startInput: HTMLInputElement;
  private readonly endInput: HTMLInputElement;
  private readonly periodLabel: HTMLElement;
  private readonly suggestButton: HTMLButtonElement;
  private readonly suggestHint: HTMLElement;
  private readonly startLabel: HTMLElement;
  private readonly endLabel: HTMLElement;
  private readonly removeButton: HTMLButtonElement;
  /** Persistent, so the bar's animation is not restarted by the twice-a-second repaint. */
  private readonly progress: HTMLElement;

  constructor(
    readonly entry: FileEntry,
    handlers: CardHandlers,
  ) {
    const id = `f${entry.id}`;
    const onDate = () => {
      entry.periodInput = { start: this.startInput.value, end: this.endInput.value };
      handlers.onPeriodChange(entry);
    };
    this.startInput = h('input', {
      type: 'date',
      id: `${id}-start`,
      required: true,
      'data-testid': 'period-start',
      onchange: onDate,
    });
    this.endInput = h('input', {
      type: 'date',
      id: `${id}-end`,
      required: true,
      'data-testid': 'period-end',
      onchange: onDate,
    });
    this.periodLabel = h('div', { className: 'period-label' });
    // A suggested period is only ever applied by the seller's own click (nothing is pre-filled).
    this.suggestButton = h('button', {
      type: 'button',
      className: 'secondary suggest',
      'data-testid': 'period-suggest',
      onclick: () => {
        entry.periodInput = suggestedPeriod(entry.name);
        handlers.onPeriodChange(entry);
      },
    });
    this.suggestHint = h('span', { className: 'muted-inline suggest-hint' });
    this.startLabel = h('label', { for: `${id}-start` });
    this.endLabel = h('label', { for: `${id}-end` });
    this.periodBox = h(
      'fieldset',
      { className: 'period', hidden: true, 'data-testid': 'period' },
      this.periodLabel,
      h(
        'div',
        { className: 'period-inputs' },
        this.startLabel,
        this.startInput,
        h('span', { 'aria-hidden': 'true' }, '~'),
        this.endLabel,
        this.endInput,
      ),
      h('div', { className: 'period-suggest' }, this.suggestButton, ' ', this.suggestHint),
    );
    this.removeButton = h('button', {
      type: 'button',
      className: 'link remove',
      'data-testid': 'remove-file',
      onclick: () => handlers.onRemove(entry),
    });
    this.body = h('div', { className: 'card-body' });
    this.progress = progressBar(null, '', 'parse-progress');
    this.progress.hidden = true;
    this.el = h(
      'article',
      { className: 'card', 'data-testid': 'file-card', 'data-file': entry.name },
      this.body,
      this.progress,
      this.periodBox,
    );
  }

  render(lang: Lang): void {
    const t = TEXTS[lang];
    const { entry } = this;
    const summary = summaryOf(entry);
    const refused = isRefused(entry);
    this.el.classList.toggle('refused', refused);
    this.el.dataset['state'] = refused ? 'refused' : entry.status;
    this.removeButton.textContent = t.remove;
    this.removeButton.setAttribute('aria-label', `${t.remove}: ${entry.name}`);
    clear(this.body);

    const title = h(
      'div',
      { className: 'card-title' },
      h('span', { className: 'report', 'data-testid': 'report' }, this.titleText(lang)),
      summary?.mapping_version
        ? h(
            'span',
            { className: `badge ${summary.mapping_version}`, 'data-testid': 'mapping-version' },
            summary.mapping_version,
          )
        : null,
      refused ? h('span', { className: 'badge bad', 'data-testid': 'refused' }, t.refused) : null,
      this.removeButton,
    );
    this.body.append(title, h('div', { className: 'file-name' }, entry.name));

    const busy = entry.status === 'reading' || entry.status === 'parsing';
    this.progress.hidden = !busy;
    if (busy) {
      const p = entry.progress;
      const seconds = Math.floor((Date.now() - entry.startedAt) / 1000);
      const label =
        (entry.status === 'reading' ? t.reading : t.parsing) +
        (p ? ` · ${t.rowsProgress(p.done, p.total)}` : '') +
        (seconds >= 1 ? ` · ${t.seconds(seconds)}` : '');
      updateProgressBar(this.progress, p && p.total > 0 ? p.done / p.total : null, label);
    }

    if (entry.duplicateOf !== null) {
      this.body.append(h('p', { className: 'error', role: 'alert' }, `${t.duplicate}: ${entry.duplicateOf}`));
    }
    if (entry.error !== null) {
      this.body.append(
        h('p', { className: 'error', role: 'alert', 'data-testid': 'file-error' }, entry.error),
      );
    }
    if (summary && entry.status === 'ready' && entry.duplicateOf === null) {
      this.renderSummary(lang, refused);
    }
    this.renderPeriod(lang);
  }

  private titleText(lang: Lang): string {
    const summary = summaryOf(this.entry);
    if (!summary) return this.entry.status === 'failed' ? TEXTS[lang].unknownReport : TEXTS[lang].detecting;
    if (summary.foreign_download) return foreignLabel(summary.foreign_download, lang);
    return reportLabel(summary.report, lang) + (summary.report ? ` · ${summary.report}` : '');
  }

  private renderSummary(lang: Lang, refused: boolean): void {
    const t = TEXTS[lang];
    const { entry } = this;
    const summary = summaryOf(entry)!;
    const problems = entry.result?.problems ?? [];

    if (refused) {
      // Say why first: the file-level errors carry the seller-facing explanation (Korean, then English).
      const reasons = fileLevelErrors(entry);
      const text = reasons.length > 0 ? reasons.map((p) => p.message).join(' ') : t.refusedHint;
      this.body.append(
        h('p', { className: 'error', role: 'alert', 'data-testid': 'refused-reason' }, text),
        h('p', { className: 'muted' }, t.refusedHint),
      );
    } else {
      const rows: HTMLElement[] = [];
      if (summary.mapping_version) {
        const ex = VERSION_EXPLANATIONS[summary.mapping_version];
        rows.push(
          fact(
            t.version,
            `${summary.mapping_version}: ${lang === 'ko' ? ex.ko : `${ex.ko} (${ex.en})`}`,
            'version',
          ),
        );
      }
      // A v1 file's period is the one typed in: while it is missing, do not show the last one.
      const awaiting = isV1(entry) && !('period' in periodOf(entry));
      const period = awaiting
        ? t.periodAwaiting
        : summary.period_start || summary.period_end
          ? `${summary.period_start ?? '…'} ~ ${summary.period_end ?? '…'}`
          : t.periodNone;
      rows.push(
        fact(
          t.period,
          h(
            'span',
            {},
            h('span', { 'data-testid': 'period-text' }, period),
            h(
              'span',
              { className: 'muted-inline', 'data-testid': 'rows' },
              ` · ${t.rows(summary.rows_read, summary.rows_accepted, summary.rows_rejected, summary.rows_skipped)}`,
            ),
          ),
          'period-rows',
        ),
      );
      const complete = summary.rows_rejected === 0 && (summary.rows_duplicate ?? 0) === 0;
      rows.push(fact(t.control, controlTotals(summary.control, lang, complete), 'control'));
      // Which lines were not imported, and that the book loses nothing because of them.
      if (summary.rows_rejected > 0) {
        const where = listRows(summary.rejected_rows ?? []);
        rows.push(fact(t.notImportedLabel, t.notImported(summary.rows_rejected, where), 'not-imported'));
      }
      if ((summary.rows_duplicate ?? 0) > 0)
        rows.push(fact(t.duplicateLabel, t.duplicateRows(summary.rows_duplicate ?? 0), 'duplicate-rows'));
      this.body.append(h('dl', { className: 'facts' }, rows));
    }
    // A refused file's reasons are already spelled out above: list only what they do not say.
    const reasons = refused ? new Set(fileLevelErrors(entry)) : new Set<Problem>();
    const rest = problems.filter((p) => !reasons.has(p));
    if (rest.length > 0) this.body.append(problemList(rest, lang));
  }

  private renderPeriod(lang: Lang): void {
    const t = TEXTS[lang];
    const { entry } = this;
    const show = entry.status !== 'failed' && isV1(entry);
    this.periodBox.hidden = !show;
    if (!show) return;
    this.periodLabel.textContent = t.v1PeriodLabel;
    this.startLabel.textContent = t.v1PeriodStart;
    this.endLabel.textContent = t.v1PeriodEnd;
    // Only write the inputs when they differ: assigning the same value would reset the caret.
    if (this.startInput.value !== entry.periodInput.start) this.startInput.value = entry.periodInput.start;
    if (this.endInput.value !== entry.periodInput.end) this.endInput.value = entry.periodInput.end;
    const suggestion = suggestedPeriod(entry.name);
    const confirmed = 'period' in periodOf(entry);
    this.suggestButton.textContent = t.v1PeriodSuggest(suggestion.start, suggestion.end);
    this.suggestHint.textContent = t.v1PeriodSuggestHint;
    (this.suggestButton.parentElement as HTMLElement).hidden = confirmed;
    const old = this.periodBox.querySelector('.period-error');
    old?.remove();
    if (blocksImport(entry)) {
      const state = periodOf(entry);
      this.periodBox.append(
        h(
          'p',
          { className: 'error period-error', role: 'alert', 'data-testid': 'period-error' },
          'invalid' in state ? t.v1PeriodInvalid : t.v1PeriodMissing,
        ),
      );
    }
  }
}

function fact(label: string, value: string | Node, testId: string): HTMLElement {
  return h('div', { className: 'fact' }, h('dt', {}, label), h('dd', { 'data-testid': testId }, value));
}

/** "✓ 3/3 일치" with the list behind a disclosure; open at once when something does not add up.
 *  Never ✓ while some line of the file was rejected or repeats another sheet (⚠ partly written). */
function controlTotals(control: readonly ControlTotal[], lang: Lang, complete: boolean): Node {
  const t = TEXTS[lang];
  if (control.length === 0 && complete) return document.createTextNode(t.controlNone);
  const ok = control.filter((c) => c.ok).length;
  const allOk = ok === control.length;
  const mark = !allOk ? '✗' : complete ? '✓' : '⚠';
  const word = !allOk ? t.controlBad : complete ? t.controlOk : t.controlPartial;
  return h(
    'details',
    { className: allOk && complete ? 'control-details' : 'control-details bad', open: !allOk },
    h(
      'summary',
      { 'data-ok': String(allOk && complete) },
      h('span', { className: allOk && complete ? 'mark ok' : 'mark bad' }, mark),
      ` ${ok}/${control.length} ${word}`,
    ),
    h(
      'ul',
      { className: 'controls' },
      control.map((c) =>
        h(
          'li',
          { className: c.ok ? 'ok' : 'bad', 'data-ok': String(c.ok) },
          h('span', { className: 'mark', 'aria-label': c.ok ? t.controlOk : t.controlBad }, c.ok ? '✓' : '✗'),
          ` ${c.name}: ${fmt(c.expected)}`,
          c.ok ? '' : ` ≠ ${fmt(c.actual)}`,
          !c.ok && c.rows && c.rows.length > 0 ? ` (${c.rows.slice(0, 5).join(', ')})` : '',
        ),
      ),
    ),
  );
}

export function problemList(problems: readonly Problem[], lang: Lang): HTMLElement {
  const t = TEXTS[lang];
  const errors = problems.filter((p) => p.severity === 'error').length;
  const shown = problems.slice(0, MAX_PROBLEMS_SHOWN);
  return h(
    'details',
    { className: errors > 0 ? 'problems has-errors' : 'problems', 'data-testid': 'problems' },
    h('summary', {}, t.problems(problems.length)),
    h(
      'ul',
      {},
      shown.map((p) =>
        h(
          'li',
          { className: `problem ${p.severity}` },
          h('span', { className: `sev ${p.severity}` }, t.severity[p.severity]),
          h('span', { className: 'where' }, where(p)),
          h('span', { className: 'msg' }, p.message),
        ),
      ),
      problems.length > shown.length
        ? h('li', { className: 'muted' }, t.problemsMore(problems.length - shown.length))
        : null,
    ),
  );
}

function where(p: Problem): string {
  const parts = [p.file];
  if (p.sheet) parts.push(p.sheet);
  if (p.row !== null) parts.push(`${p.row}행`);
  if (p.column) parts.push(p.column);
  if (p.value !== null && p.value !== undefined && p.value !== '') parts.push(`"${p.value}"`);
  return parts.join(' › ');
}
