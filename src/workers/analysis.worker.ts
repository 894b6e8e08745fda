/// <reference lib="webworker" />
/**
 * The Insights panel's analysis worker: clustering, theme keywords and theme figures, which on
 * 20,000 rows take seconds of pure CPU and would freeze the page on the main thread. The logic
 * is src/insights/ (unit-tested in Node); this file only loads data and answers messages.
 *
 * Rows and vectors are read from the workspace database here, not posted from the page, and
 * kept for the next request on the same dataset (merging and splitting reuse them).
 * Cancellation is by termination: the panel ends the worker and starts a new one.
 */
import {
  autoCluster,
  buildThemes,
  clusterKeywords,
  kmeans,
  mergeClusters,
  splitCluster,
  type ClusterResult,
  type Matrix,
  type ThemeItem,
} from '../insights';
import { getWorkspace } from '../storage/workspace';
import { toSerializedError, WorkbenchError } from '../core';
import {
  decodeSentiment,
  type AnalysisRequest,
  type AnalysisResponse,
  type AnalysisSource,
  type StoredClusters,
} from '../panels/insights/analysisProtocol';

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

async function handle(request: AnalysisRequest): Promise<unknown> {
  const data = await load(request.params);
  switch (request.op) {
    case 'cluster': {
      const { k } = request.params;
      if (k === null) {
        const result = autoCluster(data.vectors, { seed: SEED });
        return { clusters: toStored(result, data), silhouettes: result.silhouettes };
      }
      if (!Number.isInteger(k) || k < 1 || k > data.vectors.rows) throw new WorkbenchError('bad-input', `The number of themes must be between 1 and ${data.vectors.rows}.`);
      return { clusters: toStored(kmeans(data.vectors, k, { seed: SEED }), data), silhouettes: [] };
    }
    case 'themes': {
      const { clusters, sentiments } = request.params;
      const items: ThemeItem[] = data.texts.map((text, i) => ({ row: data.rows[i]!, text, sentiment: decodeSentiment(sentiments[i] ?? -1) }));
      return buildThemes({ items, vectors: data.vectors, clusters: fromStored(clusters), keywords: clusters.keywords });
    }
    case 'split': {
      const { clusters, themeId } = request.params;
      return { clusters: toStored(splitCluster(data.vectors, fromStored(clusters), themeId, { seed: SEED }), data) };
    }
    case 'merge': {
      const { clusters, themeIds } = request.params;
      const merged = mergeClusters(data.vectors, fromStored(clusters), themeIds);
      return { clusters: toStored(merged, data), idMap: merged.idMap };
    }
  }
}

self.addEventListener('message', (event: MessageEvent<AnalysisRequest>) => {
  const request = event.data;
  handle(request).then(
    (result) => {
      const message: AnalysisResponse = { id: request.id, ok: true, result };
      self.postMessage(message);
    },
    (error: unknown) => {
      const message: AnalysisResponse = { id: request.id, ok: false, error: toSerializedError(error, 'run') };
      self.postMessage(message);
    },
  );
});
