/** Which models a section can evaluate: the catalog's models of a task, and the assigned one. */
import { useMemo } from 'react';
import { buildCatalog, modelsForTask, resolveAssignment } from '../../models/catalog';
import { useSettings } from '../../state/settings';
import type { Task } from '../../core';

export interface ModelChoices {
  /** Catalog model ids for the task. */
  ids: string[];
  /** The model the task is assigned to (the default choice). */
  assigned: string;
}

export function assignedModel(task: Task): string {
  const { preset, assignment, userModels } = useSettings.getState();
  return resolveAssignment(preset, assignment, buildCatalog(userModels))[task];
}

export function useModelChoices(task: Task): ModelChoices {
  const preset = useSettings((s) => s.preset);
  const overrides = useSettings((s) => s.assignment);
  const userModels = useSettings((s) => s.userModels);
  return useMemo(() => {
    const catalog = buildCatalog(userModels);
    const assigned = resolveAssignment(preset, overrides, catalog)[task];
    const ids = modelsForTask(catalog, task).map((m) => m.id);
    return { ids: ids.includes(assigned) ? ids : [assigned, ...ids], assigned };
  }, [preset, overrides, userModels, task]);
}
