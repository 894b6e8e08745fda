/**
 * The page's side of the backup worker (src/workers/backup.worker.ts): one worker per export or
 * restore, ended when it answers.
 */
import type { BackupRequest, BackupResponse, BackupResults } from '../workers/backup.worker';
import type { ImportMode, ImportSummary } from '../storage/repositories';
import { WorkbenchError } from '../core';
import { reportWorkspaceStorageFull } from './reliability';

function ask<K extends BackupRequest['kind']>(request: Extract<BackupRequest, { kind: K }>): Promise<BackupResults[K]> {
  const worker = new Worker(new URL('../workers/backup.worker.ts', import.meta.url), { type: 'module', name: 'llmaos-backup' });
  return new Promise((resolve, reject) => {
    worker.addEventListener('message', (event: MessageEvent<BackupResponse>) => {
      worker.terminate();
      // The worker answers the request it was sent, so the result is that request's.
      if (event.data.ok) resolve(event.data.result as BackupResults[K]);
      else reject(WorkbenchError.from(event.data.error));
    });
    worker.addEventListener('error', (event) => {
      worker.terminate();
      reject(new WorkbenchError('worker-crashed', 'The backup stopped unexpectedly.', event.message));
    });
    worker.postMessage(request);
  });
}

/** The workspace as a backup file (a Blob of JSON), built off the page's thread. */
export function exportBackup(): Promise<{ blob: Blob; bytes: number }> {
  return ask({ kind: 'export' });
}

/**
 * Restores a backup file, parsed, checked and written in the worker (one transaction: all or
 * nothing). A full disk also goes to the storage banner, as a failed write on the page does.
 */
export async function restoreBackup(file: Blob, mode: ImportMode): Promise<ImportSummary> {
  try {
    return await ask({ kind: 'restore', file, mode });
  } catch (error) {
    if (error instanceof WorkbenchError && error.code === 'storage-full') reportWorkspaceStorageFull(error);
    throw error;
  }
}
