/**
 * `trainClassifier()`: trains a custom classifier in its own worker, through the same transport
 * as every worker (progress, typed errors, crash detection). One worker per job: jobs run side by
 * side, nothing stays in memory after one, and a cancel ends that job's worker, so it takes effect
 * at once even in the middle of an epoch (the trainer is a plain loop that cannot read a cancel).
 */
import type { TrainingOperations, TrainingOutcome, TrainingProgress, TrainingRequest } from '../workers/trainingProtocol';
import { WorkerTransport, type WorkerLike } from './transport';

export type { TrainingOutcome, TrainingProgress, TrainingRequest };

export interface TrainOptions {
  signal?: AbortSignal;
  onProgress?: (progress: TrainingProgress) => void;
  /** Tests pass a worker factory; the default is the bundled training worker. */
  createWorker?: () => WorkerLike;
}

function createTrainingWorker(): WorkerLike {
  return new Worker(new URL('../workers/training.worker.ts', import.meta.url), { type: 'module', name: 'llmaos-training' });
}

export async function trainClassifier(request: TrainingRequest, options: TrainOptions = {}): Promise<TrainingOutcome> {
  const transport = new WorkerTransport<TrainingOperations>(options.createWorker ?? createTrainingWorker, { name: 'training', cancelEndsWorker: true });
  try {
    return await transport.request('train', request, { signal: options.signal, onProgress: options.onProgress });
  } finally {
    // The job is over, however it ended: its worker goes with it.
    transport.dispose();
  }
}
