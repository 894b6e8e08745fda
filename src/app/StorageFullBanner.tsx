/**
 * Storage full: what could not be saved (the storage layer's own message names it and what to
 * delete), a link to the Models panel where cached models can be deleted, and the reassurance
 * that loaded models keep working. Collects workspace writes and model-cache writes alike (see
 * src/app/reliability.ts).
 */
import { useTranslation } from 'react-i18next';
import { useReliability } from './reliability';
import { routeHref } from './useHashRoute';

export function StorageFullBanner() {
  const { t } = useTranslation();
  const problems = useReliability((s) => s.storageProblems);
  const dismiss = useReliability((s) => s.dismissStorageProblems);
  if (problems.length === 0) return null;
  return (
    <aside className="notice" role="alert" data-testid="storage-full-banner">
      <p>
        <strong>{t('reliability.storageFullTitle')}</strong> {t('reliability.storageFullBody')}
      </p>
      <ul data-testid="storage-full-items">
        {problems.map((problem) => (
          <li key={`${problem.source}:${problem.message}`} data-source={problem.source}>
            {problem.message}
            {problem.count > 1 ? ` (${t('reliability.times', { count: problem.count })})` : ''}
          </li>
        ))}
      </ul>
      <div className="toolbar">
        <a href={routeHref('models')} data-testid="storage-full-models-link">
          {t('reliability.freeSpace')}
        </a>
        <div className="toolbar-actions">
          <button type="button" className="button ghost" data-testid="storage-full-dismiss" onClick={dismiss}>
            {t('reliability.dismiss')}
          </button>
        </div>
      </div>
    </aside>
  );
}
