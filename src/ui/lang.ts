/** The two languages of the pages (Korean first; English by toggle). */
export type Lang = 'ko' | 'en';
