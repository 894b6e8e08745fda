/// <reference lib="webworker" />
/**
 * Workspace backup and restore off the page's thread. Export reads every store and encodes it as
 * one JSON document: seconds of one task for a big workspace. Restore parses and checks the file
 * and writes it in one transaction: IndexedDB clones every record on the thread that writes it,
 * and a 40,000-row dataset is one record, a third of a second of cloning that cannot be sliced.
 * The functions are src/storage/backup.ts unchanged, run against this worker's own connection to
 * the workspace database. The write's change notice reaches the page's stores, and the other
 * tabs', through the workspace's BroadcastChannel; a full disk comes back as `storage-full` for
 * the page to show in its banner.
 */
import { exportWorkspace, importWorkspace, type ImportMode, type ImportSummary } from '../storage/backup';
import { getWorkspace } from '../storage/workspace';
import { WorkbenchError, type SerializedError } from '../core';

export type BackupRequest = { kind: 'export' } | { kind: 'restore'; file: Blob; mode: ImportMode };
export interface BackupResults {
  export: { blob: Blob; bytes: number };
  restore: ImportSummary;
}
export type BackupResponse = { ok: true; result: BackupResults[BackupRequest['kind']] } | { ok: false; error: SerializedError };

const scope = self as unknown as DedicatedWorkerGlobalScope;

function serialize(error: unknown): SerializedError {
  if (error instanceof WorkbenchError) return error.toJSON();
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  if (error instanceof RangeError) {
    // V8 strings stop at about 512 MB: a workspace (or file) over that cannot be one JSON text.
    return { code: 'bad-input', message: 'The backup is too large for this browser to handle as one file (over about 512 MB of text).', detail };
  }
  if (error instanceof Error && error.name === 'QuotaExceededError') return { code: 'storage-full', message: "The browser's storage is full.", detail };
  return { code: 'internal', message: `The backup failed: ${detail}`, detail };
}

async function handle(request: BackupRequest): Promise<BackupResults[BackupRequest['kind']]> {
  if (request.kind === 'restore') {
    return importWorkspace(getWorkspace(), await request.file.text(), { mode: request.mode });
  }
  const blob = new Blob([await exportWorkspace(getWorkspace())], { type: 'application/json' });
  return { blob, bytes: blob.size };
}

scope.onmessage = async (event: MessageEvent<BackupRequest>) => {
  try {
    scope.postMessage({ ok: true, result: await handle(event.data) } satisfies BackupResponse);
  } catch (error) {
    scope.postMessage({ ok: false, error: serialize(error) } satisfies BackupResponse);
  }
};
