/**
 * CLI entry (bundled by build.mjs to dist/cli.mjs; bin/cjet.mjs imports it and calls `main`).
 * Dispatches `cjet <subcommand> ...` through the table in commands.ts.
 */
import { pathToFileURL } from 'node:url';
import { COMMANDS } from './commands';
import { nodeIo } from './nodeHost';
import { type CliCommand, type CliIo, EXIT_USAGE, UsageError } from './types';

export function generalUsage(commands: readonly CliCommand[] = COMMANDS): string {
  const lines = commands.map((c) => `  cjet ${c.name.padEnd(10)} ${c.summary}`);
  return `사용법 / usage: cjet <명령/command> [인자/args]\n${lines.join('\n')}\n\n  cjet <명령> --help  명령별 도움말 / help for a command\n`;
}

export async function main(
  argv: readonly string[],
  io: CliIo = nodeIo(),
  commands: readonly CliCommand[] = COMMANDS,
): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.stderr : io.stdout)(generalUsage(commands));
    return name === undefined ? EXIT_USAGE : 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr(`알 수 없는 명령 "${name}" / unknown command "${name}"\n${generalUsage(commands)}`);
    return EXIT_USAGE;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(command.usage);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`${error.message}\n\n${command.usage}`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

// Run when executed directly (`node dist/cli.mjs …` or `tsx src/cli/main.ts …`), not when imported.
const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(entry).href) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(
        `예상하지 못한 오류 / unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exitCode = 1;
    },
  );
}
