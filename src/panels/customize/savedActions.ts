/** Export, import and delete of saved classifiers, as the Saved list triggers them. */
import { serializeClassifier } from '../../customize/serialize';
import { saveBlobFile } from '../../ui/fileIo';
import { reason, refusal } from '../../core';
import { customModel } from '../../models/catalog';
import { useSettings } from '../../state/settings';
import { deps } from '../../services/deps';
import { exportFileName } from '../../customize/classifierRecord';
import type { ImportedClassifier } from '../../services/tableImport';
import { deleteClassifier, libraryEmbeddingModels, listClassifiers } from '../../services/savedClassifiers';
import { useSavedClassifiers } from '../../services/customClassifiers';

/** Largest classifier file accepted: a 1024-dim, 50-class model is ~1 MB of JSON. */
const MAX_FILE_BYTES = 20 * 1024 * 1024;

/** Saves the classifier as a file through the browser's download. */
export async function exportClassifier(id: string): Promise<string> {
  const saved = (await listClassifiers(deps().repositories.classifiers)).find((c) => c.id === id);
  if (!saved) throw refusal(reason('classifierGone'));
  const fileName = exportFileName(saved.name);
  saveBlobFile(fileName, new Blob([serializeClassifier(saved.model)], { type: 'application/json' }));
  return fileName;
}

/**
 * What importing a classifier file led to: saved, or waiting for the user because the file names
 * an embedding model that is not in the library (running it would download that model).
 */
export type ClassifierImport =
  | { kind: 'imported'; name: string }
  | {
      kind: 'confirm';
      name: string;
      /** The embedding model the file names. */
      embeddingModel: string;
      /** The library's embedding models the user may pick instead. */
      library: string[];
      /** `null` keeps the file's model and adds it to the library; a library id replaces it. */
      commit(choice: string | null): Promise<string>;
    };

/**
 * Reads an exported file into the workspace, or asks first (see ClassifierImport). The import
 * worker reads, checks and saves it; the page only learns the name and refreshes the list.
 */
export async function importClassifierFile(file: File): Promise<ClassifierImport> {
  if (file.size > MAX_FILE_BYTES) throw refusal(reason('classifierFileTooLarge', { file: file.name }));
  const id = crypto.randomUUID();
  const library = libraryEmbeddingModels();
  const save = async (embeddingModel?: string): Promise<ImportedClassifier> => {
    const outcome = await deps().parseInWorker(
      { op: 'classifier', file, fileName: file.name, id, savedAt: Date.now(), library, embeddingModel },
      `"${file.name}"`,
    );
    if (outcome.kind === 'saved') await useSavedClassifiers.getState().refresh();
    return outcome;
  };
  const first = await save();
  if (first.kind === 'saved') return { kind: 'imported', name: first.name };
  const named = first.embeddingModel;
  return {
    kind: 'confirm',
    name: first.name,
    embeddingModel: named,
    library,
    commit: async (choice) => {
      if (choice !== null && !library.includes(choice)) throw refusal(reason('classifierNotLibraryModel', { model: choice }));
      // Allowed: the model joins the library like a model added by id.
      if (choice === null) useSettings.getState().addUserModel(customModel(named, 'embeddings'));
      // With the model chosen the worker saves it (it asks only when no choice came with the file).
      return (await save(choice ?? named)).name;
    },
  };
}

export async function removeClassifier(id: string): Promise<void> {
  await deleteClassifier(id, deps().repositories.classifiers);
  await useSavedClassifiers.getState().refresh();
}
