/**
 * Settings → Privacy: where the user's data lives and what goes over the network, in plain words.
 * The claims are enforced, not just stated: the Content-Security-Policy (vite.config.ts,
 * index.html) lets the page talk only to this site and the Hugging Face Hub, and
 * test/e2e/privacy.spec.ts checks every request of a full session.
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';

export function PrivacySection() {
  const { t } = useTranslation();
  const base = useId();
  return (
    <section className="card" aria-labelledby={`${base}-title`} data-testid="privacy-section">
      <h2 id={`${base}-title`}>{t('privacy.title')}</h2>
      <ul>
        <li>{t('privacy.local')}</li>
        <li>{t('privacy.network')}</li>
        <li>{t('privacy.noAnalytics')}</li>
        <li>{t('privacy.offline')}</li>
        <li>{t('privacy.backups')}</li>
        <li>{t('privacy.delete')}</li>
      </ul>
    </section>
  );
}
