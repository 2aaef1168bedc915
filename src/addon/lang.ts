import type { Lang } from './labels';

const LANG_PROPERTY = 'cjet.lang';

/** The user's language. Never called in AuthMode.NONE: properties are off limits there. */
export function userLang(): Lang {
  return PropertiesService.getUserProperties().getProperty(LANG_PROPERTY) === 'en' ? 'en' : 'ko';
}

export function setUserLang(lang: Lang): void {
  PropertiesService.getUserProperties().setProperty(LANG_PROPERTY, lang);
}
