/**
 * Evaluate › Summarization: documents with reference summaries, the model's summary of each, and
 * ROUGE / BLEU against the references. Summaries are slow (a generation per document), so each
 * finished one is kept and scored as it comes: a cancelled run still shows what it did.
 */
import { create } from 'zustand';
import { deps } from '../../app/deps';
import { guessColumns } from '../../insights/import';
import { createRunController, runFailure } from '../../state/cancellableRun';
import type { LoadProgress } from '../../core';
import type { ImportProgress } from '../../app/tableImport';
import { createTableImporter, type ImportedTable } from '../../app/tableImporter';

const importer = createTableImporter();
import { limitRows } from '../../evaluate/labeledData';
import { assignedModel } from '../../state/assignment';
import { buildSummaryItems, evaluateSummaries, guessReferenceColumns, type SummaryEvaluation } from './summaryData';
import type { RunStatus } from './classificationStore';

/** Documents summarized by default: a generation each, so keep a first run short. */
export const DEFAULT_SUMMARY_LIMIT = 10;
export const DEFAULT_MAX_TOKENS = 80;

export interface SummarizationState {
  source: ImportedTable | null;
  importing: boolean;
  importError: unknown;
  importProgress: ImportProgress | null;
  documentColumn: string;
  referenceColumns: string[];
  limit: number;
  maxNewTokens: number;
  /** '' = the assigned summarization model. */
  model: string;
  status: RunStatus;
  progress: { done: number; total: number } | null;
  loadProgress: LoadProgress | null;
  error: unknown;
  evaluation: SummaryEvaluation | null;
  /** The model the shown evaluation came from. */
  evaluatedModel: string;

  importFile(file: File): Promise<void>;
  cancelImport(): void;
  setDocumentColumn(column: string): void;
  toggleReferenceColumn(column: string): void;
  setLimit(limit: number): void;
  setMaxNewTokens(tokens: number): void;
  setModel(model: string): void;
  run(): void;
  cancel(): void;
}

const runs = createRunController();

export const useSummarizationEval = create<SummarizationState>()((set, get) => ({
  source: null,
  importing: false,
  importError: null,
  importProgress: null,
  documentColumn: '',
  referenceColumns: [],
  limit: DEFAULT_SUMMARY_LIMIT,
  maxNewTokens: DEFAULT_MAX_TOKENS,
  model: '',
  status: 'idle',
  progress: null,
  loadProgress: null,
  error: null,
  evaluation: null,
  evaluatedModel: '',

  importFile: async (file) => {
    set({ importing: true, importError: null, importProgress: null });
    try {
      const source = await importer.read(file, (importProgress) => set({ importProgress }));
      const references = guessReferenceColumns(source.table, null);
      const guess = guessColumns(source.table).text;
      const documentColumn = (guess && !references.includes(guess) ? guess : source.table.columns.find((c) => !references.includes(c))) ?? '';
      set({ source, importing: false, importProgress: null, documentColumn, referenceColumns: references, evaluation: null, status: 'idle' });
    } catch (importError) {
      if (importer.wasCancelled(importError)) set({ importing: false, importProgress: null });
      else set({ importing: false, importProgress: null, importError });
    }
  },
  cancelImport: () => importer.cancel(),

  setDocumentColumn: (documentColumn) => set({ documentColumn }),
  toggleReferenceColumn: (column) => {
    const current = get().referenceColumns;
    set({ referenceColumns: current.includes(column) ? current.filter((c) => c !== column) : [...current, column] });
  },
  setLimit: (limit) => set({ limit: Number.isFinite(limit) && limit > 0 ? Math.floor(limit) : 0 }),
  setMaxNewTokens: (tokens) => set({ maxNewTokens: Number.isFinite(tokens) && tokens >= 8 ? Math.min(512, Math.floor(tokens)) : DEFAULT_MAX_TOKENS }),
  setModel: (model) => set({ model }),

  run: () => {
    const state = get();
    if (state.status === 'running' || !state.source) return;
    const items = limitRows(buildSummaryItems(state.source.table, state.documentColumn, state.referenceColumns).items, state.limit);
    if (items.length === 0) return;
    const model = state.model || assignedModel('summarization');
    const run = runs.start();
    set({ status: 'running', error: null, evaluation: null, evaluatedModel: model, progress: { done: 0, total: items.length }, loadProgress: null });

    void (async () => {
      const done: Array<(typeof items)[number] & { summary: string }> = [];
      try {
        for (const item of items) {
          const summary = await deps().client.summarize(item.document, {
            model,
            signal: run.signal,
            maxNewTokens: state.maxNewTokens,
            onLoadProgress: (loadProgress) => run.isCurrent() && set({ loadProgress }),
          });
          if (!run.isCurrent()) return;
          done.push({ ...item, summary });
          set({ evaluation: evaluateSummaries(done), progress: { done: done.length, total: items.length }, loadProgress: null });
        }
        if (run.isCurrent()) set({ status: 'done' });
      } catch (error) {
        if (run.isCurrent()) set({ ...runFailure(error), loadProgress: null });
      }
    })();
  },

  cancel: () => {
    if (get().status !== 'running') return;
    runs.cancel();
    set({ status: 'cancelled', loadProgress: null });
  },
}));
