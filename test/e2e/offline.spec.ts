/**
 * Offline and installable: after one visit that loads the models, the app starts and runs every
 * task with no network at all (Playwright's setOffline also cuts loopback, so even the local
 * preview server is unreachable). The app shell and ORT come from the service worker's precache,
 * the models from the IndexedDB weight cache.
 */
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { classifyThroughUi, EXPECTED_LABELS, FEEDBACK, openApp } from './support/app';
import { recordNetwork } from './support/network';
import { navRoutes, openTab, runEveryTask, waitForServiceWorker } from './support/reliability';

test('after one visit, a reload with no network runs classify, summarize, generate and answer', async ({ page, context }) => {
  test.setTimeout(240_000);
  await openApp(page);
  await waitForServiceWorker(page);
  const online = await runEveryTask(page); // downloads the models into IndexedDB

  await context.setOffline(true);
  const network = recordNetwork(context);
  await page.reload();
  await expect(page.getByTestId('nav-classify')).toBeVisible();

  // Served by the service worker, the page keeps its COOP/COEP headers: still isolated, threaded.
  expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(true);
  const environment = await page.evaluate(() => window.llmaos.environment());
  expect(environment.crossOriginIsolated).toBe(true);
  expect(environment.wasmThreads).toBeGreaterThan(1);

  const offline = await runEveryTask(page);
  expect(offline.labels).toEqual(online.labels);
  expect(offline.summary).toBe(online.summary);
  expect(offline.generated).toBe(online.generated);
  expect(offline.answer).toBe(online.answer);
  expect(offline.embeddingSize).toBe(online.embeddingSize);

  // And through the Classify UI.
  expect(await classifyThroughUi(page, FEEDBACK)).toEqual(EXPECTED_LABELS);

  // Every tab's lazily loaded code is in the precache too.
  for (const route of await navRoutes(page)) await openTab(page, route);

  // Nothing needed the network: every request was answered by the service worker.
  const failed = network.filter((request) => request.failure !== undefined);
  expect(failed, network.toString()).toEqual([]);
  const notFromWorker = network.filter((request) => !request.fromServiceWorker && /^https?:/.test(request.url) && !request.byServiceWorker);
  expect(notFromWorker, network.toString()).toEqual([]);
});

test('the service worker caches the app shell and ORT, never model files', async ({ page }) => {
  await openApp(page);
  await waitForServiceWorker(page);
  await page.evaluate(() => window.llmaos.classify(['fine'])); // a model load must not add to the SW cache
  const cached = await page.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) urls.push(new URL(request.url).pathname);
    }
    return urls;
  });
  expect(cached).toContain('/index.html');
  // Both onnxruntime builds, so either backend runs offline: the plain one (WASM) and asyncify (WebGPU).
  for (const file of [
    'ort-wasm-simd-threaded.wasm',
    'ort-wasm-simd-threaded.mjs',
    'ort-wasm-simd-threaded.asyncify.wasm',
    'ort-wasm-simd-threaded.asyncify.mjs',
  ])
    expect(cached).toContain(`/ort/${file}`);
  expect(cached.filter((path) => path.startsWith('/models/') || /\.onnx$/.test(path))).toEqual([]);
  // One copy of each ORT binary, not a second hashed one from assets/.
  expect(cached.filter((path) => /ort-wasm.*\.wasm$/.test(path)).sort()).toEqual([
    '/ort/ort-wasm-simd-threaded.asyncify.wasm',
    '/ort/ort-wasm-simd-threaded.wasm',
  ]);
});

test('the web app manifest makes it installable', async ({ page, request }) => {
  await openApp(page);
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(href).toBeTruthy();
  const manifest = await (await request.get(href!)).json();
  expect(manifest).toMatchObject({ name: 'LLMaOS Workbench', start_url: '/', display: 'standalone' });
  const sizes = (manifest.icons as { sizes: string; purpose?: string; src: string }[]).map((icon) => `${icon.sizes} ${icon.purpose ?? 'any'}`);
  expect(sizes).toEqual(expect.arrayContaining(['192x192 any', '512x512 any', '512x512 maskable']));
  for (const icon of manifest.icons as { src: string; type: string }[]) {
    const response = await request.get(new URL(icon.src, new URL(href!, page.url())).href);
    expect(response.status(), icon.src).toBe(200);
    expect(response.headers()['content-type']).toContain(icon.type.split('+')[0]);
  }
});

// ---------------------------------------------------------------------------------------------
// Updates. `vite preview` serves one fixed build, and Playwright's routing does not see the
// browser's own fetch of the service worker script, so this test serves the build itself, as a
// static host would, and "deploys" a new version by changing sw.js.

const OUT_DIR = resolve(process.env.E2E_OUT_DIR ?? 'dist');
const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** A static host with the headers README "Hosting" asks for; `deploy()` changes sw.js. */
async function staticHost(): Promise<{ origin: string; deploy(): void; close(): Promise<void> }> {
  let release = 0;
  const server: Server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://host').pathname);
    const file = normalize(join(OUT_DIR, path === '/' ? 'index.html' : path));
    response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    response.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
    response.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    response.setHeader('Cache-Control', 'no-cache');
    try {
      if (!file.startsWith(OUT_DIR)) throw new Error('outside');
      let body: Buffer | string = await readFile(file);
      if (path === '/sw.js' && release > 0) body = `${body.toString('utf8')}\n// release ${release}\n`;
      response.setHeader('Content-Type', TYPES[extname(file)] ?? 'application/octet-stream');
      response.end(body);
    } catch {
      if (path.startsWith('/models/') || extname(path) !== '') {
        response.statusCode = 404;
        response.end('Not found');
        return;
      }
      response.setHeader('Content-Type', 'text/html');
      response.end(await readFile(join(OUT_DIR, 'index.html')));
    }
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    deploy: () => void (release += 1),
    close: () =>
      new Promise<void>((closed) => {
        server.close(() => closed());
        server.closeAllConnections(); // the browser's keep-alive connections would hold close() open
      }),
  };
}

test('a new version waits for "Reload to update": applied only in the tab that asks, never mid-task', async ({ context }) => {
  const host = await staticHost();
  try {
    const url = `${host.origin}/?preset=fixtures&backend=wasm#/classify`;
    const page = await context.newPage();
    await page.goto(url);
    await waitForServiceWorker(page);
    const other = await context.newPage();
    await other.goto(url);
    await waitForServiceWorker(other);

    // Both tabs are in the middle of something: a marker that a reload would wipe.
    for (const tab of [page, other]) await tab.evaluate(() => ((window as unknown as { __busy: boolean }).__busy = true));
    host.deploy();
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());

    for (const tab of [page, other]) {
      await expect(tab.getByTestId('update-banner')).toHaveAttribute('data-update', 'waiting');
      await expect(tab.getByTestId('update-banner')).toContainText('A new version is ready');
    }
    // It waits: nothing reloads by itself, and the old worker still controls both tabs.
    await page.waitForTimeout(2_000);
    for (const tab of [page, other]) {
      expect(await tab.evaluate(() => (window as unknown as { __busy?: boolean }).__busy)).toBe(true);
      expect(await tab.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting?.state)).toBe('installed');
    }

    // The user presses the button in one tab: that tab reloads into the new version...
    await Promise.all([page.waitForEvent('load'), page.getByTestId('update-reload').click()]);
    await expect(page.getByTestId('nav-classify')).toBeVisible();
    expect(await page.evaluate(() => (window as unknown as { __busy?: boolean }).__busy)).toBeUndefined();
    expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting ?? null)).toBeNull();
    expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(true);
    await expect(page.getByTestId('update-banner')).toBeHidden();
    // ...while the other keeps its work and only says that an update was applied elsewhere.
    await expect(other.getByTestId('update-banner')).toHaveAttribute('data-update', 'applied-elsewhere');
    expect(await other.evaluate(() => (window as unknown as { __busy?: boolean }).__busy)).toBe(true);
    expect(await other.evaluate(() => window.llmaos.classify(['still works']).then((r) => r.length))).toBe(1);
  } finally {
    await host.close();
  }
});
