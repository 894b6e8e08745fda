/**
 * The same Classify path on WebGPU (SwiftShader here: software, slow, but the real WebGPU
 * execution provider of onnxruntime-web).
 */
import { expect, test } from '@playwright/test';
import { classifyThroughUi, EXPECTED_LABELS, FEEDBACK, openApp } from './support/app';
import { recordNetwork } from './support/network';

test("classifies pasted feedback through the UI on WebGPU, with onnxruntime's asyncify build", async ({ page }) => {
  const network = recordNetwork(page);
  await openApp(page, { backend: 'webgpu' });
  const environment = await page.evaluate(() => window.llmaos.environment());
  expect(environment).toMatchObject({ backend: 'webgpu', webgpuAvailable: true });
  expect(await classifyThroughUi(page, FEEDBACK)).toEqual(EXPECTED_LABELS);
  await expect(page.getByTestId('backend-in-use').first()).toContainText(/webgpu/i);
  const loaded = await page.evaluate(() => window.llmaos.models.loaded());
  expect(loaded).toContainEqual(expect.objectContaining({ modelId: 'tiny/distilbert-sentiment', backend: 'webgpu', dtype: 'fp32' }));
  expect(network.ortBinaries(), network.toString()).toEqual(['/ort/ort-wasm-simd-threaded.asyncify.wasm']);
});

test('switching from WASM to WebGPU starts a worker with the asyncify build, and the next classify runs on WebGPU', async ({ page }) => {
  const network = recordNetwork(page);
  await openApp(page, { backend: 'wasm' });
  expect(await classifyThroughUi(page, FEEDBACK)).toEqual(EXPECTED_LABELS);
  expect(network.ortBinaries()).toEqual(['/ort/ort-wasm-simd-threaded.wasm']);

  const environment = await page.evaluate(() => window.llmaos.setBackend('webgpu'));
  expect(environment).toMatchObject({ backend: 'webgpu' });
  const results = await page.evaluate((texts) => window.llmaos.classify(texts), FEEDBACK);
  expect(results.map((result) => result.label)).toEqual(EXPECTED_LABELS);
  const loaded = await page.evaluate(() => window.llmaos.models.loaded());
  expect(loaded).toContainEqual(expect.objectContaining({ modelId: 'tiny/distilbert-sentiment', backend: 'webgpu' }));
  expect(network.ortBinaries().sort()).toEqual(['/ort/ort-wasm-simd-threaded.asyncify.wasm', '/ort/ort-wasm-simd-threaded.wasm']);
});

test('a load stopped as its session starts to build, then a call at once, works on WebGPU, after a download and from stored files', async ({ page }) => {
  // What a user does with Stop during a load, then Run again. The engine test "a load abandoned
  // by everyone who asked for it" checks that the new call waits for the abandoned load.
  await openApp(page, { backend: 'webgpu' });
  const outcome = await page.evaluate(async (feedback) => {
    const stopAtBuild = async () => {
      const controller = new AbortController();
      const abandoned = window.llmaos.models
        .load('sentiment', { signal: controller.signal, onLoadProgress: (progress) => progress.phase === 'initializing' && controller.abort() })
        .then(
          () => 'resolved',
          (error: { code?: string }) => String(error.code),
        );
      const labels = await window.llmaos.classify(feedback).then(
        (results) => results.map((r) => r.label),
        (error: { code?: string; message?: string }) => [`rejected:${error.code}:${error.message}`],
      );
      return { abandoned: await abandoned, labels };
    };
    // First the download (its files arrive, the session is built), then from the stored files.
    const downloaded = await stopAtBuild();
    await window.llmaos.models.unload(window.llmaos.models.loaded()[0]!.modelId);
    const stored = await stopAtBuild();
    const after = (await window.llmaos.classify(feedback)).map((r) => r.label);
    return { downloaded, stored, after, loaded: window.llmaos.models.loaded().map((m) => m.backend) };
  }, FEEDBACK);
  for (const attempt of [outcome.downloaded, outcome.stored]) {
    expect(attempt.abandoned).toMatch(/cancelled|resolved/);
    expect(attempt.labels).toEqual(EXPECTED_LABELS);
  }
  expect(outcome.after).toEqual(EXPECTED_LABELS);
  expect(outcome.loaded).toEqual(['webgpu']);
});
