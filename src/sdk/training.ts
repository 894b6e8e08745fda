/**
 * `trainClassifier()`: trains a custom classifier in a dedicated worker. Abort terminates the
 * worker, so a cancel takes effect immediately even in the middle of an epoch.
 */
import { WorkbenchError } from '../core';
import type { TrainingMessage, TrainingOutcome, TrainingProgress, TrainingRequest } from '../workers/trainingProtocol';
import type { WorkerLike } from './types';

export interface TrainOptions {
  signal?: AbortSignal;
  onProgress?: (progress: TrainingProgress) => void;
  /** Tests pass a worker factory; the default is the bundled training worker. */
  createWorker?: () => WorkerLike;
}

function createTrainingWorker(): WorkerLike {
  return new Worker(new URL('../workers/training.worker.ts', import.meta.url), { type: 'module', name: 'llmaos-training' });
}

export function trainClassifier(request: Omit<TrainingRequest, 'kind'>, options: TrainOptions = {}): Promise<TrainingOutcome> {
  const { signal } = options;
  if (signal?.aborted) return Promise.reject(new WorkbenchError('cancelled', 'Cancelled.'));
  const worker = (options.createWorker ?? createTrainingWorker)();
  return new Promise<TrainingOutcome>((resolve, reject) => {
    const finish = () => {
      signal?.removeEventListener('abort', onAbort);
      worker.terminate();
    };
    const onAbort = () => {
      finish();
      reject(new WorkbenchError('cancelled', 'Training was cancelled.'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.addEventListener('message', (event) => {
      const message = event.data as TrainingMessage;
      if (message.kind === 'progress') options.onProgress?.(message.progress);
      else if (message.kind === 'result') {
        finish();
        resolve(message.outcome);
      } else if (message.kind === 'error') {
        finish();
        reject(WorkbenchError.from(message.error));
      }
    });
    worker.addEventListener('error', (event) => {
      finish();
      reject(new WorkbenchError('worker-crashed', 'The training worker stopped unexpectedly.', event.message));
    });
    worker.postMessage({ kind: 'train', ...request } satisfies TrainingRequest);
  });
}
