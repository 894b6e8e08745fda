/**
 * Evaluate › Classification: the imported labeled file, the label mapping, the chosen model(s)
 * and their scores. Outside the component, so a run keeps going (and its results stay) while the
 * user looks at another tab.
 */
import { create } from 'zustand';
import { deps } from '../../app/deps';
import { guessColumns } from '../../insights/import';
import type { DistinctLabel } from '../../evaluate/labelMapping';
import { createRunController, runFailure } from '../../state/cancellableRun';
import { reason, refusal, WorkbenchError, type LoadProgress, type WorkProgress } from '../../core';
import { evaluatePredictions, type ModelEvaluation } from './comparison';
import type { ImportProgress } from '../../app/tableImport';
import { createTableImporter, type ImportedTable } from '../../app/tableImporter';

const importer = createTableImporter();
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

export interface ClassificationResult {
  rows: LabeledRow[];
  classes: string[];
  evaluations: ModelEvaluation[];
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
  cancel(): void;
}

const runs = createRunController();

function labelState(source: ImportedTable, labelColumn: string): Pick<ClassificationState, 'distinct' | 'targets' | 'preset'> {
  const distinct = labelColumn ? distinctOfColumn(source.table, labelColumn) : [];
  const preset = suggestPreset(distinct);
  return { distinct, targets: targetsFromPreset(preset, distinct), preset };
}

export const useClassificationEval = create<ClassificationState>()((set, get) => ({
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

    const run = runs.start();
    set({ status: 'running', error: null, result: null, progress: null, loadProgress: null, step: null });

    const texts = rows.map((r) => r.text);
    void (async () => {
      const evaluations: ModelEvaluation[] = [];
      try {
        for (const [index, model] of models.entries()) {
          if (!run.isCurrent()) return;
          set({ step: { index, count: models.length, model }, progress: { done: 0, total: texts.length }, loadProgress: null });
          const started = performance.now();
          const predictions = await deps().client.classify(texts, {
            model,
            signal: run.signal,
            batchSize: 32,
            onProgress: (progress) => run.isCurrent() && set({ progress }),
            onLoadProgress: (loadProgress) => run.isCurrent() && set({ loadProgress }),
          });
          evaluations.push(
            evaluatePredictions(rows, classes, {
              model,
              labels: predictions.map((p) => p.label),
              scores: predictions.map((p) => p.score),
              seconds: (performance.now() - started) / 1000,
            }),
          );
        }
        if (run.isCurrent()) set({ status: 'done', result: { rows, classes, evaluations }, step: null, progress: null, loadProgress: null });
      } catch (error) {
        if (run.isCurrent()) set({ ...runFailure(error), step: null, loadProgress: null });
      }
    })();
  },

  cancel: () => {
    if (get().status !== 'running') return;
    runs.cancel(); // the run's late answer, whatever it is, is ignored
    set({ status: 'cancelled', step: null, loadProgress: null });
  },
}));
