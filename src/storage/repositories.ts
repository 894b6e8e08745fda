/**
 * The workspace as the apps use it: one small repository per kind of record, each typed by its
 * own records and named by what the apps do with them (list the datasets, keep a draft, save a
 * template unless another tab changed it). The apps get them from `deps()` (src/services/deps.ts),
 * never the Workspace itself, so a test hands a store repositories on fake-indexeddb.
 *
 * Reads whose shape the workspace can check (datasets, their rows, runs) come back checked: a
 * malformed record is set aside with its problem (recordChecks.ts) instead of reaching a view.
 * Records whose payload belongs to an app (a draft's details, a knowledge base's document list,
 * a run's results) are checked by that app when it reads them.
 */
import type { Reason } from '../core';
import { exportDatasetRecords } from './backup';
import { appRecordProblem, datasetProblem, datasetRowsProblem, recordProblem, runProblem } from './recordChecks';
import type { AppDefinition } from '../apps/format';
import type {
  AppRecord,
  AppRunStoredRecord,
  AnalysisRecord,
  ClassifierRecord,
  DatasetRecord,
  DeletedDataset,
  DraftRecord,
  KnowledgeBaseRecord,
  PassageRecord,
  RunLockResult,
  RunRecord,
  RunResults,
  RunStatus,
  TemplateRecord,
  Workspace,
  WorkspaceChange,
  WorkspaceStoreName,
} from './workspace';
import type { ImportReport } from '../insights/import/items';
import type { FeedbackItem } from '../insights/types';

export type {
  AppRunStoredRecord,
  AnalysisRecord,
  ClassifierRecord,
  DeletedDataset,
  DraftRecord,
  KnowledgeBaseRecord,
  PassageRecord,
  RunLockResult,
  RunRecord,
  RunResults,
  RunStatus,
  TemplateRecord,
  WorkspaceChange,
  WorkspaceStoreName,
} from './workspace';
export type { ImportMode, ImportSummary } from './backup';
export { BACKUP_MAX_BYTES, restoreSummaryLines } from './backup';

/**
 * Templates per read of the library. A template holds up to 20,000 characters of body, so a page
 * is at most about half a megabyte for the page to clone in one task.
 */
const TEMPLATES_PER_READ = 25;

/**
 * Classifiers per read of the saved list: one, as a classifier of 1,000 categories over 384
 * dimensions is 7 MB, 35 ms for the page to clone; most are a few kilobytes.
 */
const CLASSIFIERS_PER_READ = 1;

/** What the import saves as a dataset's report: the importer's, plus the parser's warnings. */
export interface DatasetReport extends ImportReport {
  /** Parser warnings (lossy decoding, padded rows, ...). */
  parseWarnings: string[];
}

/**
 * A dataset record that passed `datasetProblem`, so its report has the shape the views read.
 * (The stored record types say `unknown` where a record written by an older build or another
 * tool may hold anything; the repositories check before they hand a record out as this.)
 */
export interface Dataset extends Omit<DatasetRecord, 'report'> {
  report?: DatasetReport;
}

/** A stored record the app cannot use, listed apart with what is wrong with it. */
export interface QuarantinedRecord {
  id: string;
  name: string;
  problem: Reason;
}

/** A dataset opened for use: its record and rows, both checked; or why it cannot be opened. */
export type OpenedDataset = { record: Dataset; items: FeedbackItem[] } | { problem: QuarantinedRecord };

export interface DatasetsRepository {
  /** Every dataset, most recently updated first; malformed records apart, with their problem. */
  list(): Promise<{ datasets: Dataset[]; quarantined: QuarantinedRecord[] }>;
  /** Whether the dataset is still stored (another tab may have deleted it). */
  exists(id: string): Promise<boolean>;
  /** The dataset with its rows; null when either is gone. */
  open(id: string): Promise<OpenedDataset | null>;
  /** The dataset with its rows, runs, results and analyses, all or nothing. */
  delete(id: string): Promise<DeletedDataset>;
  /** The dataset's stored records as they are, as a backup file holding only them. */
  exportRecords(id: string): Promise<string>;
}

export interface RunsRepository {
  get(id: string): Promise<RunRecord | undefined>;
  /** The stored run and, when it does not fit `rowCount` rows, why (it must not be used then). */
  getChecked(id: string, rowCount: number): Promise<{ run: RunRecord | undefined; problem: Reason | null }>;
  put(run: RunRecord): Promise<void>;
  /** Saved results in row order, what a resume still has to run, and what was set aside. */
  loadResults(id: string, options?: { rowCount?: number }): Promise<RunResults>;
  /** One finished chunk and the run's progress, in one transaction; returns the updated run. */
  saveChunk(id: string, chunk: number, startIndex: number, results: readonly unknown[], progress: { done: number; status?: RunStatus }): Promise<RunRecord>;
  /** Runs `fn` only while no other tab executes the same run. */
  withLock<T>(id: string, fn: () => T | Promise<T>): Promise<RunLockResult<T>>;
  /** The run and all its saved results. */
  delete(id: string): Promise<void>;
}

export interface AnalysesRepository {
  get(id: string): Promise<AnalysisRecord | undefined>;
  put(analysis: AnalysisRecord): Promise<void>;
  /** Every analysis of a dataset (themes, ...); returns how many went. */
  deleteForDataset(datasetId: string): Promise<number>;
}

/**
 * `expected` is the `updatedAt` this tab last read, or null for a record that must not exist
 * yet: a save over another tab's edit (or deletion) is refused, not silently lost.
 */
export interface TemplatesRepository {
  list(): Promise<TemplateRecord[]>;
  save(template: TemplateRecord, expected: number | null): Promise<void>;
  delete(id: string): Promise<void>;
}

export interface DraftsRepository {
  list(): Promise<DraftRecord[]>;
  put(draft: DraftRecord): Promise<void>;
  delete(id: string): Promise<void>;
}

export interface KnowledgeBaseRepository {
  list(): Promise<KnowledgeBaseRecord[]>;
  get(kbId: string): Promise<KnowledgeBaseRecord | undefined>;
  put(kb: KnowledgeBaseRecord): Promise<void>;
  /** Read and write in one transaction: another tab's change between them is not lost. */
  update(kbId: string, change: (current: KnowledgeBaseRecord | undefined) => KnowledgeBaseRecord): Promise<KnowledgeBaseRecord>;
  passages(kbId: string): Promise<PassageRecord[]>;
  /** All or none; `what` names them in a storage-full message. */
  putPassages(passages: readonly PassageRecord[], what?: string): Promise<void>;
  deletePassage(id: string): Promise<void>;
  deleteAllPassages(kbId: string): Promise<number>;
}

export interface ClassifiersRepository {
  list(): Promise<ClassifierRecord[]>;
  put(classifier: ClassifierRecord): Promise<void>;
  delete(id: string): Promise<void>;
}

export interface AppsRepository {
  /** Installed apps, most recently updated first, each definition validated; records that fail apart, with their problem. */
  list(): Promise<{ apps: AppDefinition[]; quarantined: QuarantinedRecord[] }>;
  /** Keeps a validated definition (a new app, or a new version of one with the same id). */
  put(definition: AppDefinition): Promise<void>;
  delete(id: string): Promise<void>;
  /** Runs of an app, newest first. */
  runs(appId: string): Promise<AppRunStoredRecord[]>;
  putRun(run: AppRunStoredRecord): Promise<void>;
}

export interface Repositories {
  datasets: DatasetsRepository;
  runs: RunsRepository;
  analyses: AnalysesRepository;
  templates: TemplatesRepository;
  drafts: DraftsRepository;
  knowledgeBase: KnowledgeBaseRepository;
  classifiers: ClassifiersRepository;
  apps: AppsRepository;
  /**
   * Calls `refresh` whenever another tab changes one of `stores` or restores a backup; returns
   * the function that stops it.
   */
  onExternalChange(stores: readonly WorkspaceStoreName[], refresh: (change: WorkspaceChange) => void): () => void;
}

function quarantined(record: unknown, problem: Reason): QuarantinedRecord {
  const { id, name } = (typeof record === 'object' && record !== null ? record : {}) as { id?: unknown; name?: unknown };
  return { id: String(id), name: typeof name === 'string' && name !== '' ? name : String(id), problem };
}

/** The repositories over one workspace (the app's, or a test's on fake-indexeddb). */
export function createRepositories(workspace: Workspace): Repositories {
  return {
    datasets: {
      async list() {
        const datasets: Dataset[] = [];
        const aside: QuarantinedRecord[] = [];
        for (const record of await workspace.getAll('datasets')) {
          const problem = datasetProblem(record);
          if (problem) aside.push(quarantined(record, problem));
          else datasets.push(record as Dataset);
        }
        datasets.sort((a, b) => b.updatedAt - a.updatedAt);
        return { datasets, quarantined: aside };
      },
      exists: async (id) => (await workspace.count('datasets', id)) > 0,
      async open(id) {
        const [record, rows] = await Promise.all([workspace.get('datasets', id), workspace.get('datasetRows', id)]);
        if (!record || !rows) return null;
        const problem = datasetProblem(record) ?? datasetRowsProblem(rows, record.rowCount);
        // Both checked field by field above (the report, and every row as a FeedbackItem).
        return problem ? { problem: quarantined(record, problem) } : { record: record as Dataset, items: rows.items as FeedbackItem[] };
      },
      delete: (id) => workspace.deleteDataset(id),
      exportRecords: (id) => exportDatasetRecords(workspace, id),
    },
    runs: {
      get: (id) => workspace.get('runs', id),
      async getChecked(id, rowCount) {
        const run = await workspace.get('runs', id);
        return { run, problem: run ? runProblem(run, rowCount) : null };
      },
      put: (run) => workspace.put('runs', run),
      loadResults: (id, options) => workspace.loadRunResults(id, options),
      saveChunk: (id, chunk, startIndex, results, progress) => workspace.saveRunChunk(id, chunk, startIndex, results, progress),
      withLock: (id, fn) => workspace.withRunLock(id, fn),
      delete: (id) => workspace.deleteRun(id),
    },
    analyses: {
      get: (id) => workspace.get('analyses', id),
      put: (analysis) => workspace.put('analyses', analysis),
      deleteForDataset: (datasetId) => workspace.deleteByIndex('analyses', 'byDataset', datasetId),
    },
    templates: {
      list: () => workspace.getAllInPages('templates', TEMPLATES_PER_READ),
      save: (template, expected) => workspace.putIfUnchanged('templates', template, expected),
      delete: (id) => workspace.delete('templates', id),
    },
    drafts: {
      list: () => workspace.getAll('drafts'),
      put: (draft) => workspace.put('drafts', draft),
      delete: (id) => workspace.delete('drafts', id),
    },
    knowledgeBase: {
      list: () => workspace.getAll('knowledgeBases'),
      get: (kbId) => workspace.get('knowledgeBases', kbId),
      put: (kb) => workspace.put('knowledgeBases', kb),
      update: (kbId, change) => workspace.update('knowledgeBases', kbId, change),
      // Guarded on read: a malformed passage (no text) is left out of search instead of breaking Ask.
      passages: async (kbId) =>
        (await workspace.getAllByIndex('passages', 'byKnowledgeBase', kbId)).filter((record) => recordProblem('passages', record) === null),
      putPassages: (passages, what) => workspace.putMany('passages', passages, what === undefined ? {} : { what }),
      deletePassage: (id) => workspace.delete('passages', id),
      deleteAllPassages: (kbId) => workspace.deleteByIndex('passages', 'byKnowledgeBase', kbId),
    },
    classifiers: {
      list: () => workspace.getAllInPages('classifiers', CLASSIFIERS_PER_READ),
      put: (classifier) => workspace.put('classifiers', classifier),
      delete: (id) => workspace.delete('classifiers', id),
    },
    apps: {
      async list() {
        const apps: AppRecord[] = [];
        const aside: QuarantinedRecord[] = [];
        for (const record of await workspace.getAll('apps')) {
          const problem = appRecordProblem(record);
          if (problem) aside.push(quarantined(record, problem));
          else apps.push(record);
        }
        apps.sort((a, b) => b.updatedAt - a.updatedAt);
        // Checked by appRecordProblem (validateApp) just above.
        return { apps: apps.map((record) => record.definition as AppDefinition), quarantined: aside };
      },
      async put(definition) {
        const now = Date.now();
        const existing = await workspace.get('apps', definition.id);
        await workspace.put('apps', { id: definition.id, definition, installedAt: existing?.installedAt ?? now, updatedAt: now });
      },
      async delete(id) {
        await workspace.deleteByIndex('appRuns', 'byApp', id);
        await workspace.delete('apps', id);
      },
      runs: async (appId) => (await workspace.getAllByIndex('appRuns', 'byApp', appId)).sort((a, b) => b.startedAt - a.startedAt),
      putRun: (run) => workspace.put('appRuns', run),
    },
    onExternalChange: (stores, refresh) =>
      workspace.listen({
        onExternalChange: (change) => {
          if (change.restore || change.stores.some((store) => stores.includes(store))) refresh(change);
        },
      }),
  };
}
