/**
 * `cjet export FILE_OR_BOOK... --bigquery OUTDIR [--period A..B] [--json]`
 *
 * Downloads are normalized with the core (as `cjet normalize`) and merged, in memory, exactly as
 * `cjet import` would merge them into an empty workbook; a cjet workbook (.xlsx written by
 * `cjet import`, or a Google Sheet downloaded as .xlsx) is read through the workbook port, with what
 * the user typed (overrides, rules). Both give the same tables (tables.ts), written as NDJSON by
 * month, BigQuery schemas and `load.sh` (write.ts).
 */
import { userInfo } from 'node:os';
import type { NormalizeResult, Period } from '../../core/model/records';
import { parseArgs, parsePeriodArg } from '../args';
import { runNormalize } from '../normalize';
import { type CliCommand, type CliIo, EXIT_INPUT_FAILED, EXIT_OK, UsageError } from '../types';
import { XlsxWorkbookPort } from '../workbook/xlsx-port';
import { downloadsImportId, type Ledger, mergeDownloads, readLedger } from './ledger';
import { type ExportProblem, notABookOrDownload } from './messages';
import { buildTables } from './rows';
import { isCjetWorkbook } from './sniff';
import { CORE_TABS, type TabSet, tableSpecs } from './tables';
import { type Manifest, OutDirInUse, writeExport } from './write';

const USAGE = `사용법 / usage:
  cjet export 파일_또는_통합문서... --bigquery 폴더 [--period YYYY-MM-DD..YYYY-MM-DD] [--json]

  쿠팡 다운로드 파일이나 cjet 통합문서(.xlsx)를 BigQuery에 올릴 수 있게 내보냅니다: 테이블마다 월별
  NDJSON 파일, BigQuery 스키마(schema/*.json), 그리고 적재 스크립트 load.sh.
  통합문서에서는 직접 입력한 수수료와 수수료 설정도 함께 내보냅니다.
  Exports Coupang downloads or a cjet workbook for BigQuery: NDJSON files per table and month,
  BigQuery schemas (schema/*.json) and load.sh. From a workbook, your commission overrides and
  rules are exported too.

  --bigquery  내보낼 폴더 (비어 있거나 이전 내보내기) / output folder (empty, or an earlier export)
  --period    판매분석(v1) 파일의 기간 / period of 판매분석 (v1) files
  --json      JSON 객체 하나를 표준 출력으로 / print one JSON object on stdout

  다음 / then: CJET_BQ_PROJECT=프로젝트 CJET_BQ_DATASET=cjet bash 폴더/load.sh

  종료 코드 / exit code: 0 내보냄 / exported · 1 읽지 못한 파일이 있거나(나머지는 내보냄) 통합문서의
  값이 잘못되어 내보내지 않음 / some file not read (the others exported), or a workbook cell is invalid
  (nothing written) · 2 사용법 오류 / usage error
`;

export interface ExportOptions {
  inputs: readonly string[];
  outDir: string;
  period?: Period;
  /** The tab definitions the tables come from (tests use other schema versions). */
  tabs?: TabSet;
  nowMs?: number;
}

export interface ExportOutcome {
  /** Null when the export was refused (see problems). */
  manifest: Manifest | null;
  problems: ExportProblem[];
  books: string[];
  downloads: string[];
  normalized: NormalizeResult | null;
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return '';
  }
}

/** The inputs as ledgers (no writing). */
export async function readInputs(
  options: ExportOptions,
  io: CliIo,
): Promise<{
  ledgers: Ledger[];
  problems: ExportProblem[];
  books: string[];
  downloads: string[];
  normalized: NormalizeResult | null;
}> {
  const tabs = options.tabs ?? CORE_TABS;
  const problems: ExportProblem[] = [];
  const ledgers: Ledger[] = [];
  const books: string[] = [];
  const downloads: string[] = [];
  for (const path of options.inputs) {
    let bytes: Uint8Array | null = null;
    try {
      bytes = await io.readFile(path);
    } catch {
      bytes = null; // runNormalize reports an unreadable file with the downloads
    }
    if (bytes && isCjetWorkbook(path, bytes)) {
      books.push(path);
      try {
        ledgers.push(
          readLedger(await XlsxWorkbookPort.load(bytes, 'ko', path), path, 'book', tabs, problems),
        );
      } catch (error) {
        problems.push(
          notABookOrDownload({ source: path }, error instanceof Error ? error.message : String(error)),
        );
      }
    } else downloads.push(path);
  }
  let normalized: NormalizeResult | null = null;
  if (downloads.length > 0) {
    normalized = await runNormalize(downloads, options.period, io);
    const port = mergeDownloads(normalized, {
      importId: downloadsImportId(normalized),
      nowMs: options.nowMs ?? Date.now(),
      user: safeUser(),
    });
    const source = `내려받은 파일 ${downloads.length}개 / ${downloads.length} downloads`;
    ledgers.push(readLedger(port, source, 'downloads', tabs, problems));
  }
  return { ledgers, problems, books, downloads, normalized };
}

export async function runExport(options: ExportOptions, io: CliIo): Promise<ExportOutcome> {
  const read = await readInputs(options, io);
  const { tables, problems } = buildTables(read.ledgers, tableSpecs(options.tabs ?? CORE_TABS));
  const all = [...read.problems, ...problems];
  const base = { problems: all, books: read.books, downloads: read.downloads, normalized: read.normalized };
  if (all.length > 0) return { ...base, manifest: null };
  try {
    const manifest = await writeExport(
      options.outDir,
      tables,
      options.inputs,
      new Date(options.nowMs ?? Date.now()),
    );
    return { ...base, manifest };
  } catch (error) {
    if (error instanceof OutDirInUse) throw new UsageError(error.message);
    throw error;
  }
}

const won = (n: number) => n.toLocaleString('en-US');
const MAX_PROBLEMS = 30;

function downloadsFailed(normalized: NormalizeResult | null): string[] {
  return (normalized?.files ?? [])
    .filter((f) => f.status === 'failed' || f.report === null)
    .map((f) => f.file);
}

export function formatExport(outcome: ExportOutcome, outDir: string): string {
  const lines: string[] = [];
  if (!outcome.manifest) {
    lines.push('내보내지 않았습니다 (아무것도 쓰지 않음) / not exported (nothing written):');
    for (const p of outcome.problems.slice(0, MAX_PROBLEMS)) lines.push(`  ✗ [${p.code}] ${p.message}`);
    if (outcome.problems.length > MAX_PROBLEMS)
      lines.push(`  … ${outcome.problems.length - MAX_PROBLEMS}건 더 / more (--json)`);
    return `${lines.join('\n')}\n`;
  }
  lines.push(`내보냄 / exported → ${outDir}`);
  lines.push(
    `  통합문서 books ${outcome.books.length} · 내려받은 파일 downloads ${outcome.downloads.length}`,
  );
  lines.push('');
  lines.push(
    `  ${'테이블 / table'.padEnd(24)}${'행 rows'.padStart(12)}${'파일 files'.padStart(12)}${'범위 scopes'.padStart(13)}`,
  );
  for (const t of outcome.manifest.tables) {
    lines.push(
      `  ${t.name.padEnd(24)}${won(t.rows).padStart(12)}${won(t.files.length).padStart(12)}${won(t.scopes).padStart(13)}`,
    );
  }
  lines.push('');
  for (const file of downloadsFailed(outcome.normalized))
    lines.push(
      `읽지 못함 / not read or not recognised: ${file} (나머지는 내보냄 / the others were exported)`,
    );
  const errors = outcome.normalized?.problems.filter((p) => p.severity === 'error').length ?? 0;
  if (errors > 0)
    lines.push(
      `가져오기 문제 / import problems: ${errors} (cjet normalize 로 자세히 / details: cjet normalize)`,
    );
  lines.push(`다음 / next: CJET_BQ_PROJECT=프로젝트ID CJET_BQ_DATASET=cjet bash ${outDir}/load.sh`);
  return `${lines.join('\n')}\n`;
}

export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'BigQuery로 내보내기 (NDJSON, 스키마, load.sh) / export for BigQuery',
  usage: USAGE,
  async run(args, io) {
    const parsed = parseArgs(args, ['bigquery', 'period'], ['json']);
    if (parsed.positionals.length === 0)
      throw new UsageError('파일이나 통합문서를 하나 이상 지정하세요 / give at least one file or workbook');
    const outDir = parsed.flags.get('bigquery');
    if (typeof outDir !== 'string')
      throw new UsageError('--bigquery 폴더 가 필요합니다 / --bigquery OUTDIR is required');
    const periodText = parsed.flags.get('period');
    const outcome = await runExport(
      {
        inputs: parsed.positionals,
        outDir,
        period: typeof periodText === 'string' ? parsePeriodArg(periodText) : undefined,
      },
      io,
    );
    if (parsed.flags.get('json') === true) {
      io.stdout(
        `${JSON.stringify({
          out: outDir,
          exported: outcome.manifest !== null,
          manifest: outcome.manifest,
          problems: outcome.problems,
          files: outcome.normalized?.files ?? [],
          importProblems: outcome.normalized?.problems ?? [],
        })}\n`,
      );
    } else io.stdout(formatExport(outcome, outDir));
    if (!outcome.manifest) return EXIT_INPUT_FAILED;
    return downloadsFailed(outcome.normalized).length > 0 ? EXIT_INPUT_FAILED : EXIT_OK;
  },
};
