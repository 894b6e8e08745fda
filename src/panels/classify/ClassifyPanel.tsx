/** Classify: paste feedback (one item per line), get a sentiment label and score for each. */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSettings } from '../../state/settings';
import { buildCatalog, resolveAssignment } from '../../models/catalog';
import { CopyButton } from '../../ui/CopyButton';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { ModelLoadProgress } from '../../ui/ModelLoadProgress';
import { ProgressBar } from '../../ui/ProgressBar';
import { formatBytes, formatNumber } from '../../ui/format';
import { useClassify } from './classifyStore';
import { ClassifyStatusLine } from './ClassifyStatusLine';
import { LabelSummary } from './LabelSummary';
import { splitLines } from './lines';
import { ResultsTable } from './ResultsTable';
import { toTsv } from './results';

/**
 * Above this many characters the input is not put in the text box: laying out 5 MB in a textarea
 * is one task of 4–6 s in Chromium (measured); 200,000 characters already take about 300 ms.
 */
export const LARGE_INPUT_CHARS = 100_000;

function useSentimentModel(): string {
  const preset = useSettings((s) => s.preset);
  const overrides = useSettings((s) => s.assignment);
  const userModels = useSettings((s) => s.userModels);
  return useMemo(
    () => resolveAssignment(preset, overrides, buildCatalog(userModels)).sentiment,
    [preset, overrides, userModels],
  );
}

export function ClassifyPanel() {
  const { t, i18n } = useTranslation();
  const { input, status, rows, progress, loadProgress, error, setInput, run, cancel } = useClassify();
  const model = useSentimentModel();
  const preview = useMemo(() => splitLines(input), [input]);
  const running = status === 'running';
  const locale = i18n.language;
  const large = input.length > LARGE_INPUT_CHARS;
  const largeBytes = useMemo(() => (large ? new Blob([input]).size : 0), [input, large]);

  return (
    <section className="panel" aria-labelledby="classify-title" data-testid="classify-panel">
      <div className="panel-head">
        <h1 id="classify-title">{t('classify.title')}</h1>
        <p className="panel-intro">{t('classify.intro')}</p>
      </div>

      <div className="card">
        <label htmlFor="classify-input" className="field-label">
          {t('classify.inputLabel')}
        </label>
        {large ? (
          <div className="classify-large-input" data-testid="classify-large-input">
            <p className="muted">
              {t('classify.largeInput', { size: formatBytes(largeBytes, locale), lines: formatNumber(preview.items.length + preview.dropped, locale) })}
            </p>
            <button type="button" className="button secondary" data-testid="classify-clear" onClick={() => setInput('')} disabled={running}>
              {t('classify.clearInput')}
            </button>
          </div>
        ) : (
          <textarea
            id="classify-input"
            className="textarea"
            data-testid="classify-input"
            value={input}
            rows={10}
            placeholder={t('classify.placeholder')}
            spellCheck={false}
            onChange={(e) => setInput(e.target.value)}
            onPaste={(e) => {
              // Chromium needs seconds of one task to lay out a text box of megabytes; such a
              // paste is taken here and kept out of the box.
              const pasted = e.clipboardData.getData('text/plain');
              const box = e.currentTarget;
              const next = input.slice(0, box.selectionStart) + pasted + input.slice(box.selectionEnd);
              if (next.length <= LARGE_INPUT_CHARS) return;
              e.preventDefault();
              setInput(next);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                run();
              }
            }}
          />
        )}
        <div className="toolbar">
          <span className="muted" data-testid="classify-count" data-count={preview.items.length}>
            {t('classify.itemCount', { count: preview.items.length, formatted: formatNumber(preview.items.length, locale) })}
            {preview.dropped > 0 ? ` · ${t('classify.emptyLinesSkipped', { count: preview.dropped })}` : ''}
          </span>
          <span className="muted model-note">
            {t('classify.usingModel')} <code>{model}</code>{' '}
            <a href="#/models">{t('classify.changeModel')}</a>
          </span>
          <div className="toolbar-actions">
            <button
              type="button"
              className="button primary"
              data-testid="classify-run"
              onClick={run}
              disabled={running}
              title={t('classify.runShortcut')}
            >
              {running ? t('classify.running') : t('classify.run')}
            </button>
            <button type="button" className="button secondary" data-testid="classify-cancel" onClick={cancel} disabled={!running}>
              {t('classify.cancel')}
            </button>
          </div>
        </div>

        {running && loadProgress && loadProgress.phase !== 'ready' ? (
          <ModelLoadProgress progress={loadProgress} testId="classify-load-progress" />
        ) : null}
        {running && progress ? (
          <ProgressBar
            label={t('classify.progressLabel')}
            value={progress.done}
            max={progress.total}
            detail={t('classify.progressDetail', { done: formatNumber(progress.done, locale), total: formatNumber(progress.total, locale) })}
            testId="classify-progress"
          />
        ) : null}

        <ClassifyStatusLine />
        {status === 'error' ? <ErrorMessage error={error} testId="classify-error" /> : null}
      </div>

      {rows.length > 0 ? (
        <div className="card">
          <div className="results-toolbar">
            <h2>{t('classify.resultsTitle')}</h2>
            <LabelSummary rows={rows} />
            <CopyButton
              label={t('classify.copy')}
              testId="classify-copy"
              getText={() => toTsv(rows, [t('classify.colText'), t('classify.colLabel'), t('classify.colScore')])}
            />
          </div>
          <ResultsTable rows={rows} />
        </div>
      ) : null}
    </section>
  );
}
