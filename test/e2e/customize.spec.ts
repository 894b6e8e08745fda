/**
 * Customize end to end on WASM with the fixture models: a four-class classifier trained through
 * the UI on the Google Play app-review categories, its cross-validated scores, saving, a reload,
 * using it (SDK, Evaluate, and Insights' "category" column), export and re-import; and the
 * zero-label start (suggestions) with cancel.
 *
 * To keep CI time sane on 2 CPUs the spec writes small, disjoint files from the dataset: a
 * training file (80 rows per category, 60 of which get labelled via "use the file's labels"), a
 * held-out file (25 per category) to score the saved classifier on, and 40 of those held-out
 * rows for Insights to categorize.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import Papa from 'papaparse';
import { openApp } from './support/app';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const GOOGLE_PLAY = path.resolve(HERE, '../../../shared/datasets/google_play_app_review_categories/dataset_balanced_4000.csv');
const CATEGORIES = ['bug report', 'feature request', 'rating', 'user experience'];
const NAME = 'play-categories';

interface Review {
  review: string;
  label: string;
}

/** Disjoint train / held-out files: first rows of each category in file order, duplicates dropped. */
function writeSubsets(): { dir: string; train: string; heldOut: string; heldOutRows: Review[]; insights: string } {
  const parsed = Papa.parse<Record<string, string>>(readFileSync(GOOGLE_PLAY, 'utf8'), { header: true, skipEmptyLines: true });
  const seen = new Set<string>();
  const byClass = new Map<string, Review[]>(CATEGORIES.map((c) => [c, []]));
  for (const row of parsed.data) {
    const review = (row.review ?? '').trim();
    const label = row.label ?? '';
    if (review === '' || seen.has(review) || !byClass.has(label)) continue;
    seen.add(review);
    byClass.get(label)!.push({ review, label });
  }
  const train = CATEGORIES.flatMap((c) => byClass.get(c)!.slice(0, 80));
  const heldOut = CATEGORIES.flatMap((c) => byClass.get(c)!.slice(80, 105));
  const dir = mkdtempSync(path.join(tmpdir(), 'llmaos-customize-'));
  const write = (name: string, rows: Review[]) => {
    const file = path.join(dir, name);
    writeFileSync(file, Papa.unparse(rows.map((r) => ({ review: r.review, label: r.label }))));
    return file;
  };
  // 10 per category, from the held-out rows.
  const insights = CATEGORIES.flatMap((c) => byClass.get(c)!.slice(80, 90));
  return {
    dir,
    train: write('play-train.csv', train),
    heldOut: write('play-heldout.csv', heldOut),
    heldOutRows: heldOut,
    insights: write('play-insights.csv', insights),
  };
}

async function importFile(page: Page, testId: string, file: string): Promise<void> {
  await page.getByTestId(testId).setInputFiles(file);
}

async function numberAttribute(page: Page, testId: string, name: string): Promise<number> {
  const value = await page.getByTestId(testId).first().getAttribute(name);
  return Number(value);
}

test('trains a four-class classifier on Google Play reviews, saves, reloads, applies, exports and re-imports it', async ({ page }) => {
  test.setTimeout(180_000);
  const files = writeSubsets();
  const started = Date.now();
  const mark = (what: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${what}`);
  await openApp(page, { route: 'customize' });

  // Import; the text and label columns are guessed.
  await importFile(page, 'custom-import-input', files.train);
  await expect(page.getByTestId('custom-import-summary')).toHaveAttribute('data-rows', '320');
  await expect(page.getByTestId('custom-text-column')).toHaveValue('review');
  await expect(page.getByTestId('custom-label-column')).toHaveValue('label');

  // Categories and 60 labelled examples each from the file's label column.
  await page.getByTestId('custom-per-class').fill('60');
  await page.getByTestId('custom-use-labels').click();
  await expect(page.getByTestId('custom-category')).toHaveCount(4);
  expect(await page.getByTestId('custom-category').evaluateAll((els) => els.map((e) => e.getAttribute('data-name')))).toEqual(CATEGORIES);
  await expect(page.getByTestId('custom-labelled-count')).toHaveAttribute('data-count', '240');
  await expect(page.getByTestId('custom-train-summary')).toHaveAttribute('data-folds', '5');

  // Train: cross-validated scores appear before saving.
  mark('labelled');
  await page.getByTestId('custom-train').click();
  await expect(page.getByTestId('custom-cv-accuracy')).not.toHaveAttribute('data-value', '', { timeout: 120_000 });
  mark('trained');
  const cvAccuracy = await numberAttribute(page, 'custom-cv-accuracy', 'data-value');
  const cvF1 = await numberAttribute(page, 'custom-cv-f1', 'data-value');
  await expect(page.getByTestId('custom-fold')).toHaveCount(5);
  const folds = await page
    .getByTestId('custom-fold')
    .evaluateAll((els) => els.map((e) => ({ accuracy: Number(e.getAttribute('data-accuracy')), f1: Number(e.getAttribute('data-f1')) })));
  const meanOfFolds = folds.reduce((s, f) => s + f.accuracy, 0) / folds.length;
  expect(cvAccuracy).toBeCloseTo(meanOfFolds, 10);
  // Four balanced classes: chance is 0.25. The tiny 64-dim embedding model still separates them.
  expect(cvAccuracy).toBeGreaterThan(0.35);
  expect(cvF1).toBeGreaterThan(0.3);
  const confusionTotal = await numberAttribute(page, 'custom-confusion', 'data-total');
  expect(confusionTotal).toBe(240);
  const embedSeconds = await numberAttribute(page, 'custom-train-facts', 'data-embed-seconds');
  const trainSeconds = await numberAttribute(page, 'custom-train-facts', 'data-seconds');
  console.log(
    `Google Play (fixture embeddings, 60/class): CV accuracy ${cvAccuracy.toFixed(3)}, macro-F1 ${cvF1.toFixed(3)}; ` +
      `embedding ${embedSeconds.toFixed(1)} s, training ${trainSeconds.toFixed(1)} s`,
  );

  // Save, then find it again after a reload.
  await page.getByTestId('custom-name').fill(NAME);
  await page.getByTestId('custom-save').click();
  await expect(page.getByTestId('custom-save-status')).toHaveAttribute('data-status', 'saved');
  await expect(page.locator(`[data-testid="custom-saved"][data-name="${NAME}"]`)).toBeVisible();
  mark('saved');
  await page.reload();
  const saved = page.locator(`[data-testid="custom-saved"][data-name="${NAME}"]`);
  await expect(saved).toBeVisible();
  await expect(saved).toContainText('bug report');

  // Apply it through the SDK, as any app would.
  const texts = files.heldOutRows.slice(0, 8).map((r) => r.review);
  const viaSdk = await page.evaluate(({ texts, name }) => window.llmaos.classify(texts, { model: `custom:${name}` }), { texts, name: NAME });
  expect(viaSdk).toHaveLength(8);
  for (const result of viaSdk) {
    expect(CATEGORIES).toContain(result.label);
    expect(result.score).toBeGreaterThan(0);
  }

  mark('applied through the SDK');
  // Score it in Evaluate on the held-out rows.
  await page.goto(page.url().replace(/#.*$/, '#/evaluate'));
  await importFile(page, 'eval-import-input', files.heldOut);
  await expect(page.getByTestId('eval-label-column')).toHaveValue('label');
  await expect(page.getByTestId('eval-row-summary')).toHaveAttribute('data-rows', '100');
  await page.getByTestId('eval-model-select').selectOption(`custom:${NAME}`);
  await page.getByTestId('eval-run').click();
  await expect(page.getByTestId('eval-accuracy')).toBeVisible({ timeout: 90_000 });
  const heldOutAccuracy = await numberAttribute(page, 'eval-accuracy', 'data-value');
  expect(heldOutAccuracy).toBeGreaterThan(0.3);
  await expect(page.getByTestId('eval-confusion')).toHaveAttribute('data-total', '100');
  expect(
    await page
      .getByTestId('eval-report')
      .locator('tbody tr[data-class]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-class'))),
  ).toEqual(CATEGORIES);
  mark('scored in Evaluate');
  console.log(`held-out accuracy in Evaluate: ${heldOutAccuracy.toFixed(3)}`);

  // Insights: a "category" column from the saved classifier on 40 held-out reviews.
  await page.goto(page.url().replace(/#.*$/, '#/insights'));
  await importFile(page, 'insights-import-input', files.insights);
  await expect(page.getByTestId('insights-mapping')).toBeVisible();
  await page.getByTestId('insights-mapping-text').selectOption('review');
  await page.getByTestId('insights-import-confirm').click();
  await expect(page.getByTestId('insights-active')).toBeVisible();
  const categoryCard = page.getByTestId('insights-category');
  const picker = page.getByTestId('insights-category-model');
  await expect(picker.locator(`option[value="custom:${NAME}"]`)).toBeAttached();
  await picker.selectOption(`custom:${NAME}`);
  await page.getByTestId('insights-category-run').click();
  await expect(categoryCard).toHaveAttribute('data-run-status', 'done', { timeout: 60_000 });
  await expect(categoryCard).toHaveAttribute('data-done', '40');
  await expect(categoryCard).toHaveAttribute('data-model', `custom:${NAME}`);
  mark('categorized in Insights');

  // Every row has one of the classifier's categories (the JSON export lists them all); the
  // dashboard's category chart counts them in the classifier's order.
  const [jsonDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('insights-export-json').click()]);
  const exportedRows = JSON.parse(readFileSync(await jsonDownload.path(), 'utf8')) as Array<{ category: string; category_score: number }>;
  expect(exportedRows).toHaveLength(40);
  for (const row of exportedRows) {
    expect(CATEGORIES).toContain(row.category);
    expect(row.category_score).toBeGreaterThan(0);
  }
  const chartCounts = async () =>
    page
      .getByTestId('insights-chart-category-choice')
      .evaluateAll((els) => els.map((e) => [e.getAttribute('data-key'), Number(e.querySelector('.muted')?.textContent)] as const));
  await expect(page.getByTestId('insights-chart-category')).toBeVisible();
  const total = (list: ReadonlyArray<readonly [string | null, number]>) => list.reduce((sum, [, count]) => sum + count, 0);
  await expect.poll(async () => total(await chartCounts())).toBe(40);
  const counts = await chartCounts();
  expect(counts.map(([key]) => key)).toEqual(CATEGORIES);
  for (const [key, count] of counts) expect(count).toBe(exportedRows.filter((r) => r.category === key).length);

  // The category filter narrows the table to that category's rows.
  const tableCount = page.getByTestId('insights-table-count');
  const [smallest, smallestCount] = counts.filter(([, count]) => count > 0).sort((a, b) => a[1] - b[1])[0]!;
  await page.getByTestId('insights-filter-category').selectOption(`c:${smallest}`);
  await expect(tableCount).toHaveAttribute('data-count', String(smallestCount));
  if (new Set(exportedRows.map((r) => r.category)).size > 1) expect(smallestCount).toBeLessThan(40);
  const shownCategories = await page.getByTestId('insights-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-category')));
  expect(shownCategories.length).toBeGreaterThan(0);
  expect(new Set(shownCategories)).toEqual(new Set([smallest]));
  await page.getByTestId('insights-clear-filters').click();
  await expect(tableCount).toHaveAttribute('data-count', '40');
  // A category picked on the chart filters the same way.
  const [largest, largestCount] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
  await page.locator(`[data-testid="insights-chart-category-choice"][data-key="${largest}"]`).click();
  await expect(tableCount).toHaveAttribute('data-count', String(largestCount));
  await expect(page.getByTestId('insights-filter-category')).toHaveValue(`c:${largest}`);

  // After a reload, reopening the dataset brings its categories back.
  await page.reload();
  await page.locator('[data-testid="insights-dataset"]', { hasText: 'play-insights' }).getByTestId('insights-dataset-open').click();
  await expect(categoryCard).toHaveAttribute('data-done', '40');
  await expect(categoryCard).toHaveAttribute('data-run-status', 'done');
  await expect(page.getByTestId('insights-chart-category')).toBeVisible();
  await expect.poll(chartCounts).toEqual(counts);
  const rowCategories = await page.getByTestId('insights-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-category') ?? ''));
  expect(rowCategories.length).toBeGreaterThan(0);
  for (const category of rowCategories) expect(CATEGORIES).toContain(category);
  mark('categories restored after a reload');

  // Export, delete, re-import: the same classifier, the same predictions.
  await page.goto(page.url().replace(/#.*$/, '#/customize'));
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator(`[data-testid="custom-saved"][data-name="${NAME}"]`).getByTestId('custom-export').click(),
  ]);
  expect(download.suggestedFilename()).toBe(`${NAME}.classifier.json`);
  const exported = path.join(files.dir, download.suggestedFilename());
  await download.saveAs(exported);
  const file = JSON.parse(readFileSync(exported, 'utf8'));
  expect(file.format).toBe('llmaos-workbench/softmax-classifier');
  expect(file.model.classes).toEqual(CATEGORIES);
  expect(file.model.metadata.extra).toMatchObject({ name: NAME, embeddingModel: 'tiny/minilm-embeddings' });
  expect(file.model.metadata.extra.cvAccuracy).toBeCloseTo(cvAccuracy, 10);

  const row = page.locator(`[data-testid="custom-saved"][data-name="${NAME}"]`);
  await row.getByTestId('custom-delete').click();
  await row.getByTestId('custom-delete-confirm').click();
  await expect(row).toHaveCount(0);
  const gone = await page.evaluate((name) => window.llmaos.classify(['x'], { model: `custom:${name}` }).catch((e: { code: string }) => e.code), NAME);
  expect(gone).toBe('model-not-found');

  await importFile(page, 'custom-import-classifier', exported);
  await expect(page.getByTestId('custom-import-status')).toHaveAttribute('data-kind', 'imported');
  await expect(page.locator(`[data-testid="custom-saved"][data-name="${NAME}"]`)).toBeVisible();
  const again = await page.evaluate(({ texts, name }) => window.llmaos.classify(texts, { model: `custom:${name}` }), { texts, name: NAME });
  expect(again.map((r) => r.label)).toEqual(viaSdk.map((r) => r.label));
  mark('exported and re-imported');
});

test('starts from zero labels: suggestions to accept, labels by hand, and cancel', async ({ page }) => {
  test.setTimeout(150_000);
  const files = writeSubsets();
  await openApp(page, { route: 'customize' });

  for (const name of CATEGORIES) {
    await page.getByTestId('custom-category-input').fill(name);
    await page.getByTestId('custom-add-category').click();
  }
  await expect(page.getByTestId('custom-category')).toHaveCount(4);
  // A duplicate is refused with a reason.
  await page.getByTestId('custom-category-input').fill('Bug  Report');
  await page.getByTestId('custom-add-category').click();
  await expect(page.getByTestId('custom-category-problem')).toBeVisible();
  await expect(page.getByTestId('custom-category')).toHaveCount(4);

  await importFile(page, 'custom-import-input', files.train);
  await expect(page.getByTestId('custom-import-summary')).toHaveAttribute('data-rows', '320');
  await expect(page.getByTestId('custom-labelled-count')).toHaveAttribute('data-count', '0');
  await expect(page.getByTestId('custom-train')).toBeDisabled();

  // Suggestions: rows nearest each category name, 5 each.
  await page.getByTestId('custom-suggest').click();
  await expect(page.getByTestId('custom-filter')).toHaveValue('suggested', { timeout: 90_000 });
  const suggestions = page.getByTestId('custom-suggestion');
  await expect(suggestions.first()).toBeVisible();
  expect(await suggestions.count()).toBeGreaterThanOrEqual(5);
  expect(await suggestions.first().getAttribute('data-kind')).toBe('nearest');

  // Accept one suggestion, then label two rows by hand.
  const firstRow = page.getByTestId('custom-row').first();
  const suggested = await firstRow.getByTestId('custom-suggestion').getAttribute('data-category');
  await firstRow.getByTestId('custom-accept').click();
  await expect(firstRow).toHaveAttribute('data-label', suggested!);
  await expect(page.getByTestId('custom-labelled-count')).toHaveAttribute('data-count', '1');
  const second = page.getByTestId('custom-row').nth(1);
  await second.getByTestId('custom-label-select').selectOption('rating');
  const third = page.getByTestId('custom-row').nth(2);
  await third.getByTestId('custom-label-select').selectOption('bug report');
  await expect(page.getByTestId('custom-labelled-count')).toHaveAttribute('data-count', '3');

  // With a handful of labels the classifier trains, but says it cannot be cross-validated yet.
  await page.getByTestId('custom-train').click();
  await expect(page.getByTestId('custom-status')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await expect(page.getByTestId('custom-no-cv')).toBeVisible();

  // Cancel: suggesting over the full 4000-row file embeds every row; cancel stops it at once.
  await importFile(page, 'custom-import-input', GOOGLE_PLAY);
  await expect(page.getByTestId('custom-import-summary')).toHaveAttribute('data-rows', '4000');
  await page.getByTestId('custom-suggest').click();
  await expect(page.getByTestId('custom-cancel')).toBeEnabled();
  await page.getByTestId('custom-cancel').click();
  await expect(page.getByTestId('custom-status')).toHaveAttribute('data-status', 'cancelled');
  await expect(page.getByTestId('custom-suggest')).toBeEnabled();
});
