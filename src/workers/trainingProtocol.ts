/**
 * The training worker's operations (src/workers/training.worker.ts), which trains a custom
 * classifier (softmax regression over embeddings) off the main thread: cross-validation first,
 * then the final model on all rows. The messages are every worker's (messages.ts).
 */
import type { CrossValidationResult } from '../customize/crossValidation';
import type { SoftmaxModel } from '../customize/softmax';
import type { Operation } from './messages';

export interface TrainingRequest {
  embeddings: number[][];
  /** Index into `classes` for every embedding. */
  labels: number[];
  classes: string[];
  /** k of k-fold cross-validation; 0 skips it (too few examples). */
  folds: number;
  epochs?: number;
  learningRate?: number;
  l2?: number;
  seed?: number;
  metadata?: Record<string, string | number | boolean>;
}

export interface TrainingProgress {
  phase: 'cross-validation' | 'final';
  /** 1-based fold during cross-validation. */
  fold?: number;
  folds?: number;
  epoch: number;
  epochs: number;
  loss: number;
}

export interface TrainingOutcome {
  model: SoftmaxModel;
  crossValidation: CrossValidationResult | null;
  seconds: number;
}

export interface TrainingOperations {
  train: Operation<TrainingRequest, TrainingOutcome, TrainingProgress>;
}
