/** Browser storage used by the workbench (navigator.storage.estimate) and a persist request. */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatBytes, formatPercent } from '../../ui/format';
import { ProgressBar } from '../../ui/ProgressBar';
import { useWeightCache } from './cacheStore';

type Persist = 'unknown' | 'persisted' | 'not-persisted' | 'denied' | 'unsupported';

export function StorageInfo() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const summaries = useWeightCache((s) => s.summaries);
  const [estimate, setEstimate] = useState<StorageEstimate | null>(null);
  const supported = typeof navigator !== 'undefined' && 'storage' in navigator && typeof navigator.storage?.estimate === 'function';
  const canAskPersisted = supported && typeof navigator.storage.persisted === 'function';
  const [persist, setPersist] = useState<Persist>(canAskPersisted ? 'unknown' : 'unsupported');

  // The cache changed (load, delete, import): the estimate did too.
  useEffect(() => {
    if (!supported) return;
    navigator.storage.estimate().then(setEstimate, () => setEstimate(null));
  }, [supported, summaries]);

  useEffect(() => {
    if (!canAskPersisted) return;
    navigator.storage.persisted().then(
      (yes) => setPersist(yes ? 'persisted' : 'not-persisted'),
      () => setPersist('unsupported'),
    );
  }, [canAskPersisted]);

  const requestPersist = async () => {
    try {
      setPersist((await navigator.storage.persist()) ? 'persisted' : 'denied');
    } catch {
      setPersist('unsupported');
    }
  };

  const used = estimate?.usage ?? 0;
  const quota = estimate?.quota ?? 0;
  const persistText =
    persist === 'persisted'
      ? t('storage.persisted')
      : persist === 'denied'
        ? t('storage.denied')
        : persist === 'not-persisted'
          ? t('storage.notPersisted')
          : persist === 'unsupported'
            ? t('storage.persistUnsupported')
            : t('common.checking');

  return (
    <div className="card">
      <h2>{t('storage.title')}</h2>
      <div data-testid="storage-estimate" data-usage={used} data-quota={quota}>
        {!supported ? (
          <p className="muted">{t('storage.unsupported')}</p>
        ) : estimate ? (
          <ProgressBar
            label={t('storage.used')}
            value={used}
            max={quota || undefined}
            detail={
              quota
                ? t('storage.usedOf', { used: formatBytes(used, locale), quota: formatBytes(quota, locale), percent: formatPercent(used / quota, locale) })
                : formatBytes(used, locale)
            }
          />
        ) : (
          <p className="muted">{t('common.checking')}</p>
        )}
      </div>
      <div className="toolbar">
        <span className="muted" data-testid="storage-persist-result" data-persist={persist} role="status">
          {persistText}
        </span>
        <div className="toolbar-actions">
          <button
            type="button"
            className="button secondary"
            data-testid="storage-persist"
            onClick={requestPersist}
            disabled={persist === 'persisted' || persist === 'unsupported'}
          >
            {t('storage.persist')}
          </button>
        </div>
      </div>
      <p className="hint">{t('storage.persistHint')}</p>
    </div>
  );
}
