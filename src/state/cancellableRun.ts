/**
 * One cancellable run at a time, for a panel's store (Classify, Summarize, Evaluate, ...).
 *
 * Starting a run aborts the one before it, and only the latest run is current: a superseded or
 * cancelled run's late answer (result, error, progress) is dropped instead of overwriting the
 * newer state.
 *
 *   const runs = createRunController();
 *   run: () => {
 *     const run = runs.start();
 *     workbench.classify(items, { signal: run.signal, onProgress: (progress) => run.isCurrent() && set({ progress }) }).then(
 *       (rows) => run.isCurrent() && set({ status: 'done', rows }),
 *       (error: unknown) => run.isCurrent() && set(runFailure(error)),
 *     );
 *   },
 *   cancel: () => {
 *     runs.cancel();
 *     set({ status: 'cancelled' });
 *   },
 */
import { isCancelled } from '../core';

export interface Run {
  /** Pass to every SDK call of the run. */
  readonly signal: AbortSignal;
  /** False once a newer run started or the run was cancelled: ignore what it reports then. */
  isCurrent(): boolean;
}

export interface RunController {
  /** Aborts the run in progress, if any, and starts a new one, which becomes the current run. */
  start(): Run;
  /** Aborts the current run and makes it stale: whatever it reports from now on is ignored. */
  cancel(): void;
  /** Aborts the current run but keeps it current, so it can still report how it ended. */
  abort(): void;
}

export function createRunController(): RunController {
  let controller: AbortController | null = null;
  /** Increments per start and per cancel; a run is current while it holds the latest value. */
  let generation = 0;

  return {
    start() {
      const mine = ++generation;
      controller?.abort();
      controller = new AbortController();
      return { signal: controller.signal, isCurrent: () => mine === generation };
    },
    cancel() {
      generation += 1;
      controller?.abort();
      controller = null;
    },
    abort() {
      controller?.abort();
    },
  };
}

/** How a current run that threw ended, as the store's status and error. */
export function runFailure(error: unknown): { status: 'cancelled'; error: null } | { status: 'error'; error: unknown } {
  return isCancelled(error) ? { status: 'cancelled', error: null } : { status: 'error', error };
}
