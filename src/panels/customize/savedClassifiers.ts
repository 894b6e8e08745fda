/**
 * Saved classifiers in the workspace database (`classifiers` store). Every function takes the
 * workspace, defaulting to the app's, so tests run them on a fake IndexedDB.
 *
 * Names are unique (case-insensitively): `custom:<name>` must find exactly one classifier, so
 * saving under a taken name replaces that classifier, keeping its id and creation time.
 */
import { buildCatalog } from '../../models/catalog';
import type { CustomClassifier } from '../../sdk';
import { useSettings } from '../../state/settings';
import { WorkbenchError } from '../../core';
import { getWorkspace, type Workspace } from '../../storage/workspace';
import { checkRecord, toCustomClassifier, type SavedClassifier } from './classifierRecord';

/** Every usable classifier, most recently updated first (damaged records are skipped). */
export async function listClassifiers(workspace: Workspace = getWorkspace()): Promise<SavedClassifier[]> {
  const records = await workspace.getAll('classifiers');
  return records
    .map(checkRecord)
    .filter((r): r is SavedClassifier => r !== null)
    .sort((a, b) => b.updatedAt - a.updatedAt || a.name.localeCompare(b.name));
}

export async function findClassifier(name: string, workspace: Workspace = getWorkspace()): Promise<SavedClassifier | null> {
  const wanted = name.trim().toLowerCase();
  const all = await listClassifiers(workspace);
  return all.find((r) => r.name.toLowerCase() === wanted) ?? null;
}

/**
 * Saves a classifier. When another classifier has the same name it is replaced (same id and
 * creation time). Returns what was stored and whether it replaced one.
 */
export async function saveClassifier(
  record: SavedClassifier,
  workspace: Workspace = getWorkspace(),
): Promise<{ saved: SavedClassifier; replaced: boolean }> {
  const existing = await findClassifier(record.name, workspace);
  const saved = existing && existing.id !== record.id ? { ...record, id: existing.id, createdAt: existing.createdAt } : record;
  await workspace.put('classifiers', saved);
  return { saved, replaced: existing !== null };
}

export async function deleteClassifier(id: string, workspace: Workspace = getWorkspace()): Promise<void> {
  await workspace.delete('classifiers', id);
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
  workspace: Workspace = getWorkspace(),
  library: readonly string[] = libraryEmbeddingModels(),
): Promise<CustomClassifier | null> {
  const found = await findClassifier(name, workspace);
  if (!found) return null;
  const custom = toCustomClassifier(found);
  if (custom.embeddingModel !== undefined && !library.includes(custom.embeddingModel)) {
    throw new WorkbenchError(
      'model-not-found',
      `The classifier "${found.name}" uses the embedding model "${custom.embeddingModel}", which is not in your model library, so it was not run and nothing was downloaded. Add that model in the Models panel if you trust it, or import the classifier again and choose a library model.`,
    );
  }
  return custom;
}
