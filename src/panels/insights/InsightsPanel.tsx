/** Feedback Insights: import feedback, then sentiment, themes, pain points, dashboard and exports. */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { DatasetList } from './DatasetList';
import { PanelErrorBoundary } from '../../ui/PanelErrorBoundary';
import { PanelShell } from '../../ui/PanelShell';
import { BrokenDataset, DatasetRenderError } from './BrokenDataset';
import { DatasetView } from './DatasetView';
import { closeDataset, refreshDatasets, startInsightsSync } from './datasets';
import { ImportCard } from './ImportCard';
import { MappingStep } from './MappingStep';
import { useInsights } from './store';
import './insights.css';

export function InsightsPanel() {
  const { t } = useTranslation();
  const hasDraft = useInsights((s) => s.draft !== null);
  const active = useInsights((s) => s.active?.record ?? null);
  const openProblem = useInsights((s) => s.openProblem);
  const tabNotice = useInsights((s) => s.tabNotice);
  const set = useInsights((s) => s.set);

  useEffect(() => {
    startInsightsSync();
    void refreshDatasets();
  }, []);

  return (
    <PanelShell name="insights" title={t('insights.title')} intro={t('insights.intro')} className="insights">
      <div className="two-columns">
        <ImportCard />
        <DatasetList />
      </div>
      {hasDraft ? <MappingStep /> : null}
      {tabNotice ? (
        <p className="notice" role="status" data-testid="insights-tab-notice" data-kind={tabNotice}>
          {t(tabNotice === 'deleted' ? 'insights.tab.deleted' : 'insights.tab.restored')}
        </p>
      ) : null}
      {openProblem ? <BrokenDataset {...openProblem} onClose={() => set({ openProblem: null })} /> : null}
      {active ? (
        <PanelErrorBoundary
          resetKey={active}
          fallback={(error, reset) => <DatasetRenderError error={error} id={active.id} name={String(active.name)} onClose={closeDataset} onRetry={reset} />}
        >
          <DatasetView />
        </PanelErrorBoundary>
      ) : null}
    </PanelShell>
  );
}
