/**
 * The page's side of the analysis worker. One worker, created on first use; a cancelled or
 * failed-by-crash request terminates it (pure CPU loops cannot be interrupted any other way)
 * and the next request starts a fresh one.
 */
import { cancelledError, WorkbenchError } from '../../core';
import type { AnalysisOp, AnalysisOperations, AnalysisRequest, AnalysisResponse } from './analysisProtocol';

interface Pending {
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

let worker: Worker | null = null;
let nextId = 1;
const pending = new Map<number, Pending>();

function start(): Worker {
  const created = new Worker(new URL('../../workers/analysis.worker.ts', import.meta.url), { type: 'module', name: 'llmaos-analysis' });
  created.addEventListener('message', (event: MessageEvent<AnalysisResponse>) => {
    const message = event.data;
    const entry = pending.get(message.id);
    if (!entry) return;
    pending.delete(message.id);
    if (message.ok) entry.resolve(message.result);
    else entry.reject(WorkbenchError.from(message.error));
  });
  created.addEventListener('error', (event) => {
    stop(new WorkbenchError('worker-crashed', 'The analysis worker stopped unexpectedly.', event.message));
  });
  return created;
}

function stop(reason: unknown): void {
  worker?.terminate();
  worker = null;
  for (const entry of pending.values()) entry.reject(reason);
  pending.clear();
}

export function analyze<K extends AnalysisOp>(
  op: K,
  params: AnalysisOperations[K]['params'],
  signal?: AbortSignal,
): Promise<AnalysisOperations[K]['result']> {
  if (signal?.aborted) return Promise.reject(cancelledError());
  worker ??= start();
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const onAbort = () => stop(cancelledError());
    const cleanup = () => signal?.removeEventListener('abort', onAbort);
    pending.set(id, {
      resolve: (value) => {
        cleanup();
        resolve(value as AnalysisOperations[K]['result']);
      },
      reject: (error) => {
        cleanup();
        reject(error);
      },
    });
    signal?.addEventListener('abort', onAbort, { once: true });
    worker!.postMessage({ id, op, params } as AnalysisRequest);
  });
}
