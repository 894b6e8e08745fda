/**
 * Customize suite: how long training a custom classifier takes, and how good it gets, on the
 * Google Play app-review categories (4 classes: bug report, feature request, rating, user
 * experience).
 *
 * The same training run twice, in the same bench run:
 *  - node (baseline): embeddings with transformers.js on onnxruntime-node, then the app's own
 *    `kFoldCrossValidate` (5 folds) and `trainSoftmax` (final fit) imported from src/customize/;
 *  - browser: the app's production build in Chromium (WASM), driven through the Customize UI as a
 *    user would: import the rows, "use the file's labels", Train. Embedding happens in the
 *    inference worker, cross-validation and the final fit in the training worker; the figures come
 *    from the panel (seconds measured in the page / in the worker) and from the wall clock here.
 * Both see the same rows in the same order with the same seed, so their cross-validated scores
 * should agree up to float differences between the two onnxruntime builds.
 *
 *   npm run bench -- --suites customize                    (uses dist/)
 *   BENCH_DIST=/tmp/dist-x BENCH_PER_CLASS=100 npm run bench -- --suites customize
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Papa from 'papaparse';
import { DATASETS_DIR, readTable } from './datasets.mjs';
import { startPreview } from './preview.mjs';

const PORT = 4181;
const BASE_URL = `http://127.0.0.1:${PORT}`;
const EMBEDDING_MODEL = 'tiny/minilm-embeddings';
const CATEGORIES_FILE = join(DATASETS_DIR, 'google_play_app_review_categories', 'dataset_balanced_4000.csv');
const FOLDS = 5;
const EPOCHS = 100;
const SEED = 42;
const BATCH = 32;

export async function run(ctx) {
  const perClass = Number(process.env.BENCH_PER_CLASS ?? 250);
  if (!Number.isInteger(perClass) || perClass < FOLDS) throw new Error(`BENCH_PER_CLASS must be an integer ≥ ${FOLDS}`);
  const { rows, classes } = await loadReviews(perClass);
  const n = rows.length;
  ctx.log(`${n} Google Play reviews (${perClass} per class, duplicates removed), ${FOLDS}-fold CV, ${EPOCHS} epochs`);
  const dataset = `google_play_app_review_categories (balanced, first ${perClass}/class)`;
  const common = { dataset, rows: n, classes: classes.length, folds: FOLDS, epochs: EPOCHS, embeddingModel: EMBEDDING_MODEL };

  const node = await runNode(ctx, rows, classes);
  ctx.record({
    ...common,
    case: 'customize: embed (node)',
    backend: 'onnxruntime-node (cpu)',
    seconds: node.embedSeconds,
    rowsPerSec: n / node.embedSeconds,
    loadSeconds: node.loadSeconds,
  });
  ctx.record({
    ...common,
    case: 'customize: 5-fold CV + final fit (node)',
    backend: 'node (main thread)',
    seconds: node.trainSeconds,
    cvSeconds: node.cvSeconds,
    fitSeconds: node.fitSeconds,
  });
  ctx.record({
    ...common,
    case: 'customize: total training (node)',
    backend: 'node',
    seconds: node.embedSeconds + node.trainSeconds,
    cvAccuracy: node.cv.meanAccuracy,
    cvMacroF1: node.cv.meanMacroF1,
    cvStdAccuracy: node.cv.stdAccuracy,
    foldAccuracies: node.cv.folds.map((f) => f.accuracy),
  });

  const browser = await runBrowser(ctx, rows, perClass);
  const speed = (nodeSeconds, browserSeconds) => (browserSeconds > 0 ? nodeSeconds / browserSeconds : undefined);
  ctx.record({
    ...common,
    case: 'customize: embed (browser)',
    backend: 'chromium wasm',
    seconds: browser.embedSeconds,
    rowsPerSec: n / browser.embedSeconds,
    loadSeconds: browser.loadSeconds,
    speed_vs_node: speed(node.embedSeconds, browser.embedSeconds),
  });
  ctx.record({
    ...common,
    case: 'customize: 5-fold CV + final fit (browser, training worker)',
    backend: 'chromium (worker)',
    seconds: browser.trainSeconds,
    speed_vs_node: speed(node.trainSeconds, browser.trainSeconds),
  });
  ctx.record({
    ...common,
    case: 'customize: total training (browser, click to scores)',
    backend: 'chromium wasm',
    seconds: browser.wallSeconds,
    cvAccuracy: browser.cvAccuracy,
    cvMacroF1: browser.cvMacroF1,
    foldAccuracies: browser.foldAccuracies,
    speed_vs_node: speed(node.embedSeconds + node.trainSeconds, browser.wallSeconds),
    cvAccuracy_diff_vs_node: browser.cvAccuracy - node.cv.meanAccuracy,
  });
  ctx.log(
    `CV accuracy node ${node.cv.meanAccuracy.toFixed(3)} / browser ${browser.cvAccuracy.toFixed(3)}, ` +
      `macro-F1 node ${node.cv.meanMacroF1.toFixed(3)} / browser ${browser.cvMacroF1.toFixed(3)}`,
  );
}

/**
 * The first `perClass` reviews of each category in file order, without duplicate texts (the
 * balanced file repeats some). Classes in order of first appearance, as the Customize app's
 * "use the file's labels" orders them when every class has the same count.
 */
async function loadReviews(perClass) {
  const table = await readTable(CATEGORIES_FILE);
  const seen = new Set();
  const counts = new Map();
  const rows = [];
  for (const row of table) {
    const text = String(row.review ?? '').trim();
    const label = String(row.label ?? '').trim();
    if (text === '' || label === '' || seen.has(text)) continue;
    seen.add(text);
    const count = counts.get(label) ?? 0;
    if (count >= perClass) continue;
    counts.set(label, count + 1);
    rows.push({ text, label });
  }
  const classes = [...counts.keys()];
  for (const c of classes) if (counts.get(c) < perClass) throw new Error(`only ${counts.get(c)} reviews of "${c}"`);
  return { rows, classes };
}

async function runNode(ctx, rows, classes) {
  const { pipeline, env } = await import('@huggingface/transformers');
  env.localModelPath = ctx.modelsDir + '/';
  env.allowLocalModels = true;
  env.allowRemoteModels = false;
  const { kFoldCrossValidate } = await ctx.importTs('src/customize/crossValidation.ts');
  const { trainSoftmax } = await ctx.importTs('src/customize/softmax.ts');

  const loadStart = performance.now();
  const extractor = await pipeline('feature-extraction', EMBEDDING_MODEL, { dtype: 'q8', device: 'cpu' });
  const loadSeconds = (performance.now() - loadStart) / 1000;
  const texts = rows.map((r) => r.text);
  // Warm-up, not timed (onnxruntime allocates per input shape; the browser suite warms up too).
  await extractor(texts.slice(0, BATCH), { pooling: 'mean', normalize: true });

  const embedStart = performance.now();
  const X = [];
  for (let i = 0; i < texts.length; i += BATCH) {
    const tensor = await extractor(texts.slice(i, i + BATCH), { pooling: 'mean', normalize: true });
    X.push(...tensor.tolist());
  }
  const embedSeconds = (performance.now() - embedStart) / 1000;
  await extractor.dispose();

  const y = rows.map((r) => classes.indexOf(r.label));
  const options = { classes, epochs: EPOCHS, seed: SEED };
  const cvStart = performance.now();
  const cv = await kFoldCrossValidate(X, y, FOLDS, options);
  const cvSeconds = (performance.now() - cvStart) / 1000;
  const fitStart = performance.now();
  await trainSoftmax(X, y, options);
  const fitSeconds = (performance.now() - fitStart) / 1000;
  ctx.log(`node: embed ${embedSeconds.toFixed(2)} s, CV ${cvSeconds.toFixed(2)} s, final fit ${fitSeconds.toFixed(2)} s`);
  return { loadSeconds, embedSeconds, cv, cvSeconds, fitSeconds, trainSeconds: cvSeconds + fitSeconds };
}

async function runBrowser(ctx, rows, perClass) {
  const dist = process.env.BENCH_DIST ?? 'dist';
  const distDir = isAbsolute(dist) ? dist : join(ctx.root, dist);
  if (!existsSync(join(distDir, 'index.html'))) {
    throw new Error(`${distDir}/index.html is missing: run \`npm run build\` first (or set BENCH_DIST to a build directory)`);
  }
  const file = join(mkdtempSync(join(tmpdir(), 'llmaos-bench-')), 'google-play-train.csv');
  writeFileSync(file, Papa.unparse(rows.map((r) => ({ review: r.text, label: r.label }))));

  const { chromiumLaunchOptions } = await ctx.importTs('test/e2e/support/chromium.ts');
  const { chromium } = await import('playwright-core');
  const server = await startPreview({ root: ctx.root, port: PORT, outDir: distDir });
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const page = await browser.newPage();
    page.on('pageerror', (error) => ctx.log('page error:', error.message));
    await page.goto(`${BASE_URL}/?preset=fixtures&backend=wasm#/customize`);

    // Load (and warm up) the embedding model first, so the training figures do not include it.
    const loadSeconds = await page.evaluate(async (batch) => {
      const start = performance.now();
      await window.llmaos.models.load('embeddings');
      const seconds = (performance.now() - start) / 1000;
      await window.llmaos.embed(
        Array.from({ length: batch }, (_, i) => `warm-up review ${i}`),
        { batchSize: batch },
      );
      return seconds;
    }, BATCH);

    await page.getByTestId('custom-import-input').setInputFiles(file);
    await page.locator(`[data-testid="custom-import-summary"][data-rows="${rows.length}"]`).waitFor();
    await page.getByTestId('custom-label-column').selectOption('label');
    await page.getByTestId('custom-per-class').fill(String(perClass));
    await page.getByTestId('custom-use-labels').click();
    await page.locator(`[data-testid="custom-labelled-count"][data-count="${rows.length}"]`).waitFor();

    const start = performance.now();
    await page.getByTestId('custom-train').click();
    await page.locator('[data-testid="custom-cv-accuracy"]:not([data-value=""])').waitFor({ timeout: 600_000 });
    const wallSeconds = (performance.now() - start) / 1000;
    const number = async (testId, name) => Number(await page.getByTestId(testId).getAttribute(name));
    const foldAccuracies = await page.getByTestId('custom-fold').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-accuracy'))));
    const result = {
      loadSeconds,
      wallSeconds,
      embedSeconds: await number('custom-train-facts', 'data-embed-seconds'),
      trainSeconds: await number('custom-train-facts', 'data-seconds'),
      cvAccuracy: await number('custom-cv-accuracy', 'data-value'),
      cvMacroF1: await number('custom-cv-f1', 'data-value'),
      foldAccuracies,
    };
    ctx.log(`browser: embed ${result.embedSeconds.toFixed(2)} s, CV + fit ${result.trainSeconds.toFixed(2)} s, click to scores ${wallSeconds.toFixed(2)} s`);
    return result;
  } finally {
    await browser.close();
    server.kill();
  }
}
