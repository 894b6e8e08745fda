// idb's wrap() recognises requests and stores by `instanceof` against the global IDB classes, so
// the fake's classes must be installed globally; each test still gets its own fresh factory.
import 'fake-indexeddb/auto';
import { createHash } from 'node:crypto';
import { sha256 as sha256Wasm, xxhash128 } from 'hash-wasm';
import { IDBFactory, IDBObjectStore } from 'fake-indexeddb';
import { wrap, type IDBPDatabase } from 'idb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { looksLikeHtml, modelIdFromKey, WeightCache, type CachedFileInfo, type CorruptEntryInfo, type WeightCacheOptions } from '../../src/storage/weightCache';
import { WorkbenchError } from '../../src/core';

// The real hash-wasm, with its SHA-256 counted: it is what the cache hashes a file with.
vi.mock('hash-wasm', async (importOriginal) => {
  const real = await importOriginal<typeof import('hash-wasm')>();
  return { ...real, sha256: vi.fn(real.sha256) };
});

const MODEL = 'Xenova/distilgpt2';
const WEIGHTS = 'onnx/model_quantized.onnx';
const REMOTE_KEY = `https://huggingface.co/${MODEL}/resolve/main/${WEIGHTS}`;
const LOCAL_KEY = `/models/${MODEL}/${WEIGHTS}`;
const DB_NAME = 'llmaos-weights';

/** Deterministic pseudo-weights: an ONNX file starts with protobuf field 1 (0x08). */
function fakeWeights(size: number, seed = 1): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size);
  let state = seed;
  for (let index = 0; index < size; index += 1) {
    state = (state * 1103515245 + 12345) >>> 0;
    bytes[index] = state >>> 24;
  }
  bytes[0] = 0x08;
  return bytes;
}

function binaryResponse(bytes: Uint8Array<ArrayBuffer>, contentType = 'application/octet-stream'): Response {
  return new Response(bytes, { headers: { 'content-type': contentType, 'content-length': String(bytes.byteLength) } });
}

function textBytes(text: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(text);
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

let factory: IDBFactory;
let cache: WeightCache;
let corrupt: ReturnType<typeof vi.fn<(info: CorruptEntryInfo) => void>>;
let writeErrors: ReturnType<typeof vi.fn<(error: WorkbenchError) => void>>;
const rawConnections: IDBPDatabase[] = [];

function createCache(options: WeightCacheOptions = {}): WeightCache {
  return new WeightCache({ idbFactory: factory, onCorrupt: corrupt, onWriteError: writeErrors, ...options });
}

/** The database as the cache left it, bypassing the cache (to damage entries or inspect them). */
async function rawDb(): Promise<IDBPDatabase> {
  await cache.list(); // Lets the cache create its schema first, had nothing opened it yet.
  const db = (await wrap(factory.open(DB_NAME))) as IDBPDatabase;
  rawConnections.push(db);
  return db;
}

async function storedKeys(): Promise<{ files: string[]; blobs: string[] }> {
  const db = await rawDb();
  return {
    files: (await db.getAllKeys('files')).map(String),
    blobs: (await db.getAllKeys('blobs')).map(String),
  };
}

async function bodyBytes(response: Response | undefined): Promise<Uint8Array> {
  expect(response).toBeInstanceOf(Response);
  return new Uint8Array(await (response as Response).arrayBuffer());
}

/** The keys the blob store was asked for, in order (`spy` watches IDBObjectStore.prototype.get). */
function blobReadsOf(spy: { mock: { contexts: unknown[]; calls: unknown[][] } }): unknown[] {
  return spy.mock.calls.filter((_, index) => (spy.mock.contexts[index] as IDBObjectStore).name === 'blobs').map(([key]) => key);
}

beforeEach(() => {
  factory = new IDBFactory();
  corrupt = vi.fn<(info: CorruptEntryInfo) => void>();
  writeErrors = vi.fn<(error: WorkbenchError) => void>();
  cache = createCache();
});

afterEach(() => {
  cache.close();
  for (const db of rawConnections.splice(0)) db.close();
  vi.restoreAllMocks();
});

describe('put and match', () => {
  it('returns the same bytes with content-length and content-type set', async () => {
    const bytes = fakeWeights(4096);
    await cache.put(REMOTE_KEY, binaryResponse(bytes));

    const response = await cache.match(REMOTE_KEY);
    expect(response?.headers.get('content-length')).toBe('4096');
    expect(response?.headers.get('content-type')).toBe('application/octet-stream');
    expect(await bodyBytes(response)).toEqual(bytes);
  });

  it('records model, file, size, SHA-256, checksum and time of storage', async () => {
    const bytes = fakeWeights(1000);
    const before = Date.now();
    await cache.put(REMOTE_KEY, binaryResponse(bytes));

    const [info, ...rest] = await cache.list();
    expect(rest).toEqual([]);
    expect(info).toMatchObject({ key: REMOTE_KEY, modelId: MODEL, file: WEIGHTS, size: 1000, sha256: sha256(bytes), checksum: await xxhash128(bytes) });
    expect(info?.storedAt).toBeGreaterThanOrEqual(before);
    expect(info?.storedAt).toBeLessThanOrEqual(Date.now());
  });

  it('accepts URL and Request objects as keys, like the Cache API', async () => {
    const bytes = fakeWeights(64);
    await cache.put(new URL(REMOTE_KEY), binaryResponse(bytes));
    expect(await bodyBytes(await cache.match(new Request(REMOTE_KEY)))).toEqual(bytes);
  });

  it('treats an absent key as a plain miss, not as corruption', async () => {
    expect(await cache.match(LOCAL_KEY)).toBeUndefined();
    expect(corrupt).not.toHaveBeenCalled();
  });

  it('rejects a key that does not belong to an org/name model', async () => {
    await expect(cache.put('https://example.com/file.onnx', binaryResponse(fakeWeights(8)))).rejects.toMatchObject({
      code: 'bad-input',
    });
    expect(writeErrors).toHaveBeenCalledTimes(1);
    expect(await cache.list()).toEqual([]);
  });
});

describe('putBytes: the download buffer itself, as transformers.js (patched) hands it over', () => {
  it('stores exactly the bytes of a view, recorded as put records them, and leaves the buffer as it was', async () => {
    const file = fakeWeights(3000);
    // transformers.js's buffer is exactly the file; a view into a larger buffer is the harder case.
    const buffer = new Uint8Array(file.byteLength + 200);
    buffer.set(file, 100);
    const view = buffer.subarray(100, 100 + file.byteLength);
    const readsOut = vi.spyOn(Response.prototype, 'arrayBuffer');

    await cache.putBytes(REMOTE_KEY, view, new Headers({ 'content-type': 'application/octet-stream' }));

    expect(readsOut).not.toHaveBeenCalled();
    const [info] = await cache.list();
    expect(info).toMatchObject({ size: 3000, sha256: sha256(file), checksum: await xxhash128(file), contentType: 'application/octet-stream' });
    readsOut.mockRestore();
    expect(await bodyBytes(await cache.match(REMOTE_KEY))).toEqual(file);
    expect(view).toEqual(file);
  });

  it('gives a file without a content type the type its name implies', async () => {
    await cache.putBytes(`/models/${MODEL}/config.json`, textBytes('{"model_type":"gpt2"}'));
    expect((await cache.list())[0]?.contentType).toBe('application/json');
  });

  it('rejects a web page and a key outside any model as put does, reporting each', async () => {
    await expect(cache.putBytes(REMOTE_KEY, textBytes('<!DOCTYPE html><p>Sign in</p>'))).rejects.toMatchObject({ code: 'load-failed' });
    await expect(cache.putBytes('https://example.com/file.onnx', fakeWeights(8))).rejects.toMatchObject({ code: 'bad-input' });
    expect(writeErrors).toHaveBeenCalledTimes(2);
    expect(await cache.list()).toEqual([]);
  });
});

describe('HTML instead of a model file', () => {
  it('rejects a response served as text/html, naming the file and the model', async () => {
    const error = await cache.put(REMOTE_KEY, binaryResponse(fakeWeights(256), 'text/html; charset=utf-8')).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(WorkbenchError);
    expect(error).toMatchObject({ code: 'load-failed' });
    expect((error as Error).message).toContain(WEIGHTS);
    expect((error as Error).message).toContain(MODEL);
    expect(writeErrors).toHaveBeenCalledWith(error);
    expect(await storedKeys()).toEqual({ files: [], blobs: [] });
  });

  it.each([
    ['a doctype', '<!DOCTYPE html><html><body>Sign in</body></html>'],
    ['a BOM and whitespace before <HTML>', '\uFEFF \r\n\t<HTML lang="en">'],
  ])('rejects bytes that start with %s even when labelled binary', async (_label, page) => {
    await expect(cache.put(LOCAL_KEY, binaryResponse(textBytes(page)))).rejects.toMatchObject({ code: 'load-failed' });
    expect(await cache.list()).toEqual([]);
  });

  it.each([
    ['<!doctype html>', null],
    ['<!DocType HTML>', null],
    ['  \n<html>', null],
    ['\uFEFF<head><title>x</title>', null],
    ['\uFEFF\n  <BODY>', undefined],
    ['{"model_type":"gpt2"}', 'text/html'],
    ['', 'TEXT/HTML; charset=utf-8'],
  ])('looksLikeHtml(%j, %j) is true', (text, contentType) => {
    expect(looksLikeHtml(textBytes(text), contentType)).toBe(true);
  });

  it.each([
    ['{"model_type":"gpt2"}', 'application/json'],
    ['[PAD]\n[UNK]\n', 'text/plain; charset=utf-8'],
    ['<?xml version="1.0"?>', null],
    ['<htm', null],
    ['', null],
  ])('looksLikeHtml(%j, %j) is false', (text, contentType) => {
    expect(looksLikeHtml(textBytes(text), contentType)).toBe(false);
  });

  it('does not mistake binary weights for HTML', () => {
    expect(looksLikeHtml(fakeWeights(2048), 'application/octet-stream')).toBe(false);
  });
});

describe('integrity checks on read', () => {
  beforeEach(async () => {
    await cache.put(REMOTE_KEY, binaryResponse(fakeWeights(512)));
  });

  it('detects flipped bytes by hash, deletes the entry and reports it', async () => {
    const damaged = fakeWeights(512);
    damaged[300] = (damaged[300] ?? 0) ^ 0xff;
    await (await rawDb()).put('blobs', damaged.buffer, REMOTE_KEY);

    expect(await cache.match(REMOTE_KEY)).toBeUndefined();
    expect(corrupt).toHaveBeenCalledExactlyOnceWith(expect.objectContaining({ key: REMOTE_KEY, modelId: MODEL, file: WEIGHTS, reason: 'hash-mismatch' }));
    expect(await storedKeys()).toEqual({ files: [], blobs: [] });
    // Once removed it is an ordinary miss: transformers.js downloads it and nothing is reported.
    expect(await cache.match(REMOTE_KEY)).toBeUndefined();
    expect(corrupt).toHaveBeenCalledTimes(1);
  });

  it('detects truncated bytes by size', async () => {
    await (await rawDb()).put('blobs', fakeWeights(512).slice(0, 200).buffer, REMOTE_KEY);

    expect(await cache.match(REMOTE_KEY)).toBeUndefined();
    expect(corrupt).toHaveBeenCalledExactlyOnceWith(expect.objectContaining({ reason: 'size-mismatch', expectedSize: 512, actualSize: 200 }));
    expect(await storedKeys()).toEqual({ files: [], blobs: [] });
  });

  it('detects a record whose bytes are missing', async () => {
    await (await rawDb()).delete('blobs', REMOTE_KEY);

    expect(await cache.match(REMOTE_KEY)).toBeUndefined();
    expect(corrupt).toHaveBeenCalledExactlyOnceWith(expect.objectContaining({ reason: 'missing-bytes', modelId: MODEL }));
    expect(await cache.list()).toEqual([]);
  });

  it('detects bytes whose record is missing, naming the model from the key', async () => {
    await (await rawDb()).delete('files', REMOTE_KEY);

    expect(await cache.match(REMOTE_KEY)).toBeUndefined();
    expect(corrupt).toHaveBeenCalledExactlyOnceWith(expect.objectContaining({ reason: 'missing-record', modelId: MODEL, file: WEIGHTS }));
    expect((await storedKeys()).blobs).toEqual([]);
  });

  it('stores the bytes as a Blob, and finds a damaged or truncated one as it finds a damaged buffer', async () => {
    const db = await rawDb();
    expect(await db.get('blobs', REMOTE_KEY)).toBeInstanceOf(Blob);
    const damaged = fakeWeights(512);
    damaged[511] = (damaged[511] ?? 0) ^ 0x80;
    await db.put('blobs', new Blob([damaged]), REMOTE_KEY);
    expect(await cache.match(REMOTE_KEY)).toBeUndefined();
    await cache.put(REMOTE_KEY, binaryResponse(fakeWeights(512)));
    await db.put('blobs', new Blob([fakeWeights(512).slice(0, 511)]), REMOTE_KEY);
    expect(await cache.match(REMOTE_KEY)).toBeUndefined();
    expect(corrupt.mock.calls.map(([info]) => info.reason)).toEqual(['hash-mismatch', 'size-mismatch']);
  });

  it('still reads an entry stored as an ArrayBuffer (before Blobs)', async () => {
    await (await rawDb()).put('blobs', fakeWeights(512).buffer, REMOTE_KEY);
    expect(await bodyBytes(await cache.match(REMOTE_KEY))).toEqual(fakeWeights(512));
    expect(corrupt).not.toHaveBeenCalled();
  });

  it('reads an entry stored before checksums by SHA-256, once: then it has a checksum, and damage is still found', async () => {
    const db = await rawDb();
    const { checksum, ...older } = (await db.get('files', REMOTE_KEY)) as CachedFileInfo;
    expect(checksum).toBe(await xxhash128(fakeWeights(512)));
    await db.put('files', older);
    const digest = vi.mocked(sha256Wasm);
    digest.mockClear();
    expect(await bodyBytes(await cache.match(REMOTE_KEY))).toEqual(fakeWeights(512));
    expect(digest).toHaveBeenCalledTimes(1);
    expect((await cache.list())[0]?.checksum).toBe(checksum);
    await cache.match(REMOTE_KEY); // the load's second read
    expect(await bodyBytes(await cache.match(REMOTE_KEY))).toEqual(fakeWeights(512)); // the next load…
    await cache.match(REMOTE_KEY); // …and its second read
    expect(digest).toHaveBeenCalledTimes(1);
    // An older record whose bytes are damaged fails SHA-256 and gets no checksum.
    await db.put('files', older);
    const damaged = fakeWeights(512);
    damaged[100] = (damaged[100] ?? 0) ^ 0x01;
    await db.put('blobs', damaged.buffer, REMOTE_KEY);
    expect(await cache.match(REMOTE_KEY)).toBeUndefined();
    expect(corrupt).toHaveBeenCalledExactlyOnceWith(expect.objectContaining({ reason: 'hash-mismatch' }));
    expect(await storedKeys()).toEqual({ files: [], blobs: [] });
  });

  it('lets a fresh download replace a removed corrupt entry', async () => {
    await (await rawDb()).put('blobs', new ArrayBuffer(512), REMOTE_KEY);
    expect(await cache.match(REMOTE_KEY)).toBeUndefined();

    const fresh = fakeWeights(512, 7);
    await cache.put(REMOTE_KEY, binaryResponse(fresh));
    expect(await bodyBytes(await cache.match(REMOTE_KEY))).toEqual(fresh);
  });
});

describe('the two reads of one load', () => {
  // transformers.js reads each cached file for its size, then for its bytes: one read and one hash serve both.
  beforeEach(async () => {
    await cache.put(REMOTE_KEY, binaryResponse(fakeWeights(512)));
  });
  afterEach(() => vi.useRealTimers());

  it('reads and checks the file once for both, and the second read has the same bytes', async () => {
    const blobReads = vi.spyOn(IDBObjectStore.prototype, 'get');
    try {
      const first = await cache.match(REMOTE_KEY);
      const second = await cache.match(REMOTE_KEY);
      expect(blobReadsOf(blobReads)).toEqual([REMOTE_KEY]);
      expect(await bodyBytes(first)).toEqual(fakeWeights(512));
      expect(await bodyBytes(second)).toEqual(fakeWeights(512));
      // A third read (the next load) is checked again: damage since then is still found.
      const damaged = fakeWeights(512);
      damaged[10] = (damaged[10] ?? 0) ^ 0xff;
      await (await rawDb()).put('blobs', damaged.buffer, REMOTE_KEY);
      expect(await cache.match(REMOTE_KEY)).toBeUndefined();
      expect(corrupt).toHaveBeenCalledExactlyOnceWith(expect.objectContaining({ key: REMOTE_KEY, reason: 'hash-mismatch' }));
    } finally {
      blobReads.mockRestore();
    }
  });

  it('forgets the read at a write, and after a while', async () => {
    await cache.match(REMOTE_KEY);
    const fresh = fakeWeights(512, 9);
    await cache.put(REMOTE_KEY, binaryResponse(fresh));
    expect(await bodyBytes(await cache.match(REMOTE_KEY))).toEqual(fresh);
    await cache.match(REMOTE_KEY); // its second read: done with

    vi.useFakeTimers({ toFake: ['setTimeout'] });
    const damaged = fresh.slice();
    damaged[10] = (damaged[10] ?? 0) ^ 0xff;
    await cache.match(REMOTE_KEY); // the next load's first read, kept for its second…
    await (await rawDb()).put('blobs', damaged.buffer, REMOTE_KEY);
    await vi.advanceTimersByTimeAsync(60_000); // …which never comes: dropped
    expect(await cache.match(REMOTE_KEY)).toBeUndefined();
    expect(corrupt).toHaveBeenCalledWith(expect.objectContaining({ reason: 'hash-mismatch' }));
  });
});

describe('a load without progress reports (verifiedFiles, then match)', () => {
  const CONFIG = 'config.json';
  const configBytes = textBytes('{"model_type":"gpt2"}');

  beforeEach(async () => {
    await cache.put(`/models/${MODEL}/${CONFIG}`, binaryResponse(configBytes, 'application/json'));
    await cache.put(REMOTE_KEY, binaryResponse(fakeWeights(512)));
  });

  it("gives each file's size when every file is stored intact, and the load is served that read: one read of each file", async () => {
    const blobReads = vi.spyOn(IDBObjectStore.prototype, 'get');
    try {
      expect(await cache.verifiedFiles(MODEL, [CONFIG, WEIGHTS])).toEqual([
        { file: CONFIG, bytes: configBytes.byteLength },
        { file: WEIGHTS, bytes: 512 },
      ]);
      // transformers.js looks for the weights under the self-hosted key first, then the Hub's.
      expect(await cache.match(LOCAL_KEY)).toBeUndefined();
      const weights = await cache.match(REMOTE_KEY);
      // The weights were read once; the self-hosted key only found nothing there.
      expect(blobReadsOf(blobReads).sort()).toEqual([LOCAL_KEY, `/models/${MODEL}/${CONFIG}`, REMOTE_KEY].sort());
      expect(await bodyBytes(weights)).toEqual(fakeWeights(512));
    } finally {
      blobReads.mockRestore();
    }
    expect(corrupt).not.toHaveBeenCalled();
  });

  it('reads a config file once for the listing that read it first, the check and the load; the next load reads it again', async () => {
    const configKey = `/models/${MODEL}/${CONFIG}`;
    const blobReads = vi.spyOn(IDBObjectStore.prototype, 'get');
    try {
      await cache.match(configKey); // transformers.js reads it to list the model's files
      await cache.verifiedFiles(MODEL, [CONFIG, WEIGHTS]);
      expect(await bodyBytes(await cache.match(configKey))).toEqual(configBytes); // the load
      expect(blobReadsOf(blobReads).filter((key) => key === configKey)).toHaveLength(1);
      await cache.match(configKey);
      expect(blobReadsOf(blobReads).filter((key) => key === configKey)).toHaveLength(2);
    } finally {
      blobReads.mockRestore();
    }
  });

  it('hands transformers.js the verified bytes themselves: arrayBuffer() is the buffer that was checked, not a copy', async () => {
    await cache.verifiedFiles(MODEL, [WEIGHTS]);
    const response = await cache.match(REMOTE_KEY);
    const handedOver = await response!.arrayBuffer();
    // The same buffer again: a Response made from the bytes would copy them at every call.
    expect(await response!.arrayBuffer()).toBe(handedOver);
    expect(new Uint8Array(handedOver)).toEqual(fakeWeights(512));
    // The stream transformers.js reads when it reports progress holds the same bytes.
    await cache.verifiedFiles(MODEL, [WEIGHTS]);
    const streamed = await cache.match(REMOTE_KEY);
    const { value } = await streamed!.body!.getReader().read();
    expect(value).toEqual(fakeWeights(512));
  });

  it('is undefined when a file is not stored, so the load reports its download', async () => {
    expect(await cache.verifiedFiles(MODEL, [CONFIG, WEIGHTS, 'tokenizer.json'])).toBeUndefined();
    expect(await cache.verifiedFiles('Xenova/other', [CONFIG])).toBeUndefined();
    expect(corrupt).not.toHaveBeenCalled();
  });

  it('is undefined when a file is damaged, which is removed and reported: the load downloads it with progress', async () => {
    const damaged = fakeWeights(512);
    damaged[100] = (damaged[100] ?? 0) ^ 0xff;
    await (await rawDb()).put('blobs', damaged.buffer, REMOTE_KEY);

    expect(await cache.verifiedFiles(MODEL, [CONFIG, WEIGHTS])).toBeUndefined();
    expect(corrupt).toHaveBeenCalledExactlyOnceWith(expect.objectContaining({ key: REMOTE_KEY, reason: 'hash-mismatch' }));
    expect((await storedKeys()).files).toEqual([`/models/${MODEL}/${CONFIG}`]);
    expect(await cache.match(REMOTE_KEY)).toBeUndefined();
  });

  it('reports a failing database as no stored files, never as an error', async () => {
    const readErrors = vi.fn();
    const broken = createCache({
      idbFactory: {
        open: () => {
          throw new Error('disk gone');
        },
      } as unknown as IDBFactory,
      onReadError: readErrors,
    });
    expect(await broken.verifiedFiles(MODEL, [WEIGHTS])).toBeUndefined();
    expect(readErrors).toHaveBeenCalledOnce();
  });
});

describe('storage full', () => {
  /** Makes the next put into `storeName` throw like a browser over its quota. */
  function failNextPut(storeName: string, error: Error): void {
    const realPut = IDBObjectStore.prototype.put;
    let armed = true;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (armed && this.name === storeName) {
        armed = false;
        throw error;
      }
      return realPut.apply(this, args);
    });
  }

  it('turns QuotaExceededError into storage-full, reports it and leaves nothing half-written', async () => {
    // The record is queued before the bytes, so only an aborted transaction keeps it out.
    failNextPut('blobs', new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
    const bytes = fakeWeights(3 * 1024 * 1024);

    const error = await cache.put(REMOTE_KEY, binaryResponse(bytes)).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(WorkbenchError);
    expect(error).toMatchObject({ code: 'storage-full' });
    const message = (error as Error).message;
    expect(message).toContain(WEIGHTS);
    expect(message).toContain(MODEL);
    expect(message).toContain('(3 MB)');
    expect(message).toContain('Models panel');
    expect((error as WorkbenchError).detail).toContain('QuotaExceededError');
    expect(writeErrors).toHaveBeenCalledExactlyOnceWith(error);
    expect(await storedKeys()).toEqual({ files: [], blobs: [] });
    expect(await cache.match(REMOTE_KEY)).toBeUndefined();
    expect(corrupt).not.toHaveBeenCalled();
  });

  it('recognises quota errors by message too, and keeps working afterwards', async () => {
    failNextPut('files', new Error('Write failed: quota exceeded for origin'));
    await expect(cache.put(REMOTE_KEY, binaryResponse(fakeWeights(100)))).rejects.toMatchObject({ code: 'storage-full' });

    const bytes = fakeWeights(100, 3);
    await cache.put(REMOTE_KEY, binaryResponse(bytes));
    expect(await bodyBytes(await cache.match(REMOTE_KEY))).toEqual(bytes);
  });

  it('reports other write failures as internal errors', async () => {
    failNextPut('blobs', new DOMException('Disk I/O failed', 'UnknownError'));
    await expect(cache.put(REMOTE_KEY, binaryResponse(fakeWeights(100)))).rejects.toMatchObject({ code: 'internal' });
    expect(writeErrors).toHaveBeenCalledTimes(1);
    expect(await storedKeys()).toEqual({ files: [], blobs: [] });
  });
});

describe('management API', () => {
  const OTHER = 'Xenova/all-MiniLM-L6-v2';

  beforeEach(async () => {
    await cache.put(REMOTE_KEY, binaryResponse(fakeWeights(1000)));
    await cache.put(`https://huggingface.co/${MODEL}/resolve/main/config.json`, binaryResponse(textBytes('{"a":1}'), 'application/json'));
    await cache.put(`https://huggingface.co/${OTHER}/resolve/main/${WEIGHTS}`, binaryResponse(fakeWeights(300)));
  });

  it('lists files grouped by model and sums them per model', async () => {
    expect((await cache.list()).map((info) => [info.modelId, info.file, info.size])).toEqual([
      [OTHER, WEIGHTS, 300],
      [MODEL, 'config.json', 7],
      [MODEL, WEIGHTS, 1000],
    ]);
    const summaries = await cache.summaries();
    expect(Object.keys(summaries).sort()).toEqual([MODEL, OTHER].sort());
    expect(summaries[MODEL]).toMatchObject({ files: 2, bytes: 1007 });
    expect(summaries[OTHER]).toMatchObject({ files: 1, bytes: 300 });
    expect(summaries[MODEL]?.storedAt).toBeGreaterThan(0);
  });

  it('deletes one model, including bytes that lost their record, and reports what it freed', async () => {
    const orphanKey = `/models/${MODEL}/onnx/model.onnx`;
    await (await rawDb()).put('blobs', new ArrayBuffer(10), orphanKey);

    expect(await cache.hasModel(MODEL)).toBe(true);
    expect(await cache.deleteModel(MODEL)).toEqual({ files: 2, bytes: 1007 });
    expect(await cache.hasModel(MODEL)).toBe(false);
    expect(await cache.hasModel(OTHER)).toBe(true);
    expect(await storedKeys()).toEqual({
      files: [`https://huggingface.co/${OTHER}/resolve/main/${WEIGHTS}`],
      blobs: [`https://huggingface.co/${OTHER}/resolve/main/${WEIGHTS}`],
    });
    expect(await cache.deleteModel(MODEL)).toEqual({ files: 0, bytes: 0 });
  });

  it('deletes single files and clears everything', async () => {
    expect(await cache.delete(REMOTE_KEY)).toBe(true);
    expect(await cache.delete(REMOTE_KEY)).toBe(false);
    expect(await cache.match(REMOTE_KEY)).toBeUndefined();
    expect((await cache.summaries())[MODEL]).toMatchObject({ files: 1, bytes: 7 });

    await cache.clear();
    expect(await storedKeys()).toEqual({ files: [], blobs: [] });
  });

  it('is shared by every instance opened on the same database (worker and main thread)', async () => {
    const other = createCache();
    try {
      expect((await other.list()).length).toBe(3);
      await other.deleteModel(OTHER);
      expect(await cache.hasModel(OTHER)).toBe(false);
    } finally {
      other.close();
    }
  });
});

describe('importFiles', () => {
  const config = { path: 'config.json', data: textBytes('{"model_type":"gpt2"}') };

  it('stores a model folder under the local-path keys transformers.js tries first', async () => {
    const weights = fakeWeights(2048);
    // A view into a larger buffer: only its own bytes may be stored.
    const padded = new Uint8Array(4096);
    padded.set(weights, 1000);
    const result = await cache.importFiles(MODEL, [
      config,
      { path: './tokenizer.json', data: textBytes('{}').buffer },
      { path: 'onnx\\model_quantized.onnx', data: padded.subarray(1000, 3048) },
    ]);

    expect(result).toEqual({ files: 3, bytes: 21 + 2 + 2048 });
    expect((await cache.list()).map((info) => info.key).sort()).toEqual(
      [`/models/${MODEL}/config.json`, `/models/${MODEL}/onnx/model_quantized.onnx`, `/models/${MODEL}/tokenizer.json`].sort(),
    );
    expect(await bodyBytes(await cache.match(LOCAL_KEY))).toEqual(weights);
    expect((await cache.match(`/models/${MODEL}/config.json`))?.headers.get('content-type')).toBe('application/json');
  });

  it('uses the configured local model path', async () => {
    const custom = createCache({ localModelPath: '/weights' });
    try {
      await custom.importFiles(MODEL, [config, { path: WEIGHTS, data: fakeWeights(16) }]);
      expect((await custom.list()).map((info) => info.key)).toContain(`/weights/${MODEL}/${WEIGHTS}`);
    } finally {
      custom.close();
    }
  });

  it.each([
    ['no config.json', [{ path: WEIGHTS, data: fakeWeights(16) }], /config\.json/],
    [
      'config.json only in a subfolder',
      [
        { path: 'sub/config.json', data: textBytes('{}') },
        { path: WEIGHTS, data: fakeWeights(16) },
      ],
      /config\.json/,
    ],
    [
      'no .onnx file',
      [
        { path: 'config.json', data: textBytes('{}') },
        { path: 'tokenizer.json', data: textBytes('{}') },
      ],
      /\.onnx/,
    ],
    [
      'a path escaping the folder',
      [
        { path: 'config.json', data: textBytes('{}') },
        { path: '../model.onnx', data: fakeWeights(16) },
      ],
      /\.\.\/model\.onnx/,
    ],
  ])('rejects a folder with %s as bad-input and stores nothing', async (_label, files, message) => {
    const error = await cache.importFiles(MODEL, files).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'bad-input' });
    expect((error as Error).message).toMatch(message);
    expect(await storedKeys()).toEqual({ files: [], blobs: [] });
  });

  it.each(['distilgpt2', 'a/b/c', '../x', ''])('rejects the model id %j', async (modelId) => {
    await expect(cache.importFiles(modelId, [config, { path: WEIGHTS, data: fakeWeights(16) }])).rejects.toMatchObject({
      code: 'bad-input',
    });
  });

  it('imports all files or none when one of them is a web page', async () => {
    const error = await cache
      .importFiles(MODEL, [config, { path: WEIGHTS, data: fakeWeights(16) }, { path: 'tokenizer.json', data: textBytes('<!doctype html>') }])
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'load-failed' });
    expect((error as Error).message).toContain('tokenizer.json');
    expect(await storedKeys()).toEqual({ files: [], blobs: [] });
  });
});

describe('modelIdFromKey', () => {
  const local = '/models/';
  const remote = 'https://huggingface.co/';

  it.each([
    [LOCAL_KEY, { modelId: MODEL, file: WEIGHTS }],
    [`/models/${MODEL}/config.json`, { modelId: MODEL, file: 'config.json' }],
    [REMOTE_KEY, { modelId: MODEL, file: WEIGHTS }],
    [
      `https://huggingface.co/${MODEL}/resolve/refs%2Fpr%2F1/onnx/decoder_model_merged_quantized.onnx`,
      { modelId: MODEL, file: 'onnx/decoder_model_merged_quantized.onnx' },
    ],
    [`https://huggingface.co/tiny/gpt2/resolve/main/config.json?download=true`, { modelId: 'tiny/gpt2', file: 'config.json' }],
  ])('parses %s', (key, expected) => {
    expect(modelIdFromKey(key, local, remote)).toEqual(expected);
  });

  it('accepts prefixes without a trailing slash', () => {
    expect(modelIdFromKey('/w/org/name/a.onnx', '/w', 'https://hub.example')).toEqual({ modelId: 'org/name', file: 'a.onnx' });
    expect(modelIdFromKey('https://hub.example/org/name/resolve/v1/a.onnx', '/w', 'https://hub.example')).toEqual({
      modelId: 'org/name',
      file: 'a.onnx',
    });
  });

  it.each([
    '',
    'garbage',
    '/models/',
    '/models/org',
    '/models/org/name',
    '/models/org/name/',
    '/models/../name/config.json',
    '/other/org/name/config.json',
    'https://huggingface.co/org/name/config.json',
    'https://huggingface.co/org/name/resolve/main/',
    'https://huggingface.co/org/name/resolve//config.json',
    'https://evil.example/org/name/resolve/main/config.json',
  ])('returns null for %j', (key) => {
    expect(modelIdFromKey(key, local, remote)).toBeNull();
  });
});

describe('connection lifecycle', () => {
  it('closes when another tab upgrades the schema, so that upgrade is not blocked', async () => {
    await cache.put(REMOTE_KEY, binaryResponse(fakeWeights(32)));
    const request = factory.open(DB_NAME, 2);
    const blocked = vi.fn();
    request.addEventListener('blocked', blocked);

    const upgraded = (await wrap(request)) as IDBPDatabase;
    rawConnections.push(upgraded);
    expect(upgraded.version).toBe(2);
    expect(blocked).not.toHaveBeenCalled();
  });

  it('reports a miss instead of throwing when the database cannot be opened', async () => {
    const onReadError = vi.fn();
    const broken = {
      open: () => {
        throw new DOMException('The user denied storage', 'InvalidStateError');
      },
    } as unknown as IDBFactory;
    const unavailable = createCache({ idbFactory: broken, onReadError });

    expect(await unavailable.match(REMOTE_KEY)).toBeUndefined();
    expect(onReadError).toHaveBeenCalledTimes(1);
    await expect(unavailable.put(REMOTE_KEY, binaryResponse(fakeWeights(8)))).rejects.toBeInstanceOf(WorkbenchError);
    expect(writeErrors).toHaveBeenCalledTimes(1);
  });

  it('reopens lazily after close()', async () => {
    const bytes = fakeWeights(32);
    await cache.put(REMOTE_KEY, binaryResponse(bytes));
    cache.close();
    expect(await bodyBytes(await cache.match(REMOTE_KEY))).toEqual(bytes);
  });
});
