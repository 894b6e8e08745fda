/**
 * The model the user chose for one piece of data (a dataset in Insights, the Classify input), per
 * task, remembered in localStorage; and the language routing that applies it (src/models/routing.ts)
 * with the app's catalog, preset and what can be loaded now.
 */
import { useCallback, useMemo } from 'react';
import { create } from 'zustand';
import type { Task } from '../core';
import { detectLanguageMix, type LanguageMix } from '../insights/language';
import { buildCatalog, LANGUAGE_ROUTES, type CatalogModel } from '../models/catalog';
import { eligibleFor, routeModel, type ModelRoute } from '../models/routing';
import { assignedModel, useAssignedModel } from './assignment';
import { localStorageOrNull } from './browserStorage';
import { useRuntime } from './runtime';
import { useSettings } from './settings';

const STORAGE_KEY = 'llmaos.modelChoices.v1';

/** `scope` names the data: `dataset:<id>`, `classify`. */
type Choices = Record<string, Partial<Record<Task, string>>>;

function readStored(): Choices {
  try {
    const raw = localStorageOrNull()?.getItem(STORAGE_KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : null;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (Object.assign(Object.create(null), parsed) as Choices) : Object.create(null);
  } catch {
    // Unreadable (private mode, corrupt JSON): no remembered choices, the routing still works.
    return Object.create(null) as Choices;
  }
}

interface ModelChoicesState {
  choices: Choices;
  /** `null` forgets the choice: the routing decides again. */
  choose(scope: string, task: Task, modelId: string | null): void;
}

export const useModelChoices = create<ModelChoicesState>()((set, get) => ({
  choices: readStored(),
  choose(scope, task, modelId) {
    const current = { ...(get().choices[scope] ?? {}) };
    if (modelId) current[task] = modelId;
    else delete current[task];
    const choices: Choices = Object.assign(Object.create(null), get().choices, { [scope]: current });
    set({ choices });
    try {
      localStorageOrNull()?.setItem(STORAGE_KEY, JSON.stringify(choices));
    } catch {
      // Storage full or blocked: the choice holds for this session only; nothing else depends on it.
    }
  },
}));

export function chosenModel(scope: string, task: Task): string | null {
  return useModelChoices.getState().choices[scope]?.[task] ?? null;
}

/**
 * Whether a model can be loaded now: online anything can; offline, the self-hosted test models,
 * imported folders and models already loaded. (Models in the weight cache also load offline; the
 * routing then says "unavailable" only when nothing suitable is known to be local.)
 */
function availableNow(cachedIds: ReadonlySet<string>) {
  return (model: CatalogModel) =>
    (typeof navigator !== 'undefined' && navigator.onLine) || model.origin === 'fixture' || model.origin === 'imported' || cachedIds.has(model.id);
}

/** The routing decision for a task on these texts, outside React (pipelines, stores). */
export function routeTask(task: Task, texts: readonly string[] | LanguageMix, scope: string): ModelRoute {
  const { preset, userModels } = useSettings.getState();
  const catalog = buildCatalog(userModels);
  const mix = Array.isArray(texts) ? detectLanguageMix(texts) : (texts as LanguageMix);
  const loadedIds = new Set(useRuntime.getState().loaded.map((m) => m.modelId));
  return routeModel({
    task,
    mix,
    catalog,
    assigned: assignedModel(task),
    routes: LANGUAGE_ROUTES[preset],
    chosen: chosenModel(scope, task),
    eligible: eligibleFor(preset),
    isAvailable: availableNow(loadedIds),
  });
}

/** The routing decision as React state: re-decided when the settings or the choice change. */
export function useTaskRoute(task: Task, mix: LanguageMix, scope: string): ModelRoute & { models: CatalogModel[] } {
  const preset = useSettings((s) => s.preset);
  const assigned = useAssignedModel(task);
  const userModels = useSettings((s) => s.userModels);
  const chosen = useModelChoices((s) => s.choices[scope]?.[task] ?? null);
  return useMemo(() => {
    const catalog = buildCatalog(userModels);
    const route = routeModel({
      task,
      mix,
      catalog,
      assigned,
      routes: LANGUAGE_ROUTES[preset],
      chosen,
      eligible: eligibleFor(preset),
      isAvailable: availableNow(new Set(useRuntime.getState().loaded.map((m) => m.modelId))),
    });
    return { ...route, models: catalog.filter((model) => model.task === task) };
  }, [task, mix, preset, assigned, userModels, chosen]);
}

/**
 * The routing decision with the user's choice for this data and the way to change it: everything
 * a language notice (LanguageRouteNotice) needs, for any task and scope.
 */
export function useRouteChoice(
  task: Task,
  mix: LanguageMix,
  scope: string,
): { route: ModelRoute & { models: CatalogModel[] }; chosen: string | null; onChoose(modelId: string | null): void } {
  const route = useTaskRoute(task, mix, scope);
  const chosen = useModelChoices((s) => s.choices[scope]?.[task] ?? null);
  const choose = useModelChoices((s) => s.choose);
  const onChoose = useCallback((modelId: string | null) => choose(scope, task, modelId), [choose, scope, task]);
  return { route, chosen, onChoose };
}
