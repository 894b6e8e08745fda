/** The model id serving a task (preset + the user's choices), and whether it is loaded yet. */
import { useMemo } from 'react';
import { buildCatalog, resolveAssignment } from '../models/catalog';
import { useRuntime } from '../state/runtime';
import { useSettings } from '../state/settings';
import type { Task } from '../core';

export function useTaskModel(task: Task): { modelId: string; loaded: boolean } {
  const preset = useSettings((s) => s.preset);
  const overrides = useSettings((s) => s.assignment);
  const userModels = useSettings((s) => s.userModels);
  const modelId = useMemo(() => resolveAssignment(preset, overrides, buildCatalog(userModels))[task], [preset, overrides, userModels, task]);
  const loaded = useRuntime((s) => s.loaded.some((m) => m.modelId === modelId));
  return { modelId, loaded };
}
