/**
 * The LLMaOS Workbench SDK: `createClient()` runs sentiment, summaries, generation, embeddings
 * and question answering in a Web Worker on the user's machine; `analysis.*` (clustering, themes)
 * and `trainClassifier` run in workers of their own.
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
  type ErrorReason,
  type GenerationOptions,
  type LoadedModelInfo,
  type LoadProgress,
  type Task,
  type WorkProgress,
} from '../core';
export { PRESETS, type CatalogModel, type PresetName } from '../models/catalog';
export { trainClassifier, type TrainingOutcome, type TrainingProgress, type TrainingRequest, type TrainOptions } from './training';
export { createAnalysisClient, type AnalysisApi, type AnalysisOptions, type AnalysisSource, type SentimentLabel, type StoredClusters } from './analysis';
