/// <reference lib="webworker" />
/**
 * The inference worker: receives typed requests, hands them to the engine, and posts back
 * progress, tokens, results and errors. Glue only; the logic lives in engine.ts.
 */
import { createBrowserPlatform } from './browserPlatform';
import { InferenceEngine, type Emit } from './engine';
import { BROADCAST_ID, isMainToWorker, type SerializedError } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

const post: Emit = (message) => self.postMessage(message);

const engine: InferenceEngine = new InferenceEngine(
  createBrowserPlatform({
    abortSignalFor: (url) => engine.abortSignalForUrl(url),
    // The cache cannot tell which request's load wrote the file, so the warning goes to everyone.
    onCacheWarning: (warning: SerializedError) => post({ kind: 'warning', id: BROADCAST_ID, warning }),
  }),
);

self.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = event.data;
  if (!isMainToWorker(message)) return;
  if (message.kind === 'cancel') {
    engine.cancel(message.id, post);
    return;
  }
  void engine.handle(message, post);
});
