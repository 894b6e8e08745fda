/**
 * Evaluate › Classification: the imported labeled file, the label mapping, the chosen model(s)
 * and their scores. Outside the component, so a run keeps going (and its results stay) while the
 * user looks at another tab.
 */
import { create } from 'zustand';
import { deps } from '../../services/deps';
import { guessColumns } from '../../insights/import';
import type { DistinctLabel } from '../../evaluate/labelMapping';
import { createRunController, runFailure } from '../../state/cancellableRun';
import { isCancelled, reason, refusal, WorkbenchError, type LoadProgress, type WorkProgress } from '../../core';
import { evaluatePredictions, type ModelEvaluation } from './comparison';
import type { ImportProgress } from '../../services/tableImport';
import { createTableImporter, type ImportedTable } from '../../services/tableImporter';

import {
  buildLabeledData,
  distinctOfColumn,
  guessLabelColumn,
  limitRows,
  suggestPreset,
  targetsFromPreset,
  type LabeledRow,
  type LabelTargets,
  type MappingPreset,
} from '../../evaluate/labeledData';
import { assignedModel } from '../../state/assignment';

export type RunStatus = 'idle' | 'running' | 'done' | 'cancelled' | 'error';

/** One model's side of a run: its scores, or why it could not be scored. */
export type Side = { model: string; evaluation: ModelEvaluation; error: null } | { model: string; evaluation: null; error: unknown };

export interface ClassificationResult {
  rows: LabeledRow[];
  classes: string[];
  /** One per chosen model, in the order chosen (the first is "Model", the second "Compare with"). */
  sides: Side[];
  /** The sides that finished, in that order: what the scores and the comparison show. */
  evaluations: ModelEvaluation[];
}

/** The result with `sides`, its finished evaluations listed once more for the tables. */
export function resultOf(rows: LabeledRow[], classes: string[], sides: Side[]): ClassificationResult {
  return { rows, classes, sides, evaluations: sides.flatMap((side) => (side.evaluation ? [side.evaluation] : [])) };
}

/** The sides that failed, with their position, for the messages and "retry". */
export function failedSides(result: ClassificationResult | null): Array<{ index: number; model: string; error: unknown }> {
  if (!result) return [];
  return result.sides.flatMap((side, index) => (side.evaluation ? [] : [{ index, model: side.model, error: side.error }]));
}

export interface ClassificationState {
  source: ImportedTable | null;
  importing: boolean;
  importError: unknown;
  importProgress: ImportProgress | null;
  textColumn: string;
  labelColumn: string;
  distinct: DistinctLabel[];
  targets: LabelTargets;
  /** The preset the targets came from; 'custom' once the user edits one. */
  preset: MappingPreset | 'custom';
  /** Rows to score, from the top of the file; 0 = all. */
  limit: number;
  /** '' = the assigned sentiment model. */
  modelA: string;
  /** '' = no second model. */
  modelB: string;
  status: RunStatus;
  /** Which model is running (0-based) and how many there are. */
  step: { index: number; count: number; model: string } | null;
  progress: WorkProgress | null;
  loadProgress: LoadProgress | null;
  error: unknown;
  result: ClassificationResult | null;

  importFile(file: File): Promise<void>;
  cancelImport(): void;
  setTextColumn(column: string): void;
  setLabelColumn(column: string): void;
  applyPreset(preset: MappingPreset): void;
  setTarget(key: string, target: string | null): void;
  setLimit(limit: number): void;
  setModelA(model: string): void;
  setModelB(model: string): void;
  run(): void;
  /** Runs again only the models that failed in the last run, keeping the others' scores. */
  retryFailed(): void;
  cancel(): void;
}

function labelState(source: ImportedTable, labelColumn: string): Pick<ClassificationState, 'distinct' | 'targets' | 'preset'> {
  const distinct = labelColumn ? distinctOfColumn(source.table, labelColumn) : [];
  const preset = suggestPreset(distinct);
  return { distinct, targets: targetsFromPreset(preset, distinct), preset };
}

/**
 * An Evaluate › Classification store with its own import and runs; the app has one
 * (`useClassificationEval`), a test makes a fresh one over the deps it set (src/app/deps.ts).
 */
export function createClassificationEvalStore() {
  const importer = createTableImporter();
  const runs = createRunController();

  return create<ClassificationState>()((set, get) => {
    /**
     * Scores the sides at `indexes`, one model after the other. A model that fails (it cannot load,
     * its worker crashed) fails only its own side: the others still run, and the sides that finished
     * before stay, so the user sees them and can retry just the failed one.
     */
    function scoreSides(rows: LabeledRow[], classes: string[], sides: Side[], indexes: number[]): void {
      const run = runs.start();
      const shown = sides.some((side) => side.evaluation) ? resultOf(rows, classes, sides) : null;
      set({ status: 'running', error: null, result: shown, progress: null, loadProgress: null, step: null });
      const texts = rows.map((r) => r.text);
      void (async () => {
        for (const [position, index] of indexes.entries()) {
          const model = sides[index]!.model;
          if (!run.isCurrent()) return;
          set({ step: { index: position, count: indexes.length, model }, progress: { done: 0, total: texts.length }, loadProgress: null });
          const started = performance.now();
          try {
            const predictions = await deps().client.classify(texts, {
              model,
              signal: run.signal,
              batchSize: 32,
              onProgress: (progress) => run.isCurrent() && set({ progress }),
              onLoadProgress: (loadProgress) => run.isCurrent() && set({ loadProgress }),
            });
            const evaluation = evaluatePredictions(rows, classes, {
              model,
              labels: predictions.map((p) => p.label),
              scores: predictions.map((p) => p.score),
              seconds: (performance.now() - started) / 1000,
            });
            sides[index] = { model, evaluation, error: null };
          } catch (error) {
            if (!run.isCurrent()) return;
            if (isCancelled(error)) {
              set({ ...runFailure(error), step: null, loadProgress: null });
              return;
            }
            sides[index] = { model, evaluation: null, error };
          }
          if (run.isCurrent() && sides.some((side) => side.evaluation)) set({ result: resultOf(rows, classes, sides) });
        }
        if (!run.isCurrent()) return;
        const result = resultOf(rows, classes, sides);
        // Every side failed: the run failed, and the failed sides name their models.
        const status = result.evaluations.length > 0 ? 'done' : 'error';
        set({ status, error: null, result, step: null, progress: null, loadProgress: null });
      })();
    }

    return {
      source: null,
      importing: false,
      importError: null,
      importProgress: null,
      textColumn: '',
      labelColumn: '',
      distinct: [],
      targets: {},
      preset: 'identity',
      limit: 0,
      modelA: '',
      modelB: '',
      status: 'idle',
      step: null,
      progress: null,
      loadProgress: null,
      error: null,
      result: null,

      importFile: async (file) => {
        set({ importing: true, importError: null, importProgress: null });
        try {
          const source = await importer.read(file, (importProgress) => set({ importProgress }));
          const textColumn = guessColumns(source.table).text ?? source.table.columns[0] ?? '';
          const labelColumn = guessLabelColumn(source.table, textColumn) ?? source.table.columns.find((c) => c !== textColumn) ?? '';
          set({ source, importing: false, importProgress: null, textColumn, labelColumn, ...labelState(source, labelColumn), result: null, status: 'idle' });
        } catch (importError) {
          if (importer.wasCancelled(importError)) set({ importing: false, importProgress: null });
          else set({ importing: false, importProgress: null, importError });
        }
      },
      cancelImport: () => importer.cancel(),

      setTextColumn: (textColumn) => set({ textColumn }),
      setLabelColumn: (labelColumn) => {
        const source = get().source;
        if (source) set({ labelColumn, ...labelState(source, labelColumn) });
      },
      applyPreset: (preset) => set({ preset, targets: targetsFromPreset(preset, get().distinct) }),
      setTarget: (key, target) => set({ targets: { ...get().targets, [key]: target }, preset: 'custom' }),
      setLimit: (limit) => set({ limit: Number.isFinite(limit) && limit > 0 ? Math.floor(limit) : 0 }),
      setModelA: (modelA) => set({ modelA }),
      setModelB: (modelB) => set({ modelB }),

      run: () => {
        const state = get();
        if (state.status === 'running' || !state.source) return;
        let data: ReturnType<typeof buildLabeledData>;
        try {
          data = buildLabeledData(state.source.table, state.textColumn, state.labelColumn, state.distinct, state.targets);
        } catch (error) {
          const refused = error instanceof WorkbenchError ? error : new WorkbenchError('bad-input', error instanceof Error ? error.message : String(error));
          set({ status: 'error', error: refused });
          return;
        }
        const rows = limitRows(data.rows, state.limit);
        if (rows.length === 0) {
          set({ status: 'error', error: refusal(reason('evalNoLabeledRows')) });
          return;
        }
        const classes = data.classes.filter((c) => rows.some((r) => r.label === c));
        const models = [state.modelA || assignedModel('sentiment'), ...(state.modelB ? [state.modelB] : [])];
        const sides: Side[] = models.map((model) => ({ model, evaluation: null, error: null }));
        scoreSides(
          rows,
          classes,
          sides,
          models.map((_, index) => index),
        );
      },

      retryFailed: () => {
        const { result, status } = get();
        const failed = failedSides(result);
        if (status === 'running' || !result || failed.length === 0) return;
        scoreSides(
          result.rows,
          result.classes,
          [...result.sides],
          failed.map((side) => side.index),
        );
      },

      cancel: () => {
        if (get().status !== 'running') return;
        runs.cancel(); // the run's late answer, whatever it is, is ignored
        set({ status: 'cancelled', step: null, loadProgress: null });
      },
    };
  });
}

export const useClassificationEval = createClassificationEvalStore();
