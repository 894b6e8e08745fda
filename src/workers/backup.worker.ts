/// <reference lib="webworker" />
/**
 * Workspace backup export off the page's thread: reading every store and encoding it as one JSON
 * document takes seconds of one task for a big workspace. The function is src/storage/backup.ts
 * unchanged; this worker runs it against its own (read-only) connection to the workspace database.
 * (Restore stays on the page, where a failed write reaches the storage-full banner; files over
 * BACKUP_MAX_BYTES are refused there before they are read.)
 */
import { exportWorkspace } from '../storage/backup';
import { getWorkspace } from '../storage/workspace';
import { WorkbenchError, type SerializedError } from '../core';

export type BackupRequest = { kind: 'export' };
export type BackupResponse = { ok: true; result: unknown } | { ok: false; error: SerializedError };

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

async function handle(request: BackupRequest): Promise<unknown> {
  void request;
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
