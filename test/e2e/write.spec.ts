/**
 * Write end to end on WASM with the tiny GPT-2: a built-in template filled in and streamed token
 * by token with a live rate, stopped mid-way (and before the first token), the draft history
 * surviving a reload, a template of the user's own saved to the workspace, and the writing model
 * got ready when Write opens (only when it is stored: never a download).
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { openApp } from './support/app';
import { recordNetwork } from './support/network';
import { firstRequestAnswered, recordWorkerTraffic, requestsOf } from './support/workerTraffic';

async function fillProductTemplate(page: Page): Promise<void> {
  await page.getByTestId('write-template').selectOption('builtin:product-description');
  await page.getByTestId('write-var-product').fill('Acme Buds');
  await page.getByTestId('write-var-audience').fill('commuters');
  await page.getByTestId('write-var-features').fill('Noise cancelling\n30 hour battery\nWater resistant');
}

/** Long enough to still be writing when the test stops it: the tiny model would stop early. */
async function askForLongDraft(page: Page): Promise<void> {
  await page.getByTestId('write-setting-max-new-tokens').fill('400');
  await page.getByTestId('write-setting-min-new-tokens').fill('400');
  await page.getByTestId('write-setting-seed').fill('7');
}

const outputLength = async (page: Page) => ((await page.getByTestId('write-output').textContent()) ?? '').length;

test('a template is filled and streamed token by token, stopped, and the draft history survives a reload', async ({ page }) => {
  test.setTimeout(150_000);
  await openApp(page, { route: 'write' });
  await expect(page.getByTestId('write-history')).toHaveAttribute('data-loaded', 'true');
  await fillProductTemplate(page);
  await askForLongDraft(page);
  await page.getByTestId('write-generate').click();

  // Tokens appear progressively: the draft grows between two looks, while still running.
  const output = page.getByTestId('write-output');
  await expect(page.getByTestId('write-token-count')).not.toHaveAttribute('data-count', '0', { timeout: 90_000 });
  const lengths: number[] = [];
  for (let i = 0; i < 4; i++) {
    lengths.push(await outputLength(page));
    await page.waitForTimeout(400);
  }
  await expect(output).toHaveAttribute('data-status', 'running');
  expect(lengths[lengths.length - 1]!).toBeGreaterThan(lengths[0]!);
  // A live rate once a few tokens are in.
  await expect(page.getByTestId('write-tokens-per-second')).not.toHaveAttribute('data-rate', '');
  expect(Number(await page.getByTestId('write-tokens-per-second').getAttribute('data-rate'))).toBeGreaterThan(0);
  await expect(page.getByTestId('write-first-token')).toContainText(/\d/);

  await page.getByTestId('write-stop').click();
  await expect(page.getByTestId('write-status')).toHaveAttribute('data-status', 'stopped', { timeout: 2_000 });
  const stoppedAt = await outputLength(page);
  const tokens = Number(await page.getByTestId('write-token-count').getAttribute('data-count'));
  await page.waitForTimeout(1_500);
  expect(await outputLength(page)).toBe(stoppedAt);
  expect(tokens).toBeLessThan(400);

  // The partial draft is in the history, marked as stopped.
  const draft = page.getByTestId('write-draft').first();
  await expect(draft).toHaveAttribute('data-stopped', 'true');
  const draftText = (await draft.getByTestId('write-draft-text').textContent()) ?? '';
  expect(draftText.trim().length).toBeGreaterThan(0);
  expect((await output.textContent())?.trim()).toBe(draftText.trim());
  await expect(draft).toContainText('Acme Buds');
  const count = await page.getByTestId('write-draft').count();

  await page.reload();
  await expect(page.getByTestId('write-history')).toHaveAttribute('data-loaded', 'true');
  await expect(page.getByTestId('write-draft')).toHaveCount(count);
  await expect(page.getByTestId('write-draft').first()).toHaveAttribute('data-stopped', 'true');
  expect(((await page.getByTestId('write-draft-text').first().textContent()) ?? '').trim()).toBe(draftText.trim());
});

test('Stop works before the first token, and the next draft runs to the end', async ({ page }) => {
  await openApp(page, { route: 'write' });
  await expect(page.getByTestId('write-history')).toHaveAttribute('data-loaded', 'true');
  const before = await page.getByTestId('write-draft').count();
  await fillProductTemplate(page);
  await page.getByTestId('write-generate').click();
  await page.getByTestId('write-stop').click();
  await expect(page.getByTestId('write-status')).toHaveAttribute('data-status', 'stopped', { timeout: 1_000 });
  await expect(page.getByTestId('write-token-count')).toHaveAttribute('data-count', '0');
  await expect(page.getByTestId('write-generate')).toBeEnabled();
  // Nothing was written, so nothing went into the history, and the status does not promise a saved draft.
  await expect(page.getByTestId('write-draft')).toHaveCount(before);
  await expect(page.getByTestId('write-status')).toContainText('Stopped before the first word: there is nothing to keep.');

  // Greedy and short: finishes on its own, saved as a complete draft.
  await page.getByTestId('write-setting-temperature').fill('0');
  await page.getByTestId('write-setting-max-new-tokens').fill('12');
  await page.getByTestId('write-setting-min-new-tokens').fill('12');
  await page.getByTestId('write-generate').click();
  await expect(page.getByTestId('write-status')).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  await expect(page.getByTestId('write-draft')).toHaveCount(before + 1);
  await expect(page.getByTestId('write-draft').first()).toHaveAttribute('data-stopped', 'false');
});

test('a required field left empty is named; a template of your own is saved across reloads, exported and imported', async ({ page }) => {
  await openApp(page, { route: 'write' });
  await page.getByTestId('write-template').selectOption('builtin:release-notes');
  await page.getByTestId('write-generate').click();
  await expect(page.getByTestId('write-missing')).toContainText('Product');
  await expect(page.getByTestId('write-var-product')).toHaveAttribute('aria-invalid', 'true');

  await page.getByTestId('write-template-new').click();
  await page.getByTestId('write-template-name').fill('FAQ answer');
  await page.getByTestId('write-template-body').fill('Question: {{question}}\nAnswer from {{company}}:\n');
  await expect(page.getByTestId('write-editor-variable')).toHaveCount(2);
  await page.getByTestId('write-template-save').click();
  await expect(page.getByTestId('write-var-question')).toBeVisible();
  await expect(page.getByTestId('write-var-company')).toBeVisible();

  await page.reload();
  const option = page.getByTestId('write-template').locator('option', { hasText: 'FAQ answer' });
  await expect(option).toHaveCount(1);
  await page.getByTestId('write-template').selectOption({ label: 'FAQ answer' });
  await expect(page.getByTestId('write-var-question')).toBeVisible();

  // Export as JSON, import the file again: the id is taken, so it comes in renamed, as a copy.
  const download = page.waitForEvent('download');
  await page.getByTestId('write-templates-export').click();
  const file = await download;
  const json = readFileSync((await file.path())!, 'utf8');
  expect(JSON.parse(json)).toMatchObject({ format: 'llmaos-workbench/templates', templates: [{ name: 'FAQ answer' }] });
  await page.getByTestId('write-templates-import').setInputFiles({ name: 'templates.json', mimeType: 'application/json', buffer: Buffer.from(json) });
  await expect(page.getByTestId('write-import-result')).toContainText('1 template imported');
  await expect(option).toHaveCount(2);
});

test('opening Write loads a stored writing model in the background, and never downloads one that is not stored', async ({ page }) => {
  test.setTimeout(120_000);
  await recordWorkerTraffic(page);
  const network = recordNetwork(page);
  const generator = '/models/tiny/gpt2/';
  const readiness = page.getByTestId('write-readiness');
  const requestsFor = async (op: string) => (await requestsOf(page, op)).length;

  // A first visit: nothing is stored, so nothing is loaded and no file of the model is requested.
  await openApp(page, { route: 'write' });
  await firstRequestAnswered(page, 'prepare');
  await expect(readiness).toHaveAttribute('data-state', 'not-loaded');
  expect(network.matching(generator)).toEqual([]);
  expect(await page.evaluate(() => window.llmaos.models.loaded().map((m) => m.modelId))).toEqual([]);
  expect(await requestsFor('warmUp')).toBe(0);

  // The first draft downloads and stores the model.
  await fillProductTemplate(page);
  await page.getByTestId('write-setting-max-new-tokens').fill('8');
  await page.getByTestId('write-generate').click();
  await expect(page.getByTestId('write-status')).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  expect(network.matching(generator).length).toBeGreaterThan(0);

  // The next visit: the stored model is loaded while the user has not pressed anything, from this
  // device only, and a draft then needs no load.
  network.clear();
  await page.reload();
  await firstRequestAnswered(page, 'prepare');
  await expect(readiness).toHaveAttribute('data-state', 'loaded');
  await expect(readiness).toContainText('loaded: a draft starts at once');
  expect(await page.evaluate(() => window.llmaos.models.loaded().map((m) => m.modelId))).toEqual(['tiny/gpt2']);
  await expect.poll(() => requestsFor('warmUp')).toBe(1);
  expect(network.matching(generator)).toEqual([]);
  await fillProductTemplate(page);
  await page.getByTestId('write-setting-max-new-tokens').fill('8');
  await page.getByTestId('write-generate').click();
  await expect(page.getByTestId('write-status')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  expect(await requestsFor('load')).toBe(0);
  await expect(page.getByTestId('write-draft')).toHaveCount(2);
});
