/**
 * Datasets: import (file or paste → column mapping → saved dataset), the saved list, opening one
 * with everything computed for it, and deleting.
 */
import { importTableFile, importTableText, type TableImportOptions } from '../../app/tableImport';
import {
  guessColumns,
  toFeedbackItems,
  type ColumnMapping,
  type FeedbackItem,
  type ParsedTable,
} from '../../insights';
import { getWorkspace, type DatasetRecord, type RunRecord } from '../../storage/workspace';
import { cancelCategories, isCategoryRunning } from './categoryRun';
import { categoriesOf } from './logic/categories';
import { isRowSentiment, type RowSentiment } from './logic/rows';
import { cancelPipeline } from './pipeline';
import { refreshThemeList } from './themes';
import { NO_OPEN_DATASET, useInsights, type SavedReport, type ThemesData } from './store';

export const sentimentRunId = (datasetId: string) => `sentiment-${datasetId}`;
export const embedRunId = (datasetId: string) => `embed-${datasetId}`;
export const themesAnalysisId = (datasetId: string) => `themes-${datasetId}`;
/** The custom classifier's "category" column (see categoryRun.ts). */
export const categoryRunId = (datasetId: string) => `category-${datasetId}`;

export async function refreshDatasets(): Promise<void> {
  try {
    const datasets = await getWorkspace().getAll('datasets');
    datasets.sort((a, b) => b.updatedAt - a.updatedAt);
    useInsights.getState().set({ datasets, datasetsError: null });
  } catch (error) {
    useInsights.getState().set({ datasetsError: error });
  }
}

function baseName(fileName: string): string {
  return fileName.replace(/\.[^.]+$/, '') || fileName;
}

function draftFrom(table: ParsedTable, name: string, fileName?: string) {
  const guess = guessColumns(table);
  const mapping: ColumnMapping = { text: guess.text ?? table.columns[0] ?? null, date: guess.date, rating: guess.rating, segment: guess.segment, id: guess.id };
  useInsights.getState().set({ draft: { table, name, fileName, mapping }, importError: null });
}

let importAbort: AbortController | null = null;

/** Parses in the import worker with progress; a cancel leaves the card as it was before, with no error. */
async function runImport(read: (options: TableImportOptions) => Promise<ParsedTable>, name: string, fileName?: string): Promise<void> {
  const { set } = useInsights.getState();
  importAbort?.abort();
  const abort = new AbortController();
  importAbort = abort;
  set({ importing: true, importError: null, draft: null, importProgress: null });
  try {
    const table = await read({ signal: abort.signal, onProgress: (importProgress) => set({ importProgress }) });
    draftFrom(table, name, fileName);
  } catch (error) {
    if (!abort.signal.aborted) set({ importError: error });
  } finally {
    if (importAbort === abort) {
      importAbort = null;
      set({ importing: false, importProgress: null });
    }
  }
}

export function importFile(file: File): Promise<void> {
  return runImport((options) => importTableFile(file, options), baseName(file.name), file.name);
}

export function importPaste(text: string, name: string): Promise<void> {
  return runImport((options) => importTableText(text, options), name);
}

export function cancelImport(): void {
  importAbort?.abort();
}

export function setMapping(patch: Partial<ColumnMapping>): void {
  const { draft, set } = useInsights.getState();
  if (draft) set({ draft: { ...draft, mapping: { ...draft.mapping, ...patch } } });
}

export function setDraftName(name: string): void {
  const { draft, set } = useInsights.getState();
  if (draft) set({ draft: { ...draft, name } });
}

export function discardDraft(): void {
  useInsights.getState().set({ draft: null, importError: null });
}

/** Saves the draft as a dataset (rows and metadata in one transaction) and opens it. */
export async function confirmImport(): Promise<void> {
  const { draft, set } = useInsights.getState();
  if (!draft) return;
  set({ importing: true, importError: null });
  try {
    const { items, report } = toFeedbackItems(draft.table, draft.mapping);
    const now = Date.now();
    const savedReport: SavedReport = { ...report, parseWarnings: draft.table.warnings };
    const record: DatasetRecord = {
      id: crypto.randomUUID(),
      name: draft.name.trim() || draft.fileName || 'Feedback',
      createdAt: now,
      updatedAt: now,
      source: { fileName: draft.fileName, format: draft.table.format },
      columns: draft.table.columns,
      mapping: { ...draft.mapping },
      rowCount: items.length,
      report: savedReport,
    };
    await getWorkspace().saveDataset(record, items);
    set({ draft: null });
    await refreshDatasets();
    await openDataset(record.id);
  } catch (error) {
    set({ importError: error });
  } finally {
    set({ importing: false });
  }
}

/** Per-item sentiment from a run's saved results (undefined where not finished). */
function sentimentsOf(results: unknown[], count: number): Array<RowSentiment | undefined> {
  const out = new Array<RowSentiment | undefined>(count);
  results.forEach((value, i) => {
    if (i < count && isRowSentiment(value)) out[i] = value;
  });
  return out;
}

/** Opens a dataset with its saved results: sentiment, embedding progress, themes and categories. */
export async function openDataset(id: string): Promise<void> {
  const { set, active } = useInsights.getState();
  if (active?.record.id !== id) {
    cancelPipeline();
    cancelCategories();
  }
  set({ opening: true });
  try {
    const workspace = getWorkspace();
    const [record, rows, sentiment, embed, themes, category] = await Promise.all([
      workspace.get('datasets', id),
      workspace.get('datasetRows', id),
      workspace.loadRunResults(sentimentRunId(id)),
      workspace.get('runs', embedRunId(id)),
      workspace.get('analyses', themesAnalysisId(id)),
      workspace.loadRunResults(categoryRunId(id)),
    ]);
    if (!record || !rows) {
      await refreshDatasets();
      set({ opening: false });
      return;
    }
    const items = rows.items as FeedbackItem[];
    set({
      active: { record, items },
      sentiments: sentimentsOf(sentiment.results, items.length),
      sentimentRun: (sentiment.run as RunRecord | undefined) ?? null,
      embedRun: embed ?? null,
      themes: (themes?.data as ThemesData | undefined) ?? null,
      themeList: [],
      categories: categoriesOf(category.results, items.length),
      categoryRun: category.run ?? null,
      // Reopening the dataset a category run is working on keeps that run's progress on screen.
      ...(isCategoryRunning() ? {} : { categoryJob: null, categoryStatus: 'idle' as const, categoryError: null }),
      filter: {},
      job: null,
      jobStatus: 'idle',
      jobError: null,
      opening: false,
    });
    // Theme figures depend on the sentiment; the worker recomputes them from the saved clusters.
    void refreshThemeList();
  } catch (error) {
    set({ opening: false, datasetsError: error });
  }
}

export function closeDataset(): void {
  cancelPipeline();
  cancelCategories();
  useInsights.getState().set(NO_OPEN_DATASET);
}

export async function deleteDataset(id: string): Promise<void> {
  const { active } = useInsights.getState();
  if (active?.record.id === id) closeDataset();
  try {
    await getWorkspace().deleteDataset(id);
  } finally {
    await refreshDatasets();
  }
}
