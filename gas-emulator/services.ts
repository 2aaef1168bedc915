/** Session, ScriptApp, Logger and console (console is not a service: its calls are not counted). */
import { format } from 'node:util';
import { AuthMode } from './auth.js';
import { GAS_TYPE, GasObject } from './realm.js';

export interface LogEntry {
  level: 'log' | 'info' | 'warn' | 'error' | 'debug' | 'Logger';
  message: string;
}

export class User extends GasObject {
  readonly [GAS_TYPE] = 'User';
  readonly #email: string;

  constructor(email: string) {
    super();
    this.#email = email;
  }

  getEmail(): string {
    return this.#email;
  }
}

export interface SessionInfo {
  activeUserEmail: string;
  effectiveUserEmail: string;
  scriptTimeZone: string;
  locale: string;
  temporaryKey: string;
}

export class SessionImpl extends GasObject {
  readonly [GAS_TYPE] = 'Session';
  readonly #info: SessionInfo;

  constructor(info: SessionInfo) {
    super();
    this.#info = info;
  }

  getActiveUser(): User {
    return new User(this.#info.activeUserEmail);
  }

  getEffectiveUser(): User {
    return new User(this.#info.effectiveUserEmail);
  }

  getScriptTimeZone(): string {
    return this.#info.scriptTimeZone;
  }

  getActiveUserLocale(): string {
    return this.#info.locale;
  }

  getTemporaryActiveUserKey(): string {
    return this.#info.temporaryKey;
  }
}

export class ScriptAppImpl extends GasObject {
  readonly [GAS_TYPE] = 'ScriptApp';
  readonly #scriptId: string;

  constructor(scriptId: string) {
    super();
    this.#scriptId = scriptId;
  }

  get AuthMode() {
    return AuthMode;
  }

  getScriptId(): string {
    return this.#scriptId;
  }
}

export class LoggerImpl extends GasObject {
  readonly [GAS_TYPE] = 'Logger';
  readonly #logs: LogEntry[];

  constructor(logs: LogEntry[]) {
    super();
    this.#logs = logs;
  }

  /** log(data) or log(format, ...values) with %s placeholders. */
  log(data: unknown, ...values: unknown[]): this {
    this.#logs.push({
      level: 'Logger',
      message: values.length ? format(String(data), ...values) : format(data),
    });
    return this;
  }

  getLog(): string {
    return this.#logs
      .filter((l) => l.level === 'Logger')
      .map((l) => `${l.message}\n`)
      .join('');
  }

  clear(): void {
    for (let i = this.#logs.length - 1; i >= 0; i -= 1)
      if (this.#logs[i]?.level === 'Logger') this.#logs.splice(i, 1);
  }
}

/** A host-side console whose output is captured in the execution's logs. */
export function makeConsole(logs: LogEntry[]): Record<string, (...args: unknown[]) => void> {
  const at =
    (level: LogEntry['level']) =>
    (...args: unknown[]) => {
      logs.push({ level, message: format(...args) });
    };
  const timers = new Map<string, number>();
  return {
    log: at('log'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    debug: at('debug'),
    time: (label?: unknown) => {
      timers.set(String(label ?? 'default'), Date.now());
    },
    timeEnd: (label?: unknown) => {
      const key = String(label ?? 'default');
      logs.push({ level: 'log', message: `${key}: ${Date.now() - (timers.get(key) ?? Date.now())}ms` });
    },
  };
}
