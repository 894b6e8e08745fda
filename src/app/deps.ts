/**
 * What the apps' stores reach outside their own folder: the workspace's typed repositories, the
 * SDK client and the import worker's parsers. Stores ask `deps()` at the moment they need them,
 * never import the workspace or the app's client themselves, so a unit test can run a store
 * without React or a browser: `setDeps` hands it repositories on fake-indexeddb, a fake client
 * and the parsers run in-process (see test/unit/support/storeDeps.ts).
 */
import { createRepositories, type Repositories, type WorkspaceChange, type WorkspaceStoreName } from '../storage/repositories';
import { getWorkspace } from '../storage/workspace';
import type { WorkbenchClient } from '../sdk';
import { parseInWorker } from './tableImport';
import { workbench } from './workbench';

export interface AppDeps {
  repositories: Repositories;
  client: WorkbenchClient;
  /** Parses one of the app's other files (knowledge base, templates, classifier, backup) off the page. */
  parseInWorker: typeof parseInWorker;
}

let current: AppDeps | null = null;

/** The app's own until a test sets others; built on first use, so importing a store opens nothing. */
export function deps(): AppDeps {
  current ??= { repositories: createRepositories(getWorkspace()), client: workbench, parseInWorker };
  return current;
}

/** For tests: the deps every store uses from now on; null goes back to the app's own. */
export function setDeps(next: AppDeps | null): void {
  current = next;
}

/**
 * A starter for a store that shows workspace records: the first call (and only the first: the
 * store outlives its panel) makes `refresh` run whenever another tab changes one of `stores` or
 * restores a backup.
 */
export function followExternalChanges(stores: readonly WorkspaceStoreName[], refresh: (change: WorkspaceChange) => void): () => void {
  let following = false;
  return () => {
    if (following) return;
    following = true;
    deps().repositories.onExternalChange(stores, refresh);
  };
}
