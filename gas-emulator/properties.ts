/**
 * PropertiesService. Stores live in the env so they persist across executions. Limits
 * (apps-script-notes.md, "Limits"): 9 KB per value, 500 KB per store, measured in UTF-8 bytes
 * (Korean text costs 3 bytes a character).
 */
import { gasError, messages } from './errors.js';
import { GAS_TYPE, GasObject } from './realm.js';

export const MAX_PROPERTY_VALUE_BYTES = 9 * 1024;
export const MAX_PROPERTY_STORE_BYTES = 500 * 1024;

const utf8 = (s: string) => Buffer.byteLength(s, 'utf8');

/** Persistent store (env side). Tests may read/write `entries` directly. */
export class PropertyStore {
  readonly entries = new Map<string, string>();

  bytes(): number {
    let n = 0;
    for (const [k, v] of this.entries) n += utf8(k) + utf8(v);
    return n;
  }

  set(key: string, value: string): void {
    if (utf8(value) > MAX_PROPERTY_VALUE_BYTES) throw gasError(messages.propertyValueTooLarge);
    const old = this.entries.get(key);
    const delta = utf8(key) + utf8(value) - (old === undefined ? 0 : utf8(key) + utf8(old));
    if (this.bytes() + delta > MAX_PROPERTY_STORE_BYTES) throw gasError(messages.propertyStoreFull);
    this.entries.set(key, value);
  }

  toObject(): Record<string, string> {
    return Object.fromEntries(this.entries);
  }
}

export class PropertyStores {
  readonly document = new PropertyStore();
  readonly script = new PropertyStore();
  readonly #users = new Map<string, PropertyStore>();

  user(email: string): PropertyStore {
    let store = this.#users.get(email);
    if (!store) {
      store = new PropertyStore();
      this.#users.set(email, store);
    }
    return store;
  }
}

function keyOf(key: unknown): string {
  if (key === undefined || key === null) throw gasError(messages.invalidArgument('key'));
  return String(key);
}

export class Properties extends GasObject {
  readonly [GAS_TYPE] = 'Properties';
  readonly #store: PropertyStore;

  constructor(store: PropertyStore) {
    super();
    this.#store = store;
  }

  getProperty(key: unknown): string | null {
    return this.#store.entries.get(keyOf(key)) ?? null;
  }

  setProperty(key: unknown, value: unknown): this {
    if (value === undefined || value === null) throw gasError(messages.invalidArgument('value'));
    this.#store.set(keyOf(key), String(value));
    return this;
  }

  getProperties(): Record<string, string> {
    return this.#store.toObject();
  }

  getKeys(): string[] {
    return [...this.#store.entries.keys()];
  }

  setProperties(properties: unknown, deleteAllOthers?: unknown): this {
    if (typeof properties !== 'object' || properties === null) {
      throw gasError(messages.invalidArgument('properties'));
    }
    const previous = new Map(this.#store.entries);
    try {
      if (deleteAllOthers === true) this.#store.entries.clear();
      for (const [k, v] of Object.entries(properties)) this.#store.set(k, String(v));
    } catch (error) {
      // The batch is all-or-nothing.
      this.#store.entries.clear();
      for (const [k, v] of previous) this.#store.entries.set(k, v);
      throw error;
    }
    return this;
  }

  deleteProperty(key: unknown): this {
    this.#store.entries.delete(keyOf(key));
    return this;
  }

  deleteAllProperties(): this {
    this.#store.entries.clear();
    return this;
  }
}

export class PropertiesServiceImpl extends GasObject {
  readonly [GAS_TYPE] = 'PropertiesService';
  readonly #stores: PropertyStores;
  readonly #userEmail: string;

  constructor(stores: PropertyStores, userEmail: string) {
    super();
    this.#stores = stores;
    this.#userEmail = userEmail;
  }

  getDocumentProperties(): Properties {
    return new Properties(this.#stores.document);
  }

  getScriptProperties(): Properties {
    return new Properties(this.#stores.script);
  }

  getUserProperties(): Properties {
    return new Properties(this.#stores.user(this.#userEmail));
  }
}
