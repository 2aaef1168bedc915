/**
 * Google Sheets benchmark (`npm run bench:sheets`, or `npm run bench:sheets -- --json FILE`): imports
 * of generated CATEGORY_TR months into the Apps Script emulator, driven like the dialog drives the
 * server (test/addon/driver.ts: begin → chunks → finish → month close, resumed calls included). Every
 * figure is counted by the emulator at the service boundary (gas-emulator/README.md "Cost model"):
 * executions, service calls, cells read and written, the largest google.script.run payload, the
 * modelled time of each execution, and the spreadsheet's cells afterwards. Issue #9's targets are
 * printed as met / NOT met. Not a test: nothing here fails a build.
 *
 * Scenarios (ids of the JSON array):
 *   new50k            50,000 order lines (with their fees) into a new spreadsheet
 *   reimport50k       the same file again
 *   into150k          50,000 lines into a spreadsheet already holding 150,000 (if that does not fit
 *                     Google's 10,000,000 cells, the refusal is recorded and the import runs into the
 *                     largest book that leaves room for it)
 *   scatteredRemoval  that period corrected: 5,000 lines fewer, after the user sorted Orders and Fees
 *                     (the rows to remove are scattered)
 *   capacity          a new spreadsheet filled month by month (50,000 lines each) until the next month
 *                     is refused; cellsAfter = its cells
 */
import { writeFileSync } from 'node:fs';
import { createEnv, type GasEnv } from '../gas-emulator';
import { decodeCp949 } from '../src/cli/nodeHost';
import type { NormalizeResult } from '../src/core/model/records';
import { columnIndex, FEES_TAB, ORDERS_TAB } from '../src/core/model/tabs';
import { normalizeFiles } from '../src/core/normalize';
import { type ImportRun, runImport } from '../test/addon/driver';
import { fileBaseName, fileSpec } from '../test/fixtures/generate';
import { toXlsx } from '../test/fixtures/grid';
import { buildGrid } from '../test/fixtures/layouts';
import { generateSellerModel } from '../test/fixtures/model';

/** Lines per month; CJET_BENCH_LINES scales the whole run down for a quick look (targets assume 50,000). */
const LINES = Number(process.env.CJET_BENCH_LINES ?? 50_000);
const CELL_LIMIT = 10_000_000;
const FOUR_MINUTES_MS = 240_000;
const ORDERS = ORDERS_TAB.ko;
const FEES = FEES_TAB.ko;
const LOG = '가져오기 기록';

export interface ScenarioResult {
  scenario: string;
  lines: number;
  executions: number;
  calls: number;
  cellsRead: number;
  cellsWritten: number;
  maxPayloadBytes: number;
  modelledMsMaxExecution: number;
  modelledMsTotal: number;
  cellsAfter: number;
  /** Cells written per tab over the scenario's executions. */
  cellsWrittenByTab: Record<string, number>;
  targets: { target: string; met: boolean; measured: string }[];
  notes: string[];
}

/** One settlement month of exactly `lines` CATEGORY_TR lines (the repo's generator, as a .xlsx the
 *  dialog would read), normalized by core like the dialog does. */
function month(year: number, monthNo: number, lines: number, seed: number): NormalizeResult {
  const model = generateSellerModel(seed, {
    year,
    month: monthNo,
    ordersPerPeriod: Math.ceil(lines / 1.2) + 50,
    priorCancellations: 3,
  });
  const spec = fileSpec(model, 'CATEGORY_TR', 0);
  if (spec.orderLines.length < lines) throw new Error('not enough generated lines');
  spec.orderLines = spec.orderLines.slice(0, lines);
  const bytes = toXlsx(buildGrid(spec), { level: 1, engine: 'zlib' });
  return normalizeFiles([{ name: `${fileBaseName(model, 'CATEGORY_TR', 0)}.xlsx`, bytes }], { decodeCp949 });
}

function gridCells(env: GasEnv): number {
  return env.spreadsheet.sheets.reduce((n, sheet) => n + sheet.maxRows * sheet.maxColumns, 0);
}

function measure(scenario: string, env: GasEnv, runs: readonly ImportRun[], lines: number): ScenarioResult {
  const costs = runs.flatMap((r) => r.costs);
  const byTab: Record<string, number> = {};
  for (const cost of costs)
    for (const [sheet, cells] of Object.entries(cost.cellsWrittenBySheet))
      byTab[sheet] = (byTab[sheet] ?? 0) + cells;
  return {
    scenario,
    lines,
    executions: costs.length,
    calls: costs.reduce((n, c) => n + c.serviceCalls, 0),
    cellsRead: costs.reduce((n, c) => n + c.cellsRead, 0),
    cellsWritten: costs.reduce((n, c) => n + c.cellsWritten, 0),
    maxPayloadBytes: Math.max(0, ...runs.map((r) => r.maxPayloadBytes)),
    modelledMsMaxExecution: Math.max(0, ...costs.map((c) => c.modelledMs)),
    modelledMsTotal: costs.reduce((n, c) => n + c.modelledMs, 0),
    cellsAfter: gridCells(env),
    cellsWrittenByTab: byTab,
    targets: [],
    notes: [],
  };
}

function refused(run: ImportRun): string | null {
  return (
    run.begin.refused?.code ??
    run.finish?.refused?.code ??
    run.chunks.find((c) => c.refused)?.refused?.code ??
    null
  );
}

function imported(env: GasEnv, data: NormalizeResult, allowRemovals = false): ImportRun {
  const run = runImport(env, data, { allowRemovals });
  const code = refused(run);
  if (code) throw new Error(`import refused: ${code}`);
  return run;
}

const fmt = (n: number) => n.toLocaleString('en-US');
const minutes = (ms: number) => `${(ms / 60_000).toFixed(2)} min`;

function target(r: ScenarioResult, text: string, met: boolean, measured: string): void {
  r.targets.push({ target: text, met, measured });
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

function main(): void {
  const args = process.argv.slice(2);
  const jsonAt = args.indexOf('--json');
  const jsonFile = jsonAt >= 0 ? args[jsonAt + 1] : undefined;
  const results: ScenarioResult[] = [];
  // Each scenario is written as soon as it is measured (a long run stopped early keeps what it has).
  const push = (r: ScenarioResult) => {
    results.push(r);
    if (jsonFile) writeFileSync(jsonFile, `${JSON.stringify(results, null, 2)}\n`);
    log(
      `${r.scenario}: ${JSON.stringify({ ...r, cellsWrittenByTab: undefined, targets: undefined, notes: undefined })}`,
    );
  };

  log('generating 2025-01 …');
  const january = month(2025, 1, LINES, 1);
  const lines = january.orders.length;

  // new50k, reimport50k
  log('new50k …');
  const fresh = createEnv();
  const first = imported(fresh, january);
  const newResult = measure('new50k', fresh, [first], lines);
  target(newResult, '≤ 3,000,000 cells read', newResult.cellsRead <= 3_000_000, fmt(newResult.cellsRead));
  target(newResult, '≤ 20 executions', newResult.executions <= 20, String(newResult.executions));
  push(newResult);

  log('reimport50k …');
  const again = imported(fresh, january);
  const re = measure('reimport50k', fresh, [again], lines);
  target(re, '≤ 6,000,000 cells read', re.cellsRead <= 6_000_000, fmt(re.cellsRead));
  const dataWritten = [ORDERS, FEES, '풀필먼트비용'].reduce(
    (n, tab) => n + (re.cellsWrittenByTab[tab] ?? 0),
    0,
  );
  const elsewhere = Object.entries(re.cellsWrittenByTab).filter(([tab, n]) => tab !== LOG && n > 0);
  target(
    re,
    'nothing but the log written',
    elsewhere.length === 0,
    elsewhere.length === 0
      ? `log ${fmt(re.cellsWrittenByTab[LOG] ?? 0)} cells`
      : `normalized tabs ${fmt(dataWritten)} cells; also ${elsewhere.map(([t, n]) => `${t} ${fmt(n)}`).join(', ')}`,
  );
  if (elsewhere.length > 0 && dataWritten === 0)
    re.notes.push(
      'Orders, Fees and Fulfillment are not written; the month-close tabs are rewritten by the refresh every import ends with (their rows and formulas in one block per tab).',
    );
  push(re);

  // into150k: three earlier months, then January.
  log('into150k: building the book …');
  const earlier = [month(2024, 10, LINES, 2), month(2024, 11, LINES, 3), month(2024, 12, LINES, 4)];
  const book = createEnv();
  let held = 0;
  const notes: string[] = [];
  for (const [k, data] of earlier.entries()) {
    const run = runImport(book, data);
    const code = refused(run);
    if (code) {
      notes.push(
        `building the book: month ${k + 1} of 50,000 lines refused (${code}) at ${fmt(held)} lines.`,
      );
      break;
    }
    held += data.orders.length;
  }
  book.executionLog.length = 0;
  log(`into150k: ${fmt(held)} lines held; importing January …`);
  let into = runImport(book, january);
  let intoRuns = [into];
  const intoRefused = refused(into);
  if (intoRefused) {
    notes.push(
      `${fmt(held)} + ${fmt(lines)} lines do not fit: begin refused (${intoRefused}), ${fmt(into.begin.cells.used)} cells used + ${fmt(into.begin.cells.needed)} needed > ${fmt(CELL_LIMIT)}. Measured instead with the book cut to the largest size that leaves room for the import.`,
    );
    // Remove the oldest month's rows from the book until January fits (a user deleting old rows).
    const perLine = into.begin.cells.needed / lines;
    const room = CELL_LIMIT - into.begin.cells.needed - 50_000;
    const keepLines = Math.floor((room - (into.begin.cells.used - held * perLine)) / perLine);
    const drop = held - keepLines;
    for (const tab of [ORDERS, FEES]) {
      const sheet = book.spreadsheet.findSheet(tab)!;
      book.spreadsheet.userDeleteRows(tab, 2, Math.min(drop, sheet.maxRows - 2));
    }
    held -= drop;
    notes.push(`book cut to ${fmt(held)} lines (${fmt(drop)} rows of the oldest month deleted by the user).`);
    book.executionLog.length = 0;
    into = imported(book, january);
    intoRuns = [into];
  }
  const intoResult = measure('into150k', book, intoRuns, lines);
  intoResult.notes.push(...notes, `book held ${fmt(held)} lines before the import.`);
  target(
    intoResult,
    'every execution < 4 min (modelled)',
    intoResult.modelledMsMaxExecution < FOUR_MINUTES_MS,
    minutes(intoResult.modelledMsMaxExecution),
  );
  if (held < 150_000)
    target(intoResult, 'into a book of 150,000 lines', false, `${fmt(held)} lines (10,000,000-cell limit)`);
  push(intoResult);

  // scatteredRemoval: the user sorts; January corrected without 5,000 of its lines. The begin counts
  // every record as if appended (an upper bound), so the book needs room for January again: the user
  // first deletes that many of the oldest rows (at the top until the sort).
  log('scatteredRemoval …');
  const oldest = Math.max(0, held - lines) > 0 ? lines : 0;
  if (oldest > 0) {
    for (const tab of [ORDERS, FEES]) book.spreadsheet.userDeleteRows(tab, 2, oldest);
    held -= oldest;
  }
  book.spreadsheet.userSort(ORDERS, columnIndex(ORDERS_TAB, 'option_id') + 1);
  book.spreadsheet.userSort(FEES, columnIndex(FEES_TAB, 'option_id') + 1);
  const dropped = new Set(
    january.orders
      .filter((_, i) => i % 10 === 3)
      .slice(0, LINES / 10)
      .map((o) => o.line_key),
  );
  const corrected: NormalizeResult = {
    ...january,
    orders: january.orders.filter((o) => !dropped.has(o.line_key)),
    fees: january.fees.filter((f) => !dropped.has(f.line_key)),
  };
  book.executionLog.length = 0;
  const removal = imported(book, corrected, true);
  const scattered = measure('scatteredRemoval', book, [removal], corrected.orders.length);
  const removedRows = (removal.finish?.tabs.orders.removed ?? 0) + (removal.finish?.tabs.fees.removed ?? 0);
  scattered.notes.push(
    `${fmt(removedRows)} rows removed (Orders + Fees), scattered by a sort on 옵션ID; the book held ${fmt(held)} earlier lines + January.`,
  );
  target(
    scattered,
    'every execution < 4 min (modelled)',
    scattered.modelledMsMaxExecution < FOUR_MINUTES_MS,
    minutes(scattered.modelledMsMaxExecution),
  );
  target(
    scattered,
    `${fmt(dropped.size)} lines removed with their fees`,
    removedRows === 2 * dropped.size,
    fmt(removedRows),
  );
  push(scattered);

  // capacity: a new spreadsheet, month after month until refused.
  log('capacity …');
  const cap = createEnv();
  const capRuns: ImportRun[] = [];
  let capLines = 0;
  let refusal: ImportRun | null = null;
  const months = [january, ...earlier, month(2025, 2, LINES, 5), month(2025, 3, LINES, 6)];
  for (const data of months) {
    const run = runImport(cap, data);
    if (refused(run)) {
      refusal = run;
      break;
    }
    capRuns.push(run);
    capLines += data.orders.length;
  }
  const capacity = measure('capacity', cap, capRuns, capLines);
  const cellsPerLine = capacity.cellsAfter / capLines;
  const fit = Math.floor(capLines + (CELL_LIMIT - capacity.cellsAfter) / cellsPerLine);
  capacity.notes.push(
    `${cellsPerLine.toFixed(1)} cells per order line with its fee (Orders ${ORDERS_TAB.columns.length} + Fees ${FEES_TAB.columns.length} columns, the other tabs spread over them): about ${fmt(fit)} lines fit in ${fmt(CELL_LIMIT)} cells.`,
  );
  if (refusal)
    capacity.notes.push(
      `the next 50,000 lines were refused at begin (${refused(refusal)}): ${fmt(refusal.begin.cells.used)} used + ${fmt(refusal.begin.cells.needed)} needed.`,
    );
  const staging = cap.spreadsheet.sheets.filter((s) => s.name.startsWith('_cjet'));
  target(
    capacity,
    '≥ 250,000 lines under 10,000,000 cells',
    fit >= 250_000,
    `${fmt(capLines)} lines in ${fmt(capacity.cellsAfter)} cells; ~${fmt(fit)} fit`,
  );
  target(
    capacity,
    'staging leaves no rows behind',
    staging.length === 0,
    staging.length === 0 ? 'no staging sheet' : staging.map((s) => s.name).join(', '),
  );
  if (fit < 250_000)
    capacity.notes.push(
      `250,000 lines would need ~${fmt(Math.round(250_000 * cellsPerLine))} cells: not possible without dropping columns of the public tab contract (/work/shared/docs/normalized-tabs.md: Fees repeats its order line's columns). The way past it is BigQuery (README "BigQuery", issue #13); the add-on warns from 80 %.`,
    );
  push(capacity);

  report(results, jsonFile);
}

function report(results: readonly ScenarioResult[], jsonFile: string | undefined): void {
  for (const r of results) {
    console.log(
      `\n${r.scenario}: ${fmt(r.lines)} lines, ${r.executions} executions, ${fmt(r.calls)} calls, ${fmt(r.cellsRead)} cells read, ${fmt(r.cellsWritten)} written, max payload ${fmt(r.maxPayloadBytes)} B, slowest execution ${minutes(r.modelledMsMaxExecution)}, total ${minutes(r.modelledMsTotal)}, ${fmt(r.cellsAfter)} cells after`,
    );
    for (const t of r.targets) console.log(`  ${t.met ? 'met    ' : 'NOT met'}  ${t.target}: ${t.measured}`);
    for (const n of r.notes) console.log(`  note: ${n}`);
  }
  if (jsonFile) {
    writeFileSync(jsonFile, `${JSON.stringify(results, null, 2)}\n`);
    console.log(`\nwrote ${jsonFile}`);
  }
}

main();
