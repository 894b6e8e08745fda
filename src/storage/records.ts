/**
 * The workspace's records and stores: what each object store holds, its key and its indexes (the
 * current schema). Only types and the store list, so both the database (workspace.ts) and the
 * checks of its records (recordChecks.ts) import them without importing each other;
 * workspace.ts re-exports them for its readers.
 */
import type { DBSchema, IndexKey, IndexNames, StoreNames } from 'idb';

export interface DatasetRecord {
  id: string;
  /** Shown to the user; usually the file name. */
  name: string;
  /** Epoch milliseconds. */
  createdAt: number;
  updatedAt: number;
  source: { fileName?: string; format: string };
  columns: string[];
  /** Role → column (e.g. `text` → `"Review"`), null when the user left a role unmapped. */
  mapping: Record<string, string | null>;
  rowCount: number;
  /** The import report (skipped rows, detected encoding, ...), as the importer produced it. */
  report?: unknown;
}

/** A dataset's rows, kept apart from its metadata so listing datasets never reads every row. */
export interface DatasetRowsRecord {
  datasetId: string;
  items: unknown[];
}

export type RunStatus = 'running' | 'paused' | 'done' | 'cancelled' | 'failed';

export interface RunRecord {
  id: string;
  datasetId: string;
  /** What the run does, e.g. `sentiment` or `embed`. */
  kind: string;
  status: RunStatus;
  /** Rows in the run, and rows finished and saved. */
  total: number;
  done: number;
  params?: unknown;
  startedAt: number;
  updatedAt: number;
  error?: string;
}

/** The results of one finished chunk of a run: rows `startIndex .. startIndex + results.length - 1`. */
export interface RunResultChunk {
  runId: string;
  /** Unique per run; a resumed run continues numbering at `RunResults.nextChunk`. */
  chunk: number;
  startIndex: number;
  results: unknown[];
}

/** A derived artifact of a dataset, such as themes or pain points. */
export interface AnalysisRecord {
  id: string;
  datasetId: string;
  kind: string;
  /** The run it was computed from, when there is one. */
  runId?: string;
  createdAt: number;
  updatedAt: number;
  data: unknown;
}

export interface TemplateRecord {
  id: string;
  name: string;
  kind: string;
  body: string;
  variables: unknown[];
  createdAt: number;
  updatedAt: number;
}

export interface DraftRecord {
  id: string;
  title: string;
  text: string;
  templateId?: string;
  /** The values the template was filled with, to regenerate or edit the draft. */
  values?: unknown;
  createdAt: number;
  updatedAt: number;
}

export interface KnowledgeBaseRecord {
  id: string;
  name: string;
  /** The embedding model the passages' vectors came from; vectors of different models do not mix. */
  embeddingModel?: string;
  documents?: unknown[];
  createdAt: number;
  updatedAt: number;
}

export interface PassageRecord {
  id: string;
  knowledgeBaseId: string;
  text: string;
  docId?: string;
  title?: string;
  source?: string;
  start?: number;
  end?: number;
  /** Content hash deciding whether the passage must be embedded again. */
  hash?: string;
  /** IndexedDB stores typed arrays natively, so no conversion to number[] is needed. */
  vector?: Float32Array | number[];
}

export interface ClassifierRecord {
  id: string;
  name: string;
  labels: string[];
  embeddingModel?: string;
  /** The trained model as customize/ serialises it. */
  model: unknown;
  createdAt: number;
  updatedAt: number;
}

/** An app installed from a file or made in the builder; `definition` is checked (src/apps) on every read. */
export interface AppRecord {
  id: string;
  definition: unknown;
  installedAt: number;
  updatedAt: number;
}

/** One run of an app: its inputs and, when it finished, its steps' values and outputs. */
export interface AppRunStoredRecord {
  id: string;
  appId: string;
  appName: string;
  status: string;
  startedAt: number;
  finishedAt: number;
  inputs: unknown;
  result?: unknown;
  error?: string;
}

/** Every object store: its key, its record and its indexes. The current schema (version 2). */
export interface WorkspaceStores extends DBSchema {
  datasets: { key: string; value: DatasetRecord };
  datasetRows: { key: string; value: DatasetRowsRecord };
  runs: { key: string; value: RunRecord; indexes: { byDataset: string } };
  runResults: { key: [string, number]; value: RunResultChunk };
  analyses: { key: string; value: AnalysisRecord; indexes: { byDataset: string } };
  templates: { key: string; value: TemplateRecord };
  drafts: { key: string; value: DraftRecord; indexes: { byCreatedAt: number } };
  knowledgeBases: { key: string; value: KnowledgeBaseRecord };
  passages: { key: string; value: PassageRecord; indexes: { byKnowledgeBase: string } };
  classifiers: { key: string; value: ClassifierRecord };
  apps: { key: string; value: AppRecord };
  appRuns: { key: string; value: AppRunStoredRecord; indexes: { byApp: string } };
}

export type WorkspaceStoreName = StoreNames<WorkspaceStores>;
export type WorkspaceRecord<N extends WorkspaceStoreName> = WorkspaceStores[N]['value'];
export type WorkspaceKey<N extends WorkspaceStoreName> = WorkspaceStores[N]['key'];
export type WorkspaceIndexName<N extends WorkspaceStoreName> = IndexNames<WorkspaceStores, N>;
export type WorkspaceIndexKey<N extends WorkspaceStoreName, I extends WorkspaceIndexName<N>> = IndexKey<WorkspaceStores, N, I>;

/** Every store's records, e.g. for a backup. */
export type WorkspaceSnapshot = { [N in WorkspaceStoreName]: WorkspaceRecord<N>[] };

/** Every store name, in the order backups list them. */
export const WORKSPACE_STORES = [
  'datasets',
  'datasetRows',
  'runs',
  'runResults',
  'analyses',
  'templates',
  'drafts',
  'knowledgeBases',
  'passages',
  'classifiers',
  'apps',
  'appRuns',
] as const satisfies readonly WorkspaceStoreName[];

// Compile-time check that WORKSPACE_STORES lists every store of WorkspaceStores.
type MissingStores = Exclude<WorkspaceStoreName, (typeof WORKSPACE_STORES)[number]>;
const everyStoreListed: [MissingStores] extends [never] ? true : MissingStores = true;
void everyStoreListed;
