/**
 * The workspace database: everything the user makes in the workbench (datasets, run results,
 * analyses, prompt templates, drafts, knowledge bases, classifiers) lives here, in IndexedDB, on
 * the user's machine. The design goal is "never lose work":
 *
 * - Every write is one transaction. A failure (full disk, crash, closed tab) aborts it, so a
 *   record is either saved completely or not at all, and related records (a dataset and its rows,
 *   a run's progress and its results) never disagree.
 * - Long runs save each finished chunk as they go (`saveRunChunk`): a crash loses at most the
 *   chunk in flight, and `loadRunResults` says which rows still need running.
 * - A full disk becomes `WorkbenchError('storage-full')` naming what could not be saved and what
 *   to delete, and is reported to `onStorageFull` so the app can show a banner.
 * - Several tabs share the database: a tab that upgrades the schema makes the others close their
 *   connection (`onVersionChange`: "reload"), and `withRunLock` keeps two tabs from executing the
 *   same run.
 *
 * Model weights are not here: they live in the weight cache (weightCache.ts), can be downloaded
 * again, and would make backups huge.
 */
import type { IDBPDatabase, IDBPObjectStore, IDBPTransaction } from 'idb';
import { reason, WorkbenchError, type Reason } from '../core';
import { abortQuietly, describeError, errorParts, isQuotaError, openDatabase, settleAll } from './idb';
import { chunkProblem, runProblem } from './recordChecks';
import {
  WORKSPACE_STORES,
  type AnalysisRecord,
  type DatasetRecord,
  type RunRecord,
  type RunResultChunk,
  type RunStatus,
  type WorkspaceIndexKey,
  type WorkspaceIndexName,
  type WorkspaceKey,
  type WorkspaceRecord,
  type WorkspaceSnapshot,
  type WorkspaceStoreName,
  type WorkspaceStores,
} from './records';

/** Work between two yields while a big write clones its records on the page's thread (see writeAll). */
const WRITE_SLICE_MS = 40;

// ---------------------------------------------------------------------------------------------
// Records: their types live in records.ts (shared with recordChecks.ts)

export type {
  DatasetRecord,
  DatasetRowsRecord,
  RunStatus,
  RunRecord,
  RunResultChunk,
  AnalysisRecord,
  TemplateRecord,
  DraftRecord,
  KnowledgeBaseRecord,
  PassageRecord,
  ClassifierRecord,
  AppRecord,
  AppRunStoredRecord,
  WorkspaceStoreName,
  WorkspaceRecord,
  WorkspaceKey,
  WorkspaceIndexName,
  WorkspaceIndexKey,
  WorkspaceSnapshot,
} from './records';
export { WORKSPACE_STORES } from './records';

export const WORKSPACE_DB_NAME = 'llmaos-workspace';

// ---------------------------------------------------------------------------------------------
// Schema migrations

/**
 * One schema step. Typed against an untyped database on purpose: a step describes the schema as
 * it was when the step shipped, which later versions of `WorkspaceStores` may no longer match.
 */
export type Migration = (db: IDBPDatabase<unknown>, tx: IDBPTransaction<unknown, string[], 'versionchange'>) => void;

/** Version 1: every store and index of the first release. */
function createVersion1(db: IDBPDatabase<unknown>): void {
  db.createObjectStore('datasets', { keyPath: 'id' });
  db.createObjectStore('datasetRows', { keyPath: 'datasetId' });
  db.createObjectStore('runs', { keyPath: 'id' }).createIndex('byDataset', 'datasetId');
  db.createObjectStore('runResults', { keyPath: ['runId', 'chunk'] });
  db.createObjectStore('analyses', { keyPath: 'id' }).createIndex('byDataset', 'datasetId');
  db.createObjectStore('templates', { keyPath: 'id' });
  db.createObjectStore('drafts', { keyPath: 'id' }).createIndex('byCreatedAt', 'createdAt');
  db.createObjectStore('knowledgeBases', { keyPath: 'id' });
  db.createObjectStore('passages', { keyPath: 'id' }).createIndex('byKnowledgeBase', 'knowledgeBaseId');
  db.createObjectStore('classifiers', { keyPath: 'id' });
}

/**
 * The schema history: `MIGRATIONS[v]` upgrades a database from version v to v + 1, so the schema
 * version is `MIGRATIONS.length` and `MIGRATIONS[0]` creates version 1.
 *
 * To add version N + 1, append one function; never edit or reorder a shipped step, because users'
 * databases have already run it. On open, only the steps a database is missing run, in order and
 * in the one upgrade transaction (a user skipping releases runs several). A step may change data
 * by issuing requests on `tx` (e.g. a cursor over `tx.objectStore('runs')`): the upgrade commits
 * only after they finish, and a step that throws aborts the whole upgrade, leaving the old schema
 * and data untouched. Then update `WorkspaceStores`, `WORKSPACE_STORES` and the record checks in
 * recordChecks.ts, and upgrade older backups' records on import in backup.ts.
 */
/** Version 2: installed apps (the app market) and their runs. */
function addApps(db: IDBPDatabase<unknown>): void {
  db.createObjectStore('apps', { keyPath: 'id' });
  db.createObjectStore('appRuns', { keyPath: 'id' }).createIndex('byApp', 'appId');
}

export const MIGRATIONS: readonly Migration[] = [createVersion1, addApps];

export const WORKSPACE_SCHEMA_VERSION = MIGRATIONS.length;

/** Runs the steps from `oldVersion` up to `newVersion`; exported for the migration tests. */
export function runMigrations(
  migrations: readonly Migration[],
  db: IDBPDatabase<unknown>,
  oldVersion: number,
  newVersion: number,
  tx: IDBPTransaction<unknown, string[], 'versionchange'>,
): void {
  for (let version = oldVersion; version < newVersion; version += 1) {
    const step = migrations[version];
    if (!step) throw new Error(`No migration from workspace schema version ${version} to ${version + 1}.`);
    step(db, tx);
  }
}

// ---------------------------------------------------------------------------------------------
// Options, listeners, locks

export interface WorkspaceListeners {
  /** A write failed because the disk or the browser's quota is full; show a banner. */
  onStorageFull?(error: WorkbenchError): void;
  /**
   * Another tab upgraded the schema (a newer workbench) or deleted the database; this tab closed
   * its connection so the other is not blocked. Tell the user to reload. `newVersion` is null
   * for a deletion.
   */
  onVersionChange?(info: { newVersion: number | null }): void;
  /** This tab's upgrade waits for another tab running an older workbench to close its connection. */
  onBlocked?(info: { oldVersion: number; newVersion: number | null }): void;
  /**
   * Another tab wrote to the workspace (BroadcastChannel): `stores` it changed, `restore` when it
   * replaced the whole workspace from a backup. Panels reload what they show from it.
   */
  onExternalChange?(change: WorkspaceChange): void;
}

export interface WorkspaceChange {
  stores: WorkspaceStoreName[];
  /** A backup was restored with "replace": every store may have changed. */
  restore: boolean;
}

/** The channel every tab of the workbench announces its workspace writes on. */
export const WORKSPACE_CHANNEL = 'llmaos-workspace-changes';

/** The part of BroadcastChannel the workspace uses; tests pass a fake or null. */
export interface ChannelLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  close(): void;
}

/** The part of the Web Locks API `withRunLock` uses; tests pass a fake. */
export interface LockManagerLike {
  request<T>(name: string, options: { ifAvailable: boolean }, callback: (lock: unknown) => T): Promise<Awaited<T>>;
}

export interface WorkspaceOptions extends WorkspaceListeners {
  /** Default `llmaos-workspace`. */
  dbName?: string;
  /** Defaults to the global `indexedDB`; tests pass a fresh fake-indexeddb factory. */
  idbFactory?: IDBFactory;
  /** The schema history; only tests pass anything but `MIGRATIONS`. */
  migrations?: readonly Migration[];
  /** Defaults to `navigator.locks`; null runs without locks (as where the API is missing). */
  locks?: LockManagerLike | null;
  /** Defaults to a BroadcastChannel on WORKSPACE_CHANNEL where it exists; null for none. */
  channel?: ChannelLike | null;
}

/**
 * `exclusive` is false when the Web Locks API is missing and the run went ahead without a lock;
 * `acquired: false` means another tab is executing this run right now.
 */
export type RunLockResult<T> = { acquired: true; exclusive: boolean; value: T } | { acquired: false };

export interface RunResults {
  /** Undefined when the run record is gone; the chunks alone then decide the length. */
  run: RunRecord | undefined;
  /** One slot per row, in row order; undefined where the row has no saved result. */
  results: unknown[];
  /** Whether each row's result was saved. */
  finished: boolean[];
  /** Indices of the rows still to run, ascending. */
  remaining: number[];
  /** The chunk number a resumed run should save next. */
  nextChunk: number;
  /**
   * Saved records that could not be used (a run larger than its dataset, a chunk beyond the run's
   * rows) and were set aside, one reason each; empty when everything was fine.
   */
  problems: Reason[];
}

export interface DeletedDataset {
  dataset: boolean;
  runs: number;
  runResultChunks: number;
  analyses: number;
}

export interface WriteOptions {
  /** What the user would call the records, for the storage-full message; derived when omitted. */
  what?: string;
}

// ---------------------------------------------------------------------------------------------
// Messages

const RUN_LOCK_PREFIX = 'llmaos-run:';

const STORE_NOUNS: Record<WorkspaceStoreName, string> = {
  datasets: 'datasets',
  datasetRows: 'dataset rows',
  runs: 'runs',
  runResults: 'run results',
  analyses: 'analyses',
  templates: 'templates',
  drafts: 'drafts',
  knowledgeBases: 'knowledge bases',
  passages: 'knowledge-base passages',
  classifiers: 'classifiers',
  apps: 'apps',
  appRuns: 'app runs',
};

/** The record a run, analysis or run-result chunk belongs to, which must exist when it is written. */
const OWNERS: Partial<Record<WorkspaceStoreName, { store: WorkspaceStoreName; noun: string; key: (record: never) => string }>> = {
  runs: { store: 'datasets', noun: 'dataset', key: (run: RunRecord) => run.datasetId },
  analyses: { store: 'datasets', noun: 'dataset', key: (analysis: AnalysisRecord) => analysis.datasetId },
  runResults: { store: 'runs', noun: 'run', key: (chunk: RunResultChunk) => chunk.runId },
};

function ownerGone(noun: string, id: string, what: string): WorkbenchError {
  return new WorkbenchError(
    'bad-input',
    `Could not save ${what}: its ${noun} no longer exists (it was deleted, or a backup was restored, perhaps in another tab).`,
    `${noun} ${id}`,
  );
}

function formatCount(count: number, singular: string, plural = `${singular}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? singular : plural}`;
}

function rowRange(startIndex: number, length: number): string {
  return length === 1 ? `row ${startIndex + 1}` : `rows ${startIndex + 1}–${startIndex + length}`;
}

export function describeDataset(dataset: Pick<DatasetRecord, 'name' | 'rowCount'>): string {
  return `the dataset "${dataset.name}" (${formatCount(dataset.rowCount, 'row')})`;
}

/** One record, the way the user would name it in "Could not save …". */
const DESCRIBE: { [N in WorkspaceStoreName]: (record: WorkspaceRecord<N>) => string } = {
  datasets: describeDataset,
  datasetRows: (rows) => `the ${formatCount(rows.items.length, 'row')} of a dataset`,
  runs: (run) => `the progress of the ${run.kind} run (${run.done.toLocaleString('en-US')} of ${formatCount(run.total, 'row')})`,
  runResults: (chunk) => `the results for ${rowRange(chunk.startIndex, chunk.results.length)} of a run`,
  analyses: (analysis) => `the ${analysis.kind} analysis`,
  templates: (template) => `the template "${template.name}"`,
  drafts: (draft) => `the draft "${draft.title}"`,
  knowledgeBases: (base) => `the knowledge base "${base.name}"`,
  passages: () => 'a passage of a knowledge base',
  classifiers: (classifier) => `the classifier "${classifier.name}"`,
  apps: (app) => `the app "${app.id}"`,
  appRuns: (run) => `a run of the app "${run.appName}"`,
};

function describeRecords<N extends WorkspaceStoreName>(store: N, records: readonly WorkspaceRecord<N>[]): string {
  const [only] = records;
  if (records.length === 1 && only !== undefined) return DESCRIBE[store](only);
  return `${records.length.toLocaleString('en-US')} ${STORE_NOUNS[store]}`;
}

function storageFull(what: string, cause: unknown): WorkbenchError {
  return new WorkbenchError(
    'storage-full',
    `Could not save ${what}: the browser's storage is full. Free space by deleting old datasets, or ` +
      'cached models in the Models panel, then try again. Models already loaded keep working.',
    describeError(cause),
  );
}

function newerSchemaElsewhere(cause: unknown): WorkbenchError {
  return new WorkbenchError(
    'internal',
    'The workspace was upgraded by a newer version of the workbench, probably in another tab. ' + 'Reload this page to keep working with your data.',
    describeError(cause),
  );
}

/** Turns a failed write into the error the app shows; an error already typed is kept as it is. */
function toWriteError(error: unknown, what: string): WorkbenchError {
  if (error instanceof WorkbenchError) return error;
  if (isQuotaError(error)) return storageFull(what, error);
  if (errorParts(error)?.name === 'VersionError') return newerSchemaElsewhere(error);
  return new WorkbenchError('internal', `Could not save ${what} in the browser's storage.`, describeError(error));
}

function toOpenError(error: unknown): WorkbenchError {
  if (error instanceof WorkbenchError) return error;
  if (errorParts(error)?.name === 'VersionError') return newerSchemaElsewhere(error);
  return new WorkbenchError('internal', 'The workspace could not be opened in this browser.', describeError(error));
}

/** All chunks of one run: keys are [runId, chunk] and chunk numbers are finite numbers. */
function runChunkRange(runId: string): IDBKeyRange {
  return IDBKeyRange.bound([runId, -Infinity], [runId, Infinity]);
}

function checkIndex(value: number, name: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new WorkbenchError('bad-input', `${name} must be a whole number ≥ 0, not ${value}.`);
  }
}

/** Places the saved chunks into one slot per row; later chunks win where a resumed run overlaps. */
function assembleRun(run: RunRecord | undefined, chunks: readonly RunResultChunk[], problems: Reason[] = [], rowCount?: number): RunResults {
  const ordered = [...chunks].sort((a, b) => a.chunk - b.chunk);
  const covered = ordered.reduce((end, chunk) => Math.max(end, chunk.startIndex + chunk.results.length), 0);
  const length = Math.max(run?.total ?? rowCount ?? 0, covered);
  const results: unknown[] = new Array<unknown>(length).fill(undefined);
  const finished: boolean[] = new Array<boolean>(length).fill(false);
  for (const chunk of ordered) {
    chunk.results.forEach((result, offset) => {
      results[chunk.startIndex + offset] = result;
      finished[chunk.startIndex + offset] = true;
    });
  }
  const remaining = finished.flatMap((isDone, index) => (isDone ? [] : [index]));
  const last = ordered[ordered.length - 1];
  return { run, results, finished, remaining, nextChunk: last === undefined ? 0 : last.chunk + 1, problems };
}

/**
 * Keeps the run and the chunks that fit within `rowCount` (the dataset's, when the caller knows
 * it); the rest is quarantined: left out of the results and described in `problems`, so a bad
 * record (a total of 300,000,000, a chunk at index 2^53−2) cannot make the reader allocate an
 * impossible array or show rows the dataset does not have.
 */
function quarantineRun(run: RunRecord | undefined, chunks: readonly RunResultChunk[], rowCount: number | undefined): RunResults {
  const problems: Reason[] = [];
  let kept = run;
  if (run) {
    const problem = runProblem(run, rowCount);
    if (problem) {
      problems.push(reason('runSetAside', { kind: String(run.kind), problem }));
      kept = undefined;
    }
  }
  const bound = kept?.total ?? rowCount;
  const usable = chunks.filter((chunk) => {
    const problem = chunkProblem(chunk, bound);
    if (problem) problems.push(reason('chunkSetAside', { problem }));
    return problem === null;
  });
  return assembleRun(kept, usable, problems, rowCount);
}

function defaultChannel(): ChannelLike | null {
  return typeof BroadcastChannel === 'function' ? new BroadcastChannel(WORKSPACE_CHANNEL) : null;
}

function isChange(value: unknown): value is WorkspaceChange {
  if (typeof value !== 'object' || value === null) return false;
  const { stores, restore } = value as Partial<WorkspaceChange>;
  return Array.isArray(stores) && stores.every((store) => (WORKSPACE_STORES as readonly unknown[]).includes(store)) && typeof restore === 'boolean';
}

function defaultLocks(): LockManagerLike | null {
  const nav = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator;
  return nav?.locks ?? null;
}

// ---------------------------------------------------------------------------------------------
// The workspace

type WorkspaceDB = IDBPDatabase<WorkspaceStores>;
type WriteTx<S extends WorkspaceStoreName> = IDBPTransaction<WorkspaceStores, S[], 'readwrite'>;
/** A store seen without its record type, for loops over every store (backup, replace). */
type AnyStore = IDBPObjectStore<unknown, string[], string, 'readwrite'>;

export class Workspace {
  readonly dbName: string;
  /** The schema version this code opens the database at. */
  readonly schemaVersion: number;
  private readonly factory: IDBFactory | undefined;
  private readonly migrations: readonly Migration[];
  private readonly locks: LockManagerLike | null;
  private readonly listeners = new Set<WorkspaceListeners>();
  private connection: Promise<WorkspaceDB> | undefined;
  private readonly channel: ChannelLike | null;

  constructor(options: WorkspaceOptions = {}) {
    this.dbName = options.dbName ?? WORKSPACE_DB_NAME;
    this.factory = options.idbFactory;
    this.migrations = options.migrations ?? MIGRATIONS;
    this.schemaVersion = this.migrations.length;
    this.locks = options.locks === undefined ? defaultLocks() : options.locks;
    const { onStorageFull, onVersionChange, onBlocked, onExternalChange } = options;
    this.listeners.add({ onStorageFull, onVersionChange, onBlocked, onExternalChange });
    this.channel = options.channel === undefined ? defaultChannel() : options.channel;
    this.channel?.addEventListener('message', (event) => {
      if (isChange(event.data)) this.emit('onExternalChange', event.data);
    });
  }

  /** Adds listeners (e.g. from a React effect); returns the function that removes them. */
  listen(listeners: WorkspaceListeners): () => void {
    this.listeners.add(listeners);
    return () => this.listeners.delete(listeners);
  }

  // ----- Generic record access -----------------------------------------------------------------

  async get<N extends WorkspaceStoreName>(store: N, key: WorkspaceKey<N>): Promise<WorkspaceRecord<N> | undefined> {
    return (await this.readDb()).get(store, key);
  }

  async getAll<N extends WorkspaceStoreName>(store: N): Promise<WorkspaceRecord<N>[]> {
    return (await this.readDb()).getAll(store);
  }

  /**
   * Every record of `store`, `pageSize` at a time, in one transaction (so one consistent read).
   * The page clones a read's records in the task that delivers them: 500 templates of 10,000
   * characters in one getAll held it for 130 ms; a page of 25 takes a few milliseconds.
   */
  async getAllInPages<N extends 'templates' | 'drafts' | 'knowledgeBases' | 'classifiers'>(store: N, pageSize: number): Promise<WorkspaceRecord<N>[]> {
    const tx = (await this.readDb()).transaction(store);
    const records: WorkspaceRecord<N>[] = [];
    for (let after: IDBKeyRange | undefined; ;) {
      const page = await tx.store.getAll(after, pageSize);
      records.push(...page);
      const last = page[page.length - 1];
      if (page.length < pageSize || !last) break;
      after = IDBKeyRange.lowerBound(last.id, true);
    }
    await tx.done;
    return records;
  }

  async getAllByIndex<N extends WorkspaceStoreName, I extends WorkspaceIndexName<N>>(
    store: N,
    index: I,
    query: WorkspaceIndexKey<N, I> | IDBKeyRange,
  ): Promise<WorkspaceRecord<N>[]> {
    return (await this.readDb()).getAllFromIndex(store, index, query);
  }

  /** Every saved chunk of one run, as stored (unchecked), in chunk order. */
  async getAllByIndexRange(store: 'runResults', runId: string): Promise<RunResultChunk[]> {
    return (await this.readDb()).getAll(store, runChunkRange(runId));
  }

  async count<N extends WorkspaceStoreName>(store: N, query?: WorkspaceKey<N> | IDBKeyRange): Promise<number> {
    return (await this.readDb()).count(store, query);
  }

  async put<N extends WorkspaceStoreName>(store: N, record: WorkspaceRecord<N>, options: WriteOptions = {}): Promise<void> {
    await this.putMany(store, [record], options);
  }

  /**
   * All records or none. Runs, analyses and run results are only written while what they belong
   * to exists (checked in the same transaction): a run still going in a tab whose dataset was
   * deleted or replaced by a restore in another tab must not bring the dataset's records back.
   */
  async putMany<N extends WorkspaceStoreName>(store: N, records: readonly WorkspaceRecord<N>[], options: WriteOptions = {}): Promise<void> {
    if (records.length === 0) return;
    const what = options.what ?? describeRecords(store, records);
    const owner = OWNERS[store];
    const stores: WorkspaceStoreName[] = owner ? [store, owner.store] : [store];
    await this.write(
      stores,
      what,
      async (tx, track) => {
        if (owner) {
          const ownerStore = tx.objectStore(owner.store) as unknown as AnyStore;
          const ids = [...new Set(records.map((record) => owner.key(record as never)))];
          const counts = await Promise.all(ids.map((id) => track(ownerStore.count(id))));
          const missing = ids.find((_, index) => counts[index] === 0);
          if (missing !== undefined) throw ownerGone(owner.noun, missing, what);
        }
        const target = tx.objectStore(store);
        for (const record of records) track(target.put(record));
      },
      [store],
    );
  }

  /**
   * Saves `record` only if the stored copy is the one this tab last read: `expected` is its
   * `updatedAt`, or null for a record that must not exist yet. Another tab's edit in between
   * (or its deletion) rejects with `bad-input` saying so, instead of being silently overwritten
   * or brought back.
   */
  async putIfUnchanged<N extends 'templates' | 'knowledgeBases' | 'classifiers' | 'drafts'>(
    store: N,
    record: WorkspaceRecord<N>,
    expected: number | null,
    options: WriteOptions = {},
  ): Promise<void> {
    const what = options.what ?? describeRecords(store, [record]);
    await this.write([store], what, async (tx, track) => {
      const target = tx.objectStore(store) as unknown as AnyStore;
      const current = (await track(target.get(record.id))) as { updatedAt?: unknown } | undefined;
      if (expected === null && current) {
        throw new WorkbenchError(
          'bad-input',
          `Could not save ${what}: a record with the same id was created in another tab meanwhile. Reload it, then save again.`,
        );
      }
      if (expected !== null && !current) {
        throw new WorkbenchError('bad-input', `Could not save ${what}: it was deleted in another tab meanwhile. Save it as a new one if you want to keep it.`);
      }
      if (expected !== null && current && current.updatedAt !== expected) {
        throw new WorkbenchError(
          'bad-input',
          `Could not save ${what}: it was changed in another tab since you opened it. Your edit was not saved, so the other change is not lost; reopen it and edit again.`,
        );
      }
      track(target.put(record));
    });
  }

  /**
   * Reads a record and writes what `change` makes of it in one transaction, so no other tab's
   * write can fall between the read and the write (a document list two tabs add to). `change` is
   * synchronous: the transaction closes at the first await that is not a request of its own.
   */
  async update<N extends 'knowledgeBases'>(
    store: N,
    key: WorkspaceKey<N>,
    change: (current: WorkspaceRecord<N> | undefined) => WorkspaceRecord<N>,
    options: WriteOptions = {},
  ): Promise<WorkspaceRecord<N>> {
    let written: WorkspaceRecord<N> | undefined;
    await this.write([store], options.what ?? `the changes to your ${STORE_NOUNS[store]}`, async (tx, track) => {
      const target = tx.objectStore(store) as unknown as AnyStore;
      const current = (await track(target.get(key))) as WorkspaceRecord<N> | undefined;
      written = change(current);
      track(target.put(written));
    });
    return written!;
  }

  async delete<N extends WorkspaceStoreName>(store: N, key: WorkspaceKey<N>): Promise<void> {
    await this.write([store], `the changes to your ${STORE_NOUNS[store]}`, (tx, track) => {
      track(tx.objectStore(store).delete(key));
    });
  }

  /** Deletes every record whose index value matches; returns how many went. */
  async deleteByIndex<N extends WorkspaceStoreName, I extends WorkspaceIndexName<N>>(
    store: N,
    index: I,
    query: WorkspaceIndexKey<N, I> | IDBKeyRange,
  ): Promise<number> {
    return this.write([store], `the changes to your ${STORE_NOUNS[store]}`, async (tx, track) => {
      const target = tx.objectStore(store);
      const keys = await track(target.index(index).getAllKeys(query));
      for (const key of keys) track(target.delete(key));
      return keys.length;
    });
  }

  // ----- Datasets ------------------------------------------------------------------------------

  /** A dataset and its rows together, so the list never shows a dataset whose rows are missing. */
  async saveDataset(dataset: DatasetRecord, items: unknown[]): Promise<void> {
    await this.write(['datasets', 'datasetRows'], describeDataset(dataset), (tx, track) => {
      track(tx.objectStore('datasets').put(dataset));
      track(tx.objectStore('datasetRows').put({ datasetId: dataset.id, items }));
    });
  }

  /** The dataset with its rows, runs and their results, and its analyses, all or nothing. */
  async deleteDataset(id: string): Promise<DeletedDataset> {
    const stores: ['datasets', 'datasetRows', 'runs', 'runResults', 'analyses'] = ['datasets', 'datasetRows', 'runs', 'runResults', 'analyses'];
    return this.write(stores, 'the deletion of a dataset', async (tx, track) => {
      const runs = tx.objectStore('runs');
      const runResults = tx.objectStore('runResults');
      const analyses = tx.objectStore('analyses');
      const [existing, runIds, analysisIds] = await Promise.all([
        track(tx.objectStore('datasets').count(id)),
        track(runs.index('byDataset').getAllKeys(id)),
        track(analyses.index('byDataset').getAllKeys(id)),
      ]);
      const chunkCounts = await Promise.all(runIds.map((runId) => track(runResults.count(runChunkRange(runId)))));
      track(tx.objectStore('datasets').delete(id));
      track(tx.objectStore('datasetRows').delete(id));
      for (const runId of runIds) {
        track(runs.delete(runId));
        track(runResults.delete(runChunkRange(runId)));
      }
      for (const analysisId of analysisIds) track(analyses.delete(analysisId));
      return {
        dataset: existing > 0,
        runs: runIds.length,
        runResultChunks: chunkCounts.reduce((total, count) => total + count, 0),
        analyses: analysisIds.length,
      };
    });
  }

  // ----- Runs ----------------------------------------------------------------------------------

  /**
   * Saves one finished chunk and the run's progress in one transaction, so the run's `done` never
   * counts rows whose results were lost, and results never exist for a run that does not.
   * Returns the updated run. Rejects with `bad-input` when the run does not exist (for example it
   * was deleted with its dataset in another tab while this one was running).
   */
  async saveRunChunk(
    runId: string,
    chunk: number,
    startIndex: number,
    results: readonly unknown[],
    progress: { done: number; status?: RunStatus },
  ): Promise<RunRecord> {
    checkIndex(chunk, 'The chunk number');
    checkIndex(startIndex, 'The start index');
    let what = `the results for ${rowRange(startIndex, results.length)} of a run`;
    return this.write(
      ['runs', 'runResults', 'datasets'],
      () => what,
      async (tx, track) => {
        const run = await track(tx.objectStore('runs').get(runId));
        if (!run) {
          throw new WorkbenchError('bad-input', `The run ${runId} no longer exists, so its results were not saved.`);
        }
        if ((await track(tx.objectStore('datasets').count(run.datasetId))) === 0) {
          throw ownerGone('dataset', run.datasetId, `the results of the ${run.kind} run`);
        }
        what = `the results for ${rowRange(startIndex, results.length)} of the ${run.kind} run`;
        const updated: RunRecord = { ...run, done: progress.done, status: progress.status ?? run.status, updatedAt: Date.now() };
        // The chunk is queued first: a failure on the second write must take the first with it.
        track(tx.objectStore('runResults').put({ runId, chunk, startIndex, results: [...results] }));
        track(tx.objectStore('runs').put(updated));
        return updated;
      },
      ['runs', 'runResults'],
    );
  }

  /**
   * Everything saved for a run, in row order, and which rows a resume still has to run. With
   * `rowCount` (the dataset's), a run or chunk beyond it is quarantined (see `problems`).
   */
  async loadRunResults(runId: string, options: { rowCount?: number } = {}): Promise<RunResults> {
    const db = await this.readDb();
    const tx = db.transaction(['runs', 'runResults'], 'readonly');
    const [run, chunks] = await Promise.all([tx.objectStore('runs').get(runId), tx.objectStore('runResults').getAll(runChunkRange(runId)), tx.done]);
    return quarantineRun(run, chunks, options.rowCount);
  }

  /** A run and all its saved results. */
  async deleteRun(runId: string): Promise<void> {
    await this.write(['runs', 'runResults'], 'the deletion of a run', (tx, track) => {
      track(tx.objectStore('runs').delete(runId));
      track(tx.objectStore('runResults').delete(runChunkRange(runId)));
    });
  }

  /**
   * Runs `fn` only if no other tab is executing the same run, using the Web Locks API. The lock is
   * held until `fn` settles and the browser releases it by itself when a tab crashes or closes, so
   * a run left `running` by a dead tab can be acquired and resumed (see `loadRunResults`).
   * Without the API (old browsers, Node) `fn` runs unguarded and `exclusive` is false.
   */
  async withRunLock<T>(runId: string, fn: () => T | Promise<T>): Promise<RunLockResult<T>> {
    if (!this.locks) return { acquired: true, exclusive: false, value: await fn() };
    return this.locks.request(RUN_LOCK_PREFIX + runId, { ifAvailable: true }, async (lock): Promise<RunLockResult<T>> =>
      lock ? { acquired: true, exclusive: true, value: await fn() } : { acquired: false },
    );
  }

  // ----- Whole workspace (backup) --------------------------------------------------------------

  /** Every record of every store, read in one transaction so the copy is consistent. */
  async readAll(): Promise<WorkspaceSnapshot> {
    const db = await this.readDb();
    const tx = db.transaction([...WORKSPACE_STORES], 'readonly');
    const [lists] = await Promise.all([Promise.all(WORKSPACE_STORES.map((store) => (tx.objectStore(store) as unknown as AnyStore).getAll())), tx.done]);
    const snapshot: Partial<Record<WorkspaceStoreName, unknown[]>> = {};
    WORKSPACE_STORES.forEach((store, index) => {
      snapshot[store] = lists[index] ?? [];
    });
    return snapshot as WorkspaceSnapshot;
  }

  /**
   * Writes many stores in one transaction, all or nothing. With `replace`, every store is emptied
   * first (including stores `data` does not mention), so the workspace ends up equal to `data`.
   * Records must already be checked (backup.ts does).
   */
  async writeAll(data: Partial<WorkspaceSnapshot>, options: { replace: boolean; what: string }): Promise<void> {
    await this.write(
      [...WORKSPACE_STORES],
      options.what,
      async (tx, track) => {
        // Every put clones its record on the calling thread (the backup worker's, for a restore:
        // see src/workers/backup.worker.ts). Megabytes of records would be cloned in one task;
        // once a slice is used up, the next puts wait for the last one's success event, a task of
        // its own, in which the transaction is still active.
        let sliceStart = performance.now();
        for (const name of WORKSPACE_STORES) {
          const store = tx.objectStore(name) as unknown as AnyStore;
          if (options.replace) track(store.clear());
          for (const record of (data[name] ?? []) as unknown[]) {
            const written = track(store.put(record));
            if (performance.now() - sliceStart < WRITE_SLICE_MS) continue;
            await written;
            sliceStart = performance.now();
          }
        }
      },
      WORKSPACE_STORES.filter((name) => options.replace || (data[name]?.length ?? 0) > 0),
      options.replace,
    );
  }

  /** Closes the connection; the next call reopens it. */
  close(): void {
    const connection = this.connection;
    this.connection = undefined;
    void connection?.then((db) => db.close()).catch(() => undefined);
  }

  // ----- Internals -----------------------------------------------------------------------------

  private db(): Promise<WorkspaceDB> {
    if (!this.connection) {
      const factory = this.factory ?? globalThis.indexedDB;
      if (!factory) return Promise.reject(new WorkbenchError('internal', 'IndexedDB is not available here.'));
      const migrations = this.migrations;
      const connection = openDatabase<WorkspaceStores>(
        factory,
        this.dbName,
        this.schemaVersion,
        (db, oldVersion, newVersion, tx) =>
          runMigrations(
            migrations,
            db as unknown as IDBPDatabase<unknown>,
            oldVersion,
            newVersion,
            tx as unknown as IDBPTransaction<unknown, string[], 'versionchange'>,
          ),
        {
          // Another tab runs a newer workbench (or deletes the database): step aside at once so
          // it is not blocked, and tell the user this tab's code is now out of date.
          blocking: (db, newVersion) => {
            db.close();
            this.dropConnection(connection);
            this.emit('onVersionChange', { newVersion });
          },
          // The browser closed the connection (storage cleared, disk error): reopen on next use.
          terminated: () => this.dropConnection(connection),
          blocked: (oldVersion, newVersion) => this.emit('onBlocked', { oldVersion, newVersion }),
        },
      );
      // A failed open (private mode, a newer schema elsewhere) must not be cached forever.
      connection.catch(() => this.dropConnection(connection));
      this.connection = connection;
    }
    return this.connection;
  }

  private readDb(): Promise<WorkspaceDB> {
    return this.db().catch((error: unknown) => {
      throw toOpenError(error);
    });
  }

  private dropConnection(connection: Promise<WorkspaceDB>): void {
    if (this.connection === connection) this.connection = undefined;
  }

  /**
   * One read-write transaction around `body`, which passes every request it makes to `track`
   * (each then has a handler at once, so the AbortError of requests cancelled by a failure is
   * never unhandled) and may only await requests of `tx`: awaiting anything else lets the
   * transaction commit early. Resolves once every tracked request succeeded and the transaction
   * committed. Any failure aborts the transaction explicitly: a request that throws synchronously
   * (as a quota check may) would otherwise let the writes already queued commit. `what` is a
   * function when it is only known inside `body`.
   */
  private async write<S extends WorkspaceStoreName, T>(
    stores: S[],
    what: string | (() => string),
    body: (tx: WriteTx<S>, track: <R>(request: Promise<R>) => Promise<R>) => T | Promise<T>,
    changed: readonly WorkspaceStoreName[] = stores,
    restore = false,
  ): Promise<T> {
    let tx: WriteTx<S> | undefined;
    const pending: Promise<unknown>[] = [];
    const track = <R>(request: Promise<R>): Promise<R> => {
      pending.push(request);
      request.catch(() => undefined);
      return request;
    };
    try {
      const db = await this.db();
      tx = db.transaction(stores, 'readwrite');
      track(tx.done);
      const result = await body(tx, track);
      await settleAll(pending);
      this.announce({ stores: [...changed], restore });
      return result;
    } catch (error) {
      if (tx) abortQuietly(tx);
      const failure = toWriteError(error, typeof what === 'string' ? what : what());
      if (failure.code === 'storage-full') this.emit('onStorageFull', failure);
      throw failure;
    }
  }

  /** Tells the other tabs what changed; a closed or missing channel only costs their refresh. */
  private announce(change: WorkspaceChange): void {
    if (change.stores.length === 0) return;
    try {
      this.channel?.postMessage(change);
    } catch (error) {
      console.warn('[llmaos] could not tell other tabs about a workspace change', error);
    }
  }

  /**
   * Calls every listener. A throwing listener must not turn a saved record into a failed save or
   * stop the others, so its error is rethrown on its own (and reaches the console).
   */
  private emit<K extends keyof WorkspaceListeners>(event: K, payload: Parameters<NonNullable<WorkspaceListeners[K]>>[0]): void {
    for (const listeners of this.listeners) {
      const listener = listeners[event] as ((value: typeof payload) => void) | undefined;
      if (!listener) continue;
      try {
        listener.call(listeners, payload);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }
}

let shared: Workspace | undefined;

/** The app's workspace, created on first use (opening the database is lazy too). */
export function getWorkspace(): Workspace {
  shared ??= new Workspace();
  return shared;
}
