import { describe, expect, it } from 'vitest';
import { trainClassifier } from '../../src/sdk/training';
import type { WorkerLike } from '../../src/sdk/types';
import type { TrainingMessage } from '../../src/workers/trainingProtocol';

/** A training worker that answers with the scripted messages once it gets its request. */
function fakeWorker(script: TrainingMessage[] | 'silent') {
  const listeners: Record<string, Array<(event: never) => void>> = {};
  const state = { terminated: false, requests: [] as unknown[] };
  const worker: WorkerLike = {
    postMessage(message) {
      state.requests.push(message);
      if (script === 'silent') return;
      queueMicrotask(() => {
        for (const data of script) for (const l of listeners.message ?? []) (l as (e: object) => void)({ data });
      });
    },
    terminate: () => void (state.terminated = true),
    addEventListener: (type: string, listener: (event: never) => void) => void (listeners[type] ??= []).push(listener),
  };
  return { worker, state };
}

const request = {
  embeddings: [
    [1, 0],
    [0, 1],
  ],
  labels: [0, 1],
  classes: ['a', 'b'],
  folds: 0,
};
const model = {
  classes: ['a', 'b'],
  dims: 2,
  weights: [
    [1, 0],
    [0, 1],
  ],
  bias: [0, 0],
  metadata: {} as never,
};

describe('trainClassifier', () => {
  it('reports progress, resolves with the outcome and ends the worker', async () => {
    const { worker, state } = fakeWorker([
      { kind: 'progress', progress: { phase: 'final', epoch: 1, epochs: 2, loss: 0.6 } },
      { kind: 'result', outcome: { model, crossValidation: null, seconds: 0.1 } },
    ]);
    const epochs: number[] = [];
    const outcome = await trainClassifier(request, { createWorker: () => worker, onProgress: (p) => epochs.push(p.epoch) });
    expect(outcome.model.classes).toEqual(['a', 'b']);
    expect(epochs).toEqual([1]);
    expect(state.terminated).toBe(true);
    expect(state.requests[0]).toMatchObject({ kind: 'train', classes: ['a', 'b'] });
  });

  it('cancels at once by terminating the worker', async () => {
    const { worker, state } = fakeWorker('silent');
    const controller = new AbortController();
    const training = trainClassifier(request, { createWorker: () => worker, signal: controller.signal });
    controller.abort();
    await expect(training).rejects.toMatchObject({ code: 'cancelled' });
    expect(state.terminated).toBe(true);
  });

  it('rejects with the worker error, typed', async () => {
    const { worker } = fakeWorker([{ kind: 'error', error: { code: 'bad-input', message: 'Each class needs an example.' } }]);
    await expect(trainClassifier(request, { createWorker: () => worker })).rejects.toMatchObject({ code: 'bad-input' });
  });
});
