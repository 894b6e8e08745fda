/**
 * The page's side of the import worker (src/app/tableImport.ts), driven with a fake worker that
 * answers like src/workers/import.worker.ts does: rows reassembled from pieces, progress, cancel,
 * the time limit, a crash, and a session that keeps its table in the worker. The real worker runs
 * in Chromium in test/e2e/imports.spec.ts.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { importTableFile, IMPORT_TIME_LIMIT_MS, openTextSession, type ImportProgress, type ImportWorkerLike } from '../../src/app/tableImport';
import type { ImportRequest, ImportResponse } from '../../src/workers/importProtocol';
import { WorkbenchError } from '../../src/core';

class FakeWorker implements ImportWorkerLike {
  requests: ImportRequest[] = [];
  terminated = false;
  private messageListeners: Array<(event: { data: ImportResponse }) => void> = [];
  private errorListeners: Array<(event: { message?: string }) => void> = [];
  constructor(private readonly onRequest: (request: ImportRequest, worker: FakeWorker) => void = () => {}) {}
  postMessage(message: ImportRequest): void {
    this.requests.push(message);
    queueMicrotask(() => this.onRequest(message, this));
  }
  terminate(): void {
    this.terminated = true;
  }
  addEventListener(type: 'message' | 'error', listener: (event: never) => void): void {
    if (type === 'message') this.messageListeners.push(listener as (event: { data: ImportResponse }) => void);
    else this.errorListeners.push(listener as (event: { message?: string }) => void);
  }
  send(data: ImportResponse): void {
    for (const listener of this.messageListeners) listener({ data });
  }
  crash(message: string): void {
    for (const listener of this.errorListeners) listener({ message });
  }
}

const file = (name: string) => Object.assign(new Blob(['x']), { name });
const head = { columns: ['text'], format: 'csv' as const, warnings: [] };

afterEach(() => vi.useRealTimers());

describe('importTableFile', () => {
  it('reassembles the rows sent in pieces, in order, and reports each stage', async () => {
    const worker = new FakeWorker((_, w) => {
      w.send({ type: 'stage', stage: 'reading' });
      w.send({ type: 'stage', stage: 'parsing' });
      w.send({ type: 'table', head, rowCount: 5 });
      w.send({ type: 'rows', rows: [{ text: 'a' }, { text: 'b' }, { text: 'c' }] });
      w.send({ type: 'rows', rows: [{ text: 'd' }, { text: 'e' }] });
      w.send({ type: 'done' });
    });
    const progress: ImportProgress[] = [];
    const table = await importTableFile(file('f.csv'), { createWorker: () => worker, onProgress: (p) => progress.push(p) });
    expect(table.rows.map((r) => r.text)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(table.columns).toEqual(['text']);
    expect(worker.requests[0]).toMatchObject({ kind: 'file', mode: 'stream', name: 'f.csv' });
    expect(progress.map((p) => `${p.stage}:${p.rows}/${p.totalRows}`)).toEqual([
      'reading:0/0',
      'reading:0/0',
      'parsing:0/0',
      'receiving:0/5',
      'receiving:3/5',
      'receiving:5/5',
    ]);
    expect(progress.every((p) => p.limitMs === IMPORT_TIME_LIMIT_MS)).toBe(true);
    expect(worker.terminated).toBe(true);
  });

  it("passes on the worker's error with its code and reason, and ends the worker", async () => {
    const worker = new FakeWorker((_, w) =>
      w.send({ type: 'error', error: { code: 'bad-input', message: '"f.xlsx" could not be read as an Excel workbook (.xlsx).' } }),
    );
    const failure = importTableFile(file('f.xlsx'), { createWorker: () => worker });
    await expect(failure).rejects.toMatchObject({ code: 'bad-input', message: expect.stringContaining('could not be read as an Excel workbook') });
    expect(worker.terminated).toBe(true);
  });

  it('rejects a short delivery instead of returning a partial table', async () => {
    const worker = new FakeWorker((_, w) => {
      w.send({ type: 'table', head, rowCount: 3 });
      w.send({ type: 'rows', rows: [{ text: 'a' }] });
      w.send({ type: 'done' });
    });
    await expect(importTableFile(file('f.csv'), { createWorker: () => worker })).rejects.toMatchObject({
      code: 'internal',
      message: expect.stringContaining('1 of 3 rows'),
    });
  });

  it('cancels: rejects with `cancelled` at once and terminates the worker that is still parsing', async () => {
    const worker = new FakeWorker(); // never answers: a parse in the middle
    const abort = new AbortController();
    const pending = importTableFile(file('big.csv'), { createWorker: () => worker, signal: abort.signal });
    abort.abort();
    await expect(pending).rejects.toMatchObject({ code: 'cancelled' });
    expect(worker.terminated).toBe(true);
  });

  it('stops at the time limit with an error that names the limit, and terminates the worker', async () => {
    vi.useFakeTimers();
    const worker = new FakeWorker();
    const pending = importTableFile(file('slow.xlsx'), { createWorker: () => worker, timeLimitMs: 90_000 });
    const outcome = pending.then(
      () => null,
      (error: unknown) => error,
    );
    await vi.advanceTimersByTimeAsync(89_999);
    expect(worker.terminated).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const error = (await outcome) as WorkbenchError;
    expect(error).toBeInstanceOf(WorkbenchError);
    expect(error.code).toBe('bad-input');
    expect(error.message).toContain('"slow.xlsx" took longer than 1.5 minutes, the time limit');
    expect(error.detail).toBe('time-limit: 90000 ms');
    expect(worker.terminated).toBe(true);
  });

  it('a worker that crashes rejects with worker-crashed', async () => {
    const worker = new FakeWorker((_, w) => w.crash('out of memory'));
    await expect(importTableFile(file('f.csv'), { createWorker: () => worker })).rejects.toMatchObject({ code: 'worker-crashed', detail: 'out of memory' });
  });
});

describe('openTextSession', () => {
  it('keeps the table in the worker: preview and save are answered there, and save ends the worker', async () => {
    const guess = { text: 'text', date: null, rating: null, segment: null, id: null, ratingScale: null };
    const worker = new FakeWorker((request, w) => {
      if (request.kind === 'text') w.send({ type: 'kept', head, rowCount: 300_000, guess });
      if (request.kind === 'preview') {
        w.send({
          type: 'answer',
          id: request.id,
          ok: true,
          result: {
            count: 299_000,
            first: [],
            report: { total: 300_000, empty: [], duplicates: [], unparsedDates: 0, unparsedRatings: 0, warnings: [] },
            emptyCount: 1_000,
            duplicateCount: 0,
          },
        });
      }
      if (request.kind === 'save') w.send({ type: 'answer', id: request.id, ok: true, result: request.dataset.id });
    });
    const session = await openTextSession('text\na', { createWorker: () => worker });
    expect(session.rowCount).toBe(300_000);
    expect(session.guess.text).toBe('text');
    expect(worker.terminated).toBe(false);
    const preview = await session.preview({ text: 'text', date: null, rating: null, segment: null, id: null });
    expect(preview).toMatchObject({ count: 299_000, emptyCount: 1_000 });
    const id = await session.save(
      { text: 'text', date: null, rating: null, segment: null, id: null },
      { id: 'd1', name: 'n', createdAt: 1, updatedAt: 1, source: { format: 'csv' } },
    );
    expect(id).toBe('d1');
    expect(worker.terminated).toBe(true);
    // No rows were sent to the page in either direction.
    expect(worker.requests.map((r) => r.kind)).toEqual(['text', 'preview', 'save']);
  });

  it('a preview that fails (over the row limit) rejects with the reason; close cancels what is pending', async () => {
    const worker = new FakeWorker((request, w) => {
      if (request.kind === 'text')
        w.send({ type: 'kept', head, rowCount: 800_000, guess: { text: 'text', date: null, rating: null, segment: null, id: null, ratingScale: null } });
      if (request.kind === 'preview' && request.id === 1) {
        w.send({
          type: 'answer',
          id: 1,
          ok: false,
          error: { code: 'bad-input', message: 'The table has 800,000 rows; a dataset can have at most 500,000 (the limit).' },
        });
      }
    });
    const session = await openTextSession('x', { createWorker: () => worker });
    const mapping = { text: 'text', date: null, rating: null, segment: null, id: null };
    await expect(session.preview(mapping)).rejects.toMatchObject({ code: 'bad-input', message: expect.stringContaining('at most 500,000 (the limit)') });
    const pending = session.preview(mapping);
    session.close();
    await expect(pending).rejects.toMatchObject({ code: 'cancelled' });
    expect(worker.terminated).toBe(true);
  });

  it('a failed save (a full disk) keeps the table in the worker, so Import can be pressed again', async () => {
    let saves = 0;
    const worker = new FakeWorker((request, w) => {
      if (request.kind === 'text')
        w.send({ type: 'kept', head, rowCount: 2, guess: { text: 'text', date: null, rating: null, segment: null, id: null, ratingScale: null } });
      if (request.kind === 'save') {
        saves++;
        if (saves === 1) w.send({ type: 'answer', id: request.id, ok: false, error: { code: 'storage-full', message: "The browser's storage is full." } });
        else w.send({ type: 'answer', id: request.id, ok: true, result: request.dataset.id });
      }
    });
    const session = await openTextSession('text\na\nb', { createWorker: () => worker });
    const mapping = { text: 'text', date: null, rating: null, segment: null, id: null };
    const dataset = { id: 'd2', name: 'n', createdAt: 1, updatedAt: 1, source: { format: 'csv' } };
    await expect(session.save(mapping, dataset)).rejects.toMatchObject({ code: 'storage-full' });
    expect(worker.terminated).toBe(false);
    await expect(session.save(mapping, dataset)).resolves.toBe('d2');
    expect(worker.terminated).toBe(true);
  });
});
