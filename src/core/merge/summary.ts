/**
 * From merge plans to what people read: the chunk/finish responses of the server calls, the
 * command-line summary and the Import log rows (one per file). Shared by both hosts.
 */
import type { FileSummary } from '../model/records';
import {
  DataTabId,
  emptyTabCountsByTab,
  type FileOutcome,
  type ImportChunkResponse,
  type ImportFinishResponse,
  type ScopeMatch,
  type ShippingSummary,
} from '../model/rpc';
import type { Cell } from './cells';
import type { MergePlan } from './plan';

export function chunkResponse(importId: string, seq: number, plan: MergePlan): ImportChunkResponse {
  const tabs = emptyTabCountsByTab();
  for (const id of DataTabId.options) Object.assign(tabs[id], plan.tabs[id].counts);
  const warnings: string[] = [];
  if (plan.v1Superseded.removed + plan.v1Superseded.skipped > 0) warnings.push(v1Warning(plan.v1Superseded));
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
    warnings,
  };
}

function v1Warning(v1: { removed: number; skipped: number }): string {
  return (
    `판매분석(v1) 주문행 ${v1.removed}개를 삭제하고 ${v1.skipped}개를 기록하지 않았습니다: 같은 기간의 정산 리포트(v2)가 있어 매출이 두 번 잡히지 않도록 했습니다.\n` +
    `${v1.removed} v1 (판매분석) order rows removed and ${v1.skipped} not written: settlement (v2) data covers the same span, so sales are not counted twice.`
  );
}

/** Per-scope removals a dry run predicts: rows of a replaced period that no chunk matched. */
function predictedRemovals(chunks: readonly ImportChunkResponse[]): Map<DataTabId, number> {
  const byScope = new Map<string, { tab: DataTabId; existing: number; matched: number }>();
  for (const chunk of chunks) {
    for (const s of chunk.scopes as ScopeMatch[]) {
      const key = `${s.tab}|${s.source_report}|${s.period_end}`;
      const entry = byScope.get(key) ?? { tab: s.tab, existing: s.existing, matched: 0 };
      entry.existing = Math.max(entry.existing, s.existing);
      entry.matched += s.matched;
      byScope.set(key, entry);
    }
  }
  const removed = new Map<DataTabId, number>();
  for (const entry of byScope.values()) {
    removed.set(entry.tab, (removed.get(entry.tab) ?? 0) + Math.max(0, entry.existing - entry.matched));
  }
  return removed;
}

export interface FinishInput {
  importId: string;
  dryRun: boolean;
  files: readonly FileSummary[];
  chunks: readonly ImportChunkResponse[];
  /** The plan of the finish step (apply mode): period replacements and the final shipping state. */
  finishPlan: MergePlan | null;
  /** Periods replaced, when the removals are already counted in `chunks` (one-pass import). */
  replaced?: MergePlan['replaced'];
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
      warnings.push(preservedWarning(input.finishPlan.preservedUserRows));
  } else if (input.dryRun) {
    for (const [id, removed] of predictedRemovals(input.chunks)) tabs[id].removed += removed;
  }
  const replacedRows = DataTabId.options.reduce((n, id) => n + tabs[id].removed, 0);
  const replaced = input.replaced ?? input.finishPlan?.replaced ?? [];
  if (replacedRows > 0 && replaced.length > 0) {
    const periods = [...new Set(replaced.map((r) => `${r.source_report} ${r.period_end}`))].join(', ');
    warnings.push(
      `수정된 파일로 기간을 교체하며 새 파일에 없는 행을 삭제했습니다 (${periods}).\nCorrected download: rows no longer in the file were removed (${periods}).`,
    );
  }
  const outcomes = mergeOutcomes(input.chunks);
  const control = input.files.map((f) => {
    const o = outcomes.get(f.file);
    const amountInFile = o?.amountInFile ?? 0;
    const amountWritten = o?.amountWritten ?? 0;
    const amountSuperseded = o?.amountSuperseded ?? 0;
    return {
      file: f.file,
      amountInFile,
      amountWritten,
      superseded: o?.superseded ?? 0,
      amountSuperseded,
      match: amountInFile === amountWritten + amountSuperseded,
      fileChecksOk: f.control.every((c) => c.ok),
    };
  });
  return {
    importId: input.importId,
    dryRun: input.dryRun,
    refused: null,
    tabs,
    v1Superseded,
    shipping,
    commissionsMissing,
    control,
    warnings,
  };
}

function preservedWarning(rows: number): string {
  return (
    `삭제된 행 ${rows}개에 직접 입력한 내용이 있어 '가져오기 오류' 탭에 보관했습니다.\n` +
    `${rows} removed rows held what you typed; it is kept in the Import problems tab.`
  );
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
        total.amountInFile += o.amountInFile;
        total.amountWritten += o.amountWritten;
        total.superseded += o.superseded;
        total.amountSuperseded += o.amountSuperseded;
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

/** One Import log row per file (LOG_TAB columns). Removed rows of a replaced period are put on the
 *  file of the same report and period end (the file that replaced it). */
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
    const fileOk = f.report !== null && f.control.every((c) => c.ok);
    const match = (o?.amountInFile ?? 0) === (o?.amountWritten ?? 0) + (o?.amountSuperseded ?? 0);
    const warnings: string[] = [];
    const superseded = o?.superseded ?? 0;
    const rejected = (o?.rejected ?? 0) + f.rows_rejected;
    if (superseded > 0)
      warnings.push(
        `정산 리포트(v2)가 같은 기간을 대체하여 ${superseded}행 기록 안 함 / ${superseded} rows not written: settlement (v2) data covers the span`,
      );
    if (f.foreign_download)
      warnings.push(`로켓그로스 리포트가 아님 / not a Rocket Growth report: ${f.foreign_download}`);
    else if (f.report === null) warnings.push('인식하지 못한 파일 / file not recognised');
    for (const c of f.control.filter((c) => !c.ok)) warnings.push(`${c.name}: ${c.expected} ≠ ${c.actual}`);
    if (!match) warnings.push('기록된 합계가 파일과 다름 / written total differs from the file');
    if (rejected > 0) warnings.push(`거부된 행 ${rejected} / ${rejected} rows rejected`);
    const status = f.report === null ? 'error' : fileOk && match && rejected === 0 ? 'ok' : 'warning';
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
      rejected,
      o?.amountInFile ?? 0,
      o?.amountWritten ?? 0,
      match,
      status,
      warnings.join('; '),
      f.vendor_id,
      superseded,
      o?.amountSuperseded ?? 0,
    ];
  });
}
