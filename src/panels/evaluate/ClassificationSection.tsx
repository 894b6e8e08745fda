/**
 * Evaluate › Classification: import a labeled file, map its labels to classes, run one or two
 * models (or saved custom classifiers) and score them.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { ImportProgressView, useTimeLimitText } from '../../ui/ImportProgressView';
import { sentimentLabelText } from '../../ui/sentimentLabels';
import { formatNumber } from '../../ui/format';
import { useCustomClassifiers } from '../../services/customClassifiers';
import { ClassificationResults } from './ClassificationResults';
import { failedSides, useClassificationEval } from './classificationStore';
import { ColumnSelect } from '../../ui/ColumnSelect';
import { FileField } from '../../ui/FileField';
import { buildLabeledData, limitRows } from '../../evaluate/labeledData';
import { MappingEditor } from './MappingEditor';
import { ModelSelect } from '../../ui/ModelSelect';
import { useModelChoices } from './models';
import { RunProgress } from './RunProgress';
import { SectionStatusLine } from './SectionStatusLine';

const ACCEPT = '.csv,.tsv,.tab,.txt,.json,.jsonl,.ndjson,.xlsx';

function MappingSummary() {
  const { t, i18n } = useTranslation();
  const { source, textColumn, labelColumn, distinct, targets, limit } = useClassificationEval();
  const summary = useMemo(() => {
    if (!source || !labelColumn || !textColumn) return null;
    try {
      const data = buildLabeledData(source.table, textColumn, labelColumn, distinct, targets);
      return { data, scored: limitRows(data.rows, limit).length };
    } catch {
      return null; // an incomplete mapping (e.g. a blank class) shows no summary until fixed
    }
  }, [source, textColumn, labelColumn, distinct, targets, limit]);
  if (!summary) return null;
  const { data, scored } = summary;
  const locale = i18n.language;
  const dropped = data.mapping.dropped.length + data.emptyText;
  return (
    <p className="muted" data-testid="eval-row-summary" data-rows={scored} data-dropped={dropped} data-classes={data.classes.join('|')}>
      {t('evaluate.classification.rowSummary', {
        count: scored,
        formatted: formatNumber(scored, locale),
        classes: data.classes.map((label) => sentimentLabelText(t, label)).join(', ') || '–',
        dropped: formatNumber(dropped, locale),
      })}
    </p>
  );
}

function ImportCard() {
  const { t } = useTranslation();
  const timeLimitText = useTimeLimitText();
  const s = useClassificationEval();
  const columns = s.source?.table.columns ?? [];
  return (
    <div className="card">
      <h2>{t('evaluate.classification.dataTitle')}</h2>
      <FileField
        label={t('evaluate.classification.file')}
        hint={t('evaluate.classification.fileHint')}
        accept={ACCEPT}
        testId="eval-import-input"
        disabled={s.status === 'running'}
        onFile={(file) => void s.importFile(file)}
      />
      {s.importing && !s.importProgress ? <p className="muted">{t('evaluate.importing')}</p> : null}
      {s.importProgress ? <ImportProgressView progress={s.importProgress} onCancel={s.cancelImport} testId="eval-import-progress" /> : null}
      {s.importError ? <ErrorMessage error={s.importError} message={timeLimitText(s.importError)} testId="eval-import-error" /> : null}
      {s.source ? (
        <>
          <p className="muted" data-testid="eval-import-summary" data-rows={s.source.table.rows.length}>
            {t('evaluate.imported', { name: s.source.fileName, count: s.source.table.rows.length })}
          </p>
          {s.source.table.warnings.map((warning) => (
            <p key={warning} className="warn-text eval-hint">
              {warning}
            </p>
          ))}
          <div className="form-grid">
            <ColumnSelect label={t('evaluate.textColumn')} columns={columns} value={s.textColumn} testId="eval-text-column" onChange={s.setTextColumn} />
            <ColumnSelect label={t('evaluate.labelColumn')} columns={columns} value={s.labelColumn} testId="eval-label-column" onChange={s.setLabelColumn} />
            <div className="field">
              <label className="field-label" htmlFor="eval-limit">
                {t('evaluate.classification.limit')}
              </label>
              <input
                id="eval-limit"
                className="input"
                type="number"
                min={0}
                value={s.limit || ''}
                placeholder={t('evaluate.classification.limitAll')}
                data-testid="eval-limit"
                onChange={(e) => s.setLimit(Number(e.target.value))}
              />
            </div>
          </div>
          {s.labelColumn ? <MappingEditor distinct={s.distinct} targets={s.targets} preset={s.preset} onPreset={s.applyPreset} onTarget={s.setTarget} /> : null}
          <MappingSummary />
        </>
      ) : null}
    </div>
  );
}

function RunCard() {
  const { t } = useTranslation();
  const s = useClassificationEval();
  const choices = useModelChoices('sentiment');
  const { classifiers } = useCustomClassifiers();
  const running = s.status === 'running';
  return (
    <div className="card">
      <h2>{t('evaluate.classification.modelsTitle')}</h2>
      <div className="form-grid">
        <ModelSelect
          label={t('evaluate.classification.modelA')}
          models={choices.ids}
          assigned={choices.assigned}
          custom={classifiers}
          value={s.modelA}
          testId="eval-model-select"
          disabled={running}
          onChange={s.setModelA}
        />
        <ModelSelect
          label={t('evaluate.classification.modelB')}
          models={choices.ids}
          custom={classifiers}
          noneLabel={t('evaluate.classification.noSecondModel')}
          value={s.modelB}
          testId="eval-model-b-select"
          disabled={running}
          onChange={s.setModelB}
        />
      </div>
      <div className="toolbar">
        <div className="toolbar-actions">
          <button type="button" className="button primary" data-testid="eval-run" disabled={running || !s.source} onClick={s.run}>
            {running ? t('evaluate.running') : t('evaluate.classification.run')}
          </button>
          <button type="button" className="button secondary" data-testid="eval-cancel" disabled={!running} onClick={s.cancel}>
            {t('evaluate.cancel')}
          </button>
        </div>
      </div>
      {running ? (
        <RunProgress
          label={s.step ? t('evaluate.classification.progress', { model: s.step.model, index: s.step.index + 1, count: s.step.count }) : t('evaluate.starting')}
          progress={s.progress}
          loadProgress={s.loadProgress}
          testId="eval-progress"
        />
      ) : null}
      <SectionStatusLine status={s.status} testId="eval-status" />
      {s.status === 'error' && s.error ? <ErrorMessage error={s.error} testId="eval-error" /> : null}
      {running ? null : <FailedSides />}
    </div>
  );
}

/** The models of the last run that could not be scored, each named, and one button to run only them again. */
function FailedSides() {
  const { t } = useTranslation();
  const result = useClassificationEval((s) => s.result);
  const retryFailed = useClassificationEval((s) => s.retryFailed);
  const failed = failedSides(result);
  if (failed.length === 0) return null;
  const models = failed.map((side) => side.model).join(', ');
  return (
    <div data-testid="eval-failed-sides" data-models={failed.map((side) => side.model).join('|')}>
      {failed.map((side) => (
        <div key={side.index} data-testid="eval-failed-side" data-model={side.model}>
          <ErrorMessage error={side.error} lead={t('evaluate.classification.sideFailed', { model: side.model })} testId="eval-side-error" />
        </div>
      ))}
      {result && result.evaluations.length > 0 ? <p className="muted">{t('evaluate.classification.sideFailedKept')}</p> : null}
      <button type="button" className="button secondary" data-testid="eval-retry-failed" onClick={retryFailed}>
        {t('evaluate.classification.retryFailed', { models })}
      </button>
    </div>
  );
}

export function ClassificationSection() {
  const result = useClassificationEval((s) => s.result);
  return (
    <>
      <ImportCard />
      <RunCard />
      {result ? <ClassificationResults result={result} /> : null}
    </>
  );
}
