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
  ThreadPolicy,
  WorkProgress,
} from '../core';
import type { ResultOf } from '../workers/inferenceProtocol';
import type { AnalysisApi } from './analysis';
import type { AppsApi, AppsHost } from './apps';
import type { TrainingOutcome, TrainingRequest, TrainOptions } from './training';
import type { WorkerLike } from './transport';
import type { ResidencyOptions } from './residency';

export type { WorkerLike } from './transport';

/** What `models.memory()` reports: the limits and the weight bytes loaded now. */
export interface MemoryReport extends ResidencyOptions {
  loadedBytes: number;
}

export interface ClientOptions {
  /** Which model serves each task; `fixtures` maps every task to the tiny test models. */
  preset?: PresetName;
  /** Per-task overrides of the preset. */
  assignment?: Partial<TaskAssignment>;
  /** Models the user added by Hub id or imported from disk. */
  userModels?: CatalogModel[];
  backend?: BackendPreference;
  /** How many cores the models may take on WASM (see ThreadPolicy). Default `auto`. */
  threads?: ThreadPolicy;
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
   * Finds a knowledge base for `answer(question)` without a context. Default: the knowledge bases
   * of this origin's workspace in IndexedDB, the ones the Ask app builds.
   */
  knowledgeBases?: KnowledgeSource;
  /**
   * Every warning the worker sends, whether or not a call is waiting: e.g. a model file the
   * weight cache could not store because storage is full (broadcast to the whole client, since
   * the cache does not know which call's download wrote it). Per-call `onWarning` still gets the
   * warnings that arrive while its call runs.
   */
  onWarning?: (warning: SerializedError) => void;
  /**
   * Where `apps.*` keeps installed apps and run records, and the knowledge bases `answer` steps
   * read. Default: installed apps in memory, records not kept, no knowledge base.
   */
  apps?: AppsHost;
  /** Memory limits of loaded models; see `models.memory`. */
  memory?: Partial<ResidencyOptions>;
  /** Called whenever the loaded models change: a load, an unload (also one the limits made), a lost worker. */
  onLoadedChange?: (loaded: LoadedModelInfo[]) => void;
}

/** A classifier head over the embeddings of `embeddingModel` (or the assigned embedding model). */
export interface CustomClassifier {
  head: ClassifierHead;
  embeddingModel?: string;
}

/** A knowledge base's passages with their vectors, and the embedding model the vectors came from. */
export interface KnowledgeBaseContent {
  embeddingModel?: string;
  passages: ReadonlyArray<{ id: string; text: string; docId?: string; title?: string; source?: string; vector?: Float32Array | number[] }>;
}

/** Returns the knowledge base with this id, or null when there is none. */
export type KnowledgeSource = (id: string) => Promise<KnowledgeBaseContent | null>;

/** A knowledge-base passage as `answer(question)` returns it. */
export interface SourcePassage {
  id: string;
  text: string;
  title?: string;
  /** A link or source name from the imported file. */
  source?: string;
  /** The document (file) the passage came from. */
  docId?: string;
  /** Cosine similarity of the passage to the question, in [-1, 1]. */
  similarity: number;
}

/**
 * The answer from a knowledge base, decided from the QA model's score and the passage's similarity:
 * - `answer`: a span the QA model is confident about (`confidence` is its score, in [0, 1]) from a
 *   passage similar enough to the question to trust it; `answer === source.text.slice(start, end)`
 *   (both -1 when the span could not be located in the passage);
 * - `passage`: no confident span, but the passage matches the question so closely that it is the
 *   answer: `answer` is the passage's text and `confidence` its similarity;
 * - `no-answer`: nothing matches well enough. `answer` and `source` are null and `closest` lists
 *   the most similar passages; never a made-up answer.
 */
export interface KnowledgeAnswer {
  kind: 'answer' | 'passage' | 'no-answer';
  answer: string | null;
  confidence: number;
  source: SourcePassage | null;
  start: number;
  end: number;
  /** The passages most similar to the question, best first (at most 3). */
  closest: SourcePassage[];
  /** The id of the knowledge base that was asked. */
  knowledgeBase: string;
}

export interface KnowledgeAnswerOptions {
  /** The knowledge base to ask. Default `'default'`, the one the Ask app builds. */
  knowledgeBase?: string;
  /** Minimum QA score for a span to be the answer, in [0, 1]. Default 0.25, as in Ask. */
  threshold?: number;
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
  /**
   * Loads the model for a task or a model id ahead of its first call, if that costs nothing the
   * user did not ask for: its files are already stored (never a download) and, by the catalog's
   * size of it, it fits the memory budget without unloading another model. A text generator or
   * summarizer then also runs a few short drafts, so that the first real one is as fast as the
   * later ones. Resolves with the loaded model, or null when it was left unloaded for either
   * reason. A page calls it where the model is likely to be used next (Write calls it when it
   * opens).
   */
  prepare(taskOrModelId: Task | string, options?: Pick<CallOptions, 'signal' | 'onLoadProgress'>): Promise<LoadedModelInfo | null>;
  unload(modelId: string): Promise<void>;
  /** Models currently loaded in the worker. */
  loaded(): LoadedModelInfo[];
  /**
   * The memory limits of loaded models, changed by the fields given: the weights of the loaded
   * models stay under `budgetBytes` (the least recently used idle model is unloaded to make room)
   * and a model unused for `idleMs` is unloaded. An unloaded model loads again at its next call.
   */
  memory(limits?: Partial<ResidencyOptions>): MemoryReport;
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
  /** The span of `context` that answers `question` (one model window). */
  answer(question: string, context: string, options?: CallOptions): Promise<Answer>;
  /**
   * Without a context: answers from a knowledge base (the Ask app's by default, or
   * `{ knowledgeBase: id }`) by retrieval, with its confidence and source passage, or
   * `kind: 'no-answer'` when nothing matches well. `model` is the QA model; the question is
   * embedded with the knowledge base's own embedding model. `onProgress` counts passages read.
   */
  answer(question: string, options?: CallOptions & KnowledgeAnswerOptions): Promise<KnowledgeAnswer>;
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
  /**
   * Sets how many cores the models may take on WASM. A new policy starts a new inference worker:
   * calls already running finish on the old one, and loaded models load again at their next use.
   */
  setThreads(policy: ThreadPolicy): Promise<EnvironmentInfo>;
  readonly models: ModelsApi;
  /** The Insights app's clustering and theme figures, in the analysis worker. */
  readonly analysis: AnalysisApi;
  /**
   * Apps from definition files (the format of docs/app-format.schema.json): `list()` the built-in
   * and installed apps, `install(definition)` after strict validation, `run(idOrDefinition, inputs,
   * { signal, onProgress })` their steps in order through this client, with progress per step.
   */
  readonly apps: AppsApi;
  /**
   * Trains a custom classifier (softmax regression over embeddings, k-fold cross-validated) in a
   * worker of its own; a cancel stops it at once.
   */
  trainClassifier(request: TrainingRequest, options?: Omit<TrainOptions, 'createWorker'>): Promise<TrainingOutcome>;
  /** Ends the client's workers; calls still in flight reject as cancelled. */
  dispose(): void;
}
