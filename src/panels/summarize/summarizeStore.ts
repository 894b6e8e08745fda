/**
 * The Summarize panel's state and actions, outside the component so a long summary keeps running
 * (and its parts stay visible) while the user looks at another tab.
 */
import { create } from 'zustand';
import { deps } from '../../services/deps';
import { detectLanguageMix } from '../../insights/language';
import { buildCatalog } from '../../models/catalog';
import { summaryMethodFor, type SummaryMethod } from '../../models/routing';
import { assignedModel, taskModelLoaded } from '../../state/assignment';
import { useSettings } from '../../state/settings';
import type { LengthPreset } from '../../content/lengthPresets';
import type { SummaryRunProgress } from '../../content/summaryRunner';
import { estimateBeforeStart, LONG_JOB_MS, remainingEstimate, StepEstimator, updatedSpeed, type StepSpeed } from '../../content/stepEstimate';
import { createRunController, runFailure } from '../../state/cancellableRun';
import { keepFields, keptText } from '../../state/keptFields';
import { createModelPreparation } from '../../state/modelPreparation';
import { useRuntime } from '../../state/runtime';
import { readStepSpeed, stepSpeedKey, writeStepSpeed } from '../../state/stepSpeeds';
import { TEST_HOOKS_ENABLED, WorkbenchError, type LoadProgress, type WorkProgress } from '../../core';
import { stillSameSource } from './exportSummary';
import { runSummaryJob, type StepState, type StepUpdate, type SummarizerClient, type SummaryMeasure } from './summaryJob';

export type SummarizeStatus = 'idle' | 'running' | 'done' | 'cancelled' | 'error';

/** One step of the plan as the UI shows it: a part of the input, or a combining step. */
export interface StepView {
  level: number;
  index: number;
  /** Level 0: the chunk's tokens. Higher levels: how many partial summaries it combines. */
  tokens: number;
  inputs: number;
  state: StepState;
  text: string;
}

export interface SummarizeState {
  input: string;
  /** The file the input came from, for export names; null for pasted text. */
  sourceName: string | null;
  reference: string;
  preset: LengthPreset;
  /** Model (abstractive), extractive (the text's own sentences), or auto: by the text's language. */
  method: SummaryMethod;
  /** How the last run summarized: auto resolves to one of the two before it runs. */
  ranMethod: 'model' | 'extractive' | null;
  status: SummarizeStatus;
  /** The last run's figures, and the text they are for (the input may have changed since). */
  measure: (Omit<SummaryMeasure, 'chunks' | 'plan'> & { text: string }) | null;
  /** steps[level][index]; steps[0] are the parts of the input. */
  steps: StepView[][];
  /** Steps added because partial summaries came back longer than planned. */
  extraSteps: number;
  output: string;
  progress: SummaryRunProgress | null;
  /** While the input is split into parts: characters done of all (huge inputs take a while). */
  chunkProgress: WorkProgress | null;
  loadProgress: LoadProgress | null;
  error: unknown;
  elapsedMs: number;
  /**
   * Time left for the steps not done yet: from this run once a few steps are measured, before
   * that from the speed earlier runs measured on this device (`etaBasis`); null when neither.
   */
  remainingMs: number | null;
  etaBasis: 'this-run' | 'earlier-runs' | null;
  /**
   * Set while a run waits for the user: its estimate is over LONG_JOB_MS. With a speed measured
   * in earlier runs (this model, this backend) it is asked before the first step; without one,
   * after the first step, whose duration on this device is what the estimate is made of.
   */
  longJob: { steps: number; estimatedMs: number; basis: 'earlier-runs' | 'first-step' } | null;
  /** True while the summarizer loads in the background, before any run (see prepareModel). */
  preparing: boolean;
  /** The user's answer to `longJob`: go on, or stop the run. */
  decideLongJob(goOn: boolean): void;
  /**
   * Loads the summarizer in the background once there is a text it will summarize (the SDK's
   * models.prepare: stored files only, no other model unloaded), so that the run starts at once.
   * Called when the panel opens and when the text or the method changes; nothing is loaded for a
   * text the extractive method takes.
   */
  prepareModel(): void;
  /** Stops a background load the user did not ask for (they left the panel); a loaded model stays. */
  stopPreparing(): void;
  /** `sourceName` undefined keeps the current one (the user edits an imported text). */
  setInput(input: string, sourceName?: string | null): void;
  setReference(reference: string): void;
  setPreset(preset: LengthPreset): void;
  setMethod(method: SummaryMethod): void;
  run(): void;
  stop(): void;
}

function stepsOf(measure: SummaryMeasure): StepView[][] {
  return measure.plan.levels.map((level) =>
    level.map((step) => ({
      level: step.level,
      index: step.index,
      tokens: step.level === 0 ? (measure.chunks[step.index]?.tokens ?? 0) : 0,
      inputs: step.inputs.length,
      state: 'pending' as StepState,
      text: '',
    })),
  );
}

function applyStep(steps: StepView[][], update: StepUpdate): StepView[][] {
  const level = steps[update.level];
  const current = level?.[update.index];
  if (!level || !current) return steps;
  // An extra (re-chunking) step runs on behalf of its planned step, which is still running.
  const state = update.extra ? 'running' : update.state;
  const text = update.extra ? current.text : update.text;
  if (current.state === state && current.text === text) return steps;
  const next = steps.slice();
  next[update.level] = level.map((step, i) => (i === update.index ? { ...step, state, text } : step));
  return next;
}

/** Steps still waiting or running when a run ends early: running ones are marked with the outcome. */
function settle(steps: StepView[][], outcome: 'cancelled' | 'error'): StepView[][] {
  return steps.map((level) => level.map((step) => (step.state === 'running' ? { ...step, state: outcome } : step)));
}

/** What a run starts from: no plan, no steps, no output, no error. */
const FRESH_RUN = {
  measure: null,
  steps: [],
  extraSteps: 0,
  output: '',
  progress: null,
  chunkProgress: null,
  loadProgress: null,
  error: null,
  remainingMs: null,
  etaBasis: null,
  longJob: null,
} satisfies Partial<SummarizeState>;

/** Where this run's step speed is stored, and the speed stored when it started; none until the worker reported its backend. */
function speedRecord(): { key: string; before: StepSpeed | undefined } | null {
  const backend = useRuntime.getState().environment?.backend;
  if (!backend) return null;
  const key = stepSpeedKey(deps().client.models.assignment().summarization, backend);
  return { key, before: readStepSpeed(key) };
}

/** How much of the text the background load's language guess reads (see prepareModel). */
const PREPARE_SAMPLE_CHARS = 4000;

/** Sentences of an extractive summary per length preset. */
export const EXTRACTIVE_SENTENCES: Record<LengthPreset, number> = { short: 2, medium: 4, long: 8 };

/**
 * Over this, a run asks before it goes on: LONG_JOB_MS, or in test builds (src/core/testHooks.ts)
 * sessionStorage's `llmaos-long-job-ms`. Whether a given job passes ten minutes depends on the
 * machine (the first step estimated 989 conversations with the tiny summarizer at over ten minutes
 * on one 2-core machine here and at about three on another), and the browser test of the
 * question must see it on any.
 */
function longJobThreshold(): number {
  if (!TEST_HOOKS_ENABLED || typeof sessionStorage === 'undefined') return LONG_JOB_MS;
  const override = Number(sessionStorage.getItem('llmaos-long-job-ms'));
  return override > 0 ? override : LONG_JOB_MS;
}

/** How a text is summarized: auto picks extractive when the summarizer does not know its language. */
export function effectiveMethod(text: string, method: SummaryMethod): 'model' | 'extractive' {
  const summarizerId = assignedModel('summarization');
  const summarizer = buildCatalog(useSettings.getState().userModels).find((model) => model.id === summarizerId);
  return summaryMethodFor(detectLanguageMix([text]), summarizer, method).method;
}

/**
 * A Summarize store with its own runs; the app has one (`useSummarize`), a test makes a fresh one
 * over the deps it set (src/app/deps.ts).
 */
export function createSummarizeStore() {
  const runs = createRunController();
  /** Resolves the current run's long-job question; null when none is asked. */
  let answerLongJob: ((goOn: boolean) => void) | null = null;
  const preparation = createModelPreparation({
    prepare: (signal) => deps().client.models.prepare('summarization', { signal }),
    onPreparingChange: (preparing) => store.setState({ preparing }),
    purpose: 'the summarizer',
  });

  const store = create<SummarizeState>()((set, get) => ({
    input: '',
    sourceName: null,
    reference: '',
    preset: 'medium',
    method: 'auto',
    ranMethod: null,
    status: 'idle',
    elapsedMs: 0,
    preparing: false,
    ...FRESH_RUN,

    // Emptying the box, or pasting other text over it, forgets the file, so that text is not exported under its name.
    setInput: (input, sourceName) => {
      if (sourceName !== undefined) set({ input, sourceName });
      else if (input.trim() === '' || !stillSameSource(get().input, input)) set({ input, sourceName: null });
      else set({ input });
      get().prepareModel();
    },
    setReference: (reference) => set({ reference }),
    setPreset: (preset) => set({ preset }),
    setMethod: (method) => {
      set({ method });
      get().prepareModel();
    },

    prepareModel: () => {
      const { status, input, method } = get();
      if (status === 'running' || input.trim() === '') return;
      // The start of the text tells its language well enough for a guess; the run reads all of it.
      preparation.start(() => !taskModelLoaded('summarization') && effectiveMethod(input.slice(0, PREPARE_SAMPLE_CHARS), method) === 'model');
    },

    stopPreparing: () => preparation.stop(),

    run: () => {
      const { status, input, preset, method } = get();
      if (status === 'running' || input.trim() === '') return;
      const run = runs.start();
      const started = performance.now();
      const ranMethod = effectiveMethod(input, method);
      set({ status: 'running', ...FRESH_RUN, ranMethod });

      if (ranMethod === 'extractive') {
        // The text's own sentences: no parts, no model window; the embeddings model for its language.
        deps()
          .client.summarize(input, {
            method: 'extractive',
            maxSentences: EXTRACTIVE_SENTENCES[preset],
            signal: run.signal,
            onLoadProgress: (loadProgress) => run.isCurrent() && set({ loadProgress }),
          })
          .then(
            (summary) => run.isCurrent() && set({ status: 'done', output: summary, loadProgress: null, elapsedMs: performance.now() - started }),
            (error: unknown) => run.isCurrent() && set({ ...runFailure(error), loadProgress: null, elapsedMs: performance.now() - started }),
          );
        return;
      }
      // The model path, whole: every step goes to the model, also parts the SDK's auto would not.
      const { client: sdk } = deps();
      const client: SummarizerClient = {
        chunk: (text, options) => sdk.chunk(text, options),
        countTokens: (texts, options) => sdk.countTokens(texts, options),
        summarize: (text, options) => sdk.summarize(text, { ...options, method: 'model' }),
      };
      // Step times, from the first step on (loading and splitting are not steps).
      let estimator = new StepEstimator(performance.now());
      let lastDone = 0;
      let asked = false;
      /** Read once the plan is known: by then the worker has answered with its backend. */
      let speed: ReturnType<typeof speedRecord> = null;
      /** The whole job in steps and, from earlier runs' speed, in time: known once the plan is. */
      let start = estimateBeforeStart(0, undefined);
      const longJobMs = longJobThreshold();

      /** Waits for the user's answer to the long-job question; throws `cancelled` on Stop. */
      const askLongJob = async (longJob: NonNullable<SummarizeState['longJob']>) => {
        set({ longJob });
        const goOn = await new Promise<boolean>((resolve) => {
          answerLongJob = resolve;
          run.signal.addEventListener('abort', () => resolve(false), { once: true });
        });
        answerLongJob = null;
        if (run.isCurrent()) set({ longJob: null });
        if (!goOn) throw new WorkbenchError('cancelled', 'Stopped before the long summary went on.');
        estimator.resume(performance.now()); // the wait for the user is no step
      };

      runSummaryJob(client, input, {
        preset,
        signal: run.signal,
        onLoadProgress: (loadProgress) => run.isCurrent() && set({ loadProgress }),
        onChunkProgress: (chunkProgress) => run.isCurrent() && set({ chunkProgress }),
        onMeasured: (measure) => {
          if (!run.isCurrent()) return;
          estimator = new StepEstimator(performance.now());
          speed = speedRecord();
          start = estimateBeforeStart(measure.plan.totalSteps, speed?.before, longJobMs);
          set({
            measure: { inputTokens: measure.inputTokens, window: measure.window, text: input },
            steps: stepsOf(measure),
            progress: { done: 0, total: measure.plan.totalSteps, level: 0 },
            chunkProgress: null,
            loadProgress: null,
            // Known before the first step when this device ran the model before.
            ...(start.basis === 'earlier-runs' ? { remainingMs: start.totalMs, etaBasis: 'earlier-runs' as const } : {}),
          });
        },
        beforeStep: async () => {
          const progress = get().progress;
          if (asked || !run.isCurrent() || !progress) return;
          const steps = progress.total - progress.done;
          // Before anything runs, from the speed earlier runs measured here.
          if (start.basis === 'earlier-runs' && start.asksFirst && progress.done === 0) {
            asked = true;
            await askLongJob({ steps, estimatedMs: start.totalMs, basis: 'earlier-runs' });
            return;
          }
          // No earlier measurement said "long" (none, or a faster device then): the first step measures this one.
          const stepMs = estimator.stepMs;
          if (stepMs === null) return;
          asked = true;
          if (steps * stepMs > longJobMs) await askLongJob({ steps, estimatedMs: steps * stepMs, basis: 'first-step' });
        },
        onStep: (update) => {
          if (!run.isCurrent()) return;
          set((state) => ({
            steps: applyStep(state.steps, update),
            extraSteps: update.extra && update.state === 'done' ? state.extraSteps + 1 : state.extraSteps,
            output: update.final ? update.text : state.output,
          }));
        },
        onProgress: (progress) => {
          if (!run.isCurrent()) return;
          const now = performance.now();
          const finished = lastDone < progress.done;
          for (; lastDone < progress.done; lastDone++) estimator.stepDone(now);
          const stepMs = estimator.stepMs;
          // Stored after every step (blended from the speed stored when the run started), so a run
          // stopped or closed early still leaves its measurement for the next estimate.
          if (finished && speed && stepMs !== null) writeStepSpeed(speed.key, updatedSpeed(speed.before, stepMs, estimator.stepsMeasured, Date.now()));
          const eta = remainingEstimate(estimator, progress.total - progress.done, speed?.before);
          set({ progress, remainingMs: eta?.ms ?? null, etaBasis: eta?.basis ?? null });
        },
      }).then(
        (result) => {
          if (!run.isCurrent()) return;
          set({ status: 'done', output: result.summary, loadProgress: null, remainingMs: null, etaBasis: null, elapsedMs: performance.now() - started });
        },
        (error: unknown) => {
          if (!run.isCurrent()) return;
          const failure = runFailure(error);
          set((state) => ({
            ...failure,
            steps: settle(state.steps, failure.status),
            loadProgress: null,
            remainingMs: null,
            etaBasis: null,
            longJob: null,
            elapsedMs: performance.now() - started,
          }));
        },
      );
    },

    stop: () => {
      if (get().status !== 'running') return;
      runs.cancel(); // whatever the run says next is ignored
      set((state) => ({ status: 'cancelled', steps: settle(state.steps, 'cancelled'), loadProgress: null, remainingMs: null, etaBasis: null, longJob: null }));
    },

    decideLongJob: (goOn) => {
      const answer = answerLongJob;
      answerLongJob = null;
      if (!answer) return;
      if (goOn) answer(true);
      else get().stop();
    },
  }));
  return store;
}

export const useSummarize = createSummarizeStore();
keepFields(useSummarize, 'summarize', { input: keptText });
