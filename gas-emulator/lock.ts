/**
 * LockService. Lock ownership lives in the env so two executions contend, as two users importing
 * into one shared spreadsheet would (apps-script-notes.md: use the document lock around writes).
 * Time is not simulated: a lock held by someone else stays held for the whole wait, so
 * tryLock returns false and waitLock throws immediately (the wait is added to `sleptMs`).
 * Locks still held when an execution ends are released, as in Apps Script.
 */
import { gasError, messages } from './errors.js';
import { GAS_TYPE, GasObject } from './realm.js';

export type LockScope = 'document' | 'script' | `user:${string}`;

export class LockTable {
  readonly #owners = new Map<LockScope, string>();

  owner(scope: LockScope): string | undefined {
    return this.#owners.get(scope);
  }

  /** Test helper: someone else (another user's execution) holds the lock. */
  hold(scope: LockScope, owner = 'another-execution'): void {
    this.#owners.set(scope, owner);
  }

  release(scope: LockScope, owner?: string): void {
    if (owner === undefined || this.#owners.get(scope) === owner) this.#owners.delete(scope);
  }

  acquire(scope: LockScope, owner: string): boolean {
    const current = this.#owners.get(scope);
    if (current !== undefined && current !== owner) return false;
    this.#owners.set(scope, owner);
    return true;
  }

  releaseAllOf(owner: string): void {
    for (const [scope, o] of [...this.#owners]) if (o === owner) this.#owners.delete(scope);
  }
}

export interface LockClock {
  sleptMs: number;
}

function timeoutOf(ms: unknown): number {
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0)
    throw gasError(messages.invalidArgument('timeoutInMillis'));
  return ms;
}

export class Lock extends GasObject {
  readonly [GAS_TYPE] = 'Lock';
  readonly #table: LockTable;
  readonly #scope: LockScope;
  readonly #owner: string;
  readonly #clock: LockClock;

  constructor(table: LockTable, scope: LockScope, owner: string, clock: LockClock) {
    super();
    this.#table = table;
    this.#scope = scope;
    this.#owner = owner;
    this.#clock = clock;
  }

  tryLock(timeoutInMillis: unknown): boolean {
    const timeout = timeoutOf(timeoutInMillis);
    const ok = this.#table.acquire(this.#scope, this.#owner);
    if (!ok) this.#clock.sleptMs += timeout;
    return ok;
  }

  waitLock(timeoutInMillis: unknown): void {
    if (!this.tryLock(timeoutInMillis)) throw gasError(messages.lockTimeout);
  }

  hasLock(): boolean {
    return this.#table.owner(this.#scope) === this.#owner;
  }

  releaseLock(): void {
    this.#table.release(this.#scope, this.#owner);
  }
}

export class LockServiceImpl extends GasObject {
  readonly [GAS_TYPE] = 'LockService';
  readonly #table: LockTable;
  readonly #owner: string;
  readonly #userEmail: string;
  readonly #clock: LockClock;

  constructor(table: LockTable, owner: string, userEmail: string, clock: LockClock) {
    super();
    this.#table = table;
    this.#owner = owner;
    this.#userEmail = userEmail;
    this.#clock = clock;
  }

  getDocumentLock(): Lock {
    return new Lock(this.#table, 'document', this.#owner, this.#clock);
  }

  getScriptLock(): Lock {
    return new Lock(this.#table, 'script', this.#owner, this.#clock);
  }

  getUserLock(): Lock {
    return new Lock(this.#table, `user:${this.#userEmail}`, this.#owner, this.#clock);
  }
}
