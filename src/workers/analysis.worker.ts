/// <reference lib="webworker" />
/**
 * The Insights panel's analysis worker: clustering, theme keywords and theme figures, which on
 * 20,000 rows take seconds of pure CPU and would freeze the page on the main thread. The logic
 * is src/insights/ (unit-tested in Node); this file only loads data and answers messages.
 *
 * Rows and vectors are read from the workspace database here, not posted from the page, and
 * kept for the next request on the same dataset (merging and splitting reuse them).
 * The computations are plain loops that cannot read a cancel: the SDK's transport ends the worker
 * on cancel (`cancelEndsWorker`), and the next request starts a new one.
 */
import { autoCluster, buildThemes, clusterKeywords, kmeans, mergeClusters, splitCluster, type ClusterResult, type Matrix, type ThemeItem } from '../insights';
import { getWorkspace } from '../storage/workspace';
import { WorkbenchError } from '../core';
import { decodeSentiment, type AnalysisOperations, type AnalysisSource, type StoredClusters } from './analysisProtocol';
import { serveWorker, type OperationHandlers, type Post, type RequestContext } from './serve';

declare const self: DedicatedWorkerGlobalScope;

interface LoadedData {
  key: string;
  texts: string[];
  rows: number[];
  vectors: Matrix;
}

let cached: LoadedData | null = null;

async function load(source: AnalysisSource): Promise<LoadedData> {
  // The version changes when the embeddings are recomputed under the same run id.
  const key = `${source.datasetId}|${source.embedRunId}|${source.version}`;
  if (cached?.key === key) return cached;
  const workspace = getWorkspace();
  const [rows, run] = await Promise.all([workspace.get('datasetRows', source.datasetId), workspace.loadRunResults(source.embedRunId)]);
  if (!rows) throw new WorkbenchError('bad-input', 'The dataset no longer exists.');
  const items = rows.items as Array<{ text: string; row: number }>;
  if (run.remaining.length > 0 || run.results.length !== items.length) {
    throw new WorkbenchError('bad-input', `The embeddings are not complete (${run.remaining.length} rows missing).`);
  }
  const first = run.results[0] as ArrayLike<number> | undefined;
  const dim = first?.length ?? 0;
  const data = new Float32Array(items.length * dim);
  run.results.forEach((vector, i) => data.set(vector as ArrayLike<number>, i * dim));
  cached = { key, texts: items.map((item) => item.text), rows: items.map((item) => item.row), vectors: { data, rows: items.length, dim } };
  return cached;
}

function toStored(result: ClusterResult, data: LoadedData): StoredClusters {
  return {
    k: result.k,
    dim: result.dim,
    assignments: result.assignments,
    centroids: result.centroids,
    keywords: clusterKeywords(data.texts, result.assignments, result.k),
  };
}

function fromStored(clusters: StoredClusters): ClusterResult {
  const sizes = new Array<number>(clusters.k).fill(0);
  for (const c of clusters.assignments) if (c >= 0 && c < clusters.k) sizes[c]!++;
  return { k: clusters.k, dim: clusters.dim, assignments: clusters.assignments, centroids: clusters.centroids, sizes, iterations: 0, inertia: 0 };
}

/** Fixed, so the same vectors and k always give the same themes (they must not reshuffle on reload). */
const SEED = 42;

/**
 * The data for a request, loaded (or reused); a request cancelled while its data loaded does not
 * start its computation, which could not be interrupted once begun.
 */
async function dataFor(source: AnalysisSource, { cancellation }: RequestContext): Promise<LoadedData> {
  const data = await load(source);
  cancellation.throwIfCancelled();
  return data;
}

const operations: OperationHandlers<AnalysisOperations> = {
  async cluster(params, context) {
    const data = await dataFor(params, context);
    const { k } = params;
    if (k === null) {
      const result = autoCluster(data.vectors, { seed: SEED });
      return { clusters: toStored(result, data), silhouettes: result.silhouettes };
    }
    if (!Number.isInteger(k) || k < 1 || k > data.vectors.rows)
      throw new WorkbenchError('bad-input', `The number of themes must be between 1 and ${data.vectors.rows}.`);
    return { clusters: toStored(kmeans(data.vectors, k, { seed: SEED }), data), silhouettes: [] };
  },
  async themes(params, context) {
    const data = await dataFor(params, context);
    const { clusters, sentiments } = params;
    const items: ThemeItem[] = data.texts.map((text, i) => ({ row: data.rows[i]!, text, sentiment: decodeSentiment(sentiments[i] ?? -1) }));
    return buildThemes({ items, vectors: data.vectors, clusters: fromStored(clusters), keywords: clusters.keywords });
  },
  async split(params, context) {
    const data = await dataFor(params, context);
    const { clusters, themeId } = params;
    return { clusters: toStored(splitCluster(data.vectors, fromStored(clusters), themeId, { seed: SEED }), data) };
  },
  async merge(params, context) {
    const data = await dataFor(params, context);
    const { clusters, themeIds } = params;
    const merged = mergeClusters(data.vectors, fromStored(clusters), themeIds);
    return { clusters: toStored(merged, data), idMap: merged.idMap };
  },
};

const post: Post = (message) => self.postMessage(message);
const serve = serveWorker({ operations }, post, self.navigator.locks);
self.addEventListener('message', (event: MessageEvent<unknown>) => void serve(event.data));
