/**
 * The inference engine on real transformers.js pipelines (onnxruntime-node) with the tiny
 * real-signature models: every task, streaming, cancellation, queueing and typed errors.
 */
import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ModelRegistry, pipeline } from '@huggingface/transformers';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_MODELS, toModelRef } from '../../src/models/catalog';
import type { Task, WorkProgress } from '../../src/core';
import type { WorkerToMain } from '../../src/workers/messages';
import { createNodeEngine, NODE_CONFIG, send, SHARED_MODELS, sharedModelsAvailable } from '../support/nodeEngine';

const engine = createNodeEngine();

function fixture(task: Task) {
  const model = FIXTURE_MODELS.find((m) => m.task === task);
  if (!model) throw new Error(`no fixture model for ${task}`);
  return toModelRef(model, 'cpu');
}

/**
 * 60 App Store reviews, one word to several paragraphs, plus one longer than the 512-token
 * window: batches mix lengths, pad, and truncate as they do on a real import.
 */
async function reviewSample(): Promise<string[]> {
  const csv = await readFile(resolve(SHARED_MODELS, '../datasets/appstore_reviews_category_sentiment_vu/dataset.csv'), 'utf8');
  const rows = Papa.parse<{ review?: string }>(csv, { header: true, skipEmptyLines: true }).data;
  const reviews = rows.map((row) => row.review?.trim() ?? '').filter((text) => text !== '');
  return [...reviews.slice(0, 60), reviews.slice(0, 80).join(' ')];
}

function progressOf(messages: WorkerToMain<WorkProgress>[]) {
  return messages.flatMap((m) => (m.kind === 'work-progress' ? [m.progress] : []));
}

beforeAll(async () => {
  if (!sharedModelsAvailable()) throw new Error('../shared/models/tiny is missing: the integration tests need it');
  const environment = await send(engine, 'configure', NODE_CONFIG).outcome();
  expect(environment).toMatchObject({ backend: 'cpu' });
});

describe('the model runtime', () => {
  it('starts once, at the first configuration, without holding the configuration up', async () => {
    let starts = 0;
    let finishStart!: () => void;
    const started = createNodeEngine({
      startRuntime: () => {
        starts += 1;
        return new Promise<void>((resolve) => (finishStart = resolve));
      },
    });
    // The start never finishes until released: the configurations answer anyway.
    await send(started, 'configure', NODE_CONFIG).outcome();
    await send(started, 'configure', { ...NODE_CONFIG, threads: 'leave-a-core' }).outcome();
    // It starts in a task after the first answer was posted.
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(starts).toBe(1);
    finishStart();
  });

  it('lets models load and run in an engine whose runtime was started ahead of them', async () => {
    const results = (await send(engine, 'classify', { model: fixture('sentiment'), texts: ['I love it'] }).outcome()) as Array<{ label: string }>;
    expect(results.map((r) => r.label)).toEqual(['POSITIVE']);
  });
});

describe('loading a model every file of which is stored', () => {
  /** A platform that holds every file on disk, as the browser's weight cache does after a download. */
  function engineWithStoredFiles(asked: unknown[]) {
    return createNodeEngine({
      async cachedFiles(task, modelId, options) {
        asked.push({ task, modelId, options });
        const files = await ModelRegistry.get_pipeline_files(task, modelId, options);
        return files.map((file) => ({ file, bytes: statSync(resolve(SHARED_MODELS, modelId, file)).size }));
      },
    });
  }

  function loadReports(messages: WorkerToMain<WorkProgress>[]) {
    return messages.flatMap((m) => (m.kind === 'load-progress' ? [m.progress] : []));
  }

  it('reports the whole size at once, then ready; transformers.js reports no download', async () => {
    const asked: unknown[] = [];
    const stored = engineWithStoredFiles(asked);
    await send(stored, 'configure', NODE_CONFIG).outcome();
    const model = fixture('sentiment');
    const run = send(stored, 'load', { model });
    const info = (await run.outcome()) as { weightBytes: number };

    expect(asked).toEqual([{ task: 'text-classification', modelId: model.id, options: { device: 'cpu', dtype: model.dtype } }]);
    const onDisk = ['config.json', 'onnx/model_quantized.onnx', 'tokenizer.json', 'tokenizer_config.json'].reduce(
      (sum, file) => sum + statSync(resolve(SHARED_MODELS, model.id, file)).size,
      0,
    );
    const reports = loadReports(run.messages);
    expect(reports.map((report) => report.phase)).toEqual(['initializing', 'ready']);
    for (const report of reports) expect(report).toMatchObject({ loadedBytes: onDisk, totalBytes: onDisk });
    expect(info.weightBytes).toBe(onDisk);
    const results = (await send(stored, 'classify', { model, texts: ['I love it'] }).outcome()) as Array<{ label: string }>;
    expect(results.map((r) => r.label)).toEqual(['POSITIVE']);
  });

  it('loads with transformers.js reporting each file when the platform has not got them all', async () => {
    const partial = createNodeEngine({ cachedFiles: async () => undefined });
    await send(partial, 'configure', NODE_CONFIG).outcome();
    const run = send(partial, 'load', { model: fixture('sentiment') });
    const info = (await run.outcome()) as { weightBytes: number };
    const reports = loadReports(run.messages);
    expect(reports[0]?.phase).toBe('downloading');
    expect(reports.at(-1)).toMatchObject({ phase: 'ready', totalBytes: info.weightBytes });
    expect(info.weightBytes).toBeGreaterThan(100_000);
  });
});

describe('a load abandoned by everyone who asked for it', () => {
  it('is waited for, not built beside: the next request starts nothing until it ends, then uses what it built', async () => {
    // The stored-files check of each load waits until the test lets it go: the first load is
    // held there after its only request is cancelled.
    const checks: Array<(files: undefined) => void> = [];
    const held = createNodeEngine({ cachedFiles: () => new Promise((resolve) => checks.push(resolve)) });
    await send(held, 'configure', NODE_CONFIG).outcome();
    const model = fixture('sentiment');
    const abandoned = send(held, 'load', { model });
    await expect.poll(() => checks.length).toBe(1);
    abandoned.cancel();
    await expect(abandoned.outcome()).rejects.toMatchObject({ code: 'cancelled' });

    const next = send(held, 'classify', { model, texts: ['I love it, works great'] });
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Before: a second load started at once, its session built beside the first one's.
    expect(checks).toHaveLength(1);
    // The held load goes on: its files come from disk (on Node no abort reaches them) and its session is built.
    checks[0]!(undefined);
    const results = (await next.outcome()) as Array<{ label: string }>;
    expect(results.map((r) => r.label)).toEqual(['POSITIVE']);
    expect(checks).toHaveLength(1);
    expect(next.messages.some((m) => m.kind === 'load-progress')).toBe(false);
  });
});

describe('preparing a model ahead of its first call', () => {
  const storedEverywhere = () =>
    createNodeEngine({
      async cachedFiles(task, modelId, options) {
        const files = await ModelRegistry.get_pipeline_files(task, modelId, options);
        return files.map((file) => ({ file, bytes: statSync(resolve(SHARED_MODELS, modelId, file)).size }));
      },
    });
  const loadReports = (messages: WorkerToMain<WorkProgress>[]) => messages.flatMap((m) => (m.kind === 'load-progress' ? [m.progress] : []));

  it('loads a model whose files are all stored; its warm-up drafts stream nothing, and the next draft needs no load', async () => {
    const stored = storedEverywhere();
    await send(stored, 'configure', NODE_CONFIG).outcome();
    const model = fixture('generation');
    const run = send(stored, 'prepare', { model });
    expect(await run.outcome()).toMatchObject({ modelId: model.id, dtype: model.dtype, weightBytes: expect.any(Number) });
    expect(loadReports(run.messages).at(-1)?.phase).toBe('ready');

    const warmUp = send(stored, 'warmUp', { model });
    expect(await warmUp.outcome()).toEqual({ drafts: 4 });
    expect(warmUp.tokens()).toEqual([]);
    expect(warmUp.messages.some((m) => m.kind === 'work-progress' || m.kind === 'load-progress')).toBe(false);

    const draft = send(stored, 'generate', { model, prompt: 'This speaker is', options: { maxNewTokens: 5, minNewTokens: 5 } });
    expect(await draft.outcome()).toMatchObject({ tokenCount: 5 });
    expect(loadReports(draft.messages)).toEqual([]);
  });

  it('warms up only a loaded decoding model, never loading one, and gives way to a draft asked for meanwhile', async () => {
    const stored = storedEverywhere();
    await send(stored, 'configure', NODE_CONFIG).outcome();
    const model = fixture('generation');
    const notLoaded = send(stored, 'warmUp', { model });
    expect(await notLoaded.outcome()).toEqual({ drafts: 0 });
    expect(loadReports(notLoaded.messages)).toEqual([]);
    await send(stored, 'load', { model: fixture('sentiment') }).outcome();
    expect(await send(stored, 'warmUp', { model: fixture('sentiment') }).outcome()).toEqual({ drafts: 0 });

    await send(stored, 'prepare', { model }).outcome();
    const warmUp = send(stored, 'warmUp', { model });
    const draft = send(stored, 'generate', { model, prompt: 'The battery', options: { maxNewTokens: 8, minNewTokens: 8 } });
    const [warmed, written] = (await Promise.all([warmUp.outcome(), draft.outcome()])) as [{ drafts: number }, { tokenCount: number }];
    expect(written.tokenCount).toBe(8);
    // At most the one draft that was running when the real one came; none once the real one has run.
    expect(warmed.drafts).toBeLessThanOrEqual(1);
  });

  it('leaves a model that is not stored unloaded: its first call downloads it', async () => {
    const notStored = createNodeEngine({ cachedFiles: async () => undefined });
    await send(notStored, 'configure', NODE_CONFIG).outcome();
    const model = fixture('generation');
    const run = send(notStored, 'prepare', { model });
    expect(await run.outcome()).toBeNull();
    expect(loadReports(run.messages)).toEqual([]);
    // The browser test (write.spec.ts) checks that no file is requested from the server.
    const load = send(notStored, 'load', { model });
    await load.outcome();
    expect(loadReports(load.messages)[0]?.phase).toBe('downloading');
  });

  it('shares its load with a draft asked for meanwhile, which gets its whole text', async () => {
    const stored = storedEverywhere();
    await send(stored, 'configure', NODE_CONFIG).outcome();
    const model = fixture('generation');
    const prepare = send(stored, 'prepare', { model });
    const draft = send(stored, 'generate', { model, prompt: 'The battery', options: { maxNewTokens: 8, minNewTokens: 8 } });
    const [prepared, written] = (await Promise.all([prepare.outcome(), draft.outcome()])) as [{ loadMs: number }, { tokenCount: number; text: string }];
    expect(written.tokenCount).toBe(8);
    expect(draft.tokens().join('').trim()).toBe(written.text.trim());
    // One load for both: the draft reports the same load the preparation started.
    expect(prepared.loadMs).toBeGreaterThan(0);
    expect(loadReports(prepare.messages).filter((p) => p.phase === 'ready')).toHaveLength(1);
  });

  it('stops its drafts when cancelled and leaves the model usable', async () => {
    const stored = storedEverywhere();
    await send(stored, 'configure', NODE_CONFIG).outcome();
    const model = fixture('generation');
    await send(stored, 'prepare', { model }).outcome();
    const run = send(stored, 'warmUp', { model });
    run.cancel();
    await run.done;
    expect(run.messages.find((m) => m.kind === 'result' || m.kind === 'error')).toMatchObject({ kind: 'error', error: { code: 'cancelled' } });
    const draft = send(stored, 'generate', { model, prompt: 'Next', options: { maxNewTokens: 3, minNewTokens: 3 } });
    expect(await draft.outcome()).toMatchObject({ tokenCount: 3 });
    expect(loadReports(draft.messages)).toEqual([]);
  });
});

describe('sentiment', () => {
  it('labels clear positive and negative feedback and reports progress per batch', async () => {
    const run = send(engine, 'classify', {
      model: fixture('sentiment'),
      texts: [
        'I love it, works great and the sound is amazing',
        'Terrible product, it broke after two days and support never answered',
        'Excellent, very happy with this purchase',
      ],
      batchSize: 2,
    });
    const results = (await run.outcome()) as Array<{ label: string; score: number }>;
    expect(results.map((r) => r.label)).toEqual(['POSITIVE', 'NEGATIVE', 'POSITIVE']);
    for (const r of results) expect(r.score).toBeGreaterThan(0.5);
    const progress = progressOf(run.messages);
    expect(progress.map(({ done, total }) => ({ done, total }))).toEqual([
      { done: 2, total: 3 },
      { done: 3, total: 3 },
    ]);
    // The time share: after the first batch, its time and a prediction for the rest (an estimate,
    // refitted at every batch); at the end, the time spent and nothing left.
    const [first, last] = progress.map((p) => p.work!);
    expect(first!.done).toBeGreaterThan(0);
    expect(first!.done).toBeLessThan(first!.total);
    expect(last!.done).toBe(last!.total);
  });

  it("gives the transformers.js pipeline's labels and scores on real reviews of every length", async () => {
    const texts = await reviewSample();
    const model = fixture('sentiment');
    const results = (await send(engine, 'classify', { model, texts, batchSize: 32 }).outcome()) as Array<{ label: string; score: number }>;
    const reference = await pipeline('text-classification', model.id, { dtype: model.dtype, device: 'cpu' });
    try {
      for (const [index, text] of texts.entries()) {
        const [expected] = (await reference(text)) as Array<{ label: string; score: number }>;
        expect(results[index]!.label, text).toBe(expected!.label);
        // q8 models quantize activations per batch, so padding moves scores in the 4th decimal.
        expect(results[index]!.score).toBeCloseTo(expected!.score, 2);
      }
    } finally {
      await reference.dispose();
    }
  });

  it('reuses the loaded pipeline and runs queued requests for one model in turn', async () => {
    const first = send(engine, 'load', { model: fixture('sentiment') });
    const second = send(engine, 'load', { model: fixture('sentiment') });
    const [a, b] = (await Promise.all([first.outcome(), second.outcome()])) as Array<{ loadMs: number }>;
    expect(a!.loadMs).toBe(b!.loadMs); // the same load, not a second one
    const runs = [0, 1, 2].map((i) => send(engine, 'classify', { model: fixture('sentiment'), texts: [`great ${i}`, `awful ${i}`] }));
    const outcomes = (await Promise.all(runs.map((r) => r.outcome()))) as Array<unknown[]>;
    expect(outcomes.map((o) => o.length)).toEqual([2, 2, 2]);
  });

  it('answers an empty list with an empty list and rejects non-text input as bad input', async () => {
    expect(await send(engine, 'classify', { model: fixture('sentiment'), texts: [] }).outcome()).toEqual([]);
    await expect(send(engine, 'classify', { model: fixture('sentiment'), texts: 'not a list' as unknown as string[] }).outcome()).rejects.toMatchObject({
      code: 'bad-input',
    });
  });

  it('stops a long list between batches when cancelled', async () => {
    const texts = Array.from({ length: 400 }, (_, i) => `review number ${i} was fine I guess`);
    const run = send(engine, 'classify', { model: fixture('sentiment'), texts, batchSize: 4 });
    // Past tokenizing (which reports done: 0): between batches.
    while (!progressOf(run.messages).some((p) => p.done > 0)) await new Promise((r) => setTimeout(r, 5));
    run.cancel();
    await run.done;
    const errors = run.messages.filter((m) => m.kind === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ error: { code: 'cancelled' } });
    expect(run.messages.some((m) => m.kind === 'result')).toBe(false);
    const lastDone = progressOf(run.messages).at(-1)!.done;
    expect(lastDone).toBeLessThan(texts.length);
  });

  it('reports a big list while it is tokenized, before any row is done, and a cancel stops the tokenizing', async () => {
    // Issue 10's bad-input table: 100,000 rows showed no progress for the seconds their
    // tokenizing took, which looks hung. The first report must come before the first batch.
    const texts = Array.from({ length: 3000 }, (_, i) => `review number ${i}: the export button moved and I cannot find it`);
    const run = send(engine, 'classify', { model: fixture('sentiment'), texts });
    while (progressOf(run.messages).length === 0) await new Promise((r) => setTimeout(r, 1));
    run.cancel();
    await run.done;
    const [first] = progressOf(run.messages);
    expect(first).toEqual({ done: 0, total: 3000, stage: 'tokenizing', prepared: 256 });
    expect(run.messages.filter((m) => m.kind === 'error')).toMatchObject([{ error: { code: 'cancelled' } }]);
  });
});

describe('embeddings', () => {
  it('returns normalised vectors where a paraphrase is closer than an unrelated text', async () => {
    const vectors = (await send(engine, 'embed', {
      model: fixture('embeddings'),
      texts: ['The battery drains very fast', 'Battery life is really short', 'I ordered a pizza for dinner'],
    }).outcome()) as number[][];
    expect(vectors).toHaveLength(3);
    const [a, b, c] = vectors as [number[], number[], number[]];
    expect(a.length).toBe(64);
    const dot = (x: number[], y: number[]) => x.reduce((sum, v, i) => sum + v * y[i]!, 0);
    expect(dot(a, a)).toBeCloseTo(1, 3);
    expect(dot(a, b)).toBeGreaterThan(dot(a, c));
  });
});

describe('embeddings against the pipeline', () => {
  it("gives the feature-extraction pipeline's mean-pooled, normalised vectors on real reviews", async () => {
    const texts = await reviewSample();
    const model = fixture('embeddings');
    const vectors = (await send(engine, 'embed', { model, texts, batchSize: 32 }).outcome()) as number[][];
    const reference = await pipeline('feature-extraction', model.id, { dtype: model.dtype, device: 'cpu' });
    try {
      for (const [index, text] of texts.entries()) {
        const expected = ((await reference(text, { pooling: 'mean', normalize: true })) as { tolist(): number[][] }).tolist()[0]!;
        const cosine = vectors[index]!.reduce((sum, value, d) => sum + value * expected[d]!, 0);
        expect(cosine, text).toBeGreaterThan(0.99999);
      }
    } finally {
      await reference.dispose();
    }
  });
});

describe('question answering', () => {
  it('returns a span of the context with its offsets and a probability', async () => {
    // Mixed case, punctuation and a character whose lower case is longer ("İ"): the uncased
    // tokenizer's decoded answer differs from the context, the returned answer must not.
    const context = 'Our İstanbul support team is available from 9am to 5pm on weekdays (CET). Refunds take five business days.';
    const answer = (await send(engine, 'answer', {
      model: fixture('question-answering'),
      question: 'How long do refunds take?',
      context,
    }).outcome()) as { answer: string; score: number; start: number; end: number };
    // The tiny model's spans are near random: assert the contract, not correctness.
    expect(answer.score).toBeGreaterThanOrEqual(0);
    expect(answer.score).toBeLessThanOrEqual(1);
    expect(answer.start).toBeGreaterThanOrEqual(0);
    expect(answer.end).toBeGreaterThan(answer.start);
    expect(context.slice(answer.start, answer.end)).toBe(answer.answer);
  });

  it('rejects an empty question as bad input', async () => {
    await expect(send(engine, 'answer', { model: fixture('question-answering'), question: '  ', context: 'text' }).outcome()).rejects.toMatchObject({
      code: 'bad-input',
    });
  });
});

describe('generation', () => {
  it('streams tokens one by one and returns the full text', async () => {
    const run = send(engine, 'generate', {
      model: fixture('generation'),
      prompt: 'This speaker is',
      options: { maxNewTokens: 12, minNewTokens: 12 },
    });
    const result = (await run.outcome()) as { text: string; tokenCount: number; firstTokenMs: number };
    expect(result.tokenCount).toBe(12);
    expect(result.firstTokenMs).toBeGreaterThan(0);
    const tokens = run.tokens();
    expect(tokens.length).toBeGreaterThan(1);
    expect(tokens.join('').trim()).toBe(result.text.trim());
    // Progress arrives once per generated token.
    expect(progressOf(run.messages).map((p) => p.done)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  });

  it('stops generating soon after a cancel, and the model is free for the next request', async () => {
    const run = send(engine, 'generate', {
      model: fixture('generation'),
      prompt: 'The app keeps crashing when',
      options: { maxNewTokens: 200, minNewTokens: 200 },
    });
    while (progressOf(run.messages).length < 2) await new Promise((r) => setTimeout(r, 2));
    run.cancel();
    await run.done;
    expect(run.messages.filter((m) => m.kind === 'error')).toEqual([{ kind: 'error', id: run.id, error: expect.objectContaining({ code: 'cancelled' }) }]);
    const generated = progressOf(run.messages).at(-1)!.done;
    expect(generated).toBeLessThan(200);
    const next = (await send(engine, 'generate', {
      model: fixture('generation'),
      prompt: 'Next',
      options: { maxNewTokens: 3, minNewTokens: 3 },
    }).outcome()) as { tokenCount: number };
    expect(next.tokenCount).toBe(3);
  });

  it('cancels before the first token: no token is ever sent', async () => {
    const run = send(engine, 'generate', { model: fixture('generation'), prompt: 'Hello there', options: { maxNewTokens: 50 } });
    run.cancel();
    await run.done;
    expect(run.tokens()).toEqual([]);
    expect(run.messages.find((m) => m.kind === 'error')).toMatchObject({ error: { code: 'cancelled' } });
  });
});

describe('summarization', () => {
  it('summarizes a support dialog, streaming the summary', async () => {
    const dialog =
      'Customer: My order arrived damaged and the screen is cracked. ' +
      'Agent: Sorry to hear that. Can you send a photo and your order number? ' +
      'Customer: Sent. I want a replacement. Agent: Thanks, a replacement ships tomorrow.';
    const run = send(engine, 'summarize', { model: fixture('summarization'), text: dialog, options: { maxNewTokens: 30 } });
    const result = (await run.outcome()) as { text: string };
    expect(result.text.trim().length).toBeGreaterThan(0);
    expect(run.tokens().join('').trim()).toBe(result.text.trim());
  });

  it('never repeats a bigram when asked not to', async () => {
    const dialog = 'Customer: the app crashes. Agent: please reinstall. Customer: it still crashes after reinstalling.';
    const result = (await send(engine, 'summarize', {
      model: fixture('summarization'),
      text: dialog,
      options: { maxNewTokens: 40, minNewTokens: 20, noRepeatNgramSize: 2 },
    }).outcome()) as { text: string };
    const words = result.text.toLowerCase().split(/\s+/).filter(Boolean);
    const bigrams = words.slice(1).map((word, i) => `${words[i]} ${word}`);
    expect(words.length).toBeGreaterThan(3);
    expect(new Set(bigrams).size).toBe(bigrams.length);
  });

  it('rejects a text longer than the window instead of cutting it, naming its size and the window', async () => {
    const turn = 'Customer: The app logs me out every time I switch networks and I lose my draft. ';
    const tooLong = send(engine, 'summarize', { model: fixture('summarization'), text: turn.repeat(40), options: { maxNewTokens: 8 } });
    await expect(tooLong.outcome()).rejects.toMatchObject({
      code: 'bad-input',
      message: expect.stringMatching(/^The text is [\d,]+ tokens, more than the 512 .* it would be cut/),
    });
    // 10 MB is refused by its length at once, before any tokenizing.
    const started = performance.now();
    const huge = send(engine, 'summarize', { model: fixture('summarization'), text: turn.repeat(130_000), options: { maxNewTokens: 8 } });
    await expect(huge.outcome()).rejects.toMatchObject({ code: 'bad-input', message: expect.stringContaining('characters, far more than the 512 tokens') });
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});

describe('errors', () => {
  it('reports a model that does not exist as model-not-found', async () => {
    await expect(send(engine, 'load', { model: { id: 'tiny/does-not-exist', task: 'sentiment', dtype: 'q8' } }).outcome()).rejects.toMatchObject({
      code: 'model-not-found',
    });
  });
});

describe('token counts, perplexity, seeded sampling and custom heads', () => {
  it('counts tokens with the model tokenizer and reports its window', async () => {
    const result = (await send(engine, 'tokenize', {
      model: fixture('summarization'),
      texts: ['Hello world', 'The battery drains very fast after the update'],
    }).outcome()) as { counts: number[]; maxInputTokens: number };
    expect(result.counts).toHaveLength(2);
    expect(result.counts[0]!).toBeGreaterThan(0);
    expect(result.counts[1]!).toBeGreaterThan(result.counts[0]!);
    expect(result.maxInputTokens).toBeGreaterThanOrEqual(128);
  });

  it('computes a finite perplexity, sliding over texts longer than the window', async () => {
    const sentence = 'The app crashes every time I open the camera and I lose my photos. ';
    const short = (await send(engine, 'perplexity', { model: fixture('generation'), text: sentence }).outcome()) as {
      perplexity: number;
      windows: number;
      tokens: number;
      scoredTokens: number;
    };
    expect(Number.isFinite(short.perplexity)).toBe(true);
    expect(short.perplexity).toBeGreaterThan(1);
    expect(short.windows).toBe(1);
    expect(short.scoredTokens).toBe(short.tokens - 1);
    const long = sentence.repeat(60); // ~900 tokens: more than the 512-token window
    const run = send(engine, 'perplexity', { model: fixture('generation'), text: long, stride: 256 });
    const result = (await run.outcome()) as { windows: number; tokens: number; scoredTokens: number };
    expect(result.tokens).toBeGreaterThan(512);
    expect(result.windows).toBeGreaterThan(1);
    expect(result.scoredTokens).toBe(result.tokens - 1);
    expect(progressOf(run.messages).at(-1)).toEqual({ done: result.windows, total: result.windows });
  });

  it('repeats a sampled draft exactly with the same seed', async () => {
    const draft = async (seed: number) =>
      (
        (await send(engine, 'generate', {
          model: fixture('generation'),
          prompt: 'Our new headphones',
          options: { maxNewTokens: 15, minNewTokens: 15, temperature: 1.2, topK: 50, seed },
        }).outcome()) as { text: string }
      ).text;
    const first = await draft(7);
    expect(await draft(7)).toBe(first);
    const others = await Promise.all([draft(8), draft(9), draft(10)]);
    expect(others.some((text) => text !== first)).toBe(true);
  });

  it('applies a custom classifier head to embeddings', async () => {
    const anchors = (await send(engine, 'embed', {
      model: fixture('embeddings'),
      texts: ['The battery drains very fast', 'I ordered a pizza for dinner'],
    }).outcome()) as number[][];
    // A head whose class weights are the anchor embeddings: a nearest-anchor classifier.
    const head = { classes: ['battery', 'food'], dims: anchors[0]!.length, weights: anchors.map((v) => v.map((x) => x * 10)), bias: [0, 0] };
    const results = (await send(engine, 'classifyWithHead', {
      model: fixture('embeddings'),
      texts: ['Battery life is really short', 'The battery drains very fast'],
      head,
    }).outcome()) as Array<{ label: string; score: number; probabilities: number[] }>;
    expect(results.map((r) => r.label)).toEqual(['battery', 'battery']);
    for (const r of results) expect(r.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    await expect(
      send(engine, 'classifyWithHead', {
        model: fixture('embeddings'),
        texts: ['x'],
        head: {
          ...head,
          dims: 3,
          weights: [
            [1, 2, 3],
            [1, 2, 3],
          ],
        },
      }).outcome(),
    ).rejects.toMatchObject({ code: 'bad-input' });
  });
});

describe('chunking with the model tokenizer', () => {
  it('splits a long dialog into chunks that fit the window counted as the model sees them', async () => {
    const turn = 'Customer: The app logs me out every time I switch networks and I lose my draft. Agent: Sorry about that, which version are you on? ';
    const text = turn.repeat(40);
    const result = (await send(engine, 'chunk', { model: fixture('summarization'), text, maxTokens: 128, overlapTokens: 16 }).outcome()) as {
      chunks: Array<{ text: string; start: number; end: number; tokens: number }>;
      maxInputTokens: number;
    };
    expect(result.chunks.length).toBeGreaterThan(5);
    for (const chunk of result.chunks) {
      expect(chunk.tokens).toBeLessThanOrEqual(128);
      expect(text.slice(chunk.start, chunk.end)).toBe(chunk.text);
    }
    expect(result.chunks.at(-1)!.end).toBe(text.trimEnd().length);
  });

  it('chunks a long text in slices: progress in characters, the total token count, and a cancel stops it', async () => {
    const sentences = ['The export button moved.', 'Love the new dashboard!', 'Support never answered my ticket.', 'Dark mode please.'];
    const text = Array.from({ length: 20_000 }, (_, i) => `${i}: ${sentences[i % 4]}`).join('\n');
    const run = send(engine, 'chunk', { model: fixture('summarization'), text });
    const result = (await run.outcome()) as { chunks: Array<{ tokens: number }>; maxInputTokens: number; inputTokens: number };
    expect(result.chunks.every((chunk) => chunk.tokens <= result.maxInputTokens)).toBe(true);
    const progress = progressOf(run.messages);
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)).toEqual({ done: text.length, total: text.length });
    // The whole text's count, summed from its pieces, as one (slow) tokenizer call would give it.
    const whole = (await send(engine, 'tokenize', { model: fixture('summarization'), texts: [`summarize: ${text.slice(0, 8_000)}`] }).outcome()) as {
      counts: number[];
    };
    const head = (await send(engine, 'chunk', { model: fixture('summarization'), text: text.slice(0, 8_000) }).outcome()) as { inputTokens: number };
    expect(head.inputTokens).toBe(whole.counts[0]);
    expect(result.inputTokens).toBeGreaterThan(result.maxInputTokens * 10);

    const cancelled = send(engine, 'chunk', { model: fixture('summarization'), text: text.repeat(5) });
    while (progressOf(cancelled.messages).length < 2) await new Promise((r) => setTimeout(r, 5));
    const started = performance.now();
    cancelled.cancel();
    await cancelled.done;
    expect(performance.now() - started).toBeLessThan(500);
    expect(cancelled.messages.filter((m) => m.kind === 'result')).toEqual([]);
    expect(cancelled.messages.find((m) => m.kind === 'error')).toMatchObject({ error: { code: 'cancelled' } });
  });
});
