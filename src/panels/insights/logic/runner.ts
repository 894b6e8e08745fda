/**
 * Runs a long per-row job (sentiment, embeddings) in chunks, saving each finished chunk with
 * its progress in one transaction (`saveRunChunk`). Whatever stops the run (Cancel, an error, a
 * closed tab, a crash) loses at most the chunk in flight; calling `runChunked` again for the same
 * run resumes with the rows still missing (`loadRunResults().remaining`). The run lock keeps two
 * tabs from running the same rows.
 */
import type { RunRecord, RunsRepository } from '../../../storage/repositories';
import { cancelledError, isCancelled, reason, refusal } from '../../../core';
import { contiguousChunks, type RowChunk } from './chunks';

export interface ChunkedRunOptions<R> {
  runs: RunsRepository;
  /** The run to start or resume; created when the workspace does not have it yet. */
  run: RunRecord;
  /** Rows per saved chunk. */
  chunkSize: number;
  signal: AbortSignal;
  /** Results for the chunk's rows, in order. `onPartial(rows)` reports progress inside the chunk. */
  process(chunk: RowChunk, signal: AbortSignal, onPartial: (rows: number) => void): Promise<R[]>;
  /**
   * What a row costs to run relative to the others (default 1 each). The progress's `work` adds
   * it up, so an ETA holds when the rows left are longer or shorter than the rows done.
   */
  rowCost?(index: number): number;
  onProgress?(progress: ChunkedRunProgress): void;
  /** After a chunk is saved; `results` are rows `chunk.indices`. */
  onChunkSaved?(chunk: RowChunk, results: R[], run: RunRecord): void;
  /** Before the first chunk, with everything saved so far (a resume starts from here). */
  onResume?(saved: { results: unknown[]; finished: boolean[] }): void;
}

export interface ChunkedRunProgress {
  /** Rows finished (saved + in flight) of `total`. */
  done: number;
  total: number;
  /** The cost (`rowCost`) of the rows this call runs, done so far and in all. */
  work: { done: number; total: number };
  /**
   * At the start and after each saved chunk, where the figures are exact; inside a chunk they are
   * the job's estimate (see rowsWorthDone), which later reports refine.
   */
  settled: boolean;
}

export type ChunkedRunOutcome = { status: 'done'; run: RunRecord } | { status: 'locked' };

async function setStatus(runs: RunsRepository, runId: string, status: RunRecord['status'], error?: string): Promise<void> {
  const current = await runs.get(runId);
  if (!current) return;
  await runs.put({ ...current, status, updatedAt: Date.now(), ...(error === undefined ? {} : { error }) });
}

export async function runChunked<R>(options: ChunkedRunOptions<R>): Promise<ChunkedRunOutcome> {
  const { runs, run, signal } = options;
  if (signal.aborted) throw cancelledError();
  const locked = await runs.withLock(run.id, async (): Promise<RunRecord> => {
    // A stored run that does not fit the rows at hand (damaged, or from another dataset) is never
    // resumed: its total would size the result arrays.
    const { run: existing, problem: damaged } = await runs.getChecked(run.id, run.total);
    if (damaged) throw refusal(reason('runDamaged', { kind: run.kind, problem: damaged }));
    if (!existing) await runs.put(run);
    const saved = await runs.loadResults(run.id, { rowCount: run.total });
    options.onResume?.({ results: saved.results, finished: saved.finished });
    const total = existing?.total ?? run.total;
    let done = saved.finished.filter(Boolean).length;
    let nextChunk = saved.nextChunk;
    let record: RunRecord = { ...(existing ?? run), status: 'running', done, updatedAt: Date.now() };
    const { error: _previousError, ...clean } = record;
    record = clean;
    await runs.put(record);
    const costOf = (indices: readonly number[]) => (options.rowCost ? indices.reduce((sum, index) => sum + options.rowCost!(index), 0) : indices.length);
    const work = { done: 0, total: costOf(saved.remaining) };
    options.onProgress?.({ done, total, work: { ...work }, settled: true });
    try {
      for (const chunk of contiguousChunks(saved.remaining, options.chunkSize)) {
        if (signal.aborted) throw cancelledError();
        const chunkCost = costOf(chunk.indices);
        const results = await options.process(chunk, signal, (rows) => {
          const share = Math.min(rows, chunk.indices.length) / chunk.indices.length;
          options.onProgress?.({
            done: done + Math.min(rows, chunk.indices.length),
            total,
            work: { done: work.done + share * chunkCost, total: work.total },
            settled: false,
          });
        });
        if (signal.aborted) throw cancelledError();
        done += chunk.indices.length;
        work.done += chunkCost;
        record = await runs.saveChunk(run.id, nextChunk++, chunk.startIndex, results, { done, status: done >= total ? 'done' : 'running' });
        options.onChunkSaved?.(chunk, results, record);
        options.onProgress?.({ done, total, work: { ...work }, settled: true });
      }
      if (record.status !== 'done') {
        record = { ...record, status: 'done', updatedAt: Date.now() };
        await runs.put(record);
      }
      return record;
    } catch (error) {
      // Saved chunks stay; the status tells the next visit why the run stopped.
      const cancelled = isCancelled(error) || signal.aborted;
      await setStatus(runs, run.id, cancelled ? 'cancelled' : 'failed', cancelled ? undefined : String((error as Error)?.message ?? error)).catch(
        () => undefined,
      );
      throw cancelled ? cancelledError() : error;
    }
  });
  return locked.acquired ? { status: 'done', run: locked.value } : { status: 'locked' };
}
