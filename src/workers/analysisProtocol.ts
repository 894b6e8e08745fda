/**
 * The analysis worker's operations (src/workers/analysis.worker.ts), which runs the Insights
 * app's heavy pure work (k-means on 20,000 × 384 vectors, c-TF-IDF over every row, quotes by
 * centroid similarity) off the main thread; the page reaches it through the SDK's
 * `analysis.*` (src/sdk/analysis.ts). The worker reads the rows and vectors from the workspace
 * database itself, so 30 MB of vectors never cross the thread boundary. The messages are every
 * worker's (messages.ts).
 */
import type { ClusterKeywords, Theme } from '../insights';
import type { Operation } from './messages';

/** A clustering as saved in the themes analysis. Typed arrays are stored as they are by IndexedDB. */
export interface StoredClusters {
  k: number;
  dim: number;
  /** Theme id per dataset item (item order). */
  assignments: Int32Array;
  /** k × dim unit-length centroids. */
  centroids: Float32Array;
  keywords: ClusterKeywords[];
}

/** Where the worker finds the data: the dataset's rows and the embedding run's vectors. */
export interface AnalysisSource {
  datasetId: string;
  embedRunId: string;
  /** The embedding run's `startedAt`: a new run under the same id must not reuse cached vectors. */
  version: number;
}

/** Sentiment per item for theme mixes: -1 unknown, 0 negative, 1 neutral, 2 positive. */
export type SentimentCodes = Int8Array;

export interface AnalysisOperations {
  /** k-means with k chosen by silhouette (k null) or the user's k, plus c-TF-IDF names. */
  cluster: Operation<AnalysisSource & { k: number | null }, { clusters: StoredClusters; silhouettes: Array<{ k: number; score: number }> }>;
  /** Themes (size, sentiment mix, quotes) for a clustering and the current sentiment. */
  themes: Operation<AnalysisSource & { clusters: StoredClusters; sentiments: SentimentCodes }, Theme[]>;
  split: Operation<AnalysisSource & { clusters: StoredClusters; themeId: number }, { clusters: StoredClusters }>;
  /** Merges into the smallest id; `idMap[old]` is each old id's new id. */
  merge: Operation<AnalysisSource & { clusters: StoredClusters; themeIds: number[] }, { clusters: StoredClusters; idMap: number[] }>;
}

const CODES = { negative: 0, neutral: 1, positive: 2 } as const;

export function sentimentCodes(labels: ReadonlyArray<'positive' | 'neutral' | 'negative' | null | undefined>): SentimentCodes {
  return Int8Array.from(labels, (label) => (label ? CODES[label] : -1));
}

export function decodeSentiment(code: number): 'positive' | 'neutral' | 'negative' | null {
  return code === 0 ? 'negative' : code === 1 ? 'neutral' : code === 2 ? 'positive' : null;
}
