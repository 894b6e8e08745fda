/**
 * Facts about the running workbench that the UI shows: the environment the worker reported,
 * which models are loaded and how far each model's download has got. Written by
 * src/services/workbench.ts only; never persisted.
 */
import { create } from 'zustand';
import type { EnvironmentInfo, LoadedModelInfo, LoadProgress } from '../core';

export interface RuntimeState {
  /** null until the worker has answered. */
  environment: EnvironmentInfo | null;
  /** Why the environment could not be read (worker failed to start...). */
  environmentError: unknown;
  loaded: LoadedModelInfo[];
  /** Latest load progress per model id. */
  progress: Record<string, LoadProgress>;
  setEnvironment(environment: EnvironmentInfo): void;
  setEnvironmentError(error: unknown): void;
  setLoaded(loaded: LoadedModelInfo[]): void;
  setProgress(progress: LoadProgress): void;
  clearProgress(modelId: string): void;
  /** Forgets everything the previous client reported (the client was recreated). */
  reset(): void;
}

export const useRuntime = create<RuntimeState>()((set) => ({
  environment: null,
  environmentError: null,
  loaded: [],
  progress: {},
  setEnvironment: (environment) => set({ environment, environmentError: null }),
  setEnvironmentError: (environmentError) => set({ environmentError }),
  setLoaded: (loaded) => set({ loaded }),
  setProgress: (progress) => set((state) => ({ progress: { ...state.progress, [progress.modelId]: progress } })),
  clearProgress: (modelId) =>
    set((state) => {
      const progress = { ...state.progress };
      delete progress[modelId];
      return { progress };
    }),
  reset: () => set({ environment: null, environmentError: null, loaded: [], progress: {} }),
}));

/** True while a model is downloading or initialising. */
export function isLoading(progress: LoadProgress | undefined): boolean {
  return progress !== undefined && progress.phase !== 'ready';
}
