/**
 * The imported rows with a category dropdown each, a page at a time (a select per row for
 * thousands of rows would make the page crawl). Filters show what still needs a label, what is
 * labelled, and the suggested rows with the suggested category one click away.
 */
import { useMemo } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { formatNumber, formatMetric } from '../../ui/format';
import { countLabels, filterRows, pageOf } from './labelling';
import { ROW_FILTERS, useCustomize, type RowFilter, type Suggestion } from './customizeStore';

const PAGE_SIZE = 25;

/** Option text must be a plain string, so this is a function rather than a component. */
function filterName(t: TFunction, filter: RowFilter): string {
  switch (filter) {
    case 'all':
      return t('customize.rows.filterAll');
    case 'unlabelled':
      return t('customize.rows.filterUnlabelled');
    case 'labelled':
      return t('customize.rows.filterLabelled');
    case 'suggested':
      return t('customize.rows.filterSuggested');
  }
}

function SuggestionChip({ row, suggestion }: { row: number; suggestion: Suggestion }) {
  const { t, i18n } = useTranslation();
  const accept = useCustomize((s) => s.acceptSuggestion);
  const label = useCustomize((s) => s.labels[row] ?? null);
  const detail =
    suggestion.kind === 'nearest'
      ? t('customize.rows.nearest', { value: formatMetric(suggestion.value, i18n.language, 2) })
      : t('customize.rows.uncertain', { value: formatMetric(suggestion.value, i18n.language, 2) });
  return (
    <span className="custom-suggestion" data-testid="custom-suggestion" data-category={suggestion.category} data-kind={suggestion.kind}>
      <span className="label-chip">{suggestion.category}</span>
      <span className="muted">{detail}</span>
      {label !== suggestion.category ? (
        <button type="button" className="button ghost" data-testid="custom-accept" onClick={() => accept(row)}>
          {t('customize.rows.accept')}
        </button>
      ) : null}
    </span>
  );
}

function Counts() {
  const { t, i18n } = useTranslation();
  const labels = useCustomize((s) => s.labels);
  const categories = useCustomize((s) => s.categories);
  const counts = useMemo(() => countLabels(labels, categories), [labels, categories]);
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const locale = i18n.language;
  return (
    <div className="toolbar">
      <span data-testid="custom-labelled-count" data-count={total}>
        {t('customize.rows.labelled', { count: total, formatted: formatNumber(total, locale) })}
      </span>
      <ul className="custom-chips">
        {categories.map((c) => (
          <li key={c} className="label-chip" data-testid="custom-count" data-category={c} data-count={counts[c] ?? 0}>
            {c} <span className="muted">{formatNumber(counts[c] ?? 0, locale)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function LabelTable() {
  const { t, i18n } = useTranslation();
  // Only what the table shows: training progress must not re-render every row.
  const s = useCustomize(
    useShallow((state) => ({
      source: state.source,
      textColumn: state.textColumn,
      labels: state.labels,
      categories: state.categories,
      suggestions: state.suggestions,
      filter: state.filter,
      page: state.page,
      setLabel: state.setLabel,
      setFilter: state.setFilter,
      setPage: state.setPage,
    })),
  );
  const texts = useMemo(() => (s.source ? s.source.table.rows.map((r) => r[s.textColumn] ?? '') : []), [s.source, s.textColumn]);
  const suggested = useMemo(
    () =>
      Object.entries(s.suggestions)
        .sort(
          (a, b) => (a[1].kind === b[1].kind ? 0 : a[1].kind === 'uncertain' ? 1 : -1) || a[1].category.localeCompare(b[1].category) || b[1].value - a[1].value,
        )
        .map(([row]) => Number(row)),
    [s.suggestions],
  );
  const visible = useMemo(() => filterRows(texts, s.labels, s.filter, suggested), [texts, s.labels, s.filter, suggested]);
  if (!s.source) return null;
  const { items, page, pages } = pageOf(visible, s.page, PAGE_SIZE);
  const locale = i18n.language;

  return (
    <div className="card" data-testid="custom-rows">
      <h2>{t('customize.rows.title')}</h2>
      <Counts />
      <div className="toolbar">
        <div className="field eval-narrow">
          <label className="field-label" htmlFor="custom-filter">
            {t('customize.rows.show')}
          </label>
          <select id="custom-filter" className="select" value={s.filter} data-testid="custom-filter" onChange={(e) => s.setFilter(e.target.value as RowFilter)}>
            {ROW_FILTERS.map((f) => (
              <option key={f} value={f}>
                {filterName(t, f)}
              </option>
            ))}
          </select>
        </div>
        <span className="muted" data-testid="custom-visible-count" data-count={visible.length}>
          {t('customize.rows.visible', { count: visible.length, formatted: formatNumber(visible.length, locale) })}
        </span>
      </div>
      {s.categories.length === 0 ? <p className="warn-text">{t('customize.rows.needCategories')}</p> : null}
      <div className="eval-scroll">
        <table className="eval-table">
          <thead>
            <tr>
              <th scope="col" className="num">
                {t('customize.rows.row')}
              </th>
              <th scope="col">{t('customize.rows.text')}</th>
              <th scope="col">{t('customize.rows.category')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((row) => {
              const suggestion = s.suggestions[row];
              const label = s.labels[row] ?? null;
              return (
                <tr key={row} data-testid="custom-row" data-row={row} data-label={label ?? ''}>
                  <td className="num">{formatNumber(row + 1, locale)}</td>
                  <td className="eval-text">{texts[row]}</td>
                  <td className="custom-label-cell">
                    <select
                      className="select"
                      value={label ?? ''}
                      aria-label={t('customize.rows.categoryOf', { row: row + 1 })}
                      data-testid="custom-label-select"
                      onChange={(e) => s.setLabel(row, e.target.value === '' ? null : e.target.value)}
                    >
                      <option value="">{t('customize.rows.unlabelled')}</option>
                      {s.categories.map((c) => (
                        <option key={c} value={c}>
                          {c}
                        </option>
                      ))}
                    </select>
                    {suggestion ? <SuggestionChip row={row} suggestion={suggestion} /> : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <div className="toolbar">
        <button type="button" className="button secondary" data-testid="custom-prev" disabled={page === 0} onClick={() => s.setPage(page - 1)}>
          {t('customize.rows.previous')}
        </button>
        <span className="muted" data-testid="custom-page" data-page={page} data-pages={pages}>
          {t('customize.rows.page', { page: page + 1, pages })}
        </span>
        <button type="button" className="button secondary" data-testid="custom-next" disabled={page >= pages - 1} onClick={() => s.setPage(page + 1)}>
          {t('customize.rows.next')}
        </button>
      </div>
    </div>
  );
}
