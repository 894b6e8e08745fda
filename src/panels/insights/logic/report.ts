/**
 * The Markdown / HTML report's content: the dashboard figures, themes under the names the user
 * gave them, pain points with the summarizer's summary before the figures, and the rows per
 * category when a custom classifier ran on the dataset.
 */
import { reportCategories } from './categories';
import { rankPainPoints, sentimentDistribution, sentimentTrend, type InsightRow, type InsightsReport, type Theme } from '../../../insights';

export interface ReportInput {
  title: string;
  /** The UI's language: the report's headings and figures are written in it. */
  language?: string;
  source?: string;
  rows: readonly InsightRow[];
  themes: readonly Theme[];
  /** The user's theme names by theme id. */
  names?: Readonly<Record<string, string>>;
  /** Model summaries by theme id (already matched to the current themes). */
  summaries?: ReadonlyMap<number, string>;
  models?: readonly string[];
  notes?: readonly string[];
  /** The custom classifier whose categories the rows carry, when one ran. */
  category?: { model: string; labels: readonly string[] };
  now?: Date;
}

export function buildReport(input: ReportInput): InsightsReport {
  const named = input.themes.map((theme) => ({ ...theme, name: input.names?.[String(theme.id)] ?? theme.name }));
  const painPoints = rankPainPoints(named).map((pain) => {
    const summary = input.summaries?.get(pain.themeId);
    return summary ? { ...pain, themeSummary: summary.trim() } : pain;
  });
  const trend = sentimentTrend(input.rows);
  return {
    title: input.title,
    language: input.language,
    generatedAt: (input.now ?? new Date()).toISOString(),
    source: input.source,
    distribution: sentimentDistribution(input.rows),
    themes: named,
    painPoints,
    trend: trend.buckets.length > 0 ? trend : undefined,
    models: input.models,
    notes: input.notes,
    categories: reportCategories(input.rows, input.category),
  };
}
