/** The CLI's seams: a subcommand is a name + usage + run(args, io) → exit code. */

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readFile: (path: string) => Promise<Uint8Array>;
}

export interface CliCommand {
  name: string;
  /** One line, Korean first then English, for the general usage text. */
  summary: string;
  /** Full usage text of the subcommand (Korean first, English after). */
  usage: string;
  /** Exit codes: 0 success, 1 some input failed, 2 usage error. */
  run: (args: readonly string[], io: CliIo) => Promise<number>;
}

/** Thrown by argument parsing; reported with the subcommand's usage and exit code 2. */
export class UsageError extends Error {}

export const EXIT_OK = 0;
export const EXIT_INPUT_FAILED = 1;
export const EXIT_USAGE = 2;
