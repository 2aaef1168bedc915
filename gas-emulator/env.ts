/**
 * Everything that outlives one execution, as in Apps Script: the spreadsheet, property stores,
 * caches, locks and what the UI has shown. Create one per test with `createEnv()`.
 */
import { dirname, resolve } from 'node:path';
import { CacheStores } from './cache.js';
import { type CostModel, DEFAULT_COST_MODEL, type ExecutionCost } from './cost.js';
import { LockTable } from './lock.js';
import { PropertyStores } from './properties.js';
import { GrantedScopes, manifestScopes } from './scopes.js';
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
  /**
   * The manifest's `oauthScopes`. Default: read from `appsscript.json` next to the bundle on every
   * execution ('auto', i.e. every scope, when the file or the key is missing, as Apps Script then
   * detects the scopes from the code).
   */
  oauthScopes?: readonly string[] | 'auto';
  /** Caption of the add-on menu (createAddonMenu). */
  addonName?: string;
  /** Coefficients of the cost model (default DEFAULT_COST_MODEL, sources in README.md). */
  costModel?: Partial<CostModel>;
  /** What `Date.now()` tells a script: 'modelled' (default) = the execution's start on the host clock
   *  plus its modelled cost so far, as a script would see its time pass in Google; 'real' = the host
   *  clock (README "Modelled clock"). */
  clock?: 'modelled' | 'real';
  /** google.script.run: bytes allowed per direction and calls in flight (see bridge.ts). */
  scriptRun?: Partial<ScriptRunLimits>;
  scriptId?: string;
}

/** One finished execution, in order (what a benchmark reads per execution). */
export interface ExecutionRecord {
  fn: string;
  authMode: string;
  ok: boolean;
  cost: ExecutionCost;
  /** JSON bytes of a google.script.run call's arguments and result (undefined otherwise). */
  argsBytes?: number;
  resultBytes?: number;
}

export interface ScriptRunLimits {
  /** JSON bytes per direction (arguments, result). */
  maxPayloadBytes: number;
  /** Calls in flight at once (Google: 10). */
  maxConcurrent: number;
  /** What the bridge does with a call over the limit: Google delays it; 'refuse' fails it instead. */
  overflow: 'delay' | 'refuse';
}

/** 50 MB: the largest per-call transfer Apps Script documents (README.md, "google.script.run"). */
export const DEFAULT_SCRIPT_RUN_LIMITS: Readonly<ScriptRunLimits> = Object.freeze({
  maxPayloadBytes: 50 * 1024 * 1024,
  maxConcurrent: 10,
  overflow: 'delay',
});

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
  oauthScopes: readonly string[] | 'auto' | undefined;
  /** Number of executions run so far (also used for lock owner ids). */
  executions = 0;
  readonly costModel: CostModel;
  clock: 'modelled' | 'real';
  readonly scriptRunLimits: ScriptRunLimits;
  /** Every execution's record, oldest first; clear it between benchmark scenarios. */
  readonly executionLog: ExecutionRecord[] = [];

  constructor(options: EnvOptions = {}) {
    this.spreadsheet = new SpreadsheetState(options.spreadsheet);
    this.scriptTimeZone = options.scriptTimeZone ?? 'Asia/Seoul';
    this.userEmail = options.userEmail ?? 'seller@example.com';
    this.effectiveUserEmail = options.effectiveUserEmail ?? this.userEmail;
    this.bundlePath = resolve(options.bundlePath ?? 'dist/Code.js');
    this.htmlFiles = options.htmlFiles;
    this.addonName = options.addonName ?? 'Add-on';
    this.scriptId = options.scriptId ?? '1EmuLatedScriptId';
    this.oauthScopes = options.oauthScopes;
    this.costModel = { ...DEFAULT_COST_MODEL, ...options.costModel };
    this.clock = options.clock ?? 'modelled';
    this.scriptRunLimits = { ...DEFAULT_SCRIPT_RUN_LIMITS, ...options.scriptRun };
  }

  /** The scopes an execution starting now holds (the manifest is re-read, as a redeploy would). */
  grantedScopes(): GrantedScopes {
    return new GrantedScopes(this.oauthScopes ?? manifestScopes(this.bundleDir));
  }

  get bundleDir(): string {
    return dirname(this.bundlePath);
  }
}

export function createEnv(options: EnvOptions = {}): GasEnv {
  return new GasEnv(options);
}
