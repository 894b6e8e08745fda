/** Export, import and delete of saved classifiers, as the Saved list triggers them. */
import { serializeClassifier } from '../../customize/serialize';
import { saveBlobFile } from '../../ui/fileIo';
import { reason, refusal } from '../../core';
import { dict } from '../../customize/dict';
import { customModel } from '../../models/catalog';
import { useSettings } from '../../state/settings';
import { deps } from '../../app/deps';
import { exportFileName, nameFromFileName, recordFromModel, type SavedClassifier } from '../../customize/classifierRecord';
import { deleteClassifier, libraryEmbeddingModels, listClassifiers } from '../../app/savedClassifiers';
import { useSavedClassifiers } from '../../app/customClassifiers';

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

async function store(record: SavedClassifier): Promise<string> {
  await deps().repositories.classifiers.put(record);
  await useSavedClassifiers.getState().refresh();
  return record.name;
}

/** Reads an exported file into the workspace, or asks first (see ClassifierImport). */
export async function importClassifierFile(file: File): Promise<ClassifierImport> {
  if (file.size > MAX_FILE_BYTES) throw refusal(reason('classifierFileTooLarge', { file: file.name }));
  const text = await file.text();
  const existing = await listClassifiers(deps().repositories.classifiers);
  // Parsed and checked in the import worker: a 10 MB file would hold the page for seconds.
  const model = await deps().parseInWorker({ op: 'classifier', text }, `"${file.name}"`);
  const record = recordFromModel(model, { id: crypto.randomUUID(), fallbackName: nameFromFileName(file.name), taken: existing.map((c) => c.name) });
  const library = libraryEmbeddingModels();
  const named = record.embeddingModel;
  if (named === undefined || library.includes(named)) return { kind: 'imported', name: await store(record) };
  return {
    kind: 'confirm',
    name: record.name,
    embeddingModel: named,
    library,
    commit: async (choice) => {
      if (choice === null) {
        // The user allowed this model: it joins the library like a model added by id.
        useSettings.getState().addUserModel(customModel(named, 'embeddings'));
        return store(record);
      }
      if (!library.includes(choice)) throw refusal(reason('classifierNotLibraryModel', { model: choice }));
      const model = { ...record.model, metadata: { ...record.model.metadata, extra: withExtra(record.model.metadata.extra, 'embeddingModel', choice) } };
      return store({ ...record, embeddingModel: choice, model });
    },
  };
}

function withExtra(extra: Record<string, string | number | boolean>, key: string, value: string): Record<string, string | number | boolean> {
  const next = dict(Object.entries(extra));
  next[key] = value;
  return next;
}

export async function removeClassifier(id: string): Promise<void> {
  await deleteClassifier(id, deps().repositories.classifiers);
  await useSavedClassifiers.getState().refresh();
}
