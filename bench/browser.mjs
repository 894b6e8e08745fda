/**
 * Browser suite: the app's production build in Chromium (WASM, threaded), driven through
 * `window.llmaos`, the same SDK the panels use. Measures the sentiment model's cold load (from
 * the self-hosted public/models over HTTP), its warm load (from the IndexedDB weight cache after
 * a reload) and classification throughput on the same reviews as the node suite.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startPreview } from './preview.mjs';

const PORT = 4179;
const BASE_URL = `http://127.0.0.1:${PORT}`;
const APP_URL = `${BASE_URL}/?preset=fixtures&backend=wasm#/classify`;

export async function run(ctx) {
  if (!existsSync(join(ctx.root, 'dist', 'index.html'))) {
    throw new Error('dist/ is missing: run `npm run build` first (with public/models filled by `npm run models -- --from ../shared/models`)');
  }
  const { chromiumLaunchOptions } = await ctx.importTs('test/e2e/support/chromium.ts');
  const { chromium } = await import('playwright-core');
  const server = await startPreview({ root: ctx.root, port: PORT });
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.on('pageerror', (error) => ctx.log('page error:', error.message));
    // The worker's fetches are reported on its page in Chromium.
    const modelRequests = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/models/')) modelRequests.push(request.url());
    });
    const takeModelRequests = () => modelRequests.splice(0).length;

    // Cold: a fresh profile, weights come over HTTP from public/models and are cached.
    await page.goto(APP_URL);
    takeModelRequests();
    const cold = await timeLoad(page);
    ctx.record({ case: 'cold load (public/models)', backend: 'wasm', seconds: cold.seconds, modelFileRequests: takeModelRequests(), ...baselineLoad(ctx) });

    // Warm: reload = a new worker and runtime; the weights come from IndexedDB.
    await page.reload();
    takeModelRequests();
    const warm = await timeLoad(page);
    ctx.record({
      case: 'warm load (IndexedDB)',
      backend: 'wasm',
      seconds: warm.seconds,
      modelFileRequests: takeModelRequests(),
      ratio_vs_cold: warm.seconds / cold.seconds,
      ...baselineLoad(ctx),
    });

    const environment = await page.evaluate(() => window.llmaos.environment());
    ctx.log(`backend ${environment.backend}, ${environment.wasmThreads} WASM threads, isolated: ${environment.crossOriginIsolated}`);
    const common = { backend: `chromium wasm (${environment.wasmThreads} threads)`, model: 'tiny/distilbert-sentiment', dtype: 'q8' };

    // Warm-up, not timed (the node suite warms up the same way).
    await page.evaluate((texts) => window.llmaos.classify(texts, { batchSize: 32 }), ctx.texts.slice(0, 128));

    const single = await ctx.measure(() =>
      page.evaluate(async (texts) => {
        const labels = [];
        for (const text of texts) labels.push((await window.llmaos.classify([text], { batchSize: 1 }))[0].label);
        return labels;
      }, ctx.texts),
    );
    ctx.record({ ...common, case: 'one-by-one', batchSize: 1, ...single.timing, accuracy: ctx.accuracy(single.value) });

    const batched = await ctx.measure(() =>
      page.evaluate(async ({ texts, batchSize }) => (await window.llmaos.classify(texts, { batchSize })).map((r) => r.label), {
        texts: ctx.texts,
        batchSize: ctx.batchSize,
      }),
    );
    ctx.record({
      ...common,
      case: `batch ${ctx.batchSize} by length`,
      batchSize: ctx.batchSize,
      ...batched.timing,
      accuracy: ctx.accuracy(batched.value),
      ratio_vs_one_by_one: batched.timing.rowsPerSec / single.timing.rowsPerSec,
    });
    await context.close();
  } finally {
    await browser.close();
    server.kill();
  }
}

/** Loads the sentiment model through the SDK, timed in the page. */
function timeLoad(page) {
  return page.evaluate(async () => {
    const start = performance.now();
    await window.llmaos.models.load('sentiment');
    return { seconds: (performance.now() - start) / 1000 };
  });
}

/** The node suite's load time of the same model, the same-run baseline for the load figures. */
function baselineLoad(ctx) {
  const node = ctx.results.find((r) => r.suite === 'node' && r.loadSeconds !== undefined);
  return node ? { node_load_seconds: node.loadSeconds } : {};
}
