/** Feedback Insights: import feedback, then sentiment, themes, pain points, dashboard and exports. */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { DatasetList } from './DatasetList';
import { DatasetView } from './DatasetView';
import { refreshDatasets } from './datasets';
import { ImportCard } from './ImportCard';
import { MappingStep } from './MappingStep';
import { useInsights } from './store';
import './insights.css';

export function InsightsPanel() {
  const { t } = useTranslation();
  const hasDraft = useInsights((s) => s.draft !== null);
  const hasActive = useInsights((s) => s.active !== null);

  useEffect(() => {
    void refreshDatasets();
  }, []);

  return (
    <section className="panel insights" aria-labelledby="insights-title" data-testid="insights-panel">
      <div className="panel-head">
        <h1 id="insights-title">{t('insights.title')}</h1>
        <p className="panel-intro">{t('insights.intro')}</p>
      </div>
      <div className="two-columns">
        <ImportCard />
        <DatasetList />
      </div>
      {hasDraft ? <MappingStep /> : null}
      {hasActive ? <DatasetView /> : null}
    </section>
  );
}
