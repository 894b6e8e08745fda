/**
 * `client.apps`: apps built from definition files (src/apps) on the same client the built-in apps
 * use. `list()` gives the built-in apps and the installed ones; `install(definition)` validates a
 * definition (an object or a file's text) as strictly as a backup and keeps it; `run(idOrDefinition,
 * inputs, { signal, onProgress })` runs its steps in order through this client.
 *
 * Where installed apps and run results are kept, and which knowledge bases an `answer` step reads,
 * is the host's (`ClientOptions.apps`): the workbench keeps them in the workspace; a page using the
 * SDK alone keeps installed apps in memory and has no knowledge base unless it passes one.
 */
import { reason, refusal, type Task } from '../core';
import {
  BUILTIN_APPS,
  isBuiltinApp,
  neededModels,
  parseAppFile,
  runApp,
  validateApp,
  type AppClient,
  type AppContext,
  type AppDefinition,
  type AppInputValue,
  type AppRunEnvironment,
  type AppRunResult,
  type AppStepProgress,
} from '../apps';

export type { AppDefinition, AppInputValue, AppRunResult, AppStepProgress, AppContext };

/** Where installed apps live. */
export interface AppLibrary {
  list(): Promise<AppDefinition[]>;
  save(definition: AppDefinition): Promise<void>;
}

/** A finished (or stopped) run, for the host to keep. */
export interface AppRunRecord {
  id: string;
  appId: string;
  appName: string;
  status: 'done' | 'cancelled' | 'failed';
  startedAt: number;
  finishedAt: number;
  inputs: Readonly<Record<string, AppInputValue>>;
  result?: AppRunResult;
  error?: string;
}

export interface AppsHost {
  /** Installed apps; default: kept in memory for the client's life. */
  library?: AppLibrary;
  /** Knowledge bases for `answer` steps. */
  knowledgeBase?: AppRunEnvironment['knowledgeBase'];
  /** What the workbench has beyond the model library (saved classifiers), for install checks. */
  context?: () => Promise<Pick<AppContext, 'classifiers'>>;
  /** Keeps a run's record (the workbench saves it in the workspace). */
  saveRun?: (record: AppRunRecord) => Promise<void>;
}

export interface AppListing {
  definition: AppDefinition;
  builtin: boolean;
  /** Tasks (and named models) the app's steps run on. */
  needs: Array<{ task: Task; model?: string }>;
}

export interface AppRunCallOptions {
  signal?: AbortSignal;
  onProgress?: (progress: AppStepProgress) => void;
}

export interface AppsApi {
  list(): Promise<AppListing[]>;
  /** Validates and keeps an app (a definition object, or an app file's text). Refuses a built-in id. */
  install(definition: unknown): Promise<AppDefinition>;
  run(idOrDefinition: string | AppDefinition, inputs: Readonly<Record<string, AppInputValue>>, options?: AppRunCallOptions): Promise<AppRunResult>;
}

function memoryLibrary(): AppLibrary {
  const apps = new Map<string, AppDefinition>();
  return {
    list: async () => [...apps.values()],
    save: async (definition) => void apps.set(definition.id, definition),
  };
}

let runCounter = 0;
function runId(): string {
  runCounter += 1;
  return `apprun-${Date.now().toString(36)}-${runCounter.toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** `client.apps` over `client` (its calls) and `models` (the library, for install checks). */
export function createAppsApi(client: AppClient, models: () => ReadonlyArray<{ id: string; task: Task }>, host: AppsHost = {}): AppsApi {
  const library = host.library ?? memoryLibrary();
  const context = async (): Promise<AppContext> => ({ models: models(), ...(host.context ? await host.context() : {}) });
  const listing = (definition: AppDefinition, builtin: boolean): AppListing => ({ definition, builtin, needs: neededModels(definition) });

  async function find(id: string): Promise<AppDefinition> {
    const builtin = BUILTIN_APPS.find((app) => app.id === id);
    if (builtin) return builtin;
    const installed = (await library.list()).find((app) => app.id === id);
    if (!installed) throw refusal(reason('appNotFound', { id }));
    return installed;
  }

  return {
    async list() {
      return [...BUILTIN_APPS.map((app) => listing(app, true)), ...(await library.list()).map((app) => listing(app, false))];
    },
    async install(definition) {
      const checked = typeof definition === 'string' ? parseAppFile(definition, await context()) : validateApp(definition, await context());
      if (isBuiltinApp(checked.id)) throw refusal(reason('appBuiltinId', { id: checked.id }));
      await library.save(checked);
      return checked;
    },
    async run(idOrDefinition, inputs, options = {}) {
      const definition = typeof idOrDefinition === 'string' ? await find(idOrDefinition) : validateApp(idOrDefinition, await context());
      const startedAt = Date.now();
      const base = { id: runId(), appId: definition.id, appName: definition.name.en ?? definition.name['zh-CN'] ?? definition.id, startedAt, inputs };
      try {
        const result = await runApp(definition, inputs, { client, ...(host.knowledgeBase ? { knowledgeBase: host.knowledgeBase } : {}) }, options);
        await host.saveRun?.({ ...base, status: 'done', finishedAt: Date.now(), result });
        return result;
      } catch (error) {
        const status = options.signal?.aborted ? 'cancelled' : 'failed';
        // The run's own failure is what the caller must see; a failed save of its record is logged with it.
        await host
          .saveRun?.({ ...base, status, finishedAt: Date.now(), error: error instanceof Error ? error.message : String(error) })
          .catch((saveError: unknown) => {
            console.warn('[llmaos] could not save the record of a stopped app run', saveError);
          });
        throw error;
      }
    },
  };
}
