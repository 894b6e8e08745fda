/**
 * Feedback Insights suite (issue 3, "Performance"): sentiment over 5,000 real reviews (every
 * Alexa review, then App Store reviews) with the tiny model, measured in the same run:
 *
 * - node: transformers.js on onnxruntime-node, batches of similar length (the native ceiling);
 * - chromium, batched: the app's production build (WASM, threaded) through `window.llmaos`, one
 *   call with every row, at batch sizes 8 / 16 / 32 / 64 (the engine sorts by length);
 * - chromium, naive: one `classify([text])` call per row, as a simple integration would.
 *
 * Ratios: `ratio_vs_node` = best chromium batch ÷ best node batch; `ratio_vs_naive` = best
 * chromium batch ÷ chromium one-at-a-time. Targets: ≥ 0.5 and ≥ 3.
 *
 * Rows are labelled `batch` rather than `batchSize` so run.mjs's generic ratio (against the
 * classify suite's 1,000 Alexa rows) does not overwrite these same-input ratios.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadReviewMix } from './datasets.mjs';
import { startPreview } from './preview.mjs';

const PORT = Number(process.env.BENCH_INSIGHTS_PORT ?? 4181);
const BASE_URL = `http://127.0.0.1:${PORT}`;
const APP_URL = `${BASE_URL}/?preset=fixtures&backend=wasm#/insights`;
const MODEL = 'tiny/distilbert-sentiment';
const ROWS = Number(process.env.BENCH_INSIGHTS_ROWS ?? 5000);
const BATCH_SIZES = [8, 16, 32, 64];

export async function run(ctx) {
  const rows = await loadReviewMix({ limit: ROWS });
  const texts = rows.map((row) => row.text);
  const chars = texts.reduce((sum, text) => sum + text.length, 0);
  ctx.log(`${texts.length} reviews (${rows.filter((r) => r.source === 'alexa').length} Alexa, ${rows.filter((r) => r.source === 'appstore').length} App Store), ${Math.round(chars / texts.length)} characters on average`);
  const repeat = Math.min(ctx.repeat, 2);
  const measure = async (fn) => {
    const runs = [];
    let value;
    for (let i = 0; i < repeat; i++) {
      const start = performance.now();
      value = await fn();
      runs.push((performance.now() - start) / 1000);
    }
    const seconds = [...runs].sort((a, b) => a - b)[Math.floor((runs.length - 1) / 2)];
    return { value, seconds, rowsPerSec: texts.length / seconds, runs };
  };
  const dataset = `review mix (${texts.length}: Alexa + App Store)`;
  const results = [];
  const record = (entry) => {
    const result = { suite: 'insights', rows: texts.length, dataset, model: MODEL, dtype: 'q8', ...entry };
    results.push(result);
    ctx.record(result);
    return result;
  };

  // ---- node: the native ceiling, length-sorted batches
  const node = [];
  {
    const { pipeline, env } = await import('@huggingface/transformers');
    env.localModelPath = ctx.modelsDir + '/';
    env.allowLocalModels = true;
    env.allowRemoteModels = false;
    const classifier = await pipeline('sentiment-analysis', MODEL, { dtype: 'q8', device: 'cpu' });
    const order = texts.map((_, i) => i).sort((a, b) => texts[a].length - texts[b].length || a - b);
    for (let i = 0; i < 256; i += 32) await classifier(texts.slice(i, i + 32)); // warm-up
    for (const batch of BATCH_SIZES) {
      const m = await measure(async () => {
        const labels = new Array(texts.length);
        for (let i = 0; i < order.length; i += batch) {
          const ids = order.slice(i, i + batch);
          const out = await classifier(ids.map((id) => texts[id]));
          out.forEach((r, j) => (labels[ids[j]] = r.label));
        }
        return labels;
      });
      node.push(record({ case: `node batch ${batch} by length`, backend: 'onnxruntime-node (cpu)', batch, seconds: m.seconds, rowsPerSec: m.rowsPerSec, runs: m.runs }));
      ctx.log(`node batch ${batch}: ${m.rowsPerSec.toFixed(0)} rows/s`);
    }
    await classifier.dispose();
  }

  // ---- chromium: the app's build through window.llmaos
  const outDir = resolve(ctx.root, process.env.BENCH_DIST ?? 'dist');
  if (!existsSync(join(outDir, 'index.html'))) throw new Error(`${outDir}/index.html is missing: run \`npm run build\` first`);
  const { chromiumLaunchOptions } = await ctx.importTs('test/e2e/support/chromium.ts');
  const { chromium } = await import('playwright-core');
  const server = await startPreview({ root: ctx.root, port: PORT, outDir });
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const page = await browser.newPage();
    page.on('pageerror', (error) => ctx.log('page error:', error.message));
    await page.goto(APP_URL);
    await page.evaluate(() => window.llmaos.models.load('sentiment'));
    const environment = await page.evaluate(() => window.llmaos.environment());
    const backend = `chromium wasm (${environment.wasmThreads} threads)`;
    ctx.log(`${backend}, cross-origin isolated: ${environment.crossOriginIsolated}`);
    await page.evaluate((sample) => window.llmaos.classify(sample, { batchSize: 32 }), texts.slice(0, 256)); // warm-up

    const browserBatched = [];
    const labelsByBatch = new Map();
    for (const batch of BATCH_SIZES) {
      const m = await measure(() => page.evaluate(async ({ texts, batch }) => (await window.llmaos.classify(texts, { batchSize: batch })).map((r) => r.label), { texts, batch }));
      browserBatched.push(record({ case: `chromium batch ${batch}`, backend, batch, seconds: m.seconds, rowsPerSec: m.rowsPerSec, runs: m.runs }));
      labelsByBatch.set(batch, m.value);
      ctx.log(`chromium batch ${batch}: ${m.rowsPerSec.toFixed(0)} rows/s`);
    }

    // One call per row, measured once: it is the slow baseline and takes the longest.
    const start = performance.now();
    const naiveLabels = await page.evaluate(async (texts) => {
      const labels = [];
      for (const text of texts) labels.push((await window.llmaos.classify([text]))[0].label);
      return labels;
    }, texts);
    const naiveSeconds = (performance.now() - start) / 1000;
    const naive = record({ case: 'chromium one-by-one (naive)', backend, batch: 1, seconds: naiveSeconds, rowsPerSec: texts.length / naiveSeconds, runs: [naiveSeconds] });
    ctx.log(`chromium one-by-one: ${naive.rowsPerSec.toFixed(0)} rows/s`);

    const best = browserBatched.reduce((a, b) => (b.rowsPerSec > a.rowsPerSec ? b : a));
    const bestNode = node.reduce((a, b) => (b.rowsPerSec > a.rowsPerSec ? b : a));
    // Padding in a batch may flip a borderline score; more than a few would mean broken batching.
    const agreement = agreementOf(labelsByBatch.get(best.batch), naiveLabels);
    for (const r of [...browserBatched, naive]) {
      r.ratio_vs_node = r.rowsPerSec / bestNode.rowsPerSec;
      r.ratio_vs_naive = r.rowsPerSec / naive.rowsPerSec;
    }
    const summary = record({
      case: `best: chromium batch ${best.batch}`,
      backend,
      batch: best.batch,
      seconds: best.seconds,
      rowsPerSec: best.rowsPerSec,
      node_rowsPerSec: bestNode.rowsPerSec,
      node_batch: bestNode.batch,
      naive_rowsPerSec: naive.rowsPerSec,
      ratio_vs_node: best.rowsPerSec / bestNode.rowsPerSec,
      ratio_vs_naive: best.rowsPerSec / naive.rowsPerSec,
      label_agreement_vs_naive: agreement,
      targets: { ratio_vs_node: 0.5, ratio_vs_naive: 3 },
    });
    ctx.log(`best chromium batch ${best.batch}: ${best.rowsPerSec.toFixed(0)} rows/s = ${summary.ratio_vs_node.toFixed(2)}× node (batch ${bestNode.batch}, ${bestNode.rowsPerSec.toFixed(0)} rows/s), ${summary.ratio_vs_naive.toFixed(2)}× naive (${naive.rowsPerSec.toFixed(0)} rows/s)`);
  } finally {
    await browser.close();
    server.kill();
  }
  return undefined;
}

function agreementOf(a, b) {
  if (!a || !b || a.length !== b.length) return undefined;
  return a.filter((label, i) => label === b[i]).length / a.length;
}

