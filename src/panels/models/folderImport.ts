/**
 * Reading a model folder the user picked (`<input webkitdirectory>`) or dropped, into the
 * `{ path, data }` list WeightCache.importFiles takes. Paths are relative to the folder itself.
 */
import { isValidModelId } from '../../models/catalog';
import { WorkbenchError, type Task } from '../../core';

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

// ---------------------------------------------------------------------------------------------
// What transformers.js will ask for

/** The dtypes an imported model runs with; the suffix is what transformers.js adds to ONNX file names. */
const DTYPE_SUFFIX = { q8: '_quantized', fp32: '' } as const;
type FolderDtype = keyof typeof DTYPE_SUFFIX;

/** Files transformers.js requests at load, and fails without (generation_config.json is optional). */
const ALWAYS_NEEDED = ['config.json', 'tokenizer.json', 'tokenizer_config.json'];

/** The ONNX files the pipeline of `task` loads, for one dtype (paths as transformers.js requests them). */
export function onnxFilesFor(task: Task, dtype: FolderDtype): string[] {
  const suffix = DTYPE_SUFFIX[dtype];
  // Encoder-decoder models (summarization) load two sessions; every other task one `model`.
  const names = task === 'summarization' ? ['encoder_model', 'decoder_model_merged'] : ['model'];
  return names.map((name) => `onnx/${name}${suffix}.onnx`);
}

export type FolderPlan =
  | { ok: true; dtype: { wasm: FolderDtype; webgpu: FolderDtype }; onnx: string[] }
  | { ok: false; missing: string[] };

/**
 * Whether a folder holds every file the model needs at the paths transformers.js will request,
 * checked on the paths alone before any byte is read. WASM prefers the quantized weights and
 * WebGPU the full-precision ones (it has no int8 kernels); either falls back to the other set.
 * When neither set is complete, `missing` names what the quantized set lacks (and its
 * alternative), plus any config or tokenizer file.
 */
export function planModelFolder(paths: readonly string[], task: Task): FolderPlan {
  const present = new Set(paths);
  const lacks = (files: readonly string[]) => files.filter((file) => !present.has(file));
  const missing = lacks(ALWAYS_NEEDED);
  const complete = (dtype: FolderDtype) => lacks(onnxFilesFor(task, dtype)).length === 0;
  const q8 = complete('q8');
  const fp32 = complete('fp32');
  if (!q8 && !fp32) {
    const quantized = onnxFilesFor(task, 'q8');
    const full = onnxFilesFor(task, 'fp32');
    missing.push(...quantized.map((file, i) => (present.has(file) ? null : `${file} (or ${full[i]})`)).filter((x): x is string => x !== null));
  }
  if (missing.length > 0) return { ok: false, missing };
  const dtype = { wasm: q8 ? 'q8' : 'fp32', webgpu: fp32 ? 'fp32' : 'q8' } as const;
  return { ok: true, dtype, onnx: [...new Set([...onnxFilesFor(task, dtype.wasm), ...onnxFilesFor(task, dtype.webgpu)])] };
}

function readVarint(bytes: Uint8Array, start: number): { value: number; next: number } | null {
  let value = 0;
  let scale = 1;
  for (let index = start; index < bytes.length && index < start + 10; index++) {
    const byte = bytes[index]!;
    value += (byte & 0x7f) * scale;
    if ((byte & 0x80) === 0) return { value, next: index + 1 };
    scale *= 128;
  }
  return null;
}

/**
 * A cheap structure check of an ONNX file (a protobuf `ModelProto`): walks its top-level fields
 * only (the graph is one length-delimited field, skipped whole), so it costs microseconds even
 * for large weights, yet catches a truncated, empty or non-ONNX file (an HTML page, a zip, a
 * git-lfs pointer). Returns the problem, or null when the structure holds and it has an IR
 * version and a graph.
 */
export function onnxProblem(bytes: Uint8Array): string | null {
  if (bytes.length === 0) return 'the file is empty';
  let offset = 0;
  let irVersion = false;
  let graph = false;
  while (offset < bytes.length) {
    const tag = readVarint(bytes, offset);
    if (!tag) return `it is cut off at byte ${offset}`;
    const field = Math.floor(tag.value / 8);
    const wire = tag.value % 8;
    if (field === 0) return `it is not a protobuf file (bad field at byte ${offset})`;
    offset = tag.next;
    if (wire === 0) {
      const value = readVarint(bytes, offset);
      if (!value) return `it is cut off at byte ${offset}`;
      if (field === 1) irVersion = true;
      offset = value.next;
    } else if (wire === 1 || wire === 5) {
      offset += wire === 1 ? 8 : 4;
    } else if (wire === 2) {
      const length = readVarint(bytes, offset);
      if (!length) return `it is cut off at byte ${offset}`;
      offset = length.next + length.value;
      if (field === 7) graph = true;
    } else {
      return `it is not a protobuf file (wire type ${wire} at byte ${offset})`;
    }
    if (offset > bytes.length) return `it is truncated: a field ends at byte ${offset} of ${bytes.length}`;
  }
  if (!irVersion) return 'it has no ONNX IR version';
  if (!graph) return 'it has no model graph';
  return null;
}
