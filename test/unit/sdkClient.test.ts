/**
 * The SDK's promises over a scripted fake worker: results, progress routing, cancellation at
 * every stage, typed errors, crashes and restarts. The inference itself is covered by the
 * integration and e2e tests; here the worker's answers are scripted to reach every path.
 */
import { describe, expect, it, vi } from 'vitest';
import { customModel } from '../../src/models/catalog';
import { createClient } from '../../src/sdk/client';
import type { ClientOptions } from '../../src/sdk/types';
import type { InferenceOperations, InferenceRequest, ParamsOf } from '../../src/workers/inferenceProtocol';
import type { MainToWorker } from '../../src/workers/messages';
import { ScriptedWorker } from './support/scriptedWorker';

/** The scripted fake worker of these tests. */
class FakeWorker extends ScriptedWorker {}

const ENVIRONMENT = { backend: 'wasm', webgpuAvailable: false, crossOriginIsolated: true, wasmThreads: 2 };

/** Answers configure and load at once; everything else goes to `onOperation`. */
function standardScript(onOperation: (message: InferenceRequest, worker: FakeWorker) => void = () => {}) {
  return (message: MainToWorker<InferenceOperations>, worker: FakeWorker) => {
    if (message.kind !== 'request') return;
    if (message.op === 'configure') worker.reply({ kind: 'result', id: message.id, result: ENVIRONMENT });
    else if (message.op === 'load')
      worker.reply({ kind: 'result', id: message.id, result: { modelId: message.params.model.id, backend: 'wasm', dtype: 'q8', loadMs: 5 } });
    else onOperation(message, worker);
  };
}

function clientWith(script: (message: MainToWorker<InferenceOperations>, worker: FakeWorker) => void, options: Pick<ClientOptions, 'memory'> = {}) {
  const workers: FakeWorker[] = [];
  const client = createClient({
    preset: 'fixtures',
    ...options,
    createWorker: () => {
      const worker = new FakeWorker(script);
      workers.push(worker);
      return worker;
    },
  });
  return { client, workers };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('createClient', () => {
  it('configures the worker, loads the assigned model, then classifies with it', async () => {
    const { client, workers } = clientWith(
      standardScript((message, worker) => {
        if (message.op !== 'classify') return;
        worker.reply({ kind: 'work-progress', id: message.id, progress: { done: 1, total: 1 } });
        worker.reply({ kind: 'result', id: message.id, result: [{ label: 'POSITIVE', score: 0.9 }] });
      }),
    );
    const progress: number[] = [];
    const results = await client.classify(['great'], { onProgress: (p) => progress.push(p.done) });
    expect(results).toEqual([{ label: 'POSITIVE', score: 0.9 }]);
    expect(progress).toEqual([1]);
    const ops = workers[0]!.requests().map((m) => m.op);
    expect(ops).toEqual(['configure', 'load', 'classify']);
    const classify = workers[0]!.requests('classify')[0]!;
    expect(classify.params).toMatchObject({ model: { id: 'tiny/distilbert-sentiment', dtype: 'q8' }, texts: ['great'] });
    expect(client.models.loaded().map((m) => m.modelId)).toEqual(['tiny/distilbert-sentiment']);
  });

  it('uses fp32 weights when the worker runs on WebGPU', async () => {
    const { client, workers } = clientWith((message, worker) => {
      if (message.kind !== 'request') return;
      if (message.op === 'configure') worker.reply({ kind: 'result', id: message.id, result: { ...ENVIRONMENT, backend: 'webgpu' } });
      if (message.op === 'load') worker.reply({ kind: 'result', id: message.id, result: { modelId: 'x', backend: 'webgpu', dtype: 'fp32', loadMs: 1 } });
      if (message.op === 'embed') worker.reply({ kind: 'result', id: message.id, result: [[1, 0]] });
    });
    await client.embed(['a']);
    expect(workers[0]!.requests('embed')[0]!.params).toMatchObject({ model: { dtype: 'fp32' } });
  });

  it('rejects at once, without sending anything, when the signal is already aborted', async () => {
    const { client, workers } = clientWith(standardScript());
    const controller = new AbortController();
    controller.abort();
    await expect(client.classify(['x'], { signal: controller.signal })).rejects.toMatchObject({
      code: 'cancelled',
      name: 'WorkbenchError',
      cause: controller.signal.reason,
    });
    expect(workers.flatMap((w) => w.requests('classify'))).toEqual([]);
  });

  it('cancels during the model download: rejects at once and tells the worker', async () => {
    const { client, workers } = clientWith((message, worker) => {
      if (message.kind !== 'request') return;
      if (message.op === 'configure') worker.reply({ kind: 'result', id: message.id, result: ENVIRONMENT });
      if (message.op === 'load') {
        // The download starts and never finishes on its own.
        worker.reply({
          kind: 'load-progress',
          id: message.id,
          progress: { modelId: 'tiny/gpt2', phase: 'downloading', loadedBytes: 10, totalBytes: 100, files: {} },
        });
      }
    });
    const controller = new AbortController();
    const loads: number[] = [];
    const seen: number[] = [];
    client.models.onProgress((p) => seen.push(p.loadedBytes));
    const pending = client.summarize('some text', { signal: controller.signal, onLoadProgress: (p) => loads.push(p.loadedBytes) });
    while (loads.length === 0) await tick();
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'cancelled' });
    const worker = workers[0]!;
    const load = worker.requests('load')[0]!;
    expect(worker.received).toContainEqual({ kind: 'cancel', id: load.id });
    expect(seen).toEqual([10]); // the global progress listener saw it too
  });

  it('cancels before the first token: the stream ends with cancelled and no token', async () => {
    const { client, workers } = clientWith(standardScript());
    const controller = new AbortController();
    const stream = client.generate('Hello', { signal: controller.signal, maxNewTokens: 20 });
    while (workers[0]?.requests('generate').length !== 1) await tick();
    controller.abort();
    const tokens: string[] = [];
    await expect(
      (async () => {
        for await (const token of stream) tokens.push(token);
      })(),
    ).rejects.toMatchObject({ code: 'cancelled' });
    expect(tokens).toEqual([]);
    await expect(stream.result).rejects.toMatchObject({ code: 'cancelled' });
    const generate = workers[0]!.requests('generate')[0]!;
    expect(workers[0]!.received).toContainEqual({ kind: 'cancel', id: generate.id });
    expect(generate.params).toMatchObject({ prompt: 'Hello', options: { maxNewTokens: 20 } });
  });

  it('streams tokens in order and settles with the full result', async () => {
    const { client } = clientWith(
      standardScript((message, worker) => {
        if (message.op !== 'generate') return;
        for (const text of ['The ', 'app ', 'works']) worker.reply({ kind: 'token', id: message.id, text });
        worker.reply({ kind: 'result', id: message.id, result: { text: 'The app works', tokenCount: 3, firstTokenMs: 1, totalMs: 2 } });
      }),
    );
    const stream = client.generate('Write');
    const tokens: string[] = [];
    for await (const token of stream) tokens.push(token);
    expect(tokens).toEqual(['The ', 'app ', 'works']);
    expect((await stream.result).text).toBe('The app works');
  });

  it('turns a worker error into a typed WorkbenchError', async () => {
    const { client } = clientWith(
      standardScript((message, worker) => {
        worker.reply({ kind: 'error', id: message.id, error: { code: 'out-of-memory', message: 'Out of memory.', detail: 'RangeError' } });
      }),
    );
    await expect(client.answer('q?', 'context')).rejects.toMatchObject({ code: 'out-of-memory', detail: 'RangeError' });
  });

  it('rejects in-flight calls when the worker crashes, and the next call starts a new configured worker', async () => {
    let crashNext = true;
    const { client, workers } = clientWith(
      standardScript((message, worker) => {
        if (message.op !== 'classify') return;
        if (crashNext) {
          crashNext = false;
          worker.crash('RuntimeError: unreachable');
        } else worker.reply({ kind: 'result', id: message.id, result: [{ label: 'NEGATIVE', score: 0.7 }] });
      }),
    );
    await expect(client.classify(['a'])).rejects.toMatchObject({ code: 'worker-crashed', detail: 'RuntimeError: unreachable' });
    expect(workers[0]!.terminated).toBe(true);
    expect(client.models.loaded()).toEqual([]);
    await expect(client.classify(['b'])).resolves.toEqual([{ label: 'NEGATIVE', score: 0.7 }]);
    expect(workers).toHaveLength(2);
    expect(workers[1]!.requests().map((m) => m.op)).toEqual(['configure', 'load', 'classify']);
  });

  it('rejects a model of another task and an invalid model id as bad input', async () => {
    const { client } = clientWith(standardScript());
    await expect(client.classify(['x'], { model: 'tiny/gpt2' })).rejects.toMatchObject({ code: 'bad-input' });
    await expect(client.classify(['x'], { model: '../../etc/passwd' })).rejects.toMatchObject({ code: 'bad-input' });
  });

  it('a new backend starts a new worker configured with it (its onnxruntime build is fixed at start); the same one keeps it', async () => {
    const { client, workers } = clientWith(standardScript((m, w) => w.reply({ kind: 'result', id: m.id, result: [] })));
    await client.classify([]);
    await client.setBackend('wasm');
    expect(workers).toHaveLength(2);
    expect(workers[0]!.terminated).toBe(true);
    expect(workers[0]!.requests('configure').map((m) => m.params)).toEqual([expect.objectContaining({ backend: 'auto' })]);
    expect(workers[1]!.requests('configure').map((m) => m.params)).toEqual([expect.objectContaining({ backend: 'wasm' })]);
    await client.setBackend('wasm');
    expect(workers).toHaveLength(2);
  });

  it('a new thread policy starts a new worker configured with it; the call in flight finishes on the old one', async () => {
    const held: Array<() => void> = [];
    const { client, workers } = clientWith(
      standardScript((message, worker) => {
        if (message.op !== 'embed') return;
        held.push(() => worker.reply({ kind: 'result', id: message.id, result: [[1]] }));
      }),
    );
    const running = client.embed(['slow']);
    while (held.length < 1) await tick();
    await client.setThreads('leave-a-core');
    expect(workers).toHaveLength(2);
    expect(workers[0]!.terminated).toBe(false);
    expect(workers[1]!.requests('configure').map((m) => m.params)).toEqual([expect.objectContaining({ threads: 'leave-a-core' })]);
    held.shift()!();
    await expect(running).resolves.toEqual([[1]]);
    expect(workers[0]!.terminated).toBe(true);
    expect(workers[0]!.requests('configure').map((m) => m.params)).toEqual([expect.objectContaining({ threads: 'auto' })]);
    // The same policy again keeps the worker.
    await client.setThreads('leave-a-core');
    expect(workers).toHaveLength(2);
  });

  it('dispose rejects what is in flight and terminates the worker', async () => {
    const { client, workers } = clientWith(standardScript());
    const pending = client.embed(['never answered']);
    while (workers[0]?.requests('embed').length !== 1) await tick();
    client.dispose();
    await expect(pending).rejects.toMatchObject({ code: 'cancelled' });
    expect(workers[0]!.terminated).toBe(true);
  });

  it('delivers storage warnings broadcast by the worker to the calls in flight', async () => {
    const warnings: string[] = [];
    const { client } = clientWith(
      standardScript((message, worker) => {
        worker.reply({ kind: 'warning', id: -1, warning: { code: 'storage-full', message: 'Could not cache model.onnx' } });
        worker.reply({ kind: 'result', id: message.id, result: [] });
      }),
    );
    await client.classify([], { onWarning: (w) => warnings.push(w.code) });
    expect(warnings).toEqual(['storage-full']);
  });

  it("runs 'custom:<name>' classifiers as a head over the embedding model, and names a missing one", async () => {
    const head = {
      classes: ['bug', 'praise'],
      dims: 2,
      weights: [
        [1, 0],
        [0, 1],
      ],
      bias: [0, 0],
    };
    const workers: FakeWorker[] = [];
    const client = createClient({
      preset: 'fixtures',
      createWorker: () => {
        const worker = new FakeWorker(
          standardScript((message, w) => w.reply({ kind: 'result', id: message.id, result: [{ label: 'bug', score: 0.8, probabilities: [0.8, 0.2] }] })),
        );
        workers.push(worker);
        return worker;
      },
      customClassifiers: async (name) => (name === 'triage' ? { head } : null),
    });
    const results = await client.classify(['it crashes'], { model: 'custom:triage' });
    expect(results[0]).toMatchObject({ label: 'bug' });
    const sent = workers[0]!.requests('classifyWithHead')[0]!;
    expect(sent.params).toMatchObject({ model: { id: 'tiny/minilm-embeddings', task: 'embeddings' }, texts: ['it crashes'], head });
    await expect(client.classify(['x'], { model: 'custom:nope' })).rejects.toMatchObject({ code: 'model-not-found' });
  });
});

describe('createClient: models.prepare', () => {
  const GPT2 = { modelId: 'tiny/gpt2', backend: 'wasm', dtype: 'q8', loadMs: 7, weightBytes: 8_000_000 };
  /** Answers prepare with `prepared`, warmUp with four drafts (unless held), and every generate with one token. */
  const preparingScript = (prepared: typeof GPT2 | null, holdWarmUp = false) =>
    standardScript((message, worker) => {
      if (message.op === 'prepare') worker.reply({ kind: 'result', id: message.id, result: prepared });
      if (message.op === 'warmUp' && !holdWarmUp) worker.reply({ kind: 'result', id: message.id, result: { drafts: 4 } });
      if (message.op === 'generate') worker.reply({ kind: 'result', id: message.id, result: { text: 'x', tokenCount: 1, firstTokenMs: 1, totalMs: 1 } });
    });

  it("asks the worker to prepare the task's model; once prepared it counts as loaded, and its first call sends no load", async () => {
    const { client, workers } = clientWith(preparingScript(GPT2));
    expect(await client.models.prepare('generation')).toEqual(GPT2);
    expect(workers[0]!.requests('prepare')[0]!.params).toMatchObject({ model: { id: 'tiny/gpt2', dtype: 'q8' } });
    expect(client.models.loaded()).toEqual([GPT2]);
    expect(client.models.memory().loadedBytes).toBe(8_000_000);
    await client.generate('Hello').result;
    expect(workers[0]!.requests().map((m) => m.op)).toEqual(['configure', 'prepare', 'warmUp', 'generate']);
  });

  it('a cancel during the warm-up drafts rejects as cancelled, and the model stays loaded and counted', async () => {
    const { client, workers } = clientWith(preparingScript(GPT2, true));
    const controller = new AbortController();
    const preparing = client.models.prepare('generation', { signal: controller.signal });
    while (workers[0]?.requests('warmUp').length !== 1) await tick();
    controller.abort();
    await expect(preparing).rejects.toMatchObject({ code: 'cancelled' });
    expect(workers[0]!.received.some((m) => m.kind === 'cancel' && m.id === workers[0]!.requests('warmUp')[0]!.id)).toBe(true);
    expect(client.models.loaded()).toEqual([GPT2]);
    expect(client.models.memory().loadedBytes).toBe(8_000_000);
  });

  it('resolves null when the worker finds the model not stored; its first call then loads it', async () => {
    const { client, workers } = clientWith(preparingScript(null));
    expect(await client.models.prepare('tiny/gpt2')).toBeNull();
    expect(client.models.loaded()).toEqual([]);
    await client.generate('Hello').result;
    expect(workers[0]!.requests().map((m) => m.op)).toEqual(['configure', 'prepare', 'load', 'generate']);
  });

  it('never unloads another model to make room: null, and the worker is not asked', async () => {
    // The sentiment fixture (3 MB) fits; the generator (8 MB) would only fit without it.
    const { client, workers } = clientWith(preparingScript(GPT2), { memory: { budgetBytes: 10 * 1024 * 1024 } });
    await client.models.load('sentiment');
    expect(await client.models.prepare('generation')).toBeNull();
    expect(workers[0]!.requests('prepare')).toEqual([]);
    expect(client.models.loaded().map((m) => m.modelId)).toEqual(['tiny/distilbert-sentiment']);
  });

  it('answers at once, without asking the worker, for a model already loaded', async () => {
    const { client, workers } = clientWith(preparingScript(GPT2));
    await client.models.load('generation');
    expect(await client.models.prepare('generation')).toMatchObject({ modelId: 'tiny/gpt2' });
    expect(workers[0]!.requests('prepare')).toEqual([]);
  });
});

describe('createClient: client-wide warnings', () => {
  it('passes every warning to onWarning, including broadcasts while no call is waiting', async () => {
    const warnings: string[] = [];
    const workers: FakeWorker[] = [];
    const client = createClient({
      preset: 'fixtures',
      onWarning: (w) => warnings.push(`${w.code}: ${w.message}`),
      createWorker: () => {
        const worker = new FakeWorker(
          standardScript((message, w) => {
            w.reply({ kind: 'warning', id: message.id, warning: { code: 'storage-full', message: 'during the call' } });
            w.reply({ kind: 'result', id: message.id, result: [[1]] });
          }),
        );
        workers.push(worker);
        return worker;
      },
    });
    const perCall: string[] = [];
    await client.embed(['a'], { onWarning: (w) => perCall.push(w.message) });
    // The weight cache finishes writing after the call returned: nobody is waiting any more.
    workers[0]!.reply({ kind: 'warning', id: -1, warning: { code: 'storage-full', message: 'Could not cache model.onnx' } });
    expect(warnings).toEqual(['storage-full: during the call', 'storage-full: Could not cache model.onnx']);
    expect(perCall).toEqual(['during the call']);
  });

  it('keeps working when onWarning throws', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { client } = clientWith(standardScript((message, w) => w.reply({ kind: 'result', id: message.id, result: [[1]] })));
    const throwing = createClient({
      preset: 'fixtures',
      onWarning: () => {
        throw new Error('listener bug');
      },
      createWorker: () =>
        new FakeWorker(
          standardScript((message, w) => {
            w.reply({ kind: 'warning', id: -1, warning: { code: 'storage-full', message: 'x' } });
            w.reply({ kind: 'result', id: message.id, result: [[2]] });
          }),
        ),
    });
    await expect(throwing.embed(['a'])).resolves.toEqual([[2]]);
    await expect(client.embed(['a'])).resolves.toEqual([[1]]);
    expect(warn).toHaveBeenCalledTimes(1);
    warn.mockRestore();
  });
});

describe('createClient: summarize, one window or in parts', () => {
  const WINDOW = 512;
  const words = (text: string) => text.split(/\s+/).filter(Boolean).length;
  /** A worker whose chunk op cuts the text at "|" (each part "fits"), and whose summaries are short. */
  function summarizingWorker(options: { abortOnSummary?: { call: number; controller: AbortController } } = {}) {
    let summaries = 0;
    return clientWith(
      standardScript((message, worker) => {
        if (message.op === 'chunk') {
          const text = message.params.text;
          worker.reply({ kind: 'work-progress', id: message.id, progress: { done: text.length, total: text.length } });
          let start = 0;
          const chunks = text.split('|').map((part, index) => {
            const chunk = { index, text: part.trim(), start: text.indexOf(part.trim(), start), end: 0, tokens: words(part) + 4 };
            chunk.end = chunk.start + chunk.text.length;
            start = chunk.end;
            return chunk;
          });
          worker.reply({ kind: 'result', id: message.id, result: { chunks, maxInputTokens: WINDOW, inputTokens: words(text) + 4 } });
        } else if (message.op === 'tokenize') {
          worker.reply({ kind: 'result', id: message.id, result: { counts: message.params.texts.map((t) => words(t) + 1), maxInputTokens: WINDOW } });
        } else if (message.op === 'summarize') {
          summaries++;
          if (options.abortOnSummary?.call === summaries) options.abortOnSummary.controller.abort();
          const summary = `S${summaries}(${words(message.params.text)})`;
          worker.reply({ kind: 'token', id: message.id, text: summary });
          worker.reply({ kind: 'work-progress', id: message.id, progress: { done: 1, total: message.params.options?.maxNewTokens ?? 60 } });
          worker.reply({ kind: 'result', id: message.id, result: { text: summary } });
        }
      }),
    );
  }

  it('summarizes a text that fits the window in one step, streaming it', async () => {
    const { client, workers } = summarizingWorker();
    const tokens: string[] = [];
    const progress: Array<string | undefined> = [];
    const summary = await client.summarize('  A short review. It works.  ', {
      maxNewTokens: 20,
      onToken: (t) => tokens.push(t),
      onProgress: (p) => progress.push(p.stage),
    });
    expect(summary).toBe('S1(5)');
    expect(tokens).toEqual(['S1(5)']);
    expect(workers[0]!.requests().map((m) => m.op)).toEqual(['configure', 'load', 'chunk', 'summarize']);
    expect(workers[0]!.requests('summarize')[0]!.params).toMatchObject({ text: 'A short review. It works.', options: { maxNewTokens: 20 } });
    expect(progress).toEqual(['chunking', 'summarizing']);
  });

  it('summarizes a longer text in parts, then combines them; only the final summary streams', async () => {
    const { client, workers } = summarizingWorker();
    const tokens: string[] = [];
    const steps: Array<[number, number]> = [];
    const summary = await client.summarize('one two three | four five | six seven eight nine', {
      maxNewTokens: 30,
      onToken: (t) => tokens.push(t),
      onProgress: (p) => {
        if (p.stage === 'summarizing') steps.push([p.done, p.total]);
      },
    });
    const sent = workers[0]!.requests('summarize').map((m) => m.params as ParamsOf<'summarize'>);
    expect(sent.map((p) => p.text)).toEqual(['one two three', 'four five', 'six seven eight nine', 'S1(3)\nS2(2)\nS3(4)']);
    // Partial summaries are capped (a quarter of the window at most); the final one is the caller's.
    expect(sent.slice(0, 3).every((p) => (p.options?.maxNewTokens ?? 0) <= WINDOW / 4)).toBe(true);
    expect(sent[3]!.options).toMatchObject({ maxNewTokens: 30 });
    expect(summary).toBe('S4(3)');
    expect(tokens).toEqual(['S4(3)']);
    expect(steps.at(-1)).toEqual([4, 4]);
  });

  it('stops a summary in parts when cancelled between parts', async () => {
    const controller = new AbortController();
    const { client, workers } = summarizingWorker({ abortOnSummary: { call: 2, controller } });
    await expect(client.summarize('a b | c d | e f', { signal: controller.signal })).rejects.toMatchObject({ code: 'cancelled' });
    await tick();
    expect(workers[0]!.requests('summarize')).toHaveLength(2);
  });
});

describe('createClient: summarize in a language the summarizer does not know', () => {
  /** Embeddings from a Chinese embedding model: sentences about delivery point one way, the others another. */
  function embeddingWorker() {
    const workers: FakeWorker[] = [];
    const script = standardScript((message, worker) => {
      if (message.op === 'embed') {
        const vectors = message.params.texts.map((text) => (/送|慢|小时/.test(text) ? [1, 0.1] : [0.1, 1]));
        worker.reply({ kind: 'result', id: message.id, result: vectors });
      }
    });
    const client = createClient({
      preset: 'fixtures',
      userModels: [customModel('acme/zh-embeddings', 'embeddings', ['zh', 'en'])],
      assignment: { embeddings: 'acme/zh-embeddings' },
      createWorker: () => {
        const worker = new FakeWorker(script);
        workers.push(worker);
        return worker;
      },
    });
    return { client, workers };
  }

  it('summarizes Chinese text extractively with the embeddings model: a Chinese summary of its own sentences', async () => {
    const { client, workers } = embeddingWorker();
    const text = '送餐太慢了，等了两个小时。送到的时候饭菜都凉了。味道其实还可以。送餐员态度很好。包装很结实。';
    const tokens: string[] = [];
    const summary = await client.summarize(text, { maxSentences: 2, onToken: (t) => tokens.push(t) });
    const ops = workers[0]!.requests().map((m) => m.op);
    expect(ops).toContain('embed');
    expect(ops).not.toContain('summarize'); // the English summarizer never sees Chinese text
    expect(workers[0]!.requests('embed')[0]!.params).toMatchObject({ model: { id: 'acme/zh-embeddings' } });
    expect(summary).toMatch(/^[\p{Script=Han}，。]+$/u);
    for (const sentence of summary.split(/(?<=。)/u)) expect(text).toContain(sentence);
    expect(summary.split(/(?<=。)/u)).toHaveLength(2);
    expect(tokens).toEqual([summary]);
  });

  it("follows the caller's method: extractive on English text too when asked", async () => {
    const { client, workers } = embeddingWorker();
    await client.summarize('The delivery was late. The food was cold.', { method: 'extractive', maxSentences: 1 });
    expect(workers[0]!.requests().map((m) => m.op)).not.toContain('summarize');
    expect(workers[0]!.requests('embed')).toHaveLength(1);
  });

  it('compares sentences word by word when no embedding model knows the language (no model call at all)', async () => {
    const { client, workers } = clientWith(standardScript());
    const text = '送餐太慢了，等了两个小时。送餐太慢了，等了三个小时！味道其实还可以。包装很结实。';
    const summary = await client.summarize(text, { maxSentences: 2 });
    expect(workers.flatMap((w) => w.requests().map((m) => m.op)).filter((op) => op !== 'configure')).toEqual([]);
    expect(summary.split(/(?<=[。！])/u)).toHaveLength(2);
    expect(summary.match(/送餐太慢/gu)).toHaveLength(1); // the repeated complaint is quoted once
  });
});
