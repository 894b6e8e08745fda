/**
 * The public API of the workbench SDK. Panels, other pages and `window.llmaos` all use this;
 * none of them talks to the worker directly.
 */
import type { CatalogModel, PresetName, TaskAssignment } from '../models/catalog';
import type {
  Answer,
  BackendPreference,
  ClassifierHead,
  PerplexityResult,
  Classification,
  EnvironmentInfo,
  GenerationOptions,
  LoadedModelInfo,
  LoadProgress,
  SerializedError,
  SummarizeOptions,
  Task,
  WorkProgress,
} from '../core';
import type { ResultOf } from '../workers/inferenceProtocol';
import type { AnalysisApi } from './analysis';
import type { TrainingOutcome, TrainingRequest, TrainOptions } from './training';
import type { WorkerLike } from './transport';

export type { WorkerLike } from './transport';

export interface ClientOptions {
  /** Which model serves each task; `fixtures` maps every task to the tiny test models. */
  preset?: PresetName;
  /** Per-task overrides of the preset. */
  assignment?: Partial<TaskAssignment>;
  /** Models the user added by Hub id or imported from disk. */
  userModels?: CatalogModel[];
  backend?: BackendPreference;
  /** URL prefix of self-hosted model folders. Default `/models/`. */
  localModelPath?: string;
  allowRemoteModels?: boolean;
  /** Makes the inference worker; tests pass a fake. Default: the bundled module worker. */
  createWorker?: () => WorkerLike;
  /** Makes the analysis worker (`analysis.*`); tests pass a fake. */
  createAnalysisWorker?: () => WorkerLike;
  /** Makes a training worker (`trainClassifier`), one per job; tests pass a fake. */
  createTrainingWorker?: () => WorkerLike;
  /**
   * Finds a custom classifier (trained in the Customize app) for `classify(texts, { model:
   * 'custom:<name>' })`. Returns null when there is none by that name.
   */
  customClassifiers?: (name: string) => Promise<CustomClassifier | null>;
  /**
   * Every warning the worker sends, whether or not a call is waiting: e.g. a model file the
   * weight cache could not store because storage is full (broadcast to the whole client, since
   * the cache does not know which call's download wrote it). Per-call `onWarning` still gets the
   * warnings that arrive while its call runs.
   */
  onWarning?: (warning: SerializedError) => void;
}

/** A classifier head over the embeddings of `embeddingModel` (or the assigned embedding model). */
export interface CustomClassifier {
  head: ClassifierHead;
  embeddingModel?: string;
}

export interface CallOptions {
  signal?: AbortSignal;
  /** A model id from the catalog to use instead of the task's assigned model. */
  model?: string;
  onLoadProgress?: (progress: LoadProgress) => void;
  onProgress?: (progress: WorkProgress) => void;
  onWarning?: (warning: SerializedError) => void;
  /** Streamed text as it is generated (summaries; `generate` streams through its iterator). */
  onToken?: (text: string) => void;
}

/**
 * How `summarize` summarizes. `auto` (the default): the summarization model when it covers the
 * text's language, else extractively (the text's most central sentences, picked with the
 * embeddings model for that language, in their original order): a Chinese text gets a Chinese
 * summary although the default summarizer is English. `model` and `extractive` force one way.
 */
export interface SummaryMethodOptions {
  method?: 'auto' | 'model' | 'extractive';
  /** Extractive: at most this many sentences (default 3). */
  maxSentences?: number;
  /** Extractive: at most this many characters (whole sentences only). */
  maxChars?: number;
}

/** Tokens as they are generated; `result` settles with the full text once generation ends. */
export interface GenerationStream extends AsyncIterable<string> {
  readonly result: Promise<ResultOf<'generate'>>;
}

export interface ModelsApi {
  /** Every model the library knows: built-in, fixtures and the user's own. */
  list(): CatalogModel[];
  assignment(): TaskAssignment;
  assign(task: Task, modelId: string): void;
  add(model: CatalogModel): void;
  remove(modelId: string): void;
  /** Loads (downloading if needed) the model for a task or a model id. */
  load(taskOrModelId: Task | string, options?: Pick<CallOptions, 'signal' | 'onLoadProgress'>): Promise<LoadedModelInfo>;
  unload(modelId: string): Promise<void>;
  /** Models currently loaded in the worker. */
  loaded(): LoadedModelInfo[];
  /** Every model's load progress, whoever asked for the load. Returns an unsubscribe function. */
  onProgress(listener: (progress: LoadProgress) => void): () => void;
}

export interface WorkbenchClient {
  /** Sentiment by default; `model: 'custom:<name>'` runs a classifier from the Customize app. */
  classify(texts: string[], options?: CallOptions & { batchSize?: number }): Promise<Classification[]>;
  /**
   * Summarizes `text`, however long: a text that fits the model's window in one step; a longer one
   * is split with the model's tokenizer and summarized in parts, then the partial summaries are
   * combined (a summary of summaries, as in the Summarize app): never cut. `maxNewTokens` and
   * `minNewTokens` apply to the final summary. `onProgress` reports `stage: 'chunking'` (in
   * characters) and then `stage: 'summarizing'` (tokens of a one-step summary, or steps of a summary
   * in parts); `onToken` streams the final summary only. Cancel with `signal` at any point.
   */
  summarize(text: string, options?: CallOptions & SummarizeOptions & SummaryMethodOptions): Promise<string>;
  generate(prompt: string, options?: CallOptions & GenerationOptions): GenerationStream;
  answer(question: string, context: string, options?: CallOptions): Promise<Answer>;
  embed(texts: string[], options?: CallOptions & { batchSize?: number }): Promise<number[][]>;
  /** Token counts with a task's model tokenizer, and that model's input window. */
  countTokens(texts: string[], options?: CallOptions & { task?: Task }): Promise<ResultOf<'tokenize'>>;
  /**
   * Chunks that fit a task's model window (summarization by default), counted with its tokenizer,
   * and the whole text's `inputTokens`. Long texts report progress in characters and stop on
   * cancel; at most 20,000,000 characters.
   */
  chunk(text: string, options?: CallOptions & { task?: Task; maxTokens?: number; overlapTokens?: number }): Promise<ResultOf<'chunk'>>;
  /** Perplexity of `text` under the generation model (or `model`), sliding over long texts. */
  perplexity(text: string, options?: CallOptions & { stride?: number }): Promise<PerplexityResult>;
  environment(): Promise<EnvironmentInfo>;
  /** Switches backend; loaded models are reloaded on the new backend at their next use. */
  setBackend(preference: BackendPreference): Promise<EnvironmentInfo>;
  readonly models: ModelsApi;
  /** The Insights app's clustering and theme figures, in the analysis worker. */
  readonly analysis: AnalysisApi;
  /**
   * Trains a custom classifier (softmax regression over embeddings, k-fold cross-validated) in a
   * worker of its own; a cancel stops it at once.
   */
  trainClassifier(request: TrainingRequest, options?: Omit<TrainOptions, 'createWorker'>): Promise<TrainingOutcome>;
  /** Ends the client's workers; calls still in flight reject as cancelled. */
  dispose(): void;
}
