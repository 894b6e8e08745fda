/**
 * Cancellation of one worker request, readable while the worker is busy.
 *
 * A worker running a job rarely returns to its message queue: onnxruntime-web's runs, token
 * loops and tokenizer calls resolve as microtasks, so a `cancel` message posted by the page sits
 * unread until the whole job is over (issue 10 measured 6.4 s of work after a cancel). Two ways
 * through, both used:
 * - a shared flag: when the page is cross-origin isolated, every request carries a 4-byte
 *   SharedArrayBuffer; the page sets it with `Atomics.store` the moment the call is aborted, and
 *   the worker reads it synchronously at every checkpoint (between batches, before every forward
 *   pass, in the streamer);
 * - a macrotask yield at each checkpoint where shared memory is unavailable (a page served without
 *   COOP/COEP), so the `cancel` message gets its turn.
 * Even with the flag, a checkpoint yields once the thread has not done so for a while, so the
 * worker still answers the page's heartbeat during long jobs.
 *
 * Pure: no DOM or transformers.js; Node tests run it with real SharedArrayBuffers.
 */
import { cancelledError, nextTask } from '../core';

/** The value of a request's shared flag once it is cancelled (0 while it runs). */
const CANCELLED = 1;
/** With a shared flag, the longest a job runs between two yields to the event loop, in ms. */
export const MAX_MS_WITHOUT_YIELD = 250;

/** A flag the page can set and the worker can read without a message; undefined where shared memory is off. */
export function newCancelFlag(): SharedArrayBuffer | undefined {
  if (typeof SharedArrayBuffer !== 'function') return undefined;
  try {
    return new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
  } catch {
    return undefined;
  }
}

/** The page's side: marks the request cancelled for a worker that is too busy to read messages. */
export function raiseCancelFlag(flag: SharedArrayBuffer | undefined): void {
  if (flag) Atomics.store(new Int32Array(flag), 0, CANCELLED);
}

export class RequestCancellation {
  private readonly controller = new AbortController();
  private readonly flag: Int32Array | null;
  private lastYield = performance.now();

  constructor(sharedFlag?: SharedArrayBuffer) {
    this.flag = sharedFlag instanceof SharedArrayBuffer ? new Int32Array(sharedFlag) : null;
  }

  /** Aborts when the request is cancelled, by message or (once read at a checkpoint) by the flag. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** The page's `cancel` message arrived. */
  cancel(): void {
    this.controller.abort();
  }

  /** Whether the request is cancelled; reads the shared flag, so it is current even mid-job. */
  get cancelled(): boolean {
    if (!this.controller.signal.aborted && this.flag !== null && Atomics.load(this.flag, 0) === CANCELLED) {
      this.controller.abort();
    }
    return this.controller.signal.aborted;
  }

  /** For synchronous callbacks (the token streamer): throws `cancelled` if the request is. */
  throwIfCancelled(): void {
    if (this.cancelled) throw cancelledError();
  }

  /**
   * Between two units of work: throws `cancelled` if the request is. Without a shared flag it
   * first lets queued messages run (so a cancel can arrive); with one, only when the thread has
   * not yielded for MAX_MS_WITHOUT_YIELD.
   */
  async checkpoint(): Promise<void> {
    this.throwIfCancelled();
    if (this.flag !== null && performance.now() - this.lastYield < MAX_MS_WITHOUT_YIELD) return;
    await nextTask();
    this.lastYield = performance.now();
    this.throwIfCancelled();
  }
}
