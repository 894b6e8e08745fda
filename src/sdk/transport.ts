/**
 * The main-thread end of the worker protocol: numbers requests, routes progress, tokens, results
 * and errors back to their callers, turns an AbortSignal into a cancel message, and replaces the
 * worker when it dies. Every pending call settles: with its result, its error, `cancelled` the
 * moment its signal aborts, or `worker-crashed` if the worker goes away under it.
 */
import {
  BROADCAST_ID,
  isWorkerToMain,
  WorkbenchError,
  type LoadProgress,
  type MainToWorker,
  type OperationName,
  type ParamsOf,
  type ResultOf,
  type SerializedError,
  type WorkProgress,
} from '../workers/protocol';
import type { WorkerLike } from './types';

export interface RequestHandlers {
  signal?: AbortSignal;
  onLoadProgress?: (progress: LoadProgress) => void;
  onProgress?: (progress: WorkProgress) => void;
  onToken?: (text: string) => void;
  onWarning?: (warning: SerializedError) => void;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: WorkbenchError): void;
  handlers: RequestHandlers;
  detachAbort(): void;
}

export interface TransportEvents {
  /** Every load progress, whichever request caused it (the Models panel shows them all). */
  onAnyLoadProgress?(progress: LoadProgress): void;
  onAnyWarning?(warning: SerializedError): void;
  /** The worker died; whatever it had loaded or been told is gone with it. */
  onWorkerLost?(): void;
}

export class WorkerTransport {
  private worker: WorkerLike | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private disposed = false;

  constructor(
    private readonly createWorker: () => WorkerLike,
    private readonly events: TransportEvents = {},
  ) {}

  get inFlight(): number {
    return this.pending.size;
  }

  request<K extends OperationName>(op: K, params: ParamsOf<K>, handlers: RequestHandlers = {}): Promise<ResultOf<K>> {
    if (this.disposed) return Promise.reject(new WorkbenchError('cancelled', 'The client was disposed.'));
    const { signal } = handlers;
    if (signal?.aborted) return Promise.reject(new WorkbenchError('cancelled', 'Cancelled.'));

    const id = this.nextId++;
    const worker = this.ensureWorker();
    return new Promise<ResultOf<K>>((resolve, reject) => {
      const onAbort = () => {
        if (!this.pending.has(id)) return;
        this.settle(id)?.reject(new WorkbenchError('cancelled', 'Cancelled.'));
        this.post({ kind: 'cancel', id });
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, {
        resolve: resolve as (value: unknown) => void,
        reject,
        handlers,
        detachAbort: () => signal?.removeEventListener('abort', onAbort),
      });
      const message = { kind: 'request', id, op, params } as MainToWorker;
      try {
        worker.postMessage(message);
      } catch (error) {
        this.settle(id)?.reject(new WorkbenchError('bad-input', 'The request could not be sent to the worker.', String(error)));
      }
    });
  }

  /** Ends the worker; calls still in flight reject as cancelled. */
  dispose(): void {
    this.disposed = true;
    this.failAll(new WorkbenchError('cancelled', 'The client was disposed.'));
    this.worker?.terminate();
    this.worker = null;
  }

  private ensureWorker(): WorkerLike {
    if (this.worker) return this.worker;
    const worker = this.createWorker();
    worker.addEventListener('message', (event) => this.receive(event.data));
    const onCrash = (event: { message?: string }) => this.crashed(worker, event.message);
    worker.addEventListener('error', onCrash);
    worker.addEventListener('messageerror', onCrash);
    this.worker = worker;
    return worker;
  }

  private crashed(worker: WorkerLike, reason: string | undefined): void {
    if (this.worker !== worker) return;
    this.worker = null;
    worker.terminate();
    this.events.onWorkerLost?.();
    this.failAll(
      new WorkbenchError(
        'worker-crashed',
        'The inference worker stopped unexpectedly. Your next request starts a new one.',
        reason,
      ),
    );
  }

  private receive(data: unknown): void {
    if (!isWorkerToMain(data)) return;
    if (data.id === BROADCAST_ID) {
      if (data.kind === 'warning') {
        this.events.onAnyWarning?.(data.warning);
        for (const pending of this.pending.values()) pending.handlers.onWarning?.(data.warning);
      }
      return;
    }
    if (data.kind === 'load-progress') this.events.onAnyLoadProgress?.(data.progress);
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
        this.events.onAnyWarning?.(data.warning);
        pending.handlers.onWarning?.(data.warning);
        break;
      case 'result':
        this.settle(data.id)?.resolve(data.result);
        break;
      case 'error':
        this.settle(data.id)?.reject(WorkbenchError.from(data.error));
        break;
    }
  }

  private settle(id: number): Pending | undefined {
    const pending = this.pending.get(id);
    if (!pending) return undefined;
    this.pending.delete(id);
    pending.detachAbort();
    return pending;
  }

  private failAll(error: WorkbenchError): void {
    for (const id of [...this.pending.keys()]) this.settle(id)?.reject(error);
  }

  private post(message: MainToWorker): void {
    try {
      this.worker?.postMessage(message);
    } catch {
      // The worker is gone; the caller was already answered.
    }
  }
}
