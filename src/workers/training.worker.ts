/// <reference lib="webworker" />
/**
 * The training worker: one per training job. Cancelling terminates it, which stops training at
 * once wherever it is, so the trainer itself needs no cancellation plumbing.
 */
import { kFoldCrossValidate } from '../customize/crossValidation';
import { trainSoftmax } from '../customize/softmax';
import { toSerializedError } from '../core';
import type { TrainingMessage, TrainingRequest } from './trainingProtocol';

declare const self: DedicatedWorkerGlobalScope;

const post = (message: TrainingMessage) => self.postMessage(message);

self.addEventListener('message', (event: MessageEvent<TrainingRequest>) => {
  void train(event.data).catch((error: unknown) => post({ kind: 'error', error: toSerializedError(error, 'run') }));
});

async function train(request: TrainingRequest): Promise<void> {
  const started = performance.now();
  const epochs = request.epochs ?? 100;
  const options = {
    classes: request.classes,
    epochs,
    learningRate: request.learningRate,
    l2: request.l2,
    seed: request.seed ?? 42,
    metadata: request.metadata,
  };
  const crossValidation =
    request.folds >= 2
      ? await kFoldCrossValidate(request.embeddings, request.labels, request.folds, {
          ...options,
          onProgress: ({ fold, folds, epoch, loss }) =>
            post({ kind: 'progress', progress: { phase: 'cross-validation', fold, folds, epoch, epochs, loss } }),
        })
      : null;
  const model = await trainSoftmax(request.embeddings, request.labels, {
    ...options,
    onProgress: (epoch, loss) => post({ kind: 'progress', progress: { phase: 'final', epoch, epochs, loss } }),
  });
  post({ kind: 'result', outcome: { model, crossValidation, seconds: (performance.now() - started) / 1000 } });
}
