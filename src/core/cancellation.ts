/**
 * Cancellation as the whole workbench signals it: an AbortSignal on the caller's side, the
 * `cancelled` WorkbenchError on the other. (The worker-side shared flag that a busy worker reads
 * mid-job is transport machinery and lives in src/workers/cancellation.ts.)
 *
 * Part of the kernel (src/core): imports nothing of the project.
 */
import { WorkbenchError } from './errors';

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
