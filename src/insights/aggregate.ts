/**
 * Dashboard figures from analysed rows: sentiment distribution, net sentiment, trend over time,
 * breakdowns by rating and segment, and the row filter behind every drill-down.
 */
import { countSentiment, emptyCounts, netOf, shareNegativeOf } from './sentiment';
import type { InsightRow, Polarity, SentimentCounts } from './types';

export interface Distribution extends SentimentCounts {
  total: number;
  /** Rows with a sentiment (total − unknown). */
  classified: number;
  /** (positive − negative) / classified, in [-1, 1]; 0 with nothing classified. */
  net: number;
}

export function sentimentDistribution(rows: readonly InsightRow[]): Distribution {
  const counts = emptyCounts();
  for (const row of rows) countSentiment(counts, row.sentiment);
  const classified = rows.length - counts.unknown;
  return { ...counts, total: rows.length, classified, net: netOf(counts) };
}

/** (positive − negative) / classified rows. */
export function netSentiment(rows: readonly InsightRow[]): number {
  return sentimentDistribution(rows).net;
}

export type Granularity = 'day' | 'week' | 'month';

export interface TrendBucket {
  /** First day of the bucket (ISO); weeks start on Monday. */
  start: string;
  /** "2018-07-31", "week of 2018-07-30" or "2018-07". */
  label: string;
  counts: SentimentCounts;
  total: number;
  /** null for a bucket with no classified rows, so charts show a gap rather than a fake 0. */
  net: number | null;
}

export interface Trend {
  granularity: Granularity;
  buckets: TrendBucket[];
  /** Rows without a date (not in any bucket). */
  undated: number;
}

const DAY_MS = 86_400_000;

function dayNumber(iso: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS : null;
}

function isoOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Day buckets up to ~6 weeks, week buckets up to ~1 year, months beyond: about 10–60 points either way. */
export function chooseGranularity(spanDays: number): Granularity {
  if (spanDays <= 45) return 'day';
  if (spanDays <= 366) return 'week';
  return 'month';
}

function bucketStart(day: number, granularity: Granularity): number {
  if (granularity === 'day') return day;
  const date = new Date(day * DAY_MS);
  if (granularity === 'week') return day - ((date.getUTCDay() + 6) % 7); // back to Monday
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1) / DAY_MS;
}

function nextBucket(start: number, granularity: Granularity): number {
  if (granularity === 'day') return start + 1;
  if (granularity === 'week') return start + 7;
  const date = new Date(start * DAY_MS);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1) / DAY_MS;
}

function labelOf(start: number, granularity: Granularity): string {
  const iso = isoOfDay(start);
  return granularity === 'day' ? iso : granularity === 'week' ? `week of ${iso}` : iso.slice(0, 7);
}

/** Sentiment per day/week/month; empty buckets between the first and last date are included. */
export function sentimentTrend(rows: readonly InsightRow[], options: { granularity?: Granularity | 'auto' } = {}): Trend {
  let min = Infinity;
  let max = -Infinity;
  const days: Array<number | null> = rows.map((row) => {
    const day = row.date ? dayNumber(row.date) : null;
    if (day !== null) {
      if (day < min) min = day;
      if (day > max) max = day;
    }
    return day;
  });
  const undated = days.filter((d) => d === null).length;
  const requested = options.granularity ?? 'auto';
  const granularity = requested === 'auto' ? chooseGranularity(Number.isFinite(min) ? max - min + 1 : 0) : requested;
  if (!Number.isFinite(min)) return { granularity, buckets: [], undated };

  const byStart = new Map<number, TrendBucket>();
  const buckets: TrendBucket[] = [];
  for (let start = bucketStart(min, granularity); start <= max; start = nextBucket(start, granularity)) {
    const bucket: TrendBucket = { start: isoOfDay(start), label: labelOf(start, granularity), counts: emptyCounts(), total: 0, net: null };
    byStart.set(start, bucket);
    buckets.push(bucket);
  }
  rows.forEach((row, i) => {
    const day = days[i];
    if (day === null || day === undefined) return;
    const bucket = byStart.get(bucketStart(day, granularity))!;
    countSentiment(bucket.counts, row.sentiment);
    bucket.total++;
  });
  for (const bucket of buckets) bucket.net = bucket.total - bucket.counts.unknown > 0 ? netOf(bucket.counts) : null;
  return { granularity, buckets, undated };
}

export interface BreakdownEntry {
  /** The rating as text ("5"), the segment, "(none)" for missing values or "(other)" for the long tail. */
  key: string;
  total: number;
  counts: SentimentCounts;
  net: number;
  shareNegative: number;
}

function breakdown(rows: readonly InsightRow[], keyOf: (row: InsightRow) => string): Map<string, BreakdownEntry> {
  const entries = new Map<string, BreakdownEntry>();
  for (const row of rows) {
    const key = keyOf(row);
    let entry = entries.get(key);
    if (!entry) entries.set(key, (entry = { key, total: 0, counts: emptyCounts(), net: 0, shareNegative: 0 }));
    entry.total++;
    countSentiment(entry.counts, row.sentiment);
  }
  for (const entry of entries.values()) {
    entry.net = netOf(entry.counts);
    entry.shareNegative = shareNegativeOf(entry.counts);
  }
  return entries;
}

export const NONE_KEY = '(none)';
export const OTHER_KEY = '(other)';

/** Per rating value, ascending; rows without a rating last as "(none)". */
export function breakdownByRating(rows: readonly InsightRow[]): BreakdownEntry[] {
  const entries = [...breakdown(rows, (row) => (row.rating === null ? NONE_KEY : String(row.rating))).values()];
  return entries.sort((a, b) => {
    if (a.key === NONE_KEY || b.key === NONE_KEY) return a.key === NONE_KEY ? 1 : -1;
    return Number(a.key) - Number(b.key);
  });
}

/** Per segment, largest first; beyond `top` segments the rest are pooled as "(other)". */
export function breakdownBySegment(rows: readonly InsightRow[], options: { top?: number } = {}): BreakdownEntry[] {
  const top = options.top ?? 12;
  const entries = [...breakdown(rows, (row) => row.segment ?? NONE_KEY).values()].sort((a, b) => b.total - a.total || (a.key < b.key ? -1 : 1));
  if (entries.length <= top) return entries;
  const kept = entries.slice(0, top);
  const rest = new Set(entries.slice(top).map((e) => e.key));
  const other = breakdown(
    rows.filter((row) => rest.has(row.segment ?? NONE_KEY)),
    () => OTHER_KEY,
  ).get(OTHER_KEY)!;
  return [...kept, other];
}

export interface RowFilter {
  /** 'unknown' matches rows not classified yet. */
  sentiment?: Polarity | 'unknown' | ReadonlyArray<Polarity | 'unknown'>;
  themeId?: number | readonly number[];
  /** Use "(none)" for rows without a segment. */
  segment?: string | readonly string[];
  rating?: number | readonly number[];
  /** Case-insensitive substring; full-width and half-width forms match (NFKC), CJK works as is. */
  search?: string;
}

function asList<T>(value: T | readonly T[] | undefined): readonly T[] | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? (value as readonly T[]) : [value as T];
}

export function searchKey(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** Rows matching every given criterion (criteria left out match everything). */
export function filterRows<T extends InsightRow>(rows: readonly T[], filter: RowFilter): T[] {
  const sentiments = asList(filter.sentiment);
  const themes = asList(filter.themeId);
  const segments = asList(filter.segment);
  const ratings = asList(filter.rating);
  const needle = filter.search?.trim() ? searchKey(filter.search.trim()) : null;
  return rows.filter((row) => {
    if (sentiments && !sentiments.includes(row.sentiment ?? 'unknown')) return false;
    if (themes && (row.themeId === null || !themes.includes(row.themeId))) return false;
    if (segments && !segments.includes(row.segment ?? NONE_KEY)) return false;
    if (ratings && (row.rating === null || !ratings.includes(row.rating))) return false;
    if (needle && !searchKey(row.text).includes(needle)) return false;
    return true;
  });
}

export interface DashboardFigures {
  distribution: Distribution;
  trend: Trend;
  byRating: BreakdownEntry[];
  bySegment: BreakdownEntry[];
}

export function dashboardFigures(rows: readonly InsightRow[]): DashboardFigures {
  return {
    distribution: sentimentDistribution(rows),
    trend: sentimentTrend(rows),
    byRating: breakdownByRating(rows),
    bySegment: breakdownBySegment(rows),
  };
}
