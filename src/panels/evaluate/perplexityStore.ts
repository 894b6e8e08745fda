/** Evaluate › Language model: perplexity of a pasted text under a causal LM, sliding window. */
import { create } from 'zustand';
import { deps } from '../../app/deps';
import { createRunController, runFailure } from '../../state/cancellableRun';
import type { LoadProgress, PerplexityResult, WorkProgress } from '../../core';
import { assignedModel } from '../../state/assignment';
import type { RunStatus } from './classificationStore';

export interface PerplexityState {
  text: string;
  /** Tokens between window starts; 0 = the engine's default (half the model's window). */
  stride: number;
  /** '' = the assigned generation model. */
  model: string;
  status: RunStatus | 'empty';
  progress: WorkProgress | null;
  loadProgress: LoadProgress | null;
  error: unknown;
  result: (PerplexityResult & { model: string; seconds: number }) | null;
  setText(text: string): void;
  setStride(stride: number): void;
  setModel(model: string): void;
  run(): void;
  cancel(): void;
}

const runs = createRunController();

export const usePerplexityEval = create<PerplexityState>()((set, get) => ({
  text: '',
  stride: 0,
  model: '',
  status: 'idle',
  progress: null,
  loadProgress: null,
  error: null,
  result: null,

  setText: (text) => set({ text }),
  setStride: (stride) => set({ stride: Number.isFinite(stride) && stride > 0 ? Math.floor(stride) : 0 }),
  setModel: (model) => set({ model }),

  run: () => {
    const { text, stride, status } = get();
    if (status === 'running') return;
    if (text.trim() === '') {
      set({ status: 'empty', result: null });
      return;
    }
    const model = get().model || assignedModel('generation');
    const run = runs.start();
    const started = performance.now();
    set({ status: 'running', error: null, result: null, progress: null, loadProgress: null });
    const { client } = deps();
    client
      .perplexity(text, {
        model,
        stride: stride > 0 ? stride : undefined,
        signal: run.signal,
        onProgress: (progress) => run.isCurrent() && set({ progress }),
        onLoadProgress: (loadProgress) => run.isCurrent() && set({ loadProgress }),
      })
      .then(
        (result) => run.isCurrent() && set({ status: 'done', result: { ...result, model, seconds: (performance.now() - started) / 1000 }, loadProgress: null }),
        (error: unknown) => run.isCurrent() && set({ ...runFailure(error), loadProgress: null }),
      );
  },

  cancel: () => {
    if (get().status !== 'running') return;
    runs.cancel();
    set({ status: 'cancelled', loadProgress: null });
  },
}));
