/**
 * `google.script.run` as the dialog sees it (apps-script-notes.md, "Runtime" and "Limits"):
 * only public top-level functions (no trailing '_') are callable; arguments and return values must
 * be primitives, plain objects and arrays. A Date, function or class instance fails the call;
 * `undefined` inside arrays arrives as null and undefined object properties are dropped.
 * Each call is one execution with FULL auth.
 *
 * Limits (README.md, "google.script.run"): each direction's JSON is capped (env.scriptRunLimits,
 * 50 MB by default) and at most 10 calls are in flight; Google delays an 11th call until one of the
 * 10 finishes ("HTML Service: Communicate with Server Functions"). `callServer` runs one call
 * synchronously; `ScriptRunBridge` lets a caller (the preview server, a test) have several in flight.
 */
import type { GasEnv } from './env.js';
import { messages } from './errors.js';
import {
  type ExecutionResult,
  type RunOptions,
  runExecution,
  sourceFor,
  topLevelFunctions,
} from './loader.js';
import { isDate, isPlainObject } from './values.js';

type Illegal = { path: string; what: string };

function findIllegal(value: unknown, path: string, seen: Set<object>): Illegal | undefined {
  if (value === null || value === undefined) return undefined;
  const t = typeof value;
  if (t === 'string' || t === 'number' || t === 'boolean') return undefined;
  if (t === 'function') return { path, what: 'function' };
  if (t !== 'object') return { path, what: t };
  const obj = value as object;
  if (isDate(obj)) return { path, what: 'Date' };
  if (seen.has(obj)) return { path, what: 'circular reference' };
  seen.add(obj);
  if (Array.isArray(obj)) {
    for (let i = 0; i < obj.length; i += 1) {
      const bad = findIllegal(obj[i], String(i), seen);
      if (bad) return bad;
    }
  } else if (isPlainObject(obj)) {
    for (const [k, v] of Object.entries(obj)) {
      const bad = findIllegal(v, k, seen);
      if (bad) return bad;
    }
  } else {
    return { path, what: 'non-plain object' };
  }
  seen.delete(obj);
  return undefined;
}

/** The JSON-like transport: undefined in arrays -> null, undefined properties dropped. */
function transport(value: unknown): unknown {
  if (value === undefined) return undefined;
  return JSON.parse(JSON.stringify(value));
}

export interface ServerCallResult<T = unknown> extends ExecutionResult<T> {
  /** JSON sizes of what the dialog sent and got back (keep each call to roughly 1–4 MB). */
  argsBytes: number;
  resultBytes: number;
}

export function callServer<T = unknown>(
  env: GasEnv,
  fnName: string,
  args: readonly unknown[] = [],
  opts: RunOptions = {},
): ServerCallResult<T> {
  const source = sourceFor(env, opts);
  if (fnName.endsWith('_') || !topLevelFunctions(source).has(fnName)) {
    throw new TypeError(`google.script.run.${fnName} is not a function`);
  }
  args.forEach((arg, i) => {
    const bad = findIllegal(arg, String(i), new Set());
    // The client's own message for an illegal argument.
    if (bad) throw new Error(`Failed due to illegal value in property: ${bad.path}`);
  });
  const sent = args.map((a) => transport(a) ?? null);
  const argsBytes = Buffer.byteLength(JSON.stringify(sent), 'utf8');
  const cap = env.scriptRunLimits.maxPayloadBytes;
  if (argsBytes > cap) throw new Error(messages.payloadTooLarge('arguments', argsBytes, cap));
  const execution = runExecution<unknown>(env, fnName, sent, { authMode: 'FULL', ...opts });
  const record = env.executionLog[env.executionLog.length - 1];
  const bad = findIllegal(execution.result, 'result', new Set());
  if (bad) {
    // The real client does not throw here: the success handler silently receives null. Stricter on purpose.
    throw new Error(
      `google.script.run.${fnName} returned an illegal value (${bad.what} at "${bad.path}"); ` +
        'the real client would pass null to the success handler',
    );
  }
  const result = transport(execution.result) as T;
  const resultBytes = result === undefined ? 0 : Buffer.byteLength(JSON.stringify(result), 'utf8');
  if (record) Object.assign(record, { argsBytes, resultBytes });
  // The script ran (and wrote); only the answer is lost, as when a reply cannot be delivered.
  if (resultBytes > cap) throw new Error(messages.payloadTooLarge('result', resultBytes, cap));
  return { ...execution, result, argsBytes, resultBytes };
}

interface PendingCall {
  fn: string;
  args: readonly unknown[];
  opts: RunOptions;
  resolve: (value: ServerCallResult) => void;
  reject: (error: unknown) => void;
}

/**
 * Several google.script.run calls at once, as a page makes them: each call is in flight from the
 * moment it is made until its answer is delivered (a later macrotask: the return trip). Executions
 * themselves run one at a time (the emulator has one thread), which is enough to see the limit:
 * an 11th call waits for a free spot (Google's behaviour) or, with `overflow: 'refuse'`, fails.
 */
export class ScriptRunBridge {
  #inFlight = 0;
  readonly #waiting: PendingCall[] = [];
  /** Highest number of calls in flight so far. */
  peakInFlight = 0;
  /** Calls that had to wait for a free spot. */
  delayedCalls = 0;

  constructor(readonly env: GasEnv) {}

  get inFlight(): number {
    return this.#inFlight;
  }

  call<T = unknown>(
    fnName: string,
    args: readonly unknown[] = [],
    opts: RunOptions = {},
  ): Promise<ServerCallResult<T>> {
    return new Promise<ServerCallResult>((resolve, reject) => {
      const pending: PendingCall = { fn: fnName, args, opts, resolve, reject };
      const { maxConcurrent, overflow } = this.env.scriptRunLimits;
      if (this.#inFlight < maxConcurrent) {
        this.#start(pending);
      } else if (overflow === 'refuse') {
        setImmediate(() => reject(new Error(messages.tooManyConcurrentCalls(maxConcurrent))));
      } else {
        this.delayedCalls += 1;
        this.#waiting.push(pending);
      }
    }) as Promise<ServerCallResult<T>>;
  }

  #start(call: PendingCall): void {
    this.#inFlight += 1;
    this.peakInFlight = Math.max(this.peakInFlight, this.#inFlight);
    // The request travels before the execution starts, and the answer travels back after it.
    setImmediate(() => {
      let outcome: { ok: true; value: ServerCallResult } | { ok: false; error: unknown };
      try {
        outcome = { ok: true, value: callServer(this.env, call.fn, call.args, call.opts) };
      } catch (error) {
        outcome = { ok: false, error };
      }
      setImmediate(() => {
        this.#inFlight -= 1;
        const next = this.#waiting.shift();
        if (next) this.#start(next);
        if (outcome.ok) call.resolve(outcome.value);
        else call.reject(outcome.error);
      });
    });
  }
}
