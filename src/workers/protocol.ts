/**
 * The message protocol between the main thread (the SDK) and the inference worker.
 *
 * Pure types and helpers only: no DOM, no transformers.js, so both sides and Node tests can
 * import it. Every operation is declared once in `Operations`; the request and result types
 * of both sides are derived from that table, so adding an operation is a one-place change.
 */

import type { TextChunk } from '../content/chunking';

export type { TextChunk };

export const TASKS = ['sentiment', 'generation', 'summarization', 'embeddings', 'question-answering'] as const;
export type Task = (typeof TASKS)[number];

/** Where inference runs. `cpu` is onnxruntime-node, used by the Node tests and benchmarks. */
export type Backend = 'webgpu' | 'wasm' | 'cpu';
export type BackendPreference = 'auto' | 'webgpu' | 'wasm';
export type Dtype = 'q8' | 'fp32' | 'fp16' | 'q4';

/** Which model a request runs on; resolved by the SDK from the catalog and the user's choices. */
export interface ModelRef {
  id: string;
  task: Task;
  /** dtype per backend: q8 is the WASM default, WebGPU runs fp32 (no int8 MatMul kernels there). */
  dtype: Dtype;
}

export interface WorkerConfig {
  backend: BackendPreference;
  /** URL prefix of self-hosted model folders, e.g. `/models/`. */
  localModelPath: string;
  allowRemoteModels: boolean;
  /** Hub base URL; only the tests change it. */
  remoteHost?: string;
}

export interface EnvironmentInfo {
  /** The backend the worker will use for the next model it loads. */
  backend: Backend;
  webgpuAvailable: boolean;
  webgpuAdapter?: string;
  crossOriginIsolated: boolean;
  /** WASM threads onnxruntime-web will use (1 when the page is not cross-origin isolated). */
  wasmThreads: number;
}

export interface Classification {
  label: string;
  score: number;
}

export interface Answer {
  answer: string;
  score: number;
  /**
   * Offsets (UTF-16) of the answer in the context, so that `answer === context.slice(start, end)`;
   * -1 only when the model's decoded answer occurs nowhere in the context (src/content/answerSpan.ts).
   */
  start: number;
  end: number;
}

export interface GenerationOptions {
  maxNewTokens?: number;
  minNewTokens?: number;
  temperature?: number;
  topK?: number;
  topP?: number;
  repetitionPenalty?: number;
  /** Sampling is on when temperature > 0. */
  doSample?: boolean;
  seed?: number;
}

export interface SummarizeOptions {
  maxNewTokens?: number;
  minNewTokens?: number;
  /** > 1 discourages repeating tokens; small summarizers otherwise loop ("a a a ..."). */
  repetitionPenalty?: number;
  /** No n-gram of this size appears twice in the summary. */
  noRepeatNgramSize?: number;
}

export interface PerplexityResult {
  perplexity: number;
  /** Mean negative log-likelihood per scored token, in nats. */
  meanNll: number;
  tokens: number;
  scoredTokens: number;
  windows: number;
}

/** A trained classifier over embeddings (softmax regression), as the Customize app saves it. */
export interface ClassifierHead {
  classes: string[];
  dims: number;
  /** weights[c][j] for class c and embedding dimension j. */
  weights: number[][];
  bias: number[];
}

export interface HeadClassification extends Classification {
  /** Probability of every class, in the head's `classes` order. */
  probabilities: number[];
}

export interface LoadedModelInfo {
  modelId: string;
  backend: Backend;
  dtype: Dtype;
  loadMs: number;
}

/** Every operation the worker performs: its parameters and its result. */
export interface Operations {
  configure: { params: WorkerConfig; result: EnvironmentInfo };
  load: { params: { model: ModelRef }; result: LoadedModelInfo };
  unload: { params: { modelId: string }; result: { unloaded: boolean } };
  classify: { params: { model: ModelRef; texts: string[]; batchSize?: number }; result: Classification[] };
  embed: { params: { model: ModelRef; texts: string[]; batchSize?: number }; result: number[][] };
  /** Summarizes one window: a text longer than the model's window is rejected (bad-input), never cut. */
  summarize: { params: { model: ModelRef; text: string; options?: SummarizeOptions }; result: { text: string } };
  generate: {
    params: { model: ModelRef; prompt: string; options?: GenerationOptions };
    result: { text: string; tokenCount: number; firstTokenMs: number; totalMs: number };
  };
  answer: { params: { model: ModelRef; question: string; context: string }; result: Answer };
  /** Token counts with the model's own tokenizer, for chunking long inputs to its window. */
  tokenize: { params: { model: ModelRef; texts: string[] }; result: { counts: number[]; maxInputTokens: number } };
  /**
   * Splits a long text into chunks that each fit the model's window, counted with its own
   * tokenizer (and the task prefix its pipeline adds), at sentence boundaries with overlap.
   * Reports progress in characters and stops on cancel; at most 20,000,000 characters.
   * `inputTokens` is the whole text's count as the model would see it, summed from its pieces.
   */
  chunk: {
    params: { model: ModelRef; text: string; maxTokens?: number; overlapTokens?: number };
    result: { chunks: TextChunk[]; maxInputTokens: number; inputTokens: number };
  };
  /** Perplexity of a text under a causal LM, with a sliding window for long texts. */
  perplexity: { params: { model: ModelRef; text: string; stride?: number }; result: PerplexityResult };
  /** Embeds with `model`, then applies a custom classifier head (the Customize app's). */
  classifyWithHead: {
    params: { model: ModelRef; texts: string[]; head: ClassifierHead; batchSize?: number };
    result: HeadClassification[];
  };
}
export type OperationName = keyof Operations;
export type ParamsOf<K extends OperationName> = Operations[K]['params'];
export type ResultOf<K extends OperationName> = Operations[K]['result'];

// ---------------------------------------------------------------------------------------------
// Messages, main thread → worker

export type RequestMessage = {
  [K in OperationName]: {
    kind: 'request';
    id: number;
    op: K;
    params: ParamsOf<K>;
    /**
     * Set to 1 by the page (Atomics) the moment the call is aborted, read by the worker at every
     * checkpoint; absent where shared memory is unavailable (see workers/cancellation.ts).
     */
    cancelFlag?: SharedArrayBuffer;
  };
}[OperationName];

/** Cancels request `id` wherever it is: queued, loading its model, or running. */
export interface CancelMessage {
  kind: 'cancel';
  id: number;
}

/**
 * Liveness. `watch` asks the worker to hold the Web Lock `lockName` for as long as it lives: the
 * page then queues for the same lock, and is granted it the moment the worker is gone, even when
 * it exits without an error event (`self.close()`). `ping` is answered with `pong` from the
 * worker's message loop, so a worker that hangs is noticed too.
 */
export type LivenessMessage = { kind: 'watch'; id: number; lockName: string } | { kind: 'ping'; id: number };

export type MainToWorker = RequestMessage | CancelMessage | LivenessMessage;

// ---------------------------------------------------------------------------------------------
// Messages, worker → main thread

/** Download and initialisation progress of one model, all its files combined. */
export interface LoadProgress {
  modelId: string;
  phase: 'downloading' | 'initializing' | 'ready';
  loadedBytes: number;
  totalBytes: number;
  files: Record<string, { loaded: number; total: number }>;
}

/** Progress through the items of one request (rows classified, tokens generated, ...). */
export interface WorkProgress {
  done: number;
  total: number;
  /**
   * For calls that go through stages, which one this is: the SDK's `summarize` first splits a
   * long text (`chunking`, in characters), then summarizes it (`summarizing`, in tokens of a
   * one-window text or in steps of a summary in parts).
   */
  stage?: 'chunking' | 'summarizing';
}

export type ErrorCode =
  | 'model-not-found'
  | 'load-failed'
  | 'out-of-memory'
  | 'bad-input'
  | 'cancelled'
  | 'worker-crashed'
  | 'storage-full'
  | 'internal';

/**
 * Why a failure happened, where the code alone is too coarse for the UI to answer it well.
 * `hub-unreachable`: a model file had to come from the Hugging Face Hub (or the configured remote
 * host) and the request failed at the network level: offline, a firewall, a blocked host. Set
 * where the fetch fails (src/workers/modelFetch.ts), so the UI never guesses from error text.
 */
export type ErrorReason = 'hub-unreachable';

/**
 * A user-facing text as a key of the `reasons` locale family (src/i18n/reasons/) and its
 * parameters, so the page shows it in the UI's language wherever it was made (a worker, storage,
 * a parser); a parameter may itself be such a text (a record check's problem inside a refused
 * backup). Build it with `reason()` from src/i18n/reasons.ts, which types the key.
 */
export interface LocalizedText {
  key: string;
  params?: { readonly [name: string]: string | number | LocalizedText };
}

export interface SerializedError {
  code: ErrorCode;
  /** English, for the SDK, logs and bug reports; `localized` is the same text for the UI. */
  message: string;
  /** The underlying error's own text, for the details disclosure and bug reports. */
  detail?: string;
  /**
   * The failure may have broken the worker itself (onnxruntime's WebAssembly aborted or ran out of
   * memory): the client replaces it, and the next call starts a fresh one.
   */
  workerReplaced?: boolean;
  reason?: ErrorReason;
  /** The message as a locale key and parameters: the UI's headline, in the UI's language. */
  localized?: LocalizedText;
}

/** The id of messages meant for every caller rather than one request. */
export const BROADCAST_ID = -1;

export type WorkerToMain =
  | { kind: 'load-progress'; id: number; progress: LoadProgress }
  | { kind: 'work-progress'; id: number; progress: WorkProgress }
  | { kind: 'token'; id: number; text: string }
  | { kind: 'result'; id: number; result: unknown }
  | { kind: 'error'; id: number; error: SerializedError }
  /** Something went wrong that did not stop the request, e.g. weights that could not be cached. */
  | { kind: 'warning'; id: number; warning: SerializedError }
  /** Liveness answers: the lock of a `watch` is held; a `ping` was read. */
  | { kind: 'watching'; id: number; lockName: string }
  | { kind: 'pong'; id: number };

// ---------------------------------------------------------------------------------------------
// Errors

/**
 * The one error type the SDK rejects with; `code` says what went wrong in a way code can test.
 * A cancelled call is a WorkbenchError too (code `cancelled`); its `cause` is the AbortSignal's
 * reason when there is one (an `AbortError` DOMException by default), so it is still recognisable
 * as an abort. Test with `isCancelled(error)`.
 */
export class WorkbenchError extends Error {
  override readonly name = 'WorkbenchError';
  readonly code: ErrorCode;
  readonly detail?: string;
  /** See SerializedError.workerReplaced. */
  readonly workerReplaced: boolean;
  /** See ErrorReason. */
  readonly reason?: ErrorReason;
  /** See SerializedError.localized. */
  readonly localized?: LocalizedText;

  constructor(
    code: ErrorCode,
    message: string,
    detail?: string,
    options: { cause?: unknown; workerReplaced?: boolean; reason?: ErrorReason; localized?: LocalizedText } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.detail = detail;
    this.workerReplaced = options.workerReplaced ?? false;
    if (options.reason !== undefined) this.reason = options.reason;
    if (options.localized !== undefined) this.localized = options.localized;
  }

  static from(serialized: SerializedError): WorkbenchError {
    return new WorkbenchError(serialized.code, serialized.message, serialized.detail, {
      workerReplaced: serialized.workerReplaced,
      reason: serialized.reason,
      localized: serialized.localized,
    });
  }

  toJSON(): SerializedError {
    return {
      code: this.code,
      message: this.message,
      detail: this.detail,
      ...(this.workerReplaced ? { workerReplaced: true } : {}),
      ...(this.reason !== undefined ? { reason: this.reason } : {}),
      ...(this.localized !== undefined ? { localized: this.localized } : {}),
    };
  }
}

/** A call that was cancelled: a `cancelled` WorkbenchError, or any error named AbortError. */
export function isCancelled(error: unknown): boolean {
  if (error instanceof WorkbenchError) return error.code === 'cancelled';
  return error instanceof Error && error.name === 'AbortError';
}

const OUT_OF_MEMORY = /out of memory|\bOOM\b|bad_alloc|allocation failed|Array buffer allocation|memory access out of bounds|Aborted\(\)/i;
/** Faults of the WebAssembly machine itself (not an error status returned by onnxruntime). */
const WASM_FAULT = /RuntimeError|\bunreachable\b|table index is out of bounds|call stack size exceeded/i;
const NOT_FOUND = /ModelFileNotFound|404|not found|Could not locate file|file was not found/i;

/**
 * Turns whatever a pipeline threw into a typed error. `phase` says whether the model was being
 * loaded or run, because the same exception means "load failed" in one and "internal" in the other.
 */
export function toSerializedError(error: unknown, phase: 'load' | 'run'): SerializedError {
  if (error instanceof WorkbenchError) return error.toJSON();
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  if (error instanceof Error && error.name === 'AbortError') {
    return { code: 'cancelled', message: 'Cancelled.', detail };
  }
  if (OUT_OF_MEMORY.test(detail)) {
    return {
      code: 'out-of-memory',
      message: 'The model ran out of memory. Try a smaller model, a smaller batch or the WASM backend.',
      detail,
      // An allocation failure or abort inside WebAssembly leaves its heap in an unknown state.
      workerReplaced: true,
    };
  }
  if (WASM_FAULT.test(detail)) {
    return {
      code: 'internal',
      message: 'The model runtime failed. The inference worker was replaced; try again.',
      detail,
      workerReplaced: true,
    };
  }
  if (phase === 'load') {
    if (NOT_FOUND.test(detail)) {
      return {
        code: 'model-not-found',
        message: 'The model files could not be found locally or on the Hub.',
        detail,
      };
    }
    return { code: 'load-failed', message: 'The model could not be loaded.', detail };
  }
  return { code: 'internal', message: 'The model failed while running.', detail };
}

// ---------------------------------------------------------------------------------------------
// Message guards, used at the boundary where data arrives untyped

export function isWorkerToMain(data: unknown): data is WorkerToMain {
  if (typeof data !== 'object' || data === null) return false;
  const message = data as { kind?: unknown; id?: unknown };
  return (
    typeof message.id === 'number' &&
    (message.kind === 'load-progress' ||
      message.kind === 'work-progress' ||
      message.kind === 'token' ||
      message.kind === 'result' ||
      message.kind === 'error' ||
      message.kind === 'warning' ||
      message.kind === 'watching' ||
      message.kind === 'pong')
  );
}

export function isMainToWorker(data: unknown): data is MainToWorker {
  if (typeof data !== 'object' || data === null) return false;
  const message = data as { kind?: unknown; id?: unknown; op?: unknown };
  if (typeof message.id !== 'number') return false;
  if (message.kind === 'watch') return typeof (data as { lockName?: unknown }).lockName === 'string';
  return message.kind === 'cancel' || message.kind === 'ping' || (message.kind === 'request' && typeof message.op === 'string');
}
