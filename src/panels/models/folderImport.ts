/**
 * Reading a model folder the user picked (`<input webkitdirectory>`) or dropped, into the
 * `{ path, data }` list WeightCache.importFiles takes. Paths are relative to the folder itself.
 */
import { isValidModelId } from '../../models/catalog';
import { reason, type Reason, WorkbenchError, type Task } from '../../core';

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

export type FolderPlan = { ok: true; dtype: { wasm: FolderDtype; webgpu: FolderDtype }; onnx: string[] } | { ok: false; missing: string[] };

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

function readVarint(bytes: Uint8Array, start: number, end = bytes.length): { value: number; next: number } | null {
  let value = 0;
  let scale = 1;
  for (let index = start; index < end && index < start + 10; index++) {
    const byte = bytes[index]!;
    value += (byte & 0x7f) * scale;
    if ((byte & 0x80) === 0) return { value, next: index + 1 };
    scale *= 128;
  }
  return null;
}

/** One top-level field of a protobuf message: a varint's value, or where a length-delimited field's bytes are. */
type ProtoField = { field: number; wire: 0; value: number } | { field: number; wire: 2; start: number; end: number } | { field: number; wire: 1 | 5 };

/**
 * Walks the fields of the message in `bytes[start, end)` without descending into any of them, so
 * it costs one step per field whatever the sizes (a graph of hundreds of MB is one field). Returns
 * the problem when the bytes are not a protobuf message.
 */
function walkMessage(bytes: Uint8Array, start: number, end: number, visit: (field: ProtoField) => void): Reason | null {
  let offset = start;
  while (offset < end) {
    const tag = readVarint(bytes, offset, end);
    if (!tag) return reason('onnxCutOff', { byte: offset });
    const field = Math.floor(tag.value / 8);
    const wire = tag.value % 8;
    if (field === 0) return reason('onnxBadField', { byte: offset });
    offset = tag.next;
    if (wire === 0) {
      const value = readVarint(bytes, offset, end);
      if (!value) return reason('onnxCutOff', { byte: offset });
      visit({ field, wire, value: value.value });
      offset = value.next;
    } else if (wire === 1 || wire === 5) {
      visit({ field, wire });
      offset += wire === 1 ? 8 : 4;
    } else if (wire === 2) {
      const length = readVarint(bytes, offset, end);
      if (!length) return reason('onnxCutOff', { byte: offset });
      if (length.next + length.value <= end) visit({ field, wire, start: length.next, end: length.next + length.value });
      offset = length.next + length.value;
    } else {
      return reason('onnxBadWire', { wire, byte: offset });
    }
    if (offset > end) return reason('onnxTruncated', { end: offset, size: end });
  }
  return null;
}

// Field numbers of onnx.proto that the checks read.
const MODEL_IR_VERSION = 1;
const MODEL_GRAPH = 7;
const GRAPH_INITIALIZER = 5;
const TENSOR_NAME = 8;
const TENSOR_EXTERNAL_DATA = 13;
const TENSOR_DATA_LOCATION = 14;
const DATA_LOCATION_EXTERNAL = 1;
const ENTRY_KEY = 1;
const ENTRY_VALUE = 2;

/**
 * A cheap structure check of an ONNX file (a protobuf `ModelProto`): walks its top-level fields
 * only (the graph is one length-delimited field, skipped whole), so it costs microseconds even
 * for large weights, yet catches a truncated, empty or non-ONNX file (an HTML page, a zip, a
 * git-lfs pointer). Returns the problem, or null when the structure holds and it has an IR
 * version and a graph.
 */
export function onnxProblem(bytes: Uint8Array): Reason | null {
  if (bytes.length === 0) return reason('onnxEmpty');
  let irVersion = false;
  let graph = false;
  const problem = walkMessage(bytes, 0, bytes.length, (field) => {
    if (field.field === MODEL_IR_VERSION && field.wire === 0) irVersion = true;
    if (field.field === MODEL_GRAPH && field.wire === 2) graph = true;
  });
  if (problem) return problem;
  if (!irVersion) return reason('onnxNoIrVersion');
  if (!graph) return reason('onnxNoGraph');
  return null;
}

/** Where one initializer of an ONNX graph keeps its bytes outside the .onnx file. */
export interface ExternalTensor {
  tensor: string;
  /** The `location` entry: a file name relative to the .onnx file's folder. */
  location: string;
  offset: number;
  /** Bytes read from `offset`; undefined means "to the end of the file". */
  length?: number;
  /** False when offset or length is not a whole number. */
  valid: boolean;
}

const text = new TextDecoder();

/**
 * The initializers of a (structurally valid, see onnxProblem) ONNX file whose data lives in
 * external files. Walks the graph's fields and each initializer's fields, never their data.
 */
export function onnxExternalTensors(bytes: Uint8Array): ExternalTensor[] {
  const found: ExternalTensor[] = [];
  walkMessage(bytes, 0, bytes.length, (model) => {
    if (model.field !== MODEL_GRAPH || model.wire !== 2) return;
    walkMessage(bytes, model.start, model.end, (graph) => {
      if (graph.field !== GRAPH_INITIALIZER || graph.wire !== 2) return;
      let name = '';
      let external = false;
      const entries = new Map<string, string>();
      walkMessage(bytes, graph.start, graph.end, (tensor) => {
        if (tensor.field === TENSOR_NAME && tensor.wire === 2) name = text.decode(bytes.subarray(tensor.start, tensor.end));
        if (tensor.field === TENSOR_DATA_LOCATION && tensor.wire === 0) external = tensor.value === DATA_LOCATION_EXTERNAL;
        if (tensor.field === TENSOR_EXTERNAL_DATA && tensor.wire === 2) {
          let key = '';
          let value = '';
          walkMessage(bytes, tensor.start, tensor.end, (entry) => {
            if (entry.wire !== 2) return;
            if (entry.field === ENTRY_KEY) key = text.decode(bytes.subarray(entry.start, entry.end));
            if (entry.field === ENTRY_VALUE) value = text.decode(bytes.subarray(entry.start, entry.end));
          });
          entries.set(key, value);
        }
      });
      const location = entries.get('location');
      if (!external || location === undefined) return;
      const number = (value: string | undefined) => (value === undefined ? undefined : /^\d+$/.test(value) ? Number(value) : NaN);
      const offset = number(entries.get('offset')) ?? 0;
      const length = number(entries.get('length'));
      const valid = Number.isSafeInteger(offset) && (length === undefined || Number.isSafeInteger(length));
      found.push({ tensor: name, location: location.replace(/^\.\//, ''), offset, ...(length === undefined ? {} : { length }), valid });
    });
  });
  return found;
}

/** transformers.js's limit on external data files per ONNX file (MAX_EXTERNAL_DATA_CHUNKS). */
const MAX_EXTERNAL_DATA_FILES = 100;

/** How many external data files transformers.js loads for `onnxName` under one config (resolveExternalDataFormat). */
function declaredChunks(config: unknown, onnxName: string): number {
  if (!config) return 0;
  if (typeof config === 'object') {
    const byFile = config as Record<string, unknown>;
    const base = onnxName.replace(/(_quantized)?\.onnx$/, '');
    if (Object.hasOwn(byFile, onnxName)) return Number(byFile[onnxName]) || 0;
    if (Object.hasOwn(byFile, base)) return Number(byFile[base]) || 0;
    return 0;
  }
  return Number(config) || 0;
}

/**
 * The external data files transformers.js will request next to `onnxPath` (e.g.
 * `onnx/model.onnx_data`, `onnx/model.onnx_data_1`), as config.json's
 * `transformers.js_config.use_external_data_format` declares them, on either backend.
 */
export function externalDataFiles(config: unknown, onnxPath: string): string[] {
  const jsConfig = (typeof config === 'object' && config !== null ? (config as Record<string, unknown>)['transformers.js_config'] : undefined) as
    { use_external_data_format?: unknown; device_config?: Record<string, { use_external_data_format?: unknown } | undefined> } | undefined;
  const name = onnxPath.split('/').pop() ?? onnxPath;
  const folder = onnxPath.slice(0, onnxPath.length - name.length);
  const chunks = Math.max(
    declaredChunks(jsConfig?.use_external_data_format, name),
    ...(['wasm', 'webgpu'] as const).map((device) => declaredChunks(jsConfig?.device_config?.[device]?.use_external_data_format, name)),
  );
  return Array.from({ length: Math.min(chunks, MAX_EXTERNAL_DATA_FILES + 1) }, (_, i) => `${folder}${name}_data${i === 0 ? '' : `_${i}`}`);
}

/**
 * Checks the external data of the ONNX files a folder's model loads, as transformers.js and
 * onnxruntime will use it: every file config.json declares is present; every location the graph
 * refers to is one of them (a weights file config.json does not declare is never loaded, and a
 * misnamed one is never found); and each file is long enough for every tensor read from it.
 * Returns the first problem, or null.
 */
export function externalDataProblem(files: ReadonlyArray<{ path: string; data: ArrayBuffer }>, onnxPaths: readonly string[]): Reason | null {
  const byPath = new Map(files.map((file) => [file.path, file.data]));
  const configBytes = byPath.get('config.json');
  let config: unknown = undefined;
  if (configBytes) {
    try {
      config = JSON.parse(text.decode(configBytes));
    } catch {
      return reason('configNotJson');
    }
  }
  for (const onnxPath of onnxPaths) {
    const onnx = byPath.get(onnxPath);
    if (!onnx) continue;
    const declared = externalDataFiles(config, onnxPath);
    if (declared.length > MAX_EXTERNAL_DATA_FILES) {
      return reason('externalTooManyChunks', { file: onnxPath, count: declared.length, max: MAX_EXTERNAL_DATA_FILES });
    }
    const missing = declared.find((path) => !byPath.has(path));
    if (missing) return reason('externalMissing', { file: onnxPath, data: missing });
    const folder = onnxPath.slice(0, onnxPath.lastIndexOf('/') + 1);
    for (const ref of onnxExternalTensors(new Uint8Array(onnx))) {
      const dataPath = `${folder}${ref.location}`;
      if (!declared.includes(dataPath)) {
        return declared.length === 0
          ? reason('externalNotDeclared', { file: onnxPath, data: ref.location })
          : reason('externalNameMismatch', {
              file: onnxPath,
              data: ref.location,
              expected: declared.map((path) => `"${path.slice(folder.length)}"`).join(', '),
            });
      }
      if (!ref.valid) return reason('externalBadRange', { file: onnxPath, tensor: ref.tensor });
      const size = byPath.get(dataPath)!.byteLength;
      if (size === 0) return reason('externalEmpty', { data: ref.location });
      const end = ref.offset + (ref.length ?? 0);
      if (end > size || ref.offset > size) {
        return reason('externalTooShort', {
          data: ref.location,
          size: size.toLocaleString('en-US'),
          file: onnxPath,
          tensor: ref.tensor,
          end: end.toLocaleString('en-US'),
        });
      }
    }
  }
  return null;
}
