/**
 * The Apps tab's state and actions (the market, running an app, the builder), outside React so a
 * run keeps going while the user looks at another tab and a unit test drives it without a browser.
 *
 * Apps are listed, installed and run through the SDK (`deps().client.apps`: its strict validation,
 * its runner, its run records in the workspace); only deleting an installed app and reading its
 * past runs and the Insights datasets go to the workspace's repositories (`deps().repositories`).
 */
import { create } from 'zustand';
import {
  BUILTIN_APPS,
  MAX_APP_FILE_BYTES,
  isBuiltinApp,
  parseAppFile,
  type AppDefinition,
  type AppInput,
  type AppInputValue,
  type AppOutput,
  type AppRunResult,
  type AppStep,
  type AppStepProgress,
  type InputKind,
  type StepOp,
} from '../../apps';
import { formatBytes, reason, refusal, type LocalizedText } from '../../core';
import type { AppListing } from '../../sdk';
import { deps, followExternalChanges } from '../../services/deps';
import { createRunController, runFailure } from '../../state/cancellableRun';
import type { AppRunStoredRecord } from '../../storage/repositories';
import { freeId, moved, newApp, newInput, newOutput, newStep, problemTarget, without, type ProblemTarget } from './draft';

export type RunStatus = 'idle' | 'running' | 'done' | 'cancelled' | 'error';
/** `stopped`: the step that was running when the run was cancelled or failed. */
export type StepState = 'waiting' | 'running' | 'done' | 'stopped';

export type AppsView = { kind: 'market' } | { kind: 'run'; appId: string } | { kind: 'build' };

/** What the user has given for one input so far. */
export interface InputDraft {
  /** A text, a list (one item per line), a pasted column, or a file's content. */
  text: string;
  /** The file the text came from (`file` inputs). */
  fileName?: string;
  /** `fields` inputs: field id → text. */
  fields?: Readonly<Record<string, string>>;
  /** `column` inputs: the Insights dataset and column role picked instead of pasted items. */
  datasetId?: string;
  role?: DatasetRole;
}

export const DATASET_ROLES = ['text', 'segment', 'date', 'rating', 'id'] as const;
export type DatasetRole = (typeof DATASET_ROLES)[number];

/** An Insights dataset as the column picker lists it: its mapped columns by role. */
export interface DatasetOption {
  id: string;
  name: string;
  rowCount: number;
  columns: Array<{ role: DatasetRole; column: string }>;
}

/** One run (of an app from its card, or of the builder's draft on its samples). */
export interface RunState {
  status: RunStatus;
  progress: AppStepProgress | null;
  steps: StepState[];
  /** Milliseconds left in the running step, from its pace so far; null until it has done some of it. */
  estimateMs: number | null;
  result: AppRunResult | null;
  error: unknown;
}

export type ImportNotice =
  | { kind: 'installed'; fileName: string; id: string; name: AppDefinition['name']; replaced: boolean; renamedFrom?: string }
  | { kind: 'refused'; fileName: string; error: unknown };

export interface DraftProblem {
  target: ProblemTarget;
  error: unknown;
}

export interface AppsState {
  loaded: boolean;
  listings: AppListing[];
  loadError: unknown;
  importing: boolean;
  /** What the latest import did, file by file. */
  notices: ImportNotice[];
  actionError: unknown;
  view: AppsView;

  inputs: Record<string, InputDraft>;
  datasets: DatasetOption[];
  runState: RunState;
  /** Past runs of the open app, newest first (kept in the workspace by the SDK). */
  history: AppRunStoredRecord[];

  draft: AppDefinition | null;
  /** The installed app the draft edits (its id may change), or null for a new app. */
  draftOf: string | null;
  draftProblem: DraftProblem | null;
  trial: RunState;

  init(): Promise<void>;
  refresh(): Promise<void>;
  importFiles(files: ReadonlyArray<{ name: string; size: number; text(): Promise<string> }>): Promise<void>;
  /** The app as a file (what "Export" downloads). */
  exportFile(id: string): { fileName: string; text: string } | null;
  duplicate(id: string): Promise<void>;
  remove(id: string): Promise<void>;
  openRun(id: string): Promise<void>;
  showMarket(): void;
  setInput(id: string, patch: Partial<InputDraft>): void;
  useSamples(): void;
  run(): Promise<void>;
  cancel(): void;

  edit(id: string): void;
  create(): void;
  setMeta(patch: Partial<Pick<AppDefinition, 'id' | 'name' | 'description' | 'icon' | 'color' | 'languages'>>): void;
  addInput(kind: InputKind): void;
  updateInput(index: number, input: AppInput): void;
  moveInput(index: number, delta: -1 | 1): void;
  removeInput(index: number): void;
  addStep(op: StepOp): void;
  updateStep(index: number, step: AppStep): void;
  moveStep(index: number, delta: -1 | 1): void;
  removeStep(index: number): void;
  addOutput(): void;
  updateOutput(index: number, output: AppOutput): void;
  removeOutput(index: number): void;
  tryDraft(): Promise<void>;
  cancelTry(): void;
  save(): Promise<boolean>;
}

const IDLE_RUN: RunState = { status: 'idle', progress: null, steps: [], estimateMs: null, result: null, error: null };

/** The inputs' samples as the run form's drafts (the builder's "Try it" and the form's "Use the sample"). */
export function sampleDrafts(definition: Pick<AppDefinition, 'inputs'>): Record<string, InputDraft> {
  const drafts: Record<string, InputDraft> = {};
  for (const input of definition.inputs) {
    const sample = input.sample === undefined ? '' : typeof input.sample === 'string' ? input.sample : input.sample.join('\n');
    if (input.kind === 'fields') {
      // A fields sample is one line per field, in order.
      const lines = sample.split(/\r?\n/);
      drafts[input.id] = { text: sample, fields: Object.fromEntries((input.fields ?? []).map((field, i) => [field.id, lines[i] ?? ''])) };
    } else drafts[input.id] = { text: sample };
  }
  return drafts;
}

function emptyDrafts(definition: Pick<AppDefinition, 'inputs'>): Record<string, InputDraft> {
  return Object.fromEntries(
    definition.inputs.map((input) => [
      input.id,
      input.kind === 'fields' ? { text: '', fields: Object.fromEntries((input.fields ?? []).map((f) => [f.id, ''])) } : { text: '' },
    ]),
  );
}

/**
 * The draft as it is validated: blank lines of a list sample dropped (the text box keeps them
 * while the user types, the format does not take empty items).
 */
function cleanDraft(draft: AppDefinition): AppDefinition {
  return {
    ...draft,
    inputs: draft.inputs.map((input) => {
      if (!Array.isArray(input.sample)) return input;
      const { sample, ...rest } = input;
      const lines = sample.filter((line) => line.trim() !== '');
      return lines.length === 0 ? rest : { ...rest, sample: lines };
    }),
  };
}

/** The values the runner takes, a dataset column read from the workspace. */
async function inputValues(definition: AppDefinition, drafts: Readonly<Record<string, InputDraft>>): Promise<Record<string, AppInputValue>> {
  const values: Record<string, AppInputValue> = {};
  for (const input of definition.inputs) {
    const draft = Object.hasOwn(drafts, input.id) ? drafts[input.id]! : { text: '' };
    if (input.kind === 'fields') values[input.id] = { ...(draft.fields ?? {}) };
    else if (input.kind === 'column' && draft.datasetId !== undefined) {
      const opened = await deps().repositories.datasets.open(draft.datasetId);
      if (!opened || 'problem' in opened) throw refusal(reason('appDatasetGone', { input: input.id }));
      const role = draft.role ?? 'text';
      values[input.id] = opened.items.map((item) => item[role]).flatMap((value) => (value === null || value === undefined ? [] : [String(value)]));
    } else values[input.id] = draft.text;
  }
  return values;
}

/** A fresh Apps store; the app has one (`useApps`), a test makes its own after `setDeps`. */
export function createAppsStore() {
  const runs = createRunController();
  const trials = createRunController();
  let initializing: Promise<void> | null = null;

  return create<AppsState>()((set, get) => {
    const reload = async () => {
      const listings = await deps().client.apps.list();
      set({ listings, loaded: true, loadError: null });
    };

    const installedIds = () => new Set(get().listings.map((listing) => listing.definition.id));
    const findApp = (id: string) => get().listings.find((listing) => listing.definition.id === id)?.definition;

    const changeDraft = (change: (draft: AppDefinition) => AppDefinition) => {
      const { draft } = get();
      if (draft) set({ draft: change(draft) });
    };

    const loadHistory = async (appId: string) => {
      const history = await deps().repositories.apps.runs(appId);
      if (get().view.kind === 'run' && (get().view as { appId: string }).appId === appId) set({ history });
    };

    /** Runs `definition` (or the installed app `id`) with progress into `key`'s run state. */
    const execute = async (
      key: 'runState' | 'trial',
      controller: ReturnType<typeof createRunController>,
      target: string | AppDefinition,
      definition: AppDefinition,
      drafts: Readonly<Record<string, InputDraft>>,
    ) => {
      const handle = controller.start();
      const patch = (change: Partial<RunState>) => handle.isCurrent() && set((state) => ({ [key]: { ...state[key], ...change } }) as Partial<AppsState>);
      set({ [key]: { ...IDLE_RUN, status: 'running', steps: definition.steps.map((): StepState => 'waiting') } } as Partial<AppsState>);
      let stepStarted = Date.now();
      let stepIndex = -1;
      try {
        const inputs = await inputValues(definition, drafts);
        const result = await deps().client.apps.run(target, inputs, {
          signal: handle.signal,
          onProgress: (progress) => {
            if (progress.step !== stepIndex) {
              stepIndex = progress.step;
              stepStarted = Date.now();
            }
            const done = progress.done ?? 0;
            const total = progress.total ?? 0;
            const estimateMs = progress.status === 'running' && done > 0 && total > done ? ((Date.now() - stepStarted) / done) * (total - done) : null;
            patch({
              progress,
              estimateMs,
              steps: definition.steps.map((_step, i): StepState =>
                i < progress.step || (i === progress.step && progress.status === 'done') ? 'done' : i === progress.step ? 'running' : 'waiting',
              ),
            });
          },
        });
        patch({ status: 'done', result, estimateMs: null, steps: definition.steps.map((): StepState => 'done') });
      } catch (error) {
        patch({ ...runFailure(error), estimateMs: null, steps: get()[key].steps.map((state): StepState => (state === 'running' ? 'stopped' : state)) });
      }
    };

    return {
      loaded: false,
      listings: [],
      loadError: null,
      importing: false,
      notices: [],
      actionError: null,
      view: { kind: 'market' },
      inputs: {},
      datasets: [],
      runState: IDLE_RUN,
      history: [],
      draft: null,
      draftOf: null,
      draftProblem: null,
      trial: IDLE_RUN,

      init: () => {
        initializing ??= reload().catch((error: unknown) => {
          initializing = null;
          set({ loadError: error, loaded: true });
        });
        return initializing;
      },

      refresh: () => reload().catch((error: unknown) => set({ loadError: error })),

      importFiles: async (files) => {
        set({ importing: true, notices: [], actionError: null });
        const notices: ImportNotice[] = [];
        for (const file of files) {
          try {
            // Refused by its size before a byte is read: a huge file never reaches JSON.parse on this thread.
            if (file.size > MAX_APP_FILE_BYTES) throw refusal(reason('appTooLarge', { size: formatBytes(file.size), limit: formatBytes(MAX_APP_FILE_BYTES) }));
            // Read and checked in full here (a few kilobytes, at most 256 kB); install checks it again against the model library.
            const parsed = parseAppFile(await file.text());
            const taken = installedIds();
            const replaced = taken.has(parsed.id) && !isBuiltinApp(parsed.id);
            // A built-in app's own file (what its Export gives) is installed beside it, under an id of its own.
            const definition = isBuiltinApp(parsed.id) ? { ...parsed, id: freeId(parsed.id, taken) } : parsed;
            const installed = await deps().client.apps.install(definition);
            notices.push({
              kind: 'installed',
              fileName: file.name,
              id: installed.id,
              name: installed.name,
              replaced,
              ...(installed.id === parsed.id ? {} : { renamedFrom: parsed.id }),
            });
            await reload();
          } catch (error) {
            notices.push({ kind: 'refused', fileName: file.name, error });
          }
        }
        set({ importing: false, notices });
      },

      exportFile: (id) => {
        const definition = findApp(id);
        if (!definition) return null;
        return { fileName: `${definition.id}.llmaos-app.json`, text: `${JSON.stringify(definition, null, 2)}\n` };
      },

      duplicate: async (id) => {
        const definition = findApp(id);
        if (!definition) return;
        const copy: AppDefinition = {
          ...structuredClone(definition),
          id: freeId(`${definition.id}-copy`, installedIds()),
          name: Object.fromEntries(
            Object.entries(definition.name).map(([language, text]) => [language, `${text} (${language === 'zh-CN' ? '副本' : 'copy'})`]),
          ),
        };
        try {
          await deps().client.apps.install(copy);
          await reload();
          set({ actionError: null });
        } catch (error) {
          set({ actionError: error });
        }
      },

      remove: async (id) => {
        if (isBuiltinApp(id)) return;
        try {
          await deps().repositories.apps.delete(id);
          await reload();
          set({ actionError: null, ...(get().view.kind === 'run' ? { view: { kind: 'market' } } : {}) });
        } catch (error) {
          set({ actionError: error });
        }
      },

      openRun: async (id) => {
        const definition = findApp(id);
        if (!definition) return;
        if (get().runState.status === 'running') runs.cancel();
        set({ view: { kind: 'run', appId: id }, inputs: emptyDrafts(definition), runState: IDLE_RUN, history: [] });
        try {
          if (definition.inputs.some((input) => input.kind === 'column')) {
            const { datasets } = await deps().repositories.datasets.list();
            set({
              datasets: datasets.map((dataset) => ({
                id: dataset.id,
                name: dataset.name,
                rowCount: dataset.rowCount,
                columns: DATASET_ROLES.flatMap((role) => (dataset.mapping[role] ? [{ role, column: dataset.mapping[role] }] : [])),
              })),
            });
          }
          await loadHistory(id);
        } catch (error) {
          set({ actionError: error });
        }
      },

      showMarket: () => {
        if (get().runState.status === 'running') runs.cancel();
        if (get().trial.status === 'running') trials.cancel();
        set({ view: { kind: 'market' }, runState: IDLE_RUN, trial: IDLE_RUN, draft: null, draftOf: null, draftProblem: null });
      },

      setInput: (id, patch) => set((state) => ({ inputs: { ...state.inputs, [id]: { ...(state.inputs[id] ?? { text: '' }), ...patch } } })),

      useSamples: () => {
        const view = get().view;
        const definition = view.kind === 'run' ? findApp(view.appId) : undefined;
        if (definition) set({ inputs: sampleDrafts(definition) });
      },

      run: async () => {
        const view = get().view;
        const definition = view.kind === 'run' ? findApp(view.appId) : undefined;
        if (!definition || get().runState.status === 'running') return;
        await execute('runState', runs, definition.id, definition, get().inputs);
        await loadHistory(definition.id).catch((error: unknown) => set({ actionError: error }));
      },

      // Aborting keeps the run current, so it reports its own end ("cancelled") once the SDK call has stopped.
      cancel: () => runs.abort(),

      edit: (id) => {
        const definition = findApp(id);
        if (!definition) return;
        // A built-in app is never changed: editing it edits a copy.
        const builtin = BUILTIN_APPS.some((app) => app.id === id);
        const draft = structuredClone(definition);
        if (builtin) draft.id = freeId(`${id}-copy`, installedIds());
        set({ view: { kind: 'build' }, draft, draftOf: builtin ? null : id, draftProblem: null, trial: IDLE_RUN });
      },

      create: () => set({ view: { kind: 'build' }, draft: newApp(freeId('my-app', installedIds())), draftOf: null, draftProblem: null, trial: IDLE_RUN }),

      setMeta: (patch) => changeDraft((draft) => ({ ...draft, ...patch })),
      addInput: (kind) => changeDraft((draft) => ({ ...draft, inputs: [...draft.inputs, newInput(draft, kind)] })),
      updateInput: (index, input) => changeDraft((draft) => ({ ...draft, inputs: draft.inputs.map((entry, i) => (i === index ? input : entry)) })),
      moveInput: (index, delta) => changeDraft((draft) => ({ ...draft, inputs: moved(draft.inputs, index, delta) })),
      removeInput: (index) => changeDraft((draft) => ({ ...draft, inputs: without(draft.inputs, index) })),
      addStep: (op) => changeDraft((draft) => ({ ...draft, steps: [...draft.steps, newStep(draft, op)] })),
      updateStep: (index, step) => changeDraft((draft) => ({ ...draft, steps: draft.steps.map((entry, i) => (i === index ? step : entry)) })),
      moveStep: (index, delta) => changeDraft((draft) => ({ ...draft, steps: moved(draft.steps, index, delta) })),
      removeStep: (index) => changeDraft((draft) => ({ ...draft, steps: without(draft.steps, index) })),
      addOutput: () => changeDraft((draft) => ({ ...draft, outputs: [...draft.outputs, newOutput(draft)] })),
      updateOutput: (index, output) => changeDraft((draft) => ({ ...draft, outputs: draft.outputs.map((entry, i) => (i === index ? output : entry)) })),
      removeOutput: (index) => changeDraft((draft) => ({ ...draft, outputs: without(draft.outputs, index) })),

      tryDraft: async () => {
        const draft = get().draft && cleanDraft(get().draft!);
        if (!draft || get().trial.status === 'running') return;
        set({ draftProblem: null });
        // The SDK validates the draft exactly as save does before running it on the samples.
        await execute('trial', trials, draft, draft, sampleDrafts(draft));
        const { trial } = get();
        if (trial.status === 'error') set({ draftProblem: { target: problemTarget(draft, localizedOf(trial.error)), error: trial.error } });
      },

      cancelTry: () => trials.abort(),

      save: async () => {
        const { draftOf } = get();
        const draft = get().draft && cleanDraft(get().draft!);
        if (!draft) return false;
        try {
          if (draft.id !== draftOf && installedIds().has(draft.id) && !isBuiltinApp(draft.id)) throw refusal(reason('appIdTaken', { id: draft.id }));
          const saved = await deps().client.apps.install(draft);
          // Saved under a new id: the old one goes, so editing never leaves two copies.
          if (draftOf !== null && draftOf !== saved.id) await deps().repositories.apps.delete(draftOf);
          await reload();
          set({ draft: saved, draftOf: saved.id, draftProblem: null });
          return true;
        } catch (error) {
          set({ draftProblem: { target: problemTarget(draft, localizedOf(error)), error } });
          return false;
        }
      },
    };
  });
}

function localizedOf(error: unknown): LocalizedText | undefined {
  const localized = (error as { localized?: LocalizedText } | null)?.localized;
  return typeof localized?.key === 'string' ? localized : undefined;
}

export const useApps = createAppsStore();

/** Follows apps installed, changed or deleted in other tabs. */
export const startAppsSync = followExternalChanges(['apps'], () => void useApps.getState().refresh());
