/**
 * The "category" column: a saved custom classifier (`custom:<name>`, trained in Customize) run
 * over every row of the open dataset. Like the sentiment stage it saves each finished chunk
 * (run `category-<datasetId>` in the workspace's runs and runResults, so backups carry it), shows
 * throttled progress, stops at once on Cancel and resumes where it stopped. Running another
 * classifier, or the same one again, replaces the column.
 */
import { deps } from '../../services/deps';
import type { RunRecord } from '../../storage/repositories';
import { isCancelled, type LoadProgress, type WorkProgress } from '../../core';
import { categoryRunId } from './logic/runIds';
import { categoryParamsOf, type CategoryRunParams, type RowCategory } from './logic/categories';
import { runChunked } from './logic/runner';
import { rowsWorthDone } from './logic/progress';
import { EMBED_BATCH, LockedError, newRun, RUN_CHUNK_ROWS } from './pipeline';
import { useInsights, type CategoryJob } from './store';

/** Texts per classify batch (embeddings + the classifier's head, in the worker): as for embeddings. */
export const CATEGORY_BATCH = EMBED_BATCH;
const PROGRESS_INTERVAL_MS = 250;
const RESULTS_INTERVAL_MS = 2000;

let controller: AbortController | null = null;

export function cancelCategories(): void {
  controller?.abort();
  controller = null;
}

export function isCategoryRunning(): boolean {
  return controller !== null;
}

/** Progress for React, at most four times a second (and always for a model-load phase change). */
function progressReporter() {
  let last = 0;
  let job: CategoryJob = { done: 0, total: 0, load: null };
  const flush = (force: boolean) => {
    const now = performance.now();
    if (!force && now - last < PROGRESS_INTERVAL_MS) return;
    last = now;
    useInsights.getState().set({ categoryJob: job });
  };
  return {
    progress(done: number, total: number) {
      job = { ...job, done, total };
      flush(false);
    },
    load(progress: LoadProgress) {
      job = { ...job, load: progress.phase === 'ready' ? null : progress };
      flush(progress.phase === 'ready');
    },
  };
}

/**
 * Categorizes every row of the open dataset with `model` (`custom:<name>`), whose categories are
 * `labels`. Resumes an unfinished run of the same classifier; otherwise starts over.
 */
export async function runCategories(model: string, labels: readonly string[]): Promise<void> {
  const { active, set } = useInsights.getState();
  if (!active || controller) return;
  const datasetId = active.record.id;
  const items = active.items;
  const runId = categoryRunId(datasetId);
  const stillOpen = () => useInsights.getState().active?.record.id === datasetId;
  const mine = new AbortController();
  controller = mine;
  set({ categoryStatus: 'running', categoryError: null, categoryJob: { done: 0, total: items.length, load: null } });
  const { runs } = deps().repositories;
  try {
    // The saved run decides (another tab may have changed it): resume only the same classifier's unfinished run.
    const saved = await runs.get(runId);
    const savedModel = categoryParamsOf(saved?.params)?.model;
    if (saved && (savedModel !== model || saved.status === 'done')) {
      await runs.delete(runId);
      const { filter } = useInsights.getState();
      set({ categories: new Array(items.length), categoryRun: null, filter: { ...filter, category: undefined } });
    }
    const resuming = saved !== undefined && savedModel === model && saved.status !== 'done';
    const params: CategoryRunParams = { model, labels: [...labels], chunkRows: RUN_CHUNK_ROWS };
    const run = resuming && saved ? saved : newRun(runId, datasetId, 'category', items.length, params);
    const reporter = progressReporter();

    let pending: Array<RowCategory | undefined> | null = null;
    let latestRun: RunRecord | null = null;
    let lastResults = 0;
    const publish = (force: boolean) => {
      const time = performance.now();
      if (!pending || (!force && time - lastResults < RESULTS_INTERVAL_MS) || !stillOpen()) return;
      lastResults = time;
      useInsights.getState().set({ categories: pending, ...(latestRun ? { categoryRun: latestRun } : {}) });
      pending = null;
    };

    const outcome = await runChunked<RowCategory>({
      runs,
      run,
      chunkSize: RUN_CHUNK_ROWS,
      signal: mine.signal,
      onProgress: ({ done, total }) => reporter.progress(done, total),
      async process(chunk, chunkSignal, onPartial) {
        const texts = chunk.indices.map((index) => items[index]!.text);
        const results = await deps().client.classify(texts, {
          model,
          signal: chunkSignal,
          batchSize: CATEGORY_BATCH,
          onLoadProgress: reporter.load,
          onProgress: (p: WorkProgress) => onPartial(rowsWorthDone(p, texts.length)),
        });
        return results.map((result) => ({ label: result.label, score: result.score }));
      },
      onResume(savedResults) {
        const categories = new Array<RowCategory | undefined>(items.length);
        savedResults.results.forEach((value, i) => (categories[i] = value as RowCategory | undefined));
        if (stillOpen()) useInsights.getState().set({ categories });
      },
      onChunkSaved(chunk, results, record) {
        const base = pending ?? [...useInsights.getState().categories];
        chunk.indices.forEach((index, i) => (base[index] = results[i]));
        pending = base;
        latestRun = record;
        publish(false);
      },
    }).finally(() => publish(true));
    if (outcome.status === 'locked') throw new LockedError();
    if (stillOpen()) set({ categoryRun: outcome.run, categoryStatus: 'done', categoryJob: null });
  } catch (error) {
    if (!stillOpen()) return;
    if (error instanceof LockedError) set({ categoryStatus: 'locked', categoryJob: null });
    else if (isCancelled(error) || mine.signal.aborted) set({ categoryStatus: 'cancelled', categoryJob: null });
    else set({ categoryStatus: 'error', categoryError: error, categoryJob: null });
    // What the run saved before it stopped (its status and rows done).
    const run = await runs.get(runId).catch(() => undefined);
    if (stillOpen()) set({ categoryRun: run ?? null });
  } finally {
    if (controller === mine) controller = null;
  }
}
