/**
 * `analysis.*` over a scripted analysis worker: requests and results, the sentiment labels sent
 * as one byte each, and cancels. Its jobs cannot read a cancel, so a cancel ends the worker, but
 * never under another call: cancelling one request never rejects another (the old client rejected
 * every pending request when one was aborted).
 */
import { describe, expect, it } from 'vitest';
import { createAnalysisClient } from '../../src/sdk/analysis';
import { createClient } from '../../src/sdk/client';
import type { AnalysisOperations, StoredClusters } from '../../src/workers/analysisProtocol';
import { ScriptedWorker } from './support/scriptedWorker';

type AnalysisWorker = ScriptedWorker<AnalysisOperations, never>;

const source = { datasetId: 'd1', embedRunId: 'r1', version: 1 };
const clusters: StoredClusters = { k: 1, dim: 2, assignments: Int32Array.from([0, 0]), centroids: Float32Array.from([1, 0]), keywords: [] };

function analysisWith() {
  const workers: AnalysisWorker[] = [];
  const analysis = createAnalysisClient(() => {
    const worker: AnalysisWorker = new ScriptedWorker<AnalysisOperations, never>();
    workers.push(worker);
    return worker;
  });
  return { analysis, workers };
}

describe('analysis client', () => {
  it('sends each operation with its parameters and resolves with the worker’s result; sentiment goes as one code per item', async () => {
    const { analysis, workers } = analysisWith();
    const clustered = analysis.cluster({ ...source, k: null });
    const themes = analysis.themes({ ...source, clusters, sentiments: ['positive', null, 'negative', 'neutral', undefined] });
    const [clusterRequest, themesRequest] = workers[0]!.requests();
    expect(clusterRequest).toMatchObject({ op: 'cluster', params: { ...source, k: null } });
    expect(themesRequest).toMatchObject({ op: 'themes', params: { ...source } });
    expect(themesRequest!.op === 'themes' && [...themesRequest!.params.sentiments]).toEqual([2, -1, 0, 1, -1]);
    workers[0]!.reply({ kind: 'result', id: clusterRequest!.id, result: { clusters, silhouettes: [{ k: 2, score: 0.4 }] } });
    workers[0]!.reply({ kind: 'result', id: themesRequest!.id, result: [] });
    await expect(clustered).resolves.toMatchObject({ silhouettes: [{ k: 2, score: 0.4 }] });
    await expect(themes).resolves.toEqual([]);
    expect(workers).toHaveLength(1); // one worker, kept: it caches the dataset's vectors
  });

  it('cancelling one request never rejects another: the other finishes on its worker, which ends after it', async () => {
    const { analysis, workers } = analysisWith();
    const controller = new AbortController();
    const cancelled = analysis.cluster({ ...source, k: 4 }, { signal: controller.signal });
    const kept = analysis.split({ ...source, clusters, themeId: 0 });
    const [, splitRequest] = workers[0]!.requests();
    controller.abort();
    await expect(cancelled).rejects.toMatchObject({ code: 'cancelled' });
    expect(workers[0]!.terminated).toBe(false);

    // Meanwhile a new request does not wait behind the cancelled job: it starts a fresh worker.
    const merged = analysis.merge({ ...source, clusters, themeIds: [0, 1] });
    expect(workers).toHaveLength(2);
    workers[1]!.reply({ kind: 'result', id: workers[1]!.requests()[0]!.id, result: { clusters, idMap: [0, 0] } });
    await expect(merged).resolves.toEqual({ clusters, idMap: [0, 0] });

    workers[0]!.reply({ kind: 'result', id: splitRequest!.id, result: { clusters } });
    await expect(kept).resolves.toEqual({ clusters });
    expect(workers[0]!.terminated).toBe(true);
  });

  it('ends the worker at once when a lone request is cancelled, so the computation stops; the next request starts a new one', async () => {
    const { analysis, workers } = analysisWith();
    const controller = new AbortController();
    const cancelled = analysis.cluster({ ...source, k: null }, { signal: controller.signal });
    controller.abort();
    await expect(cancelled).rejects.toMatchObject({ code: 'cancelled' });
    expect(workers[0]!.terminated).toBe(true);
    const next = analysis.themes({ ...source, clusters, sentiments: [] });
    expect(workers).toHaveLength(2);
    workers[1]!.reply({ kind: 'result', id: workers[1]!.requests()[0]!.id, result: [] });
    await expect(next).resolves.toEqual([]);
  });

  it('rejects with the worker’s typed error, and with worker-crashed when it dies', async () => {
    const { analysis, workers } = analysisWith();
    const failing = analysis.cluster({ ...source, k: 0 });
    const crashing = analysis.themes({ ...source, clusters, sentiments: [] });
    const [clusterRequest] = workers[0]!.requests();
    workers[0]!.reply({ kind: 'error', id: clusterRequest!.id, error: { code: 'bad-input', message: 'The number of themes must be between 1 and 2.' } });
    await expect(failing).rejects.toMatchObject({ code: 'bad-input' });
    workers[0]!.crash('oom');
    await expect(crashing).rejects.toMatchObject({ code: 'worker-crashed', message: expect.stringContaining('analysis worker') });
  });

  it('is the SDK client’s `analysis`, whose dispose ends its worker', async () => {
    const worker: AnalysisWorker = new ScriptedWorker<AnalysisOperations, never>();
    const client = createClient({ createAnalysisWorker: () => worker, createWorker: () => new ScriptedWorker() });
    const pending = client.analysis.cluster({ ...source, k: 2 });
    expect(worker.requests('cluster')).toHaveLength(1);
    client.dispose();
    await expect(pending).rejects.toMatchObject({ code: 'cancelled' });
    expect(worker.terminated).toBe(true);
  });
});
