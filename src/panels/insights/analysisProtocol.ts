/**
 * Messages between the Insights panel and its analysis worker (src/workers/analysis.worker.ts),
 * which runs the heavy pure work (k-means on 20,000 × 384 vectors, c-TF-IDF over every row,
 * quotes by centroid similarity) off the main thread. The worker reads the rows and vectors
 * from the workspace database itself, so 30 MB of vectors never cross the thread boundary.
 */
import type { ClusterKeywords, Theme } from '../../insights';
import type { SerializedError } from '../../core';

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
  cluster: {
    params: AnalysisSource & { k: number | null };
    result: { clusters: StoredClusters; silhouettes: Array<{ k: number; score: number }> };
  };
  /** Themes (size, sentiment mix, quotes) for a clustering and the current sentiment. */
  themes: { params: AnalysisSource & { clusters: StoredClusters; sentiments: SentimentCodes }; result: Theme[] };
  split: { params: AnalysisSource & { clusters: StoredClusters; themeId: number }; result: { clusters: StoredClusters } };
  /** Merges into the smallest id; `idMap[old]` is each old id's new id. */
  merge: { params: AnalysisSource & { clusters: StoredClusters; themeIds: number[] }; result: { clusters: StoredClusters; idMap: number[] } };
}

export type AnalysisOp = keyof AnalysisOperations;

export type AnalysisRequest = {
  [K in AnalysisOp]: { id: number; op: K; params: AnalysisOperations[K]['params'] };
}[AnalysisOp];

export type AnalysisResponse =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: SerializedError };

const CODES = { negative: 0, neutral: 1, positive: 2 } as const;

export function sentimentCodes(labels: ReadonlyArray<'positive' | 'neutral' | 'negative' | null | undefined>): SentimentCodes {
  return Int8Array.from(labels, (label) => (label ? CODES[label] : -1));
}

export function decodeSentiment(code: number): 'positive' | 'neutral' | 'negative' | null {
  return code === 0 ? 'negative' : code === 1 ? 'neutral' : code === 2 ? 'positive' : null;
}
