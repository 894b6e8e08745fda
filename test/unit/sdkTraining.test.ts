/**
 * `trainClassifier` over a scripted training worker: progress, the outcome, typed errors, a
 * cancel that ends its own job's worker at once and no other job, and a crash.
 */
import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/sdk/client';
import { trainClassifier } from '../../src/sdk/training';
import type { TrainingOperations, TrainingProgress } from '../../src/workers/trainingProtocol';
import { ScriptedWorker } from './support/scriptedWorker';

type TrainingWorker = ScriptedWorker<TrainingOperations, TrainingProgress>;

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
const outcome = { model, crossValidation: null, seconds: 0.1 };

/** A training worker that reports one epoch and answers; or stays silent (a job still running). */
function trainingWorker(mode: 'answers' | 'silent' | { error: 'bad-input' }): TrainingWorker {
  return new ScriptedWorker<TrainingOperations, TrainingProgress>((message, worker) => {
    if (message.kind !== 'request' || mode === 'silent') return;
    if (typeof mode === 'object') {
      worker.reply({ kind: 'error', id: message.id, error: { code: mode.error, message: 'Each class needs an example.' } });
      return;
    }
    worker.reply({ kind: 'work-progress', id: message.id, progress: { phase: 'final', epoch: 1, epochs: 2, loss: 0.6 } });
    worker.reply({ kind: 'result', id: message.id, result: outcome });
  });
}

describe('trainClassifier', () => {
  it('reports progress, resolves with the outcome and ends the worker', async () => {
    const worker = trainingWorker('answers');
    const epochs: number[] = [];
    const result = await trainClassifier(request, { createWorker: () => worker, onProgress: (p) => epochs.push(p.epoch) });
    expect(result.model.classes).toEqual(['a', 'b']);
    expect(epochs).toEqual([1]);
    expect(worker.terminated).toBe(true);
    expect(worker.requests('train')[0]).toMatchObject({ op: 'train', params: { classes: ['a', 'b'] } });
  });

  it('cancels at once by ending the worker', async () => {
    const worker = trainingWorker('silent');
    const controller = new AbortController();
    const training = trainClassifier(request, { createWorker: () => worker, signal: controller.signal });
    controller.abort();
    await expect(training).rejects.toMatchObject({ code: 'cancelled' });
    expect(worker.terminated).toBe(true);
  });

  it('cancelling one job never rejects another: each runs in its own worker', async () => {
    const cancelledWorker = trainingWorker('silent');
    const keptWorker = new ScriptedWorker<TrainingOperations, TrainingProgress>();
    const controller = new AbortController();
    const cancelled = trainClassifier(request, { createWorker: () => cancelledWorker, signal: controller.signal });
    const kept = trainClassifier(request, { createWorker: () => keptWorker });
    controller.abort();
    await expect(cancelled).rejects.toMatchObject({ code: 'cancelled' });
    expect(keptWorker.terminated).toBe(false);
    keptWorker.reply({ kind: 'result', id: keptWorker.requests('train')[0]!.id, result: outcome });
    await expect(kept).resolves.toEqual(outcome);
  });

  it('rejects with the worker error, typed', async () => {
    await expect(trainClassifier(request, { createWorker: () => trainingWorker({ error: 'bad-input' }) })).rejects.toMatchObject({ code: 'bad-input' });
  });

  it('rejects with worker-crashed when the training worker dies', async () => {
    const worker = trainingWorker('silent');
    const training = trainClassifier(request, { createWorker: () => worker });
    await Promise.resolve();
    worker.crash('out of memory');
    await expect(training).rejects.toMatchObject({ code: 'worker-crashed', message: expect.stringContaining('training worker'), detail: 'out of memory' });
  });

  it('runs through the SDK client, whose dispose ends a job still running', async () => {
    const worker = trainingWorker('silent');
    const client = createClient({ createTrainingWorker: () => worker, createWorker: () => new ScriptedWorker() });
    const training = client.trainClassifier(request);
    client.dispose();
    await expect(training).rejects.toMatchObject({ code: 'cancelled' });
    expect(worker.terminated).toBe(true);
  });
});
