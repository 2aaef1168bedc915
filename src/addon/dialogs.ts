import { helpHtml } from './help';
import { ADDON_LABELS } from './labels';
import { userLang } from './lang';

/** Opens the upload dialog built into dist/dialog.html (its JS and CSS are inlined by build.mjs). */
export function openImportDialog(): void {
  const lang = userLang();
  const html = HtmlService.createHtmlOutputFromFile('dialog').setWidth(820).setHeight(640);
  SpreadsheetApp.getUi().showModalDialog(html, ADDON_LABELS[lang].importDialogTitle);
}

export function openHelp(): void {
  const lang = userLang();
  const html = HtmlService.createHtmlOutput(helpHtml(lang)).setWidth(560).setHeight(480);
  SpreadsheetApp.getUi().showModalDialog(html, ADDON_LABELS[lang].helpTitle);
}
