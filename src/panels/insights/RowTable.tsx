/**
 * The rows as a virtualized table: only the visible rows exist in the DOM, so 20,000 rows scroll
 * smoothly. Rows have a fixed height (text clamped to two lines, the whole text in the tooltip):
 * measuring each row's real height forces a layout per row on every update, which showed up as
 * long tasks while a run refreshed the table.
 */
import { memo, useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useTranslation } from 'react-i18next';
import type { InsightRow } from '../../insights';
import { formatPercent } from '../../ui/format';
import { usePolarityLabels } from './labels';

const ROW_HEIGHT = 56;

interface RowTableProps {
  rows: readonly InsightRow[];
  themeNames: ReadonlyMap<number, string>;
  /** Show the "Category" column (a custom classifier ran on the dataset). */
  showCategory?: boolean;
}

export const RowTable = memo(function RowTable({ rows, themeNames, showCategory = false }: RowTableProps) {
  const { t, i18n } = useTranslation();
  const labels = usePolarityLabels();
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    getItemKey: (index) => rows[index]?.row ?? index,
  });

  return (
    <div
      className={showCategory ? 'results insights-table with-category' : 'results insights-table'}
      role="table"
      aria-label={t('insights.table.label')}
      aria-rowcount={rows.length + 1}
      data-testid="insights-table"
      data-count={rows.length}
    >
      <div className="results-row results-head insights-table-row" role="row" aria-rowindex={1}>
        <span role="columnheader" className="col-index">
          #
        </span>
        <span role="columnheader">{t('insights.table.text')}</span>
        <span role="columnheader">{t('insights.table.sentiment')}</span>
        <span role="columnheader">{t('insights.table.theme')}</span>
        {showCategory ? <span role="columnheader">{t('insights.table.category')}</span> : null}
        <span role="columnheader">{t('insights.table.details')}</span>
      </div>
      <div className="results-scroll" ref={scrollRef} tabIndex={0} role="rowgroup">
        <div className="results-canvas" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((virtual) => {
            const row = rows[virtual.index];
            if (!row) return null;
            const tone = row.sentiment ?? 'unknown';
            return (
              <div
                key={virtual.key}
                data-index={virtual.index}
                className="results-row insights-table-row"
                role="row"
                aria-rowindex={virtual.index + 2}
                data-testid="insights-row"
                data-row={row.row}
                data-sentiment={tone}
                data-theme-id={row.themeId ?? ''}
                data-segment={row.segment ?? ''}
                data-category={row.category ?? ''}
                style={{ transform: `translateY(${virtual.start}px)`, height: ROW_HEIGHT }}
              >
                <span role="cell" className="col-index">
                  {row.row}
                </span>
                <span role="cell" className="col-text" title={row.text}>
                  {row.text}
                </span>
                <span role="cell">
                  <span className={`label-chip tone-${tone}`}>{labels[tone]}</span>
                </span>
                <span role="cell" className="insights-cell-theme">
                  {row.themeId === null ? '' : (themeNames.get(row.themeId) ?? '')}
                </span>
                {showCategory ? (
                  <span
                    role="cell"
                    className="insights-cell-category"
                    data-testid="insights-row-category"
                    title={
                      row.categoryScore === null || row.categoryScore === undefined
                        ? undefined
                        : t('insights.table.categoryScore', { score: formatPercent(row.categoryScore, i18n.language) })
                    }
                  >
                    {row.category ?? ''}
                  </span>
                ) : null}
                <span role="cell" className="muted insights-cell-details">
                  {[row.date, row.rating === null ? null : `★ ${row.rating}`, row.segment].filter(Boolean).join(' · ')}
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
});
