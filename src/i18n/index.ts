/**
 * i18next setup: English and Simplified Chinese, bundled (no network).
 *
 * The language is the one saved in the settings (LanguageSwitcher / Settings panel); when none is
 * saved it is detected from `?lang=` then the browser's languages. Any Chinese variant maps to
 * zh-CN, anything else to English. Every user-visible string goes through `t()`; keys are typed
 * (see src/app/i18next.d.ts), and test/unit/i18n.test.ts checks both files have the same keys.
 * The strings themselves come from the shell (src/app/locales.ts → src/main.tsx), which bundles
 * the apps' locale files: this module sits below the panels and imports none of them.
 */
import i18n, { type ResourceKey } from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import { initReactI18next } from 'react-i18next';
import { uiLanguageOf } from '../core';
import { LANGUAGES, useSettings, type Language } from '../state/settings';

/** Every UI string per language, bundled by the shell (src/app/locales.ts) from the apps' files. */
export type Translations = Record<Language, ResourceKey>;

/** Maps any BCP 47 tag to a supported language. */
export function currentLanguage(tag: string | undefined): Language {
  return uiLanguageOf(tag);
}

/**
 * The language "follow the browser" gives, as the detector below finds it: `?lang=` first, then
 * the browser's preferred languages. Not the language shown now, which may be a saved choice.
 */
export function detectedLanguage(): Language {
  if (typeof location === 'undefined' || typeof navigator === 'undefined') return 'en';
  const fromQuery = new URLSearchParams(location.search).get('lang');
  return currentLanguage(fromQuery ?? navigator.languages?.[0] ?? navigator.language);
}

function reflectInDocument(language: string): void {
  if (typeof document === 'undefined') return;
  document.documentElement.lang = currentLanguage(language);
  document.title = i18n.t('app.title');
}

let initialized = false;

export function initI18n(translations: Translations): typeof i18n {
  if (initialized) return i18n;
  initialized = true;
  const saved = useSettings.getState().language;
  void i18n
    .use(LanguageDetector)
    .use(initReactI18next)
    .init({
      resources: { en: { translation: translations.en }, 'zh-CN': { translation: translations['zh-CN'] } },
      lng: saved ?? undefined,
      fallbackLng: 'en',
      supportedLngs: [...LANGUAGES],
      initAsync: false,
      interpolation: { escapeValue: false }, // React escapes text children itself
      returnNull: false,
      detection: {
        order: ['querystring', 'navigator', 'htmlTag'],
        lookupQuerystring: 'lang',
        caches: [], // an explicit choice is saved by the settings store instead
        convertDetectedLanguage: currentLanguage,
      },
    });
  i18n.on('languageChanged', reflectInDocument);
  reflectInDocument(i18n.language);

  useSettings.subscribe((next, previous) => {
    if (next.language === previous.language) return;
    if (next.language) void i18n.changeLanguage(next.language);
    else void i18n.changeLanguage(); // back to detection
  });
  return i18n;
}

export default i18n;
