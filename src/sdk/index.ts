/**
 * The LLMaOS Workbench SDK: `createClient()` runs sentiment, summaries, generation, embeddings
 * and question answering in a Web Worker on the user's machine.
 */
export { createClient } from './client';
export type * from './types';
export {
  WorkbenchError,
  isCancelled,
  type Answer,
  type BackendPreference,
  type Classification,
  type EnvironmentInfo,
  type ErrorCode,
  type GenerationOptions,
  type LoadedModelInfo,
  type LoadProgress,
  type Task,
  type WorkProgress,
} from '../core';
export { PRESETS, type CatalogModel, type PresetName } from '../models/catalog';
export { trainClassifier, type TrainOptions } from './training';
export type { TrainingOutcome, TrainingProgress, TrainingRequest } from '../workers/trainingProtocol';
