/** Explains, when the page is not cross-origin isolated, why WASM is single-threaded and how to fix it. */
import { useTranslation } from 'react-i18next';

const HEADERS = 'Cross-Origin-Opener-Policy: same-origin\nCross-Origin-Embedder-Policy: require-corp';

export function CrossOriginNotice() {
  const { t } = useTranslation();
  if (typeof self === 'undefined' || self.crossOriginIsolated) return null;
  return (
    <aside className="notice" role="note" data-testid="coi-notice">
      <p>
        <strong>{t('coi.title')}</strong> {t('coi.body')}
      </p>
      <details>
        <summary>{t('coi.howToFix')}</summary>
        <p>{t('coi.fix')}</p>
        <pre>{HEADERS}</pre>
      </details>
    </aside>
  );
}
