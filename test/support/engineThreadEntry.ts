/**
 * The inference engine on a Node worker thread, speaking the browser worker's protocol
 * (src/workers/inference.worker.ts does the same over `self`). test/support/engineThread.ts
 * bundles this file and starts it; the SDK then talks to it exactly as to the browser's worker.
 */
import { parentPort } from 'node:worker_threads';
import type { WorkerToMain } from '../../src/workers/protocol';
import { serveEngine } from '../../src/workers/serveEngine';
import { createNodeEngine } from './nodeEngine';

const port = parentPort;
if (!port) throw new Error('engineThreadEntry must run on a worker thread');
const engine = createNodeEngine();
const emit = (message: WorkerToMain) => port.postMessage(message);
port.on('message', serveEngine(engine, emit));
