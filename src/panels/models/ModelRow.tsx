/** One model: id, languages, size, cached or not, Load (with download progress) and Delete. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { workbench, weightCache } from '../../services/workbench';
import type { CatalogModel } from '../../models/catalog';
import { isLoading, useRuntime } from '../../state/runtime';
import { useSettings } from '../../state/settings';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { formatBytes } from '../../ui/format';
import { ModelLoadProgress } from '../../ui/ModelLoadProgress';
import { languageNames, taskLabel } from '../../ui/taskLabels';
import { isCancelled } from '../../core';
import { useWeightCache, type CacheSummary } from './cacheStore';
import { OriginTag } from './OriginTag';

export interface ModelRowProps {
  model: CatalogModel;
  assigned: boolean;
  summary: CacheSummary | undefined;
  /** False until the cache has answered, so "cached" is not claimed either way too early. */
  cacheKnown: boolean;
}

export function ModelRow({ model, assigned, summary, cacheKnown }: ModelRowProps) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const progress = useRuntime((s) => s.progress[model.id]);
  const loaded = useRuntime((s) => s.loaded.find((m) => m.modelId === model.id));
  const removeUserModel = useSettings((s) => s.removeUserModel);
  const refreshCache = useWeightCache((s) => s.refresh);
  const [busy, setBusy] = useState<'load' | 'delete' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');
  const cached = summary !== undefined && summary.files > 0;
  const userModel = model.origin === 'custom' || model.origin === 'imported';

  const load = async () => {
    setBusy('load');
    setError(null);
    setNotice('');
    try {
      await workbench.models.load(model.id);
    } catch (e) {
      if (!isCancelled(e)) setError(e);
    } finally {
      setBusy(null);
      void refreshCache();
    }
  };

  const remove = async (forget: boolean) => {
    const question = forget ? t('models.confirmRemove', { model: model.id }) : t('models.confirmDelete', { model: model.id });
    if (!window.confirm(question)) return;
    setBusy('delete');
    setError(null);
    setNotice('');
    try {
      await workbench.models.unload(model.id).catch(() => undefined); // not loaded is fine
      const removed = await weightCache.deleteModel(model.id);
      if (forget) removeUserModel(model.id);
      else setNotice(t('models.deleted', { count: removed.files, size: formatBytes(removed.bytes, locale) }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
      void refreshCache();
    }
  };

  const size = cached
    ? formatBytes(summary.bytes, locale)
    : model.approxBytes
      ? t('models.approxSize', { size: formatBytes(model.approxBytes, locale) })
      : t('models.sizeUnknown');

  return (
    <li className="model-row" data-testid="model-row" data-model-id={model.id} data-cached={cached} data-loaded={loaded !== undefined}>
      <div className="model-main">
        <div className="model-id">
          <code>{model.id}</code>
          <OriginTag origin={model.origin} />
          {assigned ? <span className="tag tag-accent">{t('models.inUse', { task: taskLabel(t, model.task) })}</span> : null}
          {loaded ? (
            <span className="tag tag-ok" data-testid="model-loaded">
              {t('models.loadedOn', { backend: loaded.backend.toUpperCase(), dtype: loaded.dtype })}
              {loaded.weightBytes > 0 ? ` · ${t('models.loadedWeights', { size: formatBytes(loaded.weightBytes, locale) })}` : ''}
            </span>
          ) : null}
        </div>
        <dl className="model-facts">
          <div>
            <dt>{t('models.languages')}</dt>
            <dd>{model.languages.length > 0 ? languageNames(model.languages, locale, t) : t('models.languagesUnknown')}</dd>
          </div>
          <div>
            <dt>{cached ? t('models.sizeCached') : t('models.sizeDownload')}</dt>
            <dd data-testid="model-size">{size}</dd>
          </div>
          <div>
            <dt>{t('models.cached')}</dt>
            <dd data-testid="model-cached" data-cached={cached}>
              {!cacheKnown ? t('common.checking') : cached ? t('common.yes') : t('common.no')}
            </dd>
          </div>
        </dl>
      </div>
      <div className="model-actions">
        <button type="button" className="button secondary" data-testid="model-load" onClick={load} disabled={busy !== null || isLoading(progress)}>
          {busy === 'load' || isLoading(progress) ? t('models.loading') : loaded ? t('models.reload') : t('models.load')}
        </button>
        <button
          type="button"
          className="button danger"
          data-testid="model-delete"
          onClick={() => void remove(false)}
          disabled={busy !== null || (!cached && !loaded)}
          title={t('models.deleteHint')}
        >
          {t('models.delete')}
        </button>
        {userModel ? (
          <button type="button" className="button ghost" data-testid="model-remove" onClick={() => void remove(true)} disabled={busy !== null}>
            {t('models.remove')}
          </button>
        ) : null}
      </div>
      {isLoading(progress) && progress ? (
        <div className="model-progress">
          <ModelLoadProgress progress={progress} testId="model-progress" />
        </div>
      ) : null}
      {notice ? (
        <p className="model-notice muted" role="status">
          {notice}
        </p>
      ) : null}
      {error ? (
        <div className="model-progress">
          <ErrorMessage error={error} testId="model-error" />
        </div>
      ) : null}
    </li>
  );
}
