/**
 * "Never lose work", the app's side: the workspace database and the weight cache report
 * problems that no single panel owns, and this module turns them into state the shell's banners
 * show (src/app/StorageFullBanner.tsx, src/app/TabConflictBanner.tsx).
 *
 * - Storage full: a workspace write that failed with QuotaExceededError (`onStorageFull`, from
 *   any panel; `reportWorkspaceStorageFull` for a restore, which the backup worker writes) or a
 *   model file the weight cache could not store (an SDK `warning` with code `storage-full`,
 *   passed to `reportWarning`). The messages already say what could not be saved and what to
 *   delete; the banner adds a link to the Models panel. Models already loaded keep working from
 *   memory.
 * - Another tab: a newer workbench upgraded the schema, or the database was deleted
 *   (`onVersionChange`: this tab closed its connection, so the other tab is not blocked, and must
 *   reload before it saves anything), or this tab's upgrade waits for an older tab to close
 *   (`onBlocked`).
 *
 * The list logic is pure (and unit-tested); `startReliability` wires it to the workspace.
 */
import { create } from 'zustand';
import { getWorkspace, type Workspace } from '../storage/workspace';
import { TEST_HOOKS_ENABLED, type SerializedError, type WorkbenchError } from '../core';

declare global {
  interface Window {
    /**
     * The workspace database, in e2e and dev builds only (src/core/testHooks.ts): the e2e tests use it to create data,
     * hold run locks and inject failures). Same origin only, like `window.llmaos`: any script
     * that could read it could open IndexedDB directly anyway.
     */
    llmaosWorkspace?: Workspace;
  }
}

// ---------------------------------------------------------------------------------------------
// Pure state

/** Where a storage problem came from: the user's data, or a model's cached files. */
export type StorageProblemSource = 'workspace' | 'models';

export interface StorageProblem {
  source: StorageProblemSource;
  /** What could not be saved and what to free, as the storage layer phrased it. */
  message: string;
  /** The browser's own error text. */
  detail?: string;
  /** How many times this same problem happened (a long run may hit it once per chunk). */
  count: number;
  /** Epoch ms of the latest occurrence. */
  at: number;
}

/** How many distinct problems the banner lists; older ones are dropped, newest first. */
export const MAX_STORAGE_PROBLEMS = 5;

/**
 * The list with one more occurrence: an identical message only bumps its count (and moves to the
 * top), so a run failing chunk after chunk does not flood the banner.
 */
export function addStorageProblem(
  list: readonly StorageProblem[],
  problem: { source: StorageProblemSource; message: string; detail?: string },
  now: number,
): StorageProblem[] {
  const existing = list.find((item) => item.source === problem.source && item.message === problem.message);
  const others = list.filter((item) => item !== existing);
  const next: StorageProblem = {
    source: problem.source,
    message: problem.message,
    detail: problem.detail ?? existing?.detail,
    count: (existing?.count ?? 0) + 1,
    at: now,
  };
  return [next, ...others].slice(0, MAX_STORAGE_PROBLEMS);
}

/** What another tab did to the shared workspace database. */
export type TabConflict =
  /**
   * A newer workbench upgraded the schema; this tab's code is out of date. `newVersion` is null
   * when the upgrade happened before this tab opened the database (the open failed).
   */
  | { kind: 'upgraded'; newVersion: number | null }
  /** The database was deleted (another tab, or "clear site data"). */
  | { kind: 'deleted' }
  /** This tab wants to upgrade but a tab with the older version still has the database open. */
  | { kind: 'blocked'; oldVersion: number; newVersion: number | null };

/**
 * The conflict to show after `event`. Upgraded/deleted mean this tab must reload, which outranks
 * a blocked upgrade (that one resolves by itself when the other tab closes).
 */
export function nextConflict(current: TabConflict | null, event: TabConflict): TabConflict {
  if (event.kind === 'blocked' && current && current.kind !== 'blocked') return current;
  return event;
}

/** Only storage-full warnings belong in the storage banner; other warnings stay with their call. */
export function isStorageWarning(warning: SerializedError): boolean {
  return warning.code === 'storage-full';
}

// ---------------------------------------------------------------------------------------------
// Store

export interface ReliabilityState {
  storageProblems: StorageProblem[];
  tabConflict: TabConflict | null;
  dismissStorageProblems(): void;
  /** Hides a `blocked` notice; upgraded/deleted stay until the page reloads. */
  dismissBlocked(): void;
}

export const useReliability = create<ReliabilityState>()((set) => ({
  storageProblems: [],
  tabConflict: null,
  dismissStorageProblems: () => set({ storageProblems: [] }),
  dismissBlocked: () => set((state) => (state.tabConflict?.kind === 'blocked' ? { tabConflict: null } : state)),
}));

function recordStorageProblem(source: StorageProblemSource, error: SerializedError): void {
  useReliability.setState((state) => ({
    storageProblems: addStorageProblem(state.storageProblems, { source, message: error.message, detail: error.detail }, Date.now()),
  }));
}

function recordConflict(event: TabConflict): void {
  useReliability.setState((state) => ({ tabConflict: nextConflict(state.tabConflict, event) }));
}

/**
 * For SDK `warning` messages, i.e. the weight cache failing to store a model file.
 * src/services/workbench.ts forwards every warning of its client here (the client-wide `onWarning`),
 * including those the worker broadcasts while no call is waiting.
 */
export function reportWarning(warning: SerializedError): void {
  if (isStorageWarning(warning)) recordStorageProblem('models', warning);
}

/** A workspace write that failed for a full disk: the page's own connection's, or the backup worker's restore. */
export function reportWorkspaceStorageFull(error: WorkbenchError): void {
  recordStorageProblem('workspace', error.toJSON());
}

/** The workspace's open error when the database has a newer schema than this code knows. */
export function isNewerSchemaError(error: unknown): boolean {
  const detail = (error as { detail?: unknown } | null)?.detail;
  return typeof detail === 'string' && detail.startsWith('VersionError');
}

let stopListening: (() => void) | null = null;

/**
 * Listens to the app's workspace for the whole session. Idempotent (React StrictMode runs effects
 * twice). The database is opened at once, not at its first use: a tab that holds a connection
 * hears about an upgrade from another tab right away and shows the reload banner before the user
 * starts work it could not save.
 */
export function startReliability(workspace: Workspace = getWorkspace()): () => void {
  if (stopListening) return stopListening;
  const unlisten = workspace.listen({
    onStorageFull: reportWorkspaceStorageFull,
    onVersionChange: ({ newVersion }) => recordConflict(newVersion === null ? { kind: 'deleted' } : { kind: 'upgraded', newVersion }),
    onBlocked: ({ oldVersion, newVersion }) => recordConflict({ kind: 'blocked', oldVersion, newVersion }),
  });
  if (TEST_HOOKS_ENABLED && typeof window !== 'undefined') window.llmaosWorkspace = workspace;
  // Any read opens the connection. A database already upgraded by a newer workbench is the same
  // conflict as an upgrade happening now; other failures (private mode) are reported by the panel
  // that next uses the workspace, with its own message.
  workspace.count('drafts').catch((error: unknown) => {
    if (isNewerSchemaError(error)) recordConflict({ kind: 'upgraded', newVersion: null });
    else console.warn('[llmaos] the workspace could not be opened', error);
  });
  stopListening = () => {
    unlisten();
    stopListening = null;
  };
  return stopListening;
}
