/**
 * Apps Script entry. Every export here becomes a top-level function in dist/Code.js and must be
 * listed in allowlist.json (build.mjs enforces both directions). Nothing runs at module level:
 * Apps Script re-evaluates the whole bundle on every execution.
 *
 * The signatures of the google.script.run targets ARE the dialog's contract: src/ui/server-client.ts
 * takes the callable names and payload types from this module (`import type`, through the declaration
 * output of tsconfig.addon.json), so renaming one or changing its payload breaks the dialog's build.
 * The declared parameter types say what the dialog must send; the server still validates it with zod.
 */
import type {
  ExplainRequest,
  ExplainResponse,
  SelectRowRequest,
  SelectRowResponse,
} from '../core/model/explain';
import type {
  ImportBeginRequest,
  ImportBeginResponse,
  ImportChunkRequest,
  ImportChunkResponse,
  ImportCloseRequest,
  ImportCloseResponse,
  ImportFinishRequest,
  ImportFinishResponse,
} from '../core/model/rpc';
import type { TabId } from '../core/model/tabs';
import { refreshMonthCloseFromMenu } from './close';
import { prefillCostsFromMenu } from './costs';
import { openHelp, openImportDialog } from './dialogs';
import { explainSelection, openExplainSidebar, selectSourceRow } from './explain';
import { setUserLang, userLang } from './lang';
import { buildMenu, type OpenEvent } from './menu';
import { activateManagedTab } from './navigate';
import { importBegin, importChunk, importClose, importFinish } from './server';
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

/** Menu item: the month-close tabs rebuilt from the normalized tabs as they stand. */
export function refreshMonthClose(): void {
  refreshMonthCloseFromMenu();
}

/** Menu item: the 원가 tab gets a row per option seen so far (existing rows untouched). */
export function prefillCosts(): void {
  prefillCostsFromMenu();
}

/** Menu item: the "이 숫자 설명" sidebar for the selected cell of a summary tab. */
export function showExplainSidebar(): void {
  openExplainSidebar();
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

export function cjetImportBegin(request: ImportBeginRequest): ImportBeginResponse {
  return importBegin(request);
}

export function cjetImportChunk(request: ImportChunkRequest): ImportChunkResponse {
  return importChunk(request);
}

export function cjetImportFinish(request: ImportFinishRequest): ImportFinishResponse {
  return importFinish(request);
}

export function cjetImportClose(request: ImportCloseRequest): ImportCloseResponse {
  return importClose(request);
}

/** The summary's "탭 열기" buttons: `tab` is a managed tab id (orders, fees, fulfillment, …). */
export function cjetActivateTab(tab: TabId): boolean {
  return activateManagedTab(tab);
}

// ── google.script.run targets of the "이 숫자 설명" sidebar (contract: src/core/model/explain.ts) ────

export function cjetExplainSelection(request: ExplainRequest): ExplainResponse {
  return explainSelection(request);
}

export function cjetSelectRow(request: SelectRowRequest): SelectRowResponse {
  return selectSourceRow(request);
}
