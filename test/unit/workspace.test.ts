// idb's wrap() recognises requests and stores by `instanceof` against the global IDB classes, so
// the fake's classes must be installed globally; each test still gets its own fresh factory.
import 'fake-indexeddb/auto';
import { englishText } from '../../src/core';
import { IDBFactory, IDBObjectStore } from 'fake-indexeddb';
import { wrap, type IDBPDatabase } from 'idb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  getWorkspace,
  MIGRATIONS,
  runMigrations,
  Workspace,
  WORKSPACE_DB_NAME,
  WORKSPACE_STORES,
  type DatasetRecord,
  type LockManagerLike,
  type Migration,
  type RunRecord,
  type WorkspaceOptions,
  type WorkspaceRecord,
  type WorkspaceStoreName,
} from '../../src/storage/workspace';
import { WorkbenchError } from '../../src/core';
import supportTriage from '../../src/apps/examples/support-triage.json';

// ---------------------------------------------------------------------------------------------
// Fixtures

const T0 = 1_700_000_000_000;

function dataset(id: string, name = `${id}.csv`, rowCount = 3): DatasetRecord {
  return {
    id,
    name,
    createdAt: T0,
    updatedAt: T0,
    source: { fileName: name, format: 'csv' },
    columns: ['Review', 'Date'],
    mapping: { text: 'Review', date: 'Date', rating: null },
    rowCount,
  };
}

function run(id: string, datasetId: string, total = 10): RunRecord {
  return { id, datasetId, kind: 'sentiment', status: 'running', total, done: 0, params: { batchSize: 8 }, startedAt: T0, updatedAt: T0 };
}

/** One sample record per store, for the CRUD tests. */
const SAMPLES: { [N in WorkspaceStoreName]: WorkspaceRecord<N> } = {
  datasets: { ...dataset('ds1'), report: { skipped: 2, warnings: ['row 7 empty'] } },
  datasetRows: { datasetId: 'ds1', items: [{ text: 'Great app' }, { text: 'Crashes on start' }] },
  runs: run('run1', 'ds1'),
  runResults: { runId: 'run1', chunk: 0, startIndex: 0, results: [{ label: 'positive', score: 0.9 }] },
  analyses: { id: 'an1', datasetId: 'ds1', kind: 'themes', runId: 'run1', createdAt: T0, updatedAt: T0, data: { themes: [] } },
  templates: { id: 'tp1', name: 'Release notes', kind: 'release-notes', body: 'Version {{version}}', variables: [], createdAt: T0, updatedAt: T0 },
  drafts: { id: 'dr1', title: 'Launch post', text: 'We are excited…', templateId: 'tp1', createdAt: T0, updatedAt: T0 },
  knowledgeBases: { id: 'kb1', name: 'Help center', embeddingModel: 'Xenova/all-MiniLM-L6-v2', createdAt: T0, updatedAt: T0 },
  passages: { id: 'p1', knowledgeBaseId: 'kb1', text: 'Reset your password…', vector: new Float32Array([0.1, -0.25, 3.5e-8]) },
  classifiers: { id: 'cl1', name: 'Bug or feature', labels: ['bug', 'feature'], model: { weights: [[1, 2]] }, createdAt: T0, updatedAt: T0 },
  apps: { id: 'support-triage-copy', definition: { ...supportTriage, id: 'support-triage-copy' }, installedAt: T0, updatedAt: T0 },
  appRuns: { id: 'ar1', appId: 'support-triage-copy', appName: 'Triage', status: 'done', startedAt: T0, finishedAt: T0, inputs: { tickets: ['a'] } },
};

const SAMPLE_KEYS: { [N in WorkspaceStoreName]: WorkspaceRecord<N> extends unknown ? IDBValidKey : never } = {
  datasets: 'ds1',
  datasetRows: 'ds1',
  runs: 'run1',
  runResults: ['run1', 0],
  analyses: 'an1',
  templates: 'tp1',
  drafts: 'dr1',
  knowledgeBases: 'kb1',
  passages: 'p1',
  classifiers: 'cl1',
  apps: 'support-triage-copy',
  appRuns: 'ar1',
};

/** A fake Web Locks API shared by the "tabs" of a test: exclusive locks, `ifAvailable` only. */
class FakeLocks implements LockManagerLike {
  readonly held = new Set<string>();

  async request<T>(name: string, options: { ifAvailable: boolean }, callback: (lock: unknown) => T): Promise<Awaited<T>> {
    if (this.held.has(name)) {
      if (!options.ifAvailable) throw new Error('FakeLocks only supports ifAvailable requests');
      return await callback(null);
    }
    this.held.add(name);
    try {
      return await callback({ name, mode: 'exclusive' });
    } finally {
      this.held.delete(name);
    }
  }
}

function deferred<T = void>(): { promise: Promise<T>; resolve(value: T): void; reject(error: unknown): void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Makes the `nth` put (counting from 1) into `storeName` throw, like a browser over its quota. */
function failPut(storeName: string, error: Error, nth = 1): void {
  const realPut = IDBObjectStore.prototype.put;
  let seen = 0;
  vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
    if (this.name === storeName) {
      seen += 1;
      if (seen === nth) throw error;
    }
    return realPut.apply(this, args);
  });
}

const quotaError = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

// ---------------------------------------------------------------------------------------------
// Setup

let factory: IDBFactory;
const opened: Workspace[] = [];
const rawConnections: IDBPDatabase[] = [];

function openWorkspace(options: WorkspaceOptions = {}): Workspace {
  const workspace = new Workspace({ idbFactory: factory, locks: null, ...options });
  opened.push(workspace);
  return workspace;
}

/** The database as the workspace left it, bypassing the workspace. */
async function rawDb(version?: number): Promise<IDBPDatabase> {
  const db = (await wrap(factory.open(WORKSPACE_DB_NAME, version))) as IDBPDatabase;
  rawConnections.push(db);
  return db;
}

let workspace: Workspace;

beforeEach(() => {
  factory = new IDBFactory();
  workspace = openWorkspace();
});

afterEach(() => {
  for (const each of opened.splice(0)) each.close();
  for (const db of rawConnections.splice(0)) db.close();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

// ---------------------------------------------------------------------------------------------

describe('records in every store', () => {
  it.each(WORKSPACE_STORES.map((store) => [store]))('%s: put, get, getAll, count, delete', async (store) => {
    const record = SAMPLES[store];
    const key = SAMPLE_KEYS[store] as never;
    // Runs and analyses belong to a dataset, run results to a run: those must exist first.
    if (store === 'runs' || store === 'analyses' || store === 'runResults') await workspace.put('datasets', SAMPLES.datasets);
    if (store === 'runResults') await workspace.put('runs', SAMPLES.runs);

    await workspace.put(store, record);
    expect(await workspace.get(store, key)).toStrictEqual(record);
    expect(await workspace.getAll(store)).toStrictEqual([record]);
    expect(await workspace.count(store)).toBe(1);

    await workspace.delete(store, key);
    expect(await workspace.get(store, key)).toBeUndefined();
    expect(await workspace.count(store)).toBe(0);
  });

  it('keeps a passage vector a Float32Array with the same bits', async () => {
    await workspace.put('passages', SAMPLES.passages);
    const vector = (await workspace.get('passages', 'p1'))?.vector;
    expect(vector).toBeInstanceOf(Float32Array);
    expect(Array.from(vector ?? [])).toEqual(Array.from(new Float32Array([0.1, -0.25, 3.5e-8])));
  });

  it('overwrites a record with the same key', async () => {
    await workspace.put('templates', SAMPLES.templates);
    await workspace.put('templates', { ...SAMPLES.templates, name: 'Renamed' });
    expect(await workspace.getAll('templates')).toEqual([{ ...SAMPLES.templates, name: 'Renamed' }]);
  });

  it('queries and deletes by index', async () => {
    await workspace.putMany('datasets', [dataset('a'), dataset('b')]);
    await workspace.putMany('runs', [run('r1', 'a'), run('r2', 'b'), run('r3', 'a')]);
    await workspace.putMany('passages', [
      { id: 'p1', knowledgeBaseId: 'kb1', text: 'one' },
      { id: 'p2', knowledgeBaseId: 'kb2', text: 'two' },
      { id: 'p3', knowledgeBaseId: 'kb1', text: 'three' },
    ]);
    await workspace.putMany('drafts', [
      { ...SAMPLES.drafts, id: 'old', createdAt: T0 - 1000 },
      { ...SAMPLES.drafts, id: 'new', createdAt: T0 + 1000 },
    ]);

    expect((await workspace.getAllByIndex('runs', 'byDataset', 'a')).map((r) => r.id)).toEqual(['r1', 'r3']);
    expect((await workspace.getAllByIndex('drafts', 'byCreatedAt', IDBKeyRange.lowerBound(T0))).map((d) => d.id)).toEqual(['new']);
    expect(await workspace.deleteByIndex('passages', 'byKnowledgeBase', 'kb1')).toBe(2);
    expect((await workspace.getAll('passages')).map((p) => p.id)).toEqual(['p2']);
    expect(await workspace.deleteByIndex('passages', 'byKnowledgeBase', 'kb1')).toBe(0);
  });

  it('getAllInPages reads every record, in key order, a page at a time', async () => {
    const ids = Array.from({ length: 53 }, (_, i) => `t${String(i).padStart(2, '0')}`);
    await workspace.putMany(
      'templates',
      [...ids].reverse().map((id) => ({ ...SAMPLES.templates, id })),
    );
    const reads: Array<number | undefined> = [];
    const getAll = IDBObjectStore.prototype.getAll;
    IDBObjectStore.prototype.getAll = function (this: IDBObjectStore, query?: IDBValidKey | IDBKeyRange | null, count?: number) {
      reads.push(count);
      return getAll.call(this, query, count);
    };
    try {
      expect((await workspace.getAllInPages('templates', 25)).map((t) => t.id)).toEqual(ids);
      expect(reads).toEqual([25, 25, 25]); // 25 + 25 + 3
      reads.length = 0;
      expect(await workspace.getAllInPages('templates', 53)).toEqual(await workspace.getAll('templates'));
    } finally {
      IDBObjectStore.prototype.getAll = getAll;
    }
  });

  it('putMany writes all records or none', async () => {
    failPut('templates', new DOMException('Disk I/O failed', 'UnknownError'), 3);
    const templates = ['a', 'b', 'c', 'd'].map((id) => ({ ...SAMPLES.templates, id }));

    const error = await workspace.putMany('templates', templates).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WorkbenchError);
    expect(error).toMatchObject({ code: 'internal', message: expect.stringContaining('4 templates') });
    expect(await workspace.count('templates')).toBe(0);
  });

  it('saves a dataset and its rows together', async () => {
    const items = [{ text: 'a' }, { text: 'b' }, { text: 'c' }];
    await workspace.saveDataset(dataset('ds1'), items);
    expect(await workspace.get('datasets', 'ds1')).toEqual(dataset('ds1'));
    expect(await workspace.get('datasetRows', 'ds1')).toEqual({ datasetId: 'ds1', items });
  });

  it('is shared by every instance on the same database (another tab)', async () => {
    await workspace.put('templates', SAMPLES.templates);
    const otherTab = openWorkspace();
    expect(await otherTab.get('templates', 'tp1')).toEqual(SAMPLES.templates);
  });
});

describe('runs', () => {
  beforeEach(async () => {
    await workspace.saveDataset(dataset('ds1'), []);
    await workspace.put('runs', run('run1', 'ds1', 10));
  });

  it('saveRunChunk stores the chunk and the progress together', async () => {
    const before = Date.now();
    const updated = await workspace.saveRunChunk('run1', 0, 0, ['pos', 'neg'], { done: 2 });

    expect(updated).toMatchObject({ id: 'run1', done: 2, status: 'running' });
    expect(updated.updatedAt).toBeGreaterThanOrEqual(before);
    expect(await workspace.get('runs', 'run1')).toEqual(updated);
    expect(await workspace.get('runResults', ['run1', 0])).toEqual({ runId: 'run1', chunk: 0, startIndex: 0, results: ['pos', 'neg'] });

    const finished = await workspace.saveRunChunk('run1', 1, 2, ['neu'], { done: 3, status: 'done' });
    expect(finished.status).toBe('done');
  });

  it('saveRunChunk saves neither the chunk nor the progress when the second write fails', async () => {
    // The chunk is written first; a failure on the run record must take the chunk with it.
    failPut('runs', new DOMException('Disk I/O failed', 'UnknownError'));

    const error = await workspace.saveRunChunk('run1', 0, 0, ['pos', 'neg'], { done: 2 }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(WorkbenchError);
    expect(error).toMatchObject({ code: 'internal', message: expect.stringContaining('rows 1–2 of the sentiment run') });
    expect(await workspace.count('runResults')).toBe(0);
    expect(await workspace.get('runs', 'run1')).toEqual(run('run1', 'ds1', 10));
  });

  it('saveRunChunk rejects a run that does not exist and writes nothing', async () => {
    await expect(workspace.saveRunChunk('gone', 0, 0, ['x'], { done: 1 })).rejects.toMatchObject({ code: 'bad-input' });
    await expect(workspace.saveRunChunk('run1', -1, 0, ['x'], { done: 1 })).rejects.toMatchObject({ code: 'bad-input' });
    expect(await workspace.count('runResults')).toBe(0);
  });

  it('after a crash, loadRunResults returns the saved chunks in order and the rows still to run', async () => {
    // Chunks of 2 rows. Chunk 1 is "in flight" when the tab dies: its transaction never commits.
    await workspace.saveRunChunk('run1', 0, 0, ['r0', 'r1'], { done: 2 });
    failPut('runResults', new Error('tab crashed'));
    await expect(workspace.saveRunChunk('run1', 1, 2, ['r2', 'r3'], { done: 4 })).rejects.toBeInstanceOf(WorkbenchError);
    vi.restoreAllMocks();
    await workspace.saveRunChunk('run1', 2, 4, ['r4', 'r5'], { done: 4 });
    workspace.close();

    const reopened = openWorkspace();
    const loaded = await reopened.loadRunResults('run1');

    expect(loaded.run).toMatchObject({ id: 'run1', done: 4, total: 10 });
    expect(loaded.results).toEqual(['r0', 'r1', undefined, undefined, 'r4', 'r5', undefined, undefined, undefined, undefined]);
    expect(loaded.finished).toEqual([true, true, false, false, true, true, false, false, false, false]);
    expect(loaded.remaining).toEqual([2, 3, 6, 7, 8, 9]);
    expect(loaded.nextChunk).toBe(3);
  });

  it('a resumed chunk overlapping an older one wins, and other runs are not mixed in', async () => {
    await workspace.put('runs', run('run2', 'ds1', 3));
    await workspace.saveRunChunk('run1', 0, 0, ['old0', 'old1'], { done: 2 });
    await workspace.saveRunChunk('run2', 0, 0, ['other'], { done: 1 });
    await workspace.saveRunChunk('run1', 1, 1, ['new1', 'new2'], { done: 3 });

    const loaded = await workspace.loadRunResults('run1');
    expect(loaded.results.slice(0, 3)).toEqual(['old0', 'new1', 'new2']);
    expect(loaded.remaining).toEqual([3, 4, 5, 6, 7, 8, 9]);
  });

  it('loadRunResults of an unknown run is empty', async () => {
    expect(await workspace.loadRunResults('nope')).toEqual({ run: undefined, results: [], finished: [], remaining: [], nextChunk: 0, problems: [] });
  });

  it('deleteRun removes the run and its results only', async () => {
    await workspace.put('runs', run('run2', 'ds1', 3));
    await workspace.saveRunChunk('run1', 0, 0, ['a'], { done: 1 });
    await workspace.saveRunChunk('run2', 0, 0, ['b'], { done: 1 });
    await workspace.deleteRun('run1');
    expect(await workspace.get('runs', 'run1')).toBeUndefined();
    expect((await workspace.getAll('runResults')).map((chunk) => chunk.runId)).toEqual(['run2']);
  });
});

describe('deleteDataset', () => {
  it('removes the dataset with its rows, runs, run results and analyses, and nothing else', async () => {
    for (const id of ['a', 'b']) {
      await workspace.saveDataset(dataset(id), [{ text: id }]);
      await workspace.putMany('runs', [run(`${id}-run1`, id, 4), run(`${id}-run2`, id, 4)]);
      await workspace.saveRunChunk(`${id}-run1`, 0, 0, [1, 2], { done: 2 });
      await workspace.saveRunChunk(`${id}-run1`, 1, 2, [3, 4], { done: 4 });
      await workspace.saveRunChunk(`${id}-run2`, 0, 0, [1], { done: 1 });
      await workspace.put('analyses', { ...SAMPLES.analyses, id: `${id}-themes`, datasetId: id });
    }

    expect(await workspace.deleteDataset('a')).toEqual({ dataset: true, runs: 2, runResultChunks: 3, analyses: 1 });

    expect((await workspace.getAll('datasets')).map((d) => d.id)).toEqual(['b']);
    expect((await workspace.getAll('datasetRows')).map((r) => r.datasetId)).toEqual(['b']);
    expect((await workspace.getAll('runs')).map((r) => r.id)).toEqual(['b-run1', 'b-run2']);
    expect((await workspace.getAll('runResults')).map((c) => `${c.runId}/${c.chunk}`)).toEqual(['b-run1/0', 'b-run1/1', 'b-run2/0']);
    expect((await workspace.getAll('analyses')).map((a) => a.id)).toEqual(['b-themes']);
    expect(await workspace.deleteDataset('a')).toEqual({ dataset: false, runs: 0, runResultChunks: 0, analyses: 0 });
  });
});

describe('storage full', () => {
  it('names what could not be saved, tells the user what to free, notifies, and writes nothing', async () => {
    const onStorageFull = vi.fn();
    const fromEffect = vi.fn();
    const tab = openWorkspace({ onStorageFull });
    const unsubscribe = tab.listen({ onStorageFull: fromEffect });
    // The dataset record is queued before the rows, so only an aborted transaction keeps it out.
    failPut('datasetRows', quotaError());

    const error = await tab
      .saveDataset(
        dataset('ds1', 'reviews.csv', 3150),
        Array.from({ length: 3150 }, (_, index) => ({ text: `row ${index}` })),
      )
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(WorkbenchError);
    expect(error).toMatchObject({ code: 'storage-full' });
    const message = (error as Error).message;
    expect(message).toContain('the dataset "reviews.csv" (3,150 rows)');
    expect(message).toMatch(/deleting old datasets/);
    expect(message).toMatch(/cached models in the Models panel/);
    expect(message).toMatch(/Models already loaded keep working/);
    expect((error as WorkbenchError).detail).toContain('QuotaExceededError');
    expect(onStorageFull).toHaveBeenCalledExactlyOnceWith(error);
    expect(fromEffect).toHaveBeenCalledExactlyOnceWith(error);
    expect(await tab.count('datasets')).toBe(0);
    expect(await tab.count('datasetRows')).toBe(0);

    unsubscribe();
    failPut('templates', new Error('Write failed: quota exceeded for origin'));
    await expect(tab.put('templates', SAMPLES.templates)).rejects.toMatchObject({
      code: 'storage-full',
      message: expect.stringContaining('the template "Release notes"'),
    });
    expect(onStorageFull).toHaveBeenCalledTimes(2);
    expect(fromEffect).toHaveBeenCalledTimes(1);
  });

  it('names the rows of a run chunk and keeps working once space is free', async () => {
    await workspace.put('datasets', dataset('ds1'));
    await workspace.put('runs', run('run1', 'ds1', 100));
    failPut('runResults', quotaError());
    await expect(workspace.saveRunChunk('run1', 3, 48, new Array(16).fill('x'), { done: 64 })).rejects.toMatchObject({
      code: 'storage-full',
      message: expect.stringContaining('the results for rows 49–64 of the sentiment run'),
    });
    expect((await workspace.get('runs', 'run1'))?.done).toBe(0);

    vi.restoreAllMocks();
    await workspace.saveRunChunk('run1', 3, 48, ['x'], { done: 49 });
    expect(await workspace.count('runResults')).toBe(1);
  });

  it('does not report other write failures as storage-full', async () => {
    const onStorageFull = vi.fn();
    const tab = openWorkspace({ onStorageFull });
    failPut('drafts', new DOMException('Disk I/O failed', 'UnknownError'));
    await expect(tab.put('drafts', SAMPLES.drafts)).rejects.toMatchObject({ code: 'internal' });
    expect(onStorageFull).not.toHaveBeenCalled();
  });
});

describe('a big restore (writeAll) is written in slices of one transaction', () => {
  const drafts = (count: number, prefix = 'draft') =>
    Array.from({ length: count }, (_, i) => ({ ...SAMPLES.drafts, id: `${prefix}-${i}`, text: `${prefix} ${i} `.repeat(20) }));

  it('writes every record, issuing the puts over several tasks of the page while the transaction stays open', async () => {
    const workspace = openWorkspace();
    await workspace.put('drafts', { ...SAMPLES.drafts, id: 'before' });
    // Which task each put is issued in: a timer ticks between tasks, never inside one.
    let task = 0;
    const ticking = setInterval(() => task++, 0);
    const issuedIn = new Set<number>();
    const realPut = IDBObjectStore.prototype.put;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      issuedIn.add(task);
      return realPut.apply(this, args);
    });
    await workspace.writeAll({ drafts: drafts(20_000) }, { replace: true, what: 'a restore' });
    clearInterval(ticking);
    vi.restoreAllMocks();
    expect(issuedIn.size).toBeGreaterThan(1);
    expect(await workspace.count('drafts')).toBe(20_000);
    expect(await workspace.get('drafts', 'before')).toBeUndefined(); // replaced, in the same transaction
  });

  it('is still all or nothing: a full disk late in the write leaves the workspace as it was', async () => {
    const workspace = openWorkspace();
    await workspace.put('drafts', { ...SAMPLES.drafts, id: 'kept' });
    failPut('drafts', quotaError(), 19_000);
    const error = await workspace.writeAll({ drafts: drafts(20_000) }, { replace: true, what: 'a restore' }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'storage-full' });
    vi.restoreAllMocks();
    expect(await workspace.count('drafts')).toBe(1);
    expect(await workspace.get('drafts', 'kept')).toBeDefined();
  });
});

describe('two tabs', () => {
  it('closes when another tab upgrades the schema and tells the app to reload', async () => {
    const onVersionChange = vi.fn();
    const tab = openWorkspace({ onVersionChange });
    await tab.put('templates', SAMPLES.templates);

    const next = MIGRATIONS.length + 1;
    const request = factory.open(WORKSPACE_DB_NAME, next);
    const blocked = vi.fn();
    request.addEventListener('blocked', blocked);
    const upgraded = (await wrap(request)) as IDBPDatabase;
    rawConnections.push(upgraded);

    expect(upgraded.version).toBe(next);
    expect(blocked).not.toHaveBeenCalled();
    expect(onVersionChange).toHaveBeenCalledExactlyOnceWith({ newVersion: next });
    // This tab's code only knows the current schema: it must not work on a newer database.
    await expect(tab.get('templates', 'tp1')).rejects.toMatchObject({ code: 'internal', message: expect.stringMatching(/Reload this page/) });
    await expect(tab.put('templates', SAMPLES.templates)).rejects.toMatchObject({ message: expect.stringMatching(/Reload this page/) });
  });

  it('reports being blocked by an older tab that keeps its connection open', async () => {
    await workspace.put('templates', SAMPLES.templates);
    workspace.close();
    const stubborn = await rawDb(MIGRATIONS.length); // An old tab that ignores versionchange.
    const onBlocked = vi.fn();
    const newer = openWorkspace({ onBlocked, migrations: [...MIGRATIONS, () => undefined] });

    const read = newer.get('templates', 'tp1');
    await vi.waitFor(() => expect(onBlocked).toHaveBeenCalledExactlyOnceWith({ oldVersion: MIGRATIONS.length, newVersion: MIGRATIONS.length + 1 }));
    stubborn.close();
    expect(await read).toEqual(SAMPLES.templates);
  });

  it('reopens lazily after close()', async () => {
    await workspace.put('templates', SAMPLES.templates);
    workspace.close();
    expect(await workspace.get('templates', 'tp1')).toEqual(SAMPLES.templates);
  });
});

describe('withRunLock', () => {
  it('lets only one tab execute a run; the other gets acquired: false until the lock is released', async () => {
    const locks = new FakeLocks();
    const tabA = openWorkspace({ locks });
    const tabB = openWorkspace({ locks });
    const gate = deferred();
    const bRun = vi.fn(() => 'B ran');

    const first = tabA.withRunLock('run1', async () => {
      await gate.promise;
      return 'A ran';
    });
    expect(await tabB.withRunLock('run1', bRun)).toEqual({ acquired: false });
    expect(bRun).not.toHaveBeenCalled();
    // Other runs are not affected.
    expect(await tabB.withRunLock('run2', () => 42)).toEqual({ acquired: true, exclusive: true, value: 42 });

    gate.resolve();
    expect(await first).toEqual({ acquired: true, exclusive: true, value: 'A ran' });
    expect(await tabB.withRunLock('run1', bRun)).toEqual({ acquired: true, exclusive: true, value: 'B ran' });
    expect(locks.held.size).toBe(0);
  });

  it('releases the lock when the run fails, so it can be resumed', async () => {
    const locks = new FakeLocks();
    const tab = openWorkspace({ locks });
    await expect(tab.withRunLock('run1', () => Promise.reject(new Error('worker crashed')))).rejects.toThrow('worker crashed');
    expect(await tab.withRunLock('run1', () => 'resumed')).toMatchObject({ acquired: true, value: 'resumed' });
  });

  it('uses navigator.locks by default and the lock name llmaos-run:<id>', async () => {
    const locks = new FakeLocks();
    const request = vi.spyOn(locks, 'request');
    vi.stubGlobal('navigator', { locks });
    const tab = new Workspace({ idbFactory: factory });
    opened.push(tab);

    expect(await tab.withRunLock('abc', () => 1)).toEqual({ acquired: true, exclusive: true, value: 1 });
    expect(request).toHaveBeenCalledWith('llmaos-run:abc', { ifAvailable: true }, expect.any(Function));
  });

  it('runs without a lock where the Web Locks API is missing', async () => {
    vi.stubGlobal('navigator', {});
    const tab = new Workspace({ idbFactory: factory });
    opened.push(tab);
    expect(await tab.withRunLock('run1', async () => 'ran')).toEqual({ acquired: true, exclusive: false, value: 'ran' });
    expect(await workspace.withRunLock('run1', () => 'ran too')).toEqual({ acquired: true, exclusive: false, value: 'ran too' });
  });
});

describe('migrations', () => {
  it('creates every store and index at schema version 2', async () => {
    await workspace.count('datasets');
    workspace.close();
    const db = await rawDb();
    expect(db.version).toBe(2);
    expect([...db.objectStoreNames].sort()).toEqual([...WORKSPACE_STORES].sort());
    const tx = db.transaction([...db.objectStoreNames]);
    expect(tx.objectStore('runResults').keyPath).toEqual(['runId', 'chunk']);
    expect(tx.objectStore('datasetRows').keyPath).toBe('datasetId');
    expect(tx.objectStore('runs').index('byDataset').keyPath).toBe('datasetId');
    expect(tx.objectStore('analyses').index('byDataset').keyPath).toBe('datasetId');
    expect(tx.objectStore('drafts').index('byCreatedAt').keyPath).toBe('createdAt');
    expect(tx.objectStore('passages').index('byKnowledgeBase').keyPath).toBe('knowledgeBaseId');
    expect(tx.objectStore('appRuns').index('byApp').keyPath).toBe('appId');
  });

  it('version 2 adds the app stores to a version-1 database and keeps its data', async () => {
    workspace.close();
    await new Promise<void>((resolve, reject) => {
      const request = factory.deleteDatabase(WORKSPACE_DB_NAME);
      request.onsuccess = () => resolve();
      request.onerror = () => reject(request.error);
    });
    const old = openWorkspace({ migrations: [MIGRATIONS[0]!] });
    await old.put('templates', SAMPLES.templates);
    old.close();

    const upgraded = openWorkspace();
    expect(await upgraded.get('templates', 'tp1')).toEqual(SAMPLES.templates);
    await upgraded.put('apps', SAMPLES.apps);
    expect(await upgraded.get('apps', SAMPLES.apps.id)).toEqual(SAMPLES.apps);
    expect(upgraded.schemaVersion).toBe(2);
    upgraded.close();
  });

  it('opening an existing database runs only the missing steps and keeps the data', async () => {
    await workspace.saveDataset(dataset('ds1'), [{ text: 'kept' }]);
    await workspace.put('templates', SAMPLES.templates);
    workspace.close();

    const shipped = MIGRATIONS.map((step) => vi.fn<Migration>((db, tx) => step(db, tx)));
    // A test-only next version: a new store, and a data change through the upgrade transaction.
    const next = vi.fn<Migration>((db, tx) => {
      db.createObjectStore('notes', { keyPath: 'id' });
      const templates = tx.objectStore('templates');
      void templates.getAll().then((all) => Promise.all(all.map((record) => templates.put({ ...record, migrated: true }))));
    });
    const upgraded = openWorkspace({ migrations: [...shipped, next] });

    expect(await upgraded.get('datasetRows', 'ds1')).toEqual({ datasetId: 'ds1', items: [{ text: 'kept' }] });
    expect(await upgraded.get('datasets', 'ds1')).toEqual(dataset('ds1'));
    expect(await upgraded.get('templates', 'tp1')).toEqual({ ...SAMPLES.templates, migrated: true });
    for (const step of shipped) expect(step).not.toHaveBeenCalled();
    expect(next).toHaveBeenCalledTimes(1);
    expect(upgraded.schemaVersion).toBe(MIGRATIONS.length + 1);

    upgraded.close();
    const db = await rawDb();
    expect(db.version).toBe(MIGRATIONS.length + 1);
    expect(db.objectStoreNames.contains('notes')).toBe(true);
  });

  it('a failing step aborts the whole upgrade, leaving the old schema and data', async () => {
    await workspace.put('templates', SAMPLES.templates);
    workspace.close();
    const broken = openWorkspace({
      migrations: [
        ...MIGRATIONS,
        (db) => {
          db.createObjectStore('notes', { keyPath: 'id' });
          throw new Error('migration bug');
        },
      ],
    });

    await expect(broken.get('templates', 'tp1')).rejects.toMatchObject({ detail: expect.stringContaining('migration bug') });
    broken.close();
    const db = await rawDb();
    expect(db.version).toBe(MIGRATIONS.length);
    expect(db.objectStoreNames.contains('notes')).toBe(false);
    expect(await db.get('templates', 'tp1')).toEqual(SAMPLES.templates);
  });

  it('runMigrations runs exactly the steps between two versions, in order', () => {
    const calls: number[] = [];
    const steps: Migration[] = [0, 1, 2].map((step) => () => void calls.push(step));
    const db = {} as IDBPDatabase<unknown>;
    const tx = {} as Parameters<Migration>[1];

    runMigrations(steps, db, 0, 3, tx);
    expect(calls).toEqual([0, 1, 2]);
    calls.length = 0;
    runMigrations(steps, db, 1, 3, tx);
    expect(calls).toEqual([1, 2]);
    expect(() => runMigrations(steps, db, 0, 4, tx)).toThrow(/from workspace schema version 3 to 4/);
  });
});

describe('getWorkspace', () => {
  it('returns one lazily created instance on the default database', () => {
    const first = getWorkspace();
    expect(getWorkspace()).toBe(first);
    expect(first.dbName).toBe('llmaos-workspace');
    expect(first.schemaVersion).toBe(MIGRATIONS.length);
  });
});

describe('records that belong to something (another tab may have deleted it)', () => {
  it('refuses runs and analyses of a missing dataset and results of a missing run, writing nothing', async () => {
    await expect(workspace.put('runs', run('r', 'gone'))).rejects.toMatchObject({
      code: 'bad-input',
      message: expect.stringMatching(/its dataset no longer exists/),
    });
    await expect(workspace.put('analyses', { id: 'a', datasetId: 'gone', kind: 'themes', createdAt: T0, updatedAt: T0, data: {} })).rejects.toMatchObject({
      message: expect.stringMatching(/its dataset no longer exists/),
    });
    await expect(workspace.put('runResults', { runId: 'r', chunk: 0, startIndex: 0, results: [1] })).rejects.toMatchObject({
      message: expect.stringMatching(/its run no longer exists/),
    });
    expect(await workspace.count('runs')).toBe(0);
    expect(await workspace.count('analyses')).toBe(0);
    expect(await workspace.count('runResults')).toBe(0);
  });

  it('refuses a chunk of a run whose dataset was deleted after the run started', async () => {
    await workspace.saveDataset(dataset('ds1'), [{ text: 'a' }, { text: 'b' }, { text: 'c' }]);
    await workspace.put('runs', run('run1', 'ds1', 3));
    await workspace.deleteDataset('ds1');
    // The run record went with the dataset; a tab still holding the old one recreates nothing.
    await expect(workspace.saveRunChunk('run1', 0, 0, ['x'], { done: 1 })).rejects.toMatchObject({ code: 'bad-input' });
    await workspace.writeAll({ runs: [run('run1', 'ds1', 3)] }, { replace: false, what: 'a stale run' }); // as a restore could
    await expect(workspace.saveRunChunk('run1', 0, 0, ['x'], { done: 1 })).rejects.toMatchObject({
      message: expect.stringMatching(/its dataset no longer exists/),
    });
    expect(await workspace.count('runResults')).toBe(0);
  });
});

describe('loadRunResults against the dataset', () => {
  beforeEach(async () => {
    await workspace.saveDataset(dataset('ds1'), [{ text: 'a' }, { text: 'b' }, { text: 'c' }]);
  });

  it('sets aside a run of 300,000,000 rows instead of allocating for it', async () => {
    await workspace.writeAll(
      { runs: [run('big', 'ds1', 300_000_000)], runResults: [{ runId: 'big', chunk: 0, startIndex: 0, results: ['x'] }] },
      { replace: false, what: 'bad run' },
    );
    const loaded = await workspace.loadRunResults('big', { rowCount: 3 });
    expect(loaded.run).toBeUndefined();
    expect(loaded.results).toEqual(['x', undefined, undefined]);
    expect(loaded.problems.map(englishText)).toEqual([expect.stringMatching(/set aside: its total of 300,000,000 rows is more than its dataset's 3/)]);
  });

  it('sets aside a chunk at index 2^53−2 and keeps the good ones', async () => {
    await workspace.put('runs', run('r', 'ds1', 3));
    await workspace.writeAll(
      {
        runResults: [
          { runId: 'r', chunk: 0, startIndex: 0, results: ['a'] },
          { runId: 'r', chunk: 2 ** 53 - 2, startIndex: 1, results: ['b'] },
        ],
      },
      { replace: false, what: 'bad chunk' },
    );
    const loaded = await workspace.loadRunResults('r', { rowCount: 3 });
    expect(loaded.results).toEqual(['a', undefined, undefined]);
    expect(loaded.nextChunk).toBe(1);
    expect(loaded.problems.map(englishText)).toEqual([expect.stringMatching(/chunk number 9,007,199,254,740,990 is beyond the run's 3 rows/)]);
  });
});

describe('putIfUnchanged: concurrent edits of one record', () => {
  const template = (updatedAt: number) => ({ id: 'tp', name: `v${updatedAt}`, kind: 'custom', body: 'b', variables: [], createdAt: T0, updatedAt });

  it('saves when the stored record is the version this tab read', async () => {
    await workspace.put('templates', template(1));
    await workspace.putIfUnchanged('templates', template(2), 1);
    expect((await workspace.get('templates', 'tp'))?.name).toBe('v2');
  });

  it('refuses when another tab changed it, deleted it, or created one with the same id', async () => {
    await workspace.put('templates', template(5));
    await expect(workspace.putIfUnchanged('templates', template(6), 1)).rejects.toMatchObject({ message: expect.stringMatching(/changed in another tab/) });
    expect((await workspace.get('templates', 'tp'))?.name).toBe('v5');
    await expect(workspace.putIfUnchanged('templates', template(6), null)).rejects.toMatchObject({ message: expect.stringMatching(/created in another tab/) });
    await workspace.delete('templates', 'tp');
    await expect(workspace.putIfUnchanged('templates', template(6), 5)).rejects.toMatchObject({ message: expect.stringMatching(/deleted in another tab/) });
    expect(await workspace.get('templates', 'tp')).toBeUndefined();
  });
});

describe('other tabs hear about writes', () => {
  /** An in-memory BroadcastChannel shared by the "tabs" of one test. */
  function channels() {
    const listeners = new Set<(event: { data: unknown }) => void>();
    return () => {
      let mine: ((event: { data: unknown }) => void) | undefined;
      return {
        postMessage: (data: unknown) => {
          for (const listener of listeners) if (listener !== mine) listener({ data: structuredClone(data) });
        },
        addEventListener: (_type: 'message', listener: (event: { data: unknown }) => void) => {
          mine = listener;
          listeners.add(listener);
        },
        close: () => undefined,
      };
    };
  }

  it('announces the stores each write changed, and a replace restore as such', async () => {
    const channel = channels();
    const heard: unknown[] = [];
    const writer = openWorkspace({ channel: channel() });
    openWorkspace({ channel: channel(), onExternalChange: (change) => heard.push(change) });
    await writer.put('templates', SAMPLES.templates);
    await writer.saveDataset(dataset('ds1'), []);
    await writer.writeAll({ drafts: [SAMPLES.drafts] }, { replace: true, what: 'a restore' });
    expect(heard).toEqual([
      { stores: ['templates'], restore: false },
      { stores: ['datasets', 'datasetRows'], restore: false },
      { stores: [...WORKSPACE_STORES], restore: true },
    ]);
  });

  it('says nothing about a write that failed', async () => {
    const channel = channels();
    const heard: unknown[] = [];
    const writer = openWorkspace({ channel: channel() });
    openWorkspace({ channel: channel(), onExternalChange: (change) => heard.push(change) });
    await expect(writer.put('runs', run('r', 'missing'))).rejects.toThrow();
    expect(heard).toEqual([]);
  });
});
