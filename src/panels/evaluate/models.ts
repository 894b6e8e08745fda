/** Which models a section can evaluate: the catalog's models of a task, and the assigned one. */
import { useMemo } from 'react';
import type { Task } from '../../core';
import { buildCatalog, modelsForTask } from '../../models/catalog';
import { useAssignedModel } from '../../state/assignment';
import { useSettings } from '../../state/settings';

export interface ModelChoices {
  /** Catalog model ids for the task. */
  ids: string[];
  /** The model the task is assigned to (the default choice). */
  assigned: string;
}

export function useModelChoices(task: Task): ModelChoices {
  const assigned = useAssignedModel(task);
  const userModels = useSettings((s) => s.userModels);
  return useMemo(() => {
    const ids = modelsForTask(buildCatalog(userModels), task).map((m) => m.id);
    return { ids: ids.includes(assigned) ? ids : [assigned, ...ids], assigned };
  }, [assigned, userModels, task]);
}
