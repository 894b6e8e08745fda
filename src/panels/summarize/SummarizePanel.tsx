/**
 * Summarize: paste or import a text and get a summary. Inputs longer than the model's window are
 * split into parts (by its own tokenizer, at sentence or paragraph boundaries, with overlap), each
 * part summarised, then the partial summaries combined; the parts and their progress are shown.
 */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { LargeTextArea } from '../../ui/LargeTextArea';
import { ModelLoadProgress } from '../../ui/ModelLoadProgress';
import { ModelReadiness } from '../../ui/ModelReadiness';
import { ProgressBar } from '../../ui/ProgressBar';
import { formatBytes, formatDuration, formatNumber } from '../../ui/format';
import { useTaskModel } from '../../state/assignment';
import { PanelShell } from '../../ui/PanelShell';
import { ImportPicker } from './ImportPicker';
import { LengthPresetPicker } from './LengthPresetPicker';
import { MethodPicker } from './MethodPicker';
import { ReferenceScore } from './ReferenceScore';
import { SummarizeStatusLine } from './SummarizeStatusLine';
import { SummaryOutput } from './SummaryOutput';
import { SummaryParts } from './SummaryParts';
import { TokenInfo } from './TokenInfo';
import { useSummarize } from './summarizeStore';
import '../../ui/content.css';

function RunControls() {
  const { t, i18n } = useTranslation();
  // Not the streamed text: the controls must not re-render for every token.
  const { status, empty, progress, remainingMs, etaBasis, asking, loadProgress, error, run, stop, preparing } = useSummarize(
    useShallow((s) => ({
      status: s.status,
      empty: s.input.trim() === '',
      progress: s.progress,
      remainingMs: s.remainingMs,
      etaBasis: s.etaBasis,
      asking: s.longJob !== null,
      loadProgress: s.loadProgress,
      error: s.error,
      run: s.run,
      stop: s.stop,
      preparing: s.preparing,
    })),
  );
  const { modelId, loaded } = useTaskModel('summarization');
  const running = status === 'running';
  const locale = i18n.language;
  return (
    <>
      <div className="toolbar">
        <LengthPresetPicker />
        <MethodPicker />
        <span className="muted model-note">
          {t('summarize.usingModel')} <code>{modelId}</code> <a href="#/models">{t('summarize.changeModel')}</a>{' '}
          <ModelReadiness
            loaded={loaded}
            preparing={preparing}
            labels={{ preparing: t('summarize.readiness.preparing'), loaded: t('summarize.readiness.loaded') }}
            testId="summarize-readiness"
          />
        </span>
        <div className="toolbar-actions">
          <button type="button" className="button primary" data-testid="summarize-run" onClick={run} disabled={running || empty}>
            {running ? t('summarize.running') : t('summarize.run')}
          </button>
          <button type="button" className="button secondary" data-testid="summarize-stop" onClick={stop} disabled={!running}>
            {t('summarize.stop')}
          </button>
        </div>
      </div>
      {running && loadProgress && loadProgress.phase !== 'ready' ? <ModelLoadProgress progress={loadProgress} testId="summarize-load-progress" /> : null}
      {running && progress ? (
        <ProgressBar
          label={t('summarize.progressLabel')}
          value={progress.done}
          max={progress.total}
          detail={t('summarize.progressDetail', { done: formatNumber(progress.done, locale), total: formatNumber(progress.total, locale) })}
          testId="summarize-progress"
        />
      ) : null}
      {/* The long-job question gives the first step's estimate: a line saying "not known yet" beside it would contradict it. */}
      {running && progress && progress.total > 1 && !(asking && remainingMs === null) ? (
        <p
          className="muted"
          data-testid="summarize-eta"
          data-remaining-ms={remainingMs === null ? '' : String(Math.round(remainingMs))}
          data-basis={etaBasis ?? ''}
        >
          {remainingMs === null
            ? t('summarize.status.etaPending')
            : etaBasis === 'earlier-runs'
              ? t('summarize.status.etaEarlier', { time: formatDuration(remainingMs, locale) })
              : t('summarize.status.eta', { time: formatDuration(remainingMs, locale) })}
        </p>
      ) : null}
      <LongJobQuestion />
      <SummarizeStatusLine />
      {status === 'error' ? <ErrorMessage error={error} testId="summarize-error" /> : null}
    </>
  );
}

/**
 * Asked once per run when it is estimated to take over ten minutes: before the first step from the
 * speed measured in earlier runs, or after the first step when there is none.
 */
function LongJobQuestion() {
  const { t, i18n } = useTranslation();
  const longJob = useSummarize((s) => s.longJob);
  const decide = useSummarize((s) => s.decideLongJob);
  if (!longJob) return null;
  const locale = i18n.language;
  return (
    <div
      className="card long-job"
      role="alertdialog"
      aria-labelledby="summarize-long-job-title"
      data-testid="summarize-long-job"
      data-estimated-ms={Math.round(longJob.estimatedMs)}
      data-basis={longJob.basis}
    >
      <h2 id="summarize-long-job-title">{t('summarize.longJob.title')}</h2>
      <p>
        {t(longJob.basis === 'earlier-runs' ? 'summarize.longJob.bodyEarlier' : 'summarize.longJob.body', {
          steps: formatNumber(longJob.steps, locale),
          time: formatDuration(longJob.estimatedMs, locale),
        })}
      </p>
      <div className="toolbar-actions">
        <button type="button" className="button primary" data-testid="summarize-long-job-continue" onClick={() => decide(true)}>
          {t('summarize.longJob.continue')}
        </button>
        <button type="button" className="button secondary" data-testid="summarize-long-job-stop" onClick={() => decide(false)}>
          {t('summarize.longJob.stop')}
        </button>
      </div>
    </div>
  );
}

export function SummarizePanel() {
  const { t, i18n } = useTranslation();
  const input = useSummarize((s) => s.input);
  const setInput = useSummarize((s) => s.setInput);
  const run = useSummarize((s) => s.run);
  const running = useSummarize((s) => s.status === 'running');
  useEffect(() => {
    useSummarize.getState().prepareModel();
    return () => useSummarize.getState().stopPreparing();
  }, []);

  return (
    <PanelShell name="summarize" title={t('summarize.title')} intro={t('summarize.intro')}>
      <div className="card">
        <label htmlFor="summarize-input" className="field-label">
          {t('summarize.inputLabel')}
        </label>
        <LargeTextArea
          id="summarize-input"
          className="textarea tall"
          testIdPrefix="summarize"
          value={input}
          onValueChange={setInput}
          busy={running}
          rows={12}
          placeholder={t('summarize.placeholder')}
          largeNotice={(bytes) =>
            t('summarize.large.notice', { size: formatBytes(bytes, i18n.language), characters: formatNumber(input.length, i18n.language) })
          }
          onRun={run}
        />
        <ImportPicker />
        <TokenInfo />
        <RunControls />
      </div>

      <SummaryParts />
      <SummaryOutput />
      <ReferenceScore />
    </PanelShell>
  );
}
