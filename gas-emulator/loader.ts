/**
 * Runs the built bundle the way Apps Script does: every execution (menu click, trigger,
 * google.script.run call) gets a FRESH global scope that re-runs all top-level code, while the
 * spreadsheet, properties and locks persist in `env` (apps-script-notes.md, "Runtime (V8)").
 *
 * The realm is a bare `node:vm` context: V8 builtins only, so setTimeout, TextDecoder, fetch, URL,
 * Blob, atob, crypto, structuredClone, window, process, Buffer and require are all missing, as in
 * Apps Script. The services, `Logger` and `console` are added. The script's local time zone is the
 * script time zone (process.env.TZ is switched for the duration of the execution).
 */
import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import { parse } from 'acorn';
import { AuthMode, type AuthModeName } from './auth.js';
import { CacheServiceImpl } from './cache.js';
import { CostMeter, type ExecutionCost } from './cost.js';
import { CallCounter, type CallCounts } from './counter.js';
import type { GasEnv } from './env.js';
import { messages } from './errors.js';
import { HtmlServiceImpl } from './html.js';
import { LockServiceImpl } from './lock.js';
import { PropertiesServiceImpl } from './properties.js';
import { copyToHost, type GasObject, ScriptRealm } from './realm.js';
import { SCOPES } from './scopes.js';
import { type LogEntry, LoggerImpl, makeConsole, ScriptAppImpl, SessionImpl } from './services.js';
import { Spreadsheet, SpreadsheetAppImpl } from './spreadsheet.js';
import { Ui } from './ui.js';
import { UtilitiesImpl } from './utilities.js';

/** Apps Script's limit: 6 minutes per execution (apps-script-notes.md, "Limits"). */
export const EXECUTION_TIMEOUT_MS = 6 * 60 * 1000;

export interface RunOptions {
  /** Default FULL (a menu click or dialog call by an authorized user). */
  authMode?: AuthModeName;
  /** Bundle source to run instead of reading `env.bundlePath`. */
  source?: string;
  /** Wall-clock limit for the whole execution (default 6 minutes). */
  timeoutMs?: number;
}

export interface ExecutionResult<T = unknown> {
  /** The function's return value, copied into the host realm (plain data, Dates). */
  result: T;
  /** Service calls made during this execution only. */
  calls: CallCounts;
  logs: LogEntry[];
  /** Time the script asked to wait (Utilities.sleep, lock waits); not actually waited. */
  sleptMs: number;
  authMode: AuthModeName;
  /** Cells read/written, structural edits, recalculated formulas and the modelled duration. */
  cost: ExecutionCost;
}

/** A script failure, with the same name and message the script threw, plus the execution's record. */
export class ExecutionError extends Error {
  constructor(
    message: string,
    name: string,
    readonly calls: CallCounts,
    readonly logs: LogEntry[],
    readonly thrown: unknown,
    readonly cost: ExecutionCost,
  ) {
    super(message);
    this.name = name;
  }
}

const sourceCache = new Map<string, string>();
const functionCache = new Map<string, ReadonlySet<string>>();

/** Reads the bundle once per path. */
export function loadBundle(path: string): string {
  let source = sourceCache.get(path);
  if (source === undefined) {
    source = readFileSync(path, 'utf8');
    sourceCache.set(path, source);
  }
  return source;
}

export function clearBundleCache(): void {
  sourceCache.clear();
  functionCache.clear();
}

/**
 * Names of top-level function declarations: the only things Apps Script can run from a menu,
 * trigger or google.script.run. Also checks the bundle parses as an ES2020 script (no modules,
 * no class fields / #private, which Apps Script rejects).
 */
export function topLevelFunctions(source: string): ReadonlySet<string> {
  let names = functionCache.get(source);
  if (!names) {
    const program = parse(source, { ecmaVersion: 2020, sourceType: 'script' });
    const found = new Set<string>();
    for (const node of program.body)
      if (node.type === 'FunctionDeclaration' && node.id) found.add(node.id.name);
    names = found;
    functionCache.set(source, names);
  }
  return names;
}

export function sourceFor(env: GasEnv, opts: RunOptions): string {
  return opts.source ?? loadBundle(env.bundlePath);
}

interface ExecutionServices {
  spreadsheet: () => GasObject;
}

function withTimeZone<T>(timeZone: string, fn: () => T): T {
  const previous = process.env.TZ;
  process.env.TZ = timeZone;
  try {
    return fn();
  } finally {
    if (previous === undefined) delete process.env.TZ;
    else process.env.TZ = previous;
  }
}

function describeThrown(thrown: unknown): { name: string; message: string } {
  if (typeof thrown === 'object' && thrown !== null && 'message' in thrown) {
    const name = 'name' in thrown && typeof thrown.name === 'string' ? thrown.name : 'Error';
    return { name, message: String(thrown.message) };
  }
  return { name: 'Error', message: String(thrown) };
}

/** Shared by runExecution, runTrigger and callServer: args are built inside the execution. */
export function execute(
  env: GasEnv,
  fnName: string,
  buildArgs: (services: ExecutionServices) => unknown[],
  opts: RunOptions = {},
): ExecutionResult {
  const source = sourceFor(env, opts);
  const functions = topLevelFunctions(source);
  const authMode = opts.authMode ?? AuthMode.FULL;
  env.executions += 1;
  const executionId = `execution-${env.executions}`;
  const counter = new CallCounter();
  const meter = new CostMeter(env.spreadsheet);
  const logs: LogEntry[] = [];
  const clock = { sleptMs: 0 };
  const ss = env.spreadsheet;
  const scopes = env.grantedScopes();
  // Without userinfo.email the user's address is blank (Session/User reference).
  const email = scopes.has(SCOPES.userinfoEmail);
  const globals: Record<string, unknown> = {
    SpreadsheetApp: new SpreadsheetAppImpl({
      ss,
      ui: () => new Ui(env.ui, env.addonName),
      onFlush: () => meter.flush(),
    }),
    PropertiesService: new PropertiesServiceImpl(env.properties, env.userEmail),
    CacheService: new CacheServiceImpl(env.cache, env.userEmail),
    LockService: new LockServiceImpl(env.locks, executionId, env.userEmail, clock),
    Utilities: new UtilitiesImpl(clock),
    Session: new SessionImpl({
      activeUserEmail: authMode === 'FULL' && email ? env.userEmail : '',
      effectiveUserEmail: email ? env.effectiveUserEmail : '',
      scriptTimeZone: env.scriptTimeZone,
      locale: ss.locale.split('_')[0] ?? 'ko',
      temporaryKey: `tmp-${env.userEmail.length}-${env.scriptId}`,
    }),
    HtmlService: new HtmlServiceImpl({
      dir: env.bundleDir,
      files: env.htmlFiles,
    }),
    ScriptApp: new ScriptAppImpl(env.scriptId),
    Logger: new LoggerImpl(logs),
    console: makeConsole(logs),
  };
  const realm = new ScriptRealm(globals, counter, authMode, scopes);
  const context = realm.context;
  if (env.clock === 'modelled') {
    // Date.now() advances by what the execution would have cost in Google so far (README "Modelled
    // clock"): a script that watches its own time budget stops where it would stop there.
    const startMs = Date.now();
    const realmDate = vm.runInContext('Date', context) as DateConstructor;
    Object.defineProperty(realmDate, 'now', {
      value: () =>
        startMs + Math.round(meter.runningMs(counter.snapshot().total, clock.sleptMs, env.costModel)),
      writable: true,
      configurable: true,
    });
  }
  const timeout = opts.timeoutMs ?? EXECUTION_TIMEOUT_MS;
  const record = (ok: boolean) => {
    const cost = meter.finish(counter.snapshot().total, clock.sleptMs, env.costModel);
    env.executionLog.push({ fn: fnName, authMode, ok, cost });
    return { calls: counter.snapshot(), logs, sleptMs: clock.sleptMs, authMode, cost };
  };
  const previousMeter = ss.meter;
  ss.meter = meter;
  try {
    const result = withTimeZone(env.scriptTimeZone, () => {
      counter.inTopLevel = true;
      try {
        vm.runInContext(source, context, { filename: env.bundlePath, timeout });
      } finally {
        counter.inTopLevel = false;
      }
      const fn: unknown = context[fnName];
      if (!functions.has(fnName) || typeof fn !== 'function') {
        throw realm.toScriptError(new Error(messages.functionNotFound(fnName)));
      }
      const args = realm.toScript(buildArgs({ spreadsheet: () => new Spreadsheet(ss) }));
      Object.defineProperty(context, '__gasInvoke__', {
        value: () => Reflect.apply(fn, undefined, args as unknown[]),
        configurable: true,
      });
      try {
        return vm.runInContext('__gasInvoke__()', context, { timeout });
      } finally {
        delete context.__gasInvoke__;
      }
    });
    ss.meter = previousMeter;
    return { result: copyToHost(result), ...record(true) };
  } catch (thrown) {
    const code = typeof thrown === 'object' && thrown !== null && 'code' in thrown ? thrown.code : undefined;
    const { name, message } =
      code === 'ERR_SCRIPT_EXECUTION_TIMEOUT'
        ? { name: 'Exception', message: messages.timeout }
        : describeThrown(thrown);
    ss.meter = previousMeter;
    const r = record(false);
    throw new ExecutionError(message, name, r.calls, r.logs, thrown, r.cost);
  } finally {
    ss.meter = previousMeter;
    // Apps Script releases a lock when the execution that holds it ends.
    env.locks.releaseAllOf(executionId);
  }
}

/** Runs top-level function `fnName(...args)` as one execution. Args are host values (plain data). */
export function runExecution<T = unknown>(
  env: GasEnv,
  fnName: string,
  args: readonly unknown[] = [],
  opts: RunOptions = {},
): ExecutionResult<T> {
  return execute(env, fnName, () => [...args], opts) as ExecutionResult<T>;
}

export interface TriggerOptions extends RunOptions {
  /** Extra event fields merged into `e`. */
  event?: Record<string, unknown>;
}

/** Simple triggers (onOpen, onEdit, onInstall) get 30 seconds (apps-script-notes.md). */
export const SIMPLE_TRIGGER_TIMEOUT_MS = 30_000;

/**
 * Runs a trigger such as onOpen/onInstall with `e = { authMode, source?, ... }`. In
 * AuthMode.NONE the event carries no `source` (the file is not accessible). Default mode LIMITED,
 * default time limit 30 s.
 */
export function runTrigger<T = unknown>(
  env: GasEnv,
  fnName: string,
  opts: TriggerOptions = {},
): ExecutionResult<T> {
  const authMode = opts.authMode ?? AuthMode.LIMITED;
  return execute(
    env,
    fnName,
    ({ spreadsheet }) => {
      const e: Record<string, unknown> = { authMode, triggerUid: `trigger-${fnName}` };
      if (authMode !== 'NONE') e.source = spreadsheet();
      return [{ ...e, ...opts.event }];
    },
    { timeoutMs: SIMPLE_TRIGGER_TIMEOUT_MS, ...opts, authMode },
  ) as ExecutionResult<T>;
}

/** Clicks a menu item previously added with addToUi (found by caption); runs it with FULL auth. */
export function clickMenuItem<T = unknown>(
  env: GasEnv,
  caption: string,
  opts: RunOptions = {},
): ExecutionResult<T> {
  const item = env.ui.menuItems().find((i) => i.caption === caption);
  if (!item) throw new Error(`emulator: no menu item "${caption}"`);
  return runExecution<T>(env, item.functionName, [], { ...opts, authMode: 'FULL' });
}
