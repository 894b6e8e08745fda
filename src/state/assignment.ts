/**
 * Which model serves each task: the preset's choice unless the user picked another in the Models
 * panel, among the catalog and the user's own models. The one place the apps ask it: components
 * through `useAssignment` / `useAssignedModel` / `useTaskModel`, stores and event handlers
 * through `assignedModel`. The SDK client resolves the same way from the same settings
 * (src/services/workbench.ts keeps it in sync), so what a panel names is what a call runs.
 */
import { useMemo } from 'react';
import type { Task } from '../core';
import { buildCatalog, resolveAssignment, type TaskAssignment } from '../models/catalog';
import { useRuntime } from './runtime';
import { useSettings, type PersistedSettings } from './settings';

/** The assignment these settings give. */
export function assignmentOf(settings: Pick<PersistedSettings, 'preset' | 'assignment' | 'userModels'>): TaskAssignment {
  return resolveAssignment(settings.preset, settings.assignment, buildCatalog(settings.userModels));
}

/** The model serving `task` now, outside React (stores, event handlers). */
export function assignedModel(task: Task): string {
  return assignmentOf(useSettings.getState())[task];
}

const isLoaded = (loaded: ReadonlyArray<{ modelId: string }>, modelId: string) => loaded.some((model) => model.modelId === modelId);

/** Whether the model serving `task` is loaded in the worker now, outside React. */
export function taskModelLoaded(task: Task): boolean {
  return isLoaded(useRuntime.getState().loaded, assignedModel(task));
}

/** Every task's model; the component re-renders when the preset, a choice or the user's models change. */
export function useAssignment(): TaskAssignment {
  const preset = useSettings((s) => s.preset);
  const overrides = useSettings((s) => s.assignment);
  const userModels = useSettings((s) => s.userModels);
  return useMemo(() => assignmentOf({ preset, assignment: overrides, userModels }), [preset, overrides, userModels]);
}

/** The model serving `task`. */
export function useAssignedModel(task: Task): string {
  return useAssignment()[task];
}

/** The model serving `task`, and whether it is loaded in the worker yet. */
export function useTaskModel(task: Task): { modelId: string; loaded: boolean } {
  const modelId = useAssignedModel(task);
  const loaded = useRuntime((s) => isLoaded(s.loaded, modelId));
  return { modelId, loaded };
}
