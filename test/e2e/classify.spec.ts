/**
 * The Classify app end to end on WASM: UI → SDK → worker → transformers.js → IndexedDB cache,
 * with the real tiny sentiment model served from public/models.
 */
import { expect, test } from '@playwright/test';
import { classifyThroughUi, EXPECTED_LABELS, FEEDBACK, loadReporting, localKey, openApp, pasteInto } from './support/app';
import { recordNetwork } from './support/network';

const SENTIMENT_WEIGHTS = localKey('tiny/distilbert-sentiment', 'onnx/model_quantized.onnx');

test("classifies pasted feedback through the UI on WASM, threaded, with onnxruntime's plain (CPU-only) build", async ({ page }) => {
  const network = recordNetwork(page);
  await openApp(page);
  expect(await classifyThroughUi(page, FEEDBACK)).toEqual(EXPECTED_LABELS);
  await expect(page.getByTestId('backend-in-use').first()).toContainText(/wasm/i);
  const environment = await page.evaluate(() => window.llmaos.environment());
  expect(environment).toMatchObject({ backend: 'wasm', crossOriginIsolated: true });
  expect(environment.wasmThreads).toBeGreaterThan(1);
  // Not the asyncify build WebGPU needs: the same kernels, half the code for V8 to compile.
  expect(network.ortBinaries(), network.toString()).toEqual(['/ort/ort-wasm-simd-threaded.wasm']);
  // Scores are shown as text next to the label.
  await expect(page.getByTestId('classify-row').first()).toContainText('%');
});

test('onnxruntime starts while the page opens, before any model: its threads are running with no model loaded, and the first classify works', async ({
  page,
}) => {
  await openApp(page);
  const { wasmThreads } = await page.evaluate(() => window.llmaos.environment());
  expect(wasmThreads).toBeGreaterThan(1);
  // onnxruntime starts a web worker for each thread past the inference worker's own, from its
  // own script: they exist only once its runtime has started.
  await expect.poll(() => page.workers().filter((worker) => worker.url().includes('/ort/')).length, { timeout: 30_000 }).toBe(wasmThreads - 1);
  expect(await page.evaluate(() => window.llmaos.models.loaded())).toEqual([]);
  expect(await classifyThroughUi(page, FEEDBACK)).toEqual(EXPECTED_LABELS);
});

test('Settings: "keep a core free for the page" restarts the worker with one thread fewer than the cores; Classify gives the same labels; the choice survives a reload', async ({
  page,
}) => {
  await openApp(page);
  expect(await classifyThroughUi(page, FEEDBACK)).toEqual(EXPECTED_LABELS);
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  const threadsBefore = (await page.evaluate(() => window.llmaos.environment())).wasmThreads;
  const workersBefore = page.workers().length;

  await page.getByTestId('nav-settings').click();
  const leaveACore = page.getByTestId('threads-leave-a-core');
  await expect(leaveACore).not.toBeChecked();
  await leaveACore.check();
  const expected = Math.max(1, Math.min(4, cores - 1));
  await expect(page.getByTestId('env-threads')).toHaveText(String(expected));
  expect(expected).toBeLessThanOrEqual(threadsBefore);
  // The loaded model went with the old worker.
  expect(await page.evaluate(() => window.llmaos.models.loaded())).toEqual([]);

  await page.getByTestId('nav-classify').click();
  expect(await classifyThroughUi(page, FEEDBACK)).toEqual(EXPECTED_LABELS);
  expect((await page.evaluate(() => window.llmaos.environment())).wasmThreads).toBe(expected);
  // A new inference worker took the calls and the old one ended with its threads: onnxruntime
  // starts a web worker for each thread past the inference worker's own, and page.workers() lists them.
  await expect.poll(() => page.workers().length).toBe(workersBefore - (threadsBefore - expected));

  await page.reload();
  await page.getByTestId('nav-settings').click();
  await expect(page.getByTestId('threads-leave-a-core')).toBeChecked();
  await expect(page.getByTestId('env-threads')).toHaveText(String(expected));
});

test('after a reload the model comes from IndexedDB: zero network requests for model files, its size known at once', async ({ page }) => {
  const network = recordNetwork(page);
  await openApp(page);
  await classifyThroughUi(page, FEEDBACK);
  expect(network.matching(SENTIMENT_WEIGHTS).length).toBeGreaterThan(0);
  const [downloaded] = await page.evaluate(() => window.llmaos.models.loaded());
  expect(downloaded!.weightBytes).toBeGreaterThan(100_000);

  await page.reload();
  network.clear();
  // Every file is stored and verified before the load starts, so it reports no download: the
  // model's whole size at once, then ready (the same size as when it was downloaded).
  const reports = await loadReporting(page, 'sentiment');
  expect(reports.map((report) => report.phase)).toEqual(['initializing', 'ready']);
  for (const report of reports) expect(report).toMatchObject({ loaded: downloaded!.weightBytes, total: downloaded!.weightBytes });
  expect((await page.evaluate(() => window.llmaos.models.loaded()))[0]!.weightBytes).toBe(downloaded!.weightBytes);
  expect(await classifyThroughUi(page, FEEDBACK)).toEqual(EXPECTED_LABELS);
  expect(network.modelFileRequests(), network.toString()).toEqual([]);
});

test('a corrupt cached weight file is detected, dropped and fetched again', async ({ page }) => {
  await openApp(page);
  await classifyThroughUi(page, FEEDBACK);

  // Flip bytes in the middle of the cached weights, as a disk fault or a torn write would.
  await page.evaluate(async (key) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('llmaos-weights');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const store = db.transaction('blobs').objectStore('blobs');
    const stored = await new Promise<Blob>((resolve, reject) => {
      const get = store.get(key);
      get.onsuccess = () => resolve(get.result as Blob);
      get.onerror = () => reject(get.error);
    });
    // The transaction would end while the Blob is read: flip the bytes, then write in a new one.
    const view = new Uint8Array(await stored.arrayBuffer());
    for (let i = 1000; i < 1100; i++) view[i] = view[i]! ^ 0xff;
    const write = db.transaction('blobs', 'readwrite');
    write.objectStore('blobs').put(new Blob([view]), key);
    await new Promise((resolve) => (write.oncomplete = resolve));
    db.close();
  }, SENTIMENT_WEIGHTS);

  const network = recordNetwork(page);
  const warnings: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'warning') warnings.push(message.text());
  });
  await page.reload();
  // The check before the load finds the damage, so the download of a fresh copy shows progress.
  const reports = await loadReporting(page, 'sentiment');
  expect(
    reports.some((report) => report.phase === 'downloading' && report.loaded > 0),
    JSON.stringify(reports),
  ).toBe(true);
  expect(reports.at(-1)?.phase).toBe('ready');
  // The worker logs what it found, for a bug report.
  expect(warnings, warnings.join('\n')).toContainEqual(
    expect.stringContaining(`damaged (hash-mismatch), removed, and is downloaded again: tiny/distilbert-sentiment onnx/model_quantized.onnx`),
  );
  expect(await classifyThroughUi(page, FEEDBACK)).toEqual(EXPECTED_LABELS);
  // The damaged file was fetched again from the self-hosted folder; intact files were not.
  expect(network.matching(SENTIMENT_WEIGHTS).length).toBeGreaterThan(0);
  expect(network.matching('tokenizer.json')).toEqual([]);

  // And the cache holds a good copy again: its bytes hash to the recorded SHA-256.
  const intact = await page.evaluate(async (key) => {
    const db = await new Promise<IDBDatabase>((resolve) => {
      const open = indexedDB.open('llmaos-weights');
      open.onsuccess = () => resolve(open.result);
    });
    const read = <T>(store: string) =>
      new Promise<T>((resolve) => {
        const get = db.transaction(store).objectStore(store).get(key);
        get.onsuccess = () => resolve(get.result as T);
      });
    const record = await read<{ sha256: string; size: number }>('files');
    const stored = await read<Blob>('blobs');
    const bytes = await stored.arrayBuffer();
    const hexOf = async (data: ArrayBuffer) =>
      Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', data)), (b) => b.toString(16).padStart(2, '0')).join('');
    const hex = await hexOf(bytes);
    // The stored copy is the file the server sends (its record's hash, computed from the same
    // bytes, could not tell), through the patched download path and the cache's putBytes.
    const served = await hexOf(await (await fetch(key)).arrayBuffer());
    db.close();
    return { blob: stored instanceof Blob, matches: hex === record.sha256, served: hex === served, size: bytes.byteLength === record.size };
  }, SENTIMENT_WEIGHTS);
  expect(intact).toEqual({ blob: true, matches: true, served: true, size: true });
});

test('a long list shows progress and can be cancelled, keeping the app usable', async ({ page }) => {
  await openApp(page);
  const lines = Array.from({ length: 3000 }, (_, i) => `Review ${i}: the app is fine but could load faster`);
  await pasteInto(page, 'classify-input', lines.join('\n'));
  await page.getByTestId('classify-run').click();
  await expect(page.getByTestId('classify-progress').first()).toBeVisible();
  await page.getByTestId('classify-cancel').click();
  await expect(page.getByTestId('classify-status')).toContainText(/cancel/i);
  await expect(page.getByTestId('classify-run')).toBeEnabled();
  // The worker is free again: a short list runs to the end. (3,000 lines are over the size the
  // text box shows, so they are cleared with the button that replaces it.)
  await page.getByTestId('classify-clear').click();
  await page.getByTestId('classify-input').fill(FEEDBACK.join('\n'));
  await page.getByTestId('classify-run').click();
  await expect(page.getByTestId('classify-row')).toHaveCount(FEEDBACK.length, { timeout: 90_000 });
});

test('the SDK is exposed as window.llmaos for scripting', async ({ page }) => {
  await openApp(page);
  const results = await page.evaluate(() => window.llmaos.classify(['I love this', 'I hate this']));
  expect(results.map((r) => r.label)).toEqual(['POSITIVE', 'NEGATIVE']);
  const answer = await page.evaluate(() => window.llmaos.answer('When is support open?', 'Support is open from 9am to 5pm on weekdays.'));
  expect(typeof answer.answer).toBe('string');
  const error = await page.evaluate(() => window.llmaos.classify(['x'], { model: 'tiny/gpt2' }).catch((e: { code: string }) => e.code));
  expect(error).toBe('bad-input');
});
