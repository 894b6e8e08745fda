/**
 * The "category" column: what a saved custom classifier (`custom:<name>`) says about each row,
 * and the figures, filter and report section built from it. Pure: the run itself lives in
 * ../categoryRun.ts.
 */
import type { InsightRow, ReportCategories, SentimentCounts } from '../../../insights';

/** What a category run saves per row. */
export interface RowCategory {
  label: string;
  /** The classifier's confidence in `label`, in [0, 1]. */
  score: number;
}

export function isRowCategory(value: unknown): value is RowCategory {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<RowCategory>;
  return typeof v.label === 'string' && typeof v.score === 'number';
}

/** What a category run records about itself (RunRecord.params). */
export interface CategoryRunParams {
  /** `custom:<name>`. */
  model: string;
  /** The classifier's categories, in its own order. */
  labels: string[];
  chunkRows?: number;
}

export function categoryParamsOf(params: unknown): CategoryRunParams | null {
  if (typeof params !== 'object' || params === null) return null;
  const p = params as Partial<CategoryRunParams>;
  if (typeof p.model !== 'string') return null;
  const labels = Array.isArray(p.labels) ? p.labels.filter((l): l is string => typeof l === 'string') : [];
  return { ...p, model: p.model, labels };
}

/** Per-item categories (item order) from a run's saved results; undefined where not reached. */
export function categoriesOf(results: readonly unknown[], count: number): Array<RowCategory | undefined> {
  const out = new Array<RowCategory | undefined>(count);
  results.forEach((value, i) => {
    if (i < count && isRowCategory(value)) out[i] = { label: value.label, score: value.score };
  });
  return out;
}

export interface CategoryEntry {
  label: string;
  total: number;
  /** Sentiment of the category's rows (unknown: no sentiment yet). */
  counts: SentimentCounts;
}

export interface CategoryBreakdown {
  /** The classifier's labels first, in its order (also those with no row), then any other label found, largest first. */
  entries: CategoryEntry[];
  /** Rows without a category yet. */
  uncategorized: number;
  total: number;
}

function emptyCounts(): SentimentCounts {
  return { positive: 0, neutral: 0, negative: 0, unknown: 0 };
}

export function categoryBreakdown(rows: readonly InsightRow[], labels: readonly string[] = []): CategoryBreakdown {
  const byLabel = new Map<string, CategoryEntry>();
  for (const label of labels) if (!byLabel.has(label)) byLabel.set(label, { label, total: 0, counts: emptyCounts() });
  const known = byLabel.size;
  let uncategorized = 0;
  for (const row of rows) {
    const label = row.category;
    if (label === undefined || label === null) {
      uncategorized++;
      continue;
    }
    let entry = byLabel.get(label);
    if (!entry) {
      entry = { label, total: 0, counts: emptyCounts() };
      byLabel.set(label, entry);
    }
    entry.total++;
    entry.counts[row.sentiment ?? 'unknown']++;
  }
  const all = [...byLabel.values()];
  const extra = all.slice(known).sort((a, b) => b.total - a.total || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
  return { entries: [...all.slice(0, known), ...extra], uncategorized, total: rows.length };
}

/**
 * The table's category criterion: a label, `null` for rows without a category, undefined for
 * no criterion.
 */
export type CategoryFilter = string | null | undefined;

export function matchesCategory(row: Pick<InsightRow, 'category'>, filter: CategoryFilter): boolean {
  if (filter === undefined) return true;
  const category = row.category ?? null;
  return category === filter;
}

/**
 * The filter's value in a <select>: '' (all), 'none' (no category), 'c:<label>'. The prefix
 * keeps a category that happens to be called "none" apart from the "no category" choice.
 */
export function categoryFilterValue(filter: CategoryFilter): string {
  if (filter === undefined) return '';
  return filter === null ? 'none' : `c:${filter}`;
}

export function parseCategoryFilterValue(value: string): CategoryFilter {
  if (value === 'none') return null;
  if (value.startsWith('c:')) return value.slice(2);
  return undefined;
}

/** The report's category section; undefined when no category run exists. */
export function reportCategories(rows: readonly InsightRow[], run: { model: string; labels: readonly string[] } | undefined): ReportCategories | undefined {
  if (!run) return undefined;
  const breakdown = categoryBreakdown(rows, run.labels);
  return {
    model: run.model,
    total: breakdown.total,
    uncategorized: breakdown.uncategorized,
    entries: breakdown.entries.map((entry) => ({ label: entry.label, count: entry.total, counts: entry.counts })),
  };
}
