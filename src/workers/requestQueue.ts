/**
 * Runs jobs for one model one after another, and lets a job that is still waiting for its turn
 * be cancelled at once: its promise rejects and it never starts. Pure: no transformers.js.
 */
import { cancelledError, raceAbort } from '../core';

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
