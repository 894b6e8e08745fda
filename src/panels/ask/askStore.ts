/**
 * The Ask panel's state and actions: the knowledge base (loaded from the workspace once, its
 * vectors packed into a search index), imports with progress and cancel, and questions.
 * Outside the component so an import keeps going while the user looks at another tab.
 */
import { create } from 'zustand';
import { deps, followExternalChanges } from '../../services/deps';
import type { Passage } from '../../content/passages';
import { keepFields, keptText } from '../../state/keptFields';
import { routeTask } from '../../state/modelChoices';
import { createRunController, runFailure } from '../../state/cancellableRun';
import { detectLanguageMix, type LanguageMix } from '../../insights/language';
import { isCancelled, type LoadProgress, type WorkProgress } from '../../core';
import { DEFAULT_ANSWER_THRESHOLD, DEFAULT_KB_ID, askContext, askKnowledgeBase, buildIndex, type AskResult, type KbIndex } from '../../content/asking';
import {
  clearKnowledgeBase,
  documentsOf,
  importDocument,
  reembedAll,
  removeDocument,
  type DocumentFormat,
  type ImportResult,
  type KbDocument,
} from './knowledgeBase';

/** The model choice Ask remembers for its knowledge base (src/state/modelChoices.ts). */
export const ASK_SCOPE = 'ask';

/** Enough texts to tell a knowledge base's languages (detectLanguageMix spreads its sample over all of them). */
const LANGUAGE_SAMPLE = 500;

const textsByIndex = new WeakMap<KbIndex, string[]>();

/** The stored passages' texts, listed once per index: the two cards and the store share the list. */
export function passageTexts(index: KbIndex | null): string[] {
  if (!index) return [];
  let texts = textsByIndex.get(index);
  if (!texts) textsByIndex.set(index, (texts = index.passages.map((passage) => passage.text)));
  return texts;
}

/** The languages of a knowledge base's passages: what its embeddings model must cover. */
export function passagesMix(texts: readonly string[]): LanguageMix {
  return detectLanguageMix(texts, { sampleSize: LANGUAGE_SAMPLE });
}

/** The languages of what the reading model reads: the question and the passages (or the pasted context). */
export function readerMix(question: string, texts: readonly string[]): LanguageMix {
  return detectLanguageMix([question, ...texts], { sampleSize: LANGUAGE_SAMPLE + 1 });
}

export type AskMode = 'kb' | 'context';
export type JobStatus = 'idle' | 'running' | 'done' | 'cancelled' | 'error';
/**
 * A knowledge-base job's status: a question's, plus `confirm`, an import paused before embedding
 * because no model that can be loaded covers the document's language (see `confirmImport`).
 */
export type KbStatus = Exclude<JobStatus, 'idle'> | 'confirm';

/** Passages are cut to this many (estimated) tokens: fits MiniLM and leaves the QA model room. */
const PASSAGE_TOKENS = 200;

interface KbJobFields {
  kind: 'import' | 'reembed' | 'remove';
  /** The document being imported (or the file that failed). */
  name: string;
  progress: WorkProgress | null;
  loadProgress: LoadProgress | null;
  result: ImportResult | null;
  /** Files of a multi-file import still waiting. */
  queued: number;
  error: unknown;
}

type KbJobStatusFields =
  | { status: Exclude<KbStatus, 'confirm' | 'cancelled'> }
  | {
      status: 'confirm';
      /** The languages of the document waiting, which the embeddings model does not cover. */
      languages: LanguageMix;
    }
  | {
      status: 'cancelled';
      /** Cancelled before anything was stored (at the language check): nothing to finish later. */
      nothingStored?: boolean;
    };

export type KbJob = KbJobFields & KbJobStatusFields;

/** A job state that replaces the previous one whole: no progress, result or error carries over from it. */
function newJob(job: Pick<KbJobFields, 'kind' | 'name'> & Partial<Pick<KbJobFields, 'queued' | 'error'>> & KbJobStatusFields): KbJob {
  return { progress: null, loadProgress: null, result: null, queued: 0, error: null, ...job };
}

export interface AskState {
  mode: AskMode;
  loaded: boolean;
  documents: KbDocument[];
  /** The model the stored vectors came from; undefined for an empty knowledge base. */
  embeddingModel: string | undefined;
  /** How many passages are stored (with or without a vector). */
  passageCount: number;
  index: KbIndex | null;
  job: KbJob | null;
  question: string;
  context: string;
  threshold: number;
  askStatus: JobStatus;
  askPhase: 'embedding' | 'reading' | null;
  askProgress: WorkProgress | null;
  askLoadProgress: LoadProgress | null;
  result: (AskResult & { question: string }) | null;
  askError: unknown;
  loadError: unknown;
  init(): Promise<void>;
  /** Reads the knowledge base again (another tab changed it, or restored a backup). */
  refresh(): Promise<void>;
  setMode(mode: AskMode): void;
  setQuestion(question: string): void;
  setContext(context: string): void;
  setThreshold(threshold: number): void;
  importFiles(files: ReadonlyArray<Blob & { name: string }>): Promise<void>;
  addPasted(title: string, text: string): Promise<void>;
  /** Cancels the running job, or declines the import waiting at its language check. */
  cancelJob(): void;
  /** Embeds the document waiting at its language check, with the model the routing gives now (the user may have chosen one meanwhile). */
  confirmImport(): void;
  reembed(): Promise<void>;
  remove(docId: string): Promise<void>;
  clear(): Promise<void>;
  ask(): void;
  cancelAsk(): void;
}

function formatOf(fileName: string): DocumentFormat {
  const extension = /\.([^.]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? '';
  if (extension === 'csv') return 'faq';
  return extension === 'md' || extension === 'markdown' || extension === 'mdx' ? 'markdown' : 'text';
}

/**
 * A fresh Ask store. The app has one (`useAsk`); a test makes its own after `setDeps`, so every
 * test starts from an empty store. Repositories and the client come from `deps()` at each use.
 */
export function createAskStore() {
  let jobController: AbortController | null = null;
  /** Answers the import waiting at its language check: true embeds it, false leaves it out. */
  let decideImport: ((go: boolean) => void) | null = null;
  const asks = createRunController();
  let initializing: Promise<void> | null = null;

  return create<AskState>()((set, get) => {
    /** Reads the knowledge base back from the workspace and rebuilds the search index. */
    const reload = async () => {
      const { knowledgeBase } = deps().repositories;
      const [kb, records] = await Promise.all([knowledgeBase.get(DEFAULT_KB_ID), knowledgeBase.passages(DEFAULT_KB_ID)]);
      set({
        documents: documentsOf(kb).sort((a, b) => a.name.localeCompare(b.name)),
        embeddingModel: kb?.embeddingModel,
        passageCount: records.length,
        index: buildIndex(records),
        loaded: true,
        loadError: null,
      });
    };

    /** Runs one knowledge-base job with progress and cancel; the index is rebuilt whatever happens. */
    const runJob = async (
      kind: KbJob['kind'],
      name: string,
      queued: number,
      work: (
        signal: AbortSignal,
        job: Pick<KbJob, 'progress'> & { update(p: WorkProgress): void; load(p: LoadProgress): void },
      ) => Promise<ImportResult | null>,
    ) => {
      const controller = new AbortController();
      jobController = controller;
      set({ job: newJob({ status: 'running', kind, name, queued }) });
      // Progress, then how the run ended: never `confirm`, which only an import not yet running shows.
      const patch = (p: Partial<KbJobFields> & { status?: 'done' | 'cancelled' | 'error' }) =>
        set((state) => (state.job ? { job: { ...state.job, ...p } } : {}));
      try {
        const result = await work(controller.signal, {
          progress: null,
          update: (progress) => patch({ progress, loadProgress: null }),
          load: (loadProgress) => patch({ loadProgress: loadProgress.phase === 'ready' ? null : loadProgress }),
        });
        await reloadAfterJob(controller);
        patch({ status: 'done', result, loadProgress: null });
        return true;
      } catch (error) {
        await reloadAfterJob(controller);
        const cancelled = isCancelled(error) || controller.signal.aborted;
        patch({ status: cancelled ? 'cancelled' : 'error', error: cancelled ? null : error, loadProgress: null });
        return false;
      }
    };

    /** The index is rebuilt whatever happened, before the job says it ended, so the counts shown with "done" are the new ones. */
    const reloadAfterJob = async (controller: AbortController) => {
      if (jobController === controller) jobController = null;
      await reload().catch((error: unknown) => set({ loadError: error }));
    };

    /** The model the stored vectors came from, if there are any: new passages must use it too (one model per index). */
    const storedEmbeddingModel = (): string | undefined => {
      const { passageCount, embeddingModel } = get();
      return passageCount > 0 && embeddingModel ? embeddingModel : undefined;
    };

    /**
     * The embeddings model for new passages: the stored one, or for an empty knowledge base the
     * model that covers the passages' languages (a Chinese FAQ goes to a multilingual model where
     * the library has one, or the user's choice).
     */
    const embeddingModelFor = (passagesLanguages: () => LanguageMix): string =>
      storedEmbeddingModel() ?? routeTask('embeddings', passagesLanguages(), ASK_SCOPE).modelId;

    const settleImport = (go: boolean) => {
      const decide = decideImport;
      decideImport = null;
      decide?.(go);
    };

    /**
     * Before the first document of an empty knowledge base is embedded: when no model that can be
     * loaded covers its language (the test library has no Chinese embeddings model; offline, the
     * multilingual one may not be cached), the import waits for the user, who sees the language
     * notice and may choose a model, import anyway, or cancel. Embedding first and warning after
     * would store vectors that have to be thrown away. A knowledge base with passages keeps its
     * model (one per index), and its card already says when that model misses their language.
     */
    const languageCheck = (name: string, passagesLanguages: () => LanguageMix, queued: number): Promise<boolean> => {
      if (storedEmbeddingModel()) return Promise.resolve(true);
      const languages = passagesLanguages();
      const route = routeTask('embeddings', languages, ASK_SCOPE);
      if (!route.mismatch || (route.reason !== 'none' && route.reason !== 'unavailable')) return Promise.resolve(true);
      settleImport(false); // never two waiting: the controls are disabled while one waits
      set({ job: newJob({ status: 'confirm', kind: 'import', name, queued, languages }) });
      return new Promise<boolean>((resolve) => (decideImport = resolve)).then((go) => {
        if (!go) set({ job: newJob({ status: 'cancelled', kind: 'import', name, nothingStored: true }) });
        return go;
      });
    };

    const importPassages = async (name: string, docId: string, format: DocumentFormat, passages: Passage[], queued: number) => {
      // Detected on first need and then kept: a knowledge base with passages never needs it, and
      // the language check and the embedding (after the user's answer) ask about the same text.
      let languages: LanguageMix | undefined;
      const passagesLanguages = () => (languages ??= passagesMix(passages.map((passage) => passage.text)));
      return (
        (await languageCheck(name, passagesLanguages, queued)) &&
        runJob('import', name, queued, (signal, job) =>
          importDocument({
            knowledgeBase: deps().repositories.knowledgeBase,
            kbId: DEFAULT_KB_ID,
            embeddingModel: embeddingModelFor(passagesLanguages),
            document: { id: docId, name, format },
            passages,
            signal,
            onProgress: job.update,
            embed: (texts, options) => deps().client.embed(texts, { ...options, batchSize: 32, onLoadProgress: job.load }),
          }),
        )
      );
    };

    return {
      mode: 'kb',
      loaded: false,
      documents: [],
      embeddingModel: undefined,
      passageCount: 0,
      index: null,
      job: null,
      question: '',
      context: '',
      threshold: DEFAULT_ANSWER_THRESHOLD,
      askStatus: 'idle',
      askPhase: null,
      askProgress: null,
      askLoadProgress: null,
      result: null,
      askError: null,
      loadError: null,

      init: () => {
        initializing ??= reload().catch((error: unknown) => {
          initializing = null; // a later visit tries again
          set({ loadError: error, loaded: true });
        });
        return initializing;
      },

      refresh: () => reload().catch((error: unknown) => set({ loadError: error })),

      setMode: (mode) => set({ mode }),
      setQuestion: (question) => set({ question }),
      setContext: (context) => set({ context }),
      setThreshold: (threshold) => set({ threshold: Math.min(1, Math.max(0, threshold)) }),

      importFiles: async (files) => {
        for (const [i, file] of files.entries()) {
          let passages: Passage[];
          try {
            // Read, parsed and cut in the import worker: a 10 MB FAQ or Markdown file takes seconds of CPU.
            const options = { docId: file.name, maxTokens: PASSAGE_TOKENS };
            const { parseInWorker } = deps();
            passages =
              formatOf(file.name) === 'faq'
                ? (await parseInWorker({ op: 'faq', source: file, options }, `"${file.name}"`)).passages
                : await parseInWorker({ op: 'passages', fileName: file.name, source: file, options }, `"${file.name}"`);
          } catch (error) {
            set({ job: newJob({ status: 'error', kind: 'import', name: file.name, error }) });
            return;
          }
          const ok = await importPassages(file.name, file.name, formatOf(file.name), passages, files.length - i - 1);
          if (!ok) return; // cancelled or failed: the files after it are not imported
        }
      },

      addPasted: async (title, text) => {
        const name = title.trim() || 'Pasted text';
        // The same title again replaces that document; only its changed passages are embedded.
        const docId = `paste:${name}`;
        let passages: Passage[];
        try {
          passages = await deps().parseInWorker(
            { op: 'passages', fileName: `${name}.txt`, source: text, options: { docId, maxTokens: PASSAGE_TOKENS } },
            'the pasted text',
          );
        } catch (error) {
          set({ job: newJob({ status: 'error', kind: 'import', name, error }) });
          return;
        }
        await importPassages(name, docId, 'text', passages, 0);
      },

      cancelJob: () => {
        if (decideImport) return settleImport(false);
        jobController?.abort();
      },

      confirmImport: () => settleImport(true),

      reembed: async () => {
        await runJob('reembed', '', 0, async (signal, job) => {
          const count = await reembedAll({
            knowledgeBase: deps().repositories.knowledgeBase,
            kbId: DEFAULT_KB_ID,
            embeddingModel: routeTask('embeddings', passagesMix(passageTexts(get().index)), ASK_SCOPE).modelId,
            signal,
            onProgress: job.update,
            embed: (texts, options) => deps().client.embed(texts, { ...options, batchSize: 32, onLoadProgress: job.load }),
          });
          return { passages: count, embedded: count, reused: 0, removed: 0 };
        });
      },

      remove: async (docId) => {
        const name = get().documents.find((d) => d.id === docId)?.name ?? docId;
        await runJob('remove', name, 0, async () => {
          await removeDocument(deps().repositories.knowledgeBase, DEFAULT_KB_ID, docId);
          return null;
        });
      },

      clear: async () => {
        await runJob('remove', '', 0, async () => {
          await clearKnowledgeBase(deps().repositories.knowledgeBase, DEFAULT_KB_ID);
          return null;
        });
        set({ result: null });
      },

      ask: () => {
        const { mode, question, context, index, threshold, askStatus } = get();
        if (askStatus === 'running' || question.trim() === '') return;
        const run = asks.start();
        const { signal } = run;
        set({
          askStatus: 'running',
          askPhase: mode === 'kb' ? 'embedding' : 'reading',
          askProgress: null,
          askLoadProgress: null,
          askError: null,
          result: null,
        });
        const onLoadProgress = (p: LoadProgress) => run.isCurrent() && set({ askLoadProgress: p.phase === 'ready' ? null : p });
        const onProgress = (p: WorkProgress) => run.isCurrent() && set({ askPhase: 'reading', askProgress: p });
        const { client } = deps();
        // The reading model for the question's and the passages' languages (or the user's choice).
        const reader = routeTask('question-answering', readerMix(question, mode === 'kb' ? passageTexts(get().index) : [context]), ASK_SCOPE).modelId;
        const answer = (q: string, c: string, options: { signal?: AbortSignal }) => client.answer(q, c, { ...options, model: reader, onLoadProgress });
        const answered =
          mode === 'kb'
            ? askKnowledgeBase(
                question,
                index ?? { passages: [], matrix: buildIndex([]).matrix },
                // The question is one text: no progress bar of its own, unlike passage embedding.
                { embed: (texts, options) => client.embed(texts, { ...options, onLoadProgress }), answer },
                { threshold, signal, onProgress },
              )
            : askContext(question, context, { answer }, { threshold, signal, onProgress });
        answered.then(
          (result) => run.isCurrent() && set({ askStatus: 'done', askPhase: null, askLoadProgress: null, result: { ...result, question } }),
          (error: unknown) => {
            if (!run.isCurrent()) return;
            const { status, error: askError } = runFailure(error);
            set({ askStatus: status, askPhase: null, askLoadProgress: null, askError });
          },
        );
      },

      cancelAsk: () => {
        if (get().askStatus !== 'running') return;
        asks.cancel();
        set({ askStatus: 'cancelled', askPhase: null, askLoadProgress: null });
      },
    };
  });
}

export const useAsk = createAskStore();
keepFields(useAsk, 'ask', {
  mode: (raw) => (raw === 'kb' || raw === 'context' ? raw : undefined),
  question: keptText,
  context: keptText,
});

/** Follows knowledge-base changes made in other tabs. */
export const startAskSync = followExternalChanges(['knowledgeBases', 'passages'], () => void useAsk.getState().refresh());
