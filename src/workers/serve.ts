/**
 * The worker's end of the transport, one message loop for every worker (inference, training,
 * analysis, and the Node worker thread the integration tests run the engine on). A worker hands
 * it its operations; the loop runs each request with a context to report through, answers cancels,
 * heartbeats and the liveness lock straight from the message queue, and makes sure a request
 * settles exactly once: with its result, its error, or (on cancel) `cancelled` at once, after which
 * neither its result nor its error is sent.
 */
import { cancelledError, toSerializedError, WorkbenchError, type LoadProgress, type SerializedError } from '../core';
import { RequestCancellation } from './cancellation';
import { isMainToWorker, type AnyOperation, type OperationName, type OperationTable, type RequestMessage, type WorkerToMain } from './messages';

/** One request as its operation sees it: how to notice a cancel, and where to report. */
export interface RequestContext<Op extends AnyOperation = AnyOperation> {
  readonly id: number;
  /** Aborts when the page cancels (by message, or once the shared flag is read at a checkpoint). */
  readonly signal: AbortSignal;
  /** Checkpoints for long work; reads the page's shared cancel flag even while the thread is busy. */
  readonly cancellation: RequestCancellation;
  progress(progress: Op['progress']): void;
  /** Streams a piece of the operation's text. */
  token(text: Op['token']): void;
  /** Progress of a model load this request waits for. */
  loadProgress(progress: LoadProgress): void;
}

/** The worker's operations, one function each, typed by its operations table. */
export type OperationHandlers<T extends OperationTable<T>> = {
  [K in OperationName<T>]: (params: T[K]['params'], context: RequestContext<T[K]>) => Promise<T[K]['result']> | T[K]['result'];
};

export interface WorkerService<T extends OperationTable<T>> {
  readonly operations: OperationHandlers<T>;
  /**
   * What a failed request tells the page. Default: `toSerializedError(error, 'run')`. The engine
   * uses it to say `load-failed` for a load and to drop a model whose session failed.
   */
  describeFailure?(error: unknown, request: RequestMessage<T>): SerializedError;
}

export type Post = (message: WorkerToMain) => void;

/** The part of the Web Locks API the worker uses (absent in Node). */
interface LockRequester {
  request(name: string, callback: () => Promise<void>): Promise<unknown>;
}

/**
 * Holds the lock `name` until this worker ends, however it ends: the browser releases a worker's
 * locks when it terminates, closes itself or crashes, which is how the page learns of it.
 */
function holdForLife(locks: LockRequester, name: string): Promise<void> {
  return new Promise((held) => {
    void locks.request(name, () => {
      held();
      return new Promise<void>(() => undefined);
    });
  });
}

/**
 * Returns the handler for the worker's `message` events. Its promise settles when a request has
 * been answered (at once for other messages), for the Node harness that waits on one request.
 */
export function serveWorker<T extends OperationTable<T>>(service: WorkerService<T>, post: Post, locks?: LockRequester): (data: unknown) => Promise<void> {
  const running = new Map<number, RequestCancellation>();

  async function run(request: RequestMessage<T>): Promise<void> {
    const { id } = request;
    const cancellation = new RequestCancellation(request.cancelFlag);
    running.set(id, cancellation);
    // Reports go out as the operation makes them, even after a cancel: they show where the work
    // really stopped (the page ignores them; the e2e tests read them to measure cancel latency).
    const context: RequestContext = {
      id,
      signal: cancellation.signal,
      cancellation,
      progress: (progress) => post({ kind: 'work-progress', id, progress }),
      token: (text) => post({ kind: 'token', id, text }),
      loadProgress: (progress) => post({ kind: 'load-progress', id, progress }),
    };
    try {
      // Own properties only: an op named `toString` or `constructor` is unknown, not Object's.
      if (!Object.hasOwn(service.operations, request.op)) throw new WorkbenchError('bad-input', `This worker has no operation "${request.op}".`);
      // The table guarantees each handler matches its op; TypeScript cannot follow that through a lookup.
      const operation = service.operations[request.op] as (params: unknown, context: RequestContext) => unknown;
      const result = await operation(request.params, context);
      if (!cancellation.cancelled) post({ kind: 'result', id, result });
    } catch (error) {
      if (!cancellation.cancelled) post({ kind: 'error', id, error: service.describeFailure?.(error, request) ?? toSerializedError(error, 'run') });
    } finally {
      running.delete(id);
    }
  }

  /** Answers at once; the work itself stops at its next checkpoint. */
  function cancel(id: number): void {
    const cancellation = running.get(id);
    if (!cancellation || cancellation.signal.aborted) return;
    cancellation.cancel();
    post({ kind: 'error', id, error: cancelledError().toJSON() });
  }

  return async (data) => {
    if (!isMainToWorker<T>(data)) return;
    switch (data.kind) {
      case 'request':
        return run(data);
      case 'cancel':
        cancel(data.id);
        return;
      case 'ping':
        post({ kind: 'pong', id: data.id });
        return;
      case 'watch':
        // Without Web Locks there is no answer, and the page relies on error events and the heartbeat.
        if (locks) void holdForLife(locks, data.lockName).then(() => post({ kind: 'watching', id: data.id, lockName: data.lockName }));
        return;
    }
  };
}
