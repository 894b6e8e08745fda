/**
 * The model library: load with progress into the IndexedDB cache, import a model folder from
 * disk (the air-gapped path), add a Hub model by id, choose it for a task, delete a cached model,
 * and the storage estimate.
 */
import { cpSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { FEEDBACK, EXPECTED_LABELS, openApp } from './support/app';
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
