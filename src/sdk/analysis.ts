/**
 * `analysis.*`: the Insights app's heavy pure work (clustering, theme figures, split, merge) in
 * the analysis worker (src/workers/analysis.worker.ts), through the same transport as every
 * worker. One worker, started on first use and kept, since it caches the dataset's rows and
 * vectors for the next request (merging and splitting reuse them).
 *
 * Its computations are plain loops that cannot read a cancel, so a cancel ends the worker
 * (`cancelEndsWorker`): the work stops at once and the next call starts a fresh worker. A call
 * still running there is not rejected for another's cancel; it finishes first.
 */
import { sentimentCodes, type AnalysisOperations, type AnalysisSource, type StoredClusters } from '../workers/analysisProtocol';
import type { Theme } from '../insights';
import { WorkerTransport, type WorkerLike } from './transport';

export type { AnalysisSource, StoredClusters };

export type SentimentLabel = 'positive' | 'neutral' | 'negative';

type ResultOf<K extends keyof AnalysisOperations> = AnalysisOperations[K]['result'];

export interface AnalysisOptions {
  signal?: AbortSignal;
}

export interface AnalysisApi {
  /** k-means over the embedding run's vectors, with k chosen by silhouette (k null) or the given k; themes named by c-TF-IDF keywords. */
  cluster(params: AnalysisSource & { k: number | null }, options?: AnalysisOptions): Promise<ResultOf<'cluster'>>;
  /** Theme figures (size, sentiment mix, quotes) for a clustering and each item's sentiment (item order). */
  themes(
    params: AnalysisSource & { clusters: StoredClusters; sentiments: ReadonlyArray<SentimentLabel | null | undefined> },
    options?: AnalysisOptions,
  ): Promise<Theme[]>;
  split(params: AnalysisSource & { clusters: StoredClusters; themeId: number }, options?: AnalysisOptions): Promise<ResultOf<'split'>>;
  /** Merges into the smallest id; `idMap[old]` is each old id's new id. */
  merge(params: AnalysisSource & { clusters: StoredClusters; themeIds: number[] }, options?: AnalysisOptions): Promise<ResultOf<'merge'>>;
  /** Ends the worker; calls in flight reject as cancelled. */
  dispose(): void;
}

function createAnalysisWorker(): WorkerLike {
  return new Worker(new URL('../workers/analysis.worker.ts', import.meta.url), { type: 'module', name: 'llmaos-analysis' });
}

export function createAnalysisClient(createWorker: () => WorkerLike = createAnalysisWorker): AnalysisApi {
  const transport = new WorkerTransport<AnalysisOperations>(createWorker, { name: 'analysis', cancelEndsWorker: true });
  return {
    cluster: (params, options = {}) => transport.request('cluster', params, options),
    // One byte per item crosses to the worker instead of a label string (20,000 rows and more).
    themes: ({ sentiments, ...params }, options = {}) => transport.request('themes', { ...params, sentiments: sentimentCodes(sentiments) }, options),
    split: (params, options = {}) => transport.request('split', params, options),
    merge: (params, options = {}) => transport.request('merge', params, options),
    dispose: () => transport.dispose(),
  };
}
