/**
 * The Classify panel's state and actions. Kept outside the component so a run keeps going, and
 * its results stay, while the user looks at another tab.
 */
import { create } from 'zustand';
import { deps } from '../../services/deps';
import { createRunController, runFailure } from '../../state/cancellableRun';
import { keepFields, keptText } from '../../state/keptFields';
import { routeTask } from '../../state/modelChoices';
import type { LoadProgress, WorkProgress } from '../../core';
import { splitLines } from './lines';
import type { ClassifiedItem } from './results';

export type ClassifyStatus = 'idle' | 'empty' | 'running' | 'done' | 'cancelled' | 'error';

export interface ClassifyState {
  input: string;
  status: ClassifyStatus;
  rows: ClassifiedItem[];
  /** Empty lines left out of the last run. */
  dropped: number;
  progress: WorkProgress | null;
  loadProgress: LoadProgress | null;
  error: unknown;
  elapsedMs: number;
  /** The model of the last run: the language routing's choice for its text. */
  model: string | null;
  setInput(input: string): void;
  run(): void;
  cancel(): void;
}

/**
 * A Classify store with its own runs; the app has one (`useClassify`), a test makes a fresh one
 * over the deps it set (src/app/deps.ts).
 */
/** The model choice Classify remembers (src/state/modelChoices.ts). */
export const CLASSIFY_SCOPE = 'classify';

export function createClassifyStore() {
  const runs = createRunController();

  return create<ClassifyState>()((set, get) => ({
    input: '',
    status: 'idle',
    rows: [],
    dropped: 0,
    progress: null,
    loadProgress: null,
    error: null,
    elapsedMs: 0,
    model: null,

    setInput: (input) => set({ input }),

    run: () => {
      if (get().status === 'running') return;
      const { items, dropped } = splitLines(get().input);
      if (items.length === 0) {
        set({ status: 'empty', rows: [], dropped, progress: null, loadProgress: null, error: null });
        return;
      }
      const run = runs.start();
      const started = performance.now();
      // The model for this text's languages (Chinese lines go to a Chinese-capable model), or the
      // one the user chose for Classify; the panel showed the same decision before Run.
      const model = routeTask('sentiment', items, CLASSIFY_SCOPE).modelId;
      set({ status: 'running', rows: [], dropped, progress: { done: 0, total: items.length }, loadProgress: null, error: null, model });

      const { client } = deps();
      client
        .classify(items, {
          model,
          signal: run.signal,
          onProgress: (progress) => run.isCurrent() && set({ progress }),
          onLoadProgress: (loadProgress) => run.isCurrent() && set({ loadProgress }),
        })
        .then(
          (results) => {
            if (!run.isCurrent()) return;
            const rows = items.map((text, i) => ({ text, label: results[i]?.label ?? '', score: results[i]?.score ?? 0 }));
            set({ status: 'done', rows, progress: { done: items.length, total: items.length }, loadProgress: null, elapsedMs: performance.now() - started });
          },
          (error: unknown) => run.isCurrent() && set({ ...runFailure(error), loadProgress: null }),
        );
    },

    cancel: () => {
      if (get().status !== 'running') return;
      runs.cancel(); // the run's late answer, whatever it is, is ignored
      set({ status: 'cancelled', loadProgress: null });
    },
  }));
}

export const useClassify = createClassifyStore();
keepFields(useClassify, 'classify', { input: keptText });
