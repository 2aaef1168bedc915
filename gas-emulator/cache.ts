/**
 * CacheService (best-effort in Apps Script: values may vanish at any time). Limits: 100 KB per
 * value, keys up to 250 characters, expiration 1..21600 s (default 600 s). Expiry uses the host clock.
 */
import { gasError, messages } from './errors.js';
import { GAS_TYPE, GasObject } from './realm.js';

export const MAX_CACHE_VALUE_BYTES = 100 * 1024;

interface Entry {
  value: string;
  expiresAt: number;
}

export class CacheStore {
  readonly entries = new Map<string, Entry>();

  get(key: string): string | null {
    const e = this.entries.get(key);
    if (!e) return null;
    if (e.expiresAt <= Date.now()) {
      this.entries.delete(key);
      return null;
    }
    return e.value;
  }
}

export class CacheStores {
  readonly document = new CacheStore();
  readonly script = new CacheStore();
  readonly #users = new Map<string, CacheStore>();

  user(email: string): CacheStore {
    let s = this.#users.get(email);
    if (!s) {
      s = new CacheStore();
      this.#users.set(email, s);
    }
    return s;
  }
}

function checkKey(key: unknown): string {
  if (typeof key !== 'string' || key.length > 250) throw gasError(messages.invalidArgument('key'));
  return key;
}

export class Cache extends GasObject {
  readonly [GAS_TYPE] = 'Cache';
  readonly #store: CacheStore;

  constructor(store: CacheStore) {
    super();
    this.#store = store;
  }

  get(key: unknown): string | null {
    return this.#store.get(checkKey(key));
  }

  getAll(keys: unknown): Record<string, string> {
    const out: Record<string, string> = {};
    if (!Array.isArray(keys)) throw gasError(messages.invalidArgument('keys'));
    for (const k of keys) {
      const v = this.#store.get(checkKey(k));
      if (v !== null) out[String(k)] = v;
    }
    return out;
  }

  put(key: unknown, value: unknown, expirationInSeconds?: unknown): void {
    const v = String(value);
    if (Buffer.byteLength(v, 'utf8') > MAX_CACHE_VALUE_BYTES) throw gasError(messages.propertyValueTooLarge);
    const seconds = expirationInSeconds === undefined ? 600 : Number(expirationInSeconds);
    if (!(seconds >= 1 && seconds <= 21_600)) throw gasError(messages.invalidArgument('expirationInSeconds'));
    this.#store.entries.set(checkKey(key), { value: v, expiresAt: Date.now() + seconds * 1000 });
  }

  putAll(values: unknown, expirationInSeconds?: unknown): void {
    if (typeof values !== 'object' || values === null) throw gasError(messages.invalidArgument('values'));
    for (const [k, v] of Object.entries(values)) this.put(k, v, expirationInSeconds);
  }

  remove(key: unknown): void {
    this.#store.entries.delete(checkKey(key));
  }

  removeAll(keys: unknown): void {
    if (!Array.isArray(keys)) throw gasError(messages.invalidArgument('keys'));
    for (const k of keys) this.#store.entries.delete(checkKey(k));
  }
}

export class CacheServiceImpl extends GasObject {
  readonly [GAS_TYPE] = 'CacheService';
  readonly #stores: CacheStores;
  readonly #userEmail: string;

  constructor(stores: CacheStores, userEmail: string) {
    super();
    this.#stores = stores;
    this.#userEmail = userEmail;
  }

  getDocumentCache(): Cache {
    return new Cache(this.#stores.document);
  }

  getScriptCache(): Cache {
    return new Cache(this.#stores.script);
  }

  getUserCache(): Cache {
    return new Cache(this.#stores.user(this.#userEmail));
  }
}
