/// <reference lib="webworker" />
/**
 * The training worker: one per training job (src/sdk/training.ts). Cancelling ends it, which stops
 * training at once wherever it is, so the trainer itself needs no cancellation plumbing.
 */
import { kFoldCrossValidate } from '../customize/crossValidation';
import { trainSoftmax } from '../customize/softmax';
import { serveWorker, type Post, type RequestContext } from './serve';
import type { TrainingOperations, TrainingOutcome, TrainingRequest } from './trainingProtocol';

declare const self: DedicatedWorkerGlobalScope;

async function train(request: TrainingRequest, { progress }: RequestContext<TrainingOperations['train']>): Promise<TrainingOutcome> {
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
          onProgress: ({ fold, folds, epoch, loss }) => progress({ phase: 'cross-validation', fold, folds, epoch, epochs, loss }),
        })
      : null;
  const model = await trainSoftmax(request.embeddings, request.labels, {
    ...options,
    onProgress: (epoch, loss) => progress({ phase: 'final', epoch, epochs, loss }),
  });
  return { model, crossValidation, seconds: (performance.now() - started) / 1000 };
}

const post: Post = (message) => self.postMessage(message);
const serve = serveWorker<TrainingOperations>({ operations: { train } }, post, self.navigator.locks);
self.addEventListener('message', (event: MessageEvent<unknown>) => void serve(event.data));
