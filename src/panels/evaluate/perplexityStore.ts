/** Evaluate › Language model: perplexity of a pasted text under a causal LM, sliding window. */
import { create } from 'zustand';
import { workbench } from '../../app/workbench';
import { isCancelled, type LoadProgress, type PerplexityResult, type WorkProgress } from '../../workers/protocol';
import { assignedModel } from './models';
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

let controller: AbortController | null = null;
let generation = 0;

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
    controller?.abort();
    controller = new AbortController();
    const mine = ++generation;
    const current = () => mine === generation;
    const started = performance.now();
    set({ status: 'running', error: null, result: null, progress: null, loadProgress: null });
    workbench
      .perplexity(text, {
        model,
        stride: stride > 0 ? stride : undefined,
        signal: controller.signal,
        onProgress: (progress) => current() && set({ progress }),
        onLoadProgress: (loadProgress) => current() && set({ loadProgress }),
      })
      .then(
        (result) => current() && set({ status: 'done', result: { ...result, model, seconds: (performance.now() - started) / 1000 }, loadProgress: null }),
        (error: unknown) => {
          if (!current()) return;
          if (isCancelled(error)) set({ status: 'cancelled', loadProgress: null });
          else set({ status: 'error', error, loadProgress: null });
        },
      )
      .finally(() => {
        if (current()) controller = null;
      });
  },

  cancel: () => {
    if (get().status !== 'running') return;
    generation += 1;
    controller?.abort();
    controller = null;
    set({ status: 'cancelled', loadProgress: null });
  },
}));
