/**
 * The shell's reliability state (src/app/reliability.ts): storage-full problems are listed once
 * each with a count, a reload-requiring conflict outranks a blocked upgrade, and the workspace's
 * listeners feed the store.
 */
import 'fake-indexeddb/auto';
import { IDBFactory, IDBObjectStore } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  addStorageProblem,
  isNewerSchemaError,
  isStorageWarning,
  MAX_STORAGE_PROBLEMS,
  nextConflict,
  reportWarning,
  startReliability,
  useReliability,
} from '../../src/app/reliability';
import { Workspace } from '../../src/storage/workspace';
import { WorkbenchError } from '../../src/core';

afterEach(() => {
  vi.restoreAllMocks();
  useReliability.setState({ storageProblems: [], tabConflict: null });
});

describe('addStorageProblem', () => {
  it('counts a repeated message once and moves it to the top', () => {
    let list = addStorageProblem([], { source: 'workspace', message: 'A' }, 1);
    list = addStorageProblem(list, { source: 'models', message: 'B' }, 2);
    list = addStorageProblem(list, { source: 'workspace', message: 'A', detail: 'QuotaExceededError' }, 3);
    expect(list).toEqual([
      { source: 'workspace', message: 'A', detail: 'QuotaExceededError', count: 2, at: 3 },
      { source: 'models', message: 'B', detail: undefined, count: 1, at: 2 },
    ]);
  });

  it(`keeps the ${MAX_STORAGE_PROBLEMS} most recent distinct problems`, () => {
    let list = addStorageProblem([], { source: 'workspace', message: 'first' }, 0);
    for (let i = 1; i <= MAX_STORAGE_PROBLEMS; i++) list = addStorageProblem(list, { source: 'workspace', message: `m${i}` }, i);
    expect(list).toHaveLength(MAX_STORAGE_PROBLEMS);
    expect(list.map((p) => p.message)).not.toContain('first');
  });
});

describe('nextConflict', () => {
  it('an upgrade or deletion outranks a blocked upgrade, not the other way round', () => {
    const blocked = { kind: 'blocked', oldVersion: 1, newVersion: 2 } as const;
    const upgraded = { kind: 'upgraded', newVersion: 2 } as const;
    expect(nextConflict(null, blocked)).toBe(blocked);
    expect(nextConflict(blocked, upgraded)).toBe(upgraded);
    expect(nextConflict(upgraded, blocked)).toBe(upgraded);
    expect(nextConflict(upgraded, { kind: 'deleted' })).toEqual({ kind: 'deleted' });
  });
});

describe('warnings and errors', () => {
  it('only storage-full warnings go to the storage banner', () => {
    expect(isStorageWarning({ code: 'storage-full', message: 'full' })).toBe(true);
    expect(isStorageWarning({ code: 'internal', message: 'other' })).toBe(false);
    reportWarning({ code: 'internal', message: 'other' });
    reportWarning({ code: 'storage-full', message: 'Could not save "onnx/model.onnx" of model x' });
    expect(useReliability.getState().storageProblems).toMatchObject([{ source: 'models', message: 'Could not save "onnx/model.onnx" of model x' }]);
  });

  it('recognises the workspace error for a schema newer than this code', () => {
    expect(
      isNewerSchemaError(
        new WorkbenchError('internal', 'upgraded elsewhere', 'VersionError: The requested version (1) is less than the existing version (2).'),
      ),
    ).toBe(true);
    expect(isNewerSchemaError(new WorkbenchError('internal', 'x', 'UnknownError: y'))).toBe(false);
    expect(isNewerSchemaError(null)).toBe(false);
  });
});

describe('startReliability', () => {
  it('turns the workspace events into banner state', async () => {
    const workspace = new Workspace({ idbFactory: new IDBFactory(), locks: null });
    const stop = startReliability(workspace);
    try {
      expect(startReliability(workspace)).toBe(stop); // idempotent (StrictMode runs effects twice)

      vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
        throw new DOMException('full', 'QuotaExceededError');
      });
      await expect(workspace.put('drafts', { id: 'd', title: 'Launch notes', text: '', createdAt: 0, updatedAt: 0 })).rejects.toMatchObject({
        code: 'storage-full',
      });
      const [problem] = useReliability.getState().storageProblems;
      expect(problem).toMatchObject({ source: 'workspace', count: 1 });
      expect(problem?.message).toMatch(/Could not save the draft "Launch notes".*storage is full/);

      useReliability.getState().dismissStorageProblems();
      expect(useReliability.getState().storageProblems).toEqual([]);
    } finally {
      stop();
      workspace.close();
    }
  });
});
