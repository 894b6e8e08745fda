/**
 * The inference engine on a Node worker thread, speaking the browser worker's protocol
 * (src/workers/inference.worker.ts does the same over `self`). test/support/engineThread.ts
 * bundles this file and starts it; the SDK then talks to it exactly as to the browser's worker.
 */
import { parentPort } from 'node:worker_threads';
import type { WorkerToMain } from '../../src/workers/messages';
import { serveWorker } from '../../src/workers/serve';
import { createNodeEngine } from './nodeEngine';

const port = parentPort;
if (!port) throw new Error('engineThreadEntry must run on a worker thread');
const engine = createNodeEngine();
const emit = (message: WorkerToMain) => port.postMessage(message);
const serve = serveWorker(engine, emit);
port.on('message', (data: unknown) => void serve(data));
