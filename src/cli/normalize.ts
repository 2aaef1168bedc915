/** `cjet normalize FILE... [--period YYYY-MM-DD..YYYY-MM-DD] [--json]`: the core, from the shell. */
import { makeProblem } from '../core/messages';
import type { FileSummary, NormalizeResult, Period, Problem } from '../core/model/records';
import { emptySummary, type InputFile, normalizeFiles } from '../core/normalize';
import { parseArgs, parsePeriodArg } from './args';
import { decodeCp949 } from './nodeHost';
import { formatSummary } from './summaryText';
import { type CliCommand, type CliIo, EXIT_INPUT_FAILED, EXIT_OK, UsageError } from './types';

const USAGE = `사용법 / usage:
  cjet normalize 파일... [--period YYYY-MM-DD..YYYY-MM-DD] [--json]

  쿠팡 로켓그로스 다운로드 파일(.xlsx/.xls/.csv)을 읽어 주문·수수료·풀필먼트 행으로 정리합니다.
  Reads Coupang Rocket Growth downloads and prints the normalized Orders / Fees / Fulfillment records.

  --period  판매분석(v1) 파일의 기간. 파일 안에 날짜가 없어 꼭 필요합니다.
            Period of 판매분석 (v1) files, which carry no dates: required for them.
  --json    JSON 객체 하나를 표준 출력으로 / print one JSON object on stdout.

  종료 코드 / exit code: 0 모두 가져옴 / all files imported · 1 가져오지 못한 파일 있음 / some file failed · 2 사용법 오류 / usage error
`;

function unreadable(file: string, detail: string): { summary: FileSummary; problem: Problem } {
  return {
    summary: emptySummary(file, ''),
    problem: makeProblem('FILE_UNREADABLE', 'error', { file }, { detail }),
  };
}

export async function runNormalize(
  paths: readonly string[],
  period: Period | undefined,
  io: CliIo,
): Promise<NormalizeResult> {
  const inputs: InputFile[] = [];
  const failures: ReturnType<typeof unreadable>[] = [];
  const order: { path: string; input: boolean }[] = [];
  for (const path of paths) {
    try {
      inputs.push({ name: path, bytes: await io.readFile(path) });
      order.push({ path, input: true });
    } catch (error) {
      failures.push(unreadable(path, error instanceof Error ? error.message : String(error)));
      order.push({ path, input: false });
    }
  }
  const result = normalizeFiles(inputs, { decodeCp949, period });
  // Keep the files in command-line order, unreadable ones included.
  const files: FileSummary[] = [];
  let readIndex = 0;
  let failIndex = 0;
  for (const entry of order) {
    if (entry.input) files.push(result.files[readIndex++]!);
    else files.push(failures[failIndex++]!.summary);
  }
  return { ...result, files, problems: [...failures.map((f) => f.problem), ...result.problems] };
}

export const normalizeCommand: CliCommand = {
  name: 'normalize',
  summary: '다운로드 파일을 정규화된 행으로 읽기 / read downloads into normalized records',
  usage: USAGE,
  async run(args, io) {
    const parsed = parseArgs(args, ['period'], ['json']);
    if (parsed.positionals.length === 0)
      throw new UsageError('파일을 하나 이상 지정하세요 / give at least one file');
    const periodText = parsed.flags.get('period');
    const period = typeof periodText === 'string' ? parsePeriodArg(periodText) : undefined;
    const result = await runNormalize(parsed.positionals, period, io);
    if (parsed.flags.get('json') === true) io.stdout(`${JSON.stringify(result)}\n`);
    else io.stdout(formatSummary(result));
    return result.files.every((file) => file.status === 'imported') ? EXIT_OK : EXIT_INPUT_FAILED;
  },
};
