/** Classify: paste feedback (one item per line), get a sentiment label and score for each. */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { detectLanguageMix } from '../../insights/language';
import { useRouteChoice } from '../../state/modelChoices';
import { LanguageRouteNotice } from '../../ui/LanguageRouteNotice';
import { CopyButton } from '../../ui/CopyButton';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { LargeTextArea } from '../../ui/LargeTextArea';
import { ModelLoadProgress } from '../../ui/ModelLoadProgress';
import { ProgressBar } from '../../ui/ProgressBar';
import { formatBytes, formatNumber } from '../../ui/format';
import { PanelShell } from '../../ui/PanelShell';
import { CLASSIFY_SCOPE, useClassify } from './classifyStore';
import { ClassifyStatusLine } from './ClassifyStatusLine';
import { LabelSummary } from './LabelSummary';
import { splitLines } from './lines';
import { ResultsTable } from './ResultsTable';
import { toTsv } from './results';

export function ClassifyPanel() {
  const { t, i18n } = useTranslation();
  const { input, status, rows, progress, loadProgress, error, setInput, run, cancel, model: ranWith } = useClassify();
  const preview = useMemo(() => splitLines(input), [input]);
  const mix = useMemo(() => detectLanguageMix(preview.items), [preview.items]);
  const routing = useRouteChoice('sentiment', mix, CLASSIFY_SCOPE);
  const model = routing.route.modelId;
  const running = status === 'running';
  const locale = i18n.language;

  return (
    <PanelShell name="classify" title={t('classify.title')} intro={t('classify.intro')}>
      <div className="card">
        <label htmlFor="classify-input" className="field-label">
          {t('classify.inputLabel')}
        </label>
        <LargeTextArea
          id="classify-input"
          className="textarea"
          testIdPrefix="classify"
          value={input}
          onValueChange={setInput}
          busy={running}
          rows={10}
          placeholder={t('classify.placeholder')}
          spellCheck={false}
          largeNotice={(bytes) =>
            t('classify.largeInput', { size: formatBytes(bytes, locale), lines: formatNumber(preview.items.length + preview.dropped, locale) })
          }
          onRun={run}
        />
        <div className="toolbar">
          <span className="muted" data-testid="classify-count" data-count={preview.items.length}>
            {t('classify.itemCount', { count: preview.items.length, formatted: formatNumber(preview.items.length, locale) })}
            {preview.dropped > 0 ? ` · ${t('classify.emptyLinesSkipped', { count: preview.dropped })}` : ''}
          </span>
          <span className="muted model-note" data-testid="classify-model" data-model={model}>
            {t('classify.usingModel')} <code>{model}</code> <a href="#/models">{t('classify.changeModel')}</a>
          </span>
          <div className="toolbar-actions">
            <button type="button" className="button primary" data-testid="classify-run" onClick={run} disabled={running} title={t('classify.runShortcut')}>
              {running ? t('classify.running') : t('classify.run')}
            </button>
            <button type="button" className="button secondary" data-testid="classify-cancel" onClick={cancel} disabled={!running}>
              {t('classify.cancel')}
            </button>
          </div>
        </div>

        <LanguageRouteNotice task="sentiment" mix={mix} {...routing} testIdPrefix="classify" disabled={running} />

        {running && loadProgress && loadProgress.phase !== 'ready' ? <ModelLoadProgress progress={loadProgress} testId="classify-load-progress" /> : null}
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
            {ranWith ? (
              <span className="muted" data-testid="classify-ran-with" data-model={ranWith}>
                {t('classify.ranWith', { model: ranWith })}
              </span>
            ) : null}
            <CopyButton
              label={t('classify.copy')}
              testId="classify-copy"
              getText={() => toTsv(rows, [t('classify.colText'), t('classify.colLabel'), t('classify.colScore')])}
            />
          </div>
          <ResultsTable rows={rows} />
        </div>
      ) : null}
    </PanelShell>
  );
}
