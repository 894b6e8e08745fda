/**
 * The Summarize panel's state and actions, outside the component so a long summary keeps running
 * (and its parts stay visible) while the user looks at another tab.
 */
import { create } from 'zustand';
import { workbench } from '../../app/workbench';
import { detectLanguageMix } from '../../insights/language';
import { buildCatalog, resolveAssignment } from '../../models/catalog';
import { summaryMethodFor, type SummaryMethod } from '../../models/routing';
import { useSettings } from '../../state/settings';
import type { LengthPreset } from '../../content/lengthPresets';
import type { SummaryRunProgress } from '../../content/summaryRunner';
import { LONG_JOB_MS, StepEstimator } from '../../content/stepEstimate';
import { createRunController, runFailure } from '../../state/cancellableRun';
import { WorkbenchError, type LoadProgress, type WorkProgress } from '../../core';
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
  /** Time left for the steps not done yet, once a few steps are measured; null before. */
  remainingMs: number | null;
  /**
   * Set while a run waits for the user: its estimate is over LONG_JOB_MS. The first step runs
   * first, since its duration on this device is what the estimate is made of.
   */
  longJob: { steps: number; estimatedMs: number } | null;
  /** The user's answer to `longJob`: go on, or stop the run. */
  decideLongJob(goOn: boolean): void;
  /** `sourceName` undefined keeps the current one (the user edits an imported text). */
  setInput(input: string, sourceName?: string | null): void;
  setReference(reference: string): void;
  setPreset(preset: LengthPreset): void;
  setMethod(method: SummaryMethod): void;
  run(): void;
  stop(): void;
}

const runs = createRunController();

/** Sentences of an extractive summary per length preset. */
export const EXTRACTIVE_SENTENCES: Record<LengthPreset, number> = { short: 2, medium: 4, long: 8 };

/** How a text is summarized: auto picks extractive when the summarizer does not know its language. */
export function effectiveMethod(text: string, method: SummaryMethod): 'model' | 'extractive' {
  const { preset, assignment, userModels } = useSettings.getState();
  const catalog = buildCatalog(userModels);
  const summarizer = catalog.find((model) => model.id === resolveAssignment(preset, assignment, catalog).summarization);
  return summaryMethodFor(detectLanguageMix([text]), summarizer, method).method;
}
/** Resolves the current run's long-job question; null when none is asked. */
let answerLongJob: ((goOn: boolean) => void) | null = null;

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
  longJob: null,
} satisfies Partial<SummarizeState>;

export const useSummarize = create<SummarizeState>()((set, get) => ({
  input: '',
  sourceName: null,
  reference: '',
  preset: 'medium',
  method: 'auto',
  ranMethod: null,
  status: 'idle',
  elapsedMs: 0,
  ...FRESH_RUN,

  // Emptying the box forgets the file, so text pasted next is not exported under its name.
  setInput: (input, sourceName) =>
    set(sourceName !== undefined ? { input, sourceName } : input.trim() === '' ? { input, sourceName: null } : { input }),
  setReference: (reference) => set({ reference }),
  setPreset: (preset) => set({ preset }),
  setMethod: (method) => set({ method }),

  run: () => {
    const { status, input, preset, method } = get();
    if (status === 'running' || input.trim() === '') return;
    const run = runs.start();
    const started = performance.now();
    const ranMethod = effectiveMethod(input, method);
    set({ status: 'running', ...FRESH_RUN, ranMethod });

    if (ranMethod === 'extractive') {
      // The text's own sentences: no parts, no model window; the embeddings model for its language.
      workbench
        .summarize(input, {
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
    const client: SummarizerClient = {
      chunk: (text, options) => workbench.chunk(text, options),
      countTokens: (texts, options) => workbench.countTokens(texts, options),
      summarize: (text, options) => workbench.summarize(text, { ...options, method: 'model' }),
    };
    // Step times, from the first step on (loading and splitting are not steps).
    let estimator = new StepEstimator(performance.now());
    let lastDone = 0;
    let asked = false;

    runSummaryJob(client, input, {
      preset,
      signal: run.signal,
      onLoadProgress: (loadProgress) => run.isCurrent() && set({ loadProgress }),
      onChunkProgress: (chunkProgress) => run.isCurrent() && set({ chunkProgress }),
      onMeasured: (measure) => {
        if (!run.isCurrent()) return;
        estimator = new StepEstimator(performance.now());
        set({
          measure: { inputTokens: measure.inputTokens, window: measure.window, text: input },
          steps: stepsOf(measure),
          progress: { done: 0, total: measure.plan.totalSteps, level: 0 },
          chunkProgress: null,
          loadProgress: null,
        });
      },
      beforeStep: async () => {
        const progress = get().progress;
        const stepMs = estimator.stepMs;
        if (asked || !run.isCurrent() || !progress || stepMs === null) return;
        asked = true;
        const steps = progress.total - progress.done;
        const estimatedMs = steps * stepMs;
        if (estimatedMs <= LONG_JOB_MS) return;
        set({ longJob: { steps, estimatedMs } });
        const goOn = await new Promise<boolean>((resolve) => {
          answerLongJob = resolve;
          run.signal.addEventListener('abort', () => resolve(false), { once: true });
        });
        answerLongJob = null;
        if (run.isCurrent()) set({ longJob: null });
        if (!goOn) throw new WorkbenchError('cancelled', 'Stopped before the long summary went on.');
        estimator.resume(performance.now()); // the wait for the user is no step
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
        for (; lastDone < progress.done; lastDone++) estimator.stepDone(now);
        set({ progress, remainingMs: estimator.remainingMs(progress.total - progress.done) });
      },
    }).then(
      (result) => {
        if (!run.isCurrent()) return;
        set({ status: 'done', output: result.summary, loadProgress: null, remainingMs: null, elapsedMs: performance.now() - started });
      },
      (error: unknown) => {
        if (!run.isCurrent()) return;
        const failure = runFailure(error);
        set((state) => ({
          ...failure,
          steps: settle(state.steps, failure.status),
          loadProgress: null,
          remainingMs: null,
          longJob: null,
          elapsedMs: performance.now() - started,
        }));
      },
    );
  },

  stop: () => {
    if (get().status !== 'running') return;
    runs.cancel(); // whatever the run says next is ignored
    set((state) => ({ status: 'cancelled', steps: settle(state.steps, 'cancelled'), loadProgress: null, remainingMs: null, longJob: null }));
  },

  decideLongJob: (goOn) => {
    const answer = answerLongJob;
    answerLongJob = null;
    if (!answer) return;
    if (goOn) answer(true);
    else get().stop();
  },
}));
