/**
 * The Insights panel's state. Kept outside the components (zustand) so a run keeps going, and its
 * results stay, while the user looks at another tab. Actions live in datasets.ts, pipeline.ts and
 * themes.ts; this file only holds the shape and small setters.
 */
import { create } from 'zustand';
import type { ImportProgress, MappingPreview, TableSession } from '../../app/tableImport';
import type { ColumnMapping, FeedbackItem, Theme } from '../../insights';
import type { Dataset, DatasetReport, QuarantinedRecord, RunRecord } from '../../storage/repositories';
import type { Reason } from '../../core';
import type { LoadProgress } from '../../core';
import type { StoredClusters } from '../../sdk';
import type { RowCategory } from './logic/categories';
import type { RowSentiment, TableFilter } from './logic/rows';

/** A parsed file or paste waiting for the user to map its columns. */
/** A parsed file waiting for its column mapping; the rows stay in the import worker (`session`). */
export interface ImportDraft {
  session: TableSession;
  name: string;
  fileName?: string;
  mapping: ColumnMapping;
  /** The import report for `mapping`, null while the worker computes it (`previewError` if it cannot). */
  preview: MappingPreview | null;
  previewError: unknown;
}

/** What the import report of a saved dataset holds (Dataset.report). */
export type SavedReport = DatasetReport;

export interface ActiveDataset {
  record: Dataset;
  items: FeedbackItem[];
}

/** The themes analysis as saved in the workspace (`analyses`, kind `themes`). */
export interface ThemesData {
  embedRunId: string;
  /** The embedding run's startedAt, so a re-embedded dataset is clustered again. */
  embedVersion: number;
  /** k chosen by silhouette, shown beside the user's k. */
  autoK: number;
  silhouettes: Array<{ k: number; score: number }>;
  clusters: StoredClusters;
  /** Names the user gave, by theme id (as text: IndexedDB keys of objects are strings). */
  names: Record<string, string>;
  /** Pain-point summaries by `${themeId}:${size}`: a merge or split changes the size, so old summaries do not stick to a new theme. */
  summaries: Record<string, string>;
}

export type Stage = 'sentiment' | 'embeddings' | 'themes' | 'summaries';

export interface JobProgress {
  stage: Stage;
  done: number;
  total: number;
  /** Rows (or summaries) per second, when known. */
  rate: number | null;
  etaMs: number | null;
  load: LoadProgress | null;
}

export type JobStatus = 'idle' | 'running' | 'done' | 'cancelled' | 'error' | 'locked';

/** Progress of a category run (a custom classifier over every row). */
export interface CategoryJob {
  done: number;
  total: number;
  load: LoadProgress | null;
}

/** A stored dataset the app cannot use (a malformed record), listed apart with its problem. */
export type QuarantinedDataset = QuarantinedRecord;

export interface InsightsState {
  datasets: Dataset[];
  datasetsError: unknown;
  /** Stored datasets whose record is malformed: shown with the problem, to export or delete. */
  quarantined: QuarantinedDataset[];
  /** The dataset the user tried to open could not be (its record or rows are malformed). */
  openProblem: QuarantinedDataset | null;
  /** Saved results of the open dataset that were set aside (see Workspace.loadRunResults). */
  resultProblems: Reason[];
  /** Something another tab did to the open dataset (deleted it, restored a backup). */
  tabNotice: 'deleted' | 'restored' | null;
  draft: ImportDraft | null;
  importError: unknown;
  importing: boolean;
  /** The file or paste being parsed in the import worker, while it is. */
  importProgress: ImportProgress | null;
  active: ActiveDataset | null;
  opening: boolean;
  /** Sentiment per item (item order); undefined where the run has not reached the row. */
  sentiments: Array<RowSentiment | undefined>;
  sentimentRun: RunRecord | null;
  embedRun: RunRecord | null;
  themes: ThemesData | null;
  /** Themes computed from `themes` and the current sentiment (by the analysis worker). */
  themeList: Theme[];
  job: JobProgress | null;
  jobStatus: JobStatus;
  jobError: unknown;
  /** The custom classifier's category per item (item order); undefined where not reached. */
  categories: Array<RowCategory | undefined>;
  categoryRun: RunRecord | null;
  categoryJob: CategoryJob | null;
  categoryStatus: JobStatus;
  categoryError: unknown;
  filter: TableFilter;
  set(partial: Partial<InsightsState>): void;
  setFilter(patch: Partial<TableFilter>): void;
  clearFilter(): void;
}

/** Everything that belongs to the open dataset, as it is when none is open. */
export const NO_OPEN_DATASET = {
  active: null,
  sentiments: [],
  sentimentRun: null,
  embedRun: null,
  themes: null,
  themeList: [],
  job: null,
  jobStatus: 'idle',
  categories: [],
  categoryRun: null,
  categoryJob: null,
  categoryStatus: 'idle',
  categoryError: null,
  filter: {},
  resultProblems: [],
} satisfies Partial<InsightsState>;

export const useInsights = create<InsightsState>()((set) => ({
  datasets: [],
  datasetsError: null,
  quarantined: [],
  openProblem: null,
  tabNotice: null,
  draft: null,
  importError: null,
  importing: false,
  importProgress: null,
  opening: false,
  jobError: null,
  ...NO_OPEN_DATASET,
  set: (partial) => set(partial),
  setFilter: (patch) => set((state) => ({ filter: { ...state.filter, ...patch } })),
  clearFilter: () => set({ filter: {} }),
}));
