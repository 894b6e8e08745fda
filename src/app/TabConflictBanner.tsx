/**
 * Another tab changed the shared workspace database: a newer workbench upgraded it or it was
 * deleted (this tab closed its connection and must reload before it can save anything), or this
 * tab's upgrade waits for an older tab to close. See src/app/reliability.ts.
 */
import { useTranslation } from 'react-i18next';
import { useReliability, type TabConflict } from './reliability';

function messageKey(conflict: TabConflict) {
  switch (conflict.kind) {
    case 'upgraded':
      return 'reliability.tabUpgraded' as const;
    case 'deleted':
      return 'reliability.tabDeleted' as const;
    case 'blocked':
      return 'reliability.tabBlocked' as const;
  }
}

export function TabConflictBanner() {
  const { t } = useTranslation();
  const conflict = useReliability((s) => s.tabConflict);
  const dismissBlocked = useReliability((s) => s.dismissBlocked);
  if (!conflict) return null;
  return (
    <aside className="notice" role="alert" data-testid="tab-conflict-banner" data-kind={conflict.kind}>
      <div className="toolbar">
        <span>
          <strong>{t('reliability.tabTitle')}</strong> {t(messageKey(conflict))}
        </span>
        <div className="toolbar-actions">
          {conflict.kind === 'blocked' ? (
            <button type="button" className="button ghost" data-testid="tab-conflict-dismiss" onClick={dismissBlocked}>
              {t('reliability.dismiss')}
            </button>
          ) : (
            <button type="button" className="button primary" data-testid="tab-conflict-reload" onClick={() => window.location.reload()}>
              {t('reliability.reload')}
            </button>
          )}
        </div>
      </div>
    </aside>
  );
}
