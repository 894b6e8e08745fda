/**
 * Decoding in reused output memory (issue 13): while GPT-2 drafts or T5 summarizes, onnxruntime's
 * outputs are copied into buffers the engine gives back after each step (src/workers/outputBuffers.ts,
 * patched into onnxruntime-web by vite.config.ts). A buffer given back too early would corrupt the
 * key/value cache, and the text would change. So the same greedy draft and summary are decoded
 * with the buffers and then with onnxruntime's own allocation, in the same worker, and must match.
 */
import { expect, test, type Worker } from '@playwright/test';
import { ORT_OUTPUT_BUFFERS_GLOBAL, type OutputBufferStats } from '../../src/workers/outputBuffers';
import { inferenceWorker, openApp } from './support/app';

const PROMPT = 'The new headphones arrived today and the battery';
// Short, so the summary's own cache outgrows half the encoder's: a free buffer could then be
// handed the encoder's cache (read at every step) if it were ever given back.
const DIALOG = 'Customer: My order arrived with a cracked screen. Agent: Sorry, a replacement ships tomorrow.';

const bufferStats = (worker: Worker) =>
  worker.evaluate(() => (self as unknown as { llmaosEngine: { outputBuffers: { stats: OutputBufferStats } } }).llmaosEngine.outputBuffers.stats);

test('a draft and a summary decoded in reused buffers are the ones decoded without them', async ({ page }) => {
  test.slow(); // two models, each decoding twice, on 2 shared cores
  await openApp(page);
  await page.waitForFunction(() => Boolean(window.llmaos));
  const decode = () =>
    page.evaluate(
      async ({ prompt, dialog }) => {
        const draft = await window.llmaos.generate(prompt, { maxNewTokens: 48, minNewTokens: 48 }).result;
        const summary = await window.llmaos.summarize(dialog, { maxNewTokens: 40, minNewTokens: 40 });
        return { draft: draft.text, tokens: draft.tokenCount, summary };
      },
      { prompt: PROMPT, dialog: DIALOG },
    );

  const withBuffers = await decode();
  const worker = await inferenceWorker(page);
  const stats = await bufferStats(worker);
  // Most outputs went into a buffer given back by the step before.
  expect(stats.reused).toBeGreaterThan(stats.allocated);
  expect(withBuffers.tokens).toBe(48);
  expect(withBuffers.draft.length).toBeGreaterThan(0);

  // Without the hook, onnxruntime-web allocates every output itself, as it does unpatched.
  await worker.evaluate((name) => delete (self as unknown as Record<string, unknown>)[name], ORT_OUTPUT_BUFFERS_GLOBAL);
  const withoutBuffers = await decode();
  expect((await bufferStats(worker)).reused).toBe(stats.reused);

  expect(withBuffers).toEqual(withoutBuffers);
});
