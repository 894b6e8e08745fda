/**
 * Worker control in the real browser (issue 10): Cancel stops the worker's work, not only the
 * SDK's promise; no failure leaves the worker unable to serve the next call; a worker that dies
 * silently is noticed. Everything goes through `window.llmaos` on the production build with the
 * tiny real models; the worker's own messages are recorded (support/workerTraffic.ts) to see what
 * it did after a cancel, since the promise rejects at once either way.
 *
 * Measured figures are attached to each test as annotations (type `measured`) and printed.
 */
import { expect, test, type Page } from '@playwright/test';
import { inferenceWorker, openApp, pasteInto } from './support/app';
import { loadPerCpu } from './support/longTasks';
import { recordWorkerTraffic, workerTraffic, type TrafficEntry } from './support/workerTraffic';

const INFERENCE = 'llmaos-inference';

function measured(description: string): void {
  test.info().annotations.push({ type: 'measured', description });
  console.log(`[measured] ${test.info().title}: ${description}`);
}

/**
 * "At once" for the call after a cancel: under a second (the "well under one second" for
 * a one-row call on an idle worker). It is wall time, so on an overloaded machine (load above 1.5
 * per CPU, as the long-task budgets of support/longTasks.ts) the bound scales with the load, and
 * the test says so; a worker still busy with the cancelled job shows as progress or tokens after
 * the cancel, which are asserted without any scaling.
 */
function atOnceMs(): number {
  const load = loadPerCpu();
  const bound = load > 1.5 ? Math.round(1000 * load) : 1000;
  if (bound > 1000) measured(`"at once" bound ${bound} ms: machine overloaded (load ${load.toFixed(1)} per CPU)`);
  return bound;
}

async function openWithRecorder(page: Page): Promise<void> {
  await recordWorkerTraffic(page);
  await openApp(page);
  await page.waitForFunction(() => Boolean(window.llmaos));
}

/** The request the page last sent to the inference worker for `op`. */
function lastRequest(traffic: TrafficEntry[], op: string): TrafficEntry {
  const request = traffic.filter((m) => m.worker === INFERENCE && m.direction === 'to-worker' && m.kind === 'request' && m.op === op).at(-1);
  if (!request) throw new Error(`no ${op} request was sent`);
  return request;
}

/** Messages the worker sent for request `id` after time `t`. */
function fromWorkerAfter(traffic: TrafficEntry[], id: number, t: number, kind?: string): TrafficEntry[] {
  return traffic.filter((m) => m.direction === 'from-worker' && m.worker === INFERENCE && m.id === id && m.t > t && (!kind || m.kind === kind));
}

/** Makes the serving inference worker close itself, as a worker that exits without an error would. */
async function closeFromInside(page: Page): Promise<void> {
  const worker = await inferenceWorker(page);
  const closed = new Promise<void>((resolve) => worker.once('close', () => resolve()));
  // The evaluation's own reply may be lost with the worker; the close event is what counts.
  void worker.evaluate(() => self.close()).catch(() => 'gone');
  await closed;
}

test.describe('Cancel stops the work in the worker', () => {
  test('a 20,000-row classify cancelled after ~1 s: no progress after the batch boundary, and a one-row call answers at once', async ({ page }) => {
    await openWithRecorder(page);
    const result = await page.evaluate(async () => {
      await window.llmaos.classify(['warm up']);
      const texts = Array.from({ length: 20_000 }, (_, i) => `Review ${i}: the battery died after two days and support never answered my emails.`);
      const controller = new AbortController();
      let progressSeen = 0;
      // Rows done, not the tokenizing reports before the first batch (done: 0).
      const call = window.llmaos.classify(texts, { signal: controller.signal, onProgress: (p) => p.done > 0 && (progressSeen += 1) }).then(
        () => 'resolved',
        (error: { code?: string; name?: string }) => `${error.name}:${error.code}`,
      );
      // ~1 s in, and after the first batches reported (the worker is mid-job, not tokenizing).
      const started = performance.now();
      while (performance.now() - started < 1000 || progressSeen === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      const abortedAt = performance.now();
      controller.abort();
      const outcome = await call;
      const rejectedMs = performance.now() - abortedAt;
      const nextStarted = performance.now();
      const next = await window.llmaos.classify(['one more row']);
      const nextMs = performance.now() - nextStarted;
      return { outcome, abortedAt, rejectedMs, nextMs, nextLabel: next[0]?.label, progressSeen };
    });
    expect(result.outcome).toBe('WorkbenchError:cancelled');
    expect(result.nextLabel).toMatch(/POSITIVE|NEGATIVE/);
    const traffic = await workerTraffic(page);
    const request = lastRequest(
      traffic.filter((m) => m.t < result.abortedAt),
      'classify',
    );
    const progressAfter = fromWorkerAfter(traffic, request.id, result.abortedAt, 'work-progress');
    const doneAtAbort = Math.max(
      0,
      ...fromWorkerAfter(traffic, request.id, 0, 'work-progress')
        .filter((m) => m.t <= result.abortedAt)
        .map((m) => m.done ?? 0),
    );
    measured(
      `rows done at cancel ${doneAtAbort}/20000; progress messages after cancel ${progressAfter.length}; promise rejected in ${result.rejectedMs.toFixed(1)} ms; next one-row classify answered in ${result.nextMs.toFixed(0)} ms`,
    );
    // The batch running at the cancel ends without reporting; nothing after it.
    expect(progressAfter.length).toBeLessThanOrEqual(1);
    expect(doneAtAbort).toBeLessThan(20_000);
    expect(result.nextMs).toBeLessThan(atOnceMs());
  });

  test('a long generation cancelled after 3 tokens: at most one more token, and the next draft starts at once', async ({ page }) => {
    await openWithRecorder(page);
    const result = await page.evaluate(async () => {
      await window.llmaos.generate('Warm up', { maxNewTokens: 2 }).result;
      const controller = new AbortController();
      let tokens = 0;
      let abortedAt = 0;
      let outcome = 'resolved';
      try {
        for await (const _token of window.llmaos.generate('Our new headphones', { maxNewTokens: 480, minNewTokens: 480, signal: controller.signal })) {
          tokens += 1;
          if (tokens === 3) {
            abortedAt = performance.now();
            controller.abort();
          }
        }
      } catch (error) {
        outcome = `${(error as Error).name}:${(error as { code?: string }).code}`;
      }
      const nextStarted = performance.now();
      let firstTokenMs = -1;
      const next = window.llmaos.generate('Release notes:', { maxNewTokens: 5 });
      for await (const _token of next) if (firstTokenMs < 0) firstTokenMs = performance.now() - nextStarted;
      const { tokenCount } = await next.result;
      return { outcome, tokens, abortedAt, firstTokenMs, tokenCount };
    });
    expect(result.outcome).toBe('WorkbenchError:cancelled');
    expect(result.tokenCount).toBe(5);
    const traffic = await workerTraffic(page);
    const request = lastRequest(
      traffic.filter((m) => m.t < result.abortedAt),
      'generate',
    );
    const tokensAfter = fromWorkerAfter(traffic, request.id, result.abortedAt, 'token');
    measured(`tokens from the worker after cancel ${tokensAfter.length}; next draft's first token after ${result.firstTokenMs.toFixed(0)} ms`);
    expect(tokensAfter.length).toBeLessThanOrEqual(1);
    expect(result.firstTokenMs).toBeLessThan(atOnceMs());
  });

  test('a summary in parts cancelled after its first step: no further step starts, and the worker is free at once', async ({ page }) => {
    test.slow(); // loads three or four models on 2 shared cores
    await openWithRecorder(page);
    const paragraph =
      'The customer wrote that the headphones stopped charging after a week. The agent asked for the order number and offered a replacement. ' +
      'The customer preferred a refund because the same problem had happened before. The agent explained the refund takes five days. ';
    const result = await page.evaluate(async (text) => {
      // The call after the cancel must measure the worker, not a first model download.
      await window.llmaos.classify(['warm up']);
      const controller = new AbortController();
      let abortedAt = 0;
      const call = window.llmaos
        .summarize(text, {
          maxNewTokens: 24,
          signal: controller.signal,
          onProgress: (progress) => {
            if (progress.stage === 'summarizing' && progress.done >= 1 && abortedAt === 0) {
              abortedAt = performance.now();
              controller.abort();
            }
          },
        })
        .then(
          () => 'resolved',
          (error: { code?: string }) => String(error.code),
        );
      const outcome = await call;
      const nextStarted = performance.now();
      await window.llmaos.classify(['fine']);
      return { outcome, abortedAt, nextMs: performance.now() - nextStarted };
    }, paragraph.repeat(60));
    expect(result.outcome).toBe('cancelled');
    const traffic = await workerTraffic(page);
    const stepsAfter = traffic.filter((m) => m.direction === 'to-worker' && m.kind === 'request' && m.op === 'summarize' && m.t > result.abortedAt);
    const running = lastRequest(
      traffic.filter((m) => m.t < result.abortedAt),
      'summarize',
    );
    const tokensAfter =
      fromWorkerAfter(traffic, running.id, result.abortedAt, 'token').length + fromWorkerAfter(traffic, running.id, result.abortedAt, 'work-progress').length;
    const summarizeSteps = traffic.filter((m) => m.direction === 'to-worker' && m.op === 'summarize').length;
    measured(
      `summarize steps started ${summarizeSteps}, after cancel ${stepsAfter.length}; messages of the running step after cancel ${tokensAfter}; next call answered in ${result.nextMs.toFixed(0)} ms`,
    );
    expect(stepsAfter).toEqual([]);
    expect(tokensAfter).toBeLessThanOrEqual(1);
    expect(result.nextMs).toBeLessThan(atOnceMs());
  });

  test('chunking a 10 MB text cancelled mid-way: the worker stops within one slice, and the next call answers at once', async ({ page }) => {
    test.slow(); // loads three or four models on 2 shared cores
    await openWithRecorder(page);
    const result = await page.evaluate(async () => {
      const sentence = 'The export to CSV fails when the report has more than ten thousand rows, and support says a fix is coming. ';
      const text = sentence.repeat(Math.ceil(10_000_000 / sentence.length));
      await window.llmaos.chunk('Warm up the tokenizer.');
      await window.llmaos.classify(['warm up']);
      const controller = new AbortController();
      let abortedAt = 0;
      let doneAtAbort = 0;
      const outcome = await window.llmaos
        .chunk(text, {
          signal: controller.signal,
          onProgress: (progress) => {
            if (abortedAt === 0 && progress.done > 0) {
              abortedAt = performance.now();
              doneAtAbort = progress.done;
              controller.abort();
            }
          },
        })
        .then(
          () => 'resolved',
          (error: { code?: string }) => String(error.code),
        );
      const nextStarted = performance.now();
      await window.llmaos.classify(['fine']);
      return { outcome, abortedAt, doneAtAbort, total: text.length, nextMs: performance.now() - nextStarted };
    });
    expect(result.outcome).toBe('cancelled');
    const traffic = await workerTraffic(page);
    const request = lastRequest(
      traffic.filter((m) => m.t < result.abortedAt),
      'chunk',
    );
    const progressAfter = fromWorkerAfter(traffic, request.id, result.abortedAt, 'work-progress');
    measured(
      `characters split at cancel ${result.doneAtAbort}/${result.total}; progress after cancel ${progressAfter.length}; next call answered in ${result.nextMs.toFixed(0)} ms`,
    );
    expect(progressAfter.length).toBeLessThanOrEqual(1);
    expect(result.nextMs).toBeLessThan(atOnceMs());
  });
});

test.describe('No failure poisons the worker', () => {
  test('an over-long generation is bad-input naming the token counts; classify, embed, summarize and generate all work after it', async ({ page }) => {
    test.slow(); // loads three or four models on 2 shared cores
    await openWithRecorder(page);
    const outcome = await page.evaluate(async () => {
      const attempt = async (run: () => Promise<unknown>) => {
        try {
          await run();
          return 'ok';
        } catch (error) {
          return `${(error as { code?: string }).code}: ${(error as Error).message}`;
        }
      };
      return {
        tooManyNew: await attempt(() => window.llmaos.generate('Write a product description', { maxNewTokens: 600 }).result),
        promptTooLong: await attempt(() => window.llmaos.generate('word '.repeat(700), { maxNewTokens: 5 }).result),
        classify: await attempt(() => window.llmaos.classify(['works well'])),
        embed: await attempt(() => window.llmaos.embed(['works well'])),
        summarize: await attempt(() => window.llmaos.summarize('The battery died after two days and support never answered my emails.', { maxNewTokens: 8 })),
        generate: await attempt(() => window.llmaos.generate('Hello', { maxNewTokens: 3 }).result),
      };
    });
    expect(outcome.tooManyNew).toMatch(/^bad-input: The prompt \(\d+ tokens?\) plus 600 new tokens is more than the 512 tokens/);
    expect(outcome.promptTooLong).toMatch(/^bad-input: The prompt is \d{3} tokens; this model reads at most 512 tokens/);
    expect(outcome).toMatchObject({ classify: 'ok', embed: 'ok', summarize: 'ok', generate: 'ok' });
  });

  test("a failure injected into one model's session fails that call alone: a call in flight on another model and every later call succeed", async ({
    page,
  }) => {
    test.slow(); // loads three or four models on 2 shared cores
    await openWithRecorder(page);
    await page.evaluate(async () => {
      await window.llmaos.classify(['load the sentiment model']);
      await window.llmaos.generate('load the generator', { maxNewTokens: 1 }).result;
    });
    const worker = await inferenceWorker(page);
    // The next run of GPT-2's ONNX session rejects, as onnxruntime does for a bad index.
    await worker.evaluate(async () => {
      type Session = { run: (...args: unknown[]) => Promise<unknown> };
      const engine = (self as unknown as { llmaosEngine: { pipelines: Map<string, { ready: Promise<{ model: { sessions: Record<string, Session> } }> }> } })
        .llmaosEngine;
      const pipe = await engine.pipelines.get('tiny/gpt2')!.ready;
      const session = pipe.model.sessions.model!;
      const run = session.run.bind(session);
      session.run = () => {
        session.run = run;
        return Promise.reject(new Error("failed to call OrtRun(). ERROR_CODE: 2, ERROR_MESSAGE: injected fault in GPT-2's session"));
      };
    });
    const outcome = await page.evaluate(async () => {
      const texts = Array.from({ length: 1000 }, (_, i) => `Row ${i}: shipping was fast but the box was damaged.`);
      const inFlight = window.llmaos.classify(texts);
      const failed = await window.llmaos.generate('This fails', { maxNewTokens: 4 }).result.then(
        () => 'resolved',
        (error: { code?: string; detail?: string }) => `${error.code}|${error.detail}`,
      );
      const classified = await inFlight;
      const after = {
        generate: (await window.llmaos.generate('This works', { maxNewTokens: 4 }).result).tokenCount,
        embed: (await window.llmaos.embed(['still fine']))[0]!.length,
        summarize: typeof (await window.llmaos.summarize('The app crashes when I open settings on my phone.', { maxNewTokens: 8 })),
      };
      return { failed, classified: classified.length, after };
    });
    expect(outcome.failed).toMatch(/^internal\|.*injected fault/);
    expect(outcome.classified).toBe(1000);
    expect(outcome.after).toEqual({ generate: 4, embed: expect.any(Number), summarize: 'string' });
  });

  test('a model whose ONNX file is corrupt fails alone; the default models still load after it', async ({ page }) => {
    // A model folder served like a self-hosted one, with random bytes for its weights.
    await page.route('**/models/test/corrupt-sentiment/**', async (route) => {
      const url = new URL(route.request().url());
      if (url.pathname.endsWith('.onnx')) {
        const garbage = Buffer.alloc(200_000);
        for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919) % 251;
        await route.fulfill({
          status: 200,
          body: garbage,
          headers: { 'content-type': 'application/octet-stream', 'cross-origin-resource-policy': 'same-origin' },
        });
        return;
      }
      const real = await route.fetch({ url: url.href.replace('/models/test/corrupt-sentiment/', '/models/tiny/distilbert-sentiment/') });
      await route.fulfill({ response: real });
    });
    await openWithRecorder(page);
    const outcome = await page.evaluate(async () => {
      window.llmaos.models.add({ id: 'test/corrupt-sentiment', task: 'sentiment', languages: ['en'], origin: 'custom', dtype: { wasm: 'q8', webgpu: 'fp32' } });
      const corrupt = await window.llmaos.classify(['x'], { model: 'test/corrupt-sentiment' }).then(
        () => 'resolved',
        (error: { code?: string; detail?: string }) => `${error.code}|${error.detail}`,
      );
      const labels = (await window.llmaos.classify(['I love it'])).map((c) => c.label);
      const vectors = await window.llmaos.embed(['battery']);
      const again = await window.llmaos.classify(['x'], { model: 'test/corrupt-sentiment' }).then(
        () => 'resolved',
        (error: { code?: string }) => String(error.code),
      );
      return { corrupt, labels, dims: vectors[0]!.length, again };
    });
    expect(outcome.corrupt).toMatch(/^load-failed\|.*protobuf/i);
    expect(outcome.labels).toEqual(['POSITIVE']);
    expect(outcome.dims).toBeGreaterThan(0);
    expect(outcome.again).toBe('load-failed');
  });

  test('a worker that closes itself mid-run: pending calls reject with worker-crashed, and the next call works', async ({ page }) => {
    await openWithRecorder(page);
    await page.evaluate(() => window.llmaos.classify(['load the model first']));
    await page.evaluate(() => {
      const texts = Array.from({ length: 20_000 }, (_, i) => `Row ${i}: the checkout page froze twice before it accepted my card.`);
      (window as unknown as { pendingOutcome: Promise<string> }).pendingOutcome = window.llmaos.classify(texts).then(
        () => 'resolved',
        (error: { code?: string }) => String(error.code),
      );
    });
    // Mid-run: the worker has reported progress.
    await expect.poll(async () => (await workerTraffic(page)).some((m) => m.kind === 'work-progress' && (m.done ?? 0) > 64)).toBe(true);
    const closedAt = await page.evaluate(() => performance.now());
    // No error event follows self.close(): only the worker's lifetime lock tells the page.
    await closeFromInside(page);
    const outcome = await page.evaluate(async () => {
      const pending = await (window as unknown as { pendingOutcome: Promise<string> }).pendingOutcome;
      const rejectedAt = performance.now();
      const labels = (await window.llmaos.classify(['I love it, works great and the sound is amazing'])).map((c) => c.label);
      return { pending, rejectedAt, labels };
    });
    measured(`pending call rejected ${(outcome.rejectedAt - closedAt).toFixed(0)} ms after the worker closed itself`);
    expect(outcome.pending).toBe('worker-crashed');
    expect(outcome.labels).toEqual(['POSITIVE']);
  });
});

test('errors are consistent: an unknown model is model-not-found from every call, a cancel is a cancelled WorkbenchError', async ({ page }) => {
  await openWithRecorder(page);
  const outcome = await page.evaluate(async () => {
    const codeOf = (promise: Promise<unknown>) =>
      promise.then(
        () => 'resolved',
        (error: Error & { code?: string }) => `${error.name}:${error.code}`,
      );
    const controller = new AbortController();
    const cancelled = codeOf(window.llmaos.classify(['x'], { signal: controller.signal }));
    controller.abort();
    return {
      classify: await codeOf(window.llmaos.classify(['x'], { model: 'nobody/nothing' })),
      embed: await codeOf(window.llmaos.embed(['x'], { model: 'nobody/nothing' })),
      load: await codeOf(window.llmaos.models.load('nobody/nothing')),
      generate: await codeOf(window.llmaos.generate('x', { model: 'nobody/nothing' }).result),
      cancelled: await cancelled,
    };
  });
  expect(outcome).toEqual({
    classify: 'WorkbenchError:model-not-found',
    embed: 'WorkbenchError:model-not-found',
    load: 'WorkbenchError:model-not-found',
    generate: 'WorkbenchError:model-not-found',
    cancelled: 'WorkbenchError:cancelled',
  });
});

test('Write: a prompt longer than the model holds is named next to the fields with its token counts, and a shorter one drafts', async ({ page }) => {
  test.slow();
  await openApp(page, { route: 'write' });
  await page.getByTestId('write-template').selectOption('builtin:product-description');
  await page.getByTestId('write-var-product').fill('Acme Buds');
  await page.getByTestId('write-var-audience').fill('commuters');
  // A 2,279-character support message pasted into a field, as in the issue.
  const longMessage = 'My order arrived late and the left earbud does not charge, I tried another cable and reset it twice. '.repeat(23).slice(0, 2279);
  await page.getByTestId('write-var-features').fill(longMessage);
  await page.getByTestId('write-generate').click();
  const notice = page.getByTestId('write-prompt-too-long');
  await expect(notice).toBeVisible();
  await expect(notice).toContainText(/The filled-in prompt is \d{3} tokens and the draft may be \d+ more, but the model holds 512 tokens in all/);
  await expect(page.getByTestId('write-output')).not.toHaveAttribute('data-status', 'running');

  await page.getByTestId('write-var-features').fill('Noise cancelling\n30 hour battery');
  await page.getByTestId('write-setting-max-new-tokens').fill('8');
  await page.getByTestId('write-generate').click();
  await expect(notice).toBeHidden();
  await expect(page.getByTestId('write-status')).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
});

test('Insights: a worker that closes itself mid-run loses no row: the run goes on in a new worker or stops with its saved rows, and Run resumes to every row', async ({
  page,
}) => {
  test.slow();
  await openApp(page, { route: 'insights' });
  const topics = ['battery life', 'the checkout page', 'delivery time', 'the search box', 'customer support', 'the dark mode'];
  const lines = Array.from(
    { length: 6000 },
    (_, i) => `Review ${i}: ${topics[i % topics.length]} ${i % 3 === 0 ? 'is great, love it' : 'keeps failing and nobody answers'}.`,
  );
  await pasteInto(page, 'insights-paste', lines.join('\n'));
  await page.getByTestId('insights-paste-submit').click();
  await expect(page.getByTestId('insights-mapping')).toBeVisible();
  await page.getByTestId('insights-import-confirm').click();
  await expect(page.getByTestId('insights-table')).toHaveAttribute('data-count', '6000', { timeout: 60_000 });

  await page.getByTestId('insights-run-sentiment').click();
  const done = async () => Number(await page.getByTestId('insights-run').getAttribute('data-sentiment-done'));
  await expect.poll(done, { timeout: 90_000, intervals: [50] }).toBeGreaterThanOrEqual(256);
  const workersBefore = page.workers().filter((w) => w.url().includes('inference.worker')).length;
  await closeFromInside(page);
  const keptAtClose = await done();

  // The close lands in a call (which rejects with worker-crashed: the run stops, keeping its saved
  // chunks) or between two calls (the next call simply starts a new worker). Either way no row is
  // lost and the run reaches every row, with Run pressed again where it stopped.
  const status = page.getByTestId('insights-status');
  await expect(status).toHaveAttribute('data-status', /error|done/, { timeout: 150_000 });
  const stopped = (await status.getAttribute('data-status')) === 'error';
  if (stopped) {
    expect(await done()).toBeGreaterThanOrEqual(keptAtClose);
    await page.getByTestId('insights-run-sentiment').click();
  }
  await expect(page.getByTestId('insights-run')).toHaveAttribute('data-sentiment-done', '6000', { timeout: 150_000 });
  expect(page.workers().filter((w) => w.url().includes('inference.worker')).length).toBeGreaterThanOrEqual(workersBefore);
  measured(
    `rows saved when the worker closed: ${keptAtClose} of 6000; ${stopped ? 'the run stopped with worker-crashed and Run resumed it' : 'the next call started a new worker and the run went on'}; all 6000 rows analysed`,
  );
});

test('a model load cancelled mid-download does not fail the next call for that model, made at once', async ({ page }) => {
  await openWithRecorder(page);
  const outcome = await page.evaluate(async () => {
    const controller = new AbortController();
    let abortedAtBytes = -1;
    const abandoned = window.llmaos.models
      .load('sentiment', {
        signal: controller.signal,
        onLoadProgress: (progress) => {
          if (abortedAtBytes < 0 && progress.phase === 'downloading' && progress.loadedBytes > 0) {
            abortedAtBytes = progress.loadedBytes;
            controller.abort();
          }
        },
      })
      .then(
        () => 'resolved',
        (error: { code?: string }) => String(error.code),
      );
    // No await in between: the abandoned download is still winding down in the worker.
    const labels = await window.llmaos.classify(['I love it, works great and the sound is amazing']).then(
      (results) => results.map((r) => r.label).join(','),
      (error: { code?: string }) => `rejected:${error.code}`,
    );
    return { abandoned: await abandoned, abortedAtBytes, labels };
  });
  // The download may have finished before the abort was read; the next call must work either way.
  expect(outcome.abandoned).toMatch(/cancelled|resolved/);
  expect(outcome.labels).toBe('POSITIVE');
});
