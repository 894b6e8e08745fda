/**
 * What a store test hands the stores (through `setDeps`) instead of the app's: repositories over
 * a fresh workspace on fake-indexeddb, the import worker's parsers run in-process (the same pure
 * functions the worker runs, src/workers/importContent.ts), and a client the test writes. A
 * client method the test did not write throws, so a store calling something unexpected fails.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import type { AppDeps } from '../../../src/app/deps';
import { TASKS, type Task } from '../../../src/core';
import type { ModelsApi, WorkbenchClient } from '../../../src/sdk/types';
import { createRepositories } from '../../../src/storage/repositories';
import { Workspace } from '../../../src/storage/workspace';
import { content } from '../../../src/workers/importContent';

export type FakeClient = Partial<Omit<WorkbenchClient, 'models'>> & { models?: Partial<ModelsApi> };

function unused(name: string): never {
  throw new Error(`The store called client.${name}, which this test did not expect.`);
}

/** A client of `calls`; its model assignment names `test/<task>` for every task unless given. */
export function fakeClient(calls: FakeClient = {}): WorkbenchClient {
  const assignment = Object.fromEntries(TASKS.map((task) => [task, `test/${task}`])) as Record<Task, string>;
  const { models, ...rest } = calls;
  const client: WorkbenchClient = {
    classify: () => unused('classify'),
    summarize: () => unused('summarize'),
    generate: () => unused('generate'),
    answer: () => unused('answer'),
    embed: () => unused('embed'),
    countTokens: () => unused('countTokens'),
    chunk: () => unused('chunk'),
    perplexity: () => unused('perplexity'),
    environment: () => unused('environment'),
    setBackend: () => unused('setBackend'),
    trainClassifier: () => unused('trainClassifier'),
    analysis: {
      cluster: () => unused('analysis.cluster'),
      themes: () => unused('analysis.themes'),
      split: () => unused('analysis.split'),
      merge: () => unused('analysis.merge'),
      dispose: () => undefined,
    },
    dispose: () => undefined,
    ...rest,
    models: {
      list: () => [],
      assignment: () => ({ ...assignment }),
      assign: () => unused('models.assign'),
      add: () => unused('models.add'),
      remove: () => unused('models.remove'),
      load: () => unused('models.load'),
      unload: () => unused('models.unload'),
      loaded: () => [],
      onProgress: () => () => undefined,
      ...models,
    },
  };
  return client;
}

/** A new workspace (its own fake IndexedDB, no other tabs, no locks). */
export function freshWorkspace(): Workspace {
  return new Workspace({ idbFactory: new IDBFactory(), locks: null, channel: null });
}

/** Deps over `workspace` with `client`; the import worker's parsers run here. */
export function storeDeps(workspace: Workspace, client: WorkbenchClient): AppDeps {
  return {
    repositories: createRepositories(workspace),
    client,
    parseInWorker: (async (job: Parameters<typeof content>[0]) => content(job)) as AppDeps['parseInWorker'],
  };
}
