/**
 * The page's side of the backup worker (src/workers/backup.worker.ts): one worker per export,
 * ended when it answers.
 */
import type { BackupRequest, BackupResponse } from '../workers/backup.worker';
import { WorkbenchError } from '../core';

function ask<T>(request: BackupRequest): Promise<T> {
  const worker = new Worker(new URL('../workers/backup.worker.ts', import.meta.url), { type: 'module', name: 'llmaos-backup' });
  return new Promise<T>((resolve, reject) => {
    worker.addEventListener('message', (event: MessageEvent<BackupResponse>) => {
      worker.terminate();
      if (event.data.ok) resolve(event.data.result as T);
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
