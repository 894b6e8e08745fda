/**
 * Summarize end to end on WASM with the tiny T5 summarizer: real TweetSumm support dialogs,
 * imported as JSONL, longer than the model's 512-token window, summarized in parts and then
 * combined; Stop in the middle of a long run; and the summarizer loaded ahead of a run.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { openApp, pasteInto } from './support/app';
import { recordNetwork } from './support/network';
import { firstRequestAnswered, recordWorkerTraffic, requestsOf } from './support/workerTraffic';

// The package is ESM: no __dirname.
const HERE = path.dirname(fileURLToPath(import.meta.url));
const DIALOGS = path.resolve(HERE, '../../../shared/datasets/tweetsumm_customer_support/tweetsumm_train_valid.jsonl');
const WAIMAI = path.resolve(HERE, '../../../shared/datasets/waimai_10k/waimai_10k.csv');

interface Dialog {
  dialog_id: string;
  text: string;
  abstractive_summaries: string[];
}

function allDialogs(): Dialog[] {
  return readFileSync(DIALOGS, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Dialog);
}

/** The dialogs, longest first (by characters; the longest is ~1,000 T5 tokens). */
function longestDialogs(count: number): Dialog[] {
  return allDialogs()
    .sort((a, b) => b.text.length - a.text.length)
    .slice(0, count);
}

async function importDialogs(page: Page, dialogs: Dialog[]): Promise<void> {
  const jsonl = dialogs.map((d) => JSON.stringify(d)).join('\n');
  await page.getByTestId('summarize-file').setInputFiles({ name: 'support.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(jsonl) });
  await expect(page.getByTestId('summarize-input')).toHaveValue(/Customer: /);
}

test('a support dialog longer than the window is summarized in parts, then combined, with ROUGE', async ({ page }) => {
  test.setTimeout(180_000);
  await openApp(page, { route: 'summarize' });
  const [dialog] = longestDialogs(1);
  await importDialogs(page, [dialog!]);
  // One conversation: its reference summaries fill the ROUGE box.
  expect(await page.getByTestId('summarize-reference').inputValue()).toContain(dialog!.abstractive_summaries[0]!.trim());

  await page.getByTestId('summarize-length-short').check();
  await page.getByTestId('summarize-run').click();

  const parts = page.getByTestId('summarize-part');
  await expect(parts.first()).toBeVisible({ timeout: 90_000 });
  const partCount = await parts.count();
  expect(partCount).toBeGreaterThan(1);
  // Never a silent truncation: the real token count is shown against the window.
  const info = page.getByTestId('summarize-token-info');
  await expect(info).toHaveAttribute('data-over-window', 'true');
  await expect(info).toContainText('512');

  await expect(page.getByTestId('summarize-status')).toHaveAttribute('data-status', 'done', { timeout: 150_000 });
  await expect(parts).toHaveCount(partCount);
  for (const state of await parts.evaluateAll((els) => els.map((el) => el.getAttribute('data-state')))) expect(state).toBe('done');
  // Every part has its own partial summary, and the combining step ran too.
  for (const text of await parts.locator('.summary-step-text').allTextContents()) expect(text.trim()).not.toBe('');
  const combine = page.getByTestId('summarize-combine');
  await expect(combine.first()).toHaveAttribute('data-state', 'done');

  const summary = (await page.getByTestId('summarize-output').textContent())?.trim() ?? '';
  expect(summary.length).toBeGreaterThan(10);
  await expect(page.getByTestId('summarize-rouge')).toBeVisible();
  await expect(page.getByTestId('summarize-rouge').locator('tr[data-metric="ROUGE-L"]')).toBeVisible();

  // Export: a Markdown file with the summary and the parts.
  const download = page.waitForEvent('download');
  await page.getByTestId('summarize-export-md').click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('support-summary.md');
  const markdown = readFileSync((await file.path())!, 'utf8');
  expect(markdown).toContain(summary.slice(0, 20));
});

test('Stop ends a long multi-part summary at once and keeps the parts already done', async ({ page }) => {
  await openApp(page, { route: 'summarize' });
  await importDialogs(page, longestDialogs(8));
  await page.getByTestId('summarize-run').click();

  const parts = page.getByTestId('summarize-part');
  await expect(parts.first()).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
  expect(await parts.count()).toBeGreaterThan(4);
  await page.getByTestId('summarize-stop').click();

  await expect(page.getByTestId('summarize-status')).toHaveAttribute('data-status', 'cancelled', { timeout: 2_000 });
  await expect(page.getByTestId('summarize-run')).toBeEnabled();
  const states = await parts.evaluateAll((els) => els.map((el) => el.getAttribute('data-state')));
  expect(states).not.toContain('running');
  expect(states.filter((s) => s === 'done').length).toBeGreaterThan(0);
  expect(states.filter((s) => s === 'pending' || s === 'cancelled').length).toBeGreaterThan(0);
  // Nothing keeps running behind the user's back.
  const snapshot = await parts.evaluateAll((els) => els.map((el) => `${el.getAttribute('data-state')}:${el.textContent}`));
  await page.waitForTimeout(1_500);
  expect(await parts.evaluateAll((els) => els.map((el) => `${el.getAttribute('data-state')}:${el.textContent}`))).toEqual(snapshot);
});

test('a stored summarizer loads in the background once an English text is in: never for a Chinese one, never as a download', async ({ page }) => {
  test.setTimeout(150_000);
  await recordWorkerTraffic(page);
  const network = recordNetwork(page);
  const summarizer = '/models/tiny/t5-summarizer/';
  const readiness = page.getByTestId('summarize-readiness');
  // A dialog that fits the tiny T5's window: one step.
  const english = allDialogs().find((d) => d.text.length > 400 && d.text.length < 1200)!.text;
  const chinese = readFileSync(WAIMAI, 'utf8').split('\n')[1]!.replace(/^\d,/, '');

  // A first visit: nothing is stored, so nothing loads and no file of the model is requested.
  await openApp(page, { route: 'summarize' });
  await pasteInto(page, 'summarize-input', english);
  await firstRequestAnswered(page, 'prepare');
  await expect(readiness).toHaveAttribute('data-state', 'not-loaded');
  expect(network.matching(summarizer)).toEqual([]);
  expect(await page.evaluate(() => window.llmaos.models.loaded().map((m) => m.modelId))).toEqual([]);

  // The first summary downloads and stores the model.
  await page.getByTestId('summarize-length-short').check();
  await page.getByTestId('summarize-run').click();
  await expect(page.getByTestId('summarize-status')).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  expect(network.matching(summarizer).length).toBeGreaterThan(0);

  // The next visit. A Chinese review goes to the extractive method: the summarizer is not loaded for it.
  // (The box is emptied first: a reload keeps what was typed, and the English text would load it at once.)
  await pasteInto(page, 'summarize-input', '');
  network.clear();
  await page.reload();
  await expect(page.getByTestId('summarize-input')).toHaveValue('');
  await pasteInto(page, 'summarize-input', chinese);
  await expect(page.getByTestId('summarize-token-info')).toBeVisible();
  await page.waitForTimeout(1_000); // the request would have left at once
  expect(await requestsOf(page, 'prepare')).toEqual([]);
  await expect(readiness).toHaveAttribute('data-state', 'not-loaded');

  // An English text: the stored model loads before the user presses anything, from this device only.
  await pasteInto(page, 'summarize-input', english);
  await firstRequestAnswered(page, 'prepare');
  await expect(readiness).toHaveAttribute('data-state', 'loaded');
  await expect(readiness).toContainText('loaded: a summary starts at once');
  expect(await page.evaluate(() => window.llmaos.models.loaded().map((m) => m.modelId))).toEqual(['tiny/t5-summarizer']);
  expect(network.matching(summarizer)).toEqual([]);
  await page.getByTestId('summarize-length-short').check();
  await page.getByTestId('summarize-run').click();
  await expect(page.getByTestId('summarize-status')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  expect(await requestsOf(page, 'load')).toEqual([]);

  // A returning user finds the text kept and its stored summarizer getting ready, with nothing typed.
  await page.reload();
  await expect(page.getByTestId('summarize-input')).toHaveValue(english);
  await firstRequestAnswered(page, 'prepare');
  await expect(readiness).toHaveAttribute('data-state', 'loaded');
  expect(network.matching(summarizer)).toEqual([]);
});
