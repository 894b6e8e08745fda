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
