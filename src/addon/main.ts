/**
 * Apps Script entry. Every export here becomes a top-level function in dist/Code.js and must be
 * listed in allowlist.json (build.mjs enforces both directions). Nothing runs at module level:
 * Apps Script re-evaluates the whole bundle on every execution.
 */
import { openHelp, openImportDialog } from './dialogs';
import { setUserLang, userLang } from './lang';
import { buildMenu, type OpenEvent } from './menu';
import { activateManagedTab } from './navigate';
import { importBegin, importChunk, importFinish } from './server';
import { openCommissionSettings } from './settings';

export function onOpen(e?: OpenEvent): void {
  buildMenu(e);
}

export function onInstall(e?: OpenEvent): void {
  onOpen(e);
}

export function showImportDialog(): void {
  openImportDialog();
}

export function showCommissionSettings(): void {
  openCommissionSettings();
}

export function showHelp(): void {
  openHelp();
}

/** Menu item: flips the user's language and rebuilds the menu in it. */
export function switchLanguage(): void {
  setUserLang(userLang() === 'ko' ? 'en' : 'ko');
  buildMenu(undefined);
}

// ── google.script.run targets of the import dialog (contract: src/core/model/rpc.ts) ──────────────

export function cjetImportBegin(request: unknown): unknown {
  return importBegin(request);
}

export function cjetImportChunk(request: unknown): unknown {
  return importChunk(request);
}

export function cjetImportFinish(request: unknown): unknown {
  return importFinish(request);
}

/** The summary's "탭 열기" buttons: `tab` is a managed tab id (orders, fees, fulfillment, …). */
export function cjetActivateTab(tab: unknown): boolean {
  return activateManagedTab(tab);
}
