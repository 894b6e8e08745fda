/**
 * Evaluate › Summarization: documents with reference summaries (e.g. TweetSumm JSONL: a dialog
 * and a list of summaries) → the model's summary of each → ROUGE and BLEU, per item and averaged.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { ImportProgressView, useTimeLimitText } from '../../ui/ImportProgressView';
import { formatNumber } from '../../ui/format';
import { ColumnSelect } from '../../ui/ColumnSelect';
import { FileField } from '../../ui/FileField';
import { limitRows } from '../../evaluate/labeledData';
import { ModelSelect } from '../../ui/ModelSelect';
import { useModelChoices } from './models';
import { RunProgress } from './RunProgress';
import { SectionStatusLine } from './SectionStatusLine';
import { SummaryResults } from './SummaryResults';
import { buildSummaryItems } from './summaryData';
import { useSummarizationEval } from './summarizationStore';

const ACCEPT = '.jsonl,.ndjson,.json,.csv,.tsv,.xlsx';

function ReferenceColumns() {
  const { t } = useTranslation();
  const { source, documentColumn, referenceColumns, toggleReferenceColumn } = useSummarizationEval();
  const columns = (source?.table.columns ?? []).filter((c) => c !== documentColumn);
  return (
    <fieldset className="field eval-fieldset" data-testid="eval-summ-ref-columns">
      <legend className="field-label">{t('evaluate.summarization.referenceColumns')}</legend>
      <div className="eval-checks">
        {columns.map((column) => (
          <label key={column} className="eval-check">
            <input
              type="checkbox"
              checked={referenceColumns.includes(column)}
              data-testid="eval-summ-ref-column"
              data-column={column}
              onChange={() => toggleReferenceColumn(column)}
            />
            {column}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function ItemCount() {
  const { t, i18n } = useTranslation();
  const { source, documentColumn, referenceColumns, limit } = useSummarizationEval();
  const counts = useMemo(() => {
    if (!source || !documentColumn) return null;
    const { items, skipped } = buildSummaryItems(source.table, documentColumn, referenceColumns);
    return { usable: items.length, run: limitRows(items, limit).length, skipped };
  }, [source, documentColumn, referenceColumns, limit]);
  if (!counts) return null;
  const locale = i18n.language;
  return (
    <p className="muted" data-testid="eval-summ-count" data-items={counts.run}>
      {t('evaluate.summarization.itemCount', {
        count: counts.run,
        formatted: formatNumber(counts.run, locale),
        usable: formatNumber(counts.usable, locale),
        skipped: formatNumber(counts.skipped, locale),
      })}
    </p>
  );
}

export function SummarizationSection() {
  const { t } = useTranslation();
  const timeLimitText = useTimeLimitText();
  const s = useSummarizationEval();
  const choices = useModelChoices('summarization');
  const running = s.status === 'running';
  return (
    <>
      <div className="card">
        <h2>{t('evaluate.summarization.title')}</h2>
        <p className="muted">{t('evaluate.summarization.intro')}</p>
        <FileField
          label={t('evaluate.summarization.file')}
          hint={t('evaluate.summarization.fileHint')}
          accept={ACCEPT}
          testId="eval-summ-import-input"
          disabled={running}
          onFile={(file) => void s.importFile(file)}
        />
        {s.importing && !s.importProgress ? <p className="muted">{t('evaluate.importing')}</p> : null}
        {s.importProgress ? <ImportProgressView progress={s.importProgress} onCancel={s.cancelImport} testId="eval-summ-import-progress" /> : null}
        {s.importError ? <ErrorMessage error={s.importError} message={timeLimitText(s.importError)} testId="eval-summ-import-error" /> : null}
        {s.source ? (
          <>
            <p className="muted" data-testid="eval-summ-import-summary">
              {t('evaluate.imported', { name: s.source.fileName, count: s.source.table.rows.length })}
            </p>
            <div className="form-grid">
              <ColumnSelect
                label={t('evaluate.summarization.documentColumn')}
                columns={s.source.table.columns}
                value={s.documentColumn}
                testId="eval-summ-text-column"
                onChange={s.setDocumentColumn}
              />
              <div className="field">
                <label className="field-label" htmlFor="eval-summ-limit">
                  {t('evaluate.summarization.limit')}
                </label>
                <input
                  id="eval-summ-limit"
                  className="input"
                  type="number"
                  min={0}
                  value={s.limit || ''}
                  placeholder={t('evaluate.classification.limitAll')}
                  data-testid="eval-summ-limit"
                  onChange={(e) => s.setLimit(Number(e.target.value))}
                />
              </div>
              <div className="field">
                <label className="field-label" htmlFor="eval-summ-tokens">
                  {t('evaluate.summarization.maxTokens')}
                </label>
                <input
                  id="eval-summ-tokens"
                  className="input"
                  type="number"
                  min={8}
                  max={512}
                  value={s.maxNewTokens}
                  data-testid="eval-summ-max-tokens"
                  onChange={(e) => s.setMaxNewTokens(Number(e.target.value))}
                />
              </div>
            </div>
            <ReferenceColumns />
            <ItemCount />
          </>
        ) : null}
        <div className="form-grid">
          <ModelSelect
            label={t('evaluate.summarization.model')}
            models={choices.ids}
            assigned={choices.assigned}
            value={s.model}
            testId="eval-summ-model-select"
            disabled={running}
            onChange={s.setModel}
          />
        </div>
        <div className="toolbar">
          <div className="toolbar-actions">
            <button
              type="button"
              className="button primary"
              data-testid="eval-summ-run"
              disabled={running || !s.source || s.referenceColumns.length === 0}
              onClick={s.run}
            >
              {running ? t('evaluate.running') : t('evaluate.summarization.run')}
            </button>
            <button type="button" className="button secondary" data-testid="eval-summ-cancel" disabled={!running} onClick={s.cancel}>
              {t('evaluate.cancel')}
            </button>
          </div>
        </div>
        {running ? (
          <RunProgress label={t('evaluate.summarization.progress')} progress={s.progress} loadProgress={s.loadProgress} testId="eval-summ-progress" />
        ) : null}
        <SectionStatusLine status={s.status} testId="eval-summ-status" />
        {s.status === 'error' ? <ErrorMessage error={s.error} testId="eval-summ-error" /> : null}
      </div>
      {s.evaluation && s.evaluation.items.length > 0 ? <SummaryResults evaluation={s.evaluation} model={s.evaluatedModel} /> : null}
    </>
  );
}
