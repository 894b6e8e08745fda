/// <reference lib="webworker" />
/**
 * The inference worker: receives typed requests, hands them to the engine, and posts back
 * progress, tokens, results and errors. Glue only: the engine (engine.ts) does the work and the
 * serve loop (serve.ts) answers requests, cancels and heartbeats.
 */
import { TEST_HOOKS_ENABLED, type SerializedError } from '../core';
import { createBrowserPlatform } from './browserPlatform';
import { DOWNLOAD_BUFFERS_GLOBAL, DownloadBuffers } from './downloadBuffers';
import { InferenceEngine } from './engine';
import { BROADCAST_ID } from './messages';
import { ORT_OUTPUT_BUFFERS_GLOBAL } from './outputBuffers';
import { serveWorker, type Post } from './serve';

declare const self: DedicatedWorkerGlobalScope;

const post: Post = (message) => self.postMessage(message);

const engine: InferenceEngine = new InferenceEngine(
  createBrowserPlatform({
    abortSignalFor: (url) => engine.abortSignalForUrl(url),
    // The cache cannot tell which request's load wrote the file, so the warning goes to everyone.
    onCacheWarning: (warning: SerializedError) => post({ kind: 'warning', id: BROADCAST_ID, warning }),
  }),
);

// onnxruntime-web's output copy, as the build patches it (vite.config.ts), takes its arrays here.
(self as unknown as Record<string, unknown>)[ORT_OUTPUT_BUFFERS_GLOBAL] = engine.outputBuffers;
// transformers.js's download reader and session creation, as the build patches them, use this.
(self as unknown as Record<string, unknown>)[DOWNLOAD_BUFFERS_GLOBAL] = new DownloadBuffers();

/**
 * For the e2e tests that inject faults into one model's session (test/e2e/workerControl.spec.ts),
 * in e2e and dev builds only. Reachable only from devtools, never by page scripts.
 */
if (TEST_HOOKS_ENABLED) (self as unknown as { llmaosEngine: InferenceEngine }).llmaosEngine = engine;

const serve = serveWorker(engine, post, self.navigator.locks);
self.addEventListener('message', (event: MessageEvent<unknown>) => void serve(event.data));
