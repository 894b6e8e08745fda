/**
 * The worker's serve loop (src/workers/serve.ts) on its own, and with the page's transport on the
 * other end of an in-memory channel: a small operations table of its own shows that one protocol
 * carries any worker's results, progress, tokens, errors and cancels.
 */
import { describe, expect, it } from 'vitest';
import { WorkbenchError } from '../../src/core';
import { WorkerTransport } from '../../src/sdk/transport';
import type { WorkerLike } from '../../src/sdk/types';
import type { Operation, WorkerToMain } from '../../src/workers/messages';
import { serveWorker, type OperationHandlers, type Post } from '../../src/workers/serve';

interface TestOperations {
  echo: Operation<{ text: string }, string>;
  count: Operation<{ to: number }, number, { done: number }>;
  spell: Operation<{ word: string }, string, never, string>;
  /** Runs until cancelled, checking between steps as the engine's jobs do. */
  spin: Operation<Record<string, never>, never>;
  fail: Operation<{ code: 'bad-input' | 'internal' }, never>;
}

const operations: OperationHandlers<TestOperations> = {
  echo: ({ text }) => text,
  count: async ({ to }, { progress }) => {
    for (let done = 1; done <= to; done++) progress({ done });
    return to;
  },
  spell: async ({ word }, { token }) => {
    for (const letter of word) token(letter);
    return word;
  },
  spin: async (_, { cancellation }) => {
    for (;;) await cancellation.checkpoint();
  },
  fail: ({ code }) => {
    throw new WorkbenchError(code, `failed with ${code}`);
  },
};

function recorder() {
  const sent: WorkerToMain[] = [];
  const post: Post = (message) => void sent.push(message);
  return { sent, serve: serveWorker<TestOperations>({ operations }, post) };
}

/** A Worker whose other end is the serve loop, in the same thread; messages are cloned as postMessage does. */
class LoopbackWorker implements WorkerLike {
  terminated = false;
  private readonly listeners: Array<(event: { data: unknown }) => void> = [];
  private readonly serve = serveWorker<TestOperations>({ operations }, (message) => {
    const data = structuredClone(message);
    queueMicrotask(() => this.listeners.forEach((listener) => listener({ data })));
  });
  postMessage(message: unknown): void {
    if (!this.terminated) void this.serve(structuredClone(message));
  }
  terminate(): void {
    this.terminated = true;
  }
  addEventListener(type: string, listener: (event: never) => void): void {
    if (type === 'message') this.listeners.push(listener as (event: { data: unknown }) => void);
  }
}

describe('serveWorker', () => {
  it('answers a request with its result, and reports progress and tokens under its id', async () => {
    const { sent, serve } = recorder();
    await serve({ kind: 'request', id: 1, op: 'count', params: { to: 2 } });
    await serve({ kind: 'request', id: 2, op: 'spell', params: { word: 'ok' } });
    expect(sent).toEqual([
      { kind: 'work-progress', id: 1, progress: { done: 1 } },
      { kind: 'work-progress', id: 1, progress: { done: 2 } },
      { kind: 'result', id: 1, result: 2 },
      { kind: 'token', id: 2, text: 'o' },
      { kind: 'token', id: 2, text: 'k' },
      { kind: 'result', id: 2, result: 'ok' },
    ]);
  });

  it('answers a failure with its typed error, and an unknown operation (even one Object has) with bad-input', async () => {
    const { sent, serve } = recorder();
    await serve({ kind: 'request', id: 1, op: 'fail', params: { code: 'internal' } });
    await serve({ kind: 'request', id: 2, op: 'toString', params: {} } as never);
    expect(sent).toEqual([
      { kind: 'error', id: 1, error: { code: 'internal', message: 'failed with internal', detail: undefined } },
      { kind: 'error', id: 2, error: expect.objectContaining({ code: 'bad-input', message: 'This worker has no operation "toString".' }) },
    ]);
  });

  it('lets the worker describe its own failures', async () => {
    const sent: WorkerToMain[] = [];
    const serve = serveWorker<TestOperations>(
      { operations, describeFailure: (error, request) => ({ code: 'load-failed', message: `${request.op}: ${(error as Error).message}` }) },
      (message) => void sent.push(message),
    );
    await serve({ kind: 'request', id: 7, op: 'fail', params: { code: 'internal' } });
    expect(sent).toEqual([{ kind: 'error', id: 7, error: { code: 'load-failed', message: 'fail: failed with internal' } }]);
  });

  it('answers a cancel at once with cancelled, stops the job at its next checkpoint, and sends nothing more for it', async () => {
    const { sent, serve } = recorder();
    const done = serve({ kind: 'request', id: 1, op: 'spin', params: {} });
    await new Promise((resolve) => setTimeout(resolve, 5));
    await serve({ kind: 'cancel', id: 1 });
    expect(sent).toEqual([{ kind: 'error', id: 1, error: expect.objectContaining({ code: 'cancelled' }) }]);
    await done;
    expect(sent).toHaveLength(1);
    await serve({ kind: 'cancel', id: 1 }); // a late cancel of a finished request is ignored
    expect(sent).toHaveLength(1);
  });

  it('reads the shared cancel flag without the cancel message', async () => {
    const { sent, serve } = recorder();
    const cancelFlag = new SharedArrayBuffer(4);
    const done = serve({ kind: 'request', id: 1, op: 'spin', params: {}, cancelFlag });
    Atomics.store(new Int32Array(cancelFlag), 0, 1);
    await done;
    // The page rejected the call when it raised the flag; the worker stays silent.
    expect(sent).toEqual([]);
  });

  it('answers ping with pong, and ignores what is not a message of the protocol', async () => {
    const { sent, serve } = recorder();
    await serve({ kind: 'ping', id: -1 });
    await serve({ kind: 'request', id: 'x' });
    await serve('hello');
    expect(sent).toEqual([{ kind: 'pong', id: -1 }]);
  });
});

describe('the transport and the serve loop together', () => {
  it('carry any operations table: results, progress, tokens, errors, and a cancel that leaves the other calls alone', async () => {
    const transport = new WorkerTransport<TestOperations>(() => new LoopbackWorker(), { name: 'test', locks: null });
    const progress: number[] = [];
    const tokens: string[] = [];
    const controller = new AbortController();
    const spinning = transport.request('spin', {}, { signal: controller.signal });
    const echoed = transport.request('echo', { text: 'hi' });
    const counted = transport.request('count', { to: 3 }, { onProgress: (p) => progress.push(p.done) });
    const spelled = transport.request('spell', { word: 'abc' }, { onToken: (t) => tokens.push(t) });
    const failed = transport.request('fail', { code: 'bad-input' });
    await expect(echoed).resolves.toBe('hi');
    controller.abort();
    await expect(spinning).rejects.toMatchObject({ code: 'cancelled' });
    await expect(counted).resolves.toBe(3);
    await expect(spelled).resolves.toBe('abc');
    await expect(failed).rejects.toMatchObject({ code: 'bad-input', message: 'failed with bad-input' });
    expect(progress).toEqual([1, 2, 3]);
    expect(tokens).toEqual(['a', 'b', 'c']);
    await expect(transport.request('echo', { text: 'after' })).resolves.toBe('after');
    expect(transport.inFlight).toBe(0);
  });
});
