/** Argument parsing shared by subcommands; values are validated with zod at this boundary. */
import { z } from 'zod';
import { Period } from '../core/model/records';
import { isIsoDate } from '../core/util/dates';
import { UsageError } from './types';

/** `2025-01-01..2025-01-31` → Period (start ≤ end, real calendar dates). */
export const PeriodArg = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD..YYYY-MM-DD')
  .transform((text) => {
    const [start, end] = text.split('..') as [string, string];
    return { start, end };
  })
  .pipe(Period)
  .refine((p) => isIsoDate(p.start) && isIsoDate(p.end), 'not a calendar date')
  .refine((p) => p.start <= p.end, 'start after end');

export interface ParsedArgs {
  positionals: string[];
  flags: Map<string, string | true>;
}

/**
 * `--name value`, `--name=value` and boolean `--flag`; `--` ends the options.
 * @param valued options that take a value; others are boolean
 */
export function parseArgs(
  args: readonly string[],
  valued: readonly string[],
  booleans: readonly string[],
): ParsedArgs {
  const positionals: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    if (valued.includes(name)) {
      const value = eq === -1 ? args[++i] : arg.slice(eq + 1);
      if (value === undefined || value === '') {
        throw new UsageError(`--${name}에 값이 필요합니다 / --${name} needs a value`);
      }
      flags.set(name, value);
    } else if (booleans.includes(name) && eq === -1) {
      flags.set(name, true);
    } else {
      throw new UsageError(`알 수 없는 옵션 ${arg} / unknown option ${arg}`);
    }
  }
  return { positionals, flags };
}

export function parsePeriodArg(value: string): Period {
  const parsed = PeriodArg.safeParse(value);
  if (!parsed.success) {
    throw new UsageError(
      `--period "${value}"이(가) 올바르지 않습니다. 예: 2025-01-01..2025-01-31 / invalid --period "${value}", e.g. 2025-01-01..2025-01-31`,
    );
  }
  return parsed.data;
}
