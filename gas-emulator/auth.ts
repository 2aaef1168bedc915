/**
 * Authorization modes. `onOpen(e)` of an add-on may run in AuthMode.NONE: then only menu building
 * works and touching the spreadsheet, properties, locks, user info or dialogs throws
 * (apps-script-notes.md, "Auth modes and triggers"). Dialogs need FULL (opened from a menu item).
 */
import { gasError, messages } from './errors.js';

export type AuthModeName = 'NONE' | 'CUSTOM_FUNCTION' | 'LIMITED' | 'FULL';

/** Enum values are their names, so `e.authMode === ScriptApp.AuthMode.NONE` and `String()` both work. */
export const AuthMode: Readonly<Record<AuthModeName, AuthModeName>> = Object.freeze({
  NONE: 'NONE',
  CUSTOM_FUNCTION: 'CUSTOM_FUNCTION',
  LIMITED: 'LIMITED',
  FULL: 'FULL',
});

const SHEETS = 'https://www.googleapis.com/auth/spreadsheets.currentonly';
const UI = 'https://www.googleapis.com/auth/script.container.ui';
const EMAIL = 'https://www.googleapis.com/auth/userinfo.email';
const STORAGE = 'https://www.googleapis.com/auth/script.storage';

/** 'Type.method' -> scope text shown in the permission error. */
const PROTECTED: Record<string, string> = {
  'SpreadsheetApp.getActive': SHEETS,
  'SpreadsheetApp.getActiveSpreadsheet': SHEETS,
  'SpreadsheetApp.getActiveSheet': SHEETS,
  'SpreadsheetApp.getActiveRange': SHEETS,
  'SpreadsheetApp.getCurrentCell': SHEETS,
  'SpreadsheetApp.flush': SHEETS,
  'PropertiesService.getDocumentProperties': STORAGE,
  'PropertiesService.getScriptProperties': STORAGE,
  'PropertiesService.getUserProperties': STORAGE,
  'CacheService.getDocumentCache': STORAGE,
  'CacheService.getScriptCache': STORAGE,
  'CacheService.getUserCache': STORAGE,
  'LockService.getDocumentLock': STORAGE,
  'LockService.getScriptLock': STORAGE,
  'LockService.getUserLock': STORAGE,
  'Session.getActiveUser': EMAIL,
  'Session.getEffectiveUser': EMAIL,
  'Ui.showModalDialog': UI,
  'Ui.showModelessDialog': UI,
  'Ui.showSidebar': UI,
  'Ui.alert': UI,
  'Ui.prompt': UI,
};

/** Dialogs are refused in LIMITED mode too (simple triggers cannot open them). */
const NEEDS_FULL = new Set(['Ui.showModalDialog', 'Ui.showModelessDialog', 'Ui.showSidebar']);

export function checkAuth(mode: AuthModeName, key: string): void {
  const scope = PROTECTED[key];
  if (scope === undefined) return;
  if (mode === 'FULL') return;
  if (mode === 'LIMITED' && !NEEDS_FULL.has(key)) return;
  throw gasError(messages.noPermission(key, scope));
}
