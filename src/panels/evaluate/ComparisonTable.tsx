/** Two models on the same rows, metric by metric; the better value of each row is marked. */
import { useTranslation } from 'react-i18next';
import { formatNumber, formatMetric } from '../../ui/format';
import { agreement, comparisonRows, type ComparisonMetric, type ModelEvaluation } from './comparison';

function MetricName({ metric }: { metric: ComparisonMetric }) {
  const { t } = useTranslation();
  switch (metric.kind) {
    case 'accuracy':
      return <>{t('evaluate.compare.accuracy')}</>;
    case 'seconds':
      return <>{t('evaluate.compare.seconds')}</>;
    case 'class-f1':
      return <>{t('evaluate.compare.classF1', { label: metric.label })}</>;
    case 'average': {
      const average = metric.average === 'macro' ? t('evaluate.report.macro') : t('evaluate.report.weighted');
      const measure =
        metric.measure === 'precision' ? t('evaluate.report.precision') : metric.measure === 'recall' ? t('evaluate.report.recall') : t('evaluate.report.f1');
      return <>{t('evaluate.compare.average', { average, measure })}</>;
    }
  }
}

function metricKey(metric: ComparisonMetric): string {
  switch (metric.kind) {
    case 'average':
      return `${metric.average}-${metric.measure}`;
    case 'class-f1':
      return `f1-${metric.label}`;
    default:
      return metric.kind;
  }
}

export function ComparisonTable({ evaluations }: { evaluations: readonly ModelEvaluation[] }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const rows = comparisonRows(evaluations);
  const [a, b] = evaluations;
  const agreed = a && b ? agreement(a, b) : null;
  return (
    <div className="eval-scroll">
      <table className="eval-table" data-testid="eval-compare">
        <caption>{t('evaluate.compare.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('evaluate.compare.metric')}</th>
            {evaluations.map((e, i) => (
              <th key={`${e.model}-${i}`} scope="col" className="num" data-testid="eval-compare-model" data-model={e.model}>
                {e.model}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={metricKey(row.metric)} data-metric={metricKey(row.metric)}>
              <th scope="row">
                <MetricName metric={row.metric} />
              </th>
              {row.values.map((value, i) => (
                <td key={i} className={row.best === i ? 'num eval-best' : 'num'} data-value={value}>
                  {row.metric.kind === 'seconds' ? formatMetric(value, locale, 1) : formatMetric(value, locale)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {agreed ? (
        <p className="muted" data-testid="eval-agreement" data-same={agreed.same}>
          {t('evaluate.compare.agreement', { same: formatNumber(agreed.same, locale), total: formatNumber(agreed.total, locale) })}
        </p>
      ) : null}
    </div>
  );
}
