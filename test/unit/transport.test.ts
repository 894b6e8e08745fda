/**
 * The transport's control of its worker: the shared cancel flag, replacing a worker that says it
 * is broken without failing other calls, and noticing a worker that exits silently (its lifetime
 * lock) or stops answering (the heartbeat). The browser's real worker is covered by
 * test/e2e/workerControl.spec.ts; here a scripted fake reaches every path.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WorkerTransport, type TransportOptions } from '../../src/sdk/transport';
import type { InferenceOperations } from '../../src/workers/inferenceProtocol';
import { ScriptedWorker } from './support/scriptedWorker';

/** The inference worker's transport, as the SDK's client makes it. */
function inferenceTransport(createWorker: () => ScriptedWorker, options: Partial<TransportOptions> = {}) {
  return new WorkerTransport<InferenceOperations>(createWorker, { name: 'inference', ...options });
}

/** A Web Locks stand-in: a lock is granted to the next requester once its holder releases it. */
class FakeLocks {
  private readonly waiting = new Map<string, Array<() => unknown>>();
  request(name: string, callback: () => unknown): Promise<unknown> {
    this.waiting.set(name, [...(this.waiting.get(name) ?? []), callback]);
    return new Promise(() => undefined);
  }
  /** The worker holding `name` ended: the page's queued request is granted. */
  release(name: string): void {
    for (const callback of this.waiting.get(name) ?? []) callback();
    this.waiting.delete(name);
  }
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

afterEach(() => {
  vi.useRealTimers();
});

describe('WorkerTransport', () => {
  it('raises the request’s shared cancel flag the moment the call is aborted, then sends cancel', async () => {
    const worker = new ScriptedWorker();
    const transport = inferenceTransport(() => worker, { locks: null });
    const controller = new AbortController();
    const call = transport.request('classify', { model: { id: 'a/b', task: 'sentiment', dtype: 'q8' }, texts: ['x'] }, { signal: controller.signal });
    const [request] = worker.requests();
    expect(request!.cancelFlag).toBeInstanceOf(SharedArrayBuffer);
    const flag = new Int32Array(request!.cancelFlag!);
    expect(Atomics.load(flag, 0)).toBe(0);
    controller.abort();
    expect(Atomics.load(flag, 0)).toBe(1);
    await expect(call).rejects.toMatchObject({ code: 'cancelled', cause: controller.signal.reason });
    expect(worker.received).toContainEqual({ kind: 'cancel', id: request!.id });
  });

  it('replaces a worker that reports it may be broken: the failed call says so, a call still running there finishes, new calls go to a new worker', async () => {
    const workers: ScriptedWorker[] = [];
    const lost = vi.fn();
    const transport = inferenceTransport(
      () => {
        const worker = new ScriptedWorker();
        workers.push(worker);
        return worker;
      },
      { onWorkerLost: lost, locks: null },
    );
    const model = { id: 'a/b', task: 'sentiment' as const, dtype: 'q8' as const };
    const running = transport.request('classify', { model, texts: ['long job'] });
    const failing = transport.request('generate', { model: { ...model, task: 'generation' }, prompt: 'p' });
    const [first] = workers;
    const [runningRequest, failingRequest] = first!.requests();
    first!.reply({
      kind: 'error',
      id: failingRequest!.id,
      error: { code: 'internal', message: 'The model runtime failed. The inference worker was replaced; try again.', workerReplaced: true },
    });
    await expect(failing).rejects.toMatchObject({ code: 'internal', workerReplaced: true });
    expect(lost).toHaveBeenCalledTimes(1);
    expect(first!.terminated).toBe(false); // the other call is still running on it

    const next = transport.request('classify', { model, texts: ['next'] });
    expect(workers).toHaveLength(2);
    workers[1]!.reply({ kind: 'result', id: workers[1]!.requests()[0]!.id, result: [{ label: 'POSITIVE', score: 1 }] });
    await expect(next).resolves.toEqual([{ label: 'POSITIVE', score: 1 }]);

    first!.reply({ kind: 'result', id: runningRequest!.id, result: [{ label: 'NEGATIVE', score: 1 }] });
    await expect(running).resolves.toEqual([{ label: 'NEGATIVE', score: 1 }]);
    expect(first!.terminated).toBe(true);
  });

  it('notices a worker that exits without an error event: its lifetime lock is released', async () => {
    const locks = new FakeLocks();
    const workers: ScriptedWorker[] = [];
    const transport = inferenceTransport(
      () => {
        const worker = new ScriptedWorker((message, self) => {
          if (message.kind === 'watch') self.reply({ kind: 'watching', id: message.id, lockName: message.lockName });
        });
        workers.push(worker);
        return worker;
      },
      { locks },
    );
    const model = { id: 'a/b', task: 'sentiment' as const, dtype: 'q8' as const };
    const pending = transport.request('classify', { model, texts: ['x'] });
    await flush();
    const watch = workers[0]!.received.find((m) => m.kind === 'watch');
    expect(watch).toBeDefined();
    locks.release((watch as { lockName: string }).lockName);
    await expect(pending).rejects.toMatchObject({ code: 'worker-crashed' });
    expect(workers[0]!.terminated).toBe(true);

    const next = transport.request('classify', { model, texts: ['y'] });
    expect(workers).toHaveLength(2);
    workers[1]!.reply({ kind: 'result', id: workers[1]!.requests()[0]!.id, result: [] });
    await expect(next).resolves.toEqual([]);
  });

  it('pings a busy worker and declares it hung after the heartbeat timeout; answers keep it alive', async () => {
    vi.useFakeTimers();
    let answering = true;
    const workers: ScriptedWorker[] = [];
    const transport = inferenceTransport(
      () => {
        const worker = new ScriptedWorker((message, self) => {
          if (message.kind === 'ping' && answering) self.reply({ kind: 'pong', id: message.id });
        });
        workers.push(worker);
        return worker;
      },
      { locks: null, heartbeatIntervalMs: 1_000, heartbeatTimeoutMs: 5_000 },
    );
    const model = { id: 'a/b', task: 'sentiment' as const, dtype: 'q8' as const };
    const outcome = transport.request('classify', { model, texts: ['x'] }).then(
      () => 'resolved',
      (error: { code: string }) => error.code,
    );
    await vi.advanceTimersByTimeAsync(20_000);
    expect(workers[0]!.received.filter((m) => m.kind === 'ping').length).toBeGreaterThanOrEqual(15);
    expect(workers[0]!.terminated).toBe(false);

    answering = false;
    await vi.advanceTimersByTimeAsync(7_000);
    await expect(outcome).resolves.toBe('worker-crashed');
    expect(workers[0]!.terminated).toBe(true);
    expect(transport.inFlight).toBe(0);
  });

  it('stops pinging once nothing is pending', async () => {
    vi.useFakeTimers();
    const worker = new ScriptedWorker((message, self) => {
      if (message.kind === 'request') self.reply({ kind: 'result', id: message.id, result: [] });
    });
    const transport = inferenceTransport(() => worker, { locks: null, heartbeatIntervalMs: 1_000 });
    await transport.request('classify', { model: { id: 'a/b', task: 'sentiment', dtype: 'q8' }, texts: [] });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(worker.received.filter((m) => m.kind === 'ping')).toEqual([]);
  });

  it('routes each message to its own call: progress and tokens of one call never reach another', async () => {
    const worker = new ScriptedWorker();
    const transport = inferenceTransport(() => worker, { locks: null });
    const model = { id: 'a/b', task: 'generation' as const, dtype: 'q8' as const };
    const seen = { first: [] as string[], second: [] as string[] };
    const first = transport.request(
      'generate',
      { model, prompt: 'one' },
      { onToken: (t) => seen.first.push(t), onProgress: (p) => seen.first.push(`${p.done}`) },
    );
    const second = transport.request(
      'generate',
      { model, prompt: 'two' },
      { onToken: (t) => seen.second.push(t), onProgress: (p) => seen.second.push(`${p.done}`) },
    );
    const [a, b] = worker.requests();
    worker.reply({ kind: 'token', id: b!.id, text: 'B' });
    worker.reply({ kind: 'token', id: a!.id, text: 'A' });
    worker.reply({ kind: 'work-progress', id: a!.id, progress: { done: 1, total: 2 } });
    const result = { text: '', tokenCount: 1, firstTokenMs: 1, totalMs: 1 };
    worker.reply({ kind: 'result', id: b!.id, result: { ...result, text: 'B' } });
    worker.reply({ kind: 'result', id: a!.id, result: { ...result, text: 'A' } });
    await expect(first).resolves.toMatchObject({ text: 'A' });
    await expect(second).resolves.toMatchObject({ text: 'B' });
    expect(seen).toEqual({ first: ['A', '1'], second: ['B'] });
  });

  it('cancelling one call never rejects another: the other resolves on the same worker, which is sent a cancel for the aborted id only', async () => {
    const workers: ScriptedWorker[] = [];
    const transport = inferenceTransport(
      () => {
        const worker = new ScriptedWorker();
        workers.push(worker);
        return worker;
      },
      { locks: null },
    );
    const model = { id: 'a/b', task: 'sentiment' as const, dtype: 'q8' as const };
    const controller = new AbortController();
    const cancelled = transport.request('classify', { model, texts: ['cancel me'] }, { signal: controller.signal });
    const kept = transport.request('classify', { model, texts: ['keep me'] });
    const [cancelledRequest, keptRequest] = workers[0]!.requests();
    controller.abort();
    await expect(cancelled).rejects.toMatchObject({ code: 'cancelled' });
    expect(workers[0]!.received.filter((m) => m.kind === 'cancel')).toEqual([{ kind: 'cancel', id: cancelledRequest!.id }]);
    // The worker's own answer to the cancel, and a late result for it, change nothing.
    workers[0]!.reply({ kind: 'error', id: cancelledRequest!.id, error: { code: 'cancelled', message: 'Cancelled.' } });
    workers[0]!.reply({ kind: 'result', id: keptRequest!.id, result: [{ label: 'POSITIVE', score: 1 }] });
    await expect(kept).resolves.toEqual([{ label: 'POSITIVE', score: 1 }]);
    expect(workers).toHaveLength(1);
    expect(workers[0]!.terminated).toBe(false);
  });

  it('names its worker when it crashes', async () => {
    const worker = new ScriptedWorker();
    const transport = new WorkerTransport<InferenceOperations>(() => worker, { name: 'analysis', locks: null });
    const pending = transport.request('unload', { modelId: 'a/b' });
    worker.crash('boom');
    await expect(pending).rejects.toMatchObject({ code: 'worker-crashed', message: expect.stringContaining('The analysis worker stopped'), detail: 'boom' });
    expect(worker.terminated).toBe(true);
  });
});

describe('WorkerTransport with cancelEndsWorker (workers whose jobs cannot read a cancel)', () => {
  function endingTransport() {
    const workers: ScriptedWorker[] = [];
    const lost = vi.fn();
    const transport = inferenceTransport(
      () => {
        const worker = new ScriptedWorker();
        workers.push(worker);
        return worker;
      },
      { locks: null, cancelEndsWorker: true, onWorkerLost: lost },
    );
    return { transport, workers, lost };
  }
  const model = { id: 'a/b', task: 'sentiment' as const, dtype: 'q8' as const };

  it('ends the worker at once when the cancelled call was the only one on it; the next call starts a new worker', async () => {
    const { transport, workers, lost } = endingTransport();
    const controller = new AbortController();
    const call = transport.request('classify', { model, texts: ['x'] }, { signal: controller.signal });
    controller.abort();
    await expect(call).rejects.toMatchObject({ code: 'cancelled' });
    expect(workers[0]!.terminated).toBe(true);
    expect(lost).toHaveBeenCalledTimes(1);

    const next = transport.request('classify', { model, texts: ['y'] });
    expect(workers).toHaveLength(2);
    workers[1]!.reply({ kind: 'result', id: workers[1]!.requests()[0]!.id, result: [] });
    await expect(next).resolves.toEqual([]);
  });

  it('never ends a worker under another call: it finishes there, new calls go to a fresh worker, and the old one ends after', async () => {
    const { transport, workers } = endingTransport();
    const controller = new AbortController();
    const cancelled = transport.request('classify', { model, texts: ['cancel me'] }, { signal: controller.signal });
    const running = transport.request('classify', { model, texts: ['keep me'] });
    const [, runningRequest] = workers[0]!.requests();
    controller.abort();
    await expect(cancelled).rejects.toMatchObject({ code: 'cancelled' });
    expect(workers[0]!.terminated).toBe(false);

    const fresh = transport.request('classify', { model, texts: ['new'] });
    expect(workers).toHaveLength(2);
    workers[1]!.reply({ kind: 'result', id: workers[1]!.requests()[0]!.id, result: [{ label: 'NEW', score: 1 }] });
    await expect(fresh).resolves.toEqual([{ label: 'NEW', score: 1 }]);

    workers[0]!.reply({ kind: 'result', id: runningRequest!.id, result: [{ label: 'KEPT', score: 1 }] });
    await expect(running).resolves.toEqual([{ label: 'KEPT', score: 1 }]);
    expect(workers[0]!.terminated).toBe(true);
    expect(workers[1]!.terminated).toBe(false);
  });
});
