/**
 * A real inference worker for Node tests: the engine (test/support/engineThreadEntry.ts) on a
 * worker thread with a heap limit, wrapped as the SDK's `WorkerLike`. Unlike an in-process fake,
 * it behaves like the browser's worker where it matters for robustness tests: messages are
 * structured-cloned, a job that runs out of memory kills only the thread (the SDK then reports
 * `worker-crashed` and starts a new one), and a busy thread cannot answer until it is free.
 *
 * Worker threads cannot load TypeScript, so the entry is bundled once per run with rolldown
 * (Vite's bundler), leaving the packages as they are in node_modules.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { build } from 'rolldown';
import type { WorkerLike } from '../../src/sdk/types';

const ROOT = resolve(__dirname, '../..');
const BUNDLE = resolve(ROOT, '.cache/engine-thread.cjs');
/** About what a browser gives a worker on a 64-bit desktop. */
export const THREAD_HEAP_MB = 4096;

let bundled: Promise<string> | null = null;

/** Bundles the entry (CommonJS, so nodeEngine's `__dirname` works); resolves to the file. */
export function bundleEngineThread(): Promise<string> {
  bundled ??= (async () => {
    mkdirSync(resolve(BUNDLE, '..'), { recursive: true });
    await build({
      input: resolve(__dirname, 'engineThreadEntry.ts'),
      platform: 'node',
      // Packages load from node_modules at run time: onnxruntime-node has native code.
      external: (id) => !id.startsWith('.') && !id.startsWith('/') && !/^[A-Za-z]:/.test(id),
      output: { file: BUNDLE, format: 'cjs' },
      logLevel: 'silent',
    });
    return BUNDLE;
  })();
  return bundled;
}

class ThreadWorker implements WorkerLike {
  private readonly thread: Worker;
  private terminated = false;

  constructor(file: string) {
    this.thread = new Worker(file, { resourceLimits: { maxOldGenerationSizeMb: THREAD_HEAP_MB } });
  }

  postMessage(message: unknown): void {
    this.thread.postMessage(message);
  }

  terminate(): void {
    this.terminated = true;
    void this.thread.terminate();
  }

  addEventListener(type: 'message' | 'error' | 'messageerror', listener: (event: never) => void): void {
    const call = listener as (event: { data?: unknown; message?: string }) => void;
    if (type === 'message') this.thread.on('message', (data: unknown) => call({ data }));
    if (type === 'messageerror') this.thread.on('messageerror', (error: Error) => call({ message: error.message }));
    if (type === 'error') {
      // An out-of-memory thread emits 'error' (ERR_WORKER_OUT_OF_MEMORY), as a crashed browser worker does.
      this.thread.on('error', (error: Error) => call({ message: `${(error as { code?: string }).code ?? error.name}: ${error.message}` }));
      this.thread.on('exit', (code) => {
        if (!this.terminated && code !== 0) call({ message: `the worker thread exited with code ${code}` });
      });
    }
  }
}

/** A `createWorker` for `createClient`, once the entry is bundled. */
export async function engineThreadFactory(): Promise<() => WorkerLike> {
  const file = await bundleEngineThread();
  return () => new ThreadWorker(file);
}
