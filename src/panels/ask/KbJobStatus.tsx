/**
 * Progress of an import / re-embed (with Cancel), then what it did: embedded, reused, removed.
 * Before an import is embedded, its language check when no loadable model covers the document.
 */
import { useTranslation } from 'react-i18next';
import type { LanguageMix } from '../../insights/language';
import { useRouteChoice } from '../../state/modelChoices';
import { LanguageRouteNotice } from '../../ui/LanguageRouteNotice';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { ModelLoadProgress } from '../../ui/ModelLoadProgress';
import { ProgressBar } from '../../ui/ProgressBar';
import { formatNumber } from '../../ui/format';
import { ASK_SCOPE, useAsk } from './askStore';

/** The import waiting before embedding: the language notice (with the model choice), then import or cancel. */
function LanguageCheck({ name, languages, queued }: { name: string; languages: LanguageMix; queued: number }) {
  const { t } = useTranslation();
  const cancelJob = useAsk((s) => s.cancelJob);
  const confirmImport = useAsk((s) => s.confirmImport);
  const routing = useRouteChoice('embeddings', languages, ASK_SCOPE);
  return (
    <div className="kb-job" data-testid="kb-job" data-status="confirm" role="group" aria-label={t('ask.kb.checkTitle', { name })}>
      <p>{t('ask.kb.checkTitle', { name })}</p>
      <LanguageRouteNotice task="embeddings" mix={languages} {...routing} testIdPrefix="kb-import" />
      {queued > 0 ? <p className="hint">{t('ask.kb.queued', { count: queued })}</p> : null}
      <div className="toolbar">
        <div className="toolbar-actions">
          <button type="button" className="button primary" data-testid="kb-import-confirm" onClick={confirmImport}>
            {t('ask.kb.checkImport', { model: routing.route.modelId })}
          </button>
          <button type="button" className="button secondary" data-testid="kb-import-decline" onClick={cancelJob}>
            {t('ask.kb.checkCancel')}
          </button>
        </div>
      </div>
    </div>
  );
}

export function KbJobStatus() {
  const { t, i18n } = useTranslation();
  const job = useAsk((s) => s.job);
  const cancelJob = useAsk((s) => s.cancelJob);
  if (!job) return null;
  const locale = i18n.language;
  const n = (x: number) => formatNumber(x, locale);

  if (job.status === 'confirm') return <LanguageCheck name={job.name} languages={job.languages} queued={job.queued} />;
  if (job.status === 'running') {
    const label = job.kind === 'reembed' ? t('ask.kb.reembedding') : job.kind === 'remove' ? t('ask.kb.removing') : t('ask.kb.embedding', { name: job.name });
    return (
      <div className="kb-job" data-testid="kb-job" data-status="running">
        {job.loadProgress ? <ModelLoadProgress progress={job.loadProgress} testId="kb-load-progress" /> : null}
        <ProgressBar
          label={label}
          value={job.progress?.done}
          max={job.progress?.total}
          detail={job.progress ? t('ask.kb.embedProgress', { done: n(job.progress.done), total: n(job.progress.total) }) : undefined}
          testId="kb-embed-progress"
        />
        {job.queued > 0 ? <p className="hint">{t('ask.kb.queued', { count: job.queued })}</p> : null}
        {job.kind !== 'remove' ? (
          <div className="toolbar">
            <button type="button" className="button secondary" data-testid="kb-embed-cancel" onClick={cancelJob}>
              {t('ask.kb.cancel')}
            </button>
          </div>
        ) : null}
      </div>
    );
  }
  if (job.status === 'error') {
    return <ErrorMessage error={job.error} lead={t('ask.kb.importFailed', { name: job.name })} testId="kb-error" />;
  }
  if (job.status === 'cancelled') {
    return (
      <p className="status status-cancelled" data-testid="kb-job" data-status="cancelled" role="status">
        {job.nothingStored ? t('ask.kb.notImported', { name: job.name }) : t('ask.kb.cancelled')}
      </p>
    );
  }
  if (!job.result) return null;
  const { passages, embedded, reused, removed } = job.result;
  return (
    <p className="status status-done" data-testid="kb-job" data-status="done" data-embedded={embedded} data-reused={reused} role="status">
      {job.kind === 'reembed'
        ? t('ask.kb.reembedDone', { count: passages, formatted: n(passages) })
        : t('ask.kb.importDone', { name: job.name, count: passages, formatted: n(passages), embedded: n(embedded), reused: n(reused), removed: n(removed) })}
    </p>
  );
}
