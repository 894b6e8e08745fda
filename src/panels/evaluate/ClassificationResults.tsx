/** Scores of the last classification run: headline accuracy, side by side, then one model's details. */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber, formatMetric } from '../../ui/format';
import type { ClassificationResult } from './classificationStore';
import { ComparisonTable } from './ComparisonTable';
import { misclassifiedRows, type ModelEvaluation } from './comparison';
import { ConfusionMatrix } from '../../ui/ConfusionMatrix';
import { MisclassifiedTable } from './MisclassifiedTable';
import { ReportTable } from './ReportTable';

function Headline({ evaluation, testId }: { evaluation: ModelEvaluation; testId?: string }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const { accuracy, report } = evaluation;
  return (
    <div className="eval-headline">
      <span className="eval-model-name">{evaluation.model}</span>
      <span className="eval-figure" data-testid={testId} data-value={report.accuracy}>
        {t('evaluate.classification.accuracy', { value: formatMetric(report.accuracy, locale) })}
      </span>
      <span className="muted">
        {t('evaluate.classification.interval', { low: formatMetric(accuracy.low, locale), high: formatMetric(accuracy.high, locale) })}
      </span>
      <span className="muted">
        {t('evaluate.classification.macroF1', { value: formatMetric(report.macro.f1, locale) })} ·{' '}
        {t('evaluate.classification.rowsScored', { count: report.total, formatted: formatNumber(report.total, locale) })}
      </span>
    </div>
  );
}

export function ClassificationResults({ result }: { result: ClassificationResult }) {
  const { t } = useTranslation();
  const [detail, setDetail] = useState(0);
  const selected = result.evaluations[Math.min(detail, result.evaluations.length - 1)];
  const wrong = useMemo(() => (selected ? misclassifiedRows(result.rows, selected) : []), [result.rows, selected]);
  if (!selected) return null;
  return (
    <div className="card" data-testid="eval-results">
      <h2>{t('evaluate.classification.resultsTitle')}</h2>
      {result.evaluations.map((evaluation, i) => (
        <Headline key={`${evaluation.model}-${i}`} evaluation={evaluation} testId={i === 0 ? 'eval-accuracy' : 'eval-accuracy-b'} />
      ))}
      {result.evaluations.length > 1 ? (
        <>
          <ComparisonTable evaluations={result.evaluations} />
          <div className="field eval-narrow">
            <label className="field-label" htmlFor="eval-detail-model">
              {t('evaluate.classification.detailsOf')}
            </label>
            <select
              id="eval-detail-model"
              className="select"
              value={detail}
              data-testid="eval-detail-model"
              onChange={(e) => setDetail(Number(e.target.value))}
            >
              {result.evaluations.map((e, i) => (
                <option key={`${e.model}-${i}`} value={i}>
                  {e.model}
                </option>
              ))}
            </select>
          </div>
        </>
      ) : null}
      <div className="two-columns">
        <ReportTable report={selected.report} />
        <ConfusionMatrix confusion={selected.report.confusion} />
      </div>
      <MisclassifiedTable rows={wrong} />
    </div>
  );
}
