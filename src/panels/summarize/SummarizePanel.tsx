/**
 * Summarize: paste or import a text and get a summary. Inputs longer than the model's window are
 * split into parts (by its own tokenizer, at sentence or paragraph boundaries, with overlap), each
 * part summarised, then the partial summaries combined; the parts and their progress are shown.
 */
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { ModelLoadProgress } from '../../ui/ModelLoadProgress';
import { ProgressBar } from '../../ui/ProgressBar';
import { formatNumber } from '../../ui/format';
import { useTaskModel } from '../../ui/useTaskModel';
import { ImportPicker } from './ImportPicker';
import { LengthPresetPicker } from './LengthPresetPicker';
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
  const { status, input, progress, loadProgress, error, run, stop } = useSummarize(
    useShallow((s) => ({ status: s.status, input: s.input, progress: s.progress, loadProgress: s.loadProgress, error: s.error, run: s.run, stop: s.stop })),
  );
  const { modelId } = useTaskModel('summarization');
  const running = status === 'running';
  const locale = i18n.language;
  return (
    <>
      <div className="toolbar">
        <LengthPresetPicker />
        <span className="muted model-note">
          {t('summarize.usingModel')} <code>{modelId}</code> <a href="#/models">{t('summarize.changeModel')}</a>
        </span>
        <div className="toolbar-actions">
          <button type="button" className="button primary" data-testid="summarize-run" onClick={run} disabled={running || input.trim() === ''}>
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
      <SummarizeStatusLine />
      {status === 'error' ? <ErrorMessage error={error} testId="summarize-error" /> : null}
    </>
  );
}

export function SummarizePanel() {
  const { t } = useTranslation();
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
        <textarea
          id="summarize-input"
          className="textarea tall"
          data-testid="summarize-input"
          value={input}
          rows={12}
          placeholder={t('summarize.placeholder')}
          readOnly={running}
          onChange={(e) => setInput(e.target.value)}
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
