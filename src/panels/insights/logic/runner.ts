/**
 * Runs a long per-row job (sentiment, embeddings) in chunks, saving each finished chunk with
 * its progress in one transaction (`saveRunChunk`). Whatever stops the run (Cancel, an error, a
 * closed tab, a crash) loses at most the chunk in flight; calling `runChunked` again for the same
 * run resumes with the rows still missing (`loadRunResults().remaining`). The run lock keeps two
 * tabs from running the same rows.
 */
import { runProblem } from '../../../storage/recordChecks';
import type { RunRecord, Workspace } from '../../../storage/workspace';
import { isCancelled, WorkbenchError, cancelledError } from '../../../core';
import { contiguousChunks, type RowChunk } from './chunks';

export type RunWorkspace = Pick<Workspace, 'get' | 'put' | 'loadRunResults' | 'saveRunChunk' | 'withRunLock'>;

export interface ChunkedRunOptions<R> {
  workspace: RunWorkspace;
  /** The run to start or resume; created when the workspace does not have it yet. */
  run: RunRecord;
  /** Rows per saved chunk. */
  chunkSize: number;
  signal: AbortSignal;
  /** Results for the chunk's rows, in order. `onPartial(rows)` reports progress inside the chunk. */
  process(chunk: RowChunk, signal: AbortSignal, onPartial: (rows: number) => void): Promise<R[]>;
  /** Rows finished (saved + in flight) of `total`. */
  onProgress?(done: number, total: number): void;
  /** After a chunk is saved; `results` are rows `chunk.indices`. */
  onChunkSaved?(chunk: RowChunk, results: R[], run: RunRecord): void;
  /** Before the first chunk, with everything saved so far (a resume starts from here). */
  onResume?(saved: { results: unknown[]; finished: boolean[] }): void;
}

export type ChunkedRunOutcome = { status: 'done'; run: RunRecord } | { status: 'locked' };

async function setStatus(workspace: RunWorkspace, runId: string, status: RunRecord['status'], error?: string): Promise<void> {
  const current = await workspace.get('runs', runId);
  if (!current) return;
  await workspace.put('runs', { ...current, status, updatedAt: Date.now(), ...(error === undefined ? {} : { error }) });
}

export async function runChunked<R>(options: ChunkedRunOptions<R>): Promise<ChunkedRunOutcome> {
  const { workspace, run, signal } = options;
  if (signal.aborted) throw cancelledError();
  const locked = await workspace.withRunLock(run.id, async (): Promise<RunRecord> => {
    const existing = await workspace.get('runs', run.id);
    // A stored run that does not fit the rows at hand (damaged, or from another dataset) is never
    // resumed: its total would size the result arrays.
    const damaged = existing ? runProblem(existing, run.total) : null;
    if (damaged) throw new WorkbenchError('bad-input', `The saved ${run.kind} run is damaged (${damaged}). Discard its results, then run again.`);
    if (!existing) await workspace.put('runs', run);
    const saved = await workspace.loadRunResults(run.id, { rowCount: run.total });
    options.onResume?.({ results: saved.results, finished: saved.finished });
    const total = existing?.total ?? run.total;
    let done = saved.finished.filter(Boolean).length;
    let nextChunk = saved.nextChunk;
    let record: RunRecord = { ...(existing ?? run), status: 'running', done, updatedAt: Date.now() };
    const { error: _previousError, ...clean } = record;
    record = clean;
    await workspace.put('runs', record);
    options.onProgress?.(done, total);
    try {
      for (const chunk of contiguousChunks(saved.remaining, options.chunkSize)) {
        if (signal.aborted) throw cancelledError();
        const results = await options.process(chunk, signal, (rows) => options.onProgress?.(done + Math.min(rows, chunk.indices.length), total));
        if (signal.aborted) throw cancelledError();
        done += chunk.indices.length;
        record = await workspace.saveRunChunk(run.id, nextChunk++, chunk.startIndex, results, { done, status: done >= total ? 'done' : 'running' });
        options.onChunkSaved?.(chunk, results, record);
        options.onProgress?.(done, total);
      }
      if (record.status !== 'done') {
        record = { ...record, status: 'done', updatedAt: Date.now() };
        await workspace.put('runs', record);
      }
      return record;
    } catch (error) {
      // Saved chunks stay; the status tells the next visit why the run stopped.
      const cancelled = isCancelled(error) || signal.aborted;
      await setStatus(workspace, run.id, cancelled ? 'cancelled' : 'failed', cancelled ? undefined : String((error as Error)?.message ?? error)).catch(() => undefined);
      throw cancelled ? cancelledError() : error;
    }
  });
  return locked.acquired ? { status: 'done', run: locked.value } : { status: 'locked' };
}
