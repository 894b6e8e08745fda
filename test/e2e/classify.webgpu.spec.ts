/**
 * The same Classify path on WebGPU (SwiftShader here: software, slow, but the real WebGPU
 * execution provider of onnxruntime-web).
 */
import { expect, test } from '@playwright/test';
import { classifyThroughUi, EXPECTED_LABELS, FEEDBACK, openApp } from './support/app';

test('classifies pasted feedback through the UI on WebGPU', async ({ page }) => {
  await openApp(page, { backend: 'webgpu' });
  const environment = await page.evaluate(() => window.llmaos.environment());
  expect(environment).toMatchObject({ backend: 'webgpu', webgpuAvailable: true });
  expect(await classifyThroughUi(page, FEEDBACK)).toEqual(EXPECTED_LABELS);
  await expect(page.getByTestId('backend-in-use').first()).toContainText(/webgpu/i);
  const loaded = await page.evaluate(() => window.llmaos.models.loaded());
  expect(loaded).toContainEqual(expect.objectContaining({ modelId: 'tiny/distilbert-sentiment', backend: 'webgpu', dtype: 'fp32' }));
});
