/**
 * What a store test hands the stores (through `setDeps`) instead of the app's: repositories over
 * a fresh workspace on fake-indexeddb, an import "worker" that runs the worker's own handler
 * (src/workers/importHandler.ts) in-process over the same workspace, for tables and for the
 * other files (parseInWorker), and a
 * client the test writes. A client method the test did not write throws, so a store calling
 * something unexpected fails.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import type { AppDeps } from '../../../src/services/deps';
import { parseInWorker, type ImportWorkerLike } from '../../../src/services/tableImport';
import { TASKS, type Task } from '../../../src/core';
import type { ModelsApi, WorkbenchClient } from '../../../src/sdk/types';
import { createRepositories } from '../../../src/storage/repositories';
import { Workspace } from '../../../src/storage/workspace';
import { createImportHandler } from '../../../src/workers/importHandler';
import type { ImportRequest, ImportResponse } from '../../../src/workers/importProtocol';

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
    setThreads: () => unused('setThreads'),
    trainClassifier: () => unused('trainClassifier'),
    analysis: {
      cluster: () => unused('analysis.cluster'),
      themes: () => unused('analysis.themes'),
      split: () => unused('analysis.split'),
      merge: () => unused('analysis.merge'),
      dispose: () => undefined,
    },
    apps: {
      list: () => unused('apps.list'),
      install: () => unused('apps.install'),
      run: () => unused('apps.run'),
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
      prepare: () => unused('models.prepare'),
      unload: () => unused('models.unload'),
      loaded: () => [],
      memory: () => unused('models.memory'),
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

/**
 * A table-import worker run in this process: the worker's handler over `workspace`, with requests
 * and responses passed as structured clones on a later task, as postMessage passes them. After
 * `terminate` nothing more is delivered, as from an ended worker.
 */
export function inProcessImportWorker(workspace: Workspace): ImportWorkerLike {
  const messageListeners: Array<(event: { data: ImportResponse }) => void> = [];
  let terminated = false;
  const deliver = (message: ImportResponse) => {
    const data = structuredClone(message);
    setTimeout(() => {
      if (!terminated) for (const listener of messageListeners) listener({ data });
    }, 0);
  };
  const handle = createImportHandler(deliver, workspace);
  return {
    postMessage(message: ImportRequest) {
      const request = structuredClone(message);
      setTimeout(() => {
        if (!terminated) void handle(request);
      }, 0);
    },
    terminate() {
      terminated = true;
    },
    addEventListener(type: 'message' | 'error', listener: (event: never) => void) {
      // An in-process handler has no crash of its own to report: its failures come back as messages.
      if (type === 'message') messageListeners.push(listener as (event: { data: ImportResponse }) => void);
    },
  };
}

/** Deps over `workspace` with `client`; the import worker's parsers and handler run here. */
export function storeDeps(workspace: Workspace, client: WorkbenchClient): AppDeps {
  return {
    repositories: createRepositories(workspace),
    client,
    parseInWorker: (job, what, options) => parseInWorker(job, what, { ...options, createWorker: () => inProcessImportWorker(workspace) }),
    startImportWorker: () => inProcessImportWorker(workspace),
  };
}
