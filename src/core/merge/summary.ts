/**
 * From merge plans to what people read: the chunk/finish responses of the server calls, the
 * command-line summary and the Import log rows (one per file). Shared by both hosts. Every sentence
 * comes from the message catalogue (src/core/messages.ts).
 */
import { listRows, logNote, notice, thousands } from '../messages';
import type { FileSummary } from '../model/records';
import {
  DataTabId,
  emptyTabCountsByTab,
  type FileOutcome,
  type ImportChunkResponse,
  type ImportFinishResponse,
  type RemovalScope,
  type Removals,
  type ShippingSummary,
} from '../model/rpc';
import type { Cell } from './cells';
import type { MergePlan } from './plan';
import { describeRemovals, summarizeRemovals } from './removals';
import { guardFor, isIncomplete } from './replace';
import { scopeKey } from './table';

export function chunkResponse(importId: string, seq: number, plan: MergePlan): ImportChunkResponse {
  const tabs = emptyTabCountsByTab();
  for (const id of DataTabId.options) Object.assign(tabs[id], plan.tabs[id].counts);
  const warnings: string[] = [];
  if (plan.v1Superseded.removed + plan.v1Superseded.skipped > 0)
    warnings.push(notice('V1_SUPERSEDED', plan.v1Superseded));
  return {
    importId,
    seq,
    refused: null,
    tabs,
    files: plan.files,
    scopes: plan.scopes,
    shipping: plan.shipping,
    v1Superseded: plan.v1Superseded,
    commissionsMissing: plan.commissionsMissing,
    truncatedCells: plan.truncatedCells,
    preservedUserRows: plan.preservedUserRows,
    removals: plan.removals.scopes,
    warnings,
    resume: false,
    elapsedMs: 0,
  };
}

const removalKey = (s: RemovalScope) =>
  `${s.reason}|${s.tab}|${s.source_report}|${s.period_start}|${s.period_end}`;

/** Removal scopes of several steps, each counted once: every chunk of a dry run sees the same book,
 *  and in apply mode a scope's rows are gone after the chunk that removed them. */
function mergeRemovals(lists: readonly (readonly RemovalScope[])[]): RemovalScope[] {
  const byKey = new Map<string, RemovalScope>();
  for (const list of lists) {
    for (const s of list) {
      const known = byKey.get(removalKey(s));
      if (!known || s.rows > known.rows) byKey.set(removalKey(s), { ...s });
    }
  }
  return [...byKey.values()];
}

/** Rows of replaced periods a dry run predicts: per scope, the existing rows no chunk matched, never
 *  in a period a file with unread lines belongs to. */
/** Rows and money of the book per `tab|report|period_end`, counted once by the finish of a dry run. */
export type ScopeTotals = ReadonlyMap<string, { existing: number; existingAmount: number }>;

export const scopeTotalsKey = (tab: string, report: string, periodEnd: string) =>
  `${tab}|${scopeKey(report, periodEnd)}`;

function predictedRemovals(
  chunks: readonly ImportChunkResponse[],
  files: readonly FileSummary[],
  totals: ScopeTotals | undefined,
): RemovalScope[] {
  const guard = guardFor(files);
  const byScope = new Map<string, RemovalScope & { existing: number; existingAmount: number }>();
  for (const chunk of chunks) {
    for (const s of chunk.scopes) {
      if (guard.guards(s.source_report, s.period_end)) continue;
      const key = scopeTotalsKey(s.tab, s.source_report, s.period_end);
      const total = totals?.get(key);
      const entry = byScope.get(key) ?? {
        reason: 'replaced' as const,
        tab: s.tab,
        source_report: s.source_report,
        period_start: null,
        period_end: s.period_end,
        rows: 0,
        amount: 0,
        existing: total ? total.existing : s.existing,
        existingAmount: total ? total.existingAmount : s.existingAmount,
      };
      entry.rows += s.matched;
      entry.amount += s.matchedAmount;
      byScope.set(key, entry);
    }
  }
  return [...byScope.values()].map(({ existing, existingAmount, ...s }) => ({
    ...s,
    rows: Math.max(0, existing - s.rows),
    amount: existingAmount - s.amount,
  }));
}

export interface FinishInput {
  importId: string;
  dryRun: boolean;
  files: readonly FileSummary[];
  chunks: readonly ImportChunkResponse[];
  /** The plan of the finish step (apply mode): period replacements and the final shipping state. */
  finishPlan: MergePlan | null;
  /** One merge step saw the whole import (the command line): its chunk already holds every removal,
   *  replaced periods included, so nothing is predicted. */
  onePass?: boolean;
  /** A dry run's rows of the book per replaced scope (chunks do not count them). */
  scopeTotals?: ScopeTotals;
}

export function finishResponse(input: FinishInput): Omit<ImportFinishResponse, 'logRowsWritten'> {
  const tabs = emptyTabCountsByTab();
  let commissionsMissing = 0;
  const v1Superseded = { removed: 0, skipped: 0 };
  const warnings: string[] = [];
  for (const chunk of input.chunks) {
    for (const id of DataTabId.options) {
      const from = chunk.tabs[id];
      const to = tabs[id];
      to.inserted += from.inserted;
      to.updated += from.updated;
      to.unchanged += from.unchanged;
      to.removed += from.removed;
      to.rejected += from.rejected;
      to.skipped += from.skipped;
      to.superseded += from.superseded;
    }
    commissionsMissing += chunk.commissionsMissing;
    v1Superseded.removed += chunk.v1Superseded.removed;
    v1Superseded.skipped += chunk.v1Superseded.skipped;
    for (const w of chunk.warnings) if (!warnings.includes(w)) warnings.push(w);
  }
  let shipping: ShippingSummary = input.chunks[input.chunks.length - 1]?.shipping ?? {
    attributedFees: 0,
    unattributedFees: 0,
    linesChanged: 0,
  };
  const removalLists: RemovalScope[][] = input.chunks.map((c) => c.removals);
  if (input.finishPlan) {
    for (const id of DataTabId.options) tabs[id].removed += input.finishPlan.tabs[id].counts.removed;
    shipping = {
      ...input.finishPlan.shipping,
      linesChanged: input.chunks.reduce(
        (n, c) => n + c.shipping.linesChanged,
        input.finishPlan.shipping.linesChanged,
      ),
    };
    if (input.finishPlan.preservedUserRows > 0)
      warnings.push(notice('PRESERVED_USER_ROWS', { rows: input.finishPlan.preservedUserRows }));
    removalLists.push(input.finishPlan.removals.scopes);
  } else if (input.dryRun && !input.onePass) {
    const predicted = predictedRemovals(input.chunks, input.files, input.scopeTotals);
    for (const s of predicted) tabs[s.tab].removed += s.rows;
    removalLists.push(predicted);
  }
  const removals = summarizeRemovals(mergeRemovals(removalLists));
  const replacedScopes = removals.scopes.filter((s) => s.reason === 'replaced' && s.tab !== 'fees');
  if (replacedScopes.length > 0 && !input.dryRun) {
    const periods = [...new Set(replacedScopes.map((r) => `${r.source_report} ${r.period_end}`))].join(', ');
    const rows = replacedScopes.reduce((n, s) => n + s.rows, 0);
    const amount = replacedScopes.reduce((n, s) => n + s.amount, 0);
    warnings.push(notice('PERIOD_REPLACED', { periods, rows, amount: thousands(amount) }));
  }
  if (input.dryRun && removals.rows > 0) warnings.push(removalsNotice(removals));
  for (const f of input.files) {
    if (f.report === null || !isIncomplete(f) || f.rows_rejected === 0) continue;
    warnings.push(
      notice('KEPT_FOR_REJECTED', {
        file: f.file,
        count: f.rows_rejected,
        rows: listRows(f.rejected_rows ?? [], 10),
        scope: `${f.report} ${f.period_end ?? '?'}`,
      }),
    );
  }
  const outcomes = mergeOutcomes(input.chunks);
  return {
    importId: input.importId,
    dryRun: input.dryRun,
    refused: null,
    tabs,
    v1Superseded,
    shipping,
    commissionsMissing,
    control: input.files.map((f) => fileControl(f, outcomes.get(f.file))),
    removals,
    warnings,
    needKeys: [],
    resume: false,
  };
}

/** The question a dry run asks before anything is written: how many rows, how much money, where. */
export function removalsNotice(removals: Removals): string {
  return notice('REMOVALS_PLANNED', {
    rows: removals.rows,
    amount: thousands(removals.amount),
    scopes: describeRemovals(removals),
  });
}

type Control = ImportFinishResponse['control'][number];

/** Every line of a file and what became of it; ✓ only when every line is in the book. */
export function fileControl(f: FileSummary, o: FileOutcome | undefined): Control {
  const amountInFile = o?.amountInFile ?? 0;
  const amountWritten = o?.amountWritten ?? 0;
  const amountSuperseded = o?.amountSuperseded ?? 0;
  const lines = {
    read: f.rows_read,
    written: (o?.inserted ?? 0) + (o?.updated ?? 0),
    unchanged: o?.unchanged ?? 0,
    rejected: f.rows_rejected + (o?.rejected ?? 0),
    skipped: f.rows_skipped + (o?.skipped ?? 0),
    duplicates: (f.rows_duplicate ?? 0) + (o?.skipped ?? 0),
    superseded: o?.superseded ?? 0,
  };
  const balanced =
    lines.read === lines.written + lines.unchanged + lines.rejected + lines.skipped + lines.superseded;
  const match = amountInFile === amountWritten + amountSuperseded + (o?.amountSkipped ?? 0);
  const fileChecksOk = f.control.every((c) => c.ok);
  const usable = f.report !== null && f.status !== 'failed';
  const complete =
    lines.rejected === 0 && lines.duplicates === 0 && lines.superseded === 0 && !f.duplicate_of;
  const sound = usable && balanced && match && fileChecksOk;
  return {
    file: f.file,
    amountInFile,
    amountWritten,
    superseded: lines.superseded,
    amountSuperseded,
    match,
    fileChecksOk,
    lines,
    balanced,
    status: sound && complete ? 'ok' : sound ? 'partial' : 'mismatch',
  };
}

export function mergeOutcomes(chunks: readonly ImportChunkResponse[]): Map<string, FileOutcome> {
  const byFile = new Map<string, FileOutcome>();
  for (const chunk of chunks) {
    for (const o of chunk.files) {
      const total = byFile.get(o.file);
      if (!total) byFile.set(o.file, { ...o });
      else {
        total.inserted += o.inserted;
        total.updated += o.updated;
        total.unchanged += o.unchanged;
        total.rejected += o.rejected;
        total.skipped += o.skipped;
        total.superseded += o.superseded;
        total.amountInFile += o.amountInFile;
        total.amountWritten += o.amountWritten;
        total.amountSuperseded += o.amountSuperseded;
        total.amountSkipped += o.amountSkipped;
        total.amountRejected += o.amountRejected;
      }
    }
  }
  return byFile;
}

/** 'YYYY-MM-DD HH:MM:SS' in KST (UTC+9, no daylight saving): the canonical cell of a datetime column,
 *  which both adapters store as a real date-time. */
export function kstTimestamp(epochMs: number): string {
  return new Date(epochMs + 9 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}

export interface LogContext {
  importId: string;
  user: string;
  nowMs: number;
  files: readonly FileSummary[];
  chunks: readonly ImportChunkResponse[];
  finishPlan: MergePlan | null;
}

/** One Import log row per file (LOG_TAB columns). Counts are lines of the file (rows read =
 *  inserted + updated + unchanged + rejected + skipped + superseded; skipped lines have no column
 *  and are named in the notes). Removed rows of a replaced period are put on the file of the same
 *  report and period end (the file that replaced it). */
export function logRows(ctx: LogContext): Cell[][] {
  const outcomes = mergeOutcomes(ctx.chunks);
  const removedByFile = new Map<string, number>();
  for (const r of ctx.finishPlan?.replaced ?? []) {
    if (r.tab === 'fees') continue; // Fees mirror the Orders lines: count each line once.
    const file =
      ctx.files.find((f) => f.report === r.source_report && f.period_end === r.period_end) ??
      ctx.files.find((f) => f.report === r.source_report);
    if (file) removedByFile.set(file.file, (removedByFile.get(file.file) ?? 0) + r.removed);
  }
  const time = kstTimestamp(ctx.nowMs);
  return ctx.files.map((f) => {
    const o = outcomes.get(f.file);
    const control = fileControl(f, o);
    const { lines } = control;
    const notes: string[] = [];
    if (lines.superseded > 0) notes.push(logNote('SUPERSEDED', { count: lines.superseded }));
    if (f.foreign_download) notes.push(logNote('FOREIGN', { code: f.foreign_download }));
    else if (f.report === null) notes.push(logNote('NOT_RECOGNISED'));
    for (const c of f.control.filter((c) => !c.ok))
      notes.push(logNote('CONTROL', { name: c.name, expected: c.expected, actual: c.actual }));
    if (!control.match) notes.push(logNote('NOT_MATCHED'));
    if (lines.rejected > 0) notes.push(logNote('REJECTED', { count: lines.rejected }));
    if (f.duplicate_of) notes.push(logNote('DUPLICATE_FILE', { file: f.duplicate_of }));
    if (lines.duplicates > 0) notes.push(logNote('DUPLICATES', { count: lines.duplicates }));
    if (lines.skipped > lines.duplicates)
      notes.push(logNote('SKIPPED', { count: lines.skipped - lines.duplicates }));
    if (!control.balanced) {
      const sum = lines.written + lines.unchanged + lines.rejected + lines.skipped + lines.superseded;
      notes.push(logNote('UNBALANCED', { read: lines.read, sum }));
    }
    if (f.rows_rejected > 0 && isIncomplete(f)) notes.push(logNote('KEPT'));
    const status = f.report === null ? 'error' : control.status === 'ok' ? 'ok' : 'warning';
    return [
      ctx.importId,
      time,
      ctx.user,
      f.file,
      f.sha256,
      f.report ?? f.foreign_download ?? null,
      f.mapping_version,
      f.period_start,
      f.period_end,
      f.rows_read,
      o?.inserted ?? 0,
      o?.updated ?? 0,
      o?.unchanged ?? 0,
      removedByFile.get(f.file) ?? 0,
      lines.rejected,
      o?.amountInFile ?? 0,
      o?.amountWritten ?? 0,
      control.match,
      status,
      notes.join('; '),
      f.vendor_id,
      lines.superseded,
      o?.amountSuperseded ?? 0,
    ];
  });
}
