import { describe, expect, it } from 'vitest';
import { raceAbort } from '../../src/core';
import { SerialQueue } from '../../src/workers/requestQueue';

const deferred = <T>() => {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
};

describe('SerialQueue', () => {
  it('runs jobs one after another in arrival order', async () => {
    const queue = new SerialQueue();
    const order: string[] = [];
    const gate = deferred<void>();
    const never = new AbortController().signal;
    const a = queue.run(async () => {
      order.push('a start');
      await gate.promise;
      order.push('a end');
    }, never);
    const b = queue.run(async () => void order.push('b'), never);
    await new Promise((r) => setTimeout(r, 5));
    expect(order).toEqual(['a start']);
    expect(queue.size).toBe(2);
    gate.resolve();
    await Promise.all([a, b]);
    expect(order).toEqual(['a start', 'a end', 'b']);
    expect(queue.size).toBe(0);
  });

  it('rejects a waiting job at once when cancelled, and never starts it', async () => {
    const queue = new SerialQueue();
    const gate = deferred<void>();
    const never = new AbortController().signal;
    const first = queue.run(() => gate.promise, never);
    const controller = new AbortController();
    let started = false;
    const second = queue.run(async () => void (started = true), controller.signal);
    controller.abort();
    await expect(second).rejects.toMatchObject({ code: 'cancelled' });
    gate.resolve();
    await first;
    await new Promise((r) => setTimeout(r, 5));
    expect(started).toBe(false);
    // The queue is usable afterwards.
    await expect(queue.run(async () => 42, never)).resolves.toBe(42);
  });
});

describe('raceAbort', () => {
  it('passes through results and errors, and rejects early on abort', async () => {
    const never = new AbortController().signal;
    await expect(raceAbort(Promise.resolve(1), never)).resolves.toBe(1);
    await expect(raceAbort(Promise.reject(new Error('boom')), never)).rejects.toThrow('boom');
    const controller = new AbortController();
    const pending = raceAbort(new Promise(() => {}), controller.signal);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'cancelled' });
  });
});
