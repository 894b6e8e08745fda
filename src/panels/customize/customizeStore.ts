/**
 * Customize: the user's categories, the imported rows and their labels, suggestions, the trained
 * classifier and its cross-validated scores. Outside the components, so labelling and training
 * survive switching to another app and back.
 *
 * Embeddings of the rows are cached per (embedding model, file, text column): suggesting examples
 * embeds every row once, and training then only embeds labelled rows it has not seen.
 */
import { dict } from '../../customize/dict';
import { create } from 'zustand';
import { deps } from '../../app/deps';
import { confusionMatrix, type ConfusionMatrix } from '../../evaluate/classification';
import type { CrossValidationResult } from '../../customize/crossValidation';
import type { SoftmaxModel } from '../../customize/softmax';
import { suggestExamples } from '../../customize/suggest';
import { guessColumns } from '../../insights/import';
import type { TrainingProgress } from '../../sdk';
import { createRunController, runFailure, type Run } from '../../state/cancellableRun';
import { reason, refusal, type LoadProgress, type WorkProgress } from '../../core';
import type { ImportProgress } from '../../app/tableImport';
import { createTableImporter, type ImportedTable } from '../../app/tableImporter';

const importer = createTableImporter();
import { guessLabelColumn } from '../../evaluate/labeledData';
import { assignedModel } from '../../state/assignment';
import { buildRecord, metricsOf, tidyName } from '../../customize/classifierRecord';
import {
  categoryProblem,
  labelsFromColumn,
  mergeLabels,
  tidyCategory,
  trainingProblem,
  trainingSet,
  withoutCategory,
  type CategoryProblem,
  type RowLabels,
} from './labelling';
import { saveClassifier } from '../../app/savedClassifiers';
import { useSavedClassifiers } from '../../app/customClassifiers';

export const ROW_FILTERS = ['all', 'unlabelled', 'labelled', 'suggested'] as const;
export type RowFilter = (typeof ROW_FILTERS)[number];

export interface Suggestion {
  category: string;
  /** 'nearest': close to the category name; 'uncertain': the current model is unsure. */
  kind: 'nearest' | 'uncertain';
  /** Cosine similarity (nearest) or top-two probability margin (uncertain). */
  value: number;
}

export type TaskStatus = 'idle' | 'suggesting' | 'training' | 'done' | 'cancelled' | 'error';

export interface TrainedClassifier {
  model: SoftmaxModel;
  crossValidation: CrossValidationResult | null;
  /** Out-of-fold confusion matrix over every example, when cross-validated. */
  confusion: ConfusionMatrix | null;
  embeddingModel: string;
  /** Seconds spent embedding (only rows not embedded before) and training (CV + final fit). */
  embedSeconds: number;
  trainSeconds: number;
  examples: number;
  /** Categories that had no example and were left out. */
  leftOut: string[];
  fileName?: string;
  textColumn: string;
  rows: number;
}

export type TaskProgress =
  { phase: 'embedding'; work: WorkProgress | null; load: LoadProgress | null } | { phase: 'training'; training: TrainingProgress | null };

export interface CustomizeState {
  categories: string[];
  source: ImportedTable | null;
  importing: boolean;
  importError: unknown;
  importProgress: ImportProgress | null;
  textColumn: string;
  labelColumn: string;
  perClass: number;
  labels: RowLabels;
  suggestions: Record<number, Suggestion>;
  filter: RowFilter;
  page: number;
  status: TaskStatus;
  progress: TaskProgress | null;
  error: unknown;
  trained: TrainedClassifier | null;
  saveName: string;
  saveStatus: 'idle' | 'saving' | 'saved' | 'replaced' | 'error';
  saveError: unknown;

  addCategory(name: string): CategoryProblem | null;
  removeCategory(name: string): void;
  importFile(file: File): Promise<void>;
  cancelImport(): void;
  setTextColumn(column: string): void;
  setLabelColumn(column: string): void;
  setPerClass(count: number): void;
  takeFileLabels(): void;
  setLabel(row: number, label: string | null): void;
  acceptSuggestion(row: number): void;
  setFilter(filter: RowFilter): void;
  setPage(page: number): void;
  suggest(): void;
  train(): void;
  cancel(): void;
  setSaveName(name: string): void;
  save(): Promise<void>;
}

export const DEFAULT_PER_CLASS = 50;
export const SUGGESTIONS_PER_CATEGORY = 5;
export const UNCERTAIN_SUGGESTIONS = 10;
export const EPOCHS = 100;

// ----- embedding cache (not React state: thousands of vectors) ------------------------------------

let cache: { key: string; vectors: Map<number, number[]> } = { key: '', vectors: new Map() };

function cacheFor(key: string): Map<number, number[]> {
  if (cache.key !== key) cache = { key, vectors: new Map() };
  return cache.vectors;
}

/** Identifies a source table; a new import is a new object, so a counter per import is enough. */
let importCounter = 0;
const sourceIds = new WeakMap<ImportedTable, number>();

function cacheKey(source: ImportedTable, textColumn: string, model: string): string {
  let id = sourceIds.get(source);
  if (id === undefined) {
    id = ++importCounter;
    sourceIds.set(source, id);
  }
  return `${model}\u0000${id}\u0000${textColumn}`;
}

const runs = createRunController();

/**
 * Training reports every epoch of every fold (600 messages for 5 folds + the final fit); showing
 * each would re-render the panel hundreds of times a second and slow the run itself. Updates pass
 * at most every PROGRESS_INTERVAL_MS, plus every change of phase or fold so none is skipped.
 */
const PROGRESS_INTERVAL_MS = 150;
let lastProgressAt = 0;
let lastProgressKey = '';

function progressDue(key: string): boolean {
  const now = performance.now();
  if (key === lastProgressKey && now - lastProgressAt < PROGRESS_INTERVAL_MS) return false;
  lastProgressAt = now;
  lastProgressKey = key;
  return true;
}

export const useCustomize = create<CustomizeState>()((set, get) => {
  /** Starts a cancellable task (suggesting or training). */
  const begin = (status: TaskStatus): Run => {
    const run = runs.start();
    set({ status, error: null, progress: null });
    return run;
  };

  const fail = (run: Run, error: unknown) => {
    if (run.isCurrent()) set({ ...runFailure(error), progress: null });
  };

  /** Embeddings of `rows` (table indices), computing only those not cached. */
  async function embedRows(rows: readonly number[], model: string, run: Run): Promise<{ vectors: number[][]; seconds: number }> {
    const { source, textColumn } = get();
    if (!source) throw refusal(reason('customizeNoSource'));
    const vectors = cacheFor(cacheKey(source, textColumn, model));
    const missing = rows.filter((r) => !vectors.has(r));
    const started = performance.now();
    if (missing.length > 0) {
      set({ progress: { phase: 'embedding', work: { done: 0, total: missing.length }, load: null } });
      const texts = missing.map((r) => source.table.rows[r]?.[textColumn] ?? '');
      const embedded = await deps().client.embed(texts, {
        model,
        signal: run.signal,
        batchSize: 32,
        onProgress: (work) => run.isCurrent() && progressDue('embedding') && set({ progress: { phase: 'embedding', work, load: null } }),
        onLoadProgress: (load) => run.isCurrent() && set({ progress: { phase: 'embedding', work: null, load } }),
      });
      missing.forEach((r, i) => vectors.set(r, embedded[i] as number[]));
    }
    return { vectors: rows.map((r) => vectors.get(r) as number[]), seconds: (performance.now() - started) / 1000 };
  }

  return {
    categories: [],
    source: null,
    importing: false,
    importError: null,
    importProgress: null,
    textColumn: '',
    labelColumn: '',
    perClass: DEFAULT_PER_CLASS,
    labels: [],
    suggestions: {},
    filter: 'all',
    page: 0,
    status: 'idle',
    progress: null,
    error: null,
    trained: null,
    saveName: '',
    saveStatus: 'idle',
    saveError: null,

    addCategory: (name) => {
      const problem = categoryProblem(name, get().categories);
      if (problem === null) set({ categories: [...get().categories, tidyCategory(name)] });
      return problem;
    },

    removeCategory: (name) => {
      const { categories, labels, suggestions } = get();
      const kept = Object.fromEntries(Object.entries(suggestions).filter(([, s]) => s.category !== name));
      set({ categories: categories.filter((c) => c !== name), labels: withoutCategory(labels, name), suggestions: kept });
    },

    importFile: async (file) => {
      set({ importing: true, importError: null, importProgress: null });
      try {
        const source = await importer.read(file, (importProgress) => set({ importProgress }));
        const textColumn = guessColumns(source.table).text ?? source.table.columns[0] ?? '';
        const labelColumn = guessLabelColumn(source.table, textColumn) ?? '';
        set({
          source,
          importing: false,
          importProgress: null,
          textColumn,
          labelColumn,
          labels: source.table.rows.map(() => null),
          suggestions: {},
          filter: 'all',
          page: 0,
        });
      } catch (importError) {
        if (importer.wasCancelled(importError)) set({ importing: false, importProgress: null });
        else set({ importing: false, importProgress: null, importError });
      }
    },
    cancelImport: () => importer.cancel(),

    setTextColumn: (textColumn) => set({ textColumn, suggestions: {} }),
    setLabelColumn: (labelColumn) => set({ labelColumn }),
    setPerClass: (count) => set({ perClass: Number.isFinite(count) && count > 0 ? Math.floor(count) : DEFAULT_PER_CLASS }),

    takeFileLabels: () => {
      const { source, textColumn, labelColumn, perClass, categories, labels } = get();
      if (!source || !labelColumn) return;
      const taken = labelsFromColumn(source.table, textColumn, labelColumn, perClass);
      // The file's categories join the user's own; a spelling that differs only in case is merged.
      const merged = [...categories];
      for (const c of taken.categories) if (categoryProblem(c, merged) === null) merged.push(c);
      const rename = (label: string | null) => (label === null ? null : (merged.find((c) => c.toLowerCase() === label.toLowerCase()) ?? label));
      set({ categories: merged, labels: mergeLabels(labels, taken.labels.map(rename)), filter: 'labelled', page: 0 });
    },

    setLabel: (row, label) => {
      const labels = [...get().labels];
      labels[row] = label;
      set({ labels });
    },

    acceptSuggestion: (row) => {
      const suggestion = get().suggestions[row];
      if (suggestion) get().setLabel(row, suggestion.category);
    },

    setFilter: (filter) => set({ filter, page: 0 }),
    setPage: (page) => set({ page: Math.max(0, page) }),

    suggest: () => {
      const { source, categories, textColumn, labels, trained, status } = get();
      if (!source || categories.length === 0 || status === 'suggesting' || status === 'training') return;
      const run = begin('suggesting');
      const model = assignedModel('embeddings');
      const candidates = source.table.rows.flatMap((row, i) => ((row[textColumn] ?? '').trim() === '' ? [] : [i]));
      void (async () => {
        try {
          const { vectors } = await embedRows(candidates, model, run);
          if (!run.isCurrent()) return;
          const names = await deps().client.embed(categories, { model, signal: run.signal });
          if (!run.isCurrent()) return;
          const labelled = new Set(labels.flatMap((l, i) => (l === null ? [] : [i])));
          const exclude = candidates.flatMap((row, j) => (labelled.has(row) ? [j] : []));
          // A model trained on these categories with this embedding model can say where it is unsure.
          const usable = trained && trained.embeddingModel === model && trained.model.classes.every((c) => categories.includes(c));
          const found = suggestExamples({
            categories: categories.map((name, i) => ({ name, embedding: names[i] as number[] })),
            rows: vectors,
            perCategory: SUGGESTIONS_PER_CATEGORY,
            exclude,
            model: usable ? trained.model : undefined,
            uncertainCount: UNCERTAIN_SUGGESTIONS,
          });
          const suggestions: Record<number, Suggestion> = {};
          for (const group of found.nearest) {
            for (const { index, similarity } of group.rows) {
              const row = candidates[index] as number;
              const previous = suggestions[row];
              if (!previous || previous.value < similarity) suggestions[row] = { category: group.category, kind: 'nearest', value: similarity };
            }
          }
          for (const u of found.uncertain) {
            suggestions[candidates[u.index] as number] = { category: u.predicted, kind: 'uncertain', value: u.margin };
          }
          set({ suggestions, status: 'done', progress: null, filter: 'suggested', page: 0 });
        } catch (error) {
          fail(run, error);
        }
      })();
    },

    train: () => {
      const { source, labels, categories, textColumn, status } = get();
      if (!source || status === 'suggesting' || status === 'training') return;
      const training = trainingSet(labels, categories);
      const problem = trainingProblem(training);
      if (problem) {
        set({
          status: 'error',
          error: refusal(reason(problem === 'no-data' ? 'customizeNoData' : 'customizeOneCategory')),
        });
        return;
      }
      const run = begin('training');
      const model = assignedModel('embeddings');
      set({ saveStatus: 'idle' });
      void (async () => {
        try {
          const { vectors, seconds: embedSeconds } = await embedRows(training.rows, model, run);

          if (!run.isCurrent()) return;
          set({ progress: { phase: 'training', training: null } });
          const outcome = await deps().client.trainClassifier(
            {
              embeddings: vectors,
              labels: training.y,
              classes: training.classes,
              folds: training.folds,
              epochs: EPOCHS,
              seed: 42,
              metadata: { embeddingModel: model },
            },
            {
              signal: run.signal,
              onProgress: (progress) =>
                run.isCurrent() && progressDue(`${progress.phase}-${progress.fold ?? 0}`) && set({ progress: { phase: 'training', training: progress } }),
            },
          );
          if (!run.isCurrent()) return;
          const cv = outcome.crossValidation;
          const confusion = cv
            ? confusionMatrix(
                training.y.map((c) => training.classes[c] as string),
                cv.outOfFoldPredictions.map((c) => training.classes[c] ?? '?'),
                { labels: training.classes },
              )
            : null;
          set({
            status: 'done',
            progress: null,
            trained: {
              model: outcome.model,
              crossValidation: cv,
              confusion,
              embeddingModel: model,
              embedSeconds,
              trainSeconds: outcome.seconds,
              examples: training.rows.length,
              leftOut: training.empty,
              fileName: get().source?.fileName,
              textColumn,
              rows: source.table.rows.length,
            },
          });
        } catch (error) {
          fail(run, error);
        }
      })();
    },

    cancel: () => {
      const { status } = get();
      if (status !== 'suggesting' && status !== 'training') return;
      runs.cancel();
      set({ status: 'cancelled', progress: null });
    },

    setSaveName: (saveName) => set({ saveName, saveStatus: 'idle' }),

    save: async () => {
      const { trained, saveName } = get();
      const name = tidyName(saveName);
      if (!trained || name === '') return;
      set({ saveStatus: 'saving', saveError: null });
      try {
        const record = buildRecord({
          id: crypto.randomUUID(),
          name,
          model: trained.model,
          embeddingModel: trained.embeddingModel,
          metrics: metricsOf(trained.crossValidation, trained.model),
          trainingData: {
            fileName: trained.fileName,
            textColumn: trained.textColumn,
            rows: trained.rows,
            examples: trained.examples,
            classCounts: dict(Object.entries(trained.model.metadata.classCounts)),
          },
        });
        const { replaced } = await saveClassifier(record, deps().repositories.classifiers);
        set({ saveStatus: replaced ? 'replaced' : 'saved' });
        await useSavedClassifiers.getState().refresh();
      } catch (saveError) {
        set({ saveStatus: 'error', saveError });
      }
    },
  };
});
