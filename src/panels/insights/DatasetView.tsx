/**
 * The open dataset: its import report, the analysis run, the category column (a custom
 * classifier), the dashboard, themes, pain points and the row table. Rows are rebuilt when results arrive; the heavy children render from a deferred
 * copy (useDeferredValue), so React renders them in interruptible slices and a sentiment run's
 * updates never block scrolling or typing.
 */
import { useDeferredValue, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../ui/format';
import { renderLocalized } from '../../ui/localizedText';
import { CategoryCard } from './CategoryCard';
import { Dashboard } from './Dashboard';
import { closeDataset, discardDamagedResults } from './datasets';
import { ImportReportView } from './ImportReportView';
import { LanguageNotice } from './LanguageNotice';
import { buildRows } from './logic/rows';
import { PainPoints } from './PainPoints';
import { RowsCard } from './RowsCard';
import { RunCard } from './RunCard';
import { useReveal } from '../../ui/reveal';
import { useInsights } from './store';
import { ThemesCard } from './ThemesCard';

export function DatasetView() {
  const { t, i18n } = useTranslation();
  const active = useInsights((s) => s.active);
  const sentiments = useInsights((s) => s.sentiments);
  const themes = useInsights((s) => s.themes);
  const themeList = useInsights((s) => s.themeList);
  const categories = useInsights((s) => s.categories);
  const resultProblems = useInsights((s) => s.resultProblems);
  const heading = useReveal<HTMLHeadingElement>('insights-dataset', active?.record.id);
  const assignments = themes?.clusters.assignments ?? null;
  // Deferred inputs, so even rebuilding 20,000 rows happens in the interruptible render, not in
  // the urgent one that follows each store update.
  const deferredSentiments = useDeferredValue(sentiments);
  const deferredAssignments = useDeferredValue(assignments);
  const deferredCategories = useDeferredValue(categories);
  const deferredRows = useMemo(
    () => (active ? buildRows(active.items, deferredSentiments, deferredAssignments, deferredCategories) : []),
    [active, deferredSentiments, deferredAssignments, deferredCategories],
  );
  const deferredThemes = useDeferredValue(themeList);
  if (!active) return null;
  const { record } = active;
  const report = record.report;

  return (
    <div className="insights-dataset-view" data-testid="insights-active" data-dataset-id={record.id}>
      <div className="card">
        <div className="toolbar">
          <h2 ref={heading} tabIndex={-1} data-testid="insights-active-name">
            {record.name}
          </h2>
          <span className="muted">
            {t('insights.active.meta', { rows: formatNumber(record.rowCount, i18n.language), format: record.source.format.toUpperCase() })}
          </span>
          <div className="toolbar-actions">
            <button type="button" className="button ghost" data-testid="insights-close" onClick={closeDataset}>
              {t('insights.active.close')}
            </button>
          </div>
        </div>
        {report ? (
          <details>
            <summary>{t('insights.active.report')}</summary>
            <ImportReportView report={{ ...report, parseWarnings: report.parseWarnings ?? [] }} imported={record.rowCount} />
          </details>
        ) : null}
        <LanguageNotice items={active.items} datasetId={active.record.id} />
        {resultProblems.length > 0 ? (
          <div className="notice" role="alert" data-testid="insights-result-problems" data-count={resultProblems.length}>
            <strong>{t('insights.results.title')}</strong> {t('insights.results.help')}
            <ul>
              {resultProblems.map((problem, index) => (
                <li key={index}>{renderLocalized(t, problem)}</li>
              ))}
            </ul>
            <button type="button" className="button" data-testid="insights-discard-damaged" onClick={() => void discardDamagedResults()}>
              {t('insights.results.discard')}
            </button>
          </div>
        ) : null}
      </div>
      <RunCard />
      <CategoryCard />
      {/* Shown from the start (empty until results arrive): the charts are created now, not in
          the middle of a run where their first paint would compete with it. */}
      <Dashboard rows={deferredRows} themes={deferredThemes} />
      <ThemesCard themes={deferredThemes} />
      <PainPoints themes={deferredThemes} />
      <RowsCard rows={deferredRows} themes={deferredThemes} />
    </div>
  );
}
