/** The classified items as a virtualized table; all text is rendered as React text, never HTML. */
import { useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useTranslation } from 'react-i18next';
import { formatPercent } from '../../ui/format';
import { labelTone, type ClassifiedItem } from './results';

const ROW_ESTIMATE = 44;

export function ResultsTable({ rows }: { rows: readonly ClassifiedItem[] }) {
  const { t, i18n } = useTranslation();
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_ESTIMATE,
    overscan: 12,
  });

  return (
    <div
      className="results"
      role="table"
      aria-label={t('classify.resultsLabel')}
      aria-rowcount={rows.length + 1}
      data-testid="classify-results"
      data-count={rows.length}
    >
      <div className="results-row results-head" role="row" aria-rowindex={1}>
        <span role="columnheader" className="col-index">
          #
        </span>
        <span role="columnheader">{t('classify.colText')}</span>
        <span role="columnheader">{t('classify.colLabel')}</span>
        <span role="columnheader" className="col-score">
          {t('classify.colScore')}
        </span>
      </div>
      <div className="results-scroll" ref={scrollRef} tabIndex={0} role="rowgroup">
        <div className="results-canvas" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((virtual) => {
            const row = rows[virtual.index];
            if (!row) return null;
            return (
              <div
                key={virtual.key}
                ref={virtualizer.measureElement}
                data-index={virtual.index}
                className="results-row"
                role="row"
                aria-rowindex={virtual.index + 2}
                data-testid="classify-row"
                data-label={row.label}
                style={{ transform: `translateY(${virtual.start}px)` }}
              >
                <span role="cell" className="col-index">
                  {virtual.index + 1}
                </span>
                <span role="cell" className="col-text">
                  {row.text}
                </span>
                <span role="cell">
                  <span className={`label-chip tone-${labelTone(row.label)}`}>{row.label}</span>
                </span>
                <span role="cell" className="col-score">
                  <span className="score-bar" aria-hidden="true">
                    <span style={{ width: `${Math.round(row.score * 100)}%` }} />
                  </span>
                  {formatPercent(row.score, i18n.language)}
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
