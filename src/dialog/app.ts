/**
 * The upload dialog: pick or drop files → cards (parsed in the browser with core) → the server's
 * dry-run plan → 가져오기 in chunks with progress → summary. Runs in Apps Script's HtmlService
 * iframe and, unchanged, in the local preview (src/preview), which shims google.script.run.
 *
 * mountDialog builds the page into a root element when main.ts calls it (nothing happens at import).
 * Where the import stands is the state machine of machine.ts (pure transitions, src/ui/machine.ts);
 * the views are components of views/ (the frame, the panel, the summary) and cards.ts; this module is
 * the controller: the chosen files (each parsed in the worker), and the effects — the dry run, the
 * import in chunks, 다시 시도 — whose outcomes it sends to the machine as events.
 */
import { attributeShipping } from '../core/map/attribute';
import type { RecordSet } from '../core/merge/chunks';
import type { FileSummary, NormalizeResult, Period, Problem } from '../core/model/records';
import { clear, h } from '../ui/dom';
import { createMachine } from '../ui/machine';
import { closeDialog } from '../ui/server-client';
import { activateTab, canActivateTab, RefusedError } from './api';
import { FileCard } from './cards';
import { analyseFile, hasAcceptedExtension, readBytes } from './files';
import { type Lang, TEXTS } from './i18n';
import { ImportSession, StepFailure } from './import-runner';
import {
  type FlowEvent,
  type FlowState,
  flowTransition,
  initialFlow,
  removalsPending as pendingRemovals,
  planCurrent,
  readyPlan,
} from './machine';
import { blocksImport, type FileEntry, isRefused, periodOf, summaryOf } from './state';
import { buildLayout } from './views/layout';
import { panelView } from './views/panel';
import { summaryView } from './views/summary';
import { dropParseWorker, parseWorker } from './worker';

export function mountDialog(root: HTMLElement): void {
  /** The files and the language; where the import stands is the machine's. */
  const state = { lang: 'ko' as Lang, entries: [] as FileEntry[], nextId: 1 };
  const machine = createMachine<FlowState, FlowEvent>(initialFlow, flowTransition);
  const flow = () => machine.state;
  /** The running or failed real import; kept so that 다시 시도 resumes it. */
  let current: { session: ImportSession; files: FileSummary[] } | null = null;
  const cards = new Map<number, FileCard>();
  let ticker: ReturnType<typeof setInterval> | undefined;
  let periodTimer: ReturnType<typeof setTimeout> | undefined;
  let planTimer: ReturnType<typeof setTimeout> | undefined;

  const layout = buildLayout(root, {
    toggleLang: () => setLang(state.lang === 'ko' ? 'en' : 'ko'),
    importOrAgain: () => {
      if (flow().importState?.phase === 'done') startOver();
      else void startImport();
    },
    retry: () => void retry(),
    close: () => closeDialog(),
  });
  // A change of the plan, the import or the refusal repaints the panel; consent only the footer (the
  // checkbox keeps its focus).
  machine.subscribe((next, previous) => {
    if (
      next.plan !== previous.plan ||
      next.importState !== previous.importState ||
      next.refusal !== previous.refusal
    )
      renderPanel();
    renderFooter();
  });

  layout.fileInput.addEventListener('change', () => {
    const files = Array.from(layout.fileInput.files ?? []);
    // Reset so that choosing the same file again fires `change` again.
    layout.fileInput.value = '';
    void addFiles(files);
  });

  // Dropping anywhere in the dialog works; without preventDefault the browser would open the file.
  for (const type of ['dragenter', 'dragover'] as const) {
    document.addEventListener(type, (e) => {
      e.preventDefault();
      layout.dropZone.classList.add('dragging');
    });
  }
  document.addEventListener('dragleave', (e) => {
    if (e.relatedTarget === null) layout.dropZone.classList.remove('dragging');
  });
  document.addEventListener('drop', (e) => {
    e.preventDefault();
    layout.dropZone.classList.remove('dragging');
    void addFiles(Array.from(e.dataTransfer?.files ?? []));
  });

  // ---- files ----

  async function addFiles(files: File[]): Promise<void> {
    if (flow().importState?.phase === 'running') return;
    if (flow().importState?.phase === 'done') resetImport();
    const added: { entry: FileEntry; file: File }[] = [];
    for (const file of files) {
      const entry: FileEntry = {
        id: state.nextId++,
        name: file.name,
        size: file.size,
        bytes: null,
        status: 'reading',
        progress: null,
        result: null,
        error: null,
        periodInput: { start: '', end: '' },
        generation: 0,
        duplicateOf: null,
        startedAt: Date.now(),
      };
      if (!hasAcceptedExtension(file.name)) {
        entry.status = 'failed';
        entry.error = `${TEXTS[state.lang].readError}: .xlsx · .xls · .csv`;
      }
      state.entries.push(entry);
      added.push({ entry, file });
    }
    invalidatePlan();
    render();
    // One file at a time: keeps memory bounded and the first cards appear early.
    for (const { entry, file } of added) {
      if (entry.status === 'failed') continue;
      try {
        entry.bytes = await readBytes(file);
      } catch (error) {
        entry.status = 'failed';
        entry.error = `${TEXTS[state.lang].readError}: ${message(error)}`;
        render();
        continue;
      }
      await analyse(entry);
    }
    schedulePlan();
  }

  /** (Re-)normalizes one file. A 판매분석 (v1) file has no dates: it waits, blocking the import, until
   *  the seller confirms its period (typed, or the suggestion on its card picked); nothing is assumed. */
  async function analyse(entry: FileEntry): Promise<void> {
    if (!entry.bytes) return;
    const generation = ++entry.generation;
    entry.status = 'parsing';
    entry.progress = null;
    entry.error = null;
    entry.startedAt = Date.now();
    renderCard(entry);
    startTicker();
    const period = 'period' in periodOf(entry) ? (periodOf(entry) as { period: Period }).period : null;
    let lastPaint = 0;
    const onProgress = (done: number, total: number) => {
      entry.progress = { done, total };
      const now = performance.now();
      if (now - lastPaint > 100) {
        lastPaint = now;
        renderCard(entry);
      }
    };
    let result: NormalizeResult;
    try {
      result = await parse(entry.name, entry.bytes, period, onProgress);
    } catch (error) {
      if (generation !== entry.generation) return;
      entry.status = 'failed';
      entry.error = `${TEXTS[state.lang].normalizeError}: ${message(error)}`;
      render();
      return;
    }
    if (generation !== entry.generation || !state.entries.includes(entry)) return;
    entry.result = result;
    const sha = summaryOf(entry)?.sha256;
    const twin = sha
      ? state.entries.find((e) => e !== entry && e.duplicateOf === null && summaryOf(e)?.sha256 === sha)
      : undefined;
    entry.duplicateOf = twin && twin.id < entry.id ? twin.name : null;
    entry.status = 'ready';
    entry.progress = null;
    render();
  }

  /** In the worker when there is one (the dialog stays responsive), else on the main thread. */
  async function parse(
    name: string,
    bytes: Uint8Array,
    period: Period | null,
    onProgress: (done: number, total: number) => void,
  ): Promise<NormalizeResult> {
    const worker = await parseWorker();
    if (worker) {
      try {
        return await worker.parse(name, bytes, period, onProgress);
      } catch {
        dropParseWorker();
      }
    }
    return analyseFile(name, bytes, period, onProgress);
  }

  function removeEntry(entry: FileEntry): void {
    if (flow().importState?.phase === 'running') return;
    state.entries = state.entries.filter((e) => e !== entry);
    entry.generation++;
    cards.get(entry.id)?.el.remove();
    cards.delete(entry.id);
    // A file that was a duplicate of the removed one is no longer a duplicate.
    for (const e of state.entries) if (e.duplicateOf === entry.name) e.duplicateOf = null;
    if (flow().importState?.phase === 'done') resetImport();
    invalidatePlan();
    render();
    schedulePlan();
    layout.dropZone.focus();
  }

  /** While anything is being read or parsed, repaint its card twice a second (elapsed time): the
   *  seller sees the dialog is alive even when the parser reports no progress for a while. */
  function startTicker(): void {
    if (ticker !== undefined) return;
    ticker = setInterval(() => {
      const busy = state.entries.filter((e) => e.status === 'reading' || e.status === 'parsing');
      for (const e of busy) renderCard(e);
      if (busy.length === 0) {
        clearInterval(ticker);
        ticker = undefined;
      }
    }, 500);
  }

  function onPeriodChange(entry: FileEntry): void {
    invalidatePlan();
    render();
    clearTimeout(periodTimer);
    if (!('period' in periodOf(entry))) return;
    // Debounced: each keystroke in a date field fires `change` once a full date is typed.
    periodTimer = setTimeout(() => {
      void analyse(entry).then(schedulePlan);
    }, 250);
  }

  // ---- what gets imported ----

  function included(): FileEntry[] {
    return state.entries.filter((e) => e.status === 'ready' && !isRefused(e));
  }

  function allSettled(): boolean {
    return state.entries.every((e) => e.status === 'ready' || e.status === 'failed');
  }

  function blocked(): boolean {
    return state.entries.some(blocksImport);
  }

  /** Identifies exactly what would be imported; a plan is only valid for the key it was made for. */
  function importKey(): string {
    return included()
      .map((e) => {
        const p = periodOf(e);
        return `${summaryOf(e)?.sha256}@${'period' in p ? `${p.period.start}..${p.period.end}` : ''}`;
      })
      .join('|');
  }

  function collect(): { records: RecordSet; files: FileSummary[]; problems: Problem[] } {
    const orders = [];
    const fees = [];
    const fulfillment = [];
    const files: FileSummary[] = [];
    const problems: Problem[] = [];
    // Refused files are left out entirely: not even their problems are written.
    for (const e of included()) {
      const r = e.result!;
      orders.push(...r.orders);
      fees.push(...r.fees);
      fulfillment.push(...r.fulfillment);
      files.push(...r.files);
      problems.push(...r.problems);
    }
    // Files are normalized one by one (so that a v1 period change re-maps one file), but shipping is
    // attributed across files: redo core's cross-file step, exactly as normalizeFiles does at its end.
    const attributed = attributeShipping(orders, fulfillment);
    return {
      records: { orders: attributed.orders, fees, fulfillment: attributed.fulfillment },
      files,
      problems,
    };
  }

  // ---- the server: dry run, then the real import ----

  function invalidatePlan(): void {
    machine.send({ type: 'invalidate' });
  }

  function removalsPending(): boolean {
    return pendingRemovals(flow(), importKey());
  }

  function schedulePlan(): void {
    clearTimeout(planTimer);
    planTimer = setTimeout(() => void runPlan(), 50);
  }

  async function runPlan(): Promise<void> {
    if (!allSettled() || blocked() || included().length === 0 || flow().importState !== null) {
      render();
      return;
    }
    const key = importKey();
    if (planCurrent(flow(), key)) return;
    machine.send({ type: 'planStarted', key });
    // The plan is the real import in dry-run mode: the same server code path, nothing written.
    const session = new ImportSession({ lang: state.lang, dryRun: true, allowRemovals: false, ...collect() });
    try {
      const result = await session.run((progress) => machine.send({ type: 'planProgress', key, progress }));
      if (importKey() !== key) return; // the files changed meanwhile; a newer plan is on its way
      machine.send({ type: 'planReady', key, result });
    } catch (error) {
      if (importKey() !== key) return;
      machine.send({ type: 'planFailed', key, message: failureText(error) });
    }
    render();
  }

  async function startImport(): Promise<void> {
    const key = importKey();
    const plan = readyPlan(flow(), key);
    if (!plan || flow().importState) return;
    if (removalsPending()) return;
    const input = collect();
    // Consent is for the removals this plan announced; the server refuses any it was not given for.
    const allowRemovals = plan.removals.rows > 0 && flow().consent === key;
    current = {
      session: new ImportSession({ lang: state.lang, dryRun: false, allowRemovals, ...input }),
      files: input.files,
    };
    await continueImport();
  }

  /** Runs (or resumes) the real import from wherever it stopped: begin, the next chunk, or finish. */
  async function continueImport(): Promise<void> {
    if (!current) return;
    const { session, files } = current;
    machine.send({ type: 'importRunning', progress: session.progress() });
    render();
    try {
      const result = await session.run((progress) => machine.send({ type: 'importRunning', progress }));
      current = null;
      machine.send({ type: 'importDone', result, files });
    } catch (error) {
      if (needsConsent(error)) {
        // The book changed since the plan (someone else imported): rows would now be removed that the
        // seller never confirmed. Back to a fresh plan, which shows them and asks.
        current = null;
        machine.send({ type: 'removalsRefused', message: failureText(error) });
        render();
        schedulePlan();
        return;
      }
      machine.send({ type: 'importFailed', progress: session.progress(), message: failureText(error) });
    }
    render();
    if (flow().importState?.phase === 'failed') layout.retryButton.focus();
    else layout.importButton.focus();
  }

  async function retry(): Promise<void> {
    if (flow().importState?.phase === 'failed') {
      await continueImport();
    } else if (flow().plan.status === 'error') {
      invalidatePlan();
      await runPlan();
    }
  }

  function needsConsent(error: unknown): boolean {
    return (
      error instanceof StepFailure &&
      error.cause instanceof RefusedError &&
      error.cause.refusal.code === 'REMOVALS_NEED_CONSENT'
    );
  }

  function failureText(error: unknown): string {
    const t = TEXTS[state.lang];
    if (error instanceof StepFailure) {
      const why =
        error.cause instanceof RefusedError ? error.cause.message : `${t.serverError}: ${error.message}`;
      return error.step === 'chunks' ? `${t.chunkFailed(error.index, error.total)} ${why}` : why;
    }
    return `${t.serverError}: ${message(error)}`;
  }

  function startOver(): void {
    for (const e of state.entries) cards.get(e.id)?.el.remove();
    cards.clear();
    state.entries = [];
    resetImport();
    render();
    layout.dropZone.focus();
  }

  function resetImport(): void {
    current = null;
    machine.send({ type: 'reset' });
  }

  // ---- rendering ----

  function setLang(lang: Lang): void {
    state.lang = lang;
    document.documentElement.lang = lang;
    render();
  }

  function renderCard(entry: FileEntry): void {
    let card = cards.get(entry.id);
    if (!card) {
      card = new FileCard(entry, { onRemove: removeEntry, onPeriodChange });
      cards.set(entry.id, card);
      layout.cards.append(card.el);
    }
    card.render(state.lang);
  }

  function render(): void {
    const t = TEXTS[state.lang];
    layout.header.render(t.title, t.langToggle);
    layout.dropTitle.textContent = t.dropTitle;
    layout.dropHint.textContent = t.dropHint;
    layout.dropZone.classList.toggle('compact', state.entries.length > 0);
    layout.dropZone.disabled = flow().importState?.phase === 'running';
    if (state.entries.length === 0) {
      clear(layout.cards);
      layout.cards.append(
        h(
          'div',
          { className: 'empty', 'data-testid': 'empty' },
          h('p', { className: 'muted' }, t.noFiles),
          h('h2', {}, t.whichFiles),
          h(
            'ul',
            { className: 'guide' },
            h('li', {}, h('strong', {}, t.guideV2Title), ' ', t.guideV2),
            h('li', {}, h('strong', {}, t.guideV1Title), ' ', t.guideV1),
          ),
          h('p', { className: 'muted privacy' }, t.privacy),
        ),
      );
    } else {
      layout.cards.querySelector('.empty')?.remove();
    }
    for (const entry of state.entries) renderCard(entry);
    renderPanel();
    renderFooter();
  }

  function renderPanel(): void {
    clear(layout.panel);
    const imp = flow().importState;
    if (imp?.phase === 'done') {
      const openTab = canActivateTab()
        ? (tab: Parameters<typeof activateTab>[0]) => void activateTab(tab).then(closeDialog, () => undefined)
        : null;
      layout.panel.append(summaryView(imp.result, imp.files, state.lang, { openTab }));
      return;
    }
    layout.panel.append(
      ...panelView(flow(), importKey(), state.lang, (key) => machine.send({ type: 'consent', key })),
    );
  }

  function renderFooter(): void {
    const t = TEXTS[state.lang];
    const imp = flow().importState;
    const { importButton, retryButton, closeButton, footerMsg } = layout;
    importButton.textContent = t.importButton;
    retryButton.textContent = t.retry;
    closeButton.textContent = t.close;
    closeButton.hidden = imp?.phase !== 'done';
    // Done: the summary gets the whole dialog; the cards are behind "다른 파일 가져오기".
    root.classList.toggle('done', imp?.phase === 'done');
    retryButton.hidden = !(imp?.phase === 'failed' || (!imp && flow().plan.status === 'error'));
    let msg = '';
    if (imp?.phase === 'done') {
      importButton.textContent = t.again;
      importButton.disabled = false;
      footerMsg.textContent = '';
      return;
    }
    const ready = readyPlan(flow(), importKey()) !== null;
    importButton.disabled = !!imp || !ready || blocked() || !allSettled() || removalsPending();
    // A disabled button says why (tooltip and accessible description), a 판매분석 period first.
    const why = importButton.disabled ? disabledReason() : '';
    importButton.title = why;
    if (why) importButton.setAttribute('aria-describedby', 'footer-msg');
    else importButton.removeAttribute('aria-describedby');
    if (blocked()) msg = t.v1PeriodMissing;
    else if (removalsPending()) msg = t.consentNeeded;
    else if (state.entries.length > 0 && allSettled() && included().length === 0) msg = t.nothingToImport;
    else if (included().length > 0) {
      const rows = included().reduce((n, e) => n + (e.result ? recordCount(e.result) : 0), 0);
      msg = t.totalRows(rows);
    }
    footerMsg.textContent = msg;
    footerMsg.classList.toggle('error', blocked() || removalsPending());
  }

  function disabledReason(): string {
    const t = TEXTS[state.lang];
    if (flow().importState?.phase === 'running') return t.importing;
    if (blocked()) return t.v1PeriodMissing;
    if (state.entries.length === 0) return t.noFiles;
    if (!allSettled()) return t.waitParsing;
    if (included().length === 0) return t.nothingToImport;
    if (flow().plan.status === 'error') return t.planFailedHint;
    if (removalsPending()) return t.consentNeeded;
    return t.waitPlan;
  }

  render();
}

function recordCount(r: NormalizeResult): number {
  return r.orders.length + r.fees.length + r.fulfillment.length;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
