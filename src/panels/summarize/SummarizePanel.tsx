/**
 * Summarize: paste or import a text and get a summary. Inputs longer than the model's window are
 * split into parts (by its own tokenizer, at sentence or paragraph boundaries, with overlap), each
 * part summarised, then the partial summaries combined; the parts and their progress are shown.
 */
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { LargeTextArea } from '../../ui/LargeTextArea';
import { ModelLoadProgress } from '../../ui/ModelLoadProgress';
import { ProgressBar } from '../../ui/ProgressBar';
import { formatBytes, formatDuration, formatNumber } from '../../ui/format';
import { useTaskModel } from '../../ui/useTaskModel';
import { ImportPicker } from './ImportPicker';
import { LengthPresetPicker } from './LengthPresetPicker';
import { MethodPicker } from './MethodPicker';
import { ReferenceScore } from './ReferenceScore';
import { SummarizeStatusLine } from './SummarizeStatusLine';
import { SummaryOutput } from './SummaryOutput';
import { SummaryParts } from './SummaryParts';
import { TokenInfo } from './TokenInfo';
import { useSummarize } from './summarizeStore';
import './content.css';

function RunControls() {
  const { t, i18n } = useTranslation();
  // Not the streamed text: the controls must not re-render for every token.
  const { status, empty, progress, remainingMs, loadProgress, error, run, stop } = useSummarize(
    useShallow((s) => ({
      status: s.status,
      empty: s.input.trim() === '',
      progress: s.progress,
      remainingMs: s.remainingMs,
      loadProgress: s.loadProgress,
      error: s.error,
      run: s.run,
      stop: s.stop,
    })),
  );
  const { modelId } = useTaskModel('summarization');
  const running = status === 'running';
  const locale = i18n.language;
  return (
    <>
      <div className="toolbar">
        <LengthPresetPicker />
        <MethodPicker />
        <span className="muted model-note">
          {t('summarize.usingModel')} <code>{modelId}</code> <a href="#/models">{t('summarize.changeModel')}</a>
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
      {running && progress && progress.total > 1 ? (
        <p className="muted" data-testid="summarize-eta" data-remaining-ms={remainingMs === null ? '' : String(Math.round(remainingMs))}>
          {remainingMs === null ? t('summarize.status.etaPending') : t('summarize.status.eta', { time: formatDuration(remainingMs, locale) })}
        </p>
      ) : null}
      <LongJobQuestion />
      <SummarizeStatusLine />
      {status === 'error' ? <ErrorMessage error={error} testId="summarize-error" /> : null}
    </>
  );
}

/** Asked once per run, after its first step, when the rest is estimated to take over ten minutes. */
function LongJobQuestion() {
  const { t, i18n } = useTranslation();
  const longJob = useSummarize((s) => s.longJob);
  const decide = useSummarize((s) => s.decideLongJob);
  if (!longJob) return null;
  const locale = i18n.language;
  return (
    <div className="card long-job" role="alertdialog" aria-labelledby="summarize-long-job-title" data-testid="summarize-long-job" data-estimated-ms={Math.round(longJob.estimatedMs)}>
      <h2 id="summarize-long-job-title">{t('summarize.longJob.title')}</h2>
      <p>{t('summarize.longJob.body', { steps: formatNumber(longJob.steps, locale), time: formatDuration(longJob.estimatedMs, locale) })}</p>
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

  return (
    <section className="panel" aria-labelledby="summarize-title" data-testid="summarize-panel">
      <div className="panel-head">
        <h1 id="summarize-title">{t('summarize.title')}</h1>
        <p className="panel-intro">{t('summarize.intro')}</p>
      </div>

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
          largeNotice={(bytes) => t('summarize.large.notice', { size: formatBytes(bytes, i18n.language), characters: formatNumber(input.length, i18n.language) })}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              run();
            }
          }}
        />
        <ImportPicker />
        <TokenInfo />
        <RunControls />
      </div>

      <SummaryParts />
      <SummaryOutput />
      <ReferenceScore />
    </section>
  );
}
