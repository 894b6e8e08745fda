/**
 * The rows as a virtualized table: only the visible rows exist in the DOM, so 20,000 rows scroll
 * smoothly. Rows have a fixed height (text clamped to two lines): measuring each row's real height
 * forces a layout per row on every update, which showed up as long tasks while a run refreshed the
 * table. A row's text is a button: clicking or tapping it opens the whole text until clicked again,
 * and focusing it (keyboard) opens it while it has the focus; only open rows are measured.
 */
import { memo, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useTranslation } from 'react-i18next';
import type { InsightRow } from '../../insights';
import { clipText, formatPercent } from '../../ui/format';
import { usePolarityLabels } from './labels';

const ROW_HEIGHT = 56;
/**
 * A closed row shows two lines, but the browser shapes all of a text it lays out: long reviews'
 * text shaping was half the layout of a table update (a search keystroke) during a run. This is
 * more than two lines hold at any width; the whole text is the row's tooltip and opens with it.
 */
const CLOSED_ROW_CHARS = 600;
/**
 * Rows rendered beyond the visible ones, each side. Every rendered row is laid out again when a
 * filter or a run's results change them; a few cover a scroll until the next frame renders more.
 */
const OVERSCAN_ROWS = 4;
/** At phone width (insights.css) a row is a card: two lines of text over the badge and theme. */
const ROW_HEIGHT_COMPACT = 96;
const COMPACT_QUERY = '(max-width: 760px)';

function subscribeCompact(onChange: () => void): () => void {
  const query = window.matchMedia(COMPACT_QUERY);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}
const isCompact = (): boolean => window.matchMedia(COMPACT_QUERY).matches;

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
  const rowHeight = useSyncExternalStore(subscribeCompact, isCompact) ? ROW_HEIGHT_COMPACT : ROW_HEIGHT;
  /** Rows opened by a click or tap (by row number, so a filter or a refresh keeps them open). */
  const [pinned, setPinned] = useState<ReadonlySet<number>>(() => new Set());
  /** The row whose text has the keyboard focus. */
  const [focused, setFocused] = useState<number | null>(null);
  /** Set between a pointer press and the focus it gives, which is the click's to decide. */
  const pointerDown = useRef(false);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: OVERSCAN_ROWS,
    getItemKey: (index) => rows[index]?.row ?? index,
  });
  // Crossing the phone breakpoint changes every closed row's height: lay the rows out again.
  useEffect(() => virtualizer.measure(), [rowHeight, virtualizer]);

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
            const open = pinned.has(row.row) || focused === row.row;
            const collapse = () => virtualizer.resizeItem(virtual.index, rowHeight);
            return (
              <div
                key={virtual.key}
                ref={open ? virtualizer.measureElement : undefined}
                data-index={virtual.index}
                className={open ? 'results-row insights-table-row open' : 'results-row insights-table-row'}
                role="row"
                aria-rowindex={virtual.index + 2}
                data-testid="insights-row"
                data-row={row.row}
                data-sentiment={tone}
                data-theme-id={row.themeId ?? ''}
                data-segment={row.segment ?? ''}
                data-category={row.category ?? ''}
                data-open={open}
                style={{ transform: `translateY(${virtual.start}px)`, ...(open ? { minHeight: rowHeight } : { height: rowHeight }) }}
              >
                <span role="cell" className="col-index">
                  {row.row}
                </span>
                <span role="cell" className="insights-cell-text">
                  <button
                    type="button"
                    className="col-text insights-row-text"
                    aria-expanded={open}
                    title={open ? undefined : row.text}
                    data-testid="insights-row-text"
                    onClick={() => {
                      // A click (or Enter, or a tap) on an open row closes it, however it was opened.
                      const next = new Set(pinned);
                      if (open) {
                        next.delete(row.row);
                        setFocused(null);
                        collapse();
                      } else next.add(row.row);
                      setPinned(next);
                    }}
                    // Keyboard focus opens the row; the focus a click gives does not (the click decides).
                    // (After a key press Chromium counts a tap's focus as visible too: the pointer says otherwise.)
                    onPointerDown={() => (pointerDown.current = true)}
                    onFocus={(event) => {
                      const byPointer = pointerDown.current;
                      pointerDown.current = false;
                      if (!byPointer && event.currentTarget.matches(':focus-visible')) setFocused(row.row);
                    }}
                    onBlur={() => {
                      setFocused(null);
                      if (!pinned.has(row.row)) collapse();
                    }}
                  >
                    {open ? row.text : clipText(row.text, CLOSED_ROW_CHARS)}
                  </button>
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
