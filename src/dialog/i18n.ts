/**
 * Dialog texts. Korean is the default (the sellers are Korean); English is a toggle for helpers,
 * accountants and developers. In English mode error messages still keep the Korean text first so
 * that a screenshot sent to support reads the same in either mode.
 */
import type { ForeignDownload, MappingVersion, ReportCode } from '../core/model/records';
import { ALL_TABS } from '../core/model/tabs';
import { foreignDeclarationFor } from '../core/reports/foreign';

export type Lang = 'ko' | 'en';

/** A file's lines and what became of them (ImportFinishResponse.control[].lines). */
export interface LineCounts {
  read: number;
  written: number;
  unchanged: number;
  rejected: number;
  skipped: number;
  duplicates: number;
  superseded: number;
}

export const REPORT_LABELS: Record<ReportCode, { ko: string; en: string }> = {
  CATEGORY_TR: { ko: '판매수수료 리포트', en: 'Sales commission report' },
  WAREHOUSING_SHIPPING: { ko: '입출고/배송비 리포트', en: 'Warehousing / shipping fee report' },
  STORAGE_FEE: { ko: '보관비 리포트', en: 'Storage fee report' },
  CRETURN_PICKUP_RESTOCKING: { ko: '반품 회수/재입고 비용 리포트', en: 'Return pickup / restocking report' },
  VRETURN_HANDLING: { ko: '반출비 리포트', en: 'Vendor return handling report' },
  VRETURN_SHIPPING: { ko: '반출 배송 서비스비 리포트', en: 'Vendor return shipping report' },
  BARCODE_LABELING_FEE: { ko: '부가서비스비 리포트', en: 'Barcode labeling (extra service) report' },
  INVENTORY_COMPENSATION: { ko: '재고 손실 보상 리포트', en: 'Inventory loss compensation report' },
  SELLER_INSIGHTS: { ko: '판매분석', en: 'Sales analysis (seller insights)' },
};

/** What a mapping version means for the numbers, in one line (normalized-tabs.md). */
export const VERSION_EXPLANATIONS: Record<MappingVersion, { ko: string; en: string }> = {
  v1: {
    ko: '쿠폰 할인 미반영, 옵션ID를 주문번호로 사용, 배송비 미적용',
    en: 'coupons not reflected, option ID used as order ID, shipping not applied',
  },
  v2: {
    ko: '쿠폰 할인 반영, 실제 주문번호, 수집 수수료·판매자 부담 배송비 적용',
    en: 'coupons reflected, real order IDs, collected commission and seller-borne shipping applied',
  },
};

const ko = {
  title: '쿠팡 로켓그로스 파일 가져오기',
  langToggle: 'English',
  dropTitle: '파일을 여기에 끌어다 놓거나 눌러서 선택하세요',
  dropHint: 'WING에서 내려받은 .xlsx · .xls · .csv 파일, 여러 개를 한 번에 선택할 수 있습니다',
  noFiles: '아직 선택한 파일이 없습니다.',
  whichFiles: '어떤 파일을 올리나요?',
  guideV2Title: '정산 리포트 (v2, 권장)',
  guideV2:
    'WING › 정산 › 로켓그로스 정산현황 › 상세 › 엑셀: 판매수수료, 입출고/배송비, 보관비, 반품, 반출, 부가서비스비, 재고 손실 보상 리포트. 쿠폰과 배송비까지 정확히 반영됩니다.',
  guideV1Title: '판매분석 (v1)',
  guideV1: 'WING › 비즈니스 인사이트 › 판매분석 › 옵션별 엑셀. 파일에 날짜가 없어 기간을 직접 입력합니다.',
  privacy:
    '파일은 이 창 안에서 읽고 분석합니다. 원본 파일은 어디에도 올라가지 않고, 정리된 행만 이 스프레드시트에 기록됩니다.',
  reading: '파일 읽는 중',
  parsing: '내용 분석 중',
  rowsProgress: (done: number, total: number) => `${fmt(done)} / ${fmt(total)}행`,
  seconds: (n: number) => `${n}초`,
  remove: '빼기',
  unknownReport: '알 수 없는 파일',
  detecting: '어떤 리포트인지 확인하는 중…',
  version: '매핑',
  period: '기간',
  periodNone: '기간 정보 없음',
  periodAwaiting: '기간을 입력하세요',
  rows: (read: number, accepted: number, rejected: number, skipped: number) =>
    `읽음 ${fmt(read)} · 가져옴 ${fmt(accepted)} · 거부 ${fmt(rejected)} · 건너뜀 ${fmt(skipped)}`,
  control: '검증 합계',
  controlNone: '검증 합계 없음',
  problems: (n: number) => `문제 ${fmt(n)}건`,
  problemsMore: (n: number) => `… 외 ${fmt(n)}건 (가져오기 오류 탭에 모두 기록됩니다)`,
  where: '위치',
  refused: '가져올 수 없음',
  refusedHint:
    '이 파일은 가져오지 않습니다. 아무것도 기록되지 않습니다. (Not imported: nothing is written for this file.)',
  duplicate: '같은 파일이 이미 목록에 있습니다 (the same file is already in the list)',
  v1PeriodLabel:
    '판매분석 파일에는 날짜가 없습니다. WING에서 내려받을 때 고른 기간을 입력하거나, 맞다면 아래 제안을 누르세요',
  v1PeriodSuggest: (start: string, end: string) => `${start} ~ ${end} 로 입력`,
  v1PeriodSuggestHint: '파일 이름의 다운로드 날짜로 짐작한 기간입니다. 확인한 뒤 누르세요.',
  v1PeriodStart: '시작일',
  v1PeriodEnd: '종료일',
  v1PeriodMissing:
    '판매분석 파일의 기간(시작일·종료일)을 입력하거나 제안을 눌러 확인해야 가져올 수 있습니다. (Confirm the period of the sales-analysis file, typed or picked, to import it.)',
  v1PeriodInvalid: '시작일이 종료일보다 늦습니다. (The start date is after the end date.)',
  planButton: '변경 사항 미리 보기',
  planning: '시트와 비교하는 중…',
  planTitle: '가져오면 바뀌는 내용',
  planTab: '탭',
  planNew: '새로 추가',
  planChanged: '변경',
  planRemoved: '삭제',
  planUnchanged: '그대로',
  planRejected: '거부',
  planSuperseded: '대체됨',
  planSkipped: '중복(한 번만)',
  planNothing: '이미 모두 가져온 파일입니다. 아무것도 바뀌지 않습니다.',
  planStale: '파일이나 기간이 바뀌었습니다. 다시 미리 보기를 하세요.',
  importButton: '가져오기',
  importing: '가져오는 중',
  chunkProgress: (done: number, total: number, rows: number, totalRows: number) =>
    `${done} / ${total} 묶음 · ${fmt(rows)} / ${fmt(totalRows)}행`,
  retry: '다시 시도',
  chunkFailed: (index: number, total: number) =>
    `${index + 1}번째 묶음(${total}개 중)을 보내지 못했습니다. 다시 시도를 누르면 이 묶음부터 이어서 보냅니다. (Chunk ${index + 1} of ${total} failed; 다시 시도 resumes from it.)`,
  doneTitle: '가져오기 완료',
  doneNothing: '아무것도 바뀌지 않았습니다.',
  openTab: (tab: string) => `${tab} 탭 열기`,
  openTabsHint: (tabs: string) => `시트 아래쪽에서 ${tabs} 탭을 여세요.`,
  close: '닫기',
  again: '다른 파일 가져오기',
  serverError: '서버 호출에 실패했습니다 (server call failed)',
  readError: '파일을 읽지 못했습니다 (could not read the file)',
  normalizeError: '파일을 분석하지 못했습니다 (could not analyse the file)',
  nothingToImport: '가져올 수 있는 파일이 없습니다. (No file can be imported.)',
  totalRows: (n: number) => `모두 ${fmt(n)}행`,
  severity: { error: '오류', warning: '경고', info: '안내' },
  controlOk: '일치',
  amountInFile: '파일 합계',
  amountWritten: '시트 합계',
  supersededAmount: (amount: number, rows: number) => `대체 ${fmt(amount)} (${fmt(rows)}행)`,
  waitParsing: '파일을 분석하는 중입니다.',
  waitPlan: '바뀌는 내용을 계산하는 중입니다.',
  planFailedHint: '바뀌는 내용을 계산하지 못했습니다. 다시 시도를 누르세요.',
  notRocketGrowth: '로켓그로스 리포트 아님',
  fileChecksBad: '파일 자체 검증 불일치',
  unattributed: (n: number) =>
    `주문이 아직 없는 배송·입출고비 ${fmt(n)}건은 해당 주문을 가져오면 연결됩니다.`,
  commissionsMissing: (n: number) =>
    `수수료 정보가 없는 행 ${fmt(n)}개: 수수료 설정 탭에서 요율을 입력하세요.`,
  controlBad: '불일치',
  closeTitle: '월마감 (✓ 검증 일치)',
  closeMonth: '귀속월',
  closeSupplyTotal: '공급대가',
  closeVat: '세액',
  closeCommission: '판매수수료',
  closeCfs: 'CFS',
  closePayout: '지급 예정액',
  closeTab: '월마감',
  closeEstimated: (month: string, amount: number) =>
    `${month} 판매분석(버전1) 추정 공급대가 ${fmt(amount)}원은 따로 표시합니다(확정 금액과 더하지 않음).`,
  controlPartial: '일부만 기록',
  removalScope: (tab: string, report: string, period: string, rows: number, amount: number, reason: string) =>
    `${tab} · ${report} ${period}: ${fmt(rows)}행, ${fmt(amount)}원 ${reason === 'superseded' ? '(정산 리포트가 대체한 판매분석 행)' : '(새 파일에 없는 행)'}`,
  consentLabel: (rows: number, amount: number) =>
    `장부에 있던 ${fmt(rows)}행(${fmt(amount)}원)을 지우는 것을 확인했습니다`,
  consentNeeded:
    '가져오면 장부에 있던 행이 지워집니다. 위의 내용을 확인하고 상자에 체크해야 가져올 수 있습니다. (Rows of the book will be removed: tick the box above to confirm.)',
  lines: (l: LineCounts) =>
    `읽음 ${fmt(l.read)} · 기록 ${fmt(l.written)} · 그대로 ${fmt(l.unchanged)} · 거부 ${fmt(l.rejected)} · 건너뜀 ${fmt(l.skipped)}${l.duplicates > 0 ? `(중복 ${fmt(l.duplicates)})` : ''} · 대체 ${fmt(l.superseded)}`,
  notImported: (count: number, rows: string) =>
    `가져오지 못한 행 ${fmt(count)}개(${rows}). 이 행 때문에 장부에서 지워지는 행은 없습니다.`,
  duplicateRows: (count: number) => `다른 시트와 같은 행 ${fmt(count)}개는 한 번만 가져옵니다.`,
  notImportedLabel: '가져오지 못한 행',
  duplicateLabel: '중복',
};

export type Texts = typeof ko;

const en: Texts = {
  title: 'Import Coupang Rocket Growth files',
  langToggle: '한국어',
  dropTitle: 'Drop files here, or press to choose',
  dropHint: '.xlsx · .xls · .csv files downloaded from WING; several at once is fine',
  noFiles: 'No files chosen yet.',
  whichFiles: 'Which files?',
  guideV2Title: 'Settlement reports (v2, recommended)',
  guideV2:
    'WING › 정산 › 로켓그로스 정산현황 › 상세 › 엑셀: commission, warehousing/shipping, storage, return, vendor-return, extra-service and inventory-compensation reports. Coupons and shipping are reflected exactly.',
  guideV1Title: 'Sales analysis (v1)',
  guideV1:
    'WING › 비즈니스 인사이트 › 판매분석, Excel by option. The file has no dates: you enter its period.',
  privacy:
    'Files are read and analysed inside this window. The original files are uploaded nowhere; only the normalized rows are written to this spreadsheet.',
  reading: 'Reading file',
  parsing: 'Analysing',
  rowsProgress: (done, total) => `${fmt(done)} / ${fmt(total)} rows`,
  seconds: (n) => `${n} s`,
  remove: 'Remove',
  unknownReport: 'Unknown file',
  detecting: 'Recognising the report…',
  version: 'Mapping',
  period: 'Period',
  periodNone: 'no period',
  periodAwaiting: 'enter the period',
  rows: (read, accepted, rejected, skipped) =>
    `read ${fmt(read)} · accepted ${fmt(accepted)} · rejected ${fmt(rejected)} · skipped ${fmt(skipped)}`,
  control: 'Control totals',
  controlNone: 'no control totals',
  problems: (n) => `${fmt(n)} problem${n === 1 ? '' : 's'}`,
  problemsMore: (n) => `… and ${fmt(n)} more (all are written to the import problems tab)`,
  where: 'Where',
  refused: 'Refused',
  refusedHint: '가져오지 않음 (Not imported: nothing is written for this file.)',
  duplicate: '같은 파일이 이미 목록에 있습니다 (the same file is already in the list)',
  v1PeriodLabel:
    'Sales-analysis files carry no dates. Enter the period you chose when downloading it from WING, or pick the suggestion below if it is right',
  v1PeriodSuggest: (start, end) => `Use ${start} ~ ${end}`,
  v1PeriodSuggestHint: 'Guessed from the download date in the file name: check it before you pick it.',
  v1PeriodStart: 'Start',
  v1PeriodEnd: 'End',
  v1PeriodMissing:
    '판매분석 파일의 기간을 확인하세요. (Confirm the period of the sales-analysis file, typed or picked, to import it.)',
  v1PeriodInvalid: '시작일이 종료일보다 늦습니다. (The start date is after the end date.)',
  planButton: 'Preview changes',
  planning: 'Comparing with the sheet…',
  planTitle: 'What the import will change',
  planTab: 'Tab',
  planNew: 'New',
  planChanged: 'Changed',
  planRemoved: 'Removed',
  planUnchanged: 'Unchanged',
  planRejected: 'Rejected',
  planSuperseded: 'Superseded',
  planSkipped: 'Duplicates (once)',
  planNothing: '아무것도 바뀌지 않습니다. (Already imported: nothing will change.)',
  planStale: 'Files or periods changed: preview again.',
  importButton: '가져오기 (Import)',
  importing: 'Importing',
  chunkProgress: (done, total, rows, totalRows) =>
    `${done} / ${total} chunks · ${fmt(rows)} / ${fmt(totalRows)} rows`,
  retry: '다시 시도 (Retry)',
  chunkFailed: (index, total) =>
    `${index + 1}번째 묶음 전송 실패. (Chunk ${index + 1} of ${total} failed; the chunks already sent are kept and sending resumes from it.)`,
  doneTitle: 'Import finished',
  doneNothing: '아무것도 바뀌지 않았습니다. (Nothing changed.)',
  openTab: (tab) => `Open ${tab}`,
  openTabsHint: (tabs) => `Open the ${tabs} tab(s) at the bottom of the sheet.`,
  close: 'Close',
  again: 'Import other files',
  serverError: '서버 호출 실패 (server call failed)',
  readError: '파일을 읽지 못했습니다 (could not read the file)',
  normalizeError: '파일을 분석하지 못했습니다 (could not analyse the file)',
  nothingToImport: '가져올 수 있는 파일이 없습니다. (No file can be imported.)',
  totalRows: (n) => `${fmt(n)} rows in all`,
  severity: { error: 'error', warning: 'warning', info: 'info' },
  controlOk: 'match',
  amountInFile: 'in file',
  amountWritten: 'in sheet',
  supersededAmount: (amount, rows) => `superseded ${fmt(amount)} (${fmt(rows)} rows)`,
  waitParsing: 'The files are being analysed.',
  waitPlan: 'Working out what the import will change.',
  planFailedHint: 'Could not work out the changes: press 다시 시도 (Retry).',
  notRocketGrowth: 'not a Rocket Growth report',
  fileChecksBad: "the file's own checks do not add up",
  unattributed: (n) =>
    `${fmt(n)} shipping/warehousing fees wait for their orders; they are linked once those orders are imported.`,
  commissionsMissing: (n) =>
    `${fmt(n)} rows have no commission: enter a rate in the Commission settings tab.`,
  controlBad: 'mismatch',
  closeTitle: 'Month close (✓ checks hold)',
  closeMonth: 'Month',
  closeSupplyTotal: 'Supply total',
  closeVat: 'VAT',
  closeCommission: 'Commission',
  closeCfs: 'CFS',
  closePayout: 'Expected payout',
  closeTab: 'Monthly close',
  closeEstimated: (month: string, amount: number) =>
    `${month}: the sales analysis (v1) estimate, supply total ${fmt(amount)} KRW, is shown apart (never added to confirmed figures).`,
  controlPartial: 'partly written',
  removalScope: (tab, report, period, rows, amount, reason) =>
    `${tab} · ${report} ${period}: ${fmt(rows)} rows, KRW ${fmt(amount)} ${reason === 'superseded' ? '(sales-analysis rows a settlement report replaces)' : '(rows no longer in the file)'}`,
  consentLabel: (rows, amount) => `I confirm removing ${fmt(rows)} rows (KRW ${fmt(amount)}) from the book`,
  consentNeeded:
    '장부에 있던 행이 지워집니다. (Rows of the book will be removed: tick the box above to confirm before importing.)',
  lines: (l) =>
    `read ${fmt(l.read)} · written ${fmt(l.written)} · unchanged ${fmt(l.unchanged)} · rejected ${fmt(l.rejected)} · skipped ${fmt(l.skipped)}${l.duplicates > 0 ? ` (duplicates ${fmt(l.duplicates)})` : ''} · superseded ${fmt(l.superseded)}`,
  notImported: (count, rows) =>
    `${fmt(count)} line(s) not imported (${rows}); nothing is removed from the book because of them.`,
  duplicateRows: (count) => `${fmt(count)} row(s) repeat another sheet and are imported once.`,
  notImportedLabel: 'Not imported',
  duplicateLabel: 'Duplicates',
};

export const TEXTS: Record<Lang, Texts> = { ko, en };

export function fmt(n: number): string {
  return n.toLocaleString('ko-KR');
}

/** A known download of another Coupang product (Marketplace): its own name, never a report's. */
export function foreignLabel(code: ForeignDownload, lang: Lang): string {
  const declaration = foreignDeclarationFor(code);
  const label = declaration
    ? lang === 'ko'
      ? declaration.labelKo
      : `${declaration.labelKo} (${declaration.labelEn})`
    : code;
  return `${label} · ${code} — ${TEXTS[lang].notRocketGrowth}`;
}

export function reportLabel(code: ReportCode | null, lang: Lang, fallback?: string): string {
  if (code === null) return fallback ?? TEXTS[lang].unknownReport;
  const label = REPORT_LABELS[code];
  return lang === 'ko' ? label.ko : `${label.ko} (${label.en})`;
}

/** A managed tab's name as the server creates it (merge's tabs.ts); English mode adds the English. */
export function tabLabel(tab: string, lang: Lang): string {
  const def = ALL_TABS.find((d) => d.id === tab);
  if (!def) return tab;
  return lang === 'ko' ? def.ko : `${def.ko} (${def.en})`;
}
