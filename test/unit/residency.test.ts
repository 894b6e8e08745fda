/**
 * Which loaded models the client unloads: the pure bookkeeping (ModelResidency) and the client
 * acting on it over a scripted worker (the unload requests it sends, the loaded list it reports).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createClient } from '../../src/sdk/client';
import { ModelResidency } from '../../src/sdk/residency';
import type { InferenceOperations } from '../../src/workers/inferenceProtocol';
import type { MainToWorker } from '../../src/workers/messages';
import { ScriptedWorker } from './support/scriptedWorker';

const MB = 1024 * 1024;

describe('ModelResidency', () => {
  it('unloads the least recently used idle models, and only as many as the budget needs', () => {
    const residency = new ModelResidency({ budgetBytes: 250 * MB, idleMs: 60_000 });
    residency.loaded('a', 100 * MB, 1);
    residency.loaded('b', 100 * MB, 2);
    residency.use('a', 3);
    residency.release('a', 3); // a used after b: b is the least recently used
    expect(residency.toMakeRoom('c', 40 * MB)).toEqual([]); // 240 MB fits
    expect(residency.toMakeRoom('c', 100 * MB)).toEqual(['b']);
    expect(residency.toMakeRoom('c', 180 * MB)).toEqual(['b', 'a']);
  });

  it('never unloads a model in use, even when the budget is passed', () => {
    const residency = new ModelResidency({ budgetBytes: 100 * MB, idleMs: 60_000 });
    residency.loaded('a', 90 * MB, 1);
    residency.use('a', 2);
    expect(residency.toMakeRoom('b', 90 * MB)).toEqual([]);
    residency.release('a', 3);
    expect(residency.toMakeRoom('b', 90 * MB)).toEqual(['a']);
  });

  it('a reload of the same model replaces its bytes instead of adding them', () => {
    const residency = new ModelResidency({ budgetBytes: 150 * MB, idleMs: 60_000 });
    residency.loaded('a', 100 * MB, 1);
    expect(residency.toMakeRoom('a', 100 * MB)).toEqual([]);
    residency.loaded('a', 100 * MB, 2);
    expect(residency.totalBytes()).toBe(100 * MB);
  });

  it('expires idle models after idleMs, not those in use or unloaded', () => {
    const residency = new ModelResidency({ budgetBytes: 1000 * MB, idleMs: 1000 });
    residency.loaded('a', 10 * MB, 0);
    residency.loaded('b', 10 * MB, 500);
    residency.loaded('c', 0, 0); // size unknown: still expires
    residency.use('b', 600);
    expect(residency.nextExpiry()).toBe(1000);
    expect(residency.expired(999)).toEqual([]);
    expect(residency.expired(5000)).toEqual(['a', 'c']);
    residency.unloaded('a');
    residency.release('b', 700);
    expect(residency.expired(5000)).toEqual(['c', 'b']);
  });
});

const ENVIRONMENT = { backend: 'wasm', webgpuAvailable: false, crossOriginIsolated: true, wasmThreads: 2 };

/** A worker that loads any model with `bytes[modelId]` of weights and classifies/embeds at once. */
function clientWithSizes(bytes: Record<string, number>, memory: { budgetBytes?: number; idleMs?: number }) {
  const workers: ScriptedWorker[] = [];
  const changes: string[][] = [];
  const script = (message: MainToWorker<InferenceOperations>, worker: ScriptedWorker) => {
    if (message.kind !== 'request') return;
    const reply = (result: unknown) => worker.reply({ kind: 'result', id: message.id, result } as never);
    if (message.op === 'configure') reply(ENVIRONMENT);
    else if (message.op === 'load') {
      const modelId = message.params.model.id;
      reply({ modelId, backend: 'wasm', dtype: 'q8', loadMs: 1, weightBytes: bytes[modelId] ?? 0 });
    } else if (message.op === 'unload') reply({ unloaded: true });
    else if (message.op === 'classify') reply([{ label: 'POSITIVE', score: 0.9 }]);
    else if (message.op === 'embed') reply([[1, 0]]);
  };
  const client = createClient({
    preset: 'fixtures',
    memory,
    onLoadedChange: (loaded) => changes.push(loaded.map((m) => m.modelId)),
    createWorker: () => {
      const worker = new ScriptedWorker(script);
      workers.push(worker);
      return worker;
    },
  });
  return { client, workers, changes };
}

describe('the client under memory limits', () => {
  afterEach(() => vi.useRealTimers());

  it('unloads the least recently used model when a load passes the budget (by the size the worker reports), and reloads it at its next call', async () => {
    const sentiment = 'tiny/distilbert-sentiment';
    const embeddings = 'tiny/minilm-embeddings';
    const { client, workers, changes } = clientWithSizes({ [sentiment]: 60 * MB, [embeddings]: 60 * MB }, { budgetBytes: 100 * MB });
    await client.classify(['great']);
    await client.embed(['great']);
    const worker = workers[0]!;
    expect(worker.requests('unload').map((m) => m.params)).toEqual([{ modelId: sentiment }]);
    expect(client.models.loaded().map((m) => m.modelId)).toEqual([embeddings]);
    expect(changes.at(-1)).toEqual([embeddings]); // the Models panel hears of the unload
    expect(client.models.memory().loadedBytes).toBe(60 * MB);

    await client.classify(['again']);
    expect(worker.requests('load').map((m) => (m.params as { model: { id: string } }).model.id)).toEqual([sentiment, embeddings, sentiment]);
    expect(worker.requests('unload').map((m) => m.params)).toEqual([{ modelId: sentiment }, { modelId: embeddings }]);
    client.dispose();
  });

  it('keeps every model when they fit', async () => {
    const { client, workers } = clientWithSizes({ 'tiny/distilbert-sentiment': 60 * MB, 'tiny/minilm-embeddings': 60 * MB }, { budgetBytes: 200 * MB });
    await client.classify(['great']);
    await client.embed(['great']);
    expect(workers[0]!.requests('unload')).toEqual([]);
    expect(client.models.loaded()).toHaveLength(2);
    client.dispose();
  });

  it('unloads a model left unused for idleMs, and memory() changes the limits of a live client', async () => {
    vi.useFakeTimers();
    const { client, workers } = clientWithSizes({ 'tiny/distilbert-sentiment': 60 * MB }, { idleMs: 60_000 });
    await client.classify(['great']);
    await vi.advanceTimersByTimeAsync(59_000);
    expect(workers[0]!.requests('unload')).toEqual([]);
    expect(client.models.memory({ idleMs: 10_000 })).toMatchObject({ idleMs: 10_000, loadedBytes: 60 * MB });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(workers[0]!.requests('unload').map((m) => m.params)).toEqual([{ modelId: 'tiny/distilbert-sentiment' }]);
    expect(client.models.loaded()).toEqual([]);
    client.dispose();
  });
});
