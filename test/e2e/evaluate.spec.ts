/**
 * Evaluate end to end on WASM with the fixture models: classification metrics on a labeled file
 * (UCI Amazon sentences, 0/1 → NEGATIVE/POSITIVE), the label mapping editor (star ratings),
 * ROUGE/BLEU on TweetSumm dialogs, perplexity, and two models side by side (the sentiment model
 * and a custom classifier trained here by hand-labelling rows in Customize).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { openApp, pasteInto } from './support/app';
import { recordWorkerTraffic, requestsOf } from './support/workerTraffic';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const DATASETS = path.resolve(HERE, '../../../shared/datasets');
const AMAZON = path.join(DATASETS, 'uci_sentiment_labelled_sentences/amazon_cells_labelled.txt');
const TWEETSUMM = path.join(DATASETS, 'tweetsumm_customer_support/tweetsumm_train_valid.jsonl');

/** The sentence/label pairs of the headerless UCI file. */
function amazonRows(): Array<{ text: string; label: 'NEGATIVE' | 'POSITIVE' }> {
  return readFileSync(AMAZON, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [text = '', label = ''] = line.split('\t');
      return { text: text.trim(), label: label.trim() === '1' ? 'POSITIVE' : 'NEGATIVE' };
    });
}

async function dataNumber(page: Page, testId: string, name = 'data-value'): Promise<number> {
  return Number(await page.getByTestId(testId).first().getAttribute(name));
}

/** Sum of the confusion matrix cells and of its diagonal. */
async function confusionCounts(page: Page): Promise<{ total: number; diagonal: number }> {
  return page.getByTestId('eval-confusion-cell').evaluateAll((cells) => {
    let total = 0;
    let diagonal = 0;
    for (const cell of cells) {
      const count = Number(cell.getAttribute('data-count'));
      total += count;
      if (cell.getAttribute('data-true') === cell.getAttribute('data-predicted')) diagonal += count;
    }
    return { total, diagonal };
  });
}

test('classification: accuracy, per-class report and a confusion matrix summing to the row count', async ({ page }) => {
  await openApp(page, { route: 'evaluate' });
  await page.getByTestId('eval-import-input').setInputFiles(AMAZON);
  await expect(page.getByTestId('eval-import-summary')).toHaveAttribute('data-rows', '1000');
  // Headerless TSV: the sentence and the 0/1 column are found, and 0/1 maps to NEGATIVE/POSITIVE.
  await expect(page.getByTestId('eval-text-column')).toHaveValue('column_1');
  await expect(page.getByTestId('eval-label-column')).toHaveValue('column_2');
  await expect(page.getByTestId('eval-mapping')).toHaveAttribute('data-preset', 'binary');
  await expect(page.getByTestId('eval-row-summary')).toHaveAttribute('data-rows', '1000');
  await expect(page.getByTestId('eval-row-summary')).toHaveAttribute('data-classes', 'NEGATIVE|POSITIVE');
  // The model's labels stay in the data; the page says them in the UI's words, as Classify does.
  await expect(page.getByTestId('eval-row-summary')).toContainText('classes: Negative, Positive');

  // A run can be cancelled (here while the model loads); the next run goes to the end.
  await page.getByTestId('eval-run').click();
  await page.getByTestId('eval-cancel').click();
  await expect(page.getByTestId('eval-status')).toHaveAttribute('data-status', 'cancelled');
  await expect(page.getByTestId('eval-accuracy')).toHaveCount(0);

  await page.getByTestId('eval-run').click();
  await expect(page.getByTestId('eval-accuracy')).toBeVisible({ timeout: 90_000 });
  const accuracy = await dataNumber(page, 'eval-accuracy');
  // The tiny sentiment model scores 0.86 on held-out reviews; far above chance here too.
  expect(accuracy).toBeGreaterThan(0.6);
  expect(accuracy).toBeLessThanOrEqual(1);

  const { total, diagonal } = await confusionCounts(page);
  expect(total).toBe(1000);
  expect(await dataNumber(page, 'eval-confusion', 'data-total')).toBe(1000);
  expect(diagonal / total).toBeCloseTo(accuracy, 10);

  const report = page.getByTestId('eval-report');
  expect(await report.locator('tr[data-class]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-class')))).toEqual(['NEGATIVE', 'POSITIVE']);
  expect(await report.locator('tr[data-class] th').allTextContents()).toEqual(['Negative', 'Positive']);
  expect(await page.getByTestId('eval-confusion').locator('thead th.num').allTextContents()).toEqual(['Negative', 'Positive']);
  const supports = await report.locator('tr[data-class]').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-support'))));
  expect(supports.reduce((a, b) => a + b, 0)).toBe(1000);
  await expect(report.locator('tr[data-average="macro"]')).toBeVisible();
  await expect(report.locator('tr[data-average="weighted"]')).toBeVisible();

  const wrong = page.getByTestId('eval-misclassified');
  expect(await dataNumber(page, 'eval-misclassified', 'data-count')).toBe(total - diagonal);
  await expect(wrong.getByTestId('eval-misclassified-row').first()).toBeVisible();
});

test('label mapping: star ratings with 3 left out, as its own class, or edited by hand', async ({ page }) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'llmaos-evaluate-'));
  const file = path.join(dir, 'ratings.csv');
  const ratings = [1, 2, 3, 4, 5, 5, 4, 3, 2, 1, 5, 3];
  writeFileSync(file, ['review,rating', ...ratings.map((r, i) => `"Review number ${i} with some words",${r}`)].join('\n'));
  await openApp(page, { route: 'evaluate' });
  await page.getByTestId('eval-import-input').setInputFiles(file);
  await expect(page.getByTestId('eval-label-column')).toHaveValue('rating');
  await expect(page.getByTestId('eval-mapping')).toHaveAttribute('data-preset', 'stars');
  const summary = page.getByTestId('eval-row-summary');
  await expect(summary).toHaveAttribute('data-rows', '9');
  await expect(summary).toHaveAttribute('data-dropped', '3');
  await expect(summary).toHaveAttribute('data-classes', 'NEGATIVE|POSITIVE');

  await page.getByTestId('eval-mapping-preset-stars-neutral').click();
  await expect(summary).toHaveAttribute('data-rows', '12');
  await expect(summary).toHaveAttribute('data-classes', 'NEGATIVE|NEUTRAL|POSITIVE');

  // Leave 5-star rows out by clearing their class.
  await page.locator('[data-testid="eval-mapping-row"][data-value="5"]').getByTestId('eval-mapping-target').fill('');
  await expect(summary).toHaveAttribute('data-rows', '9');
  await expect(page.getByTestId('eval-mapping')).toHaveAttribute('data-preset', 'custom');
});

test('summarization: ROUGE-1/2/L and BLEU on TweetSumm dialogs', async ({ page }) => {
  await openApp(page, { route: 'evaluate' });
  await page.getByTestId('eval-section-summarization').click();
  await page.getByTestId('eval-summ-import-input').setInputFiles(TWEETSUMM);
  await expect(page.getByTestId('eval-summ-text-column')).toHaveValue('text');
  await expect(page.locator('[data-testid="eval-summ-ref-column"][data-column="abstractive_summaries"]')).toBeChecked();
  await page.getByTestId('eval-summ-limit').fill('3');
  await page.getByTestId('eval-summ-max-tokens').fill('40');
  await expect(page.getByTestId('eval-summ-count')).toHaveAttribute('data-items', '3');

  await page.getByTestId('eval-summ-run').click();
  await expect(page.getByTestId('eval-summ-status')).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  await expect(page.getByTestId('eval-summ-results')).toHaveAttribute('data-items', '3');
  await expect(page.getByTestId('eval-summ-item')).toHaveCount(3);
  for (const id of ['eval-rouge1', 'eval-rouge2', 'eval-rougeL', 'eval-bleu']) {
    const value = await dataNumber(page, id);
    expect(value, id).toBeGreaterThanOrEqual(0);
    expect(value, id).toBeLessThanOrEqual(1);
  }
  // The tiny summarizer writes support-dialog style text: some unigrams always overlap.
  expect(await dataNumber(page, 'eval-rouge1')).toBeGreaterThan(0.05);
  expect(await dataNumber(page, 'eval-rougeL')).toBeLessThanOrEqual(await dataNumber(page, 'eval-rouge1'));
});

test('perplexity of a pasted text under the causal LM', async ({ page }) => {
  await openApp(page, { route: 'evaluate' });
  await page.getByTestId('eval-section-perplexity').click();
  // Longer than tiny/gpt2's 512-token window, so the sliding window has to move.
  const text = Array.from(
    { length: 30 },
    () => 'The customer wrote to support because the app crashed after the update, and the agent asked for the version number.',
  ).join(' ');
  await pasteInto(page, 'eval-ppl-input', text);
  await page.getByTestId('eval-ppl-stride').fill('256');
  await page.getByTestId('eval-ppl-run').click();
  await expect(page.getByTestId('eval-ppl-value')).toBeVisible({ timeout: 90_000 });
  const perplexity = await dataNumber(page, 'eval-ppl-value');
  expect(Number.isFinite(perplexity)).toBe(true);
  expect(perplexity).toBeGreaterThan(1);
  expect(await dataNumber(page, 'eval-ppl-tokens', 'data-tokens')).toBeGreaterThan(512);
  expect(await dataNumber(page, 'eval-ppl-tokens', 'data-windows')).toBeGreaterThan(1);
});

test('side by side: the sentiment model and a custom classifier on the same rows', async ({ page }) => {
  test.setTimeout(180_000);
  const rows = amazonRows();
  await openApp(page, { route: 'customize' });

  // A tiny sentiment classifier of our own: two categories, the first page of rows labelled by hand.
  for (const name of ['NEGATIVE', 'POSITIVE']) {
    await page.getByTestId('custom-category-input').fill(name);
    await page.getByTestId('custom-add-category').click();
  }
  await page.getByTestId('custom-import-input').setInputFiles(AMAZON);
  await expect(page.getByTestId('custom-import-summary')).toHaveAttribute('data-rows', '1000');
  const tableRows = page.getByTestId('custom-row');
  await expect(tableRows).toHaveCount(25);
  for (let i = 0; i < 25; i++) {
    const row = tableRows.nth(i);
    const index = Number(await row.getAttribute('data-row'));
    await row.getByTestId('custom-label-select').selectOption(rows[index]!.label);
  }
  await expect(page.getByTestId('custom-labelled-count')).toHaveAttribute('data-count', '25');
  await page.getByTestId('custom-train').click();
  await expect(page.getByTestId('custom-status')).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  await page.getByTestId('custom-name').fill('amazon-sentiment');
  await page.getByTestId('custom-save').click();
  await expect(page.locator('[data-testid="custom-saved"][data-name="amazon-sentiment"]')).toBeVisible();

  await page.getByTestId('nav-evaluate').click();
  await page.getByTestId('eval-import-input').setInputFiles(AMAZON);
  await page.getByTestId('eval-limit').fill('300');
  await expect(page.getByTestId('eval-row-summary')).toHaveAttribute('data-rows', '300');
  await page.getByTestId('eval-model-b-select').selectOption('custom:amazon-sentiment');
  await page.getByTestId('eval-run').click();
  await expect(page.getByTestId('eval-compare')).toBeVisible({ timeout: 120_000 });
  expect(await page.getByTestId('eval-compare-model').evaluateAll((els) => els.map((e) => e.getAttribute('data-model')))).toEqual([
    'tiny/distilbert-sentiment',
    'custom:amazon-sentiment',
  ]);
  const accuracies = await page
    .getByTestId('eval-compare')
    .locator('tr[data-metric="accuracy"] td')
    .evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-value'))));
  expect(accuracies).toHaveLength(2);
  expect(accuracies[0]).toBeCloseTo(await dataNumber(page, 'eval-accuracy'), 10);
  expect(accuracies[1]).toBeCloseTo(await dataNumber(page, 'eval-accuracy-b'), 10);
  for (const value of accuracies) expect(value).toBeGreaterThan(0.4);
  const same = await dataNumber(page, 'eval-agreement', 'data-same');
  expect(same).toBeGreaterThan(0);
  expect(same).toBeLessThanOrEqual(300);

  // The details switch to the second model: its confusion matrix covers the same 300 rows.
  await page.getByTestId('eval-detail-model').selectOption('1');
  expect((await confusionCounts(page)).total).toBe(300);
});

test('compare with a model that cannot load: the finished side stays, the failed model is named, retry runs only that side', async ({ page }) => {
  test.setTimeout(180_000);
  // A Hub model while the Hub cannot be reached: its files fail to download, as offline.
  const blocked: string[] = [];
  await page.context().route(/^https:\/\/([^/]+\.)?(huggingface\.co|hf\.co)\//, async (route) => {
    blocked.push(route.request().url());
    await route.abort('internetdisconnected');
  });
  const unreachable = 'Xenova/distilbert-base-uncased-finetuned-sst-2-english';
  await recordWorkerTraffic(page);
  await openApp(page, { route: 'evaluate' });
  await page.getByTestId('eval-import-input').setInputFiles(AMAZON);
  await page.getByTestId('eval-limit').fill('200');
  await expect(page.getByTestId('eval-row-summary')).toHaveAttribute('data-rows', '200');
  await page.getByTestId('eval-model-b-select').selectOption(unreachable);
  await page.getByTestId('eval-run').click();

  // The first model's scores are kept and shown; the second is named as the one that failed.
  const failed = page.getByTestId('eval-failed-side');
  await expect(failed).toHaveCount(1, { timeout: 120_000 });
  await expect(failed).toHaveAttribute('data-model', unreachable);
  await expect(failed.getByTestId('eval-side-error').locator('.error-title')).toContainText(`${unreachable} could not be evaluated.`);
  expect(blocked.length).toBeGreaterThan(0);
  await expect(page.getByTestId('eval-status')).toHaveAttribute('data-status', 'done');
  await expect(page.getByTestId('eval-accuracy')).toBeVisible();
  const accuracy = await dataNumber(page, 'eval-accuracy');
  expect(accuracy).toBeGreaterThan(0.4);
  expect((await confusionCounts(page)).total).toBe(200);
  await expect(page.getByTestId('eval-compare')).toHaveCount(0);
  await expect(page.getByTestId('eval-error')).toHaveCount(0);

  // Retry runs only the failed side: one more load (of the unreachable model), no classify request
  // (the first model, loaded already, would go straight to one), its scores unchanged throughout.
  const requests = async (op: string) => (await requestsOf(page, op)).length;
  const loadsBefore = await requests('load');
  const classifiesBefore = await requests('classify');
  const retry = page.getByTestId('eval-retry-failed');
  await expect(retry).toHaveText(`Retry ${unreachable}`);
  await retry.click();
  await expect(page.getByTestId('eval-accuracy')).toHaveAttribute('data-value', String(accuracy));
  await expect.poll(() => requests('load'), { timeout: 60_000 }).toBe(loadsBefore + 1);
  await expect(page.getByTestId('eval-status')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  await expect(page.getByTestId('eval-failed-side')).toHaveAttribute('data-model', unreachable);
  expect(await requests('classify')).toBe(classifiesBefore);
  expect(await dataNumber(page, 'eval-accuracy')).toBe(accuracy);
});
