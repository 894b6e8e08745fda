/**
 * The analysis of the open dataset, in stages: sentiment for every row, embeddings, themes
 * (clustering in the analysis worker), then pain-point summaries. Each stage saves as it goes and
 * is skipped when already complete, so "Run" after a Cancel, a reload or a crash resumes where
 * the work stopped.
 *
 * The main thread only posts requests and stores results; progress reaches React at most four
 * times a second, because each render competes with the user's scrolling on a busy machine.
 */
import { deps } from '../../services/deps';
import { assignedModel } from '../../state/assignment';
import { combineByRow, detectLanguageMix, type FeedbackItem, type LanguageMix } from '../../insights';
import type { RunRecord } from '../../storage/repositories';
import { isCancelled, type LoadProgress, type WorkProgress } from '../../core';
import { routeTask } from '../../state/modelChoices';
import { embedRunId, sentimentRunId } from './logic/runIds';
import { RateMeter, rowCostByLength, rowsWorthDone } from './logic/progress';
import { runChunked, type ChunkedRunProgress } from './logic/runner';
import type { RowSentiment } from './logic/rows';
import { planSentimentUnits } from './logic/units';
import { useInsights, type Stage } from './store';
import { clusterThemes, refreshThemeList, summarizePainPoints } from './themes';

/** Rows per saved chunk: small enough that a cancel loses little, large enough for full batches. */
export const RUN_CHUNK_ROWS = 256;
/**
 * Rows per model batch at most; the engine also caps a batch's padded tokens (so a batch's compute,
 * and with it cancel latency, stays bounded), and long rows go fewer at a time. Measured on the
 * real-size models (bench: realsize, 2,000 reviews, two runs): sentiment is no faster at 128
 * (35.7 and 36.2 rows/s at 64, 33.7 and 37.0 at 128); embeddings are 6-8% faster at 128 (114.1
 * and 113.0 rows/s, 105.6 and 106.8 at 64).
 */
export const SENTIMENT_BATCH = 64;
export const EMBED_BATCH = 128;
/** How often progress may re-render. */
const PROGRESS_INTERVAL_MS = 250;
/** How often finished results may re-render the dashboard during a run. */
const RESULTS_INTERVAL_MS = 3000;

let controller: AbortController | null = null;

export function cancelPipeline(): void {
  controller?.abort();
  controller = null;
}

export function isPipelineRunning(): boolean {
  return controller !== null;
}

/** Progress reporting for one stage, throttled. */
function progressReporter(stage: Stage) {
  // Rows/s for the user to read; the ETA extrapolates the rows' cost instead (see rowCost).
  const rows = new RateMeter();
  const work = new RateMeter();
  let last = 0;
  let load: LoadProgress | null = null;
  let latest = { done: 0, total: 0, workLeft: 0 };
  const flush = () => {
    const { done, total, workLeft } = latest;
    useInsights.getState().set({ job: { stage, done, total, rate: rows.rate(), etaMs: work.etaMs(workLeft), load } });
  };
  return {
    progress(progress: ChunkedRunProgress) {
      latest = { done: progress.done, total: progress.total, workLeft: progress.work.total - progress.work.done };
      const now = performance.now();
      rows.add(progress.done, now, progress.settled);
      work.add(progress.work.done, now, progress.settled);
      if (now - last >= PROGRESS_INTERVAL_MS) {
        last = now;
        flush();
      }
    },
    load(progress: LoadProgress) {
      load = progress.phase === 'ready' ? null : progress;
      const now = performance.now();
      if (progress.phase === 'ready') {
        rows.restartAt(now);
        work.restartAt(now);
      }
      if (progress.phase === 'ready' || now - last >= PROGRESS_INTERVAL_MS) {
        last = now;
        flush();
      }
    },
  };
}

/** A new run record of the open dataset, as the stages (and the category column) start it. */
export function newRun(id: string, datasetId: string, kind: string, total: number, params: unknown): RunRecord {
  const now = Date.now();
  return { id, datasetId, kind, status: 'running', total, done: 0, params, startedAt: now, updatedAt: now };
}

/** The key under which a dataset's model choices are remembered (src/state/modelChoices.ts). */
export function datasetScope(datasetId: string): string {
  return `dataset:${datasetId}`;
}

/**
 * The model a task runs on for the open dataset: the one that knows its rows' language (language
 * routing: Chinese reviews go to a Chinese-capable model), or the one the user chose for it.
 */
export function datasetModel(task: 'sentiment' | 'embeddings'): string {
  const { active } = useInsights.getState();
  if (!active) return assignedModel(task);
  return routeTask(task, datasetLanguageMix(active.items), datasetScope(active.record.id)).modelId;
}

const languageMixes = new WeakMap<readonly FeedbackItem[], LanguageMix>();

/**
 * A dataset's language mix, read once per loaded dataset: reading 5,000 rows took 30-40 ms of the
 * main thread, and the model is decided again at each run start and stage change (bench:
 * realsize, insights).
 */
export function datasetLanguageMix(items: readonly FeedbackItem[]): LanguageMix {
  let mix = languageMixes.get(items);
  if (!mix) {
    mix = detectLanguageMix(items.map((item) => item.text));
    languageMixes.set(items, mix);
  }
  return mix;
}

/** The model a saved run used, so a resumed run goes on with the same model. */
function runModelOf(run: RunRecord | null): string | undefined {
  const model = (run?.params as { model?: unknown } | undefined)?.model;
  return typeof model === 'string' ? model : undefined;
}

async function runSentiment(signal: AbortSignal): Promise<void> {
  const { active } = useInsights.getState();
  if (!active) return;
  const datasetId = active.record.id;
  const items = active.items;
  const reporter = progressReporter('sentiment');
  const existing = useInsights.getState().sentimentRun;
  const model = runModelOf(existing) ?? datasetModel('sentiment');
  // The model's input window, from its own config; also loads the model (with progress).
  const { maxInputTokens } = await deps().client.countTokens([], { task: 'sentiment', model, signal, onLoadProgress: reporter.load });

  const run = existing ?? newRun(sentimentRunId(datasetId), datasetId, 'sentiment', items.length, { model, chunkRows: RUN_CHUNK_ROWS });
  // Finished chunks are collected here and published to React at most every RESULTS_INTERVAL_MS.
  let pending: Array<RowSentiment | undefined> | null = null;
  let latestRun: RunRecord | null = null;
  let lastResults = 0;
  const publish = (force: boolean) => {
    const now = performance.now();
    if (!pending || (!force && now - lastResults < RESULTS_INTERVAL_MS)) return;
    lastResults = now;
    useInsights.getState().set({ sentiments: pending, ...(latestRun ? { sentimentRun: latestRun } : {}) });
    pending = null;
  };

  const outcome = await runChunked<RowSentiment>({
    runs: deps().repositories.runs,
    run,
    chunkSize: RUN_CHUNK_ROWS,
    signal,
    rowCost: (index) => rowCostByLength(items[index]!.text),
    onProgress: (progress) => reporter.progress(progress),
    async process(chunk, chunkSignal, onPartial) {
      const texts = chunk.indices.map((index) => items[index]!.text);
      const plan = await planSentimentUnits(texts, {
        maxTokens: maxInputTokens,
        countTokens: async (list) => (await deps().client.countTokens(list, { task: 'sentiment', model, signal: chunkSignal })).counts,
      });
      const results = await deps().client.classify(
        plan.units.map((unit) => unit.text),
        {
          model,
          signal: chunkSignal,
          batchSize: SENTIMENT_BATCH,
          onLoadProgress: reporter.load,
          onProgress: (p: WorkProgress) => onPartial(rowsWorthDone(p, texts.length)),
        },
      );
      const pieces = new Array<number>(texts.length).fill(0);
      for (const unit of plan.units) pieces[unit.row]!++;
      return combineByRow(texts.length, plan.units, results).map((combined, row) => {
        const value: RowSentiment = combined
          ? { label: combined.label, score: combined.score, signed: combined.signed }
          : { label: 'neutral', score: 0, signed: 0 };
        if (pieces[row]! > 1) value.chunks = pieces[row];
        return value;
      });
    },
    onResume(saved) {
      const sentiments = new Array<RowSentiment | undefined>(items.length);
      saved.results.forEach((value, i) => (sentiments[i] = value as RowSentiment | undefined));
      useInsights.getState().set({ sentiments });
    },
    onChunkSaved(chunk, results, record) {
      const base = pending ?? [...useInsights.getState().sentiments];
      chunk.indices.forEach((index, i) => (base[index] = results[i]));
      pending = base;
      latestRun = record;
      publish(false);
    },
  }).finally(() => publish(true)); // a cancelled run's finished rows are shown too
  if (outcome.status === 'locked') throw new LockedError();
  useInsights.getState().set({ sentimentRun: outcome.run });
}

async function runEmbeddings(signal: AbortSignal): Promise<void> {
  const { active } = useInsights.getState();
  if (!active) return;
  const datasetId = active.record.id;
  const items = active.items;
  const reporter = progressReporter('embeddings');
  const existing = useInsights.getState().embedRun;
  if (existing?.status === 'done') return;
  const model = runModelOf(existing) ?? datasetModel('embeddings');
  const run = existing ?? newRun(embedRunId(datasetId), datasetId, 'embed', items.length, { model });
  const outcome = await runChunked<Float32Array>({
    runs: deps().repositories.runs,
    run,
    chunkSize: RUN_CHUNK_ROWS,
    signal,
    rowCost: (index) => rowCostByLength(items[index]!.text),
    onProgress: (progress) => reporter.progress(progress),
    async process(chunk, chunkSignal, onPartial) {
      const texts = chunk.indices.map((index) => items[index]!.text);
      const vectors = await deps().client.embed(texts, {
        model,
        signal: chunkSignal,
        batchSize: EMBED_BATCH,
        onLoadProgress: reporter.load,
        onProgress: (p: WorkProgress) => onPartial(rowsWorthDone(p, texts.length)),
      });
      // Float32Array: a quarter of the size of number[] in IndexedDB, and what the clustering reads.
      return vectors.map((vector) => Float32Array.from(vector));
    },
  });
  if (outcome.status === 'locked') throw new LockedError();
  useInsights.getState().set({ embedRun: outcome.run });
}

/** The run is held by another tab (its Web Lock): the stage shows "locked" instead of an error. */
export class LockedError extends Error {
  constructor() {
    super('This run is running in another tab.');
    this.name = 'LockedError';
  }
}

/**
 * Runs (or resumes) every stage that is not complete. `stages` limits which ones: the Run button
 * runs all; re-running themes after a k change runs only 'themes'.
 */
export async function runPipeline(stages: readonly Stage[] = ['sentiment', 'embeddings', 'themes', 'summaries']): Promise<void> {
  const { active, set } = useInsights.getState();
  if (!active || controller) return;
  const datasetId = active.record.id;
  const stillOpen = () => useInsights.getState().active?.record.id === datasetId;
  const mine = new AbortController();
  controller = mine;
  set({ jobStatus: 'running', jobError: null, job: null });
  try {
    const state = () => useInsights.getState();
    if (stages.includes('sentiment') && state().sentimentRun?.status !== 'done') await runSentiment(mine.signal);
    if (stages.includes('embeddings') && state().embedRun?.status !== 'done') await runEmbeddings(mine.signal);
    if (stages.includes('themes') && (!state().themes || state().themes?.embedVersion !== state().embedRun?.startedAt)) {
      set({ job: { stage: 'themes', done: 0, total: 1, rate: null, etaMs: null, load: null } });
      await clusterThemes(null, mine.signal);
    } else if (stages.includes('themes')) {
      await refreshThemeList(mine.signal);
    }
    if (stages.includes('summaries'))
      await summarizePainPoints(mine.signal, (done, total) => set({ job: { stage: 'summaries', done, total, rate: null, etaMs: null, load: null } }));
    if (stillOpen()) set({ jobStatus: 'done', job: null });
  } catch (error) {
    // Another dataset was opened meanwhile: this run's outcome is not what the screen shows.
    if (!stillOpen()) return;
    if (error instanceof LockedError) set({ jobStatus: 'locked', job: null });
    else if (isCancelled(error) || mine.signal.aborted) set({ jobStatus: 'cancelled', job: null });
    else set({ jobStatus: 'error', jobError: error, job: null });
    // Reflect what the run saved before it stopped (status cancelled/failed, rows done).
    const { runs } = deps().repositories;
    const [sentimentRun, embedRun] = await Promise.all([runs.get(sentimentRunId(datasetId)), runs.get(embedRunId(datasetId))]);
    if (stillOpen()) set({ sentimentRun: sentimentRun ?? null, embedRun: embedRun ?? null });
  } finally {
    if (controller === mine) controller = null;
  }
}

/** Throws away every result of the open dataset and analyses it again with the current models. */
export async function rerunAll(): Promise<void> {
  const { active, set } = useInsights.getState();
  if (!active || controller) return;
  const { runs, analyses } = deps().repositories;
  const id = active.record.id;
  await runs.delete(sentimentRunId(id));
  await runs.delete(embedRunId(id));
  await analyses.deleteForDataset(id);
  set({ sentiments: new Array(active.items.length), sentimentRun: null, embedRun: null, themes: null, themeList: [], filter: {} });
  await runPipeline();
}
