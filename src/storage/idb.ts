/**
 * IndexedDB plumbing shared by the model weight cache and the workspace database.
 *
 * Both the worker and the main thread use these helpers, so nothing here may touch the DOM.
 */
import { wrap, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';

/** Runs inside the `versionchange` transaction; may create stores and issue requests on `tx`. */
export type UpgradeFn<Schema extends DBSchema | unknown> = (
  db: IDBPDatabase<Schema>,
  oldVersion: number,
  newVersion: number,
  tx: IDBPTransaction<Schema, StoreNames<Schema>[], 'versionchange'>,
) => void;

export interface OpenCallbacks<Schema extends DBSchema | unknown> {
  /**
   * Another connection (usually another tab) wants a newer version or deletes the database.
   * Must close `db` synchronously: the other side is only unblocked if we close within the event.
   * `newVersion` is null for a deletion.
   */
  blocking(db: IDBPDatabase<Schema>, newVersion: number | null): void;
  /** The browser closed the connection (storage cleared, disk error); `db.close()` does not fire this. */
  terminated(): void;
  /**
   * Our open waits because another connection holds an older version and has not closed yet.
   * Optional: when every connection closes itself in `blocking`, the open simply proceeds.
   */
  blocked?(oldVersion: number, newVersion: number | null): void;
}

/**
 * idb's `openDB` always uses the global `indexedDB`; this is the same function with the factory
 * injectable (tests use a fresh fake-indexeddb per test), built on idb's own `wrap`.
 *
 * If `upgrade` throws, the upgrade transaction is aborted (so no half-migrated schema remains)
 * and the open rejects with the upgrade's own error rather than a bare AbortError.
 */
export async function openDatabase<Schema extends DBSchema | unknown>(
  factory: IDBFactory,
  name: string,
  version: number,
  upgrade: UpgradeFn<Schema>,
  callbacks: OpenCallbacks<Schema>,
): Promise<IDBPDatabase<Schema>> {
  // Inside an async function so that a factory that throws (some private modes) rejects instead.
  const request = factory.open(name, version);
  let upgradeError: { error: unknown } | undefined;
  request.addEventListener('upgradeneeded', (event) => {
    const tx = request.transaction;
    if (!tx) return;
    const upgradeTx = wrap(tx) as unknown as IDBPTransaction<Schema, StoreNames<Schema>[], 'versionchange'>;
    // wrap() creates the transaction's `done` promise; a failed upgrade is reported by the open
    // request, so that promise's rejection needs no second report.
    upgradeTx.done.catch(() => undefined);
    try {
      upgrade(wrap(request.result) as unknown as IDBPDatabase<Schema>, event.oldVersion, event.newVersion ?? version, upgradeTx);
    } catch (error) {
      upgradeError = { error };
      abortQuietly(tx);
    }
  });
  request.addEventListener('blocked', (event) => callbacks.blocked?.(event.oldVersion, event.newVersion));
  let db: IDBPDatabase<Schema>;
  try {
    db = (await wrap(request)) as unknown as IDBPDatabase<Schema>;
  } catch (error) {
    throw upgradeError ? upgradeError.error : error;
  }
  db.addEventListener('versionchange', (event) => callbacks.blocking(db, event.newVersion));
  db.addEventListener('close', () => callbacks.terminated());
  return db;
}

/** Name and message of an Error or DOMException (not every runtime makes DOMException an Error). */
export function errorParts(error: unknown): { name: string; message: string } | null {
  if (typeof error !== 'object' || error === null) return null;
  const { name, message } = error as { name?: unknown; message?: unknown };
  return typeof name === 'string' && typeof message === 'string' ? { name, message } : null;
}

/** Chrome and Safari name it QuotaExceededError; older Firefox used NS_ERROR_DOM_QUOTA_REACHED. */
export function isQuotaError(error: unknown): boolean {
  const parts = errorParts(error);
  return parts !== null && (/quota/i.test(parts.name) || /quota/i.test(parts.message));
}

/** "Name: message" for the details disclosure and bug reports. */
export function describeError(error: unknown): string {
  const parts = errorParts(error);
  return parts ? `${parts.name}: ${parts.message}` : String(error);
}

/** Creates each request promise with a handler attached, so a failed write never goes unhandled. */
export function settleAll(promises: Promise<unknown>[]): Promise<unknown[]> {
  for (const promise of promises) promise.catch(() => undefined);
  return Promise.all(promises);
}

/**
 * Aborts a write transaction after a failure. Needed even when a request already failed: a
 * request that throws synchronously (as a quota check may) does not abort the transaction, so
 * the writes queued before it would otherwise commit.
 */
export function abortQuietly(tx: { abort(): void }): void {
  try {
    tx.abort();
  } catch {
    // Already committed or aborted by the browser (e.g. a quota failure at commit time).
  }
}
