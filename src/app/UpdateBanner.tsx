/**
 * "A new version is ready — Reload to update". Shown when a new service worker waits (see
 * src/app/pwa.ts); the update is applied only when the user presses the button, never by itself,
 * so a running task is never cut off by a new version.
 */
import { useTranslation } from 'react-i18next';
import { reloadToUpdate, usePwa } from './pwa';

export function UpdateBanner() {
  const { t } = useTranslation();
  const update = usePwa((s) => s.update);
  const dismissed = usePwa((s) => s.dismissed);
  const dismiss = usePwa((s) => s.dismiss);
  if (update === 'none' || dismissed) return null;
  return (
    <aside className="notice" role="status" data-testid="update-banner" data-update={update}>
      <div className="toolbar">
        <span>
          <strong>{update === 'waiting' ? t('pwa.updateReady') : t('pwa.updatedElsewhere')}</strong> {t('pwa.updateHint')}
        </span>
        <div className="toolbar-actions">
          <button type="button" className="button primary" data-testid="update-reload" onClick={() => void reloadToUpdate()}>
            {t('pwa.reloadToUpdate')}
          </button>
          <button type="button" className="button ghost" data-testid="update-later" onClick={dismiss}>
            {t('pwa.later')}
          </button>
        </div>
      </div>
    </aside>
  );
}
