/**
 * The worker's message loop, one for every place the engine runs: the browser's inference worker
 * and the Node worker thread the tests use. Requests go to the engine; cancels, heartbeats and
 * the liveness lock are answered here, straight from the message queue.
 */
import type { Emit, InferenceEngine } from './engine';
import { isMainToWorker } from './protocol';

/** The part of the Web Locks API the worker uses (absent in Node). */
interface LockRequester {
  request(name: string, callback: () => Promise<void>): Promise<unknown>;
}

/**
 * Holds the lock `name` until this worker ends, however it ends: the browser releases a worker's
 * locks when it terminates, closes itself or crashes, which is how the page learns of it.
 */
function holdForLife(locks: LockRequester, name: string): Promise<void> {
  return new Promise((held) => {
    void locks.request(name, () => {
      held();
      return new Promise<void>(() => undefined);
    });
  });
}

/** Returns the handler for the worker's `message` events. */
export function serveEngine(engine: InferenceEngine, post: Emit, locks?: LockRequester): (data: unknown) => void {
  return (data) => {
    if (!isMainToWorker(data)) return;
    switch (data.kind) {
      case 'request':
        void engine.handle(data, post);
        return;
      case 'cancel':
        engine.cancel(data.id, post);
        return;
      case 'ping':
        post({ kind: 'pong', id: data.id });
        return;
      case 'watch':
        // Without Web Locks there is no answer, and the page relies on error events and the heartbeat.
        if (locks) void holdForLife(locks, data.lockName).then(() => post({ kind: 'watching', id: data.id, lockName: data.lockName }));
        return;
    }
  };
}
