/**
 * The upload dialog: pick or drop files → cards (parsed in the browser with core) → the server's
 * dry-run plan → 가져오기 in chunks with progress → summary. Runs in Apps Script's HtmlService
 * iframe and, unchanged, in the local preview (src/preview), which shims google.script.run.
 */
import { attributeShipping } from '../core/map/attribute';
import type { RecordSet } from '../core/merge/chunks';
import { removalsNotice } from '../core/merge/summary';
import type { FileSummary, NormalizeResult, Period, Problem } from '../core/model/records';
import type { ImportFinishResponse } from '../core/model/rpc';
import { clear, h, progressBar } from '../ui/dom';
import { closeDialog } from '../ui/server-client';
import { activateTab, canActivateTab, RefusedError } from './api';
import { FileCard } from './cards';
import { analyseFile, hasAcceptedExtension, readBytes } from './files';
import { fmt, type Lang, reportLabel, TEXTS, tabLabel } from './i18n';
import { ImportSession, type SessionProgress, StepFailure } from './import-runner';
import { nothingChanges, planTable, touchedTabs } from './plan';
import { blocksImport, type FileEntry, isRefused, periodOf, summaryOf } from './state';
import { dropParseWorker, parseWorker } from './worker';

type PlanState =
  | { status: 'idle' }
  | { status: 'loading'; key: string; progress: SessionProgress | null }
  | { status: 'ready'; key: string; result: ImportFinishResponse }
  | { status: 'error'; key: string; message: string };

type ImportState =
  | { phase: 'running'; progress: SessionProgress }
  | { phase: 'failed'; progress: SessionProgress; message: string }
  | { phase: 'done'; result: ImportFinishResponse; files: FileSummary[] };

const state = {
  lang: 'ko' as Lang,
  entries: [] as FileEntry[],
  nextId: 1,
  plan: { status: 'idle' } as PlanState,
  importState: null as ImportState | null,
  /** The running or failed real import; kept so that 다시 시도 resumes it. */
  session: null as { session: ImportSession; files: FileSummary[] } | null,
  /** The seller ticked "remove these rows" for the plan with this key (a new plan asks again). */
  consent: null as string | null,
  /** Why the last import stopped before its removals (the server refused them): shown above the plan. */
  refusal: null as string | null,
};
const cards = new Map<number, FileCard>();

// ---- layout (built once; parts re-render) ----

const app = document.getElementById('app')!;
const titleEl = h('h1', {});
const langButton = h('button', {
  type: 'button',
  className: 'lang',
  'data-testid': 'lang-toggle',
  onclick: () => setLang(state.lang === 'ko' ? 'en' : 'ko'),
});
const fileInput = h('input', {
  type: 'file',
  multiple: true,
  accept: '.xlsx,.xls,.csv',
  className: 'visually-hidden',
  tabindex: -1,
  'aria-hidden': 'true',
  'data-testid': 'file-input',
});
const dropTitle = h('span', { className: 'drop-title' });
const dropHint = h('span', { className: 'drop-hint' });
const dropZone = h(
  'button',
  { type: 'button', className: 'dropzone', 'data-testid': 'dropzone', onclick: () => fileInput.click() },
  h('span', { className: 'drop-icon', 'aria-hidden': 'true' }, '⇪'),
  h('span', { className: 'drop-text' }, dropTitle, dropHint),
);
// Not aria-live: the cards repaint twice a second while parsing, which would make a screen reader chatter.
const cardsEl = h('section', { className: 'cards', 'data-testid': 'cards' });
const panelEl = h('section', { className: 'panel', 'data-testid': 'panel', 'aria-live': 'polite' });
const footerMsg = h('div', { className: 'footer-msg', id: 'footer-msg', 'data-testid': 'footer-msg' });
const importButton = h('button', {
  type: 'button',
  className: 'primary',
  'data-testid': 'import',
  onclick: () => {
    if (state.importState?.phase === 'done') startOver();
    else void startImport();
  },
});
const retryButton = h('button', {
  type: 'button',
  className: 'secondary',
  'data-testid': 'retry',
  hidden: true,
  onclick: () => void retry(),
});
const closeButton = h('button', {
  type: 'button',
  className: 'secondary',
  'data-testid': 'close',
  hidden: true,
  onclick: () => closeDialog(),
});
const footer = h(
  'footer',
  {},
  footerMsg,
  h('div', { className: 'actions' }, retryButton, closeButton, importButton),
);

app.append(
  h('header', {}, titleEl, langButton),
  h('main', {}, dropZone, fileInput, cardsEl),
  // The plan / progress / summary stay in view below the scrolling cards.
  panelEl,
  footer,
);

fileInput.addEventListener('change', () => {
  const files = Array.from(fileInput.files ?? []);
  // Reset so that choosing the same file again fires `change` again.
  fileInput.value = '';
  void addFiles(files);
});

// Dropping anywhere in the dialog works; without preventDefault the browser would open the file.
for (const type of ['dragenter', 'dragover'] as const) {
  document.addEventListener(type, (e) => {
    e.preventDefault();
    dropZone.classList.add('dragging');
  });
}
document.addEventListener('dragleave', (e) => {
  if (e.relatedTarget === null) dropZone.classList.remove('dragging');
});
document.addEventListener('drop', (e) => {
  e.preventDefault();
  dropZone.classList.remove('dragging');
  void addFiles(Array.from(e.dataTransfer?.files ?? []));
});

// ---- files ----

async function addFiles(files: File[]): Promise<void> {
  if (state.importState?.phase === 'running') return;
  if (state.importState?.phase === 'done') resetImport();
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
  if (state.importState?.phase === 'running') return;
  state.entries = state.entries.filter((e) => e !== entry);
  entry.generation++;
  cards.get(entry.id)?.el.remove();
  cards.delete(entry.id);
  // A file that was a duplicate of the removed one is no longer a duplicate.
  for (const e of state.entries) if (e.duplicateOf === entry.name) e.duplicateOf = null;
  if (state.importState?.phase === 'done') resetImport();
  invalidatePlan();
  render();
  schedulePlan();
  dropZone.focus();
}

/** While anything is being read or parsed, repaint its card twice a second (elapsed time): the
 *  seller sees the dialog is alive even when the parser reports no progress for a while. */
let ticker: ReturnType<typeof setInterval> | undefined;
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

let periodTimer: ReturnType<typeof setTimeout> | undefined;
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
  state.plan = { status: 'idle' };
  state.consent = null;
}

/** The ready plan removes rows of the book: the import waits for the seller's explicit consent. */
function removalsPending(): boolean {
  const plan = state.plan;
  if (plan.status !== 'ready' || plan.key !== importKey()) return false;
  return plan.result.removals.rows > 0 && state.consent !== plan.key;
}

let planTimer: ReturnType<typeof setTimeout> | undefined;
function schedulePlan(): void {
  clearTimeout(planTimer);
  planTimer = setTimeout(() => void runPlan(), 50);
}

async function runPlan(): Promise<void> {
  if (!allSettled() || blocked() || included().length === 0 || state.importState !== null) {
    render();
    return;
  }
  const key = importKey();
  if (state.plan.status !== 'idle' && state.plan.key === key && state.plan.status !== 'error') return;
  state.plan = { status: 'loading', key, progress: null };
  render();
  // The plan is the real import in dry-run mode: the same server code path, nothing written.
  const session = new ImportSession({ lang: state.lang, dryRun: true, allowRemovals: false, ...collect() });
  try {
    const result = await session.run((progress) => {
      if (state.plan.status === 'loading' && state.plan.key === key) {
        state.plan.progress = progress;
        renderPanel();
      }
    });
    if (importKey() !== key) return; // the files changed meanwhile; a newer plan is on its way
    state.plan = { status: 'ready', key, result };
  } catch (error) {
    if (importKey() !== key) return;
    state.plan = { status: 'error', key, message: failureText(error) };
  }
  render();
}

async function startImport(): Promise<void> {
  if (state.plan.status !== 'ready' || state.plan.key !== importKey() || state.importState) return;
  if (removalsPending()) return;
  state.refusal = null;
  const input = collect();
  // Consent is for the removals this plan announced; the server refuses any it was not given for.
  const allowRemovals = state.plan.result.removals.rows > 0 && state.consent === state.plan.key;
  state.session = {
    session: new ImportSession({ lang: state.lang, dryRun: false, allowRemovals, ...input }),
    files: input.files,
  };
  await continueImport();
}

/** Runs (or resumes) the real import from wherever it stopped: begin, the next chunk, or finish. */
async function continueImport(): Promise<void> {
  const current = state.session;
  if (!current) return;
  const { session, files } = current;
  state.importState = { phase: 'running', progress: session.progress() };
  render();
  try {
    const result = await session.run((progress) => {
      state.importState = { phase: 'running', progress };
      renderPanel();
    });
    state.importState = { phase: 'done', result, files };
    state.session = null;
  } catch (error) {
    if (needsConsent(error)) {
      // The book changed since the plan (someone else imported): rows would now be removed that the
      // seller never confirmed. Back to a fresh plan, which shows them and asks.
      state.importState = null;
      state.session = null;
      invalidatePlan();
      state.refusal = failureText(error);
      render();
      schedulePlan();
      return;
    }
    state.importState = { phase: 'failed', progress: session.progress(), message: failureText(error) };
  }
  render();
  if (state.importState?.phase === 'failed') retryButton.focus();
  else importButton.focus();
}

async function retry(): Promise<void> {
  if (state.importState?.phase === 'failed') {
    await continueImport();
  } else if (state.plan.status === 'error') {
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
  dropZone.focus();
}

function resetImport(): void {
  state.importState = null;
  state.session = null;
  state.refusal = null;
  invalidatePlan();
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
    cardsEl.append(card.el);
  }
  card.render(state.lang);
}

function render(): void {
  const t = TEXTS[state.lang];
  titleEl.textContent = t.title;
  document.title = t.title;
  langButton.textContent = t.langToggle;
  dropTitle.textContent = t.dropTitle;
  dropHint.textContent = t.dropHint;
  dropZone.classList.toggle('compact', state.entries.length > 0);
  const running = state.importState?.phase === 'running';
  dropZone.disabled = running;
  if (state.entries.length === 0) {
    clear(cardsEl);
    cardsEl.append(
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
    cardsEl.querySelector('.empty')?.remove();
  }
  for (const entry of state.entries) renderCard(entry);
  renderPanel();
  renderFooter();
}

function renderPanel(): void {
  const t = TEXTS[state.lang];
  clear(panelEl);
  const imp = state.importState;
  if (imp?.phase === 'done') {
    panelEl.append(summaryView(imp.result, imp.files));
    return;
  }
  if (imp) {
    panelEl.append(sessionProgress(imp.progress, t.importing, 'import-progress'));
    if (imp.phase === 'failed') {
      panelEl.append(
        h('p', { className: 'error', role: 'alert', 'data-testid': 'import-error' }, imp.message),
      );
    }
    return;
  }
  const plan = state.plan;
  if (state.refusal) {
    panelEl.append(
      h('p', { className: 'error', role: 'alert', 'data-testid': 'import-refused' }, state.refusal),
    );
  }
  if (plan.status === 'loading') {
    panelEl.append(sessionProgress(plan.progress, t.planning, 'plan-progress'));
  } else if (plan.status === 'error') {
    panelEl.append(h('p', { className: 'error', role: 'alert', 'data-testid': 'plan-error' }, plan.message));
  } else if (plan.status === 'ready' && plan.key === importKey()) {
    panelEl.append(h('h2', {}, t.planTitle));
    if (nothingChanges(plan.result.tabs)) {
      panelEl.append(h('p', { className: 'nothing', 'data-testid': 'plan-nothing' }, t.planNothing));
    }
    panelEl.append(planTable(plan.result.tabs, state.lang, 'plan'));
    if (plan.result.removals.rows > 0) panelEl.append(consentBox(plan.result, plan.key));
    for (const note of planNotes(plan.result)) panelEl.append(h('p', { className: 'note' }, note));
  }
}

/** Removals of rows already in the book, by count and money, and the box the seller must tick. */
function consentBox(result: ImportFinishResponse, key: string): HTMLElement {
  const t = TEXTS[state.lang];
  const { removals } = result;
  const checkbox = h('input', {
    type: 'checkbox',
    id: 'consent-removals',
    'data-testid': 'consent-checkbox',
    checked: state.consent === key,
    onchange: () => {
      state.consent = checkbox.checked ? key : null;
      renderFooter();
    },
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
              tabLabel(s.tab, state.lang),
              reportLabel(s.source_report as Parameters<typeof reportLabel>[0], state.lang, s.source_report),
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

function sessionProgress(p: SessionProgress | null, what: string, testId: string): HTMLElement {
  const t = TEXTS[state.lang];
  if (!p || p.step === 'begin' || p.total === 0) return progressBar(null, `${what}…`, testId);
  const fraction = p.step === 'finish' ? 1 : p.done / p.total;
  return progressBar(
    fraction,
    `${what} · ${t.chunkProgress(p.done, p.total, p.rowsDone, p.rowsTotal)}`,
    testId,
  );
}

/** What the numbers alone do not say: v1 rows superseded by v2, shipping not yet attributable. */
function planNotes(r: ImportFinishResponse): string[] {
  const t = TEXTS[state.lang];
  const notes: string[] = [];
  // v1 rows superseded by v2 data: the server's own warning says so (and the 대체됨 column counts them).
  if (r.shipping.unattributedFees > 0) notes.push(t.unattributed(r.shipping.unattributedFees));
  if (r.commissionsMissing > 0) notes.push(t.commissionsMissing(r.commissionsMissing));
  // The removals have their own box (consentBox) before the import; not repeated as a note.
  const planned = r.removals.rows > 0 ? removalsNotice(r.removals) : null;
  notes.push(...r.warnings.filter((w) => w !== planned));
  return notes;
}

function summaryView(result: ImportFinishResponse, files: FileSummary[]): HTMLElement {
  const t = TEXTS[state.lang];
  const box = h('div', { className: 'summary', 'data-testid': 'summary' }, h('h2', {}, `✓ ${t.doneTitle}`));
  if (nothingChanges(result.tabs)) box.append(h('p', { className: 'nothing' }, t.doneNothing));
  box.append(planTable(result.tabs, state.lang, 'summary-table'));
  // Control totals: Σ of each file's records versus what now stands in the tabs, and whether the
  // file's own checks (Σ detail = 합계 …) held. One short line per file: the report name, with the
  // file name on hover.
  const reportOf = new Map(files.map((f) => [f.file, f.report]));
  const labels = result.control.map((c) => reportLabel(reportOf.get(c.file) ?? null, state.lang, c.file));
  // Two files of one report (an .xlsx and its CSV re-save): tell them apart by the file type.
  const controlLabel = (file: string) => {
    const label = reportLabel(reportOf.get(file) ?? null, state.lang, file);
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
  for (const note of planNotes(result)) box.append(h('p', { className: 'note' }, note));
  const touched = touchedTabs(result.tabs);
  const names = touched.map((id) => tabLabel(id, state.lang));
  if (canActivateTab()) {
    box.append(
      h(
        'div',
        { className: 'jump' },
        touched.map((id) =>
          h(
            'button',
            {
              type: 'button',
              className: 'secondary',
              'data-testid': 'open-tab',
              onclick: () => void activateTab(id).then(closeDialog, () => undefined),
            },
            t.openTab(tabLabel(id, state.lang)),
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
  if (result.close && result.close.length > 0) box.append(closeHeadline(result.close));
  return box;
}

/**
 * The summary ends with the month's headline (issue #11): per month the import touched, 공급대가 ·
 * 세액 · 판매수수료 · CFS · 지급 예정액 with ✓ when every 검증 of the rows behind the figure holds.
 */
function closeHeadline(months: NonNullable<ImportFinishResponse['close']>): HTMLElement {
  const t = TEXTS[state.lang];
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
  if (canActivateTab()) {
    box.append(
      h(
        'button',
        {
          type: 'button',
          className: 'secondary',
          'data-testid': 'open-close-tab',
          onclick: () => void activateTab('month_close').then(closeDialog, () => undefined),
        },
        t.openTab(t.closeTab),
      ),
    );
  }
  return box;
}

function renderFooter(): void {
  const t = TEXTS[state.lang];
  const imp = state.importState;
  importButton.textContent = t.importButton;
  retryButton.textContent = t.retry;
  closeButton.textContent = t.close;
  closeButton.hidden = imp?.phase !== 'done';
  // Done: the summary gets the whole dialog; the cards are behind "다른 파일 가져오기".
  app.classList.toggle('done', imp?.phase === 'done');
  retryButton.hidden = !(imp?.phase === 'failed' || (!imp && state.plan.status === 'error'));
  let msg = '';
  if (imp?.phase === 'done') {
    importButton.textContent = t.again;
    importButton.disabled = false;
    footerMsg.textContent = '';
    return;
  }
  const ready = state.plan.status === 'ready' && state.plan.key === importKey();
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
  if (state.importState?.phase === 'running') return t.importing;
  if (blocked()) return t.v1PeriodMissing;
  if (state.entries.length === 0) return t.noFiles;
  if (!allSettled()) return t.waitParsing;
  if (included().length === 0) return t.nothingToImport;
  if (state.plan.status === 'error') return t.planFailedHint;
  if (removalsPending()) return t.consentNeeded;
  return t.waitPlan;
}

function recordCount(r: NormalizeResult): number {
  return r.orders.length + r.fees.length + r.fulfillment.length;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

render();
