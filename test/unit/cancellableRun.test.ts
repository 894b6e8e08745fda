import { describe, expect, it } from 'vitest';
import { createRunController, runFailure } from '../../src/state/cancellableRun';
import { WorkbenchError } from '../../src/core';

describe('createRunController', () => {
  it('starts a current run with a live signal', () => {
    const run = createRunController().start();
    expect(run.isCurrent()).toBe(true);
    expect(run.signal.aborted).toBe(false);
  });

  it('starting a new run aborts the previous one and makes it stale', () => {
    const runs = createRunController();
    const first = runs.start();
    const second = runs.start();
    expect(first.signal.aborted).toBe(true);
    expect(first.isCurrent()).toBe(false);
    expect(second.signal.aborted).toBe(false);
    expect(second.isCurrent()).toBe(true);
  });

  it('a run is already stale when its abort listeners run', () => {
    const runs = createRunController();
    const first = runs.start();
    let currentOnAbort: boolean | undefined;
    first.signal.addEventListener('abort', () => (currentOnAbort = first.isCurrent()));
    runs.start();
    expect(currentOnAbort).toBe(false);
  });

  it('cancel aborts the current run and makes it stale; the next run is current', () => {
    const runs = createRunController();
    const run = runs.start();
    runs.cancel();
    expect(run.signal.aborted).toBe(true);
    expect(run.isCurrent()).toBe(false);
    const next = runs.start();
    expect(next.isCurrent()).toBe(true);
    expect(next.signal.aborted).toBe(false);
  });

  it('cancel with no run, or twice, is harmless', () => {
    const runs = createRunController();
    runs.cancel();
    const run = runs.start();
    runs.cancel();
    runs.cancel();
    expect(run.isCurrent()).toBe(false);
  });

  it('abort stops the run but keeps it current, so it can report how it ended', () => {
    const runs = createRunController();
    const run = runs.start();
    runs.abort();
    expect(run.signal.aborted).toBe(true);
    expect(run.isCurrent()).toBe(true);
    const next = runs.start();
    expect(run.isCurrent()).toBe(false);
    expect(next.signal.aborted).toBe(false);
  });

  it('controllers are independent', () => {
    const a = createRunController();
    const b = createRunController();
    const runA = a.start();
    const runB = b.start();
    a.cancel();
    expect(runA.isCurrent()).toBe(false);
    expect(runB.isCurrent()).toBe(true);
    expect(runB.signal.aborted).toBe(false);
  });
});

describe('runFailure', () => {
  it('a cancelled error is a cancelled run without an error', () => {
    expect(runFailure(new WorkbenchError('cancelled', 'Cancelled.'))).toEqual({ status: 'cancelled', error: null });
  });

  it('anything else is an error run carrying the error', () => {
    const error = new WorkbenchError('out-of-memory', 'OOM');
    expect(runFailure(error)).toEqual({ status: 'error', error });
    const plain = new Error('boom');
    expect(runFailure(plain)).toEqual({ status: 'error', error: plain });
  });
});
