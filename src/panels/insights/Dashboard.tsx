/**
 * The dashboard: sentiment distribution, net sentiment, themes by size and sentiment, the trend
 * over time (when rows have dates), breakdowns by rating and segment, and by category when a
 * custom classifier ran on the dataset. Every chart filters the row table.
 *
 * Each chart is its own component computing its own figure, so React's interruptible rendering
 * can yield between them (one `dashboardFigures` over 20,000 rows was a single long task). While
 * the sentiment stage runs, only the distribution follows live; the breakdowns keep their last
 * figures and catch up when the stage ends, so a run spends no main-thread time on them.
 */
import { memo, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { breakdownByRating, breakdownBySegment, NONE_KEY, OTHER_KEY, sentimentDistribution, sentimentTrend, type InsightRow, type Theme } from '../../insights';
import { formatNumber, formatPercent } from '../../ui/format';
import { ChartFrame, SentimentBars, StackedBars, type StackedEntry } from './charts';
import { POLARITIES, usePolarityLabels } from './labels';
import { categoryBreakdown, type CategoryBreakdown } from './logic/categories';
import { bucketRange } from './logic/rows';
import { useInsights } from './store';
import { themeTitle } from './themes';
import { useCategoryColumn } from './useCategoryColumn';

const THEMES_SHOWN = 12;

function signed(value: number): string {
  return `${value > 0 ? '+' : value < 0 ? '−' : '±'}${Math.abs(value).toFixed(2)}`;
}

/* eslint-disable react-hooks/refs -- a render-time cache kept in a ref (the app is not built with React Compiler, which this rule is written for) */
/** `compute(rows)`, recomputed only while not paused (the last value is kept meanwhile). */
function usePausable<T>(rows: readonly InsightRow[], paused: boolean, compute: (rows: readonly InsightRow[]) => T): T {
  const last = useRef<{ rows: readonly InsightRow[]; value: T } | null>(null);
  if (!last.current || (!paused && last.current.rows !== rows)) last.current = { rows, value: compute(rows) };
  return last.current.value;
}
/* eslint-enable react-hooks/refs */

function useN() {
  const { i18n } = useTranslation();
  return (value: number) => formatNumber(value, i18n.language);
}

const Overview = memo(function Overview({ rows }: { rows: readonly InsightRow[] }) {
  const { t, i18n } = useTranslation();
  const labels = usePolarityLabels();
  const n = useN();
  const sentimentFilter = useInsights((s) => s.filter.sentiment);
  const setFilter = useInsights((s) => s.setFilter);
  const d = useMemo(() => sentimentDistribution(rows), [rows]);
  return (
    <>
      <dl className="insights-kpis">
        <div>
          <dt>{t('insights.dashboard.rows')}</dt>
          <dd>{n(d.total)}</dd>
        </div>
        <div>
          <dt>{t('insights.dashboard.classified')}</dt>
          <dd>{n(d.classified)}</dd>
        </div>
        <div>
          <dt>{t('insights.dashboard.net')}</dt>
          <dd data-testid="insights-net" data-value={d.net.toFixed(3)} className={d.net > 0 ? 'tone-positive' : d.net < 0 ? 'tone-negative' : undefined}>
            {signed(d.net)}
          </dd>
        </div>
        <div>
          <dt>{t('insights.dashboard.negativeShare')}</dt>
          <dd>{formatPercent(d.classified === 0 ? 0 : d.negative / d.classified, i18n.language)}</dd>
        </div>
      </dl>
      <ChartFrame
        title={t('insights.dashboard.sentimentTitle')}
        testId="insights-chart-sentiment"
        choices={POLARITIES.map((polarity) => ({
          key: polarity,
          label: labels[polarity],
          detail: n(d[polarity]),
          active: sentimentFilter === polarity,
          onSelect: () => setFilter({ sentiment: sentimentFilter === polarity ? undefined : polarity }),
        }))}
      >
        <SentimentBars counts={d} title={t('insights.dashboard.sentimentTitle')} onSelect={(polarity) => setFilter({ sentiment: polarity })} />
      </ChartFrame>
    </>
  );
});

const ThemesChart = memo(function ThemesChart({ themes }: { themes: readonly Theme[] }) {
  const { t } = useTranslation();
  const n = useN();
  const themeFilter = useInsights((s) => s.filter.themeId);
  const setFilter = useInsights((s) => s.setFilter);
  const names = useInsights((s) => s.themes?.names);
  if (themes.length === 0) return null;
  const entries: StackedEntry[] = themes.slice(0, THEMES_SHOWN).map((theme) => ({
    key: String(theme.id),
    label: themeTitle(theme, names),
    counts: theme.sentiment,
    total: theme.size,
  }));
  return (
    <ChartFrame
      title={t('insights.dashboard.themesTitle')}
      testId="insights-chart-themes"
      choices={entries.map((entry) => ({
        key: entry.key,
        label: entry.label,
        detail: n(entry.total),
        active: themeFilter === Number(entry.key),
        onSelect: () => setFilter({ themeId: themeFilter === Number(entry.key) ? undefined : Number(entry.key) }),
      }))}
    >
      <StackedBars
        entries={entries}
        title={t('insights.dashboard.themesTitle')}
        horizontal
        height={Math.max(160, entries.length * 28 + 40)}
        onSelect={(index) => setFilter({ themeId: Number(entries[index]!.key) })}
      />
    </ChartFrame>
  );
});

const TrendChart = memo(function TrendChart({ rows, paused }: { rows: readonly InsightRow[]; paused: boolean }) {
  const { t } = useTranslation();
  const setFilter = useInsights((s) => s.setFilter);
  const trend = usePausable(rows, paused, (all) => sentimentTrend(all));
  if (trend.buckets.length < 2) return null;
  return (
    <ChartFrame title={t('insights.dashboard.trendTitle')} testId="insights-chart-trend" choices={[]}>
      <StackedBars
        entries={trend.buckets.map((bucket) => ({ key: bucket.start, label: bucket.label, counts: bucket.counts, total: bucket.total }))}
        title={t('insights.dashboard.trendTitle')}
        onSelect={(index) => {
          const bucket = trend.buckets[index];
          if (bucket) setFilter({ dates: bucketRange(bucket.start, trend.granularity, bucket.label) });
        }}
      />
    </ChartFrame>
  );
});

const RatingChart = memo(function RatingChart({ rows, paused }: { rows: readonly InsightRow[]; paused: boolean }) {
  const { t } = useTranslation();
  const n = useN();
  const ratingFilter = useInsights((s) => s.filter.rating);
  const setFilter = useInsights((s) => s.setFilter);
  const entries = usePausable(rows, paused, (all) => breakdownByRating(all).filter((entry) => entry.key !== NONE_KEY));
  if (entries.length === 0) return null;
  return (
    <ChartFrame
      title={t('insights.dashboard.ratingTitle')}
      testId="insights-chart-rating"
      choices={entries.map((entry) => ({
        key: entry.key,
        label: entry.key,
        detail: n(entry.total),
        active: ratingFilter === Number(entry.key),
        onSelect: () => setFilter({ rating: ratingFilter === Number(entry.key) ? undefined : Number(entry.key) }),
      }))}
    >
      <StackedBars
        entries={entries.map((entry) => ({ key: entry.key, label: entry.key, counts: entry.counts, total: entry.total }))}
        title={t('insights.dashboard.ratingTitle')}
        onSelect={(index) => setFilter({ rating: Number(entries[index]!.key) })}
      />
    </ChartFrame>
  );
});

const SegmentChart = memo(function SegmentChart({ rows, paused }: { rows: readonly InsightRow[]; paused: boolean }) {
  const { t } = useTranslation();
  const n = useN();
  const segmentFilter = useInsights((s) => s.filter.segment);
  const setFilter = useInsights((s) => s.setFilter);
  const entries = usePausable(rows, paused, (all) => (all.some((row) => row.segment !== null) ? breakdownBySegment(all) : []));
  if (entries.length === 0) return null;
  const keyLabel = (key: string) => (key === NONE_KEY ? t('insights.dashboard.none') : key === OTHER_KEY ? t('insights.dashboard.other') : key);
  return (
    <ChartFrame
      title={t('insights.dashboard.segmentTitle')}
      testId="insights-chart-segment"
      choices={entries
        .filter((entry) => entry.key !== OTHER_KEY)
        .map((entry) => ({
          key: entry.key,
          label: keyLabel(entry.key),
          detail: n(entry.total),
          active: segmentFilter === entry.key,
          onSelect: () => setFilter({ segment: segmentFilter === entry.key ? undefined : entry.key }),
        }))}
    >
      <StackedBars
        entries={entries.map((entry) => ({ key: entry.key, label: keyLabel(entry.key), counts: entry.counts, total: entry.total }))}
        title={t('insights.dashboard.segmentTitle')}
        horizontal
        height={Math.max(160, entries.length * 26 + 40)}
        onSelect={(index) => {
          const entry = entries[index];
          if (entry && entry.key !== OTHER_KEY) setFilter({ segment: entry.key });
        }}
      />
    </ChartFrame>
  );
});

/* eslint-disable react-hooks/refs -- a render-time cache kept in a ref (the app is not built with React Compiler, which this rule is written for) */
const CategoryChart = memo(function CategoryChart({ rows, paused }: { rows: readonly InsightRow[]; paused: boolean }) {
  const { t } = useTranslation();
  const n = useN();
  const column = useCategoryColumn();
  const categoryFilter = useInsights((s) => s.filter.category);
  const setFilter = useInsights((s) => s.setFilter);
  // Like usePausable, also recomputed when the classifier changes; nothing is counted (no
  // main-thread time) until a classifier has run on the dataset.
  const last = useRef<{ rows: readonly InsightRow[]; labels: readonly string[]; value: CategoryBreakdown } | null>(null);
  if (column.present && (!last.current || (!paused && (last.current.rows !== rows || last.current.labels !== column.labels)))) {
    last.current = { rows, labels: column.labels, value: categoryBreakdown(rows, column.labels) };
  }
  const breakdown = last.current;
  if (!column.present || !breakdown) return null;
  const entries = breakdown.value.entries;
  return (
    <ChartFrame
      title={t('insights.dashboard.categoryTitle')}
      testId="insights-chart-category"
      choices={entries.map((entry) => ({
        key: entry.label,
        label: entry.label,
        detail: n(entry.total),
        active: categoryFilter === entry.label,
        onSelect: () => setFilter({ category: categoryFilter === entry.label ? undefined : entry.label }),
      }))}
    >
      <StackedBars
        entries={entries.map((entry) => ({ key: entry.label, label: entry.label, counts: entry.counts, total: entry.total }))}
        title={t('insights.dashboard.categoryTitle')}
        horizontal
        withUnknown
        height={Math.max(160, entries.length * 28 + 40)}
        onSelect={(index) => {
          const entry = entries[index];
          if (entry) setFilter({ category: entry.label });
        }}
      />
    </ChartFrame>
  );
});
/* eslint-enable react-hooks/refs */

export const Dashboard = memo(function Dashboard({ rows, themes }: { rows: readonly InsightRow[]; themes: readonly Theme[] }) {
  const { t } = useTranslation();
  const paused = useInsights((s) => s.job?.stage === 'sentiment');
  return (
    <div className="card" data-testid="insights-dashboard">
      <h2>{t('insights.dashboard.title')}</h2>
      <div className="insights-charts">
        <div className="insights-overview">
          <Overview rows={rows} />
        </div>
        <ThemesChart themes={themes} />
        <TrendChart rows={rows} paused={paused} />
        <RatingChart rows={rows} paused={paused} />
        <SegmentChart rows={rows} paused={paused} />
        <CategoryChart rows={rows} paused={paused} />
      </div>
    </div>
  );
});
