/**
 * Which model a task should run on for a given text's language mix. The assigned model (preset +
 * the user's choice in Models) runs when it covers the text; otherwise the model that covers more
 * of the text, the preset's language route first (LANGUAGE_ROUTES: e.g. Chinese reviews go to the
 * multilingual sentiment model). A choice the user made for this dataset (or this panel) wins over
 * both. When the better model exists but cannot be loaded offline, the decision says so, so the
 * UI can tell the user before a run instead of after it.
 * Pure: the caller passes the catalog, the mix (src/insights/language.ts) and what is available.
 */
import type { Task } from '../core';
import { languageMismatch, type LanguageCode, type LanguageMismatch, type LanguageMix } from '../insights/language';
import type { CatalogModel, LanguageRoutes, PresetName } from './catalog';

export type RouteReason =
  /** The assigned model covers the text. */
  | 'assigned'
  /** The user chose this model for this data. */
  | 'chosen'
  /** Another model covers the text better than the assigned one. */
  | 'routed'
  /** A model that covers the text exists in the library, but it cannot be loaded now (offline). */
  | 'unavailable'
  /** No model in the library covers the text better; the assigned one runs, with its mismatch. */
  | 'none';

export interface ModelRoute {
  /** The model to run. */
  modelId: string;
  /** The task's assigned model (what would run without routing). */
  assignedId: string;
  reason: RouteReason;
  /** How the model that runs misses the text's languages (null: it covers them). */
  mismatch: LanguageMismatch | null;
  /** The assigned model's mismatch, which is why routing happened (null when it fits). */
  assignedMismatch: LanguageMismatch | null;
  /** Models of the task that cover the text better than the assigned one, best first, loadable now. */
  candidates: string[];
  /** Such models that cannot be loaded now (not cached, and the network is out of reach). */
  unavailable: string[];
}

export interface RouteInput {
  task: Task;
  mix: LanguageMix;
  catalog: readonly CatalogModel[];
  /** The task's assigned model id. */
  assigned: string;
  /** The preset's language routes (LANGUAGE_ROUTES[preset]). */
  routes?: LanguageRoutes;
  /** The model the user chose for this data, if any; ignored when it is not a model of the task. */
  chosen?: string | null;
  /**
   * Which models routing may switch to (the user's choice may name any): e.g. the fixtures preset
   * routes only among the tiny test models, never to a Hub download. Default: every model.
   */
  eligible?: (model: CatalogModel) => boolean;
  /** Whether a model can be loaded now; default: every model can. */
  isAvailable?: (model: CatalogModel) => boolean;
  /** Share of the text a model may miss before it counts as a mismatch (languageMismatch's). */
  threshold?: number;
}

const CODES: readonly LanguageCode[] = ['zh', 'en', 'other'];

/** Share of the text in languages the model does not cover; 0 for a model of unknown languages. */
export function uncoveredShare(languages: readonly string[], mix: LanguageMix): number {
  const codes = languages.map((l) => l.toLowerCase().split(/[-_]/)[0]!);
  if (codes.length === 0 || codes.some((c) => c === 'multilingual' || c === 'mul' || c === 'xx')) return 0;
  let share = 0;
  for (const code of CODES) {
    // "other" is counted as missed only by models of at most two languages, as in languageMismatch.
    const covered = code === 'other' ? codes.length > 2 : codes.includes(code);
    if (!covered) share += mix[code];
  }
  return share;
}

/**
 * The models routing may switch to under a preset: the fixtures preset stays among the tiny
 * models (and the user's own), the default preset among real ones; a choice may name any model.
 */
export function eligibleFor(preset: PresetName) {
  return (model: CatalogModel) => (preset === 'fixtures' ? model.origin !== 'hub' : model.origin !== 'fixture');
}

export function routeModel(input: RouteInput): ModelRoute {
  const { task, mix, catalog, assigned, routes, chosen, threshold } = input;
  const isAvailable = input.isAvailable ?? (() => true);
  const eligible = input.eligible ?? (() => true);
  const ofTask = catalog.filter((model) => model.task === task);
  const byId = (id: string | null | undefined) => (id ? ofTask.find((model) => model.id === id) : undefined);
  const mismatchOf = (model: CatalogModel | undefined) => (model ? languageMismatch(model.languages, mix, { threshold }) : null);

  const assignedModel = byId(assigned);
  const assignedMismatch = mismatchOf(assignedModel);
  const base = { assignedId: assigned, assignedMismatch };

  // Better models: strictly less of the text missed, the preset's route for the dominant language
  // first, then the least missed, then catalog order (stable sort).
  const assignedMissed = assignedModel ? uncoveredShare(assignedModel.languages, mix) : 0;
  const routed = assignedMismatch && assignedMismatch.dominant !== 'other' ? routes?.[task]?.[assignedMismatch.dominant] : undefined;
  const better = assignedMismatch
    ? ofTask
        .filter((model) => model.id !== assigned && model.languages.length > 0 && eligible(model))
        .map((model) => ({ model, missed: uncoveredShare(model.languages, mix) }))
        .filter(({ missed }) => missed < assignedMissed)
        .sort((a, b) => Number(b.model.id === routed) - Number(a.model.id === routed) || a.missed - b.missed)
        .map(({ model }) => model)
    : [];
  const candidates = better.filter((model) => isAvailable(model)).map((model) => model.id);
  const unavailable = better.filter((model) => !isAvailable(model)).map((model) => model.id);

  const chosenModel = byId(chosen);
  if (chosenModel) return { ...base, modelId: chosenModel.id, reason: 'chosen', mismatch: mismatchOf(chosenModel), candidates, unavailable };
  if (!assignedMismatch) return { ...base, modelId: assigned, reason: 'assigned', mismatch: null, candidates, unavailable };
  const pick = byId(candidates[0]);
  if (pick) return { ...base, modelId: pick.id, reason: 'routed', mismatch: mismatchOf(pick), candidates, unavailable };
  return { ...base, modelId: assigned, reason: unavailable.length > 0 ? 'unavailable' : 'none', mismatch: assignedMismatch, candidates, unavailable };
}

export type SummaryMethod = 'auto' | 'model' | 'extractive';

/**
 * How to summarize a text: with the summarization model when it covers the text's language (or
 * the caller insists on it), else extractively (the text's own sentences, src/content/extractive.ts),
 * since a model summarizing a language it was not trained on writes another language or nonsense.
 */
export function summaryMethodFor(
  mix: LanguageMix,
  summarizer: Pick<CatalogModel, 'languages'> | undefined,
  method: SummaryMethod = 'auto',
): { method: 'model' | 'extractive'; mismatch: LanguageMismatch | null } {
  const mismatch = summarizer ? languageMismatch(summarizer.languages, mix) : null;
  if (method === 'model' || method === 'extractive') return { method, mismatch };
  return { method: mismatch ? 'extractive' : 'model', mismatch };
}
