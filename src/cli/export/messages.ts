/**
 * What `cjet export` reports about a workbook or a combination of inputs it will not export.
 * Korean first, then English, naming the input, tab, row and column and what to do. These are not
 * import problems (src/core/messages.ts is the importer's catalogue and stays the core's): they are
 * about cells of a workbook, which the export must not load into BigQuery as anything else.
 */

export const EXPORT_CODES = [
  'BAD_CELL',
  'ROW_WITHOUT_KEY',
  'HEADER_MISMATCH',
  'SCOPE_IN_TWO_INPUTS',
  'NOT_A_BOOK_OR_DOWNLOAD',
] as const;
export type ExportCode = (typeof EXPORT_CODES)[number];

export interface ExportProblem {
  code: ExportCode;
  /** The input (workbook path, or the downloads of the run). */
  source: string;
  tab: string | null;
  /** 1-based sheet row. */
  row: number | null;
  column: string | null;
  value: string | null;
  message: string;
}

const TYPE_WORDS: Record<string, { ko: string; en: string }> = {
  STRING: { ko: '텍스트', en: 'text' },
  INT64: { ko: '정수(원 단위 금액·개수)', en: 'a whole number (KRW amount or count)' },
  NUMERIC: { ko: '숫자', en: 'a number' },
  DATE: { ko: '날짜(YYYY-MM-DD)', en: 'a date (YYYY-MM-DD)' },
  DATETIME: { ko: '날짜와 시각(YYYY-MM-DD HH:MM:SS)', en: 'a date and time (YYYY-MM-DD HH:MM:SS)' },
  BOOL: { ko: 'TRUE/FALSE', en: 'TRUE/FALSE' },
};

interface Where {
  source: string;
  tab?: string | null;
  row?: number | null;
  column?: string | null;
  value?: string | null;
}

function at(where: Where): { ko: string; en: string } {
  const ko = [where.source];
  const en = [where.source];
  if (where.tab) {
    ko.push(`탭 ${where.tab}`);
    en.push(`tab ${where.tab}`);
  }
  if (where.row) {
    ko.push(`${where.row}행`);
    en.push(`row ${where.row}`);
  }
  if (where.column) {
    ko.push(`열 "${where.column}"`);
    en.push(`column "${where.column}"`);
  }
  return { ko: ko.join(', '), en: en.join(', ') };
}

function problem(code: ExportCode, where: Where, ko: string, en: string): ExportProblem {
  const place = at(where);
  return {
    code,
    source: where.source,
    tab: where.tab ?? null,
    row: where.row ?? null,
    column: where.column ?? null,
    value: where.value ?? null,
    message: `[${place.ko}] ${ko} / [${place.en}] ${en}`,
  };
}

export function badCell(where: Where, type: string): ExportProblem {
  const word = TYPE_WORDS[type] ?? { ko: type, en: type };
  return problem(
    'BAD_CELL',
    where,
    `"${where.value}"은(는) ${word.ko}가 아니어서 BigQuery에 올릴 수 없습니다. 셀을 고친 뒤 다시 내보내 주세요.`,
    `"${where.value}" is not ${word.en}, so BigQuery would refuse it. Fix the cell and export again.`,
  );
}

export function rowWithoutKey(where: Where): ExportProblem {
  return problem(
    'ROW_WITHOUT_KEY',
    where,
    `"${where.column}"이(가) 비어 있는데 다른 칸에 값이 있습니다. 가져오기가 쓴 행이 아니라면 이 행을 지우고, 아니라면 파일을 다시 가져와 주세요.`,
    `"${where.column}" is blank while other cells are not. If you added this row, delete it; otherwise import the files again.`,
  );
}

export function headerMismatch(where: Where): ExportProblem {
  return problem(
    'HEADER_MISMATCH',
    where,
    '첫 행의 열 제목이 cjet이 쓴 순서와 다릅니다. 열을 옮기거나 지웠다면 되돌린 뒤 다시 내보내 주세요.',
    'The header row is not the one cjet wrote. If columns were moved or deleted, undo that and export again.',
  );
}

export function scopeInTwoInputs(where: Where, other: string, scope: string): ExportProblem {
  return problem(
    'SCOPE_IN_TWO_INPUTS',
    { ...where, value: scope },
    `같은 범위(${scope})가 "${other}"에도 있습니다. 한 번의 적재는 범위를 그 안의 행으로 바꾸므로 두 입력의 행이 겹쳐 두 번 잡힙니다. 따로 내보내고 차례로 적재하세요(나중 것이 남습니다).`,
    `The same scope (${scope}) is also in "${other}". One load replaces a scope with the rows it holds, so both inputs' rows would be counted. Export them separately and load one after the other (the later one stays).`,
  );
}

export function notABookOrDownload(where: Where, detail: string): ExportProblem {
  return problem(
    'NOT_A_BOOK_OR_DOWNLOAD',
    where,
    `cjet 통합문서로 열 수 없습니다(${detail}).`,
    `Cannot be opened as a cjet workbook (${detail}).`,
  );
}
