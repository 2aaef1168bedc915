/**
 * `cjet import FILE... --out BOOK.xlsx [--period A..B] [--lang ko|en] [--dry-run] [--json]`
 *
 * Reads the downloads with core's normalizeFiles (CP949 through iconv-lite, as `cjet normalize`),
 * then merges them into a new or existing workbook with the same engine as the Sheets add-on
 * (src/core/merge). One pass: the whole import is one merge step, so corrected downloads replace
 * their periods in the same step.
 */
import { userInfo } from 'node:os';
import { ensureManagedTabs, importedKeys, mergeStep, problemRows } from '../core/merge/engine';
import { describeRemovals } from '../core/merge/removals';
import { chunkResponse, finishResponse, logRows } from '../core/merge/summary';
import { refusalMessage, thousands } from '../core/messages';
import type { NormalizeResult } from '../core/model/records';
import type { ImportFinishResponse, Lang } from '../core/model/rpc';
import { LOG_TAB, PROBLEMS_TAB } from '../core/model/tabs';
import { digestedSources } from '../core/summary/digest';
import type { Sources } from '../core/summary/evaluate';
import { monthsOf } from '../core/summary/headline';
import { refreshSummaries } from '../core/summary/refresh';
import { finalTables, readRules, readSources, readTables, sourcesFrom } from '../core/summary/sources';
import { parseArgs, parsePeriodArg } from './args';
import { formatImportSummary } from './importText';
import { collectGarbage } from './memory';
import { nodeIo } from './nodeHost';
import { runNormalize } from './normalize';
import { type CliCommand, type CliIo, EXIT_INPUT_FAILED, EXIT_OK, EXIT_USAGE, UsageError } from './types';
import { checkOutPath, lockBook, readBookFile, replaceBook, sweepTemporaryFiles } from './workbook/book-file';
import { WorkbookError } from './workbook/errors';
import { XlsxWorkbookPort } from './workbook/xlsx-port';

const USAGE = `사용법 / usage:
  cjet import 파일... --out 통합문서.xlsx [--period YYYY-MM-DD..YYYY-MM-DD] [--lang ko|en] [--allow-removals] [--dry-run] [--json]

  쿠팡 로켓그로스 다운로드 파일을 읽어 통합문서(.xlsx)의 주문·수수료·풀필먼트비용 탭에 합칩니다.
  같은 파일을 다시 가져와도 바뀌지 않고, 직접 입력한 수수료·메모·오른쪽 열은 그대로 남습니다.
  Merges Coupang Rocket Growth downloads into the Orders / Fees / Fulfillment tabs of a workbook
  (created if missing). Re-importing changes nothing; your overrides, notes and columns are kept.

  --out      만들거나 고칠 .xlsx / the workbook to create or update (required)
  --period   판매분석(v1) 파일의 기간 / period of 판매분석 (v1) files
  --lang     탭·열 이름 언어 (새 탭) / language of new tab and column labels: ko (default) | en
  --allow-removals  장부에 있던 행을 지워도 됨(수정된 다운로드) / rows of the book may be removed
             (a corrected download); without it such an import writes nothing (exit 3)
  --dry-run  계획만 보여 주고 아무것도 쓰지 않음 / show the plan, write nothing
  --json     JSON 객체 하나를 표준 출력으로 / print one JSON object on stdout

  종료 코드 / exit code: 0 모든 파일 가져옴 / all files read · 1 읽지 못한 파일 있음 (나머지는 기록) /
  some file not read or recognised (the others are written) · 2 사용법 오류, 또는 통합문서에 쓸 수 없음
  (폴더·쓰기 권한, .xlsx가 아님, 손상, 다른 cjet import가 쓰는 중: 아무것도 쓰지 않음) / usage error, or the
  workbook cannot be written (folder or permission, not an .xlsx, damaged, another cjet import is writing
  it: nothing is written) · 3 행을 지워야 해서 쓰지 않음 / rows would be removed without --allow-removals
  (nothing written)
`;

/** Exit code: the import would remove rows of the book and --allow-removals was not given. */
export const EXIT_REMOVALS_REFUSED = 3;

export interface ImportOutcome {
  summary: ImportFinishResponse;
  out: string;
  /** What was read of the downloads (their rows are not kept once merged). */
  normalized: Pick<NormalizeResult, 'files' | 'problems'>;
}

/** Progress on stderr, only when it is a terminal (a bar would garble a log file). */
function progress(io: CliIo, enabled: boolean) {
  return (step: number, total: number, label: string) => {
    if (!enabled) return;
    const width = 24;
    const filled = Math.round((step / total) * width);
    io.stderr(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${label.padEnd(40)}`);
    if (step === total) io.stderr('\n');
  };
}

function newImportId(nowMs: number): string {
  const stamp = new Date(nowMs).toISOString().replace(/[-:]/g, '').slice(0, 15);
  return `cli-${stamp}-${Math.floor(Math.random() * 0xffff)
    .toString(16)
    .padStart(4, '0')}`;
}

function withImportId(result: NormalizeResult, importId: string): NormalizeResult {
  return {
    ...result,
    orders: result.orders.map((r) => ({ ...r, import_id: importId })),
    fees: result.fees.map((r) => ({ ...r, import_id: importId })),
    fulfillment: result.fulfillment.map((r) => ({ ...r, import_id: importId })),
  };
}

export interface ImportOptions {
  files: readonly string[];
  out: string;
  period?: { start: string; end: string };
  lang: Lang;
  dryRun: boolean;
  /** Rows of the book may be removed (--allow-removals); otherwise such an import writes nothing. */
  allowRemovals?: boolean;
  nowMs?: number;
  onProgress?: (step: number, total: number, label: string) => void;
}

/**
 * The whole import; usable from tests and the benchmark without the argument parsing.
 * Throws a WorkbookError (one line, Korean and English; the CLI exits 2) when `--out` cannot be
 * the workbook, another import holds it, or it is not a workbook cjet can write into; nothing is
 * written then.
 */
export async function importFiles(options: ImportOptions, io: CliIo): Promise<ImportOutcome> {
  const step = options.onProgress ?? (() => {});
  const nowMs = options.nowMs ?? Date.now();
  const importId = newImportId(nowMs);
  // The workbook is opened while the downloads are read: its sheets are inflated on zlib's threads
  // meanwhile (the downloads are read once that has begun), and read once the downloads are.
  let inflating = (): void => {};
  const begun = new Promise<void>((resolve) => {
    inflating = resolve;
  });
  const early =
    (await checkOutPath(options.out)) === 'file'
      ? openBook(options.out, options.lang, undefined, inflating)
      : null;
  if (early) await Promise.race([begun, early]);
  step(0, 4, '파일 읽기 / reading files');
  let downloads: NormalizeResult | null = withImportId(
    await runNormalize(options.files, options.period, io),
    importId,
  );
  const { files, problems } = downloads;

  step(1, 4, '통합문서 열기 / opening workbook');
  // One import at a time per workbook: what is merged into is the workbook as it is once the lock is
  // ours (the early copy only if the file is still byte for byte the same).
  const release = options.dryRun ? null : await lockBook(options.out);
  try {
    if (release) await sweepTemporaryFiles(options.out);
    let port: XlsxWorkbookPort;
    if ((await checkOutPath(options.out)) === 'file') {
      const current = await readBookFile(options.out);
      const opened = await early;
      const book =
        opened && Buffer.compare(opened.bytes, current) === 0
          ? opened
          : await openBook(options.out, options.lang, current);
      if (!book.port) throw book.error;
      port = book.port;
    } else port = XlsxWorkbookPort.create(options.lang);
    // The sheets' XML read whole is garbage now that their rows are read.
    collectGarbage();
    if (!options.dryRun) {
      const mismatched = ensureManagedTabs(port);
      if (mismatched.length > 0) {
        const names = mismatched.map((t) => port.tabName(t)).join(', ');
        throw new WorkbookError(
          `탭의 머리글 행이 예상과 달라 건드리지 않았습니다: ${names}. 머리글을 되돌리거나 다른 --out 파일을 지정하세요`,
          `the header row of these tabs is not what the importer wrote, so nothing was changed: ${names}. Restore the header or give another --out file`,
        );
      }
    }
    step(2, 4, '합치기 / merging');
    // The downloads' rows and the merge plan are let go once merged (a 50,000-line month is ~100 MB
    // of records): only the summary and what the refresh needs come back.
    const merged = mergeDownloads(port, downloads, { ...options, importId, nowMs });
    downloads = null;
    const { summary, refused, logRowsWritten } = merged;
    // The month-close tabs, from the tabs as this import leaves them (a dry run: computed, not written;
    // a refused import changed nothing, so they are computed from the tabs as they are).
    const close = refreshSummaries(port, {
      sources: digestedSources(merged.planned ?? readSources(port)),
      importId,
      months: merged.months,
      dryRun: options.dryRun || refused,
    });
    summary.close = close.headline;
    summary.warnings.push(...close.problems.map((p) => p.message));
    if (!options.dryRun && !refused) {
      step(3, 4, '저장 / saving');
      await replaceBook(options.out, await port.save());
    }
    step(4, 4, '완료 / done');
    return { summary: { ...summary, logRowsWritten }, out: options.out, normalized: { files, problems } };
  } finally {
    await release?.();
  }
}

interface Merged {
  summary: ReturnType<typeof finishResponse>;
  /** Rows of the book would be removed and --allow-removals was not given: nothing was written. */
  refused: boolean;
  logRowsWritten: number;
  /** Months whose headline the summary shows (those of the rows imported). */
  months: string[];
  /** A dry run: the summaries' sources as the plan would leave the tabs (else they are read). */
  planned: Sources | null;
}

/** The merge step of an import: plan, write (unless dry or refused), problems and log rows. */
function mergeDownloads(
  port: XlsxWorkbookPort,
  normalized: NormalizeResult,
  options: ImportOptions & { importId: string; nowMs: number },
): Merged {
  const { importId, nowMs } = options;
  const incoming = {
    orders: normalized.orders,
    fees: normalized.fees,
    fulfillment: normalized.fulfillment,
  };
  const rules = readRules(port);
  // A dry run computes the month close from the tabs as the plan would leave them.
  const before = options.dryRun ? readTables(port) : null;
  const { plan, refusedRemovals } = mergeStep(port, {
    importId,
    incoming,
    completeImport: importedKeys(incoming),
    dryRun: options.dryRun,
    allowRemovals: options.allowRemovals === true,
    files: normalized.files,
  });
  const chunk = chunkResponse(importId, 0, plan);
  const refused = refusedRemovals !== null && !options.dryRun;
  const summary = finishResponse({
    importId,
    // A refused import wrote nothing: its summary is the plan, as a dry run's.
    dryRun: options.dryRun || refused,
    files: normalized.files,
    chunks: [chunk],
    finishPlan: null,
    onePass: true,
  });
  summary.shipping = plan.shipping;
  if (refused) {
    summary.refused = {
      code: 'REMOVALS_NEED_CONSENT',
      message: refusalMessage('REMOVALS_NEED_FLAG', {
        rows: refusedRemovals.rows,
        amount: thousands(refusedRemovals.amount),
        scopes: describeRemovals(refusedRemovals),
      }),
    };
  }
  let logRowsWritten = 0;
  if (!options.dryRun && !refused) {
    if (normalized.problems.length > 0)
      port.appendRows(PROBLEMS_TAB, problemRows(importId, normalized.problems, options.lang));
    const log = logRows({
      importId,
      user: safeUser(),
      nowMs,
      files: normalized.files,
      chunks: [chunk],
      finishPlan: plan,
    });
    port.appendRows(LOG_TAB, log);
    logRowsWritten = log.length;
  }
  return {
    summary,
    refused,
    logRowsWritten,
    months: monthsOf(
      [...incoming.orders, ...incoming.fees, ...incoming.fulfillment].map((r) => r.period_end),
    ),
    planned: before ? sourcesFrom(finalTables(before, plan), rules) : null,
  };
}

interface OpenedBook {
  bytes: Uint8Array;
  port?: XlsxWorkbookPort;
  error?: unknown;
}

/** Reads and opens the workbook; failures are kept for the caller to throw (after its other work). */
async function openBook(
  path: string,
  lang: Lang,
  read?: Uint8Array,
  inflating?: () => void,
): Promise<OpenedBook> {
  let bytes = read ?? new Uint8Array(0);
  try {
    bytes = read ?? (await readBookFile(path));
    return { bytes, port: await XlsxWorkbookPort.load(bytes, lang, path, inflating) };
  } catch (error) {
    return { bytes, error };
  }
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return '';
  }
}

export const importCommand: CliCommand = {
  name: 'import',
  summary: '다운로드 파일을 통합문서(.xlsx)에 합치기 / merge downloads into a workbook',
  usage: USAGE,
  async run(args, io) {
    const parsed = parseArgs(args, ['out', 'period', 'lang'], ['dry-run', 'json', 'allow-removals']);
    if (parsed.positionals.length === 0)
      throw new UsageError('파일을 하나 이상 지정하세요 / give at least one file');
    const out = parsed.flags.get('out');
    if (typeof out !== 'string')
      throw new UsageError('--out 통합문서.xlsx 가 필요합니다 / --out BOOK.xlsx is required');
    if (!/\.xlsx$/i.test(out))
      throw new UsageError('--out 은 .xlsx 파일이어야 합니다 / --out must be an .xlsx file');
    const langFlag = parsed.flags.get('lang') ?? 'ko';
    if (langFlag !== 'ko' && langFlag !== 'en')
      throw new UsageError('--lang 은 ko 또는 en / --lang must be ko or en');
    const periodText = parsed.flags.get('period');
    const json = parsed.flags.get('json') === true;
    let outcome: ImportOutcome;
    try {
      outcome = await importFiles(
        {
          files: parsed.positionals,
          out,
          period: typeof periodText === 'string' ? parsePeriodArg(periodText) : undefined,
          lang: langFlag,
          dryRun: parsed.flags.get('dry-run') === true,
          allowRemovals: parsed.flags.get('allow-removals') === true,
          onProgress: progress(io, !json && process.stderr.isTTY === true),
        },
        io,
      );
    } catch (error) {
      // The workbook cannot be written: one line, no usage text, no stack trace.
      if (!(error instanceof WorkbookError)) throw error;
      io.stderr(`${error.message}\n`);
      return EXIT_USAGE;
    }
    if (json) {
      io.stdout(
        `${JSON.stringify({ out, summary: outcome.summary, files: outcome.normalized.files, problems: outcome.normalized.problems })}\n`,
      );
    } else io.stdout(formatImportSummary(outcome.summary, outcome.normalized, out));
    if (outcome.summary.refused?.code === 'REMOVALS_NEED_CONSENT') {
      io.stderr(`${outcome.summary.refused.message}\n`);
      return EXIT_REMOVALS_REFUSED;
    }
    return outcome.normalized.files.every((f) => f.status !== 'failed' && f.report !== null)
      ? EXIT_OK
      : EXIT_INPUT_FAILED;
  },
};

/** Entry for the dispatcher: the exit code of `cjet import …`. */
export async function runImportCommand(argv: string[], io: CliIo = nodeIo()): Promise<number> {
  try {
    return await importCommand.run(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`${error.message}\n\n${USAGE}`);
      return EXIT_USAGE;
    }
    throw error;
  }
}
