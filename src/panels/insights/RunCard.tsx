/**
 * Starts, follows and cancels the analysis: sentiment for every row, then embeddings, themes and
 * pain-point summaries. Shows rows/s and the time left, how many long rows were split, and what
 * a resumed run still has to do.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useAssignment } from '../../state/assignment';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { formatNumber } from '../../ui/format';
import { ModelLoadProgress } from '../../ui/ModelLoadProgress';
import { ProgressBar } from '../../ui/ProgressBar';
import { revealWhenShown, useReveal } from '../../ui/reveal';
import { formatDuration, runningCount, type Count } from './logic/progress';
import { cancelPipeline, datasetModel, datasetScope, rerunAll, runPipeline } from './pipeline';
import { useModelChoices } from '../../state/modelChoices';
import { useInsights, type JobProgress, type Stage } from './store';

function useStageLabels(): Record<Stage, string> {
  const { t } = useTranslation();
  return {
    sentiment: t('insights.run.stageSentiment'),
    embeddings: t('insights.run.stageEmbeddings'),
    themes: t('insights.run.stageThemes'),
    summaries: t('insights.run.stageSummaries'),
  };
}

function JobProgressView({ job, saved }: { job: JobProgress; saved: Count }) {
  const { t, i18n } = useTranslation();
  const labels = useStageLabels();
  const n = (value: number) => formatNumber(value, i18n.language);
  if (job.load) return <ModelLoadProgress progress={job.load} testId="insights-load-progress" />;
  // Sentiment counts rows, as the status line does: both show the same figure.
  const { done, total } = job.stage === 'sentiment' ? runningCount(job, saved) : job;
  const parts = [t('insights.run.doneOf', { done: n(done), total: n(total) })];
  if (job.rate !== null) parts.push(t('insights.run.rate', { rate: n(Math.round(job.rate)) }));
  if (job.etaMs !== null && done < total) parts.push(t('insights.run.eta', { time: formatDuration(job.etaMs) }));
  const determinate = job.stage !== 'themes' && total > 0;
  return (
    <div
      data-testid="insights-progress"
      data-stage={job.stage}
      data-done={done}
      data-total={total}
      data-rate={job.rate ?? undefined}
      data-eta-ms={job.etaMs ?? undefined}
    >
      <ProgressBar
        label={labels[job.stage]}
        value={determinate ? done : undefined}
        max={determinate ? total : undefined}
        detail={determinate ? parts.join(' · ') : undefined}
      />
    </div>
  );
}

export function RunCard() {
  const { t, i18n } = useTranslation();
  const active = useInsights((s) => s.active);
  const sentiments = useInsights((s) => s.sentiments);
  const sentimentRun = useInsights((s) => s.sentimentRun);
  const embedRun = useInsights((s) => s.embedRun);
  const themes = useInsights((s) => s.themes);
  const job = useInsights((s) => s.job);
  const status = useInsights((s) => s.jobStatus);
  const error = useInsights((s) => s.jobError);
  const n = (value: number) => formatNumber(value, i18n.language);
  // Re-render when what decides the dataset's models changes (the assignment, the user's choice).
  const assignment = useAssignment();
  const choices = useModelChoices((s) => (active ? JSON.stringify(s.choices[datasetScope(active.record.id)] ?? null) : ''));
  // Routing reads every row's language: once per dataset and choice, not at each progress update.
  const models = useMemo(
    () => (active ? { sentiment: datasetModel('sentiment'), embeddings: datasetModel('embeddings') } : null),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- assignment and choices are what datasetModel reads
    [active, assignment, choices],
  );

  const { done, chunked } = useMemo(() => {
    let count = 0;
    let split = 0;
    for (const value of sentiments) {
      if (!value) continue;
      count++;
      if ((value.chunks ?? 1) > 1) split++;
    }
    return { done: count, chunked: split };
  }, [sentiments]);
  const running = status === 'running';
  // The pressed button is disabled while the run goes: the card's heading keeps the focus.
  const heading = useReveal<HTMLHeadingElement>('insights-run', running);
  if (!active) return null;

  const total = active.items.length;
  const complete = sentimentRun?.status === 'done' && embedRun?.status === 'done' && themes !== null;
  const started = sentimentRun !== null;
  const left = total - done;
  const runModel = (sentimentRun?.params as { model?: string } | undefined)?.model;
  const sentimentModel = models?.sentiment ?? '';
  const embeddingsModel = models?.embeddings ?? '';
  const modelChanged = runModel !== undefined && runModel !== sentimentModel;

  let label: string;
  if (running) label = t('insights.run.running');
  else if (complete) label = t('insights.run.complete');
  else if (started && left > 0) label = t('insights.run.resume', { count: left, formatted: n(left) });
  else if (started) label = t('insights.run.continue');
  else label = t('insights.run.start', { count: total, formatted: n(total) });

  return (
    <div className="card" data-testid="insights-run" data-run-status={sentimentRun?.status ?? 'none'} data-sentiment-done={done} data-complete={complete}>
      <div className="toolbar">
        <h2 ref={heading} tabIndex={-1} data-testid="insights-run-title">
          {t('insights.run.title')}
        </h2>
        <span className="muted" data-testid="insights-run-models" data-sentiment-model={runModel ?? sentimentModel} data-embeddings-model={embeddingsModel}>
          {t('insights.run.models', { sentiment: runModel ?? sentimentModel, embeddings: embeddingsModel })}
        </span>
        <div className="toolbar-actions">
          <button
            type="button"
            className="button primary"
            data-testid="insights-run-sentiment"
            disabled={running || complete}
            onClick={() => {
              revealWhenShown('insights-run');
              void runPipeline();
            }}
          >
            {label}
          </button>
          <button type="button" className="button secondary" data-testid="insights-cancel" disabled={!running} onClick={cancelPipeline}>
            {t('insights.run.cancel')}
          </button>
        </div>
      </div>
      {running && job ? <JobProgressView job={job} saved={{ done, total }} /> : null}
      <p className={`status status-${status}`} role="status" aria-live="polite" data-testid="insights-status" data-status={status}>
        {statusText()}
      </p>
      {chunked > 0 ? (
        <p className="muted" data-testid="insights-chunked-note" data-count={chunked}>
          {t('insights.run.chunked', { count: chunked, formatted: n(chunked) })}
        </p>
      ) : null}
      {modelChanged && !running ? (
        <p className="muted" data-testid="insights-model-changed">
          {t('insights.run.modelChanged', { model: runModel })}{' '}
          <button
            type="button"
            className="button ghost"
            data-testid="insights-rerun"
            onClick={() => {
              revealWhenShown('insights-run');
              void rerunAll();
            }}
          >
            {t('insights.run.rerun')}
          </button>
        </p>
      ) : null}
      {status === 'error' ? <ErrorMessage error={error} testId="insights-run-error" /> : null}
    </div>
  );

  function statusText(): string {
    const sentimentLine = t('insights.run.sentimentDone', { done: n(done), total: n(total) });
    switch (status) {
      case 'running': {
        const shown = runningCount(job?.stage === 'sentiment' ? job : null, { done, total });
        return t('insights.run.sentimentDone', { done: n(shown.done), total: n(shown.total) });
      }
      case 'cancelled':
        return done === 0 ? t('insights.run.cancelledNothing') : `${t('insights.run.cancelled')} ${sentimentLine}`;
      case 'locked':
        return t('insights.run.locked');
      case 'error':
        return t('insights.run.failed');
      default:
        if (complete) return t('insights.run.allDone', { total: n(total) });
        if (started) return `${t('insights.run.interrupted')} ${sentimentLine}`;
        return t('insights.run.idle');
    }
  }
}
