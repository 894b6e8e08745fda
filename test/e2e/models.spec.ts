/**
 * The model library: load with progress into the IndexedDB cache, import a model folder from
 * disk (the air-gapped path), add a Hub model by id, choose it for a task, delete a cached model,
 * and the storage estimate.
 */
import { cpSync, mkdirSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { DOWNLOAD_BUFFERS_GLOBAL } from '../../src/workers/downloadBuffers';
import { FEEDBACK, EXPECTED_LABELS, inferenceWorker, loadReporting, openApp } from './support/app';
import { recordNetwork } from './support/network';

const TINY_SENTIMENT = resolve(import.meta.dirname, '../../../shared/models/tiny/distilbert-sentiment');

/** A model folder as a user would have it on disk, under a name of their choosing. */
function modelFolderOnDisk(name: string): string {
  const folder = join(mkdtempSync(join(tmpdir(), 'llmaos-import-')), name);
  mkdirSync(join(folder, 'onnx'), { recursive: true });
  for (const file of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model_quantized.onnx']) {
    cpSync(join(TINY_SENTIMENT, file), join(folder, file));
  }
  return folder;
}

function row(page: import('@playwright/test').Page, modelId: string) {
  return page.locator(`[data-testid="model-row"][data-model-id="${modelId}"]`);
}

test('loads a model into the cache with progress, then deletes it', async ({ page }) => {
  page.on('dialog', (dialog) => void dialog.accept());
  await openApp(page, { route: 'models' });
  const sentiment = row(page, 'tiny/distilbert-sentiment');
  await expect(sentiment.getByTestId('model-cached')).toHaveAttribute('data-cached', 'false');
  await sentiment.getByTestId('model-load').click();
  await expect(sentiment.getByTestId('model-loaded')).toBeVisible({ timeout: 60_000 });
  await expect(sentiment.getByTestId('model-cached')).toHaveAttribute('data-cached', 'true');
  await expect(page.getByTestId('storage-estimate')).not.toHaveAttribute('data-usage', '0');

  await sentiment.getByTestId('model-delete').click();
  await expect(sentiment.getByTestId('model-cached')).toHaveAttribute('data-cached', 'false');
  const cachedFiles = await page.evaluate(
    () =>
      new Promise<number>((done) => {
        const open = indexedDB.open('llmaos-weights');
        open.onsuccess = () => {
          const count = open.result.transaction('files').objectStore('files').index('byModel').count('tiny/distilbert-sentiment');
          count.onsuccess = () => done(count.result);
        };
      }),
  );
  expect(cachedFiles).toBe(0);
});

test('the download total counts every file at its real size, also when the server compresses them', async ({ page }) => {
  // The preview server gzips JSON and the .onnx weights on the fly, with no Content-Length: the
  // total must still be the sum of the files, not of the bytes read so far.
  page.on('dialog', (dialog) => void dialog.accept());
  await openApp(page, { route: 'models' });
  const modelPath = '/models/tiny/distilbert-sentiment/';
  const files = new Set<string>();
  page.on('response', (response) => {
    const { pathname } = new URL(response.url());
    if (pathname.startsWith(modelPath) && response.status() === 200) files.add(pathname.slice(modelPath.length));
  });
  // The largest total the Models panel's bar showed, watched in the page as it changes.
  await page.evaluate(() => {
    const seen = { max: 0 };
    (window as unknown as { barTotal: typeof seen }).barTotal = seen;
    new MutationObserver(() => {
      for (const bar of document.querySelectorAll('[data-testid="model-progress"] [role="progressbar"]')) {
        seen.max = Math.max(seen.max, Number(bar.getAttribute('aria-valuemax') ?? 0));
      }
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-valuemax'] });
  });
  const sentiment = row(page, 'tiny/distilbert-sentiment');
  await sentiment.getByTestId('model-load').click();
  await expect(sentiment.getByTestId('model-loaded')).toBeVisible({ timeout: 60_000 });
  expect([...files].sort()).toEqual(expect.arrayContaining(['config.json', 'onnx/model_quantized.onnx', 'tokenizer.json']));
  const realTotal = [...files].reduce((sum, file) => sum + statSync(join(TINY_SENTIMENT, file)).size, 0);
  const barTotal = await page.evaluate(() => (window as unknown as { barTotal: { max: number } }).barTotal.max);
  // The bar shows the real total, or no total while a size is unknown: never a partial sum.
  expect([0, realTotal]).toContain(barTotal);

  // The same load through the SDK, after a reload with the cache cleared, with every report kept.
  await sentiment.getByTestId('model-delete').click();
  await expect(sentiment.getByTestId('model-cached')).toHaveAttribute('data-cached', 'false');
  await page.reload();
  await page.waitForFunction(() => window.llmaos !== undefined);
  const reports = await loadReporting(page, 'tiny/distilbert-sentiment');
  const downloading = reports.filter((report) => report.phase === 'downloading');
  expect(downloading.length).toBeGreaterThan(0);
  for (const report of downloading) {
    expect([0, realTotal], JSON.stringify(reports)).toContain(report.total);
    expect(report.loaded).toBeLessThanOrEqual(realTotal);
  }
  // "Preparing" only once every byte is in, and the model's size is the real total.
  for (const report of reports.filter((r) => r.phase !== 'downloading')) expect(report).toMatchObject({ loaded: realTotal, total: realTotal });
  expect(reports.at(-1)).toMatchObject({ phase: 'ready', total: realTotal });
});

test('a download that states its size is read into one buffer, freed once the model is loaded; the next visit reads the cache and gets the same results', async ({
  page,
  context,
}) => {
  // The preview server compresses model files on the fly and gives no size; a static host or the
  // Hub gives each file's Content-Length, as these answers do.
  const modelPath = '/models/tiny/distilbert-sentiment/';
  const served: string[] = [];
  await context.route(`**${modelPath}**`, async (route) => {
    const file = new URL(route.request().url()).pathname.slice(modelPath.length);
    served.push(file);
    await route.fulfill({ path: join(TINY_SENTIMENT, file), headers: { 'content-type': 'application/octet-stream' } });
  });
  const classify = () => page.evaluate(async (texts) => (await window.llmaos.classify(texts)).map(({ label, score }) => ({ label, score })), FEEDBACK);
  const downloadStats = async () =>
    (await inferenceWorker(page)).evaluate(
      (name) => (self as unknown as Record<string, { stats: { read: number; released: number } }>)[name]!.stats,
      DOWNLOAD_BUFFERS_GLOBAL,
    );

  await openApp(page);
  await page.waitForFunction(() => window.llmaos !== undefined);
  const downloaded = await classify();
  expect(downloaded.map((r) => r.label)).toEqual(EXPECTED_LABELS);
  expect(served).toContain('onnx/model_quantized.onnx');
  // The weights came in one buffer (only such a buffer is ever freed), freed once the session existed.
  expect(await downloadStats()).toEqual({ read: expect.any(Number), released: 1 });

  served.length = 0;
  await page.reload();
  await page.waitForFunction(() => window.llmaos !== undefined);
  expect(await classify()).toEqual(downloaded);
  expect(served).toEqual([]);
  expect(await downloadStats()).toEqual({ read: 0, released: 0 });
});

test('imports a model folder from disk and runs it without any download', async ({ page }) => {
  await openApp(page, { route: 'models' });
  await page.getByTestId('import-task').selectOption('sentiment');
  await page.getByTestId('import-folder-input').setInputFiles(modelFolderOnDisk('my-sentiment'));
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-phase', 'done', { timeout: 60_000 });
  await expect(row(page, 'local/my-sentiment')).toBeVisible();

  const network = recordNetwork(page);
  const labels = await page.evaluate(async (texts) => (await window.llmaos.classify(texts, { model: 'local/my-sentiment' })).map((r) => r.label), FEEDBACK);
  expect(labels).toEqual(EXPECTED_LABELS);
  expect(network.matching('/models/local/'), network.toString()).toEqual([]);
});

test('refuses a folder that is not a model, naming what is missing', async ({ page }) => {
  await openApp(page, { route: 'models' });
  const folder = join(mkdtempSync(join(tmpdir(), 'llmaos-import-')), 'holiday-photos');
  mkdirSync(folder);
  cpSync(join(TINY_SENTIMENT, 'tokenizer.json'), join(folder, 'notes.json'));
  await page.getByTestId('import-folder-input').setInputFiles(folder);
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-phase', 'error');
  await expect(page.getByTestId('import-status')).toContainText(/config/i);
});

test('adds a Hub model by id and chooses it for a task', async ({ page }) => {
  await openApp(page, { route: 'models' });
  await page.getByTestId('add-model-id').fill('not a model id');
  await page.getByTestId('add-model-submit').click();
  await expect(page.getByTestId('add-model-message')).toBeVisible();
  await expect(row(page, 'not a model id')).toHaveCount(0);

  await page.getByTestId('add-model-id').fill('acme/feedback-sentiment');
  await page.getByTestId('add-model-task').selectOption('sentiment');
  await page.getByTestId('add-model-submit').click();
  await expect(row(page, 'acme/feedback-sentiment')).toBeVisible();
  await page.getByTestId('assign-sentiment').selectOption('acme/feedback-sentiment');
  expect(await page.evaluate(() => window.llmaos.models.assignment().sentiment)).toBe('acme/feedback-sentiment');

  // The choice survives a reload (settings are persisted).
  await page.reload();
  await expect(page.getByTestId('assign-sentiment')).toHaveValue('acme/feedback-sentiment');
});

test('keeps loaded models under the memory limit: the least recently used is unloaded, an idle one too, and each loads again at its next call', async ({
  page,
}) => {
  await openApp(page, { route: 'models' });
  const memory = page.getByTestId('models-memory');
  const first = await page.evaluate((texts) => window.llmaos.classify(texts), FEEDBACK);
  const sentimentInfo = await page.evaluate(() => window.llmaos.models.loaded());
  expect(sentimentInfo.map((m) => m.modelId)).toEqual(['tiny/distilbert-sentiment']);
  const sentimentBytes = sentimentInfo[0]!.weightBytes;
  expect(sentimentBytes, 'the worker reports the bytes of the files it loaded').toBeGreaterThan(100_000);
  await expect(memory).toHaveAttribute('data-loaded-bytes', String(sentimentBytes));

  // A limit that holds one tiny model but not two: loading the embedding model unloads sentiment.
  await page.evaluate((budgetBytes) => window.llmaos.models.memory({ budgetBytes }), sentimentBytes + 1024);
  await page.evaluate(() => window.llmaos.embed(['The battery dies fast']));
  expect((await page.evaluate(() => window.llmaos.models.loaded())).map((m) => m.modelId)).toEqual(['tiny/minilm-embeddings']);
  await expect(row(page, 'tiny/distilbert-sentiment').getByTestId('model-loaded')).toHaveCount(0);
  await expect(row(page, 'tiny/minilm-embeddings').getByTestId('model-loaded')).toBeVisible();

  // Transparent reload: the same answers as before the unload.
  expect(await page.evaluate((texts) => window.llmaos.classify(texts), FEEDBACK)).toEqual(first);
  expect((await page.evaluate(() => window.llmaos.models.loaded())).map((m) => m.modelId)).toEqual(['tiny/distilbert-sentiment']);

  // Unused for the idle time: unloaded, and the panel says nothing is loaded.
  await page.evaluate(() => window.llmaos.models.memory({ idleMs: 1_000 }));
  await expect(memory).toHaveAttribute('data-loaded-bytes', '0', { timeout: 15_000 });
  await expect(memory).toContainText('No model is loaded');
  expect(await page.evaluate(() => window.llmaos.models.loaded())).toEqual([]);
});
