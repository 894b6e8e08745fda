/**
 * The messages between the page and every worker that answers requests (inference, training,
 * analysis): one wire protocol, so one client transport (src/sdk/transport.ts) and one serve loop
 * (src/workers/serve.ts) give each worker request ids, progress, streaming, typed errors, cancel
 * and crash detection, instead of a hand-written copy per worker.
 *
 * What differs per worker is only its operations table (`InferenceOperations`,
 * `TrainingOperations`, `AnalysisOperations`): every operation declared once with what it takes,
 * returns, reports and streams; both ends derive their types from it.
 *
 * Pure types and guards: no DOM, so both sides and Node tests import it.
 */
import type { LoadProgress, SerializedError } from '../core';

/**
 * One operation of a worker. `Progress` is what it reports while it runs (never: it reports
 * nothing); `Token` is `string` for an operation that streams its text as it is produced.
 */
export interface Operation<Params, Result, Progress = never, Token extends string = never> {
  params: Params;
  result: Result;
  progress: Progress;
  token: Token;
}

/** Any operation; what the generic code accepts. */
export type AnyOperation = Operation<unknown, unknown, unknown, string>;

/** A worker's operations table: every entry an `Operation`. */
export type OperationTable<T> = { [K in keyof T]: AnyOperation };

export type OperationName<T> = keyof T & string;

// ---------------------------------------------------------------------------------------------
// Messages, page → worker

export type RequestMessage<T extends OperationTable<T>> = {
  [K in OperationName<T>]: {
    kind: 'request';
    id: number;
    op: K;
    params: T[K]['params'];
    /**
     * Set to 1 by the page (Atomics) the moment the call is aborted, read by the worker at every
     * checkpoint; absent where shared memory is unavailable (see workers/cancellation.ts).
     */
    cancelFlag?: SharedArrayBuffer;
  };
}[OperationName<T>];

/** Cancels request `id` wherever it is: queued, loading what it needs, or running. */
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

export type MainToWorker<T extends OperationTable<T>> = RequestMessage<T> | CancelMessage | LivenessMessage;

// ---------------------------------------------------------------------------------------------
// Messages, worker → page

/** The id of messages meant for every caller rather than one request. */
export const BROADCAST_ID = -1;

/** `Progress` types the work progress where one worker's messages are read (tests). */
export type WorkerToMain<Progress = unknown> =
  /**
   * A model (or other shared resource) the request waits for is loading. Not the request's own
   * progress: several requests may wait for one load, and the page shows every load, whoever
   * asked (the Models panel).
   */
  | { kind: 'load-progress'; id: number; progress: LoadProgress }
  | { kind: 'work-progress'; id: number; progress: Progress }
  | { kind: 'token'; id: number; text: string }
  | { kind: 'result'; id: number; result: unknown }
  | { kind: 'error'; id: number; error: SerializedError }
  /** Something went wrong that did not stop the request, e.g. weights that could not be cached. */
  | { kind: 'warning'; id: number; warning: SerializedError }
  /** Liveness answers: the lock of a `watch` is held; a `ping` was read. */
  | { kind: 'watching'; id: number; lockName: string }
  | { kind: 'pong'; id: number };

// ---------------------------------------------------------------------------------------------
// Guards, used at the boundary where data arrives untyped

const WORKER_TO_MAIN_KINDS: ReadonlySet<unknown> = new Set<WorkerToMain['kind']>([
  'load-progress',
  'work-progress',
  'token',
  'result',
  'error',
  'warning',
  'watching',
  'pong',
]);

export function isWorkerToMain(data: unknown): data is WorkerToMain {
  if (typeof data !== 'object' || data === null) return false;
  const message = data as { kind?: unknown; id?: unknown };
  return typeof message.id === 'number' && WORKER_TO_MAIN_KINDS.has(message.kind);
}

/** Checks the message's shape; whether `op` is one the worker knows is the serve loop's to say. */
export function isMainToWorker<T extends OperationTable<T>>(data: unknown): data is MainToWorker<T> {
  if (typeof data !== 'object' || data === null) return false;
  const message = data as { kind?: unknown; id?: unknown; op?: unknown };
  if (typeof message.id !== 'number') return false;
  if (message.kind === 'watch') return typeof (data as { lockName?: unknown }).lockName === 'string';
  return message.kind === 'cancel' || message.kind === 'ping' || (message.kind === 'request' && typeof message.op === 'string');
}
