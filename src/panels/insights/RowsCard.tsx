/** The rows with their sentiment, theme and category: search, filters (also set by chart clicks), exports. */
import { memo, useDeferredValue, useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { InsightRow, Polarity, Theme } from '../../insights';
import { formatNumber } from '../../ui/format';
import { ExportBar } from './ExportBar';
import { POLARITIES, usePolarityLabels } from './labels';
import { categoryBreakdown, categoryFilterValue, parseCategoryFilterValue } from './logic/categories';
import { applyTableFilter, hasFilter, searchIndex } from './logic/rows';
import { RowTable } from './RowTable';
import { useInsights } from './store';
import { themeTitle } from './themes';
import { useCategoryColumn } from './useCategoryColumn';

export const RowsCard = memo(function RowsCard({ rows, themes }: { rows: readonly InsightRow[]; themes: readonly Theme[] }) {
  const { t, i18n } = useTranslation();
  const base = useId();
  const labels = usePolarityLabels();
  const filter = useInsights((s) => s.filter);
  const setFilter = useInsights((s) => s.setFilter);
  const clearFilter = useInsights((s) => s.clearFilter);
  const names = useInsights((s) => s.themes?.names);
  const items = useInsights((s) => s.active?.items);
  // Search keys depend only on the texts: computed once per dataset, not per result update.
  const index = useMemo(() => searchIndex(items ?? []), [items]);
  const deferredFilter = useDeferredValue(filter);
  const filtered = useMemo(() => applyTableFilter(rows, deferredFilter, index), [rows, deferredFilter, index]);
  const themeNames = useMemo(() => new Map(themes.map((theme) => [theme.id, themeTitle(theme, names)])), [themes, names]);
  const segments = useMemo(() => [...new Set(rows.map((row) => row.segment).filter((s): s is string => s !== null))].sort().slice(0, 200), [rows]);
  const categoryColumn = useCategoryColumn();
  const categoryLabels = useMemo(
    () => (categoryColumn.present ? categoryBreakdown(rows, categoryColumn.labels).entries.map((entry) => entry.label) : []),
    [rows, categoryColumn],
  );
  const single = <T,>(value: T | readonly T[] | undefined): T | undefined => (Array.isArray(value) ? undefined : (value as T | undefined));

  return (
    <div className="card" data-testid="insights-rows">
      <div className="toolbar">
        <h2>{t('insights.table.title')}</h2>
        <span className="muted" data-testid="insights-table-count" data-count={filtered.length} data-total={rows.length}>
          {t('insights.table.count', { shown: formatNumber(filtered.length, i18n.language), total: formatNumber(rows.length, i18n.language) })}
        </span>
        <ExportBar rows={filtered} allRows={rows} themes={themes} themeNames={themeNames} category={categoryColumn} />
      </div>
      <div className="form-grid insights-filters">
        <div className="field grow">
          <label className="field-label" htmlFor={`${base}-search`}>
            {t('insights.table.search')}
          </label>
          <input
            id={`${base}-search`}
            type="search"
            className="input"
            data-testid="insights-search"
            value={filter.search ?? ''}
            placeholder={t('insights.table.searchPlaceholder')}
            onChange={(e) => setFilter({ search: e.target.value })}
          />
        </div>
        <div className="field">
          <label className="field-label" htmlFor={`${base}-sentiment`}>
            {t('insights.table.sentiment')}
          </label>
          <select
            id={`${base}-sentiment`}
            className="select"
            data-testid="insights-filter-sentiment"
            value={single(filter.sentiment) ?? ''}
            onChange={(e) => setFilter({ sentiment: (e.target.value || undefined) as Polarity | 'unknown' | undefined })}
          >
            <option value="">{t('insights.table.all')}</option>
            {POLARITIES.map((p) => (
              <option key={p} value={p}>
                {labels[p]}
              </option>
            ))}
            <option value="unknown">{labels.unknown}</option>
          </select>
        </div>
        <div className="field">
          <label className="field-label" htmlFor={`${base}-theme`}>
            {t('insights.table.theme')}
          </label>
          <select
            id={`${base}-theme`}
            className="select"
            data-testid="insights-filter-theme"
            value={single(filter.themeId) ?? ''}
            disabled={themes.length === 0}
            onChange={(e) => setFilter({ themeId: e.target.value === '' ? undefined : Number(e.target.value) })}
          >
            <option value="">{t('insights.table.all')}</option>
            {themes.map((theme) => (
              <option key={theme.id} value={theme.id}>
                {themeNames.get(theme.id)}
              </option>
            ))}
          </select>
        </div>
        {categoryColumn.present ? (
          <div className="field">
            <label className="field-label" htmlFor={`${base}-category`}>
              {t('insights.table.category')}
            </label>
            <select
              id={`${base}-category`}
              className="select"
              data-testid="insights-filter-category"
              value={categoryFilterValue(filter.category)}
              onChange={(e) => setFilter({ category: parseCategoryFilterValue(e.target.value) })}
            >
              <option value="">{t('insights.table.all')}</option>
              {categoryLabels.map((label) => (
                <option key={label} value={categoryFilterValue(label)}>
                  {label}
                </option>
              ))}
              <option value={categoryFilterValue(null)}>{t('insights.table.noCategory')}</option>
            </select>
          </div>
        ) : null}
        {segments.length > 0 ? (
          <div className="field">
            <label className="field-label" htmlFor={`${base}-segment`}>
              {t('insights.table.segment')}
            </label>
            <select
              id={`${base}-segment`}
              className="select"
              data-testid="insights-filter-segment"
              value={single(filter.segment) ?? ''}
              onChange={(e) => setFilter({ segment: e.target.value || undefined })}
            >
              <option value="">{t('insights.table.all')}</option>
              {segments.map((segment) => (
                <option key={segment} value={segment}>
                  {segment}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        {hasFilter(filter) ? (
          <div className="field field-button">
            <button type="button" className="button ghost" data-testid="insights-clear-filters" onClick={clearFilter}>
              {t('insights.table.clear')}
            </button>
          </div>
        ) : null}
      </div>
      {filter.rating !== undefined || filter.dates ? (
        <p className="muted" data-testid="insights-filter-chips">
          {filter.rating !== undefined ? <span className="tag">{t('insights.table.ratingChip', { rating: String(filter.rating) })}</span> : null}{' '}
          {filter.dates ? <span className="tag">{t('insights.table.datesChip', { label: filter.dates.label })}</span> : null}
        </p>
      ) : null}
      <RowTable rows={filtered} themeNames={themeNames} showCategory={categoryColumn.present} />
    </div>
  );
});
