/** Export, import and delete of saved classifiers, as the Saved list triggers them. */
import { serializeClassifier } from '../../customize/serialize';
import { saveBlobFile } from '../../ui/fileIo';
import { WorkbenchError } from '../../workers/protocol';
import { exportFileName, nameFromFileName, recordFromFile } from './classifierRecord';
import { deleteClassifier, listClassifiers } from './savedClassifiers';
import { useSavedClassifiers } from './useCustomClassifiers';

/** Largest classifier file accepted: a 1024-dim, 50-class model is ~1 MB of JSON. */
const MAX_FILE_BYTES = 20 * 1024 * 1024;

/** Saves the classifier as a file through the browser's download. */
export async function exportClassifier(id: string): Promise<string> {
  const saved = (await listClassifiers()).find((c) => c.id === id);
  if (!saved) throw new WorkbenchError('bad-input', 'This classifier no longer exists.');
  const fileName = exportFileName(saved.name);
  saveBlobFile(fileName, new Blob([serializeClassifier(saved.model)], { type: 'application/json' }));
  return fileName;
}

/** Reads an exported file into the workspace; returns the name it was saved under. */
export async function importClassifierFile(file: File): Promise<string> {
  if (file.size > MAX_FILE_BYTES) throw new WorkbenchError('bad-input', `"${file.name}" is too large to be a classifier file.`);
  const text = await file.text();
  const existing = await listClassifiers();
  const record = recordFromFile(text, { id: crypto.randomUUID(), fallbackName: nameFromFileName(file.name), taken: existing.map((c) => c.name) });
  const { getWorkspace } = await import('../../storage/workspace');
  await getWorkspace().put('classifiers', record);
  await useSavedClassifiers.getState().refresh();
  return record.name;
}

export async function removeClassifier(id: string): Promise<void> {
  await deleteClassifier(id);
  await useSavedClassifiers.getState().refresh();
}
