// The chunked runner against the real workspace database (fake-indexeddb), as the app uses it.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { runChunked, type ChunkedRunProgress } from '../../../../src/panels/insights/logic/runner';
import { createRepositories } from '../../../../src/storage/repositories';
import { Workspace, type LockManagerLike, type RunRecord } from '../../../../src/storage/workspace';
import { isCancelled, WorkbenchError } from '../../../../src/core';

/** A workspace holding the dataset `ds-1` the runs belong to (runs of a missing dataset are refused). */
async function freshWorkspace(locks: LockManagerLike | null = null): Promise<Workspace> {
  const workspace = new Workspace({ dbName: `runner-${Math.random()}`, idbFactory: new IDBFactory(), locks, channel: null });
  const dataset = { id: 'ds-1', name: 'ds', createdAt: 1, updatedAt: 1, source: { format: 'csv' }, columns: ['text'], mapping: { text: 'text' }, rowCount: 10 };
  await workspace.saveDataset(
    dataset,
    Array.from({ length: 10 }, (_, i) => ({ text: `row ${i}` })),
  );
  return workspace;
}

function newRun(total: number): RunRecord {
  return { id: 'run-1', datasetId: 'ds-1', kind: 'sentiment', status: 'running', total, done: 0, startedAt: 1, updatedAt: 1 };
}

const double = async (chunk: { indices: number[] }) => chunk.indices.map((i) => i * 2);

describe('runChunked', () => {
  it('runs every row in chunks, saving each, and marks the run done', async () => {
    const workspace = await freshWorkspace();
    const seen: number[][] = [];
    const outcome = await runChunked<number>({
      runs: createRepositories(workspace).runs,
      run: newRun(10),
      chunkSize: 4,
      signal: new AbortController().signal,
      process: async (chunk) => {
        seen.push(chunk.indices);
        return double(chunk);
      },
    });
    expect(outcome.status).toBe('done');
    expect(seen).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
      [8, 9],
    ]);
    const saved = await workspace.loadRunResults('run-1');
    expect(saved.results).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18]);
    expect(saved.run?.status).toBe('done');
    expect(saved.run?.done).toBe(10);
  });

  it('keeps finished chunks when cancelled, and a second call resumes with the rest only', async () => {
    const workspace = await freshWorkspace();
    const controller = new AbortController();
    const first: number[][] = [];
    await expect(
      runChunked<number>({
        runs: createRepositories(workspace).runs,
        run: newRun(10),
        chunkSize: 4,
        signal: controller.signal,
        process: async (chunk) => {
          first.push(chunk.indices);
          if (first.length === 2) {
            controller.abort(); // the user presses Cancel while the second chunk runs
            throw new WorkbenchError('cancelled', 'Cancelled.');
          }
          return double(chunk);
        },
      }),
    ).rejects.toSatisfy(isCancelled);
    const partial = await workspace.loadRunResults('run-1');
    expect(partial.run?.status).toBe('cancelled');
    expect(partial.run?.done).toBe(4);
    expect(partial.remaining).toEqual([4, 5, 6, 7, 8, 9]);

    const second: number[][] = [];
    const resumed: unknown[][] = [];
    await runChunked<number>({
      runs: createRepositories(workspace).runs,
      run: newRun(10),
      chunkSize: 4,
      signal: new AbortController().signal,
      onResume: (saved) => resumed.push(saved.results),
      process: async (chunk) => {
        second.push(chunk.indices);
        return double(chunk);
      },
    });
    expect(second).toEqual([
      [4, 5, 6, 7],
      [8, 9],
    ]);
    expect(resumed[0]?.slice(0, 4)).toEqual([0, 2, 4, 6]);
    const saved = await workspace.loadRunResults('run-1');
    expect(saved.results).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18]);
    expect(saved.run?.status).toBe('done');
  });

  it('records a failure with its message and keeps what was saved', async () => {
    const workspace = await freshWorkspace();
    await expect(
      runChunked<number>({
        runs: createRepositories(workspace).runs,
        run: newRun(6),
        chunkSize: 3,
        signal: new AbortController().signal,
        process: async (chunk) => {
          if (chunk.startIndex === 3) throw new Error('model crashed');
          return double(chunk);
        },
      }),
    ).rejects.toThrow('model crashed');
    const saved = await workspace.loadRunResults('run-1');
    expect(saved.run?.status).toBe('failed');
    expect(saved.run?.error).toBe('model crashed');
    expect(saved.remaining).toEqual([3, 4, 5]);
  });

  it('does not run rows another tab is running (lock taken)', async () => {
    // Another tab holds the lock: the Web Locks API calls back with null when ifAvailable fails.
    const busy: LockManagerLike = {
      request: <T>(_name: string, _options: { ifAvailable: boolean }, callback: (lock: unknown) => T) => Promise.resolve(callback(null)) as Promise<Awaited<T>>,
    };
    let ran = false;
    const outcome = await runChunked<number>({
      runs: createRepositories(await freshWorkspace(busy)).runs,
      run: newRun(3),
      chunkSize: 3,
      signal: new AbortController().signal,
      process: async (chunk) => {
        ran = true;
        return double(chunk);
      },
    });
    expect(outcome).toEqual({ status: 'locked' });
    expect(ran).toBe(false);
  });

  it('reports progress inside a chunk and after each save, with the cost of the rows done', async () => {
    const progress: ChunkedRunProgress[] = [];
    await runChunked<number>({
      runs: createRepositories(await freshWorkspace()).runs,
      run: newRun(4),
      chunkSize: 2,
      signal: new AbortController().signal,
      rowCost: (index) => [1, 1, 3, 5][index]!,
      onProgress: (p) => progress.push(p),
      process: async (chunk, _signal, onPartial) => {
        onPartial(1);
        return double(chunk);
      },
    });
    expect(progress.map((p) => [p.done, p.total, p.settled])).toEqual([
      [0, 4, true],
      [1, 4, false],
      [2, 4, true],
      [3, 4, false],
      [4, 4, true],
    ]);
    // Rows 2 and 3 cost 8 of the 10: half of that chunk is 4.
    expect(progress.map((p) => p.work)).toEqual([
      { done: 0, total: 10 },
      { done: 1, total: 10 },
      { done: 2, total: 10 },
      { done: 6, total: 10 },
      { done: 10, total: 10 },
    ]);
  });
});
