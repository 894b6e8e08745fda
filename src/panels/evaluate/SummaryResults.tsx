/** ROUGE-1/2/L F1 and BLEU: averages with 95% intervals, corpus BLEU, then every item to read. */
import { useTranslation } from 'react-i18next';
import type { MeanWithCI } from '../../evaluate/summaryStats';
import { formatNumber, formatMetric } from '../../ui/format';
import type { SummaryEvaluation } from './summaryData';

function Average({ label, value, testId }: { label: string; value: MeanWithCI | undefined; testId: string }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  return (
    <div className="eval-stat" data-testid={testId} data-value={value?.mean ?? ''}>
      <span className="eval-stat-label">{label}</span>
      <span className="eval-figure">{formatMetric(value?.mean, locale)}</span>
      {value && value.n > 1 ? (
        <span className="muted">{t('evaluate.classification.interval', { low: formatMetric(value.low, locale), high: formatMetric(value.high, locale) })}</span>
      ) : null}
    </div>
  );
}

export function SummaryResults({ evaluation, model }: { evaluation: SummaryEvaluation; model: string }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const { averages, items } = evaluation;
  return (
    <div className="card" data-testid="eval-summ-results" data-items={items.length}>
      <h2>{t('evaluate.summarization.resultsTitle', { model })}</h2>
      <p className="muted">{t('evaluate.summarization.resultsNote', { count: items.length, formatted: formatNumber(items.length, locale) })}</p>
      <div className="eval-stats">
        <Average label={t('evaluate.summarization.rouge1')} value={averages.rouge1} testId="eval-rouge1" />
        <Average label={t('evaluate.summarization.rouge2')} value={averages.rouge2} testId="eval-rouge2" />
        <Average label={t('evaluate.summarization.rougeL')} value={averages.rougeL} testId="eval-rougeL" />
        <div className="eval-stat" data-testid="eval-bleu" data-value={evaluation.corpusBleu}>
          <span className="eval-stat-label">{t('evaluate.summarization.corpusBleu')}</span>
          <span className="eval-figure">{formatMetric(evaluation.corpusBleu, locale)}</span>
          <span className="muted">{t('evaluate.summarization.meanSentenceBleu', { value: formatMetric(averages.bleu?.mean, locale) })}</span>
        </div>
      </div>
      <div className="eval-scroll eval-tall">
        <table className="eval-table">
          <thead>
            <tr>
              <th scope="col" className="num">
                {t('evaluate.misclassified.row')}
              </th>
              <th scope="col">{t('evaluate.summarization.summary')}</th>
              <th scope="col">{t('evaluate.summarization.reference')}</th>
              <th scope="col" className="num">
                {t('evaluate.summarization.rouge1Short')}
              </th>
              <th scope="col" className="num">
                {t('evaluate.summarization.rouge2Short')}
              </th>
              <th scope="col" className="num">
                {t('evaluate.summarization.rougeLShort')}
              </th>
              <th scope="col" className="num">
                {t('evaluate.summarization.bleuShort')}
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.index} data-testid="eval-summ-item" data-row={item.index}>
                <td className="num">{formatNumber(item.index + 1, locale)}</td>
                <td className="eval-text">{item.summary}</td>
                <td className="eval-text muted">
                  {item.references[0]}
                  {item.references.length > 1 ? ` ${t('evaluate.summarization.moreReferences', { count: item.references.length - 1 })}` : ''}
                </td>
                <td className="num">{formatMetric(item.scores.rouge1, locale)}</td>
                <td className="num">{formatMetric(item.scores.rouge2, locale)}</td>
                <td className="num">{formatMetric(item.scores.rougeL, locale)}</td>
                <td className="num">{formatMetric(item.scores.bleu, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
