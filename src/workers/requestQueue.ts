/**
 * Runs jobs for one model one after another, and lets a job that is still waiting for its turn
 * be cancelled at once: its promise rejects and it never starts. Pure: no transformers.js.
 */
import { WorkbenchError } from './protocol';

export function cancelledError(): WorkbenchError {
  return new WorkbenchError('cancelled', 'Cancelled.');
}

/** Rejects as soon as `signal` aborts; resolves or rejects with `promise` otherwise. */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(cancelledError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(cancelledError());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

export class SerialQueue {
  private tail: Promise<void> = Promise.resolve();
  private waiting = 0;

  /** Jobs queued or running. */
  get size(): number {
    return this.waiting;
  }

  run<T>(job: () => Promise<T>, signal: AbortSignal): Promise<T> {
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((resolve) => (release = resolve));
    this.waiting += 1;
    const turn = previous.then(async () => {
      try {
        if (signal.aborted) throw cancelledError();
        return await job();
      } finally {
        this.waiting -= 1;
        release();
      }
    });
    return raceAbort(turn, signal);
  }
}
