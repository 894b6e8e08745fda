/**
 * Saved classifiers in the workspace database (`classifiers` store). Every function takes the
 * classifiers repository: the stores pass `deps().repositories.classifiers`, the SDK client's
 * lookup (app/workbench.ts) its own over the app's workspace, tests one on a fake IndexedDB.
 *
 * Names are unique (case-insensitively): `custom:<name>` must find exactly one classifier, so
 * saving under a taken name replaces that classifier, keeping its id and creation time.
 */
import { buildCatalog } from '../models/catalog';
import type { CustomClassifier } from '../sdk';
import { useSettings } from '../state/settings';
import { reason, refusal } from '../core';
import { createRepositories, type ClassifiersRepository } from '../storage/repositories';
import { getWorkspace } from '../storage/workspace';
import { checkRecord, toCustomClassifier, type SavedClassifier } from '../customize/classifierRecord';

/** Every usable classifier, most recently updated first (damaged records are skipped). */
export async function listClassifiers(classifiers: ClassifiersRepository): Promise<SavedClassifier[]> {
  const records = await classifiers.list();
  return records
    .map(checkRecord)
    .filter((r): r is SavedClassifier => r !== null)
    .sort((a, b) => b.updatedAt - a.updatedAt || a.name.localeCompare(b.name));
}

export async function findClassifier(name: string, classifiers: ClassifiersRepository): Promise<SavedClassifier | null> {
  const wanted = name.trim().toLowerCase();
  const all = await listClassifiers(classifiers);
  return all.find((r) => r.name.toLowerCase() === wanted) ?? null;
}

/**
 * Saves a classifier. When another classifier has the same name it is replaced (same id and
 * creation time). Returns what was stored and whether it replaced one.
 */
export async function saveClassifier(record: SavedClassifier, classifiers: ClassifiersRepository): Promise<{ saved: SavedClassifier; replaced: boolean }> {
  const existing = await findClassifier(record.name, classifiers);
  const saved = existing && existing.id !== record.id ? { ...record, id: existing.id, createdAt: existing.createdAt } : record;
  await classifiers.put(saved);
  return { saved, replaced: existing !== null };
}

export async function deleteClassifier(id: string, classifiers: ClassifiersRepository): Promise<void> {
  await classifiers.delete(id);
}

/** The embedding models of the user's model library (catalog, presets' fixtures, added and imported models). */
export function libraryEmbeddingModels(): string[] {
  return buildCatalog(useSettings.getState().userModels)
    .filter((model) => model.task === 'embeddings')
    .map((model) => model.id);
}

/**
 * The SDK's `customClassifiers` option: `classify(texts, { model: 'custom:<name>' })`.
 *
 * A classifier names its embedding model, and the SDK would download any model id it is given.
 * A classifier from a file or a backup could name any repository, so one whose embedding model
 * is not in the library is refused here: nothing a file says makes the app reach the network.
 * Import asks first and adds the model to the library only when the user allows it.
 */
export async function lookupCustomClassifier(
  name: string,
  classifiers: ClassifiersRepository,
  library: readonly string[] = libraryEmbeddingModels(),
): Promise<CustomClassifier | null> {
  const found = await findClassifier(name, classifiers);
  if (!found) return null;
  const custom = toCustomClassifier(found);
  if (custom.embeddingModel !== undefined && !library.includes(custom.embeddingModel)) {
    throw refusal(reason('classifierModelNotInLibrary', { name: found.name, model: custom.embeddingModel }), { code: 'model-not-found' });
  }
  return custom;
}

/**
 * The app client's `customClassifiers` (app/workbench.ts): the lookup over the app's workspace.
 * Not through deps(), which holds that client: the two would import each other.
 */
export function lookupInAppWorkspace(name: string): Promise<CustomClassifier | null> {
  return lookupCustomClassifier(name, createRepositories(getWorkspace()).classifiers);
}
