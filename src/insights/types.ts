/**
 * Types shared by the Feedback Insights modules. Pure data: no DOM, no worker, no model code,
 * so the UI, the worker glue and the Node tests can all import them.
 */

/** The formats `parseFeedbackFile` understands. */
export type FeedbackFormat = 'csv' | 'tsv' | 'json' | 'jsonl' | 'xlsx' | 'text';

/** A table as imported, before the user maps its columns. Every cell is a string ('' when blank). */
export interface ParsedTable {
  /** Column names, unique and non-empty (blank or repeated headers get generated names). */
  columns: string[];
  rows: Record<string, string>[];
  format: FeedbackFormat;
  /** Things the user should know that did not stop the import (lossy decoding, padded rows...). */
  warnings: string[];
  /** The delimiter of CSV/TSV input, so the UI can show what was detected. */
  delimiter?: string;
  /** The worksheet read from an XLSX workbook. */
  sheet?: string;
}

/** Which column plays which role. The user can override every field. */
export interface ColumnMapping {
  text: string | null;
  date: string | null;
  rating: string | null;
  segment: string | null;
  id: string | null;
}

/** One row of feedback, ready for analysis. `row` numbers are 1-based positions in `ParsedTable.rows`. */
export interface FeedbackItem {
  row: number;
  /** The id column's value, or `row-<n>` when there is no id column or it is blank. */
  id: string;
  text: string;
  /** ISO day (`YYYY-MM-DD`), or null when missing or unparseable. */
  date: string | null;
  rating: number | null;
  segment: string | null;
  /** The row number of an earlier item with the same text (and id, when mapped); null if none. */
  duplicateOf: number | null;
}

/** The three polarities every sentiment model's labels are folded into. */
export type Polarity = 'positive' | 'neutral' | 'negative';

/** Row-major vectors in one typed array: `rows` × `dim`. */
export interface Matrix {
  data: Float32Array;
  rows: number;
  dim: number;
}

/** A row as the dashboard, filters and exports see it: the item plus what the models said. */
export interface InsightRow {
  row: number;
  id: string;
  text: string;
  date: string | null;
  rating: number | null;
  segment: string | null;
  /** null until the sentiment run has reached this row. */
  sentiment: Polarity | null;
  /** Signed confidence in [-1, 1]: positive above 0, negative below. */
  sentimentScore: number | null;
  themeId: number | null;
  duplicateOf?: number | null;
  /** The category a saved custom classifier gave the row; null (or absent) until it has run on it. */
  category?: string | null;
  /** The classifier's confidence in `category`, in [0, 1]. */
  categoryScore?: number | null;
}

/** A representative quote of a theme. */
export interface Quote {
  row: number;
  text: string;
  /** True when the text was shortened to the length cap. */
  truncated: boolean;
  /** Cosine similarity to the theme centroid. */
  similarity: number;
  sentiment: Polarity | null;
}

export interface SentimentCounts {
  positive: number;
  neutral: number;
  negative: number;
  /** Rows with no sentiment yet. */
  unknown: number;
}

export interface Theme {
  /** The cluster index. */
  id: number;
  /** Top keywords joined with " · ", e.g. "battery · charge · dies". */
  name: string;
  keywords: string[];
  size: number;
  /** Row numbers of the members. */
  rows: number[];
  sentiment: SentimentCounts;
  /** negative / classified members (0 when none is classified yet). */
  shareNegative: number;
  /** (positive − negative) / classified members, in [-1, 1]. */
  netSentiment: number;
  quotes: Quote[];
  /** Quotes from negative rows, closest to the centroid first: what pain points show. */
  negativeQuotes: Quote[];
}

export interface PainPoint {
  themeId: number;
  name: string;
  keywords: string[];
  size: number;
  shareNegative: number;
  /** shareNegative relative to the overall share of negative rows (1 = average). */
  lift: number;
  /** size × shareNegative: the number of negative rows the theme accounts for. */
  score: number;
  /** A plain-text one-liner with the figures, for reports. */
  summary: string;
  quotes: Quote[];
}
