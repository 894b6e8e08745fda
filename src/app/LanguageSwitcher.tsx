/** EN / 中文 toggle; the choice is saved in the settings (src/i18n follows it). */
import { useTranslation } from 'react-i18next';
import { useSettings, type Language } from '../state/settings';
import { currentLanguage } from '../i18n';

export function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  const setLanguage = useSettings((s) => s.setLanguage);
  const active = currentLanguage(i18n.language);
  const option = (language: Language, label: string, name: string) => (
    <button
      type="button"
      className={active === language ? 'lang active' : 'lang'}
      aria-pressed={active === language}
      aria-label={name}
      lang={language}
      onClick={() => setLanguage(language)}
      data-testid={`lang-${language}`}
    >
      {label}
    </button>
  );
  return (
    <div className="lang-switcher" role="group" aria-label={t('language.label')}>
      {option('en', t('language.enShort'), t('language.en'))}
      {option('zh-CN', t('language.zhShort'), t('language.zh-CN'))}
    </div>
  );
}
