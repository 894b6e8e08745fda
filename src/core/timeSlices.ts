/**
 * Long synchronous work (chunking 10 MB, counting tokens, training) cut into slices, so the
 * thread it runs on still hears a cancel message, renders and answers clicks. Pure: works in the
 * workers, on the page and in Node tests.
 *
 * Part of the kernel (src/core): imports nothing of the project.
 */
import { cancelledError } from './cancellation';

/**
 * Lets queued tasks (a worker's incoming messages, clicks, timers) run, then resumes. A
 * MessageChannel round trip rather than setTimeout(0), which browsers clamp to 4 ms once nested.
 */
export function nextTask(): Promise<void> {
  if (typeof MessageChannel === 'undefined') return new Promise((resolve) => setTimeout(resolve, 0));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

export interface SliceOptions {
  /** The longest stretch of work between two yields, in ms. */
  sliceMs: number;
  /** Checked after every yield (and at the start): aborted → the `cancelled` WorkbenchError. */
  signal?: AbortSignal;
  /** Called just before each yield, e.g. to report progress. */
  beforeYield?: () => void;
}

/**
 * A checkpoint to await after each step of the work: it yields to the event loop once the slice
 * is used up, then throws if `signal` aborted meanwhile.
 */
export function timeSlicer({ sliceMs, signal, beforeYield }: SliceOptions): () => Promise<void> {
  if (signal?.aborted) throw cancelledError();
  let sliceStart = performance.now();
  return async () => {
    if (performance.now() - sliceStart < sliceMs) return;
    beforeYield?.();
    await nextTask();
    if (signal?.aborted) throw cancelledError();
    sliceStart = performance.now();
  };
}
