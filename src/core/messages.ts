/**
 * Every problem the importer can report, with its message: Korean first, then English, saying where
 * (file, sheet, 1-based Excel row, column header) and what the seller can do about it.
 * Codes are stable: tests, the bad-input corpus and the Import problems tab rely on them.
 */
import type { Problem, Severity } from './model/records';

export const PROBLEM_CODES = [
  'NOT_COUPANG',
  'NOT_ROCKET_GROWTH',
  'EMPTY_FILE',
  'TRUNCATED',
  'CORRUPT_FILE',
  'ENCRYPTED',
  'HTML_AS_XLS',
  'UNSUPPORTED_FORMAT',
  'NOT_XLSX',
  'BAD_DELIMITER',
  'NO_DATA_ROWS',
  'MIXED_PERIODS',
  'MISSING_COLUMN',
  'DUPLICATE_HEADER',
  'BAD_MONEY',
  'BAD_NUMBER',
  'BAD_DATE',
  'BAD_ID',
  'PERIOD_REQUIRED',
  'BAD_PERIOD',
  'CONTROL_MISMATCH',
  'IDENTITY_MISMATCH',
  'UNKNOWN_COLUMN',
  'UNKNOWN_FEE_LABEL',
  'MISSING_SUMMARY',
  'SHEET_SKIPPED',
  'ROWS_SKIPPED',
  'DUPLICATE_FILE',
  'FILE_UNREADABLE',
  'INTERNAL_ERROR',
  // The month-close tabs (src/core/summary): said by the refresh that follows every import.
  'SUMMARY_TAB_MISMATCH',
  'SUMMARY_ROWS_UNPLACED',
  'SUMMARY_ROW_KEPT',
  'SUMMARY_TOTAL_ROW_MOVED',
  'HOLIDAY_UNREADABLE',
  'PAYOUT_DATE_UNKNOWN',
  // The 원가 tab (src/core/costs), read by the profit refresh.
  'COST_ROW_INVALID',
  'COST_RANGE_REVERSED',
  'COST_TIE',
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

export interface Where {
  file: string;
  sheet?: string | null;
  row?: number | null;
  column?: string | null;
  value?: string | null;
}

type Text = { ko: string; en: string };
type Params = Record<string, string | number | undefined>;

const CATALOG: Record<ProblemCode, (p: Params) => Text> = {
  NOT_COUPANG: (p) => ({
    ko: `쿠팡 로켓그로스 다운로드 파일로 인식할 수 없습니다${p.detail ? ` (${p.detail})` : ''}. WING › 정산 › 로켓그로스 정산현황 또는 비즈니스 인사이트 › 판매분석에서 받은 원본 파일을 올려 주세요.`,
    en: `Not recognised as a Coupang Rocket Growth download${p.detail ? ` (${p.detail})` : ''}. Upload the original file from WING › Settlement › Rocket Growth or Business Insights › Sales analysis.`,
  }),
  NOT_ROCKET_GROWTH: (p) => ({
    ko: `쿠팡 마켓플레이스(판매자배송) 다운로드 "${p.label}"(${p.code}, 시트 "${p.sheet}")입니다. 로켓그로스 리포트가 아니므로 아무것도 가져오지 않았습니다. 로켓그로스 정산 리포트는 WING › 정산 › 로켓그로스 정산현황 › 상세 › 엑셀에서, 판매분석은 비즈니스 인사이트 › 판매분석에서 받아 주세요.`,
    en: `This is a Coupang Marketplace (seller-shipped) download, "${p.label_en}" (${p.code}, sheet "${p.sheet}"), not a Rocket Growth report, so nothing was imported. Download the Rocket Growth settlement reports from WING › 정산 › 로켓그로스 정산현황 › 상세 › 엑셀, or the sales analysis from Business Insights › 판매분석.`,
  }),
  EMPTY_FILE: () => ({
    ko: '파일이 비어 있습니다. WING에서 파일을 다시 내려받아 주세요.',
    en: 'The file is empty. Download it again from WING.',
  }),
  TRUNCATED: (p) => ({
    ko: `파일이 손상되었거나 다운로드가 중간에 끊겼습니다${p.detail ? ` (${p.detail})` : ''}. WING에서 다시 내려받아 주세요.`,
    en: `The file is corrupt or its download was cut short${p.detail ? ` (${p.detail})` : ''}. Download it again from WING.`,
  }),
  CORRUPT_FILE: (p) => ({
    ko: `엑셀 파일 형식이지만 내용을 읽을 수 없습니다${p.detail ? ` (${p.detail})` : ''}. Excel에서 열리는지 확인하고, WING에서 다시 내려받아 주세요.`,
    en: `The file looks like a spreadsheet but cannot be read${p.detail ? ` (${p.detail})` : ''}. Check that Excel opens it, or download it again from WING.`,
  }),
  UNSUPPORTED_FORMAT: (p) => ({
    ko: `엑셀이나 CSV 파일이 아닙니다${p.detail ? ` (${p.detail})` : ''}. WING에서 받은 엑셀(.xlsx) 파일을 올려 주세요.`,
    en: `This is not a spreadsheet or CSV file${p.detail ? ` (${p.detail})` : ''}. Upload the Excel (.xlsx) file downloaded from WING.`,
  }),
  NOT_XLSX: () => ({
    ko: '압축(ZIP) 파일이지만 엑셀 통합 문서가 아닙니다. 압축을 풀어 안의 .xlsx 파일을 하나씩 올려 주세요.',
    en: 'This is a ZIP archive, not an Excel workbook. Unzip it and upload the .xlsx files inside.',
  }),
  BAD_DELIMITER: (p) => ({
    ko: `CSV 구분자가 쉼표(,)가 아니라 "${p.value}"입니다. Excel에서 "CSV UTF-8(쉼표로 분리)"로 다시 저장하거나 원본 .xlsx를 올려 주세요.`,
    en: `The CSV is separated by "${p.value}", not by commas. Save it again as "CSV UTF-8 (Comma delimited)" or upload the original .xlsx.`,
  }),
  NO_DATA_ROWS: (p) => ({
    ko: `${p.report ?? ''} 제목 행은 있지만 데이터 행이 없습니다. 해당 기간에 내역이 없었다면 정상입니다.`,
    en: `The ${p.report_en ?? 'report'} has its header but no data rows. That is expected if the period had no activity.`,
  }),
  MIXED_PERIODS: (p) => ({
    ko: `한 파일에 정산주기(종료일)가 여러 개 있습니다(${p.value}). 리포트 한 파일은 한 정산 기간이어야 하므로 이 파일은 가져오지 않았습니다. 다른 기간의 행: ${p.rows}. WING에서 기간별로 다시 내려받아 주세요.`,
    en: `The file holds several settlement period ends (${p.value}); a report file is one period, so it was not imported. Rows of another period: ${p.rows}. Download each period separately from WING.`,
  }),
  ENCRYPTED: () => ({
    ko: '암호가 걸린 엑셀 파일입니다. Excel에서 열어 암호를 해제한 뒤(파일 › 정보 › 통합 문서 보호) 다시 저장해 올려 주세요.',
    en: 'The workbook is password-protected. Open it in Excel, remove the password (File › Info › Protect Workbook), save and upload again.',
  }),
  HTML_AS_XLS: () => ({
    ko: '확장자는 .xls이지만 실제로는 웹페이지(HTML) 파일입니다. Excel에서 열어 "Excel 통합 문서(.xlsx)"로 다시 저장해 올려 주세요.',
    en: 'The file is named .xls but is really a web page (HTML). Open it in Excel and save it as an Excel Workbook (.xlsx), then upload that.',
  }),
  MISSING_COLUMN: (p) => ({
    ko: `${p.report ?? ''} 필수 열이 없습니다: ${p.columns}. 열을 지우거나 이름을 바꾸지 않은 원본 파일을 올려 주세요.`,
    en: `Required column(s) missing for ${p.report ?? 'this report'}: ${p.columns}. Upload the original download without deleted or renamed columns.`,
  }),
  DUPLICATE_HEADER: (p) => ({
    ko: `같은 제목의 열이 두 번 이상 있어 어느 값을 써야 할지 알 수 없습니다: ${p.columns}. 중복된 열을 지우거나 원본 파일을 올려 주세요.`,
    en: `The same column header appears more than once, so the value to use is ambiguous: ${p.columns}. Remove the duplicate or upload the original file.`,
  }),
  BAD_MONEY: (p) => ({
    ko: `금액 칸에 정수 원화 금액이 아닌 값 "${p.value}"이(가) 있어 이 행을 가져오지 않았습니다. 셀을 숫자로 고치거나 원본 파일을 다시 내려받아 주세요.`,
    en: `The money cell holds "${p.value}", which is not a whole KRW amount, so this row was not imported. Fix the cell or download the file again.`,
  }),
  BAD_NUMBER: (p) => ({
    ko: `숫자 칸에 숫자가 아닌 값 "${p.value}"이(가) 있습니다${p.rejected ? ' — 이 행을 가져오지 않았습니다' : ' — 빈 값으로 처리했습니다'}. 셀을 확인해 주세요.`,
    en: `The number cell holds "${p.value}"${p.rejected ? '; the row was not imported' : '; it was treated as blank'}. Please check the cell.`,
  }),
  BAD_DATE: (p) => ({
    ko: `날짜로 읽을 수 없는 값 "${p.value}"입니다${p.rejected ? ' — 이 행을 가져오지 않았습니다' : ' — 빈 날짜로 처리했습니다'}. YYYY-MM-DD 형식으로 고쳐 주세요.`,
    en: `"${p.value}" is not a date${p.rejected ? '; the row was not imported' : '; it was left blank'}. Use the YYYY-MM-DD format.`,
  }),
  BAD_ID: (p) => ({
    ko: `ID "${p.value}"을(를) 정확히 읽을 수 없어(${p.detail}) ${p.kept ? '이 칸은 비워 두고 행은 가져왔습니다' : '이 행을 가져오지 않았습니다'}. ID는 숫자여야 하며, Excel이 긴 숫자를 지수 형식(9.55E+10)으로 바꾸면 자릿수가 사라집니다. 원본 .xlsx 파일을 올려 주세요.`,
    en: `ID "${p.value}" cannot be read exactly (${p.detail}), so ${p.kept ? 'the cell was left blank and the row imported' : 'this row was not imported'}. IDs are digits; Excel drops digits when it shows long numbers in scientific notation (9.55E+10). Upload the original .xlsx.`,
  }),
  PERIOD_REQUIRED: () => ({
    ko: '판매분석 파일에는 날짜가 없어 기간이 꼭 필요합니다. 가져오기에서 다운로드할 때 고른 기간(예: 2025-01-01..2025-01-31)을 입력해 주세요. 이 파일은 가져오지 않았습니다.',
    en: 'Sales-analysis (판매분석) files carry no dates, so a period is required. Enter the date range you chose when downloading (e.g. 2025-01-01..2025-01-31). This file was not imported.',
  }),
  BAD_PERIOD: (p) => ({
    ko: `기간 "${p.value}"이(가) 올바르지 않습니다. 시작일..종료일(YYYY-MM-DD..YYYY-MM-DD, 시작 ≤ 종료)로 입력해 주세요.`,
    en: `Period "${p.value}" is invalid. Use start..end as YYYY-MM-DD..YYYY-MM-DD with start ≤ end.`,
  }),
  CONTROL_MISMATCH: (p) => ({
    ko: `검증 합계가 맞지 않습니다: ${p.name} — 파일 ${p.expected}, 계산 ${p.actual} (차이 ${p.diff}). 관련 행: ${p.rows}. 파일이 편집되었거나 일부만 내려받아졌을 수 있으니 원본을 다시 내려받아 확인해 주세요.`,
    en: `Control total does not match: ${p.name} — file ${p.expected}, computed ${p.actual} (difference ${p.diff}). Rows involved: ${p.rows}. The file may have been edited or partly downloaded; download it again and check.`,
  }),
  IDENTITY_MISMATCH: (p) => ({
    ko: `행의 계산이 맞지 않습니다: ${p.name} — 파일 ${p.expected}, 계산 ${p.actual} (차이 ${p.diff}). ${p.imported ?? '행은 파일 값 그대로 가져왔습니다.'} 쿠팡 정산 내역과 비교해 확인해 주세요.`,
    en: `This row does not add up: ${p.name} — file ${p.expected}, computed ${p.actual} (difference ${p.diff}). ${p.imported_en ?? "The row was imported with the file's values."} Please compare with Coupang's figures.`,
  }),
  UNKNOWN_COLUMN: (p) => ({
    ko: `알 수 없는 열 "${p.column}"은(는) 가져오지 않았습니다(다른 열은 정상 처리). 쿠팡이 양식을 바꿨다면 알려 주세요.`,
    en: `Unknown column "${p.column}" was not imported (the other columns were). If Coupang changed the layout, please tell us.`,
  }),
  UNKNOWN_FEE_LABEL: (p) => ({
    ko: `알 수 없는 비용 항목 "${p.value}" — 비용 유형을 'other'(기타)로 가져왔습니다. 쿠팡이 새 비용을 추가했다면 알려 주세요.`,
    en: `Unknown fee group "${p.value}": imported with fee type 'other'. If Coupang added a new fee, please tell us.`,
  }),
  MISSING_SUMMARY: (p) => ({
    ko: `시트 상단의 합계/세액 요약을 찾지 못했습니다. 세액을 ${p.detail}. 원본 파일을 올리면 정확한 세액을 씁니다.`,
    en: `The 합계/세액 summary above the detail was not found; VAT was ${p.detail_en}. Upload the original file to use Coupang's exact VAT.`,
  }),
  SHEET_SKIPPED: (p) => ({
    ko: `시트 "${p.sheet}"는 ${p.detail} 가져오지 않았습니다(${p.count}행).`,
    en: `Sheet "${p.sheet}" was skipped: ${p.detail_en} (${p.count} rows).`,
  }),
  ROWS_SKIPPED: (p) => ({
    ko: `${p.count}개 행은 ${p.detail} 건너뛰었습니다 (행: ${p.rows}).`,
    en: `${p.count} row(s) skipped: ${p.detail_en} (rows: ${p.rows}).`,
  }),
  DUPLICATE_FILE: (p) => ({
    ko: `같은 내용의 파일이 이미 이번 가져오기에 포함되어 있습니다("${p.value}"). 한 번만 가져왔습니다.`,
    en: `A file with identical content is already part of this run ("${p.value}"); it was imported once.`,
  }),
  FILE_UNREADABLE: (p) => ({
    ko: `파일을 열 수 없습니다(${p.detail}). 경로와 권한을 확인해 주세요.`,
    en: `The file cannot be opened (${p.detail}). Check the path and permissions.`,
  }),
  INTERNAL_ERROR: (p) => ({
    ko: `처리 중 예상하지 못한 오류가 발생했습니다(${p.detail}). 다른 파일은 계속 처리했습니다. 이 파일을 개발자에게 보내 주세요.`,
    en: `Unexpected error while processing (${p.detail}). Other files were processed. Please send this file to the developers.`,
  }),
  SUMMARY_TAB_MISMATCH: (p) => ({
    ko: `"${p.tab}" 탭의 머리글 행이 가져오기가 만든 것과 달라 새로 고치지 않았습니다. 머리글을 되돌리거나 탭 이름을 바꾸면 다음 가져오기 때 새 탭을 만듭니다.`,
    en: `The header row of the "${p.tab_en}" tab is not the one the importer wrote, so it was not refreshed. Restore the header, or rename the tab and the next import makes a new one.`,
  }),
  SUMMARY_ROWS_UNPLACED: (p) => ({
    ko: `${p.source} 탭의 ${p.count}행이 "${p.tab}" 탭의 어느 행에도 들어가지 않았습니다 (${p.reason_ko}): 행 키 ${p.keys}. 합계 행의 검증이 ✗로 그 차이를 보여 줍니다. 그 행의 날짜·과세유형·정산유형·세금계산서 발행월을 확인하세요.`,
    en: `${p.count} rows of the ${p.source_en} tab are in no row of the "${p.tab_en}" tab (${p.reason_en}): line keys ${p.keys}. The total row's check shows the difference (✗). Check those rows' dates, tax type, settlement cycle or tax-invoice month.`,
  }),
  SUMMARY_ROW_KEPT: (p) => ({
    ko: `"${p.tab}" 탭의 ${p.row}행(${p.key})은 이제 해당하는 데이터가 없지만 직접 입력한 내용(${p.content})이 있어 지우지 않았습니다. 금액 열은 0을 보여 줍니다. 필요 없으면 행을 지우세요.`,
    en: `Row ${p.row} of the "${p.tab_en}" tab (${p.key}) no longer has data, but it holds what you typed (${p.content}), so it was kept; its amounts show 0. Delete the row if you do not need it.`,
  }),
  SUMMARY_TOTAL_ROW_MOVED: (p) => ({
    ko: `"${p.tab}" 탭의 합계 행을 표 끝으로 다시 만들었습니다. 그 행에 직접 입력한 내용을 여기에 옮겨 적습니다: ${p.content}`,
    en: `The total row of the "${p.tab_en}" tab was rebuilt at the end of the table. What you had typed on it is copied here: ${p.content}`,
  }),
  HOLIDAY_UNREADABLE: (p) => ({
    ko: `휴일 탭 ${p.rows}행의 날짜 칸이 날짜가 아닙니다("${p.value}"). 날짜가 아닌 값이 있으면 지급일 계산(WORKDAY)이 모두 오류가 됩니다: YYYY-MM-DD 날짜로 고치거나 지우고, 이름은 이름 열에 적으세요.`,
    en: `The date cell of row ${p.rows} of the Holidays tab is not a date ("${p.value}"). Text there makes every payout date (WORKDAY) an error: make it a YYYY-MM-DD date or clear it, and put names in the Name column.`,
  }),
  COST_ROW_INVALID: (p) => ({
    ko: `원가 탭 ${p.row}행(옵션ID ${p.option})의 "${p.column}" 칸이 ${p.expected_ko}가 아니라("${p.value}") 이 행을 쓰지 않았습니다. 그 옵션의 판매는 다른 행이 없으면 원가 미입력 수량으로 셉니다. 칸을 고치면 옵션별 손익이 바로 바뀝니다.`,
    en: `Row ${p.row} of the Unit costs tab (option ID ${p.option}): the "${p.column_en}" cell is not ${p.expected_en} ("${p.value}"), so the row is not used; without another row that option's units count as units without cost. Fix the cell and Profit by option follows at once.`,
  }),
  COST_RANGE_REVERSED: (p) => ({
    ko: `원가 탭 ${p.row}행(옵션ID ${p.option})의 적용 종료일이 적용 시작일보다 앞서 어느 날에도 적용되지 않습니다.`,
    en: `Row ${p.row} of the Unit costs tab (option ID ${p.option}) ends before it starts, so it applies to no day.`,
  }),
  COST_TIE: (p) => ({
    ko: `원가 탭 ${p.rows}행은 옵션ID ${p.option}에 적용 시작일(${p.from})이 같고 기간이 겹칩니다. 겹치는 날에는 높은 단위원가를 씁니다(이익을 부풀리지 않도록). 한 행만 남기거나 날짜를 고치세요.`,
    en: `Rows ${p.rows} of the Unit costs tab give option ID ${p.option} the same valid-from date (${p.from}) over overlapping days. On those days the higher unit cost is used (so profit is never overstated). Keep one row or fix the dates.`,
  }),
  PAYOUT_DATE_UNKNOWN: (p) => ({
    ko: `정산 지급 탭의 "${p.cycle} ${p.end}" 라인은 지급일 규칙에 맞지 않아 지급일을 비워 두었습니다 (${p.reason_ko}).`,
    en: `The payout line "${p.cycle} ${p.end}" fits no payout-date rule, so its dates are left blank (${p.reason_en}).`,
  }),
};

/**
 * What the Import problems tab says in its severity column (normalized-tabs.md): `오류` / `error` when
 * nothing was written for that row or file, `알림` / `note` for everything else (a warning or a note:
 * the row or file was written).
 */
export function severityLabel(severity: Severity, lang: 'ko' | 'en'): string {
  if (severity === 'error') return lang === 'en' ? 'error' : '오류';
  return lang === 'en' ? 'note' : '알림';
}

function location(where: Where): Text {
  const ko: string[] = [`파일 ${where.file}`];
  const en: string[] = [`file ${where.file}`];
  if (where.sheet) {
    ko.push(`시트 ${where.sheet}`);
    en.push(`sheet ${where.sheet}`);
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

export function makeProblem(
  code: ProblemCode,
  severity: Severity,
  where: Where,
  params: Params = {},
): Problem {
  const text = CATALOG[code]({
    ...params,
    value: params.value ?? where.value ?? '',
    column: params.column ?? where.column ?? '',
  });
  const at = location(where);
  return {
    file: where.file,
    sheet: where.sheet ?? null,
    row: where.row ?? null,
    column: where.column ?? null,
    value: where.value ?? null,
    code,
    severity,
    message: `[${at.ko}] ${text.ko} / [${at.en}] ${text.en}`,
  };
}

/** Compact row list for messages: `배송비!9, 배송비!10, … (+120)`. */
export function listRows(rows: readonly string[], max = 10): string {
  if (rows.length === 0) return '-';
  const head = rows.slice(0, max).join(', ');
  return rows.length > max ? `${head}, … (+${rows.length - max})` : head;
}
