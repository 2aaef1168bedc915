/**
 * The subcommand table. Adding a subcommand = one import and one entry here
 * (`cjet import` lives in src/cli/import*.ts).
 */
import { normalizeCommand } from './normalize';
import type { CliCommand } from './types';

export const COMMANDS: readonly CliCommand[] = [normalizeCommand];
