/**
 * Everything that outlives one execution, as in Apps Script: the spreadsheet, property stores,
 * caches, locks and what the UI has shown. Create one per test with `createEnv()`.
 */
import { dirname, resolve } from 'node:path';
import { CacheStores } from './cache.js';
import { LockTable } from './lock.js';
import { PropertyStores } from './properties.js';
import { type SpreadsheetOptions, SpreadsheetState } from './spreadsheet-state.js';
import { UiState } from './ui.js';

export interface EnvOptions {
  spreadsheet?: SpreadsheetOptions;
  /** appsscript.json `timeZone`; the script realm's local time zone. Default 'Asia/Seoul'. */
  scriptTimeZone?: string;
  /** Session.getActiveUser().getEmail(); '' is what consumer accounts often get. */
  userEmail?: string;
  effectiveUserEmail?: string;
  /** Bundle path (default dist/Code.js); its directory holds `<name>.html` files. */
  bundlePath?: string;
  /** In-memory HTML files by name (without .html), checked before the bundle directory. */
  htmlFiles?: Record<string, string>;
  /** Caption of the add-on menu (createAddonMenu). */
  addonName?: string;
  scriptId?: string;
}

export class GasEnv {
  readonly spreadsheet: SpreadsheetState;
  readonly properties = new PropertyStores();
  readonly cache = new CacheStores();
  readonly locks = new LockTable();
  readonly ui = new UiState();
  scriptTimeZone: string;
  userEmail: string;
  effectiveUserEmail: string;
  bundlePath: string;
  htmlFiles: Record<string, string> | undefined;
  addonName: string;
  scriptId: string;
  /** Number of executions run so far (also used for lock owner ids). */
  executions = 0;

  constructor(options: EnvOptions = {}) {
    this.spreadsheet = new SpreadsheetState(options.spreadsheet);
    this.scriptTimeZone = options.scriptTimeZone ?? 'Asia/Seoul';
    this.userEmail = options.userEmail ?? 'seller@example.com';
    this.effectiveUserEmail = options.effectiveUserEmail ?? this.userEmail;
    this.bundlePath = resolve(options.bundlePath ?? 'dist/Code.js');
    this.htmlFiles = options.htmlFiles;
    this.addonName = options.addonName ?? 'Add-on';
    this.scriptId = options.scriptId ?? '1EmuLatedScriptId';
  }

  get bundleDir(): string {
    return dirname(this.bundlePath);
  }
}

export function createEnv(options: EnvOptions = {}): GasEnv {
  return new GasEnv(options);
}
