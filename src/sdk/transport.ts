/**
 * The page's end of every worker (inference, training, analysis), typed by the worker's
 * operations table (src/workers/messages.ts): numbers requests, routes progress, tokens, results
 * and errors back to their callers, turns an AbortSignal into a cancel, and replaces the worker
 * when it dies, hangs or reports that it is broken. Every pending call settles: with its result,
 * its error, `cancelled` the moment its signal aborts, or `worker-crashed` if the worker goes away
 * under it. Cancelling one call never settles another.
 *
 * Liveness, three ways: the worker's `error` events; a Web Lock the worker holds for its whole
 * life (granted to the page the moment the worker is gone, even when it closed itself without an
 * error); and a heartbeat while calls are pending (a worker silent for `heartbeatTimeoutMs`
 * counts as hung).
 */
import { WorkbenchError, type LoadProgress, type SerializedError } from '../core';
import { newCancelFlag, raiseCancelFlag } from '../workers/cancellation';
import {
  BROADCAST_ID,
  isWorkerToMain,
  type AnyOperation,
  type MainToWorker,
  type OperationName,
  type OperationTable,
  type RequestMessage,
} from '../workers/messages';

/** The part of a Worker the transport uses, so tests can hand it a fake. */
export interface WorkerLike {
  postMessage(message: unknown): void;
  terminate(): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(type: 'error' | 'messageerror', listener: (event: { message?: string }) => void): void;
}

/** One call's listeners, typed by its operation's progress and tokens. */
export interface RequestHandlers<Op extends AnyOperation = AnyOperation> {
  signal?: AbortSignal;
  onLoadProgress?: (progress: LoadProgress) => void;
  onProgress?: (progress: Op['progress']) => void;
  onToken?: (text: Op['token']) => void;
  onWarning?: (warning: SerializedError) => void;
}

interface Pending {
  worker: WorkerLike;
  resolve(value: unknown): void;
  reject(error: WorkbenchError): void;
  handlers: RequestHandlers;
  detachAbort(): void;
}

export interface TransportOptions {
  /** Names the worker in errors: "The <name> worker stopped unexpectedly." */
  name: string;
  /** Every load progress, whichever request caused it (the Models panel shows them all). */
  onAnyLoadProgress?(progress: LoadProgress): void;
  onAnyWarning?(warning: SerializedError): void;
  /** The worker died or was replaced; whatever it had loaded or been told is gone with it. */
  onWorkerLost?(): void;
  /**
   * For workers whose jobs are plain synchronous loops (k-means, epochs of training) that cannot
   * read a cancel before they finish: a cancel also ends the worker, so the work really stops and
   * the next call does not queue behind it. A worker still running other calls is not ended under
   * them (one cancel must not reject another): it is retired like a broken one, new calls go to a
   * fresh worker, and it ends once its own calls have settled.
   */
  cancelEndsWorker?: boolean;
  /** How often a worker with pending calls is pinged. */
  heartbeatIntervalMs?: number;
  /**
   * How long a worker with pending calls may stay silent (no progress, token, result or pong)
   * before it counts as hung. Generous: creating the session of a 300 MB model or one batch of a
   * real-size model keeps the worker's thread busy without a chance to answer, for many seconds on
   * a loaded machine, and replacing a worker that was only slow throws that work away. A worker
   * that exits is noticed at once anyway (its lifetime lock).
   */
  heartbeatTimeoutMs?: number;
  /** The Web Locks API used to notice a worker that exits silently; default `navigator.locks`. */
  locks?: LockRequester | null;
}

interface LockRequester {
  request(name: string, callback: () => unknown): Promise<unknown>;
}

const DEFAULT_HEARTBEAT_INTERVAL_MS = 5_000;
const DEFAULT_HEARTBEAT_TIMEOUT_MS = 120_000;

function defaultLocks(): LockRequester | null {
  const locks = (globalThis as { navigator?: { locks?: LockRequester } }).navigator?.locks;
  return locks ?? null;
}

function cancelledError(signal?: AbortSignal): WorkbenchError {
  return new WorkbenchError('cancelled', 'Cancelled.', undefined, { cause: signal?.reason });
}

export class WorkerTransport<T extends OperationTable<T>> {
  private worker: WorkerLike | null = null;
  /** Workers replaced while calls were still running on them; ended when those calls settle. */
  private readonly retiring = new Set<WorkerLike>();
  private readonly lastHeard = new Map<WorkerLike, number>();
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private disposed = false;
  private heartbeat: ReturnType<typeof setInterval> | null = null;
  private readonly heartbeatIntervalMs: number;
  private readonly heartbeatTimeoutMs: number;
  private readonly locks: LockRequester | null;

  constructor(
    private readonly createWorker: () => WorkerLike,
    private readonly options: TransportOptions,
  ) {
    this.heartbeatIntervalMs = options.heartbeatIntervalMs ?? DEFAULT_HEARTBEAT_INTERVAL_MS;
    this.heartbeatTimeoutMs = options.heartbeatTimeoutMs ?? DEFAULT_HEARTBEAT_TIMEOUT_MS;
    this.locks = options.locks === undefined ? defaultLocks() : options.locks;
  }

  get inFlight(): number {
    return this.pending.size;
  }

  request<K extends OperationName<T>>(op: K, params: T[K]['params'], handlers: RequestHandlers<T[K]> = {}): Promise<T[K]['result']> {
    if (this.disposed) return Promise.reject(new WorkbenchError('cancelled', 'The client was disposed.'));
    const { signal } = handlers;
    if (signal?.aborted) return Promise.reject(cancelledError(signal));

    const id = this.nextId++;
    const worker = this.ensureWorker();
    const cancelFlag = newCancelFlag();
    return new Promise<T[K]['result']>((resolve, reject) => {
      const onAbort = () => {
        if (!this.pending.has(id)) return;
        // The flag first: a busy worker reads it at its next checkpoint, long before the message.
        raiseCancelFlag(cancelFlag);
        this.settle(id)?.reject(cancelledError(signal));
        this.postTo(worker, { kind: 'cancel', id });
        if (this.options.cancelEndsWorker) this.retire(worker);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      if (!this.hasPendingOn(worker)) this.lastHeard.set(worker, Date.now());
      this.pending.set(id, {
        worker,
        resolve: resolve as (value: unknown) => void,
        reject,
        // Handlers of one operation, kept with the others'; receive() hands each its own messages.
        handlers: handlers as RequestHandlers,
        detachAbort: () => signal?.removeEventListener('abort', onAbort),
      });
      this.startHeartbeat();
      const message = { kind: 'request', id, op, params, cancelFlag } as RequestMessage<T>;
      try {
        worker.postMessage(message);
      } catch (error) {
        this.settle(id)?.reject(new WorkbenchError('bad-input', 'The request could not be sent to the worker.', String(error)));
      }
    });
  }

  /**
   * The next call starts a new worker; calls already running finish on the old one, which then
   * ends. For settings a worker reads only once at its start.
   */
  replaceWorker(): void {
    if (this.worker) this.retire(this.worker);
  }

  /** Ends the worker; calls still in flight reject as cancelled. */
  dispose(): void {
    this.disposed = true;
    this.failAll(new WorkbenchError('cancelled', 'The client was disposed.'));
    for (const worker of [this.worker, ...this.retiring]) worker?.terminate();
    this.retiring.clear();
    this.worker = null;
    this.stopHeartbeat();
  }

  private ensureWorker(): WorkerLike {
    if (this.worker) return this.worker;
    const worker = this.createWorker();
    worker.addEventListener('message', (event) => this.receive(worker, event.data));
    const onCrash = (event: { message?: string }) => this.crashed(worker, event.message);
    worker.addEventListener('error', onCrash);
    worker.addEventListener('messageerror', onCrash);
    this.worker = worker;
    if (this.locks) {
      const lockName = `llmaos-${this.options.name}-worker-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
      this.postTo(worker, { kind: 'watch', id: BROADCAST_ID, lockName });
    }
    return worker;
  }

  /** The worker holds its lock: queue for it, to be granted when the worker is gone. */
  private watch(worker: WorkerLike, lockName: string): void {
    void this.locks?.request(lockName, () => {
      this.crashed(worker, 'The worker exited without an error (its lifetime lock was released).');
    });
  }

  private isLive(worker: WorkerLike): boolean {
    return this.worker === worker || this.retiring.has(worker);
  }

  private crashed(worker: WorkerLike, reason: string | undefined): void {
    if (!this.isLive(worker)) return;
    this.forget(worker);
    worker.terminate();
    this.failAllOn(
      worker,
      new WorkbenchError('worker-crashed', `The ${this.options.name} worker stopped unexpectedly. Your next request starts a new one.`, reason),
    );
  }

  /**
   * New calls go to a fresh worker at once, and this one ends when the calls already running on
   * it have settled (they are not failed for another's fault). For a worker that said it may be
   * broken, and for a cancel when `cancelEndsWorker`.
   */
  private retire(worker: WorkerLike): void {
    if (this.worker !== worker) return;
    this.worker = null;
    this.options.onWorkerLost?.();
    if (this.hasPendingOn(worker)) this.retiring.add(worker);
    else this.end(worker);
  }

  private forget(worker: WorkerLike): void {
    if (this.worker === worker) {
      this.worker = null;
      this.options.onWorkerLost?.();
    }
    this.retiring.delete(worker);
    this.lastHeard.delete(worker);
  }

  private end(worker: WorkerLike): void {
    this.forget(worker);
    worker.terminate();
  }

  private receive(worker: WorkerLike, data: unknown): void {
    if (!isWorkerToMain(data)) return;
    this.lastHeard.set(worker, Date.now());
    if (data.kind === 'watching') {
      this.watch(worker, data.lockName);
      return;
    }
    if (data.kind === 'pong') return;
    if (data.id === BROADCAST_ID) {
      if (data.kind === 'warning') {
        this.options.onAnyWarning?.(data.warning);
        for (const pending of this.pending.values()) pending.handlers.onWarning?.(data.warning);
      }
      return;
    }
    if (data.kind === 'load-progress') this.options.onAnyLoadProgress?.(data.progress);
    const pending = this.pending.get(data.id);
    if (!pending) return; // a request cancelled here may still report until the worker hears of it
    switch (data.kind) {
      case 'load-progress':
        pending.handlers.onLoadProgress?.(data.progress);
        break;
      case 'work-progress':
        pending.handlers.onProgress?.(data.progress);
        break;
      case 'token':
        pending.handlers.onToken?.(data.text);
        break;
      case 'warning':
        this.options.onAnyWarning?.(data.warning);
        pending.handlers.onWarning?.(data.warning);
        break;
      case 'result':
        this.settle(data.id)?.resolve(data.result);
        break;
      case 'error':
        this.settle(data.id)?.reject(WorkbenchError.from(data.error));
        if (data.error.workerReplaced) this.retire(worker);
        break;
    }
  }

  private hasPendingOn(worker: WorkerLike): boolean {
    for (const pending of this.pending.values()) if (pending.worker === worker) return true;
    return false;
  }

  private settle(id: number): Pending | undefined {
    const pending = this.pending.get(id);
    if (!pending) return undefined;
    this.pending.delete(id);
    pending.detachAbort();
    if (this.retiring.has(pending.worker) && !this.hasPendingOn(pending.worker)) this.end(pending.worker);
    if (this.pending.size === 0) this.stopHeartbeat();
    return pending;
  }

  private failAll(error: WorkbenchError): void {
    for (const id of [...this.pending.keys()]) this.settle(id)?.reject(error);
  }

  private failAllOn(worker: WorkerLike, error: WorkbenchError): void {
    for (const [id, pending] of [...this.pending]) if (pending.worker === worker) this.settle(id)?.reject(error);
  }

  private startHeartbeat(): void {
    if (this.heartbeat !== null) return;
    this.heartbeat = setInterval(() => this.checkHeartbeats(), this.heartbeatIntervalMs);
    (this.heartbeat as { unref?: () => void }).unref?.();
  }

  private stopHeartbeat(): void {
    if (this.heartbeat === null) return;
    clearInterval(this.heartbeat);
    this.heartbeat = null;
  }

  private checkHeartbeats(): void {
    const now = Date.now();
    for (const worker of [this.worker, ...this.retiring]) {
      if (!worker || !this.hasPendingOn(worker)) continue;
      const silentMs = now - (this.lastHeard.get(worker) ?? now);
      if (silentMs > this.heartbeatTimeoutMs) {
        this.crashed(worker, `The worker did not answer for ${Math.round(silentMs / 1000)} s.`);
      } else {
        this.postTo(worker, { kind: 'ping', id: BROADCAST_ID });
      }
    }
  }

  private postTo(worker: WorkerLike, message: MainToWorker<T>): void {
    try {
      worker.postMessage(message);
    } catch {
      // The worker is gone; the caller was already answered.
    }
  }
}
