/**
 * The subcommand table. Adding a subcommand = one import and one entry here.
 */
import { costsCommand } from './costs';
import { exportCommand } from './export/command';
import { importCommand } from './import';
import { normalizeCommand } from './normalize';
import type { CliCommand } from './types';

export const COMMANDS: readonly CliCommand[] = [normalizeCommand, importCommand, costsCommand, exportCommand];
