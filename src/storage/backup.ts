/**
 * Workspace backup: the whole workspace as one JSON file the user can keep, move to another
 * machine, or restore after clearing the browser's data.
 *
 * IndexedDB holds more than JSON can say (typed arrays such as embedding vectors, Dates,
 * ArrayBuffers, Maps, NaN, -0, undefined), so such values are written as tagged objects
 * `{ "$llmaos": "<type>", ... }` and come back identical. A user object that itself has a
 * `$llmaos` key is wrapped (`{ "$llmaos": "object", "value": … }`) so it is never mistaken for a tag.
 * Typed arrays and ArrayBuffers are base64 of their bytes in the platform's byte order, which is
 * little-endian in every browser the workbench supports.
 *
 * Import checks the whole file before writing anything and then writes in one transaction, so a
 * bad or too-large backup leaves the workspace exactly as it was.
 *
 * Model weights are not in backups: they are large and can be downloaded (or imported from a
 * folder) again in the Models panel.
 */
import { englishText, reason, refusal, type Reason, WorkbenchError } from '../core';
import { crossProblems, recordProblem } from './recordChecks';
import {
  WORKSPACE_STORES,
  type DatasetRecord,
  type DatasetRowsRecord,
  type RunRecord,
  type RunResultChunk,
  type Workspace,
  type WorkspaceSnapshot,
  type WorkspaceStoreName,
} from './workspace';

export const BACKUP_FORMAT = 'llmaos-workspace-backup';
/** The file layout's version (the tagging rules, the top-level fields), not the schema's. */
export const BACKUP_VERSION = 1;

/** What a backup never contains, for the summary the app shows after an import. */
export const BACKUP_SKIPPED: readonly string[] = [
  'Model weights are not part of a backup: the Models panel downloads them again, or imports them from a folder, when a model is next used.',
];

export interface BackupFile {
  format: typeof BACKUP_FORMAT;
  version: number;
  /** The workspace schema version the records follow. */
  schemaVersion: number;
  /** ISO 8601. */
  exportedAt: string;
  stores: Partial<Record<WorkspaceStoreName, unknown[]>>;
}

export type ImportMode = 'replace' | 'merge';

export interface ImportOptions {
  /**
   * `replace`: the workspace becomes exactly the backup (every store is emptied first).
   * `merge`: the backup's records are added; a record with the same key as an existing one
   * replaces it, and everything else already in the workspace stays.
   */
  mode: ImportMode;
}

export interface ImportSummary {
  /** Records restored per store (0 for stores the backup left empty). */
  stores: Record<WorkspaceStoreName, number>;
  /**
   * The feedback rows inside the restored datasets: `datasetRows` keeps one record per dataset
   * holding all its rows, so its record count (1 for a 978-row dataset) is not what a user counts.
   */
  datasetRowItems: number;
  skipped: string[];
  exportedAt: string;
}

/**
 * The restore summary's lines, one per store that received records, with the number a user
 * recognizes: rows for `datasetRows`, records for every other store.
 */
export function restoreSummaryLines(summary: Pick<ImportSummary, 'stores' | 'datasetRowItems'>): Array<{ store: WorkspaceStoreName; count: number }> {
  return WORKSPACE_STORES.filter((store) => summary.stores[store] > 0).map((store) => ({
    store,
    count: store === 'datasetRows' ? summary.datasetRowItems : summary.stores[store],
  }));
}

// ---------------------------------------------------------------------------------------------
// Tagged values

const TAG = '$llmaos';

type TypedArrayConstructor =
  | Int8ArrayConstructor
  | Uint8ArrayConstructor
  | Uint8ClampedArrayConstructor
  | Int16ArrayConstructor
  | Uint16ArrayConstructor
  | Int32ArrayConstructor
  | Uint32ArrayConstructor
  | Float32ArrayConstructor
  | Float64ArrayConstructor
  | BigInt64ArrayConstructor
  | BigUint64ArrayConstructor;

const TYPED_ARRAYS: Record<string, TypedArrayConstructor> = {
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
  BigInt64Array,
  BigUint64Array,
};
// Float16Array exists only in recent browsers; include it where the runtime has it.
const float16 = (globalThis as unknown as { Float16Array?: TypedArrayConstructor }).Float16Array;
if (float16) TYPED_ARRAYS.Float16Array = float16;

/** The built-in type of a value, robust across realms (a worker's Date is not this realm's). */
function builtinType(value: object): string {
  return Object.prototype.toString.call(value).slice(8, -1);
}

const SPECIAL_NUMBERS: Record<string, number> = { NaN: Number.NaN, Infinity: Infinity, '-Infinity': -Infinity, '-0': -0 };

function isSpecialNumber(value: number): boolean {
  return !Number.isFinite(value) || Object.is(value, -0);
}

function encodeSpecialNumber(value: number): string {
  return Object.is(value, -0) ? '-0' : String(value);
}

function bytesToBase64(bytes: Uint8Array): string {
  // Chunked: String.fromCharCode with a whole vector as arguments would overflow the stack.
  let binary = '';
  for (let offset = 0; offset < bytes.length; offset += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(offset, offset + 0x8000));
  }
  return btoa(binary);
}

function base64ToBytes(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

function viewBytes(view: ArrayBufferView): Uint8Array {
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

/** Where a value sits, for error messages: "datasets record 3, at report.rows[2]". */
interface Location {
  store: WorkspaceStoreName;
  index: number;
  path: string;
}

function where(location: Location): Reason {
  const { store, index, path } = location;
  return path === '' ? reason('exportLocation', { store, index: index + 1 }) : reason('exportLocationAt', { store, index: index + 1, path });
}

function child(location: Location, key: string | number): Location {
  const step = typeof key === 'number' ? `[${key}]` : location.path === '' ? key : `.${key}`;
  return { ...location, path: location.path + step };
}

class Encoder {
  /** The objects on the current path: IndexedDB allows cycles, JSON does not. */
  private readonly ancestors = new Set<object>();

  encode(value: unknown, location: Location): unknown {
    switch (typeof value) {
      case 'string':
      case 'boolean':
        return value;
      case 'number':
        return isSpecialNumber(value) ? { [TAG]: 'number', value: encodeSpecialNumber(value) } : value;
      case 'undefined':
        return { [TAG]: 'undefined' };
      case 'bigint':
        return { [TAG]: 'bigint', value: value.toString() };
      case 'object':
        return value === null ? null : this.encodeObject(value, location);
      default:
        throw unsupported(typeof value, location);
    }
  }

  private encodeObject(value: object, location: Location): unknown {
    if (this.ancestors.has(value)) {
      throw refusal(reason('exportSelfReference', { where: where(location) }), { code: 'internal' });
    }
    this.ancestors.add(value);
    try {
      return this.encodeBuiltin(value, builtinType(value), location);
    } finally {
      this.ancestors.delete(value);
    }
  }

  private encodeBuiltin(value: object, type: string, location: Location): unknown {
    if (type === 'Array') return Array.from(value as unknown[], (item, index) => this.encode(item, child(location, index)));
    if (type === 'Object') return this.encodePlain(value as Record<string, unknown>, location);
    if (type === 'Date') return { [TAG]: 'Date', value: this.encode((value as Date).getTime(), location) };
    if (type === 'ArrayBuffer') return { [TAG]: 'ArrayBuffer', base64: bytesToBase64(new Uint8Array(value as ArrayBuffer)) };
    if (type === 'DataView' || TYPED_ARRAYS[type]) {
      return { [TAG]: type, base64: bytesToBase64(viewBytes(value as ArrayBufferView)) };
    }
    if (type === 'Map') {
      const entries = [...(value as Map<unknown, unknown>)].map(([key, item], index) => [
        this.encode(key, child(location, `<key ${index}>`)),
        this.encode(item, child(location, `<value ${index}>`)),
      ]);
      return { [TAG]: 'Map', entries };
    }
    if (type === 'Set') return { [TAG]: 'Set', values: [...(value as Set<unknown>)].map((item, index) => this.encode(item, child(location, index))) };
    if (type === 'RegExp') return { [TAG]: 'RegExp', source: (value as RegExp).source, flags: (value as RegExp).flags };
    throw unsupported(type, location);
  }

  private encodePlain(value: Record<string, unknown>, location: Location): unknown {
    const encoded: Record<string, unknown> = {};
    for (const key of Object.keys(value)) setOwn(encoded, key, this.encode(value[key], child(location, key)));
    // A user object with our tag key is wrapped, so decoding does not mistake it for a tag.
    return Object.hasOwn(value, TAG) ? { [TAG]: 'object', value: encoded } : encoded;
  }
}

function unsupported(type: string, location: Location): WorkbenchError {
  return refusal(reason('exportUnsupportedValue', { where: where(location), type }), { code: 'internal' });
}

/** Plain assignment of "__proto__" would set the prototype instead of adding a property. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && builtinType(value) === 'Object';
}

/** Raised while decoding; turned into a bad-input message naming the record. */
class MalformedValue extends Error {
  constructor(readonly what: Reason) {
    super(englishText(what));
  }
}

function decodeValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodeValue);
  if (!isPlainObject(value)) return value;
  if (Object.hasOwn(value, TAG)) return decodeTagged(value);
  const decoded: Record<string, unknown> = {};
  for (const key of Object.keys(value)) setOwn(decoded, key, decodeValue(value[key]));
  return decoded;
}

function stringField(tagged: Record<string, unknown>, field: string): string {
  const value = tagged[field];
  if (typeof value !== 'string') throw new MalformedValue(reason('valueWithoutField', { type: String(tagged[TAG]), field }));
  return value;
}

function decodeBase64(tagged: Record<string, unknown>): Uint8Array<ArrayBuffer> {
  try {
    return base64ToBytes(stringField(tagged, 'base64'));
  } catch (error) {
    if (error instanceof MalformedValue) throw error;
    throw new MalformedValue(reason('valueBadBase64', { type: String(tagged[TAG]) }));
  }
}

function decodeTypedArray(type: string, tagged: Record<string, unknown>): unknown {
  const Constructor = TYPED_ARRAYS[type];
  if (!Constructor && type !== 'DataView') throw new MalformedValue(reason('valueUnknownType', { type }));
  const bytes = decodeBase64(tagged);
  if (!Constructor) return new DataView(bytes.buffer);
  if (bytes.byteLength % Constructor.BYTES_PER_ELEMENT !== 0) {
    throw new MalformedValue(reason('valuePartialElements', { type }));
  }
  return new Constructor(bytes.buffer);
}

function decodeTagged(tagged: Record<string, unknown>): unknown {
  const type = tagged[TAG];
  switch (type) {
    case 'object': {
      if (!isPlainObject(tagged.value)) throw new MalformedValue(reason('valueWrappedWithoutValue'));
      const decoded: Record<string, unknown> = {};
      for (const key of Object.keys(tagged.value)) setOwn(decoded, key, decodeValue(tagged.value[key]));
      return decoded;
    }
    case 'undefined':
      return undefined;
    case 'number': {
      const number = SPECIAL_NUMBERS[stringField(tagged, 'value')];
      if (number === undefined) throw new MalformedValue(reason('valueBadNumber', { value: String(tagged.value) }));
      return number;
    }
    case 'bigint': {
      const digits = stringField(tagged, 'value');
      if (!/^-?\d+$/.test(digits)) throw new MalformedValue(reason('valueBadBigint', { value: digits }));
      return BigInt(digits);
    }
    case 'Date': {
      const time = decodeValue(tagged.value);
      if (typeof time !== 'number') throw new MalformedValue(reason('valueDateWithoutTime'));
      return new Date(time);
    }
    case 'ArrayBuffer':
      return decodeBase64(tagged).buffer;
    case 'Map': {
      const entries = tagged.entries;
      if (!Array.isArray(entries) || !entries.every((entry) => Array.isArray(entry) && entry.length === 2)) {
        throw new MalformedValue(reason('valueMapWithoutEntries'));
      }
      return new Map((entries as [unknown, unknown][]).map(([key, item]) => [decodeValue(key), decodeValue(item)]));
    }
    case 'Set': {
      if (!Array.isArray(tagged.values)) throw new MalformedValue(reason('valueSetWithoutValues'));
      return new Set(tagged.values.map(decodeValue));
    }
    case 'RegExp':
      try {
        return new RegExp(stringField(tagged, 'source'), stringField(tagged, 'flags'));
      } catch (error) {
        if (error instanceof MalformedValue) throw error;
        throw new MalformedValue(reason('valueBadRegExp'));
      }
    default:
      if (typeof type === 'string') return decodeTypedArray(type, tagged);
      throw new MalformedValue(reason('valueBadMarker', { marker: TAG }));
  }
}

// ---------------------------------------------------------------------------------------------
// Record checks: the shapes every reader relies on (recordChecks.ts), plus unique keys

/** The record's primary key as a string, to find duplicates. */
function keyOf(store: WorkspaceStoreName, record: Record<string, unknown>): string {
  if (store === 'runResults') return JSON.stringify([record.runId, record.chunk]);
  return String(store === 'datasetRows' ? record.datasetId : record.id);
}

// ---------------------------------------------------------------------------------------------
// File checks

function badInput(why: Reason, detail?: string): WorkbenchError {
  return refusal(why, { detail });
}

function parseJson(text: string): unknown {
  if (text.trim() === '') throw badInput(reason('backupEmpty'));
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw badInput(reason('backupNotJson'), error instanceof Error ? error.message : String(error));
  }
}

interface BackupHeader {
  schemaVersion: number;
  exportedAt: string;
  stores: Record<string, unknown>;
}

function checkHeader(file: unknown, currentSchema: number): BackupHeader {
  if (!isPlainObject(file) || file.format !== BACKUP_FORMAT) {
    throw badInput(
      isPlainObject(file) && typeof file.format === 'string' ? reason('backupWrongFormatNamed', { format: file.format }) : reason('backupWrongFormat'),
    );
  }
  const { version, schemaVersion, exportedAt, stores } = file;
  if (!isPositiveInteger(version) || !isPositiveInteger(schemaVersion)) throw badInput(reason('backupBadVersions'));
  if (version > BACKUP_VERSION || schemaVersion > currentSchema) {
    throw badInput(reason('backupNewer', { version, schema: schemaVersion, maxVersion: BACKUP_VERSION, maxSchema: currentSchema }));
  }
  if (!isPlainObject(stores)) throw badInput(reason('backupNoStores'));
  return { schemaVersion, exportedAt: typeof exportedAt === 'string' ? exportedAt : '', stores };
}

function isPositiveInteger(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 1;
}

function isStoreName(name: string): name is WorkspaceStoreName {
  return (WORKSPACE_STORES as readonly string[]).includes(name);
}

function decodeStore(store: WorkspaceStoreName, records: unknown): unknown[] {
  if (!Array.isArray(records)) throw badInput(reason('backupStoreNotList', { store }));
  const seen = new Set<string>();
  return records.map((encoded, index) => {
    let record: unknown;
    try {
      record = decodeValue(encoded);
    } catch (error) {
      if (!(error instanceof MalformedValue)) throw error;
      throw badInput(reason('backupRecordBadValue', { index: index + 1, store, value: error.what }));
    }
    const problem = recordProblem(store, record);
    if (problem) throw badInput(reason('backupRecordMalformed', { index: index + 1, store, problem }));
    const key = keyOf(store, record as Record<string, unknown>);
    if (seen.has(key)) throw badInput(reason('backupRecordDuplicateKey', { index: index + 1, store, key }));
    seen.add(key);
    return record;
  });
}

/**
 * Brings records of an older schema up to the current one. Schema 1 is the only one so far;
 * when a migration changes record shapes, convert `stores` here step by step from `fromSchema`.
 */
function upgradeRecords(stores: Partial<WorkspaceSnapshot>, fromSchema: number): Partial<WorkspaceSnapshot> {
  void fromSchema;
  return stores;
}

/**
 * The largest backup file a restore reads. A 108 MB dataset saves and opens in Chromium; a 200 MB
 * backup failed half-way ("transaction has finished") after freezing the page (issue 11). Bigger
 * files are refused before reading, with this limit named.
 */
export const BACKUP_MAX_BYTES = 100 * 1024 * 1024;

/**
 * Records already in the workspace that a merged backup's records may refer to: row counts by
 * dataset id and row totals by run id.
 */
interface KnownRecords {
  datasetRows?: ReadonlyMap<string, number>;
  runTotals?: ReadonlyMap<string, number>;
}

async function knownRecords(workspace: Workspace): Promise<KnownRecords> {
  const [datasets, runs] = await Promise.all([workspace.getAll('datasets'), workspace.getAll('runs')]);
  return {
    datasetRows: new Map(datasets.map((dataset) => [dataset.id, dataset.rowCount])),
    runTotals: new Map(runs.map((run) => [run.id, run.total])),
  };
}

interface ParsedBackup {
  stores: Partial<WorkspaceSnapshot>;
  exportedAt: string;
  schemaVersion: number;
}

/** The checked, decoded content of a backup file; throws bad-input before anything is written. */
export function parseBackup(text: string, currentSchema: number, known: KnownRecords = {}): ParsedBackup {
  const header = checkHeader(parseJson(text), currentSchema);
  const stores: Partial<Record<WorkspaceStoreName, unknown[]>> = {};
  for (const [name, records] of Object.entries(header.stores)) {
    if (!isStoreName(name)) {
      throw badInput(reason('backupUnknownStore', { store: name }));
    }
    stores[name] = decodeStore(name, records);
  }
  const cross = crossProblems(
    stores as { datasets?: DatasetRecord[]; datasetRows?: DatasetRowsRecord[]; runs?: RunRecord[]; runResults?: RunResultChunk[] },
    known,
  );
  if (cross) throw badInput(reason('backupRecordMalformed', { index: cross.index + 1, store: cross.store, problem: cross.problem }));
  return {
    stores: upgradeRecords(stores as Partial<WorkspaceSnapshot>, header.schemaVersion),
    exportedAt: header.exportedAt,
    schemaVersion: header.schemaVersion,
  };
}

// ---------------------------------------------------------------------------------------------
// Export and import

/** The whole workspace (every store, a consistent snapshot) as the text of one backup file. */
export async function exportWorkspace(workspace: Workspace): Promise<string> {
  const snapshot = await workspace.readAll();
  const encoder = new Encoder();
  const stores: Partial<Record<WorkspaceStoreName, unknown[]>> = {};
  for (const store of WORKSPACE_STORES) {
    stores[store] = (snapshot[store] as unknown[]).map((record, index) => encoder.encode(record, { store, index, path: '' }));
  }
  const file: BackupFile = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    schemaVersion: workspace.schemaVersion,
    exportedAt: new Date().toISOString(),
    stores,
  };
  return JSON.stringify(file);
}

/**
 * Restores a backup file. The whole file is checked first and written in one transaction, so
 * any problem (a damaged file, a full disk) leaves the workspace as it was.
 */
export async function importWorkspace(workspace: Workspace, text: string, options: ImportOptions): Promise<ImportSummary> {
  if (options.mode !== 'replace' && options.mode !== 'merge') {
    throw badInput(reason('backupUnknownMode', { mode: String(options.mode) }));
  }
  const known = options.mode === 'merge' ? await knownRecords(workspace) : {};
  const { stores, exportedAt } = parseBackup(text, workspace.schemaVersion, known);
  const counts = Object.fromEntries(WORKSPACE_STORES.map((store) => [store, stores[store]?.length ?? 0])) as Record<WorkspaceStoreName, number>;
  const total = Object.values(counts).reduce((sum, count) => sum + count, 0);
  await workspace.writeAll(stores, {
    replace: options.mode === 'replace',
    what: `the backup (${total.toLocaleString('en-US')} ${total === 1 ? 'record' : 'records'})`,
  });
  const datasetRowItems = (stores.datasetRows ?? []).reduce((sum, record) => sum + (Array.isArray(record.items) ? record.items.length : 0), 0);
  return { stores: counts, datasetRowItems, skipped: [...BACKUP_SKIPPED], exportedAt };
}

/**
 * One dataset with everything stored for it (rows, runs and their results, analyses) as a backup
 * file, read as stored and without checks: the way out for a dataset the app cannot show, so the
 * user can keep it, repair it, or send it with a bug report before deleting it.
 */
export async function exportDatasetRecords(workspace: Workspace, datasetId: string): Promise<string> {
  const [datasets, datasetRows, runs, analyses] = await Promise.all([
    workspace.get('datasets', datasetId),
    workspace.get('datasetRows', datasetId),
    workspace.getAllByIndex('runs', 'byDataset', datasetId),
    workspace.getAllByIndex('analyses', 'byDataset', datasetId),
  ]);
  const runResults = (await Promise.all(runs.map((run) => workspace.getAllByIndexRange('runResults', run.id)))).flat();
  const snapshot: Partial<Record<WorkspaceStoreName, unknown[]>> = {
    datasets: datasets ? [datasets] : [],
    datasetRows: datasetRows ? [datasetRows] : [],
    runs,
    runResults,
    analyses,
  };
  const encoder = new Encoder();
  const stores: Partial<Record<WorkspaceStoreName, unknown[]>> = {};
  for (const [store, records] of Object.entries(snapshot) as [WorkspaceStoreName, unknown[]][]) {
    stores[store] = records.map((record, index) => encoder.encode(record, { store, index, path: '' }));
  }
  const file: BackupFile = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    schemaVersion: workspace.schemaVersion,
    exportedAt: new Date().toISOString(),
    stores,
  };
  return JSON.stringify(file);
}
