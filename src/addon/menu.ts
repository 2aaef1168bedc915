import { ADDON_LABELS, type Lang } from './labels';
import { userLang } from './lang';

/** Minimal shape of the trigger event: only `authMode` is read. */
export interface OpenEvent {
  authMode?: unknown;
}

/**
 * Builds the add-on menu. In AuthMode.NONE (add-on installed but not yet used in this file) only
 * menu building is allowed, so the language falls back to Korean without reading properties.
 * `String(authMode)` avoids touching ScriptApp, which is itself a service.
 */
export function buildMenu(e: OpenEvent | undefined): void {
  const mode = e?.authMode === undefined ? 'FULL' : String(e.authMode);
  const lang: Lang = mode === 'NONE' ? 'ko' : userLang();
  const t = ADDON_LABELS[lang];
  SpreadsheetApp.getUi()
    .createAddonMenu()
    .addItem(t.importFiles, 'showImportDialog')
    .addItem(t.commissionSettings, 'showCommissionSettings')
    .addItem(t.refreshClose, 'refreshMonthClose')
    .addItem(t.prefillCosts, 'prefillCosts')
    .addItem(t.explain, 'showExplainSidebar')
    .addSeparator()
    .addItem(t.help, 'showHelp')
    .addItem(t.switchLanguage, 'switchLanguage')
    .addToUi();
}
