/**
 * `google.script.run` as the dialog sees it (apps-script-notes.md, "Runtime" and "Limits"):
 * only public top-level functions (no trailing '_') are callable; arguments and return values must
 * be primitives, plain objects and arrays. A Date, function or class instance fails the call;
 * `undefined` inside arrays arrives as null and undefined object properties are dropped.
 * Each call is one execution with FULL auth.
 */
import type { GasEnv } from './env.js';
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
  const execution = runExecution<unknown>(env, fnName, sent, { authMode: 'FULL', ...opts });
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
  return { ...execution, result, argsBytes, resultBytes };
}
