/**
 * The inference worker's operations (src/workers/inference.worker.ts, run by engine.ts).
 *
 * Pure types only: no DOM, no transformers.js, so both sides and Node tests can import it. Every
 * operation is declared once in `InferenceOperations`; the SDK's transport and the worker's serve
 * loop derive their request, result, progress and token types from it, so adding an operation is
 * a one-place change. The messages themselves are every worker's (messages.ts); the types the
 * rest of the app shares (tasks, results, progress, WorkbenchError) live in the kernel, src/core.
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
  ModelRef,
  PerplexityResult,
  SummarizeOptions,
  ThreadPolicy,
  WorkProgress,
} from '../core';
import type { Operation, RequestMessage } from './messages';

export interface WorkerConfig {
  backend: BackendPreference;
  /** URL prefix of self-hosted model folders, e.g. `/models/`. */
  localModelPath: string;
  allowRemoteModels: boolean;
  /** Hub base URL; only the tests change it. */
  remoteHost?: string;
  /** Read once, before the first model loads: onnxruntime-web cannot change it afterwards. */
  threads: ThreadPolicy;
}

/**
 * Every operation the inference worker performs: its parameters, its result, and what it reports
 * on the way (work progress; tokens for the two that stream text).
 */
export interface InferenceOperations {
  configure: Operation<WorkerConfig, EnvironmentInfo>;
  load: Operation<{ model: ModelRef }, LoadedModelInfo>;
  /** Loads a model ahead of its first call, only if every file of it is stored on this device (else null: nothing is downloaded). */
  prepare: Operation<{ model: ModelRef }, LoadedModelInfo | null>;
  /**
   * A few short drafts on a loaded generator or summarizer, so that the user's first draft runs
   * at the speed of the later ones; they stop when a real job waits. Never loads a model.
   */
  warmUp: Operation<{ model: ModelRef }, { drafts: number }>;
  unload: Operation<{ modelId: string }, { unloaded: boolean }>;
  classify: Operation<{ model: ModelRef; texts: string[]; batchSize?: number }, Classification[], WorkProgress>;
  embed: Operation<{ model: ModelRef; texts: string[]; batchSize?: number }, number[][], WorkProgress>;
  /** Summarizes one window: a text longer than the model's window is rejected (bad-input), never cut. */
  summarize: Operation<{ model: ModelRef; text: string; options?: SummarizeOptions }, { text: string }, WorkProgress, string>;
  generate: Operation<
    { model: ModelRef; prompt: string; options?: GenerationOptions },
    { text: string; tokenCount: number; firstTokenMs: number; totalMs: number },
    WorkProgress,
    string
  >;
  answer: Operation<{ model: ModelRef; question: string; context: string }, Answer>;
  /** Token counts with the model's own tokenizer, for chunking long inputs to its window. */
  tokenize: Operation<{ model: ModelRef; texts: string[] }, { counts: number[]; maxInputTokens: number }, WorkProgress>;
  /**
   * Splits a long text into chunks that each fit the model's window, counted with its own
   * tokenizer (and the task prefix its pipeline adds), at sentence boundaries with overlap.
   * Reports progress in characters and stops on cancel; at most 20,000,000 characters.
   * `inputTokens` is the whole text's count as the model would see it, summed from its pieces.
   */
  chunk: Operation<
    { model: ModelRef; text: string; maxTokens?: number; overlapTokens?: number },
    { chunks: TextChunk[]; maxInputTokens: number; inputTokens: number },
    WorkProgress
  >;
  /** Perplexity of a text under a causal LM, with a sliding window for long texts. */
  perplexity: Operation<{ model: ModelRef; text: string; stride?: number }, PerplexityResult, WorkProgress>;
  /** Embeds with `model`, then applies a custom classifier head (the Customize app's). */
  classifyWithHead: Operation<{ model: ModelRef; texts: string[]; head: ClassifierHead; batchSize?: number }, HeadClassification[], WorkProgress>;
}
export type OperationName = keyof InferenceOperations;
export type ParamsOf<K extends OperationName> = InferenceOperations[K]['params'];
export type ResultOf<K extends OperationName> = InferenceOperations[K]['result'];
/** A request to the inference worker, as it receives it. */
export type InferenceRequest = RequestMessage<InferenceOperations>;
