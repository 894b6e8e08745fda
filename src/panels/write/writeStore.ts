/**
 * The Write panel's state and actions: the template library (built-ins + the user's, saved in the
 * workspace), the filled-in values, generation settings, the draft being streamed, and the draft
 * history (workspace `drafts`, so it survives a reload). Outside the component so generation
 * keeps going while the user looks at another tab.
 */
import { create } from 'zustand';
import { deps, followExternalChanges } from '../../services/deps';
import { StreamingStats, type StreamingSnapshot } from '../../content/streamingStats';
import {
  exportTemplates,
  fillTemplate,
  missingVariables,
  ownCopy,
  ownValue,
  syncVariables,
  templateToRecord,
  withValue,
  type Template,
} from '../../content/templates';
import { keepFields, keptText } from '../../state/keptFields';
import { createModelPreparation } from '../../state/modelPreparation';
import { createRunController } from '../../state/cancellableRun';
import { isCancelled, reason, refusal, WorkbenchError, type LoadProgress } from '../../core';
import i18n from '../../i18n';
import {
  DEFAULT_SETTINGS,
  clampSetting,
  draftFromRecord,
  draftTitle,
  draftToRecord,
  generationOptions,
  isBuiltin,
  keptTemplateValues,
  newTemplateId,
  sortDrafts,
  templateFromRecord,
  templateLibrary,
  type Draft,
  type GenerationSettings,
  type TemplateValuesInput,
} from './library';

export type WriteStatus = 'idle' | 'running' | 'done' | 'stopped' | 'error';

export interface PromptTooLong {
  promptTokens: number;
  maxNewTokens: number;
  /** Positions of the generation model: prompt and draft together. */
  positions: number;
  /** The longest draft that would fit this prompt. */
  allowed: number;
}

/** The history keeps this many drafts on screen; older ones stay in the workspace. */
const HISTORY_LIMIT = 50;
/** Selected when nothing else is (first visit, the selected template deleted). */
const DEFAULT_TEMPLATE_ID = 'builtin:product-description';

export interface TemplateEditorState {
  template: Template;
  /** True for a template not saved yet (new, or a copy of a built-in). */
  isNew: boolean;
  /**
   * The stored `updatedAt` when editing began (-1 for a new template): the save must find the
   * record still at this version. Taken at the start, since a reload after another tab's save
   * refreshes `versions` while this editor still holds the older text.
   */
  baseVersion: number;
}

export interface WriteState {
  /** The user's own templates (built-ins are constants). */
  userTemplates: Template[];
  /**
   * The stored `updatedAt` of each user template as this tab last read or wrote it: a save
   * checks it (Workspace.putIfUnchanged), so another tab's edit is never silently overwritten.
   */
  versions: ReadonlyMap<string, number>;
  loaded: boolean;
  selectedId: string;
  values: Record<string, TemplateValuesInput>;
  settings: GenerationSettings;
  editor: TemplateEditorState | null;
  status: WriteStatus;
  /** The draft being written (or the last one). */
  output: string;
  prompt: string;
  /** Which draft of the click is being written, 1-based, and how many there are. */
  draftNumber: number;
  draftTotal: number;
  stats: StreamingSnapshot | null;
  loadProgress: LoadProgress | null;
  error: unknown;
  /** Set when the filled-in prompt and the draft length do not fit the model (shown by the fields). */
  promptTooLong: PromptTooLong | null;
  /**
   * Required fields found empty when Generate was pressed: a form problem shown next to each field
   * (not a failed run). A field leaves the list once it is filled; leaving the tab clears it.
   */
  missingFields: readonly string[];
  /** The UI's language: the built-in templates are written in it (see BUILTIN_TEMPLATES_ZH). */
  language: string;
  /** A problem with the library or history (import, save, storage), shown apart from generation. */
  libraryError: unknown;
  /** The last template import: how many came in, and the library's notes (renamed templates). */
  importResult: { count: number; notes: string[] } | null;
  drafts: Draft[];
  /** True while the writing model loads in the background, before any Generate (see prepareModel). */
  preparing: boolean;
  init(): Promise<void>;
  /**
   * Loads the writing model in the background when it costs nothing the user did not ask for
   * (the SDK's models.prepare: stored files only, no other model unloaded), so that a draft starts
   * at once and at full speed. Write calls it when it opens.
   */
  prepareModel(): void;
  /** Stops a background load the user did not ask for (they left the panel); a loaded model stays. */
  stopPreparing(): void;
  /** Reads the user's templates again (another tab changed them). */
  reloadTemplates(): Promise<void>;
  select(id: string): void;
  setLanguage(language: string): void;
  setValue(name: string, value: string): void;
  setSetting(key: keyof GenerationSettings, value: number): void;
  startEdit(): void;
  startNew(): void;
  updateEditor(template: Template): void;
  saveEditor(asNew: boolean): Promise<void>;
  cancelEdit(): void;
  deleteTemplate(id: string): Promise<void>;
  /** Imports a picked templates file; the import worker reads and saves it, the store shows the result. */
  importTemplateFile(file: Blob): Promise<void>;
  exportTemplateFile(): string;
  generate(): void;
  /** Forgets the form's validation messages (the user left the tab: they come back to a clean form). */
  clearValidation(): void;
  stop(): void;
  deleteDraft(id: string): Promise<void>;
  reuseDraft(draft: Draft): void;
}

/** The selected template's id if the library still has it, else the first built-in's. */
function stillSelectable(selectedId: string, userTemplates: readonly Template[]): string {
  return isBuiltin(selectedId) || userTemplates.some((t) => t.id === selectedId) ? selectedId : DEFAULT_TEMPLATE_ID;
}

export function currentTemplate(state: Pick<WriteState, 'userTemplates' | 'selectedId' | 'language'>): Template {
  const library = templateLibrary(state.userTemplates, state.language);
  return library.find((t) => t.id === state.selectedId) ?? (library[0] as Template);
}

/** The user's templates as stored, each checked (unusable ones left out), and the version of each. */
async function readLibrary(): Promise<Pick<WriteState, 'userTemplates' | 'versions'>> {
  const records = await deps().repositories.templates.list();
  return {
    userTemplates: records.map(templateFromRecord).filter((t): t is Template => t !== null),
    versions: new Map(records.map((record) => [record.id, record.updatedAt])),
  };
}

/**
 * A fresh Write store. The app has one (`useWrite`); a test makes its own after `setDeps`, so every
 * test starts from an empty store. Repositories and the client come from `deps()` at each use.
 */
export function createWriteStore() {
  /** A stopped run finishing late never overwrites a newer run's status. */
  const runs = createRunController();
  let initializing: Promise<void> | null = null;

  return create<WriteState>()((set, get) => {
    const preparation = createModelPreparation({
      prepare: (signal) => deps().client.models.prepare('generation', { signal }),
      onPreparingChange: (preparing) => set({ preparing }),
      purpose: 'the writing model',
    });
    /** Saves a draft to the workspace and the on-screen history; a failed save is shown, not thrown. */
    const keepDraft = async (draft: Draft) => {
      set((state) => ({ drafts: sortDrafts([draft, ...state.drafts], HISTORY_LIMIT) }));
      try {
        await deps().repositories.drafts.put(draftToRecord(draft, Date.now()));
      } catch (error) {
        set({ libraryError: error });
      }
    };

    /** The numbers of a prompt that does not fit the generation model, or null when it fits. */
    const checkPromptLength = async (prompt: string, maxNewTokens: number, signal: AbortSignal): Promise<PromptTooLong | null> => {
      const { counts, maxInputTokens: positions } = await deps().client.countTokens([prompt], { task: 'generation', signal });
      const promptTokens = counts[0] ?? 0;
      if (promptTokens + maxNewTokens <= positions) return null;
      return { promptTokens, maxNewTokens, positions, allowed: Math.max(0, positions - promptTokens) };
    };

    /** Streams one draft; resolves with how it ended. */
    const writeOne = async (
      prompt: string,
      index: number,
      signal: AbortSignal,
    ): Promise<Omit<Draft, 'id' | 'title' | 'createdAt' | 'templateId' | 'variables' | 'templateName'>> => {
      const { settings } = get();
      const stats = new StreamingStats();
      stats.start();
      let seen = 0;
      let text = '';
      set({ output: '', stats: stats.snapshot() });
      const stream = deps().client.generate(prompt, {
        ...generationOptions(settings, index),
        signal,
        onLoadProgress: (loadProgress) => set({ loadProgress: loadProgress.phase === 'ready' ? null : loadProgress }),
        // The worker counts real tokens; streamed text comes in word-sized pieces.
        onProgress: (progress) => {
          if (progress.done > seen) stats.token(progress.done - seen);
          seen = Math.max(seen, progress.done);
          set({ stats: stats.snapshot() });
        },
      });
      const outcome = (stopped: boolean) => {
        stats.finish();
        const snapshot = stats.snapshot();
        set({ stats: snapshot });
        return { text, settings, draftIndex: index, stopped, tokenCount: snapshot.tokens, tokensPerSecond: snapshot.tokensPerSecond };
      };
      try {
        for await (const piece of stream) {
          text += piece;
          set({ output: text });
        }
        const result = await stream.result;
        text = result.text;
        set({ output: text });
        return outcome(false);
      } catch (error) {
        if (isCancelled(error) || signal.aborted) return outcome(true);
        stats.finish();
        throw error;
      }
    };

    return {
      userTemplates: [],
      versions: new Map(),
      loaded: false,
      selectedId: DEFAULT_TEMPLATE_ID,
      values: ownCopy<TemplateValuesInput>({}),
      settings: { ...DEFAULT_SETTINGS },
      editor: null,
      status: 'idle',
      output: '',
      prompt: '',
      draftNumber: 0,
      draftTotal: 0,
      stats: null,
      loadProgress: null,
      error: null,
      promptTooLong: null,
      missingFields: [],
      language: i18n.language || 'en',
      libraryError: null,
      importResult: null,
      drafts: [],
      preparing: false,

      init: () => {
        initializing ??= (async () => {
          try {
            const { drafts } = deps().repositories;
            const [{ userTemplates, versions }, draftRecords] = await Promise.all([readLibrary(), drafts.list()]);
            // Drafts written before the history loaded (a fast first click) stay in front.
            const readable = draftRecords.map(draftFromRecord).filter((d): d is Draft => d !== null);
            const damaged = draftRecords.length - readable.length;
            set((state) => {
              const known = new Set(state.drafts.map((d) => d.id));
              const stored = readable.filter((d) => !known.has(d.id));
              return {
                userTemplates,
                versions,
                // A selection kept over a reload (keepFields below) may name a template deleted since.
                selectedId: stillSelectable(state.selectedId, userTemplates),
                drafts: sortDrafts([...state.drafts, ...stored], HISTORY_LIMIT),
                loaded: true,
                // Set aside, not shown: reported where the library's problems are.
                libraryError: damaged > 0 ? refusal(reason('draftsDamaged', { count: damaged })) : null,
              };
            });
          } catch (error) {
            set({ libraryError: error, loaded: true });
          }
        })();
        return initializing;
      },

      reloadTemplates: async () => {
        try {
          const library = await readLibrary();
          set((state) => ({
            ...library,
            // A template deleted elsewhere cannot stay selected; an open editor keeps its text, and
            // its save then says what happened instead of bringing the template back.
            selectedId: stillSelectable(state.selectedId, library.userTemplates),
          }));
        } catch (error) {
          set({ libraryError: error });
        }
      },

      select: (id) => set({ selectedId: id, editor: null, error: null, missingFields: [] }),

      setLanguage: (language) => set({ language }),

      setValue: (name, value) =>
        set((state) => {
          const values = withValue(state.values, state.selectedId, withValue(ownValue(state.values, state.selectedId), name, value));
          if (state.missingFields.length === 0) return { values };
          // Still missing: only what was missing and is still empty (a filled field stops saying so).
          const stillEmpty = new Set(missingVariables(currentTemplate(state), ownValue(values, state.selectedId) ?? {}).map((v) => v.name));
          return { values, missingFields: state.missingFields.filter((field) => stillEmpty.has(field)) };
        }),

      setSetting: (key, value) => set((state) => ({ settings: { ...state.settings, [key]: clampSetting(key, value) } })),

      startEdit: () => {
        const template = currentTemplate(get());
        // A built-in is never changed in place: editing it makes an unsaved copy.
        if (isBuiltin(template.id))
          set({ editor: { template: { ...template, id: newTemplateId(), name: `${template.name} *` }, isNew: true, baseVersion: -1 } });
        else set({ editor: { template: { ...template }, isNew: false, baseVersion: get().versions.get(template.id) ?? -1 } });
      },

      startNew: () =>
        set({
          editor: {
            template: { id: newTemplateId(), name: '', kind: 'custom', body: '{{topic}}\n\n', variables: syncVariables('{{topic}}', []) },
            isNew: true,
            baseVersion: -1,
          },
        }),

      updateEditor: (template) =>
        set((state) =>
          state.editor ? { editor: { ...state.editor, template: { ...template, variables: syncVariables(template.body, template.variables) } } } : {},
        ),

      saveEditor: async (asNew) => {
        const editor = get().editor;
        if (!editor) return;
        const now = Date.now();
        const template: Template = {
          ...editor.template,
          id: asNew && !editor.isNew ? newTemplateId() : editor.template.id,
          name: editor.template.name.trim() || editor.template.id,
        };
        const previous = get().userTemplates.find((t) => t.id === template.id);
        try {
          // Validates placeholders against variables the same way generation will.
          fillTemplate({ ...template, variables: template.variables.map((v) => ({ ...v, required: false })) }, {});
          // An edited template must still be the one this tab began editing; -1 never matches, so
          // one deleted meanwhile is reported rather than brought back.
          const expected = editor.isNew || asNew ? null : editor.baseVersion;
          await deps().repositories.templates.save(templateToRecord(template, now, previous ? undefined : now), expected);
          set((state) => ({
            userTemplates: [...state.userTemplates.filter((t) => t.id !== template.id), template],
            versions: new Map(state.versions).set(template.id, now),
            selectedId: template.id,
            editor: null,
            libraryError: null,
          }));
        } catch (error) {
          set({ libraryError: error });
        }
      },

      cancelEdit: () => set({ editor: null }),

      deleteTemplate: async (id) => {
        if (isBuiltin(id)) return;
        try {
          await deps().repositories.templates.delete(id);
          set((state) => ({
            userTemplates: state.userTemplates.filter((t) => t.id !== id),
            selectedId: state.selectedId === id ? DEFAULT_TEMPLATE_ID : state.selectedId,
            editor: null,
          }));
        } catch (error) {
          set({ libraryError: error });
        }
      },

      importTemplateFile: async (file) => {
        try {
          const existingIds = templateLibrary(get().userTemplates, get().language).map((t) => t.id);
          // Read, checked and saved in the import worker: a 10 MB file would hold the page for seconds.
          const { ids, warnings } = await deps().parseInWorker(
            { op: 'templates', file, options: { existingIds, onDuplicate: 'rename' }, savedAt: Date.now() },
            'the templates file',
          );
          // The library read again (in pieces) rather than the templates sent back: the page then
          // clones them in short tasks instead of one long one.
          const library = await readLibrary();
          set((state) => ({
            ...library,
            selectedId: ids.find((id) => library.userTemplates.some((t) => t.id === id)) ?? state.selectedId,
            importResult: { count: ids.length, notes: warnings },
            libraryError: null,
          }));
        } catch (error) {
          set({ libraryError: error, importResult: null });
        }
      },

      // The user's own templates; built-ins ship with the app and would only come back as copies.
      exportTemplateFile: () => exportTemplates(get().userTemplates),

      generate: () => {
        const state = get();
        if (state.status === 'running') return;
        const template = currentTemplate(state);
        const variables = ownCopy(ownValue(state.values, template.id));
        const missing = missingVariables(template, variables);
        if (missing.length > 0) {
          // The user's form to complete, not a failed run: the fields say what they need.
          set({ missingFields: missing.map((v) => v.name) });
          return;
        }
        let prompt: string;
        try {
          prompt = fillTemplate(template, variables);
        } catch (error) {
          set({ status: 'error', error });
          return;
        }
        const run = runs.start();
        const finish = (patch: Partial<WriteState>) => {
          if (run.isCurrent()) set({ ...patch, loadProgress: null });
        };
        const total = state.settings.drafts;
        // Counters at zero from the click on, also while the prompt is being measured.
        const stats = new StreamingStats().snapshot();
        set({
          status: 'running',
          prompt,
          error: null,
          promptTooLong: null,
          missingFields: [],
          output: '',
          stats,
          draftNumber: 1,
          draftTotal: total,
          loadProgress: null,
        });

        void (async () => {
          try {
            // Told next to the fields, in the UI's language, before any model work: the worker
            // refuses it too (bad-input), but only in English and after the model has loaded.
            const promptTooLong = await checkPromptLength(prompt, state.settings.maxNewTokens, run.signal);
            if (promptTooLong) {
              finish({ status: 'error', error: new WorkbenchError('bad-input', i18n.t('write.promptTooLong', { ...promptTooLong })), promptTooLong });
              return;
            }
            for (let index = 0; index < total; index++) {
              set({ draftNumber: index + 1 });
              const result = await writeOne(prompt, index, run.signal);
              if (result.text.trim() !== '') {
                await keepDraft({
                  ...result,
                  id: crypto.randomUUID(),
                  title: draftTitle(template, variables),
                  createdAt: Date.now(),
                  templateId: template.id,
                  templateName: template.name,
                  variables,
                });
              }
              if (result.stopped) {
                finish({ status: 'stopped' });
                return;
              }
            }
            finish({ status: 'done' });
          } catch (error) {
            // Stopped while the prompt was still being measured: nothing was written.
            if (isCancelled(error) || run.signal.aborted) finish({ status: 'stopped' });
            else finish({ status: 'error', error });
          }
        })();
      },

      clearValidation: () => set({ missingFields: [] }),

      prepareModel: () => {
        if (get().status !== 'running') preparation.start();
      },

      stopPreparing: () => preparation.stop(),

      stop: () => {
        if (get().status !== 'running') return;
        // The SDK rejects at once, before or after the first token; generate() then saves what
        // was written so far as a stopped draft.
        runs.abort();
        set({ status: 'stopped', loadProgress: null });
      },

      deleteDraft: async (id) => {
        set((state) => ({ drafts: state.drafts.filter((d) => d.id !== id) }));
        try {
          await deps().repositories.drafts.delete(id);
        } catch (error) {
          set({ libraryError: error });
        }
      },

      reuseDraft: (draft) => {
        const library = templateLibrary(get().userTemplates, get().language);
        const template = library.find((t) => t.id === draft.templateId);
        set((state) => ({
          selectedId: template ? template.id : state.selectedId,
          values: template ? withValue(state.values, template.id, ownCopy(draft.variables)) : state.values,
          settings: { ...draft.settings },
          editor: null,
        }));
      },
    };
  });
}

export const useWrite = createWriteStore();
keepFields(useWrite, 'write', { selectedId: keptText, values: keptTemplateValues });

const followTemplateChanges = followExternalChanges(['templates'], () => void useWrite.getState().reloadTemplates());
let followingLanguage = false;

/** Reloads the template library when another tab changes it (or restores a backup), and follows the UI's language. */
export function startWriteSync(): void {
  followTemplateChanges();
  if (followingLanguage) return;
  followingLanguage = true;
  useWrite.getState().setLanguage(i18n.language || 'en');
  i18n.on('languageChanged', (language: string) => useWrite.getState().setLanguage(language));
}
