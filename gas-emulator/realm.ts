/**
 * The bridge between the host (this emulator) and the script's vm realm. Every service object the
 * script sees is a Proxy that (1) counts each method call as 'Type.method', (2) enforces the
 * execution's auth mode and the manifest's scopes, (3) converts arguments to host values and results into the script's
 * realm (so `v instanceof Date` / `instanceof Array` hold inside the script), and (4) rethrows host
 * errors as script-realm Errors named 'Exception', as Apps Script does.
 */
import vm from 'node:vm';
import { type AuthModeName, checkAuth } from './auth.js';
import type { CallCounter } from './counter.js';
import type { GrantedScopes } from './scopes.js';
import { dateMs, isDate, isPlainObject } from './values.js';

export const GAS_TYPE: unique symbol = Symbol('gasType');

/** Base of every emulated service object; internal state must use #private fields. */
export abstract class GasObject {
  abstract readonly [GAS_TYPE]: string;

  toString(): string {
    return this[GAS_TYPE];
  }

  /** Called before every script call; throws when the object is no longer usable (deleted sheet). */
  _check(): void {}
}

interface Intrinsics {
  Array: ArrayConstructor;
  Date: DateConstructor;
  Object: ObjectConstructor;
  Error: ErrorConstructor;
  TypeError: TypeErrorConstructor;
}

const UNCOUNTED = new Set(['toString', 'valueOf', 'toJSON']);

function isIntrinsics(v: unknown): v is Intrinsics {
  return typeof v === 'object' && v !== null && 'Array' in v && 'Date' in v;
}

export class ScriptRealm {
  readonly context: vm.Context;
  readonly #intrinsics: Intrinsics;
  readonly #targets = new WeakMap<object, GasObject>();
  readonly #proxies = new WeakMap<GasObject, object>();

  constructor(
    globals: Record<string, unknown>,
    readonly counter: CallCounter,
    readonly authMode: AuthModeName,
    readonly scopes: GrantedScopes,
  ) {
    // Microtasks (promise callbacks) run before the execution ends, as Apps Script drains them.
    this.context = vm.createContext({}, { microtaskMode: 'afterEvaluate' });
    const intrinsics: unknown = vm.runInContext('({ Array, Date, Object, Error, TypeError })', this.context);
    if (!isIntrinsics(intrinsics)) throw new Error('emulator: cannot read realm intrinsics');
    this.#intrinsics = intrinsics;
    for (const [name, value] of Object.entries(globals)) {
      Object.defineProperty(this.context, name, {
        value: this.toScript(value),
        writable: true,
        configurable: true,
        enumerable: false,
      });
    }
  }

  /** Host value -> script realm (service objects are wrapped, arrays/objects/dates re-created). */
  toScript(value: unknown): unknown {
    if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return value;
    if (value instanceof GasObject) return this.#wrap(value);
    if (Array.isArray(value)) {
      const out = new this.#intrinsics.Array<unknown>(value.length);
      for (let i = 0; i < value.length; i += 1) out[i] = this.toScript(value[i]);
      return out;
    }
    if (isDate(value)) return new this.#intrinsics.Date(dateMs(value));
    if (isPlainObject(value)) {
      const out: Record<string, unknown> = new this.#intrinsics.Object() as Record<string, unknown>;
      for (const [k, v] of Object.entries(value)) out[k] = this.toScript(v);
      return out;
    }
    return value;
  }

  /** Script argument -> host: unwraps service proxies (also inside arrays). */
  toHost(value: unknown): unknown {
    if (typeof value !== 'object' || value === null) return value;
    const target = this.#targets.get(value);
    if (target) return target;
    if (Array.isArray(value)) return value.map((v) => this.toHost(v));
    return value;
  }

  /** The host object behind a proxy the script handed back, if any. */
  unwrap(value: unknown): GasObject | undefined {
    return typeof value === 'object' && value !== null ? this.#targets.get(value) : undefined;
  }

  /** Host error -> script-realm Error with the same name and message. */
  toScriptError(error: unknown): unknown {
    if (!(error instanceof Error)) return error;
    const Ctor = error instanceof TypeError ? this.#intrinsics.TypeError : this.#intrinsics.Error;
    const out = new Ctor(error.message);
    if (error.name !== out.name) out.name = error.name;
    return out;
  }

  #wrap(target: GasObject): object {
    const cached = this.#proxies.get(target);
    if (cached) return cached;
    const type = target[GAS_TYPE];
    const proxy = new Proxy(target, {
      get: (t, prop) => {
        if (typeof prop === 'symbol') return undefined;
        if (prop.startsWith('_') || prop === 'constructor' || Object.hasOwn(Object.prototype, prop)) {
          return prop === 'toString' ? () => type : undefined;
        }
        const member: unknown = Reflect.get(t, prop, t);
        if (typeof member !== 'function') return this.toScript(member);
        return (...args: unknown[]) => {
          const key = `${type}.${prop}`;
          if (!UNCOUNTED.has(prop)) this.counter.count(key);
          try {
            checkAuth(this.authMode, key);
            this.scopes.check(key);
            t._check();
            const hostArgs = args.map((a) => this.toHost(a));
            const result: unknown = Reflect.apply(member, t, hostArgs);
            return this.toScript(result);
          } catch (error) {
            throw this.toScriptError(error);
          }
        };
      },
      set: () => false,
      defineProperty: () => false,
      deleteProperty: () => false,
    });
    this.#targets.set(proxy, target);
    this.#proxies.set(target, proxy);
    return proxy;
  }
}

/** Script-realm value -> host realm (for execution results). Plain data only; rest passes through. */
export function copyToHost(value: unknown, seen = new WeakMap<object, unknown>()): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value)) return seen.get(value);
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    seen.set(value, out);
    for (let i = 0; i < value.length; i += 1) out.push(copyToHost(value[i], seen));
    return out;
  }
  if (isDate(value)) return new Date(dateMs(value));
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    seen.set(value, out);
    for (const [k, v] of Object.entries(value)) out[k] = copyToHost(v, seen);
    return out;
  }
  return value;
}
