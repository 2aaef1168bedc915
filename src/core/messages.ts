/**
 * Every message the importer shows, Korean first, then English:
 *  - PROBLEM_CODES / CATALOG: the rows of the Import problems tab, saying where (file, sheet, 1-based
 *    Excel row, column header) and what the seller can do about it. Codes are stable: tests, the
 *    bad-input corpus and the Import problems tab rely on them (test/core/messages.test.ts checks that
 *    every code the source can emit is listed here);
 *  - NOTICES: what an import's summary says besides the counts (its warnings);
 *  - LOG_NOTES: the short notes of the Import log's warnings column;
 *  - REFUSALS: why the add-on server did not do what was asked (nothing was written).
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
  'SHEET_TOO_LARGE',
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
  'DUPLICATE_SHEET',
  'FILE_UNREADABLE',
  'INTERNAL_ERROR',
  // Written by the merge into the Import problems tab.
  'DUPLICATE_KEY_CONFLICT',
  'DUPLICATE_LINES',
  'CELL_TRUNCATED',
  'REMOVED_ROW_USER_DATA',
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
  /** A managed tab the problem is about (not a file): then `file` and `sheet` hold its label. */
  tab?: boolean;
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
  SHEET_TOO_LARGE: (p) => ({
    ko: `시트가 너무 커서 읽을 수 없습니다: ${p.part}의 압축을 풀면 ${p.size}인데, 한 시트는 ${p.limit}까지만 읽을 수 있습니다. 아무것도 가져오지 않았습니다. WING에서 기간을 나누어(예: 한 달씩) 내려받아 각각 가져와 주세요.`,
    en: `The sheet is too large to read: ${p.part} is ${p.size} uncompressed, and one sheet can be at most ${p.limit}. Nothing was imported. Download shorter periods from WING (e.g. one month each) and import them one by one.`,
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
  DUPLICATE_SHEET: (p) => ({
    ko: `시트 "${p.sheet}"는 시트 "${p.other}"와 같은 행 ${p.count}개를 담고 있어(복사된 시트) 한 번만 가져왔습니다. "${p.sheet}"의 행은 건너뛰었습니다. 두 시트가 정말 다른 거래라면 원본 파일을 다시 내려받아 주세요.`,
    en: `Sheet "${p.sheet}" holds the same ${p.count} row(s) as sheet "${p.other}" (a copied sheet), so they were imported once; the rows of "${p.sheet}" were skipped. If the two sheets really are different sales, download the original file again.`,
  }),
  DUPLICATE_FILE: (p) => ({
    ko: `같은 내용의 파일이 이미 이번 가져오기에 포함되어 있습니다("${p.value}"). 한 번만 가져왔습니다.`,
    en: `A file with identical content is already part of this run ("${p.value}"); it was imported once.`,
  }),
  FILE_UNREADABLE: (p) => ({
    ko: `파일을 열 수 없습니다(${p.detail}). 경로와 권한을 확인해 주세요.`,
    en: `The file cannot be opened (${p.detail}). Check the path and permissions.`,
  }),
  DUPLICATE_KEY_CONFLICT: () => ({
    ko: '같은 행 키가 이번 가져오기의 다른 파일에 다른 값으로 있습니다. 먼저 읽은 행을 기록했고 이 행은 기록하지 않았습니다. 두 파일 중 최신 다운로드 하나만 가져와 주세요.',
    en: 'Another file of this import has the same line key with different values; the first one was written, not this one. Import only the latest of the two downloads.',
  }),
  DUPLICATE_LINES: (p) => ({
    ko: `이 파일의 ${p.count}행은 이번 가져오기의 파일 "${p.other}"에 있는 행과 같아(같은 행 키, 같은 값) 한 번만 기록했습니다. 같은 다운로드를 다시 저장한 파일이라면 정상입니다.`,
    en: `${p.count} line(s) of this file repeat lines of "${p.other}" in this import (same line key, same values), so they were written once. That is expected for a re-saved copy of the same download.`,
  }),
  CELL_TRUNCATED: (p) => ({
    ko: `셀 하나에 담을 수 있는 글자 수(${p.limit}자)를 넘어 잘랐습니다.`,
    en: `The text was longer than a cell can hold (${p.limit} characters) and was cut.`,
  }),
  REMOVED_ROW_USER_DATA: (p) => ({
    ko: `가져오기로 삭제된 행(${p.key})에 직접 입력한 내용이 있어 여기에 보관했습니다.`,
    en: `A row removed by the import (${p.key}) held what you typed; it is kept here.`,
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
  const ko: string[] = [where.tab ? `탭 ${where.file}` : `파일 ${where.file}`];
  const en: string[] = [where.tab ? `tab ${where.file}` : `file ${where.file}`];
  if (where.sheet && !where.tab) {
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

// ── amounts in messages ───────────────────────────────────────────────────────────────────────────

/** 1234567 → '1,234,567' (no Intl: core also runs in a bare V8). */
export function thousands(n: number): string {
  const sign = n < 0 ? '-' : '';
  return sign + String(Math.abs(Math.trunc(n))).replace(/\B(?=(\d{3})+$)/g, ',');
}

const bilingual = (t: Text) => `${t.ko}\n${t.en}`;

// ── notices: an import's warnings (Korean, a line break, English) ──────────────────────────────────

export const NOTICE_CODES = [
  'V1_SUPERSEDED',
  'PRESERVED_USER_ROWS',
  'PERIOD_REPLACED',
  'KEPT_FOR_REJECTED',
  'REMOVALS_PLANNED',
  'SCOPE_HELP',
  'CELLS_NEARLY_FULL',
] as const;
export type NoticeCode = (typeof NOTICE_CODES)[number];

const NOTICES: Record<NoticeCode, (p: Params) => Text> = {
  V1_SUPERSEDED: (p) => ({
    ko: `판매분석(v1) 주문행 ${p.removed}개를 삭제하고 ${p.skipped}개를 기록하지 않았습니다: 같은 기간의 정산 리포트(v2)가 있어 매출이 두 번 잡히지 않도록 했습니다.`,
    en: `${p.removed} v1 (판매분석) order rows removed and ${p.skipped} not written: settlement (v2) data covers the same span, so sales are not counted twice.`,
  }),
  PRESERVED_USER_ROWS: (p) => ({
    ko: `삭제된 행 ${p.rows}개에 직접 입력한 내용이 있어 '가져오기 오류' 탭에 보관했습니다.`,
    en: `${p.rows} removed rows held what you typed; it is kept in the Import problems tab.`,
  }),
  PERIOD_REPLACED: (p) => ({
    ko: `수정된 파일로 기간을 교체하며 새 파일에 없는 행 ${p.rows}개(${p.amount}원)를 삭제했습니다 (${p.periods}).`,
    en: `Corrected download: ${p.rows} rows (KRW ${p.amount}) no longer in the file were removed (${p.periods}).`,
  }),
  KEPT_FOR_REJECTED: (p) => ({
    ko: `${p.file}: ${p.count}행을 가져오지 못했습니다(행: ${p.rows}). 그래서 이 파일의 기간(${p.scope})에서는 어떤 행도 지우지 않았습니다. 그 행을 고치거나 WING에서 다시 내려받아 가져오면 기간이 교체됩니다.`,
    en: `${p.file}: ${p.count} line(s) were not imported (rows: ${p.rows}), so nothing was removed from this file's period (${p.scope}) because of them. Fix those lines or download the file again from WING, then import it to replace the period.`,
  }),
  REMOVALS_PLANNED: (p) => ({
    ko: `이 가져오기는 장부에 있던 행 ${p.rows}개(${p.amount}원)를 지웁니다: ${p.scopes}. 수정된 다운로드라면 맞는 일이지만, 기간의 일부 파일만 가져오는 중이라면 나머지 파일도 함께 가져오세요(함께 가져오면 지우지 않습니다).`,
    en: `This import removes ${p.rows} rows (KRW ${p.amount}) that are in the book: ${p.scopes}. That is right for a corrected download; if these files are only part of a period, add the other parts and import them together (then nothing is removed).`,
  }),
  // Past 80 % of Google's 10,000,000 cells (issue #13): how many more months fit, and where to go.
  CELLS_NEARLY_FULL: (p) => ({
    ko: `스프레드시트가 셀 한도의 ${p.percent}%를 쓰고 있습니다 (${p.used} / ${p.limit}셀). ${p.months === '' ? '' : `이번 가져오기와 같은 양이면 앞으로 약 ${p.months}개월분이 더 들어갑니다. `}가득 차기 전에 README의 'BigQuery' 절을 보고 장부를 BigQuery로 옮기세요 (npx cjet export --bigquery).`,
    en: `This spreadsheet uses ${p.percent}% of its cell limit (${p.used} of ${p.limit} cells). ${p.months === '' ? '' : `About ${p.months} more month(s) like this import fit. `}Before it is full, see the README's "BigQuery" section and move the ledger to BigQuery (npx cjet export --bigquery).`,
  }),
  // The help text of the 범위 dropdown on the Commission settings tab.
  SCOPE_HELP: () => ({
    ko: '옵션 / 상품 / 카테고리 (또는 option / product / category)',
    en: 'option / product / category (or 옵션 / 상품 / 카테고리)',
  }),
};

export function notice(code: NoticeCode, params: Params = {}): string {
  return bilingual(NOTICES[code](params));
}

// ── Import log notes (one line each: Korean / English) ────────────────────────────────────────────

export const LOG_NOTE_CODES = [
  'SUPERSEDED',
  'FOREIGN',
  'NOT_RECOGNISED',
  'CONTROL',
  'NOT_MATCHED',
  'REJECTED',
  'SKIPPED',
  'DUPLICATES',
  'DUPLICATE_FILE',
  'UNBALANCED',
  'KEPT',
] as const;
export type LogNoteCode = (typeof LOG_NOTE_CODES)[number];

const LOG_NOTES: Record<LogNoteCode, (p: Params) => Text> = {
  SUPERSEDED: (p) => ({
    ko: `정산 리포트(v2)가 같은 기간을 대체하여 ${p.count}행 기록 안 함`,
    en: `${p.count} rows not written: settlement (v2) data covers the span`,
  }),
  FOREIGN: (p) => ({ ko: '로켓그로스 리포트가 아님', en: `not a Rocket Growth report: ${p.code}` }),
  NOT_RECOGNISED: () => ({ ko: '인식하지 못한 파일', en: 'file not recognised' }),
  CONTROL: (p) => ({ ko: `${p.name}: ${p.expected} ≠ ${p.actual}`, en: 'control total differs' }),
  NOT_MATCHED: () => ({ ko: '기록된 합계가 파일과 다름', en: 'written total differs from the file' }),
  REJECTED: (p) => ({ ko: `거부된 행 ${p.count}`, en: `${p.count} rows rejected` }),
  SKIPPED: (p) => ({ ko: `건너뛴 행 ${p.count}`, en: `${p.count} rows skipped` }),
  DUPLICATES: (p) => ({
    ko: `중복이라 한 번만 가져온 행 ${p.count}`,
    en: `${p.count} duplicate rows counted once`,
  }),
  DUPLICATE_FILE: (p) => ({ ko: `${p.file}와 같은 파일`, en: `same file as ${p.file}` }),
  UNBALANCED: (p) => ({
    ko: `행 수가 맞지 않음: 읽음 ${p.read} ≠ ${p.sum}`,
    en: `lines do not add up: read ${p.read} ≠ ${p.sum}`,
  }),
  KEPT: () => ({
    ko: '가져오지 못한 행이 있어 이 기간의 행을 지우지 않음',
    en: 'nothing removed from this period because of lines not imported',
  }),
};

export function logNote(code: LogNoteCode, params: Params = {}): string {
  const text = LOG_NOTES[code](params);
  return `${text.ko} / ${text.en}`;
}

// ── refusals of the add-on server (nothing was written) ───────────────────────────────────────────

export const REFUSAL_TEXTS = [
  'LOCKED',
  'CELL_LIMIT',
  'HEADER_MISMATCH',
  'CHUNK_TOO_LARGE',
  'INVALID_REQUEST',
  'REMOVALS_NEED_CONSENT',
  'REMOVALS_NEED_FLAG',
  'AMBIGUOUS_TAB',
] as const;
export type RefusalText = (typeof REFUSAL_TEXTS)[number];

const REFUSALS: Record<RefusalText, (p: Params) => Text> = {
  LOCKED: () => ({
    ko: '다른 사용자가 이 스프레드시트에 가져오기를 하고 있습니다. 잠시 후 다시 시도하세요. 아무것도 바뀌지 않았습니다.',
    en: 'Someone else is importing into this spreadsheet. Try again in a moment. Nothing was changed.',
  }),
  CELL_LIMIT: (p) => ({
    ko: `이 가져오기에는 셀이 최대 ${p.needed}개 더 필요한데, 스프레드시트 하나에는 ${p.limit}셀까지만 들어갑니다(지금 ${p.used}셀 사용 중). 아무것도 쓰지 않았습니다. 오래된 행을 다른 스프레드시트로 옮기거나 빈 행·열을 지운 뒤 다시 시도하세요.`,
    en: `This import needs up to ${p.needed} more cells, but a spreadsheet holds at most ${p.limit} (${p.used} in use). Nothing was written. Move old rows to another spreadsheet or delete empty rows and columns, then try again.`,
  }),
  HEADER_MISMATCH: (p) => ({
    ko: `다음 탭의 머리글 행이 가져오기가 만든 것과 달라 건드리지 않았습니다: ${p.names}. 머리글을 되돌리거나 탭 이름을 바꾼 뒤 다시 시도하세요.`,
    en: `The header row of these tabs is not what the importer wrote, so nothing was changed: ${p.names}. Restore the header or rename the tab, then try again.`,
  }),
  CHUNK_TOO_LARGE: (p) => ({
    ko: `한 번에 ${p.max}행까지 보낼 수 있습니다 (${p.rows}행).`,
    en: `At most ${p.max} rows per chunk (got ${p.rows}).`,
  }),
  INVALID_REQUEST: (p) => ({
    ko: `요청 형식이 올바르지 않습니다: ${p.where}`,
    en: `The request is not valid: ${p.where}`,
  }),
  REMOVALS_NEED_CONSENT: (p) => ({
    ko: `이 가져오기는 장부에 있던 행 ${p.rows}개(${p.amount}원)를 지우게 되는데, 지워도 된다는 확인이 없어 아무것도 지우지 않았습니다${p.written ? '(앞서 보낸 행은 기록됨)' : ''}: ${p.scopes}. 수정된 다운로드라면 삭제를 확인하고 다시 가져오세요. 기간의 일부 파일이라면 나머지 파일도 함께 가져오세요.`,
    en: `This import would remove ${p.rows} rows (KRW ${p.amount}) that are in the book and the removal was not confirmed, so nothing was removed${p.written ? ' (rows sent before were written)' : ''}: ${p.scopes}. For a corrected download, confirm the removal and import again; if these files are part of a period, import all its parts together.`,
  }),
  REMOVALS_NEED_FLAG: (p) => ({
    ko: `이 가져오기는 장부에 있던 행 ${p.rows}개(${p.amount}원)를 지우게 되어 아무것도 쓰지 않았습니다: ${p.scopes}. 수정된 다운로드라서 지워도 된다면 --allow-removals 를 붙여 다시 실행하세요. 기간의 일부 파일이라면 나머지 파일도 함께 가져오세요(함께 가져오면 지우지 않습니다).`,
    en: `This import would remove ${p.rows} rows (KRW ${p.amount}) that are in the book, so nothing was written: ${p.scopes}. If this is a corrected download and they may go, run it again with --allow-removals; if these files are part of a period, import all its parts together (then nothing is removed).`,
  }),
  AMBIGUOUS_TAB: (p) => ({
    ko: `시트 ${p.sheets}가 모두 '${p.tab}' 탭으로 보여 어느 쪽에 쓸지 정할 수 없습니다. 아무것도 쓰지 않았습니다. 필요 없는 사본을 지우거나 다른 스프레드시트로 옮긴 뒤 다시 가져오세요.`,
    en: `Sheets ${p.sheets} all look like the '${p.tab_en}' tab, so which one to write to is not clear. Nothing was written. Delete the copy you do not need (or move it to another spreadsheet), then import again.`,
  }),
};

/** A refusal's message: Korean, a line break, English (the dialog shows both). */
export function refusalMessage(code: RefusalText, params: Params = {}): string {
  return bilingual(REFUSALS[code](params));
}
