/**
 * The app's single SDK client.
 *
 * Built from the settings store and kept in sync with it: a backend change calls
 * `client.setBackend`, a thread policy change `client.setThreads`, model choices call
 * `client.models.assign`, added/removed models call `client.models.add/remove`; a preset change
 * recreates the client (disposing the old one).
 *
 * Everyone (panels, `window.llmaos`) goes through `workbench`, a stable facade over whichever
 * client is current, so a recreated client never leaves anybody holding a disposed one.
 * Facade calls that change settings (`setBackend`, `setThreads`, `models.assign/add/remove`)
 * write the settings store, so the UI and the saved settings follow changes made from devtools
 * or automation:
 *
 *   await window.llmaos.classify(['Love it', 'Crashes on save'])
 *   await window.llmaos.setBackend('wasm')
 */
import {
  createAnalysisClient,
  createClient,
  trainClassifier,
  type AnalysisApi,
  type Answer,
  type CallOptions,
  type ClientOptions,
  type KnowledgeAnswer,
  type KnowledgeAnswerOptions,
  type GenerationStream,
  type ModelsApi,
  type ResidencyOptions,
  type WorkbenchClient,
} from '../sdk';
import type { CatalogModel, TaskAssignment } from '../models/catalog';
import { WeightCache } from '../storage/weightCache';
import { assignmentOf } from '../state/assignment';
import { useRuntime } from '../state/runtime';
import { useSettings, type PersistedSettings } from '../state/settings';
import { TASKS, type EnvironmentInfo, type LoadProgress, type Task } from '../core';
import { reportWarning } from './reliability';
import { workspaceAppsHost } from './appsHost';

declare global {
  interface Window {
    /** The workbench SDK client, for devtools scripting, e2e tests and benchmarks. */
    llmaos: WorkbenchClient;
  }
}

/** Where self-hosted model folders are served (public/models/), respecting Vite's base. */
export const LOCAL_MODEL_PATH = `${import.meta.env.BASE_URL}models/`;

/** The IndexedDB weight cache the worker also uses. */
export const weightCache = new WeightCache({ localModelPath: LOCAL_MODEL_PATH });

let current: WorkbenchClient | null = null;
let memoryLimits: Partial<ResidencyOptions> = {};
/** The environment after the latest backend or thread switch `sync` made. */
let lastEnvironmentChange: Promise<EnvironmentInfo> | null = null;
let unsubscribeProgress: (() => void) | null = null;
const progressListeners = new Set<(progress: LoadProgress) => void>();

function optionsFrom(settings: PersistedSettings): ClientOptions {
  return {
    preset: settings.preset,
    assignment: settings.assignment,
    userModels: settings.userModels,
    backend: settings.backend,
    threads: settings.threads,
    localModelPath: LOCAL_MODEL_PATH,
    // `classify(texts, { model: 'custom:<name>' })`: classifiers saved in Customize, read from the
    // workspace on each call (loaded lazily so the first screen does not pay for that code).
    customClassifiers: async (name) => (await import('./savedClassifiers')).lookupInAppWorkspace(name),
    // Weight-cache problems (storage full) reach the banner even when no panel call is waiting.
    onWarning: reportWarning,
    // Installed apps, run records and knowledge bases live in the workspace.
    apps: workspaceAppsHost,
    // Kept across clients: a preset change must not reset limits set through models.memory().
    memory: memoryLimits,
  };
}

function refreshEnvironment(client: WorkbenchClient, pending?: Promise<EnvironmentInfo>): Promise<EnvironmentInfo> {
  const request = pending ?? client.environment();
  request.then(
    (environment) => {
      if (client === current) useRuntime.getState().setEnvironment(environment);
    },
    (error: unknown) => {
      if (client === current) useRuntime.getState().setEnvironmentError(error);
    },
  );
  return request;
}

/**
 * A facade call that changes a setting the worker reads: a changed setting goes through the store
 * (whose subscription, `sync`, switches the live client), so the UI and the saved settings follow;
 * an unchanged one still asks the live client, which answers with its environment.
 */
function switchEnvironment(
  changed: boolean,
  writeSetting: () => void,
  switchClient: (live: WorkbenchClient) => Promise<EnvironmentInfo>,
): Promise<EnvironmentInfo> {
  const live = client();
  if (changed) {
    lastEnvironmentChange = null;
    writeSetting();
    if (lastEnvironmentChange) return lastEnvironmentChange;
  }
  const switched = switchClient(live);
  refreshLoaded();
  return refreshEnvironment(live, switched);
}

/** Reads the loaded-model list again (after a load, unload or any call that may have loaded). */
export function refreshLoaded(): void {
  if (current) useRuntime.getState().setLoaded(current.models.loaded());
}

function start(): WorkbenchClient {
  const client: WorkbenchClient = createClient({
    ...optionsFrom(useSettings.getState()),
    // Models the memory limits unloaded leave the Models panel's list at once.
    onLoadedChange: (loaded) => {
      if (client === current) useRuntime.getState().setLoaded(loaded);
    },
  });
  current = client;
  useRuntime.getState().reset();
  unsubscribeProgress = client.models.onProgress((progress) => {
    if (client !== current) return;
    useRuntime.getState().setProgress(progress);
    if (progress.phase === 'ready') {
      // The worker decides the real backend when it loads (e.g. WebGPU unavailable → WASM).
      queueMicrotask(refreshLoaded);
      refreshEnvironment(client);
    }
    for (const listener of progressListeners) listener(progress);
  });
  refreshEnvironment(client);
  return client;
}

function stop(): void {
  unsubscribeProgress?.();
  unsubscribeProgress = null;
  const client = current;
  current = null;
  client?.dispose();
}

function client(): WorkbenchClient {
  return current ?? start();
}

/** Applies a settings change to the live client. */
function sync(next: PersistedSettings, previous: PersistedSettings): void {
  if (!current) return;
  if (next.preset !== previous.preset) {
    stop();
    start();
    return;
  }
  const live = current;
  if (next.backend !== previous.backend) {
    lastEnvironmentChange = refreshEnvironment(live, live.setBackend(next.backend));
    refreshLoaded(); // models are reloaded on the new backend at their next use
  }
  if (next.threads !== previous.threads) {
    lastEnvironmentChange = refreshEnvironment(live, live.setThreads(next.threads));
    refreshLoaded(); // a new worker: models load again at their next use
  }
  if (next.userModels !== previous.userModels) syncUserModels(live, next.userModels, previous.userModels);
  if (next.assignment !== previous.assignment || next.userModels !== previous.userModels) {
    syncAssignment(live, assignmentOf(next));
  }
}

function syncUserModels(live: WorkbenchClient, next: CatalogModel[], previous: CatalogModel[]): void {
  const nextIds = new Set(next.map((m) => m.id));
  for (const model of previous) {
    if (!nextIds.has(model.id)) attempt(() => live.models.remove(model.id));
  }
  const previousById = new Map(previous.map((m) => [m.id, m]));
  for (const model of next) {
    if (previousById.get(model.id) !== model) attempt(() => live.models.add(model));
  }
}

function syncAssignment(live: WorkbenchClient, wanted: TaskAssignment): void {
  const actual = live.models.assignment();
  for (const task of TASKS) {
    if (actual[task] !== wanted[task]) attempt(() => live.models.assign(task, wanted[task]));
  }
}

function attempt(action: () => void): void {
  try {
    action();
  } catch (error) {
    console.warn('[llmaos] could not apply a settings change to the client', error);
  }
}

/** Runs a load on the live client, then shows what is loaded, whether the load worked or not. */
async function thenShowLoaded<T>(load: (live: WorkbenchClient) => Promise<T>): Promise<T> {
  const live = client();
  try {
    return await load(live);
  } finally {
    if (live === current) refreshLoaded();
  }
}

const models: ModelsApi = {
  list: () => client().models.list(),
  assignment: () => client().models.assignment(),
  assign: (task: Task, modelId: string) => {
    if (
      !client()
        .models.list()
        .some((m) => m.id === modelId && m.task === task)
    ) {
      throw new Error(`"${modelId}" is not a ${task} model in the catalog.`);
    }
    useSettings.getState().assign(task, modelId);
  },
  add: (model: CatalogModel) => useSettings.getState().addUserModel(model),
  remove: (modelId: string) => useSettings.getState().removeUserModel(modelId),
  load: (taskOrModelId, options) => thenShowLoaded((live) => live.models.load(taskOrModelId, options)),
  prepare: (taskOrModelId, options) => thenShowLoaded((live) => live.models.prepare(taskOrModelId, options)),
  unload: async (modelId) => {
    const live = client();
    try {
      await live.models.unload(modelId);
    } finally {
      if (live === current) {
        refreshLoaded();
        useRuntime.getState().clearProgress(modelId);
      }
    }
  },
  loaded: () => client().models.loaded(),
  memory: (changes = {}) => {
    memoryLimits = { ...memoryLimits, ...changes };
    return client().models.memory(changes);
  },
  onProgress: (listener) => {
    progressListeners.add(listener);
    return () => void progressListeners.delete(listener);
  },
};

/** Runs a call and refreshes the loaded-model list when it settles (calls load models lazily). */
function tracked<T>(call: (live: WorkbenchClient) => Promise<T>): Promise<T> {
  const live = client();
  const result = call(live);
  const refresh = () => {
    if (live === current) refreshLoaded();
  };
  result.then(refresh, refresh);
  return result;
}

/**
 * Analysis and training depend on no setting, so they are not recreated with the client: a preset
 * change must not cancel a clustering or a training in flight. Both start their workers on first
 * use; `dispose` ends them, and the next call starts afresh.
 */
let analysisClient: AnalysisApi | null = null;
const liveAnalysis = (): AnalysisApi => (analysisClient ??= createAnalysisClient());
const analysis: AnalysisApi = {
  cluster: (params, options) => liveAnalysis().cluster(params, options),
  themes: (params, options) => liveAnalysis().themes(params, options),
  split: (params, options) => liveAnalysis().split(params, options),
  merge: (params, options) => liveAnalysis().merge(params, options),
  dispose: () => {
    analysisClient?.dispose();
    analysisClient = null;
  },
};
/** Aborted by `dispose`, to end the training jobs still running (each in its own worker). */
let trainings = new AbortController();

/** The stable client everyone uses; see the module comment. */
export const workbench: WorkbenchClient = {
  classify: (texts, options) => tracked((live) => live.classify(texts, options)),
  summarize: (text, options) => tracked((live) => live.summarize(text, options)),
  generate: (prompt, options): GenerationStream => {
    const live = client();
    const stream = live.generate(prompt, options);
    const refresh = () => {
      if (live === current) refreshLoaded();
    };
    stream.result.then(refresh, refresh);
    return stream;
  },
  // Both forms: a span of a context, or an answer from a knowledge base (see WorkbenchClient).
  answer: ((question: string, contextOrOptions?: string | (CallOptions & KnowledgeAnswerOptions), options?: CallOptions) =>
    tracked<Answer | KnowledgeAnswer>((live) =>
      typeof contextOrOptions === 'string' ? live.answer(question, contextOrOptions, options) : live.answer(question, contextOrOptions),
    )) as WorkbenchClient['answer'],
  embed: (texts, options) => tracked((live) => live.embed(texts, options)),
  countTokens: (texts, options) => tracked((live) => live.countTokens(texts, options)),
  perplexity: (text, options) => tracked((live) => live.perplexity(text, options)),
  chunk: (text, options) => tracked((live) => live.chunk(text, options)),
  environment: () => refreshEnvironment(client()),
  setBackend: (preference) =>
    switchEnvironment(
      useSettings.getState().backend !== preference,
      () => useSettings.getState().setBackend(preference),
      (live) => live.setBackend(preference),
    ),
  setThreads: (policy) =>
    switchEnvironment(
      useSettings.getState().threads !== policy,
      () => useSettings.getState().setThreads(policy),
      (live) => live.setThreads(policy),
    ),
  models,
  analysis,
  // Apps run on the current client (its models and worker); the library is the workspace, so a
  // recreated client sees the same apps.
  apps: {
    list: () => client().apps.list(),
    install: (definition) => client().apps.install(definition),
    run: (idOrDefinition, inputs, options) => tracked((live) => live.apps.run(idOrDefinition, inputs, options)),
  },
  trainClassifier: (request, options = {}) => {
    const signal = options.signal ? AbortSignal.any([options.signal, trainings.signal]) : trainings.signal;
    return trainClassifier(request, { ...options, signal });
  },
  /** Ends the current workers; the next call starts fresh ones. */
  dispose: () => {
    stop();
    analysis.dispose();
    trainings.abort();
    trainings = new AbortController();
    useRuntime.getState().reset();
  },
};

let started = false;

/** Creates the client, keeps it in sync with the settings and exposes it as `window.llmaos`. */
export function startWorkbench(): WorkbenchClient {
  if (started) return workbench;
  started = true;
  client();
  useSettings.subscribe((next, previous) => sync(next, previous));
  if (typeof window !== 'undefined') window.llmaos = workbench;
  return workbench;
}
