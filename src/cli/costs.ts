/**
 * `cjet costs BOOK.xlsx [--lang ko|en] [--dry-run] [--json]`
 *
 * Prefills the 원가 (Unit costs) tab of a cjet workbook with one row per option seen so far that has
 * none yet (its name for reference; the cost and dates left for the seller), then refreshes the
 * summary tabs so the cost lookup covers the new rows. Rows that exist are never touched. The same
 * refusal discipline as `cjet import`: a tab whose header is not ours is left alone and nothing is
 * written; the file is replaced in one rename, so an interrupted run never leaves half a workbook.
 */
import { existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { prefillCosts } from '../core/costs/prefill';
import { COSTS_TAB } from '../core/costs/table';
import { ensureManagedTabs } from '../core/merge/engine';
import { refusalMessage } from '../core/messages';
import type { Lang } from '../core/model/rpc';
import { tabLabel } from '../core/model/tabs';
import { refreshSummaries } from '../core/summary/refresh';
import { readSources } from '../core/summary/sources';
import { parseArgs } from './args';
import { nodeIo } from './nodeHost';
import { type CliCommand, type CliIo, EXIT_OK, EXIT_USAGE, UsageError } from './types';
import { XlsxWorkbookPort } from './workbook/xlsx-port';

const USAGE = `사용법 / usage:
  cjet costs 통합문서.xlsx [--lang ko|en] [--dry-run] [--json]

  원가 탭에 지금까지 나온 옵션마다 한 행씩(단위원가·적용 시작일·적용 종료일은 비워 둔 채) 추가합니다.
  이미 있는 행은 건드리지 않습니다. 빈 칸에 단위원가(VAT별도)를 입력하면 옵션별 손익이 바로 계산합니다.
  Adds a row to the Unit costs (원가) tab for every option seen so far that has none (cost and dates
  left blank for you). Existing rows are never touched. Type the unit costs (ex VAT) and the Profit
  by option tab uses them at once.

  --lang     새 탭·열 이름 언어 / language of new labels: ko (default) | en
  --dry-run  추가할 행만 보여 주고 쓰지 않음 / show the rows, write nothing
  --json     JSON 객체 하나를 표준 출력으로 / print one JSON object on stdout

  종료 코드 / exit code: 0 완료 / done · 2 사용법 오류 또는 통합문서를 건드리지 않음 / usage error, or the
  workbook was left alone
`;

export interface CostsOutcome {
  book: string;
  added: { optionId: string; name: string | null }[];
  /** Options that already had a row. */
  present: number;
  dryRun: boolean;
  warnings: string[];
}

export async function prefillBook(options: {
  book: string;
  lang: Lang;
  dryRun: boolean;
}): Promise<CostsOutcome> {
  if (!existsSync(options.book))
    throw new UsageError(
      `통합문서가 없습니다: ${options.book}. 먼저 cjet import 로 만드세요.\nNo such workbook: ${options.book}. Create it with cjet import first.`,
    );
  const port = XlsxWorkbookPort.load(new Uint8Array(await readFile(options.book)), options.lang);
  // In memory only until the save: a dry run is refused alike and writes nothing.
  const mismatched = [...ensureManagedTabs(port), ...(port.ensureTab(COSTS_TAB) ? [] : [COSTS_TAB])];
  if (mismatched.length > 0) {
    const names = mismatched.map((t) => tabLabel(t, options.lang)).join(', ');
    throw new UsageError(refusalMessage('HEADER_MISMATCH', { names }));
  }
  const sources = readSources(port);
  const existing = port.hasTab(COSTS_TAB) ? port.read(COSTS_TAB).rows : [];
  const prefill = prefillCosts(existing, sources);
  const outcome: CostsOutcome = {
    book: options.book,
    added: prefill.rows.map((r) => ({ optionId: String(r[0]), name: (r[1] as string | null) ?? null })),
    present: prefill.present,
    dryRun: options.dryRun,
    warnings: [],
  };
  if (options.dryRun) return outcome;
  if (prefill.rows.length > 0) port.appendRows(COSTS_TAB, prefill.rows);
  const stamp = new Date().toISOString().replace(/[-:]/g, '').slice(0, 15);
  // The cost lookup's ranges now cover the new rows; every summary tab as the data stands.
  const refresh = refreshSummaries(port, { sources, importId: `costs-${stamp}` });
  outcome.warnings = refresh.problems.map((p) => p.message);
  const temporary = `${options.book}.cjet-tmp`;
  await writeFile(temporary, port.save());
  await rename(temporary, options.book);
  return outcome;
}

export function formatCosts(outcome: CostsOutcome): string {
  const lines = [
    outcome.dryRun
      ? `원가 탭에 추가할 옵션 ${outcome.added.length}개 (쓰지 않음) / ${outcome.added.length} options to add (dry run, nothing written)`
      : `원가 탭에 옵션 ${outcome.added.length}개를 추가했습니다 / added ${outcome.added.length} options to the Unit costs tab: ${outcome.book}`,
    `이미 있던 옵션 ${outcome.present}개는 그대로 / ${outcome.present} options already had a row (left as they are)`,
  ];
  for (const a of outcome.added.slice(0, 50)) lines.push(`  ${a.optionId}${a.name ? `  ${a.name}` : ''}`);
  if (outcome.added.length > 50) lines.push(`  … +${outcome.added.length - 50}`);
  if (outcome.added.length > 0 && !outcome.dryRun)
    lines.push(
      '단위원가(VAT별도)와 적용 시작일·종료일을 입력하세요 / type the unit costs (ex VAT) and, if they change, the dates',
    );
  for (const w of outcome.warnings) lines.push(`! ${w}`);
  return `${lines.join('\n')}\n`;
}

export const costsCommand: CliCommand = {
  name: 'costs',
  summary: '원가 탭에 옵션 채우기 / prefill the Unit costs tab with the options seen so far',
  usage: USAGE,
  async run(args, io) {
    const parsed = parseArgs(args, ['lang'], ['dry-run', 'json']);
    if (parsed.positionals.length !== 1)
      throw new UsageError('통합문서(.xlsx)를 하나 지정하세요 / give one workbook (.xlsx)');
    const book = parsed.positionals[0]!;
    if (!/\.xlsx$/i.test(book)) throw new UsageError('.xlsx 통합문서여야 합니다 / must be an .xlsx workbook');
    const lang = parsed.flags.get('lang') ?? 'ko';
    if (lang !== 'ko' && lang !== 'en')
      throw new UsageError('--lang 은 ko 또는 en / --lang must be ko or en');
    const outcome = await prefillBook({ book, lang, dryRun: parsed.flags.get('dry-run') === true });
    io.stdout(parsed.flags.get('json') === true ? `${JSON.stringify(outcome)}\n` : formatCosts(outcome));
    return EXIT_OK;
  },
};

/** Entry for tests: the exit code of `cjet costs …`. */
export async function runCostsCommand(argv: string[], io: CliIo = nodeIo()): Promise<number> {
  try {
    return await costsCommand.run(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`${error.message}\n\n${USAGE}`);
      return EXIT_USAGE;
    }
    throw error;
  }
}
