/**
 * The model weight cache: every file transformers.js downloads, kept in IndexedDB and handed back
 * through the `match`/`put` subset of the Web Cache API that `env.customCache` expects.
 *
 * Why IndexedDB and not the Cache API: one IndexedDB transaction can write the bytes and their
 * metadata record together, so a crash or a full disk never leaves one without the other, and the
 * Models panel can list, size and delete models without reading any weights.
 *
 * Both the worker and the main thread open this database, so nothing here may touch the DOM.
 */
import { sha256, xxhash128 } from 'hash-wasm';
import type { DBSchema, IDBPDatabase } from 'idb';
import { WorkbenchError, formatBytes } from '../core';
import { abortQuietly, describeError, isQuotaError, openDatabase, settleAll } from './idb';

// ---------------------------------------------------------------------------------------------
// Public types

export interface CachedFileInfo {
  /** The cache key transformers.js used: a local path (`/models/org/name/…`) or a Hub URL. */
  key: string;
  modelId: string;
  /** Path of the file inside the model folder, e.g. `onnx/model_quantized.onnx`. */
  file: string;
  size: number;
  /** Lowercase hex SHA-256 of the bytes, computed when they are written. */
  sha256: string;
  /**
   * Lowercase hex xxHash-128 of the bytes, checked on every read. It finds damage as surely as
   * SHA-256 (nobody forges the bytes: whoever can write this database already runs the origin's
   * code) in 10-20 ms for 66 MB, where SHA-256 cost 0.2-0.7 s of each warm load. Records written
   * before it existed have none: their first read checks SHA-256 and adds it.
   */
  checksum?: string;
  contentType: string;
  /** Epoch milliseconds. */
  storedAt: number;
}

export interface ModelSummary {
  files: number;
  bytes: number;
  /** When the model's most recently stored file was written (epoch ms). */
  storedAt: number;
}

export type CorruptionReason = 'missing-bytes' | 'missing-record' | 'size-mismatch' | 'hash-mismatch';

export interface CorruptEntryInfo {
  key: string;
  /** From the record, or parsed from the key when the record itself is what is missing. */
  modelId: string | null;
  file: string | null;
  reason: CorruptionReason;
  expectedSize?: number;
  actualSize?: number;
}

export interface WeightCacheOptions {
  /** Default `llmaos-weights`. */
  dbName?: string;
  /** Must equal transformers.js' `env.localModelPath`, because that prefix is part of the keys. */
  localModelPath?: string;
  /** Must equal transformers.js' `env.remoteHost`. */
  remoteHost?: string;
  /** Defaults to the global `indexedDB`; tests pass a fresh fake-indexeddb factory. */
  idbFactory?: IDBFactory;
  /** A damaged entry was found and removed; transformers.js will download the file again. */
  onCorrupt?: (info: CorruptEntryInfo) => void;
  /**
   * A file could not be stored. transformers.js only logs `put` failures, so this is how the
   * worker learns that the model runs from memory and will be downloaded again next time.
   */
  onWriteError?: (error: WorkbenchError) => void;
  /** Reading the database failed; `match` then reports a miss so the file is fetched again. */
  onReadError?: (error: unknown) => void;
}

/** One file of a model folder the user imports from disk (air-gapped installs). */
export interface ImportedFile {
  /** Relative to the model folder, e.g. `onnx/model_quantized.onnx`. */
  path: string;
  data: ArrayBuffer | Uint8Array<ArrayBuffer>;
}

/** The part of the Web Cache API transformers.js calls on `env.customCache`. */
export interface CustomCacheLike {
  match(request: CacheRequest): Promise<Response | undefined>;
  put(request: CacheRequest, response: Response): Promise<void>;
}

type CacheRequest = string | URL | { url: string };

// ---------------------------------------------------------------------------------------------
// Pure helpers

const DEFAULT_DB_NAME = 'llmaos-weights';
const DEFAULT_LOCAL_MODEL_PATH = '/models/';
const DEFAULT_REMOTE_HOST = 'https://huggingface.co/';
const SCHEMA_VERSION = 1;

/** Same character set transformers.js accepts in a Hub repo id segment. */
const ID_SEGMENT = /^[\w.-]+$/;
const HTML_PREFIXES = ['<!doctype html', '<html', '<head', '<body'];
const HTML_CONTENT_TYPES = new Set(['text/html', 'application/xhtml+xml']);
const SNIFF_LIMIT = 1024;

function withTrailingSlash(prefix: string): string {
  return prefix.endsWith('/') ? prefix : `${prefix}/`;
}

function isIdSegment(segment: string): boolean {
  return ID_SEGMENT.test(segment) && segment !== '.' && segment !== '..';
}

function isFileSegment(segment: string): boolean {
  return segment !== '' && segment !== '.' && segment !== '..';
}

/** `org/name` + the rest, or null when the segments cannot be a model file. */
function splitModelPath(segments: string[]): { modelId: string; file: string } | null {
  const [org, name, ...file] = segments;
  if (org === undefined || name === undefined || file.length === 0) return null;
  if (!isIdSegment(org) || !isIdSegment(name) || !file.every(isFileSegment)) return null;
  return { modelId: `${org}/${name}`, file: file.join('/') };
}

/**
 * Which model and file a cache key (or a fetch URL) belongs to. Understands the two key shapes
 * transformers.js produces: `<localModelPath>org/name/<file>` and
 * `<remoteHost>org/name/resolve/<revision>/<file>`. Model ids are always `org/name`.
 */
export function modelIdFromKey(key: string, localModelPath: string, remoteHost: string): { modelId: string; file: string } | null {
  const path = key.split(/[?#]/, 1)[0] ?? '';
  const local = withTrailingSlash(localModelPath);
  if (path.startsWith(local)) {
    return splitModelPath(path.slice(local.length).split('/'));
  }
  const remote = withTrailingSlash(remoteHost);
  if (path.startsWith(remote)) {
    const [org, name, resolve, revision, ...file] = path.slice(remote.length).split('/');
    if (resolve !== 'resolve' || revision === undefined || revision === '') return null;
    return splitModelPath([org ?? '', name ?? '', ...file]);
  }
  return null;
}

function isHtmlContentType(contentType: string | null | undefined): boolean {
  const mime = contentType?.split(';', 1)[0]?.trim().toLowerCase();
  return mime !== undefined && HTML_CONTENT_TYPES.has(mime);
}

function isAsciiWhitespace(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d || byte === 0x0c;
}

/** Index of the first byte after an optional UTF-8 BOM and leading whitespace. */
function firstContentByte(bytes: Uint8Array): number {
  let index = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (index < bytes.length && isAsciiWhitespace(bytes[index] ?? 0)) index += 1;
  return index;
}

/** ASCII case-insensitive prefix test on raw bytes (weights are not text, so no decoding). */
function startsWithAsciiIgnoringCase(bytes: Uint8Array, start: number, lowerPrefix: string): boolean {
  for (let offset = 0; offset < lowerPrefix.length; offset += 1) {
    const byte = bytes[start + offset];
    if (byte === undefined) return false;
    const lower = byte >= 0x41 && byte <= 0x5a ? byte + 0x20 : byte;
    if (lower !== lowerPrefix.charCodeAt(offset)) return false;
  }
  return true;
}

/**
 * True when a "model file" is really a web page: a static host's SPA fallback, a captive portal
 * or a proxy error page. No weight, tokenizer or config file starts with an HTML tag.
 */
export function looksLikeHtml(bytes: Uint8Array, contentType?: string | null): boolean {
  if (isHtmlContentType(contentType)) return true;
  const start = firstContentByte(bytes);
  return HTML_PREFIXES.some((prefix) => startsWithAsciiIgnoringCase(bytes, start, prefix));
}

/**
 * hash-wasm, not `crypto.subtle.digest`: WebCrypto copies its whole input first, a transient second
 * copy of each file while a first session downloads (issue 13, point 5); hash-wasm reads the
 * bytes in place, 16 KB at a time, and is as fast here (66 MB: 170 ms against 235 ms in Node).
 */
function sha256Hex(data: ArrayBuffer | Uint8Array<ArrayBuffer>): Promise<string> {
  return sha256(bytesOf(data));
}

/** See `CachedFileInfo.checksum`. hash-wasm reads the bytes in place (no 66 MB copy). */
function checksumHex(data: ArrayBuffer | Uint8Array<ArrayBuffer>): Promise<string> {
  return xxhash128(bytesOf(data));
}

/** The bytes as a Uint8Array: a view of the same memory, never a copy. */
function bytesOf(data: ArrayBuffer | Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
  return data instanceof Uint8Array ? data : new Uint8Array(data);
}

/** True when two records describe the same write of a file: it was not rewritten in between. */
function sameWrite(a: CachedFileInfo, b: CachedFileInfo): boolean {
  return a.storedAt === b.storedAt && a.sha256 === b.sha256;
}

/**
 * A cached file as transformers.js reads it. `arrayBuffer()` hands over the bytes already read and
 * verified, where a Response made from them would copy all of them (66 MB for the sentiment
 * model, into memory never touched before: 0.2-0.4 s of a warm load here). transformers.js reads
 * a file that way when it reports no progress; otherwise it reads `body`, a stream of one chunk
 * that is a view of the same bytes. Nothing downstream writes to them: onnxruntime copies the
 * model into its own memory.
 */
class VerifiedFileResponse extends Response {
  readonly #bytes: ArrayBuffer;

  constructor(bytes: ArrayBuffer, record: CachedFileInfo) {
    super(
      new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new Uint8Array(bytes));
          controller.close();
        },
      }),
      // content-length spares transformers.js a network request for the file's size.
      { headers: { 'content-length': String(record.size), 'content-type': record.contentType } },
    );
    this.#bytes = bytes;
  }

  override arrayBuffer(): Promise<ArrayBuffer> {
    return Promise.resolve(this.#bytes);
  }
}

function requestKey(request: CacheRequest): string {
  if (typeof request === 'string') return request;
  return request instanceof URL ? request.href : request.url;
}

function contentTypeFor(file: string, header: string | null): string {
  if (header) return header;
  if (file.endsWith('.json')) return 'application/json';
  if (file.endsWith('.txt')) return 'text/plain';
  return 'application/octet-stream';
}

/** Normalises a user-supplied relative path; null when it would escape the model folder. */
function normaliseImportPath(path: string): string | null {
  const segments = path
    .replace(/\\/g, '/')
    .split('/')
    .filter((segment) => segment !== '' && segment !== '.');
  if (segments.length === 0 || segments.some((segment) => segment === '..')) return null;
  return segments.join('/');
}

// ---------------------------------------------------------------------------------------------
// Database

interface WeightsSchema extends DBSchema {
  files: { key: string; value: CachedFileInfo; indexes: { byModel: string } };
  /**
   * Bytes under the same key as their record (out-of-line keys, so the value is bare). Written as a
   * Blob: reading one back costs ~25 ms and `arrayBuffer()` ~0.2 s for 66 MB, where an ArrayBuffer
   * value is deserialised on the reading thread, 0.8-1.1 s (measured in Chromium here). Entries
   * written before are ArrayBuffers, still read as they are.
   */
  blobs: { key: string; value: Blob | ArrayBuffer };
}

type WeightsDB = IDBPDatabase<WeightsSchema>;

const STORES: ['files', 'blobs'] = ['files', 'blobs'];

function upgradeSchema(db: WeightsDB, oldVersion: number): void {
  if (oldVersion < 1) {
    const files = db.createObjectStore('files', { keyPath: 'key' });
    files.createIndex('byModel', 'modelId');
    db.createObjectStore('blobs');
  }
}

type Verified = { ok: true; record: CachedFileInfo; bytes: ArrayBuffer } | { ok: false; damage: CorruptEntryInfo };

/**
 * A load reads each cached file twice: first `verifiedFiles` (before a load without progress
 * reports; it joins the read transformers.js made of a config file to list the others) or
 * transformers.js's size lookup (the progress total, `get_file_metadata`), then transformers.js
 * for its bytes. A verified read is kept for that second read, which would
 * otherwise read 66 MB from IndexedDB and hash it again; it is dropped once served twice, after
 * this long, or at any write or delete.
 */
const VERIFIED_READ_TTL_MS = 20_000;

interface VerifiedRead {
  read: Promise<{ record: CachedFileInfo; bytes: ArrayBuffer } | undefined>;
  served: number;
}

interface PreparedFile {
  record: CachedFileInfo;
  bytes: Uint8Array<ArrayBuffer>;
}

// ---------------------------------------------------------------------------------------------
// The cache

export class WeightCache implements CustomCacheLike {
  readonly dbName: string;
  readonly localModelPath: string;
  readonly remoteHost: string;
  private readonly factory: IDBFactory | undefined;
  private readonly onCorrupt: WeightCacheOptions['onCorrupt'];
  private readonly onWriteError: WeightCacheOptions['onWriteError'];
  private readonly onReadError: WeightCacheOptions['onReadError'];
  private connection: Promise<WeightsDB> | undefined;
  private readonly recentReads = new Map<string, VerifiedRead>();

  constructor(options: WeightCacheOptions = {}) {
    this.dbName = options.dbName ?? DEFAULT_DB_NAME;
    this.localModelPath = withTrailingSlash(options.localModelPath ?? DEFAULT_LOCAL_MODEL_PATH);
    this.remoteHost = withTrailingSlash(options.remoteHost ?? DEFAULT_REMOTE_HOST);
    this.factory = options.idbFactory;
    this.onCorrupt = options.onCorrupt;
    this.onWriteError = options.onWriteError;
    this.onReadError = options.onReadError;
  }

  // ----- Web Cache API subset (transformers.js) -----------------------------------------------

  /**
   * The stored file, verified against its recorded size and SHA-256. A damaged entry is removed
   * and reported as a miss so transformers.js downloads the file again. Never throws: a failing
   * database must not stop a model from loading over the network.
   */
  async match(request: CacheRequest): Promise<Response | undefined> {
    const key = requestKey(request);
    try {
      const entry = await this.verifiedRead(key);
      return entry && new VerifiedFileResponse(entry.bytes, entry.record);
    } catch (error) {
      this.onReadError?.(error);
      return undefined;
    }
  }

  /**
   * Each file's size when this device holds every one of `files` (paths inside the model folder)
   * intact, else undefined: a damaged file is removed, as by `match`, and must be downloaded. The
   * files are read and verified here, and the load that follows is served these reads. Never
   * throws, for the same reason as `match`.
   */
  async verifiedFiles(modelId: string, files: readonly string[]): Promise<Array<{ file: string; bytes: number }> | undefined> {
    try {
      const records = await (await this.db()).getAllFromIndex('files', 'byModel', modelId);
      // Under both key shapes, the self-hosted one first: transformers.js looks there first.
      const keys = files.map((file) => records.filter((record) => record.file === file).sort((a, b) => this.lookupOrder(a) - this.lookupOrder(b))[0]?.key);
      if (!keys.every((key): key is string => key !== undefined)) return undefined; // before reading 66 MB for nothing
      const reads = keys.map(async (key, index) => {
        // transformers.js read the config files to list the others: that was this load's first read.
        const entry = await this.verifiedRead(key, { join: true });
        return entry && { file: files[index]!, bytes: entry.record.size };
      });
      const found = await Promise.all(reads);
      return found.every((entry) => entry !== undefined) ? found : undefined;
    } catch (error) {
      this.onReadError?.(error);
      return undefined;
    }
  }

  private lookupOrder(record: CachedFileInfo): number {
    return record.key.startsWith(this.localModelPath) ? 0 : 1;
  }

  /**
   * The stored file, verified; shared by the two reads of one load (VERIFIED_READ_TTL_MS). `join`
   * is a first read that joins one already made, instead of counting as the second.
   */
  private verifiedRead(key: string, { join = false } = {}): Promise<{ record: CachedFileInfo; bytes: ArrayBuffer } | undefined> {
    const recent = this.recentReads.get(key);
    if (recent && join) return recent.read;
    if (recent) {
      recent.served += 1;
      if (recent.served >= 2) this.recentReads.delete(key);
      return recent.read;
    }
    const read = this.readVerified(key);
    const entry: VerifiedRead = { read, served: 1 };
    this.recentReads.set(key, entry);
    const forget = () => {
      if (this.recentReads.get(key) === entry) this.recentReads.delete(key);
    };
    read.then((found) => (found ? setTimeout(forget, VERIFIED_READ_TTL_MS) : forget()), forget);
    return read;
  }

  private async readVerified(key: string): Promise<{ record: CachedFileInfo; bytes: ArrayBuffer } | undefined> {
    const { record, bytes } = await this.readEntry(key);
    if (record === undefined && bytes === undefined) return undefined;
    const checked = await this.verify(key, record, bytes);
    if (checked.ok) {
      if (checked.record.checksum === undefined) await this.addChecksum(checked);
      return checked;
    }
    await this.removeDamaged(checked.damage, record);
    this.onCorrupt?.(checked.damage);
    return undefined;
  }

  /** Stores one downloaded file. Rejects web pages and reports storage failures (see options). */
  put(request: CacheRequest, response: Response): Promise<void> {
    return this.store(requestKey(request), async () => new Uint8Array(await response.arrayBuffer()), response.headers.get('content-type'));
  }

  /**
   * `put` for bytes already read: transformers.js's download buffer, handed over as it is. Its own
   * way, `put(key, new Response(buffer))`, holds two more copies of the file while it is stored
   * (the Response copies the buffer, and `put` reads it out again), and a first session's memory
   * peaks while it downloads (issue 13, point 5). transformers.js calls this instead of `put`, as
   * patched in vite.config.ts (`CACHE_PUT_WITHOUT_COPIES`). The bytes are only read.
   */
  putBytes(request: CacheRequest, bytes: Uint8Array<ArrayBuffer>, headers?: Headers): Promise<void> {
    return this.store(requestKey(request), () => bytes, headers?.get('content-type') ?? null);
  }

  private async store(key: string, readBytes: () => Uint8Array<ArrayBuffer> | Promise<Uint8Array<ArrayBuffer>>, contentType: string | null): Promise<void> {
    const parsed = modelIdFromKey(key, this.localModelPath, this.remoteHost);
    try {
      if (!parsed) {
        throw new WorkbenchError('bad-input', `Cannot cache "${key}": it is not a file of an org/name model.`);
      }
      const prepared = await this.prepare(key, parsed.modelId, parsed.file, await readBytes(), contentType);
      await this.writeFiles([prepared], (error) => this.writeFailure(error, prepared.record));
    } catch (error) {
      const failure = error instanceof WorkbenchError ? error : new WorkbenchError('internal', `Could not cache "${key}".`, describeError(error));
      this.onWriteError?.(failure);
      throw failure;
    }
  }

  // ----- Management API (Models panel, SDK) ---------------------------------------------------

  async list(): Promise<CachedFileInfo[]> {
    const db = await this.db();
    const records = await db.getAll('files');
    return records.sort((a, b) => a.modelId.localeCompare(b.modelId) || a.file.localeCompare(b.file));
  }

  async summaries(): Promise<Record<string, ModelSummary>> {
    const result: Record<string, ModelSummary> = {};
    for (const record of await this.list()) {
      const summary = (result[record.modelId] ??= { files: 0, bytes: 0, storedAt: 0 });
      summary.files += 1;
      summary.bytes += record.size;
      summary.storedAt = Math.max(summary.storedAt, record.storedAt);
    }
    return result;
  }

  async hasModel(modelId: string): Promise<boolean> {
    const db = await this.db();
    return (await db.countFromIndex('files', 'byModel', modelId)) > 0;
  }

  /** Removes every file of a model, under both key shapes, including bytes whose record is gone. */
  async deleteModel(modelId: string): Promise<{ files: number; bytes: number }> {
    this.recentReads.clear();
    const db = await this.db();
    const tx = db.transaction(STORES, 'readwrite');
    const records = await tx.objectStore('files').index('byModel').getAll(modelId);
    const blobKeys = await tx.objectStore('blobs').getAllKeys();
    const orphanKeys = blobKeys.filter((key) => modelIdFromKey(key, this.localModelPath, this.remoteHost)?.modelId === modelId);
    const keys = new Set([...records.map((record) => record.key), ...orphanKeys]);
    await settleAll([...[...keys].flatMap((key) => [tx.objectStore('files').delete(key), tx.objectStore('blobs').delete(key)]), tx.done]);
    return { files: records.length, bytes: records.reduce((total, record) => total + record.size, 0) };
  }

  /** Removes one file; true when there was anything to remove. */
  async delete(request: CacheRequest): Promise<boolean> {
    this.recentReads.clear();
    const key = requestKey(request);
    const db = await this.db();
    const tx = db.transaction(STORES, 'readwrite');
    const [recordCount, blobCount] = await Promise.all([tx.objectStore('files').count(key), tx.objectStore('blobs').count(key)]);
    await settleAll([tx.objectStore('files').delete(key), tx.objectStore('blobs').delete(key), tx.done]);
    return recordCount + blobCount > 0;
  }

  async clear(): Promise<void> {
    this.recentReads.clear();
    const db = await this.db();
    const tx = db.transaction(STORES, 'readwrite');
    await settleAll([tx.objectStore('files').clear(), tx.objectStore('blobs').clear(), tx.done]);
  }

  /**
   * Stores a model folder picked from disk under the local-path keys transformers.js tries first,
   * so an air-gapped machine never needs the Hub. All files are written in one transaction: an
   * import either completes or leaves nothing behind.
   */
  async importFiles(modelId: string, files: readonly ImportedFile[]): Promise<{ files: number; bytes: number }> {
    const [org, name, ...extra] = modelId.split('/');
    if (org === undefined || name === undefined || extra.length > 0 || !isIdSegment(org) || !isIdSegment(name)) {
      throw new WorkbenchError('bad-input', `"${modelId}" is not a model id: use the form org/name, e.g. Xenova/distilgpt2.`);
    }
    const entries = this.validateImport(modelId, files);
    const prepared: PreparedFile[] = [];
    for (const { path, data } of entries) {
      const key = `${this.localModelPath}${modelId}/${path}`;
      prepared.push(await this.prepare(key, modelId, path, bytesOf(data), null));
    }
    const bytes = prepared.reduce((total, file) => total + file.record.size, 0);
    await this.writeFiles(prepared, (error) => this.importFailure(error, modelId, prepared.length, bytes));
    return { files: prepared.length, bytes };
  }

  /** Closes the connection; the next call reopens it. */
  close(): void {
    const connection = this.connection;
    this.connection = undefined;
    void connection?.then((db) => db.close()).catch(() => undefined);
  }

  // ----- Internals ----------------------------------------------------------------------------

  private db(): Promise<WeightsDB> {
    if (!this.connection) {
      const factory = this.factory ?? globalThis.indexedDB;
      if (!factory) return Promise.reject(new WorkbenchError('internal', 'IndexedDB is not available here.'));
      const connection = openDatabase<WeightsSchema>(factory, this.dbName, SCHEMA_VERSION, upgradeSchema, {
        // Another tab wants a newer schema (or deletes the database): step aside so it is not
        // blocked; closing inside the event lets it proceed without a `blocked` round-trip.
        blocking: (db) => {
          db.close();
          this.dropConnection(connection);
        },
        // The browser closed the connection (storage cleared, disk error): reopen on next use.
        terminated: () => this.dropConnection(connection),
        // No `blocked` handler: another tab holds an older version open, and our own `blocking`
        // handler (running in that tab) closes it, after which this open proceeds by itself.
      });
      // A failed open (e.g. private mode, newer schema elsewhere) must not be cached forever.
      connection.catch(() => this.dropConnection(connection));
      this.connection = connection;
    }
    return this.connection;
  }

  private dropConnection(connection: Promise<WeightsDB>): void {
    if (this.connection === connection) this.connection = undefined;
  }

  private async readEntry(key: string): Promise<{ record?: CachedFileInfo; bytes?: unknown }> {
    const db = await this.db();
    const tx = db.transaction(STORES, 'readonly');
    const [record, bytes] = await Promise.all([tx.objectStore('files').get(key), tx.objectStore('blobs').get(key)]);
    return { record, bytes };
  }

  /** The intact entry, or what is wrong with it. */
  private async verify(key: string, record: CachedFileInfo | undefined, stored: unknown): Promise<Verified> {
    const origin = record ?? modelIdFromKey(key, this.localModelPath, this.remoteHost);
    const base = { key, modelId: origin?.modelId ?? null, file: origin?.file ?? null };
    const damaged = (damage: Omit<CorruptEntryInfo, keyof typeof base>): Verified => ({ ok: false, damage: { ...base, ...damage } });
    if (record === undefined) return damaged({ reason: 'missing-record' });
    if (!(stored instanceof ArrayBuffer || stored instanceof Blob)) return damaged({ reason: 'missing-bytes', expectedSize: record.size });
    const storedSize = stored instanceof Blob ? stored.size : stored.byteLength;
    const sizes = { expectedSize: record.size, actualSize: storedSize };
    if (storedSize !== record.size) return damaged({ reason: 'size-mismatch', ...sizes });
    const bytes = stored instanceof Blob ? await stored.arrayBuffer() : stored;
    const intact = record.checksum === undefined ? (await sha256Hex(bytes)) === record.sha256 : (await checksumHex(bytes)) === record.checksum;
    if (!intact) return damaged({ reason: 'hash-mismatch', ...sizes });
    return { ok: true, record, bytes };
  }

  /**
   * Gives a record written before `checksum` existed its checksum, once its bytes passed SHA-256,
   * unless it was rewritten meanwhile. A failure only means the next read checks SHA-256 again.
   */
  private async addChecksum({ record, bytes }: { record: CachedFileInfo; bytes: ArrayBuffer }): Promise<void> {
    const checksum = await checksumHex(bytes);
    try {
      const db = await this.db();
      const tx = db.transaction('files', 'readwrite');
      const current = await tx.store.get(record.key);
      if (current !== undefined && sameWrite(current, record)) await tx.store.put({ ...current, checksum });
      await tx.done;
    } catch (error) {
      this.onReadError?.(error);
    }
  }

  /**
   * Deletes a damaged entry, unless it was rewritten since we read it: between the read and the
   * hash another context may already have stored a good copy under the same key.
   */
  private async removeDamaged(damage: CorruptEntryInfo, seen: CachedFileInfo | undefined): Promise<void> {
    const db = await this.db();
    const tx = db.transaction(STORES, 'readwrite');
    const current = await tx.objectStore('files').get(damage.key);
    const unchanged = seen === undefined ? current === undefined : current !== undefined && sameWrite(current, seen);
    if (unchanged) {
      await settleAll([tx.objectStore('files').delete(damage.key), tx.objectStore('blobs').delete(damage.key), tx.done]);
    } else {
      await tx.done;
    }
  }

  /** Checks and hashes the bytes before any transaction opens (a transaction cannot await hashing). */
  private async prepare(key: string, modelId: string, file: string, bytes: Uint8Array<ArrayBuffer>, contentType: string | null): Promise<PreparedFile> {
    if (looksLikeHtml(bytes.subarray(0, SNIFF_LIMIT), contentType)) {
      throw new WorkbenchError(
        'load-failed',
        `"${file}" of model ${modelId} is a web page, not a model file, so it was not saved. ` +
          'The server, a proxy or a captive portal answered with HTML instead of the file.',
        `key: ${key}; content-type: ${contentType ?? 'none'}`,
      );
    }
    const record: CachedFileInfo = {
      key,
      modelId,
      file,
      size: bytes.byteLength,
      sha256: await sha256Hex(bytes),
      checksum: await checksumHex(bytes),
      contentType: contentTypeFor(file, contentType),
      storedAt: Date.now(),
    };
    return { record, bytes };
  }

  /**
   * Records and bytes in one transaction. Any failure aborts it explicitly: a request that throws
   * synchronously (as a quota check may) would otherwise let the writes already queued commit.
   */
  private async writeFiles(files: readonly PreparedFile[], toError: (error: unknown) => WorkbenchError): Promise<void> {
    this.recentReads.clear();
    const db = await this.db().catch((error: unknown) => {
      throw toError(error);
    });
    const tx = db.transaction(STORES, 'readwrite');
    const pending: Promise<unknown>[] = [tx.done];
    try {
      for (const { record, bytes } of files) {
        pending.push(tx.objectStore('files').put(record));
        pending.push(tx.objectStore('blobs').put(new Blob([bytes], { type: record.contentType }), record.key));
      }
      await settleAll(pending);
    } catch (error) {
      settleAll(pending).catch(() => undefined);
      abortQuietly(tx);
      throw toError(error);
    }
  }

  private writeFailure(error: unknown, record: CachedFileInfo): WorkbenchError {
    if (isQuotaError(error)) {
      return new WorkbenchError(
        'storage-full',
        `Could not save "${record.file}" of model ${record.modelId} (${formatBytes(record.size)}): ` +
          "the browser's storage is full. Free space by deleting cached models in the Models panel. " +
          'The model still works now but will be downloaded again next time.',
        describeError(error),
      );
    }
    return new WorkbenchError('internal', `Could not save "${record.file}" of model ${record.modelId} in the browser's storage.`, describeError(error));
  }

  private importFailure(error: unknown, modelId: string, files: number, bytes: number): WorkbenchError {
    const what = `model ${modelId} (${files} files, ${formatBytes(bytes)})`;
    if (isQuotaError(error)) {
      return new WorkbenchError(
        'storage-full',
        `Could not import ${what}: the browser's storage is full. ` + 'Free space by deleting cached models in the Models panel, then import again.',
        describeError(error),
      );
    }
    return new WorkbenchError('internal', `Could not import ${what} into the browser's storage.`, describeError(error));
  }

  private validateImport(modelId: string, files: readonly ImportedFile[]): ImportedFile[] {
    const entries: ImportedFile[] = [];
    for (const file of files) {
      const path = normaliseImportPath(file.path);
      if (path === null) {
        throw new WorkbenchError('bad-input', `"${file.path}" is not a path inside the model folder of ${modelId}.`);
      }
      entries.push({ path, data: file.data });
    }
    const paths = entries.map((entry) => entry.path);
    const missing: string[] = [];
    if (!paths.includes('config.json')) missing.push('config.json at the top of the folder');
    if (!paths.some((path) => path.toLowerCase().endsWith('.onnx'))) missing.push('at least one .onnx weight file');
    if (missing.length > 0) {
      throw new WorkbenchError(
        'bad-input',
        `The folder for ${modelId} is not a transformers.js model: it needs ${missing.join(' and ')} ` +
          '(usually in an onnx/ subfolder). Pick the folder that contains config.json.',
      );
    }
    return entries;
  }
}
