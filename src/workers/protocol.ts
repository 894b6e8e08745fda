/**
 * The message protocol between the main thread (the SDK) and the inference worker.
 *
 * Pure types and helpers only: no DOM, no transformers.js, so both sides and Node tests can
 * import it. Every operation is declared once in `Operations`; the request and result types
 * of both sides are derived from that table, so adding an operation is a one-place change.
 * The types the rest of the app shares (tasks, results, progress, WorkbenchError) live in the
 * kernel, src/core; this file holds only what crosses the worker boundary.
 */

import type { TextChunk } from '../content/chunking';
import type {
  Answer,
  BackendPreference,
  Classification,
  ClassifierHead,
  EnvironmentInfo,
  GenerationOptions,
  HeadClassification,
  LoadedModelInfo,
  LoadProgress,
  ModelRef,
  PerplexityResult,
  SerializedError,
  SummarizeOptions,
  WorkProgress,
} from '../core';

export interface WorkerConfig {
  backend: BackendPreference;
  /** URL prefix of self-hosted model folders, e.g. `/models/`. */
  localModelPath: string;
  allowRemoteModels: boolean;
  /** Hub base URL; only the tests change it. */
  remoteHost?: string;
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
