/**
 * Smoke test of the hosting setup the app depends on, independent of the UI (others write it):
 * cross-origin isolation (WASM threads), self-hosted onnxruntime WASM, and honest 404s for
 * missing model files (so transformers.js never parses index.html as weights).
 */
import { chromium, expect, test } from '@playwright/test';
import { chromiumLaunchOptions } from './support/chromium';
import { recordNetwork } from './support/network';

/** Fetches a URL from inside the page, so COEP/CORP rules apply as they do for the app. */
async function fetchInPage(page: import('@playwright/test').Page, url: string) {
  return page.evaluate(async (u) => {
    const res = await fetch(u, { cache: 'no-store' });
    const bytes = new Uint8Array(await res.arrayBuffer());
    return {
      status: res.status,
      contentType: res.headers.get('content-type') ?? '',
      head: Array.from(bytes.slice(0, 16)),
      text: new TextDecoder().decode(bytes.slice(0, 200)),
    };
  }, url);
}

test.beforeEach(async ({ page }) => {
  const response = await page.goto('/?preset=fixtures');
  expect(response?.status()).toBe(200);
});

test('the page is cross-origin isolated (SharedArrayBuffer for WASM threads)', async ({ page }) => {
  expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(true);
  expect(await page.evaluate(() => typeof SharedArrayBuffer)).toBe('function');
});

test('the onnxruntime WASM binaries are self-hosted', async ({ page }) => {
  for (const path of ['/ort/ort-wasm-simd-threaded.wasm', '/ort/ort-wasm-simd-threaded.asyncify.wasm']) {
    const wasm = await fetchInPage(page, path);
    expect(wasm.status, path).toBe(200);
    expect(wasm.head.slice(0, 4), path).toEqual([0x00, 0x61, 0x73, 0x6d]); // "\0asm": a WASM module, not HTML
    expect(wasm.contentType, path).toContain('application/wasm'); // needed for streaming compilation
  }
});

test('a missing model file answers 404, not the SPA index.html', async ({ page }) => {
  const missing = await fetchInPage(page, '/models/tiny/gpt2/does-not-exist.onnx');
  expect(missing.status).toBe(404);
  expect(missing.text.toLowerCase()).not.toContain('<!doctype html');
});

test('the fixture models are self-hosted under /models/', async ({ page }) => {
  // scripts/test.sh copies ../shared/models into public/models before the build.
  const config = await page.evaluate(async () => {
    const res = await fetch('/models/tiny/gpt2/config.json', { cache: 'no-store' });
    return { status: res.status, json: res.ok ? await res.json() : null };
  });
  expect(config.status).toBe(200);
  expect(config.json.model_type).toBe('gpt2');
});

test('loading the page makes no request outside its origin', async ({ page, baseURL }) => {
  const net = recordNetwork(page);
  await page.reload();
  await page.waitForLoadState('networkidle');
  net.stop();
  expect(net.requests.length, net.toString()).toBeGreaterThan(0);
  expect(net.offOrigin(baseURL!), net.toString()).toEqual([]);
});

test("the webgpu project's Chromium flags give a WebGPU adapter", async ({ baseURL }) => {
  // Checks the harness itself: if these flags stopped giving an adapter, every *.webgpu.spec.ts
  // would silently test the WASM fallback. Own browser, because launch options are per worker.
  const browser = await chromium.launch(chromiumLaunchOptions({ webgpu: true }));
  try {
    const page = await browser.newPage();
    await page.goto(new URL('/?preset=fixtures', baseURL).href);
    const gpu = await page.evaluate(async () => {
      const adapter = await navigator.gpu?.requestAdapter();
      if (!adapter) return null;
      const device = await adapter.requestDevice();
      return { vendor: adapter.info.vendor, architecture: adapter.info.architecture, device: !!device };
    });
    expect(gpu).not.toBeNull();
    expect(gpu?.device).toBe(true);
  } finally {
    await browser.close();
  }
});
