/** Menu and dialog titles. Korean is the default; English is chosen per user (see `lang.ts`). */
export type Lang = 'ko' | 'en';

export const ADDON_LABELS = {
  ko: {
    importFiles: '파일 가져오기…',
    commissionSettings: '수수료 설정',
    refreshClose: '월마감 새로 고침',
    prefillCosts: '원가 채우기',
    costsPrefilled: (added: number, present: number) =>
      `원가 탭에 옵션 ${added}개를 추가했습니다 (이미 있던 ${present}개는 그대로). 단위원가(VAT별도)를 입력하세요.`,
    explain: '이 숫자 설명',
    explainTitle: '이 숫자 설명',
    closeRefreshed: '월마감 · 세금계산서 대사 · 정산 지급 탭을 새로 고쳤습니다.',
    help: '도움말',
    switchLanguage: '영어로 보기 (English)',
    importDialogTitle: '쿠팡 로켓그로스 파일 가져오기',
    helpTitle: '도움말',
  },
  en: {
    importFiles: 'Import files…',
    commissionSettings: 'Commission settings',
    refreshClose: 'Refresh month close',
    prefillCosts: 'Prefill unit costs',
    costsPrefilled: (added: number, present: number) =>
      `Added ${added} options to the Unit costs tab (${present} already there, left as they are). Type the unit costs (ex VAT).`,
    explain: 'Explain this number',
    explainTitle: 'Explain this number',
    closeRefreshed: 'The Monthly close, Tax-invoice match and Payouts tabs were refreshed.',
    help: 'Help',
    switchLanguage: '한국어 메뉴',
    importDialogTitle: 'Import Coupang Rocket Growth files',
    helpTitle: 'Help',
  },
} as const satisfies Record<Lang, Record<string, string | ((added: number, present: number) => string)>>;
