/**
 * The saved custom classifiers, for any app that offers them as a model (Evaluate, Insights) and
 * for Customize, which saves them:
 *
 *   const { classifiers } = useCustomClassifiers();
 *   // <option value={customModelId(c.name)}>{c.name}</option>   (customModelId: src/models/catalog.ts)
 *   await workbench.classify(texts, { model: customModelId(c.name) });
 *
 * One shared store, so a classifier saved, imported or deleted in Customize shows up (or goes)
 * everywhere at once; each hook user triggers a read from the workspace when it mounts, which
 * also picks up changes another tab made. It lives in app/, beside savedClassifiers.ts, because
 * three apps share it and it reads the workspace through deps().
 */
import { useEffect } from 'react';
import { create } from 'zustand';
import { deps, followExternalChanges } from './deps';
import type { SavedClassifier } from '../customize/classifierRecord';
import { listClassifiers } from './savedClassifiers';

/** A summary for pickers and lists; the weights stay in the workspace. */
export interface CustomClassifierInfo {
  id: string;
  name: string;
  /** The categories it assigns. */
  labels: string[];
  embeddingModel?: string;
  /** Mean cross-validated accuracy and macro-F1, when it was cross-validated. */
  cvAccuracy: number | null;
  cvMacroF1: number | null;
  examples: number;
  updatedAt: number;
}

export function toInfo(saved: SavedClassifier): CustomClassifierInfo {
  return {
    id: saved.id,
    name: saved.name,
    labels: [...saved.labels],
    embeddingModel: saved.embeddingModel,
    cvAccuracy: saved.metrics.meanAccuracy,
    cvMacroF1: saved.metrics.meanMacroF1,
    examples: saved.trainingData.examples,
    updatedAt: saved.updatedAt,
  };
}

interface SavedClassifiersState {
  classifiers: CustomClassifierInfo[];
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: unknown;
  refresh(): Promise<void>;
}

let latestRefresh = 0;

export const useSavedClassifiers = create<SavedClassifiersState>()((set) => ({
  classifiers: [],
  status: 'idle',
  error: null,
  refresh: async () => {
    const mine = ++latestRefresh;
    set((s) => ({ status: s.status === 'ready' ? 'ready' : 'loading' }));
    try {
      const all = await listClassifiers(deps().repositories.classifiers);
      // A slower, older read must not overwrite a newer one.
      if (mine === latestRefresh) set({ classifiers: all.map(toInfo), status: 'ready', error: null });
    } catch (error) {
      if (mine === latestRefresh) set({ status: 'error', error });
    }
  },
}));

/** Classifiers saved, imported or deleted in another tab show up here too. */
const startClassifierSync = followExternalChanges(['classifiers'], () => void useSavedClassifiers.getState().refresh());

/** The saved classifiers, read from the workspace when the calling component mounts. */
export function useCustomClassifiers(): Pick<SavedClassifiersState, 'classifiers' | 'status' | 'error' | 'refresh'> {
  const state = useSavedClassifiers();
  const refresh = state.refresh;
  useEffect(() => {
    startClassifierSync();
    void refresh();
  }, [refresh]);
  return state;
}
