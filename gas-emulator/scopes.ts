/**
 * OAuth scopes from the manifest (`appsscript.json` `oauthScopes`). A script only gets the scopes its
 * manifest lists; when the list is absent Apps Script detects the scopes from the code, so everything
 * the script uses is granted. Each service method below carries the scopes Google's reference lists in
 * its "Authorization" section ("Scripts that use this method require authorization with one or more
 * of the following scopes"); any one of them authorizes the call.
 *
 * What happens without the scope (README.md, "Scopes"):
 * - most methods throw "You do not have permission to call X. Required permissions: …";
 * - `Session.getActiveUser()` / `getEffectiveUser()` return a User whose `getEmail()` is '' (Google's
 *   Session and User reference: "If security policies do not allow access to the user's identity,
 *   User.getEmail() returns a blank string").
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gasError, messages } from './errors.js';

export const SCOPES = {
  spreadsheets: 'https://www.googleapis.com/auth/spreadsheets',
  spreadsheetsCurrentOnly: 'https://www.googleapis.com/auth/spreadsheets.currentonly',
  spreadsheetsReadOnly: 'https://www.googleapis.com/auth/spreadsheets.readonly',
  containerUi: 'https://www.googleapis.com/auth/script.container.ui',
  userinfoEmail: 'https://www.googleapis.com/auth/userinfo.email',
} as const;

/** Scopes that include others (Google's "Authorization scopes" guide: `spreadsheets` allows read and
 *  write access to every spreadsheet the user can open). */
const IMPLIES: Record<string, readonly string[]> = {
  [SCOPES.spreadsheets]: [SCOPES.spreadsheetsCurrentOnly, SCOPES.spreadsheetsReadOnly],
};

const SHEETS_HERE = [SCOPES.spreadsheetsCurrentOnly, SCOPES.spreadsheets];
const ANY_SPREADSHEET = [SCOPES.spreadsheets];
const UI = [SCOPES.containerUi];

/** 'Type.method' → the scopes that authorize it (one is enough). Methods not listed need none
 *  (PropertiesService, LockService, CacheService, Utilities, HtmlService, menus). */
export const REQUIRED_SCOPES: Readonly<Record<string, readonly string[]>> = {
  'SpreadsheetApp.getActive': SHEETS_HERE,
  'SpreadsheetApp.getActiveSpreadsheet': SHEETS_HERE,
  'SpreadsheetApp.getActiveSheet': SHEETS_HERE,
  'SpreadsheetApp.getActiveRange': SHEETS_HERE,
  'SpreadsheetApp.getCurrentCell': SHEETS_HERE,
  'SpreadsheetApp.flush': SHEETS_HERE,
  'SpreadsheetApp.openById': ANY_SPREADSHEET,
  'SpreadsheetApp.openByUrl': ANY_SPREADSHEET,
  'Ui.showModalDialog': UI,
  'Ui.showModelessDialog': UI,
  'Ui.showSidebar': UI,
  'Ui.alert': UI,
  'Ui.prompt': UI,
  'Session.getActiveUser': [SCOPES.userinfoEmail],
  'Session.getEffectiveUser': [SCOPES.userinfoEmail],
};

/** Methods that degrade instead of throwing when the scope is missing. */
const SOFT = new Set(['Session.getActiveUser', 'Session.getEffectiveUser']);

/** The scopes an execution holds: a list from the manifest, or 'auto' (no `oauthScopes` key). */
export class GrantedScopes {
  readonly #all: ReadonlySet<string> | 'auto';

  constructor(scopes: readonly string[] | 'auto') {
    if (scopes === 'auto') {
      this.#all = 'auto';
      return;
    }
    const all = new Set<string>();
    for (const scope of scopes) {
      all.add(scope);
      for (const implied of IMPLIES[scope] ?? []) all.add(implied);
    }
    this.#all = all;
  }

  get automatic(): boolean {
    return this.#all === 'auto';
  }

  has(scope: string): boolean {
    return this.#all === 'auto' || this.#all.has(scope);
  }

  /** True when `key` ('Type.method') is authorized (or needs no scope). */
  allows(key: string): boolean {
    const required = REQUIRED_SCOPES[key];
    return required === undefined || required.some((scope) => this.has(scope));
  }

  /** Throws Apps Script's permission error for a method whose scope is missing (soft ones pass). */
  check(key: string): void {
    if (this.allows(key) || SOFT.has(key)) return;
    throw gasError(messages.noPermission(key, (REQUIRED_SCOPES[key] ?? []).join(', ')));
  }
}

/** `oauthScopes` of the manifest next to the bundle; 'auto' when the manifest or the key is absent. */
export function manifestScopes(bundleDir: string): readonly string[] | 'auto' {
  const path = join(bundleDir, 'appsscript.json');
  if (!existsSync(path)) return 'auto';
  const manifest: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (typeof manifest !== 'object' || manifest === null || !('oauthScopes' in manifest)) return 'auto';
  const scopes = manifest.oauthScopes;
  if (!Array.isArray(scopes) || !scopes.every((s) => typeof s === 'string')) {
    throw new Error(`emulator: ${path} has an oauthScopes that is not a list of strings`);
  }
  return scopes;
}
