/** Pain points: negative-leaning themes ranked by how many negative rows they hold, with a summary. */
import { memo, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Theme } from '../../insights';
import { formatNumber, formatPercent } from '../../ui/format';
import { useInsights } from './store';
import { painPointsOf, summaryKey } from './themes';

export const PainPoints = memo(function PainPoints({ themes }: { themes: readonly Theme[] }) {
  const { t, i18n } = useTranslation();
  const data = useInsights((s) => s.themes);
  const setFilter = useInsights((s) => s.setFilter);
  const pains = useMemo(() => painPointsOf(themes, data), [themes, data]);
  if (!data || themes.length === 0) return null;
  return (
    <div className="card" data-testid="insights-painpoints" data-count={pains.length}>
      <h2>{t('insights.pain.title')}</h2>
      {pains.length === 0 ? <p className="muted">{t('insights.pain.none')}</p> : null}
      <ol className="insights-pains">
        {pains.map((pain) => {
          const summary = data.summaries[summaryKey(pain.themeId, pain.size)];
          return (
            <li key={pain.themeId} data-testid="insights-painpoint" data-theme-id={pain.themeId}>
              <div className="insights-theme-head">
                <strong>{pain.name}</strong>
                <span className="muted">
                  {t('insights.pain.figures', {
                    rows: formatNumber(pain.size, i18n.language),
                    negative: formatPercent(pain.shareNegative, i18n.language),
                    lift: pain.lift.toFixed(1),
                  })}
                </span>
                <button type="button" className="button ghost" onClick={() => setFilter({ themeId: pain.themeId, sentiment: 'negative' })}>
                  {t('insights.pain.showRows')}
                </button>
              </div>
              {summary ? (
                <p className="insights-summary" data-testid="insights-painpoint-summary">
                  {summary}
                </p>
              ) : null}
              <ul className="insights-quotes">
                {pain.quotes.map((quote) => (
                  <li key={quote.row}>
                    <q>{quote.text}</q> <span className="muted">{t('insights.themes.row', { row: quote.row })}</span>
                  </li>
                ))}
              </ul>
            </li>
          );
        })}
      </ol>
    </div>
  );
});
