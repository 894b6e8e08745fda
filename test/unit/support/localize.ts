/** Renders LocalizedTexts with the app's real resources, as the UI does, in either language. */
import i18next, { type TFunction } from 'i18next';
import { en, zhCN } from '../../../src/i18n/resources';
import { renderLocalized } from '../../../src/ui/localizedText';
import type { LocalizedText } from '../../../src/core';

const i18n = i18next.createInstance();
void i18n.init({
  resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
  lng: 'en',
  fallbackLng: false,
  initAsync: false,
  interpolation: { escapeValue: false },
});

export function inLanguage(language: 'en' | 'zh-CN'): TFunction {
  return i18n.getFixedT(language);
}

export function rendered(text: LocalizedText, language: 'en' | 'zh-CN'): string {
  return renderLocalized(inLanguage(language), text);
}

/** Han characters: a Chinese rendering has them; English wording left in it is caught separately. */
export const HAN = /\p{Script=Han}/u;
