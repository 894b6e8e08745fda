/**
 * Datasets: import (file or paste → column mapping → saved dataset), the saved list, opening one
 * with everything computed for it, and deleting.
 */
import { openFileSession, openTextSession, type MappingPreview, type TableImportOptions, type TableSession } from '../../services/tableImport';
import { deps } from '../../services/deps';
import type { ColumnMapping } from '../../insights';
import { reason } from '../../core';
import { isCancelled } from '../../ui/errors';
import { saveTextFile } from '../../ui/fileIo';
import { cancelCategories, isCategoryRunning } from './categoryRun';
import { categoriesOf } from './logic/categories';
import { isRowSentiment, type RowSentiment } from './logic/rows';
import { categoryRunId, embedRunId, sentimentRunId, themesAnalysisId } from './logic/runIds';
import { cancelPipeline } from './pipeline';
import { refreshThemeList } from './themes';
import { NO_OPEN_DATASET, useInsights, type ThemesData } from './store';

/**
 * The saved datasets, each checked: a malformed record (written by an older build, another tool
 * or devtools, bypassing the restore checks) is quarantined, listed apart with its problem, so
 * it cannot break the list or the other datasets.
 */
export async function refreshDatasets(): Promise<void> {
  try {
    const { datasets, quarantined } = await deps().repositories.datasets.list();
    useInsights.getState().set({ datasets, quarantined, datasetsError: null });
  } catch (error) {
    useInsights.getState().set({ datasetsError: error });
  }
}

/** The themes analysis, if its data has the shape the views read. */
function themesOf(data: unknown, count: number): ThemesData | null {
  if (typeof data !== 'object' || data === null) return null;
  const themes = data as Partial<ThemesData>;
  const clusters = themes.clusters;
  const ok =
    typeof clusters === 'object' &&
    clusters !== null &&
    clusters.assignments instanceof Int32Array &&
    clusters.assignments.length === count &&
    clusters.centroids instanceof Float32Array &&
    Array.isArray(clusters.keywords) &&
    typeof themes.names === 'object' &&
    themes.names !== null &&
    typeof themes.summaries === 'object' &&
    themes.summaries !== null;
  return ok ? (themes as ThemesData) : null;
}

function baseName(fileName: string): string {
  return fileName.replace(/\.[^.]+$/, '') || fileName;
}

function draftFrom(session: TableSession, name: string, fileName?: string) {
  const { guess, head } = session;
  const mapping: ColumnMapping = { text: guess.text ?? head.columns[0] ?? null, date: guess.date, rating: guess.rating, segment: guess.segment, id: guess.id };
  useInsights.getState().draft?.session.close();
  useInsights.getState().set({ draft: { session, name, fileName, mapping, preview: null, previewError: null }, importError: null });
  refreshPreview();
}

let previewRequest = 0;

/** Asks the worker for the import report of the draft's mapping; only the latest answer is shown. */
function refreshPreview(): void {
  const { draft } = useInsights.getState();
  if (!draft) return;
  const request = ++previewRequest;
  const { session, mapping } = draft;
  const apply = (patch: { preview: MappingPreview | null; previewError: unknown }) => {
    const current = useInsights.getState().draft;
    if (request === previewRequest && current?.session === session) useInsights.getState().set({ draft: { ...current, ...patch } });
  };
  apply({ preview: null, previewError: null });
  session.preview(mapping).then(
    (preview) => apply({ preview, previewError: null }),
    (error) => {
      if (!isCancelled(error)) apply({ preview: null, previewError: error });
    },
  );
}

let importAbort: AbortController | null = null;

/** Parses in the import worker with progress; a cancel leaves the card as it was before, with no error. */
async function runImport(read: (options: TableImportOptions) => Promise<TableSession>, name: string, fileName?: string): Promise<void> {
  const { set, draft } = useInsights.getState();
  importAbort?.abort();
  draft?.session.close();
  const abort = new AbortController();
  importAbort = abort;
  set({ importing: true, importError: null, draft: null, importProgress: null });
  try {
    const session = await read({ signal: abort.signal, onProgress: (importProgress) => set({ importProgress }), createWorker: deps().startImportWorker });
    // A newer import (or Cancel) may have come while this one was finishing.
    if (abort.signal.aborted) session.close();
    else draftFrom(session, name, fileName);
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
  return runImport((options) => openFileSession(file, options), baseName(file.name), file.name);
}

export function importPaste(text: string, name: string): Promise<void> {
  return runImport((options) => openTextSession(text, options), name);
}

export function cancelImport(): void {
  importAbort?.abort();
}

export function setMapping(patch: Partial<ColumnMapping>): void {
  const { draft, set } = useInsights.getState();
  if (!draft) return;
  set({ draft: { ...draft, mapping: { ...draft.mapping, ...patch } } });
  refreshPreview();
}

export function setDraftName(name: string): void {
  const { draft, set } = useInsights.getState();
  if (draft) set({ draft: { ...draft, name } });
}

export function discardDraft(): void {
  useInsights.getState().draft?.session.close();
  useInsights.getState().set({ draft: null, importError: null });
}

/** Saves the draft as a dataset (rows and metadata in one transaction) and opens it. */
export async function confirmImport(): Promise<void> {
  const { draft, set } = useInsights.getState();
  if (!draft) return;
  set({ importing: true, importError: null });
  try {
    const now = Date.now();
    // The worker builds the rows and writes them: a 300,000-row dataset is cloned into
    // IndexedDB there, not in one long task here.
    const id = await draft.session.save(draft.mapping, {
      id: crypto.randomUUID(),
      name: draft.name.trim() || draft.fileName || 'Feedback',
      createdAt: now,
      updatedAt: now,
      source: { fileName: draft.fileName, format: draft.session.head.format },
    });
    set({ draft: null });
    await refreshDatasets();
    await openDataset(id);
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

/**
 * Opens a dataset with its saved results: sentiment, embedding progress, themes and categories.
 * Every record is checked first: a malformed dataset or row list is not opened but reported
 * (`openProblem`, with export and delete), and results that do not fit the dataset are set
 * aside and reported (`resultProblems`), so bad data never reaches the views.
 */
export async function openDataset(id: string): Promise<void> {
  const { set, active } = useInsights.getState();
  if (active?.record.id !== id) {
    cancelPipeline();
    cancelCategories();
  }
  set({ opening: true, openProblem: null, tabNotice: null });
  try {
    const { datasets, runs, analyses } = deps().repositories;
    const opened = await datasets.open(id);
    if (!opened) {
      await refreshDatasets();
      set({ opening: false });
      return;
    }
    if ('problem' in opened) {
      if (useInsights.getState().active?.record.id === id) closeDataset();
      set({ opening: false, openProblem: opened.problem });
      return;
    }
    const { record, items } = opened;
    const rowCount = record.rowCount;
    const [sentiment, embedded, themes, category] = await Promise.all([
      runs.loadResults(sentimentRunId(id), { rowCount }),
      runs.getChecked(embedRunId(id), rowCount),
      analyses.get(themesAnalysisId(id)),
      runs.loadResults(categoryRunId(id), { rowCount }),
    ]);
    const resultProblems = [...sentiment.problems, ...category.problems];
    const { run: embed, problem: embedIssue } = embedded;
    if (embedIssue) resultProblems.push(reason('embeddingsRunSetAside', { problem: embedIssue }));
    const themesData = themes ? themesOf(themes.data, items.length) : null;
    if (themes && !themesData) resultProblems.push(reason('themesSetAside'));
    set({
      active: { record, items },
      resultProblems,
      sentiments: sentimentsOf(sentiment.results, items.length),
      sentimentRun: sentiment.run ?? null,
      embedRun: embedIssue ? null : (embed ?? null),
      themes: themesData,
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
    if (themesData) void refreshThemeList();
  } catch (error) {
    set({ opening: false, datasetsError: error });
  }
}

/**
 * Deletes the open dataset's set-aside results (and its themes, computed from them), so the
 * next Run starts them afresh; the dataset and its rows stay.
 */
export async function discardDamagedResults(): Promise<void> {
  const { active } = useInsights.getState();
  if (!active) return;
  const id = active.record.id;
  const { runs, analyses } = deps().repositories;
  try {
    for (const runId of [sentimentRunId(id), embedRunId(id), categoryRunId(id)]) await runs.delete(runId);
    await analyses.deleteForDataset(id);
  } finally {
    await openDataset(id);
  }
}

/** Downloads one dataset's stored records as they are (a backup file holding only them). */
export async function exportDataset(id: string, name: string): Promise<void> {
  try {
    const text = await deps().repositories.datasets.exportRecords(id);
    const slug =
      name
        .normalize('NFKC')
        .replace(/[^\p{L}\p{N}]+/gu, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, 60) || 'dataset';
    saveTextFile(`${slug}.dataset-backup.json`, text, 'application/json');
  } catch (error) {
    useInsights.getState().set({ datasetsError: error });
  }
}

export function closeDataset(): void {
  cancelPipeline();
  cancelCategories();
  useInsights.getState().set(NO_OPEN_DATASET);
}

export async function deleteDataset(id: string): Promise<void> {
  const { active, openProblem, set } = useInsights.getState();
  if (active?.record.id === id) closeDataset();
  if (openProblem?.id === id) set({ openProblem: null });
  try {
    await deps().repositories.datasets.delete(id);
  } finally {
    await refreshDatasets();
  }
}

let syncing = false;

/**
 * Follows what other tabs, and the backup worker's restores, do to the workspace (Workspace
 * `onExternalChange`): the dataset list is reloaded; an open dataset that another tab deleted,
 * or that a restored backup lacks, is closed and its run stopped (the workspace also refuses its
 * writes); after a restore that kept it, it is reopened from the restored records. Once per
 * page: the Insights state outlives the panel.
 */
export function startInsightsSync(): void {
  if (syncing) return;
  syncing = true;
  deps().repositories.onExternalChange(['datasets', 'datasetRows'], (change) => {
    void (async () => {
      await refreshDatasets();
      const { active, set } = useInsights.getState();
      if (!active) return;
      const id = active.record.id;
      const still = await deps()
        .repositories.datasets.exists(id)
        .catch(() => false);
      if (useInsights.getState().active?.record.id !== id) return;
      if (!still) {
        closeDataset();
        set({ tabNotice: change.restore ? 'restored' : 'deleted' });
      } else if (change.restore) {
        cancelPipeline();
        cancelCategories();
        await openDataset(id);
      }
    })();
  });
}
