/**
 * End-to-end tests against the e2e build (`npm run build:e2e`: the production build plus the test
 * hooks of src/core/testHooks.ts) served by `vite preview`, in the system Chromium.
 * `scripts/test.sh` builds first; this config refuses to run without dist-e2e/.
 *
 * Projects: `wasm` runs every spec except `*.webgpu.spec.ts`; `webgpu` runs only those, with
 * WebGPU enabled (SwiftShader, i.e. software: slow but real).
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './test/e2e/support/chromium';

const ROOT = dirname(fileURLToPath(import.meta.url));
/** E2E_PORT and E2E_OUT_DIR let several checkouts or engineers run e2e side by side. */
const PORT = Number(process.env.E2E_PORT ?? 4173);
const OUT_DIR = process.env.E2E_OUT_DIR ?? 'dist-e2e';
const BASE_URL = `http://127.0.0.1:${PORT}`;
/** scripts/test.sh reads the counts from here. */
export const JSON_REPORT = process.env.PLAYWRIGHT_JSON_OUTPUT_FILE ?? join(ROOT, '.cache', 'test-results', 'playwright.json');

if (!existsSync(resolve(ROOT, OUT_DIR, 'index.html'))) {
  throw new Error(`${OUT_DIR}/index.html is missing: the e2e tests run against the e2e build. Run \`npm run build:e2e\` first (\`npm test\` does).`);
}

const WEBGPU_SPEC = /\.webgpu\.spec\.ts$/;

export default defineConfig({
  testDir: 'test/e2e',
  // Model loads compete for 2 CPUs; parallel browsers would only make every test slower and flakier.
  workers: 1,
  fullyParallel: false,
  // WASM inference and SwiftShader WebGPU are slow on 2 cores.
  timeout: 120_000,
  expect: { timeout: 30_000 },
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: JSON_REPORT }]],
  outputDir: join(ROOT, 'test-results'),
  use: {
    baseURL: BASE_URL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  webServer: {
    command: `npx --loglevel=error vite preview --port ${PORT} --strictPort --host 127.0.0.1 --outDir ${OUT_DIR}`,
    url: BASE_URL,
    cwd: ROOT,
    // Locally a preview you already started is reused; CI always starts its own.
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
  projects: [
    {
      name: 'wasm',
      testIgnore: WEBGPU_SPEC,
      use: { browserName: 'chromium', launchOptions: chromiumLaunchOptions() },
    },
    {
      name: 'webgpu',
      testMatch: WEBGPU_SPEC,
      use: { browserName: 'chromium', launchOptions: chromiumLaunchOptions({ webgpu: true }) },
    },
  ],
});
