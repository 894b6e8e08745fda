/**
 * Feedback Insights end to end on WASM with the tiny models and real review files from
 * ../shared/datasets: import, column mapping, the analysis run (sentiment, themes, pain points),
 * dashboard and filters, exports, reload, cancel and resume, the language notice, and the main
 * thread's long tasks while a sentiment run is in progress.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import Papa from 'papaparse';
import { openApp } from './support/app';
import { loadPerCpu, longTaskBudget, longTasksBetween, recordLongTasks, waitInPage } from './support/longTasks';

// The package is an ES module: no __dirname. CI clones the repo with shared/ beside it.
const HERE = path.dirname(fileURLToPath(import.meta.url));
const DATASETS = path.resolve(HERE, '../../../shared/datasets');
const ALEXA = path.join(DATASETS, 'amazon_alexa_reviews/amazon_alexa.tsv');
const APPSTORE = path.join(DATASETS, 'appstore_reviews_category_sentiment_vu/dataset.csv');
const WAIMAI = path.join(DATASETS, 'waimai_10k/waimai_10k.csv');

/** The first `rows` data lines of a file whose rows are one line each (the Alexa TSV, waimai CSV). */
function firstLines(file: string, rows: number, out: string): string {
  const lines = readFileSync(file, 'utf8').split(/\r?\n/);
  writeFileSync(out, lines.slice(0, rows + 1).join('\n') + '\n');
  return out;
}

/** The first `rows` records of a CSV with quoted multi-line fields (the App Store reviews), re-quoted. */
function firstRecords(file: string, rows: number, out: string): string {
  const parsed = Papa.parse<string[]>(readFileSync(file, 'utf8'), { skipEmptyLines: true });
  writeFileSync(out, Papa.unparse(parsed.data.slice(0, rows + 1), { newline: '\r\n' }));
  return out;
}

/** Clicks bar `index` of a chart: charts are canvases, which list their bars' centres in data-bars. */
async function clickBar(page: Page, chartTestId: string, index: number): Promise<void> {
  const canvas = page.getByTestId(chartTestId).locator('canvas');
  let point: [number, number] | null = null;
  await expect
    .poll(async () => {
      const bars = JSON.parse((await canvas.getAttribute('data-bars')) ?? '[]') as Array<[number, number] | null>;
      point = bars[index] ?? null;
      return point !== null;
    })
    .toBe(true);
  const [x, y] = point!;
  await canvas.click({ position: { x, y } });
}

async function importFile(page: Page, file: string): Promise<void> {
  await page.getByTestId('insights-import-input').setInputFiles(file);
  await expect(page.getByTestId('insights-mapping')).toBeVisible();
}

/** Imports with the given text column, then waits for the dataset to open. */
async function confirmImport(page: Page, textColumn: string): Promise<void> {
  await page.getByTestId('insights-mapping-text').selectOption(textColumn);
  await page.getByTestId('insights-import-confirm').click();
  await expect(page.getByTestId('insights-active')).toBeVisible();
}

async function waitForComplete(page: Page, timeout = 150_000): Promise<void> {
  await expect(page.getByTestId('insights-run')).toHaveAttribute('data-complete', 'true', { timeout });
  await expect(page.getByTestId('insights-status')).toHaveAttribute('data-status', /done|idle/, { timeout });
}

test.describe.configure({ mode: 'serial' });

test('Alexa reviews: import, map, analyse, themes and charts, filter, export, reload', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  await recordLongTasks(page);
  const file = firstLines(ALEXA, 300, testInfo.outputPath('alexa-300.tsv'));
  await openApp(page, { route: 'insights' });
  await importFile(page, file);

  // Columns guessed from the content; the user can change them.
  await expect(page.getByTestId('insights-mapping-text')).toHaveValue('verified_reviews');
  await expect(page.getByTestId('insights-mapping-rating')).toHaveValue('rating');
  await expect(page.getByTestId('insights-mapping-date')).toHaveValue('date');
  await expect(page.getByTestId('insights-mapping-segment')).toHaveValue('variation');
  // The import report says what happens to empty and duplicate rows.
  const report = page.getByTestId('insights-import-report');
  await expect(report).toBeVisible();
  const empty = Number(await report.getAttribute('data-empty'));
  const duplicates = Number(await report.getAttribute('data-duplicates'));
  expect(duplicates).toBeGreaterThan(0); // "Love it!"-style reviews repeat
  await confirmImport(page, 'verified_reviews');
  const rowCount = 300 - empty;
  await expect(page.getByTestId('insights-datasets').getByTestId('insights-dataset')).toHaveCount(1);

  // Run: sentiment for every row, then themes and pain points.
  const loadBefore = loadPerCpu();
  // The click as raw input at the button's place, found before the window opens: a locator's click
  // checks the button in the page first, harness tasks the window would count as the app's.
  const runButton = page.getByTestId('insights-run-sentiment');
  await expect(runButton).toBeEnabled();
  await runButton.scrollIntoViewIfNeeded();
  const run = (await runButton.boundingBox())!;
  const started = await page.evaluate(() => performance.now());
  await page.mouse.click(run.x + run.width / 2, run.y + run.height / 2);
  // The model loads first (seconds of session creation on a loaded machine). Waited for in the
  // page (see waitInPage): Playwright's own waits are main-thread tasks of the harness.
  await waitInPage(page, '[data-testid="insights-progress"]', 90_000);
  await waitInPage(page, '[data-testid="insights-run"]', 90_000, 'data-sentiment-done', new RegExp(`^${rowCount}$`));
  const sentimentDone = await page.evaluate(() => performance.now());
  await waitForComplete(page);

  const tasks = await longTasksBetween(page, started, sentimentDone);
  const longest = Math.max(0, ...tasks.map((t) => t.duration));
  const { budget, why } = longTaskBudget(loadBefore);
  const summary = `${tasks.length} tasks over 50 ms, longest ${longest.toFixed(0)} ms (budget ${budget} ms: ${why})`;
  testInfo.annotations.push({ type: 'long tasks during the sentiment run', description: summary });
  console.log(`[insights] long tasks during the sentiment run: ${summary}`);
  expect(longest, JSON.stringify(tasks)).toBeLessThanOrEqual(budget);

  // Themes and charts.
  const themes = page.getByTestId('insights-theme');
  expect(await themes.count()).toBeGreaterThanOrEqual(2);
  await expect(page.getByTestId('insights-chart-sentiment')).toBeVisible();
  await expect(page.getByTestId('insights-chart-themes')).toBeVisible();
  await expect(page.getByTestId('insights-chart-rating')).toBeVisible();
  await expect(page.getByTestId('insights-net')).toBeVisible();
  await expect(page.getByTestId('insights-table')).toHaveAttribute('data-count', String(rowCount));

  // A click on the "negative" bar filters the table to negative rows.
  await clickBar(page, 'insights-chart-sentiment', 2);
  const count = page.getByTestId('insights-table-count');
  const negatives = Number(await page.getByTestId('insights-chart-sentiment-choice').nth(2).locator('.muted').textContent());
  await expect(count).toHaveAttribute('data-count', String(negatives));
  const shown = await page.getByTestId('insights-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-sentiment')));
  expect(shown.length).toBeGreaterThan(0);
  expect(new Set(shown)).toEqual(new Set(['negative']));

  // While a filter is on, exports hold the rows shown by default and say so: the filter is in the
  // file name and the file's first line (CSV) or its notes (report); "all rows" is a choice.
  await expect(page.getByTestId('insights-export-scope-shown')).toBeChecked();
  const [shownCsv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('insights-export-csv').click()]);
  expect(shownCsv.suggestedFilename()).toBe('alexa-300 (Negative).csv');
  const [firstLine, ...shownLines] = readFileSync(await shownCsv.path(), 'utf8')
    .replace(/^\uFEFF/, '')
    .split('\r\n');
  expect(firstLine).toBe(`# Filter: Negative (${negatives} of ${rowCount} rows)`);
  const shownRows = Papa.parse<Record<string, string>>(shownLines.join('\n'), { header: true, skipEmptyLines: true }).data;
  expect(shownRows).toHaveLength(negatives);
  expect(new Set(shownRows.map((row) => row.sentiment))).toEqual(new Set(['negative']));
  const [shownReport] = await Promise.all([page.waitForEvent('download'), page.getByTestId('insights-export-md').click()]);
  expect(shownReport.suggestedFilename()).toBe('alexa-300 (Negative)-report.md');
  const shownMarkdown = readFileSync(await shownReport.path(), 'utf8');
  // (Markdown escapes the brackets.)
  expect(shownMarkdown).toMatch(new RegExp(`^- Filter: Negative \\\\?\\(${negatives} of ${rowCount} rows\\\\?\\)$`, 'm'));
  expect(shownMarkdown).toContain(`| Rows | ${negatives} |`);
  await page.getByTestId('insights-export-scope-all').check();
  const [allCsv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('insights-export-csv').click()]);
  expect(allCsv.suggestedFilename()).toBe('alexa-300.csv');
  const allText = readFileSync(await allCsv.path(), 'utf8').replace(/^\uFEFF/, '');
  expect(allText.startsWith('#')).toBe(false);
  expect(Papa.parse(allText, { header: true, skipEmptyLines: true }).data).toHaveLength(rowCount);

  await page.getByTestId('insights-clear-filters').click();
  await expect(count).toHaveAttribute('data-count', String(rowCount));

  // A theme from the themes chart (its largest: the first bar), then the search box.
  const firstTheme = await themes.first().getAttribute('data-theme-id');
  await clickBar(page, 'insights-chart-themes', 0);
  await expect(count).toHaveAttribute('data-count', (await themes.first().getAttribute('data-size')) ?? '');
  const themeRows = await page.getByTestId('insights-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-theme-id')));
  expect(new Set(themeRows)).toEqual(new Set([firstTheme]));
  await page.getByTestId('insights-clear-filters').click();
  await page.getByTestId('insights-search').fill('alexa');
  await expect(count).not.toHaveAttribute('data-count', String(rowCount));
  const texts = await page.getByTestId('insights-row').locator('.col-text').allTextContents();
  expect(texts.every((text) => /alexa/i.test(text))).toBe(true);
  await page.getByTestId('insights-search').fill('');
  await page.getByTestId('insights-filter-sentiment').selectOption('positive');
  // The rows re-render from a deferred copy of the filter: wait until only positive rows show.
  await expect
    .poll(async () => [...new Set(await page.getByTestId('insights-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-sentiment'))))])
    .toEqual(['positive']);
  const positives = Number(await count.getAttribute('data-count'));
  expect(positives).toBeGreaterThan(0);
  await page.getByTestId('insights-filter-sentiment').selectOption('');

  // Exports: row-level CSV (every row, parsed back) and the Markdown report.
  const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('insights-export-csv').click()]);
  const csv = readFileSync(await csvDownload.path(), 'utf8').replace(/^\uFEFF/, '');
  const parsed = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true });
  expect(parsed.data).toHaveLength(rowCount);
  expect(parsed.meta.fields).toEqual(expect.arrayContaining(['row', 'sentiment', 'theme', 'text']));
  expect(parsed.data.every((row) => ['positive', 'neutral', 'negative'].includes(row.sentiment ?? ''))).toBe(true);
  const [mdDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('insights-export-md').click()]);
  expect(mdDownload.suggestedFilename()).toMatch(/\.md$/);
  const markdown = readFileSync(await mdDownload.path(), 'utf8');
  expect(markdown).toContain('## Themes');
  expect(markdown).toContain('## Pain points');
  expect(markdown).toContain(`| Rows | ${rowCount} |`);
  const [htmlDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('insights-export-html').click()]);
  expect(readFileSync(await htmlDownload.path(), 'utf8')).toContain('<h2>Themes</h2>');

  // Rename a theme: the name is saved with the analysis.
  await themes.first().getByTestId('insights-theme-rename').click();
  await page.getByTestId('insights-theme-rename-input').fill('Echo sound');
  await page.getByTestId('insights-theme-rename-input').press('Enter');
  await expect(themes.first().getByTestId('insights-theme-name')).toHaveText('Echo sound');

  // Merge two themes, then split one: the theme count follows.
  const before = await themes.count();
  const others = themes.filter({ hasNotText: 'Echo sound' });
  await others.nth(0).getByTestId('insights-theme-select').check();
  await others.nth(1).getByTestId('insights-theme-select').check();
  await page.getByTestId('insights-merge').click();
  await expect(themes).toHaveCount(before - 1);
  await themes.filter({ hasText: 'Echo sound' }).getByTestId('insights-theme-split').click();
  await expect(themes).toHaveCount(before);
  await expect(page.getByTestId('insights-theme').filter({ hasText: 'Echo sound' })).toHaveCount(0); // split themes lose the old name

  // Rename again, then reload: the dataset, its results and the theme name are still there.
  await themes.first().getByTestId('insights-theme-rename').click();
  await page.getByTestId('insights-theme-rename-input').fill('Echo sound');
  await page.getByTestId('insights-theme-rename-input').press('Enter');
  await expect(page.getByTestId('insights-theme').filter({ hasText: 'Echo sound' })).toHaveCount(1);
  await page.reload();
  await expect(page.getByTestId('insights-dataset')).toHaveCount(1);
  await page.getByTestId('insights-dataset-open').first().click();
  await expect(page.getByTestId('insights-run')).toHaveAttribute('data-complete', 'true');
  await expect(page.getByTestId('insights-run')).toHaveAttribute('data-sentiment-done', String(rowCount));
  await expect(page.getByTestId('insights-table')).toHaveAttribute('data-count', String(rowCount));
  await expect(page.getByTestId('insights-theme').filter({ hasText: 'Echo sound' })).toHaveCount(1);
  await expect(page.getByTestId('insights-chart-sentiment')).toBeVisible();
});

test('App Store reviews: a cancelled run keeps its rows, resumes after a reload and finishes with every row', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  // 800 reviews keep the run short on 2 CPUs; quoted multi-line reviews are among them.
  const file = firstRecords(APPSTORE, 800, testInfo.outputPath('appstore-800.csv'));
  await openApp(page, { route: 'insights' });
  await importFile(page, file);
  await expect(page.getByTestId('insights-mapping-text')).toHaveValue('review');
  await confirmImport(page, 'review');
  const total = Number(await page.getByTestId('insights-table').getAttribute('data-count'));
  expect(total).toBeGreaterThan(780);

  // Cancelled at once, before the model is even loaded: the status promises nothing was saved.
  await page.getByTestId('insights-run-sentiment').click();
  await page.getByTestId('insights-cancel').click();
  await expect(page.getByTestId('insights-status')).toHaveAttribute('data-status', 'cancelled');
  await expect(page.getByTestId('insights-run')).toHaveAttribute('data-sentiment-done', '0');
  await expect(page.getByTestId('insights-status')).toHaveText('Cancelled before any row was finished.');

  await page.getByTestId('insights-run-sentiment').click();
  // Cancel once a few chunks are saved.
  await expect
    .poll(async () => Number(await page.getByTestId('insights-run').getAttribute('data-sentiment-done')), { timeout: 60_000, intervals: [100] })
    .toBeGreaterThanOrEqual(256);
  await page.getByTestId('insights-cancel').click();
  await expect(page.getByTestId('insights-status')).toHaveAttribute('data-status', 'cancelled');
  await expect(page.getByTestId('insights-status')).toContainText('Cancelled; finished rows are saved.');
  const kept = Number(await page.getByTestId('insights-run').getAttribute('data-sentiment-done'));
  expect(kept).toBeGreaterThan(0);
  expect(kept).toBeLessThan(total);
  await expect(page.getByTestId('insights-run-sentiment')).toContainText((total - kept).toLocaleString('en-US'));

  // Reload in between: the saved part survives, and Resume continues from it.
  await page.reload();
  await page.getByTestId('insights-dataset-open').first().click();
  await expect(page.getByTestId('insights-run')).toHaveAttribute('data-sentiment-done', String(kept));
  await page.getByTestId('insights-run-sentiment').click();
  await waitForComplete(page);
  await expect(page.getByTestId('insights-run')).toHaveAttribute('data-sentiment-done', String(total));
  await expect(page.getByTestId('insights-table')).toHaveAttribute('data-count', String(total));
  await expect(page.getByTestId('insights-chart-segment')).toBeVisible();
  await expect(page.getByTestId('insights-painpoint').first()).toBeVisible();
  const [jsonDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('insights-export-json').click()]);
  const rows = JSON.parse(readFileSync(await jsonDownload.path(), 'utf8')) as Array<{ sentiment: string | null }>;
  expect(rows).toHaveLength(total);
  expect(rows.every((row) => row.sentiment !== null)).toBe(true);
});

test('Chinese reviews with the English sentiment model assigned: a notice says the Chinese model runs instead and points to the model library', async ({
  page,
}, testInfo) => {
  const file = firstLines(WAIMAI, 200, testInfo.outputPath('waimai-200.csv'));
  await openApp(page, { route: 'insights' });
  await importFile(page, file);
  await expect(page.getByTestId('insights-mapping-text')).toHaveValue('review');
  await confirmImport(page, 'review');
  const notice = page.getByTestId('insights-language-notice');
  await expect(notice).toBeVisible();
  await expect(notice).toHaveAttribute('data-language', 'zh');
  await expect(notice).toHaveAttribute('data-reason', 'routed');
  await expect(notice).toHaveAttribute('data-model', 'tiny/zh-sentiment');
  await notice.getByTestId('insights-language-models-link').click();
  await expect(page).toHaveURL(/#\/models$/);
});

test('pasted feedback: duplicates reported, a row over the model window is split and scored, not cut', async ({ page }) => {
  await openApp(page, { route: 'insights' });
  // One review far longer than the sentiment model's 512 tokens, made of real Alexa reviews.
  const reviews = Papa.parse<Record<string, string>>(readFileSync(ALEXA, 'utf8').replace(/^\uFEFF/, ''), { header: true, delimiter: '\t' })
    .data.map((row) => (row.verified_reviews ?? '').replace(/\s+/g, ' ').trim())
    .filter((text) => text.length > 200);
  const long = reviews.slice(0, 40).join(' ');
  expect(long.length).toBeGreaterThan(6000);
  const lines = ['Love the new search', 'The app crashes when I upload photos', 'Love the new search', long];
  await page.getByTestId('insights-paste').fill(lines.join('\n'));
  await page.getByTestId('insights-paste-submit').click();
  await expect(page.getByTestId('insights-mapping')).toBeVisible();
  await expect(page.getByTestId('insights-report-duplicates')).toBeVisible();
  await page.getByTestId('insights-import-confirm').click();
  await expect(page.getByTestId('insights-active')).toBeVisible();
  await expect(page.getByTestId('insights-table')).toHaveAttribute('data-count', '4');
  await expect(page.getByTestId('insights-language-notice')).toHaveCount(0);
  await page.getByTestId('insights-run-sentiment').click();
  await waitForComplete(page, 90_000);
  await expect(page.getByTestId('insights-chunked-note')).toHaveAttribute('data-count', '1');
  await expect(page.locator('[data-testid="insights-row"][data-sentiment="unknown"]')).toHaveCount(0);
});
