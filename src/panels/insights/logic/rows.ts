/**
 * The rows the dashboard, table and exports work on: imported items joined with the sentiment
 * and theme results, plus the table's filters (the shared `filterRows` criteria, a date range
 * for trend clicks, and a precomputed search index so typing in the search box stays instant at
 * 20,000 rows).
 */
import { filterRows, searchKey, type Granularity, type RowFilter } from '../../../insights';
import type { FeedbackItem, InsightRow, Polarity } from '../../../insights';
import { matchesCategory, type CategoryFilter, type RowCategory } from './categories';

/** What a sentiment run saves per row. */
export interface RowSentiment {
  label: Polarity;
  /** Confidence in [0, 1] of `label`. */
  score: number;
  /** Signed score in [-1, 1]. */
  signed: number;
  /** How many pieces a long row was split into (absent for 1). */
  chunks?: number;
}

export function isRowSentiment(value: unknown): value is RowSentiment {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<RowSentiment>;
  return (v.label === 'positive' || v.label === 'neutral' || v.label === 'negative') && typeof v.signed === 'number';
}

/** Items + per-item sentiment (by item index) + per-item theme id + per-item category → rows. */
export function buildRows(
  items: readonly FeedbackItem[],
  sentiments: ReadonlyArray<RowSentiment | undefined>,
  assignments: ArrayLike<number> | null,
  categories: ReadonlyArray<RowCategory | undefined> = [],
): InsightRow[] {
  return items.map((item, index) => {
    const sentiment = sentiments[index];
    const theme = assignments && index < assignments.length ? assignments[index]! : -1;
    const category = categories[index];
    return {
      row: item.row,
      id: item.id,
      text: item.text,
      date: item.date,
      rating: item.rating,
      segment: item.segment,
      sentiment: sentiment?.label ?? null,
      sentimentScore: sentiment?.signed ?? null,
      themeId: theme >= 0 ? theme : null,
      duplicateOf: item.duplicateOf,
      category: category?.label ?? null,
      categoryScore: category?.score ?? null,
    };
  });
}

/** A date range, ISO days, `from` inclusive, `to` exclusive. */
export interface DateRange {
  from: string;
  to: string;
  /** What to show on the filter chip (the bucket's label). */
  label: string;
}

export interface TableFilter extends Omit<RowFilter, 'search'> {
  search?: string;
  dates?: DateRange;
  /** A custom classifier's category; null for rows without one. */
  category?: CategoryFilter;
}

const DAY_MS = 86_400_000;

function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The days a trend bucket covers, for filtering the table by a click on the trend chart. */
export function bucketRange(start: string, granularity: Granularity, label: string): DateRange {
  if (granularity === 'day') return { from: start, to: addDays(start, 1), label };
  if (granularity === 'week') return { from: start, to: addDays(start, 7), label };
  const date = new Date(`${start}T00:00:00Z`);
  const next = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1));
  return { from: start, to: next.toISOString().slice(0, 10), label };
}

/** Search keys computed once per row set: NFKC-folding 20,000 texts on every keystroke would lag. */
export function searchIndex(rows: ReadonlyArray<{ text: string }>): string[] {
  return rows.map((row) => searchKey(row.text));
}

/** The rows matching every criterion of `filter`; `index` must be `searchIndex(rows)`. */
export function applyTableFilter<T extends InsightRow>(rows: readonly T[], filter: TableFilter, index?: readonly string[]): T[] {
  const needle = filter.search?.trim() ? searchKey(filter.search.trim()) : null;
  let candidates: readonly T[] = rows;
  if (needle) {
    const keys = index && index.length === rows.length ? index : searchIndex(rows);
    candidates = rows.filter((_, i) => keys[i]!.includes(needle));
  }
  if (filter.dates) {
    const { from, to } = filter.dates;
    candidates = candidates.filter((row) => row.date !== null && row.date >= from && row.date < to);
  }
  if (filter.category !== undefined) {
    const category = filter.category;
    candidates = candidates.filter((row) => matchesCategory(row, category));
  }
  const { search: _search, dates: _dates, category: _category, ...rest } = filter;
  const active = Object.values(rest).some((value) => value !== undefined);
  return active ? filterRows(candidates, rest) : [...candidates];
}

/** Whether any criterion is set (for the "clear filters" button). */
export function hasFilter(filter: TableFilter): boolean {
  return Object.entries(filter).some(([key, value]) => value !== undefined && !(key === 'search' && String(value).trim() === ''));
}
