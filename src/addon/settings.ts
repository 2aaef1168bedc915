/**
 * Menu item "수수료 설정 / Commission settings": makes sure the Commission settings tab exists (same
 * header and formats an import gives it) and brings it to the front. The tab is the user's: it is
 * not protected, and the Fees formulas read rows 2..2001 of it live.
 */
import { SETTINGS_TAB } from '../core/model/tabs';
import { userLang } from './lang';
import { SheetsWorkbookPort } from './sheets/sheets-port';

export function openCommissionSettings(): void {
  const lang = userLang();
  const port = new SheetsWorkbookPort(SpreadsheetApp.getActiveSpreadsheet(), lang);
  const lock = LockService.getDocumentLock();
  // Creating the tab writes to the document: do it under the same lock as imports.
  if (lock && !lock.tryLock(10_000)) {
    SpreadsheetApp.getUi().alert(
      '다른 사용자가 가져오기를 하고 있습니다. 잠시 후 다시 시도하세요.\nSomeone else is importing; try again in a moment.',
    );
    return;
  }
  try {
    if (!port.ensureTab(SETTINGS_TAB)) {
      SpreadsheetApp.getUi().alert(
        '수수료 설정 탭의 머리글이 바뀌어 있습니다: 범위, 대상 ID, 수수료율(%), 적용 시작일, 적용 종료일, 메모 순서로 되돌려 주세요.\n' +
          'The Commission settings header was changed: restore Scope, Scope ID, Rate (%), Valid from, Valid to, Note.',
      );
    }
    port.sheetFor('settings', [SETTINGS_TAB.ko, SETTINGS_TAB.en])?.activate();
  } finally {
    lock?.releaseLock();
  }
}
