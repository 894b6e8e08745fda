/**
 * Reading a model folder the user picked (`<input webkitdirectory>`) or dropped, into the
 * `{ path, data }` list WeightCache.importFiles takes. Paths are relative to the folder itself.
 */
import { isValidModelId } from '../../models/catalog';
import { WorkbenchError } from '../../workers/protocol';

export interface FolderFile {
  /** Path inside the folder, `/`-separated, e.g. `onnx/model_quantized.onnx`. */
  path: string;
  file: File;
}

export interface PickedFolder {
  name: string;
  files: FolderFile[];
}

/** A folder name as the `name` part of a model id: Hub characters only, at most 96 of them. */
export function sanitizeFolderName(name: string): string {
  const cleaned = name
    .normalize('NFKD')
    .replace(/[^\w.-]+/g, '-')
    .replace(/\.{2,}/g, '.')
    .replace(/-{2,}/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .replace(/[.-]+$/, '')
    .slice(0, 96);
  return cleaned || 'model';
}

export function importedModelId(folderName: string): string {
  const id = `local/${sanitizeFolderName(folderName)}`;
  return isValidModelId(id) ? id : 'local/model';
}

/** Hidden files and folders (.git, .DS_Store, ...) are never model files. */
export function isHiddenPath(path: string): boolean {
  return path.split('/').some((segment) => segment.startsWith('.'));
}

/** What a folder lacks to be a transformers.js model, checked before reading any bytes. */
export function missingModelFiles(paths: readonly string[]): Array<'config' | 'onnx'> {
  const missing: Array<'config' | 'onnx'> = [];
  if (!paths.some((p) => p === 'config.json' || p.endsWith('/config.json'))) missing.push('config');
  if (!paths.some((p) => p.toLowerCase().endsWith('.onnx'))) missing.push('onnx');
  return missing;
}

/** Files from `<input type=file webkitdirectory>`: `webkitRelativePath` is `folder/sub/file`. */
export function folderFromInput(list: ArrayLike<File>): PickedFolder {
  const files: FolderFile[] = [];
  let name = '';
  for (const file of Array.from(list)) {
    const relative = (file.webkitRelativePath || file.name).replace(/\\/g, '/');
    const [top, ...rest] = relative.split('/');
    if (rest.length === 0) {
      files.push({ path: relative, file });
      continue;
    }
    name ||= top ?? '';
    files.push({ path: rest.join('/'), file });
  }
  return { name, files: files.filter((f) => !isHiddenPath(f.path)) };
}

function readEntries(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  return new Promise((resolve, reject) => reader.readEntries(resolve, reject));
}

function entryFile(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

function isDirectory(entry: FileSystemEntry): entry is FileSystemDirectoryEntry {
  return entry.isDirectory;
}

function isFile(entry: FileSystemEntry): entry is FileSystemFileEntry {
  return entry.isFile;
}

async function walk(directory: FileSystemDirectoryEntry, prefix: string, out: FolderFile[]): Promise<void> {
  const reader = directory.createReader();
  // readEntries returns at most ~100 entries per call: keep reading until it returns none.
  for (let batch = await readEntries(reader); batch.length > 0; batch = await readEntries(reader)) {
    for (const entry of batch) {
      const path = prefix + entry.name;
      if (isHiddenPath(path)) continue;
      if (isDirectory(entry)) await walk(entry, `${path}/`, out);
      else if (isFile(entry)) out.push({ path, file: await entryFile(entry) });
    }
  }
}

/** The `detail` of the error thrown when a drop holds no folder. */
export const NO_DIRECTORY_DETAIL = 'no directory entry in the drop';

/** A dropped folder (the first one, if several items were dropped). */
export async function folderFromDrop(items: DataTransferItemList): Promise<PickedFolder> {
  // Entries must be taken synchronously, before the first await: the list empties after the event.
  const entries: FileSystemEntry[] = [];
  for (const item of Array.from(items)) {
    if (item.kind !== 'file') continue;
    const entry = typeof item.webkitGetAsEntry === 'function' ? item.webkitGetAsEntry() : null;
    if (entry) entries.push(entry);
  }
  const directory = entries.find(isDirectory);
  if (!directory) throw new WorkbenchError('bad-input', 'Drop a folder, not separate files.', NO_DIRECTORY_DETAIL);
  const files: FolderFile[] = [];
  await walk(directory, '', files);
  return { name: directory.name, files };
}

/** Reads every file's bytes, reporting progress in bytes. */
export async function readFolder(
  files: readonly FolderFile[],
  onProgress?: (readBytes: number, totalBytes: number) => void,
): Promise<Array<{ path: string; data: ArrayBuffer }>> {
  const total = files.reduce((sum, f) => sum + f.file.size, 0);
  let read = 0;
  const out: Array<{ path: string; data: ArrayBuffer }> = [];
  for (const { path, file } of files) {
    out.push({ path, data: await file.arrayBuffer() });
    read += file.size;
    onProgress?.(read, total);
  }
  return out;
}
