/** Menu and dialog titles. Korean is the default; English is chosen per user (see `lang.ts`). */
export type Lang = 'ko' | 'en';

export const ADDON_LABELS = {
  ko: {
    importFiles: '파일 가져오기…',
    commissionSettings: '수수료 설정',
    refreshClose: '월마감 새로 고침',
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
    closeRefreshed: 'The Monthly close, Tax-invoice match and Payouts tabs were refreshed.',
    help: 'Help',
    switchLanguage: '한국어 메뉴',
    importDialogTitle: 'Import Coupang Rocket Growth files',
    helpTitle: 'Help',
  },
} as const satisfies Record<Lang, Record<string, string>>;
