/**
 * Why a workbook cannot be imported into: one line, Korean first then English, naming the file or
 * sheet and what to do. The command line prints it as it is and exits 2 (nothing written).
 */
export class WorkbookError extends Error {
  constructor(
    readonly ko: string,
    readonly en: string,
  ) {
    super(`${ko} / ${en}`);
  }
}

export function ambiguousTab(tabKo: string, tabEn: string, sheets: readonly string[]): WorkbookError {
  const list = sheets.map((s) => `'${s}'`).join(', ');
  return new WorkbookError(
    `시트 ${list}가 모두 '${tabKo}' 탭의 머리글을 가지고 있어 어느 시트에 쓸지 알 수 없습니다. 하나를 지우거나 그 머리글 행을 바꾼 뒤 다시 실행하세요. 아무것도 쓰지 않았습니다`,
    `sheets ${list} all carry the header of the ${tabEn} tab, so cjet cannot tell which one to write; delete one or change its header row, then run again. Nothing was written`,
  );
}

export function notAWorkbook(path: string): WorkbookError {
  return new WorkbookError(
    `${path}은(는) .xlsx 통합문서가 아닙니다. 덮어쓰지 않았습니다. 다른 --out 파일 이름을 지정하세요`,
    `${path} is not an .xlsx workbook; it was not overwritten. Give another --out file name`,
  );
}

export function damagedWorkbook(path: string, detail: string): WorkbookError {
  return new WorkbookError(
    `통합문서 ${path}이(가) 손상되었거나 잘려 있어 읽을 수 없습니다 (${detail}). 덮어쓰지 않았습니다. Excel로 열어 복구하거나 백업본을 지정하세요`,
    `the workbook ${path} is damaged or truncated and cannot be read (${detail}); it was not overwritten. Repair it in Excel or give a backup`,
  );
}
