/** Placeholder until the workbook port lands: the Commission settings tab is created by the writer. */
export function openCommissionSettings(): void {
  SpreadsheetApp.getUi().alert(
    '수수료 설정 탭은 첫 가져오기 때 만들어집니다.\nThe Commission settings tab is created by the first import.',
  );
}
