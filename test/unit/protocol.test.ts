import { describe, expect, it } from 'vitest';
import { isCancelled, toSerializedError, WorkbenchError } from '../../src/core';
import { isMainToWorker, isWorkerToMain } from '../../src/workers/messages';

describe('toSerializedError', () => {
  it('keeps a WorkbenchError as it is', () => {
    const error = new WorkbenchError('bad-input', 'The text is empty.');
    expect(toSerializedError(error, 'run')).toEqual({ code: 'bad-input', message: 'The text is empty.', detail: undefined });
  });

  it('maps a missing file during load to model-not-found, anything else during load to load-failed', () => {
    const missing = new Error('Could not locate file: "https://huggingface.co/x/y/resolve/main/config.json".');
    expect(toSerializedError(missing, 'load').code).toBe('model-not-found');
    expect(toSerializedError(new Error('protobuf parsing failed'), 'load').code).toBe('load-failed');
  });

  it('recognises out-of-memory failures in either phase', () => {
    expect(toSerializedError(new RangeError('Array buffer allocation failed'), 'load').code).toBe('out-of-memory');
    expect(toSerializedError(new Error('std::bad_alloc'), 'run').code).toBe('out-of-memory');
  });

  it('maps an AbortError to cancelled and other run failures to internal, keeping the original text', () => {
    const abort = Object.assign(new Error('The operation was aborted'), { name: 'AbortError' });
    expect(toSerializedError(abort, 'load').code).toBe('cancelled');
    const failure = toSerializedError(new TypeError('cannot read x'), 'run');
    expect(failure).toMatchObject({ code: 'internal', detail: 'TypeError: cannot read x' });
  });

  it('round-trips through postMessage-safe JSON', () => {
    const original = new WorkbenchError('storage-full', 'Disk full', 'QuotaExceededError');
    const copy = WorkbenchError.from(structuredClone(original.toJSON()));
    expect(copy).toBeInstanceOf(WorkbenchError);
    expect([copy.code, copy.message, copy.detail]).toEqual(['storage-full', 'Disk full', 'QuotaExceededError']);
  });

  it('names every error WorkbenchError, cancelled ones included, which stay recognisable as aborts', () => {
    const reason = new DOMException('The user aborted', 'AbortError');
    const cancelled = new WorkbenchError('cancelled', 'Cancelled.', undefined, { cause: reason });
    expect(cancelled).toBeInstanceOf(WorkbenchError);
    expect(cancelled.name).toBe('WorkbenchError');
    expect(cancelled.cause).toBe(reason);
    expect(isCancelled(cancelled)).toBe(true);
    expect(isCancelled(reason)).toBe(true);
    expect(isCancelled(new WorkbenchError('internal', 'x'))).toBe(false);
  });

  it('carries workerReplaced across the boundary, and sets it for faults of the WebAssembly machine', () => {
    const fault = toSerializedError(new WebAssembly.RuntimeError('unreachable'), 'run');
    expect(fault).toMatchObject({ code: 'internal', workerReplaced: true });
    expect(WorkbenchError.from(structuredClone(fault)).workerReplaced).toBe(true);
    expect(toSerializedError(new Error('failed to call OrtRun(). ERROR_CODE: 2'), 'run').workerReplaced).toBeUndefined();
  });
});

describe('typed reasons', () => {
  it("carries the hub-unreachable reason through the engine's load errors and structured clone", () => {
    const failure = new WorkbenchError('load-failed', 'huggingface.co cannot be reached.', 'TypeError: Failed to fetch', { reason: 'hub-unreachable' });
    const serialized = toSerializedError(failure, 'load');
    expect(serialized).toMatchObject({ code: 'load-failed', reason: 'hub-unreachable' });
    expect(WorkbenchError.from(structuredClone(serialized)).reason).toBe('hub-unreachable');
  });

  it('gives no reason to an error whose text only looks like a network failure', () => {
    const serialized = toSerializedError(new TypeError('Failed to fetch'), 'load');
    expect(serialized.code).toBe('load-failed');
    expect(serialized).not.toHaveProperty('reason');
  });
});

describe('message guards', () => {
  it('accept well-formed messages and reject everything else', () => {
    expect(isWorkerToMain({ kind: 'token', id: 3, text: 'a' })).toBe(true);
    expect(isWorkerToMain({ kind: 'token', id: '3' })).toBe(false);
    expect(isWorkerToMain({ kind: 'shout', id: 3 })).toBe(false);
    expect(isWorkerToMain(null)).toBe(false);
    expect(isMainToWorker({ kind: 'cancel', id: 1 })).toBe(true);
    expect(isMainToWorker({ kind: 'request', id: 1, op: 'classify', params: {} })).toBe(true);
    expect(isMainToWorker({ kind: 'request', id: 1 })).toBe(false);
    expect(isMainToWorker('cancel')).toBe(false);
  });
});
