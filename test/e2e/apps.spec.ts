/**
 * The Apps tab (the market) and the builder end to end, on WASM with the tiny test models and real
 * data from ../shared/datasets: the three example apps installed from their own files (picker and
 * a drop on the tab) and run — Support triage on Alexa reviews, Weekly review digest on a column of
 * an Insights dataset, FAQ bot on the COVID FAQ built in Ask (cancelled mid-way, then run to the
 * end) —; an app exported and installed in a fresh profile gives the same outputs; hostile app
 * files are refused and change nothing; a new app built in the builder, tried, saved and run.
 *
 * The tiny models' labels and drafts are near random, so the checks are the contract (every row,
 * step and output there, as text, the same for the same inputs), not the models' quality.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import Papa from 'papaparse';
import { openApp, pasteInto } from './support/app';
import { alexaReviews } from './support/alexaReviews';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const EXAMPLES = path.resolve(HERE, '../../src/apps/examples');
const FAQ = path.resolve(HERE, '../../../shared/datasets/covid_faq_deepset/faq_covidbert.csv');
const QUESTIONS = path.resolve(HERE, '../../../shared/datasets/covid_faq_deepset/eval_question_similarity_en.csv');

const exampleFile = (name: string) => ({ name, mimeType: 'application/json', buffer: readFileSync(path.join(EXAMPLES, name)) });

/** Short Alexa reviews: `count` of one star then `count` of five stars. */
function tickets(count: number): string[] {
  const short = alexaReviews().filter((review) => review.text.length > 15 && review.text.length < 200);
  return [...short.filter((r) => r.rating === '1').slice(0, count), ...short.filter((r) => r.rating === '5').slice(0, count)].map((r) => r.text.trim());
}

async function installFiles(page: Page, files: Array<{ name: string; mimeType: string; buffer: Buffer }>): Promise<void> {
  await page.getByTestId('apps-import-input').setInputFiles(files);
  await expect(page.getByTestId('apps-notice')).toHaveCount(files.length);
}

/** Drops a file on the tab the way a drag from the desktop does: a DataTransfer with the File in it. */
async function dropFile(page: Page, name: string, text: string): Promise<void> {
  await page.getByTestId('apps-panel').evaluate(
    (panel, file) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([file.text], file.name, { type: 'application/json' }));
      panel.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      panel.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    },
    { name, text },
  );
}

const card = (page: Page, id: string) => page.locator(`[data-testid="apps-card"][data-app-id="${id}"]`);

async function runApp(page: Page, timeout = 90_000): Promise<void> {
  await page.getByTestId('apps-run').click();
  await expect(page.getByTestId('apps-run-status')).toHaveAttribute('data-status', 'done', { timeout });
}

/** Every output's kind and text as shown. */
async function outputs(page: Page): Promise<Array<{ kind: string; text: string }>> {
  return page
    .getByTestId('apps-output')
    .evaluateAll((sections) => sections.map((section) => ({ kind: section.getAttribute('data-kind') ?? '', text: section.textContent ?? '' })));
}

test('the three example apps install from their files (picker and drop); Support triage runs on Alexa reviews; an exported app gives the same outputs in a fresh profile; hostile files change nothing', async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await openApp(page, { route: 'apps' });
  await expect(page.getByTestId('apps-list')).toHaveAttribute('data-loaded', 'true');
  await expect(page.locator('[data-testid="apps-card"][data-builtin="true"]')).toHaveCount(3);

  // Two through the picker, one dropped on the tab; each built-in app's own file installs beside it.
  await installFiles(page, [exampleFile('support-triage.json'), exampleFile('weekly-review-digest.json')]);
  await dropFile(page, 'faq-bot.json', readFileSync(path.join(EXAMPLES, 'faq-bot.json'), 'utf8'));
  await expect(page.getByTestId('apps-notice')).toHaveAttribute('data-kind', 'installed');
  await expect(page.getByTestId('apps-notice')).toHaveAttribute('data-file', 'faq-bot.json');
  await expect(page.getByTestId('apps-list')).toHaveAttribute('data-installed', '3');
  for (const id of ['support-triage-2', 'weekly-review-digest-2', 'faq-bot-2']) await expect(card(page, id)).toHaveAttribute('data-builtin', 'false');
  await expect(card(page, 'support-triage-2').getByTestId('apps-card-needs')).toContainText('Sentiment');
  await expect(card(page, 'support-triage-2').getByTestId('apps-card-languages')).toContainText('English');

  // Hostile files: refused with their reason, and the list is what it was.
  const hostile = [
    {
      name: 'proto.json',
      text: readFileSync(path.join(EXAMPLES, 'support-triage.json'), 'utf8').replace('"icon"', '"__proto__": { "polluted": true }, "icon"'),
    },
    {
      name: 'script.json',
      text: readFileSync(path.join(EXAMPLES, 'support-triage.json'), 'utf8').replace('"Support triage"', '"<img src=x onerror=window.__xss=1>"'),
    },
    { name: 'future.json', text: readFileSync(path.join(EXAMPLES, 'support-triage.json'), 'utf8').replace('"version": 1', '"version": 7') },
    {
      name: 'model.json',
      text: readFileSync(path.join(EXAMPLES, 'support-triage.json'), 'utf8').replace('"maxNewTokens": 40', '"maxNewTokens": 40, "model": "nobody/missing"'),
    },
    { name: 'huge.json', text: `{"pad":"${'x'.repeat(300 * 1024)}"}` },
  ];
  await installFiles(
    page,
    hostile.map((file) => ({ name: file.name, mimeType: 'application/json', buffer: Buffer.from(file.text) })),
  );
  await expect(page.locator('[data-testid="apps-notice"][data-kind="refused"]')).toHaveCount(hostile.length);
  const reasons = await page.getByTestId('apps-notice-error').allTextContents();
  expect(reasons[0]).toContain('__proto__');
  expect(reasons[1]).toContain('markup');
  expect(reasons[2]).toContain('version 7');
  expect(reasons[3]).toContain('nobody/missing');
  expect(reasons[4]).toMatch(/300|kB/);
  await expect(page.getByTestId('apps-list')).toHaveAttribute('data-installed', '3');
  expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
  expect(await page.evaluate(async () => (await window.llmaosWorkspace!.getAll('apps')).length)).toBe(3);

  // Support triage on 8 real reviews.
  const texts = tickets(4);
  await card(page, 'support-triage-2').getByTestId('apps-card-run').click();
  await pasteInto(page, 'apps-input-tickets', texts.join('\n'));
  await runApp(page);
  await expect(page.locator('[data-testid="apps-step"][data-state="done"]')).toHaveCount(4);
  const shown = await outputs(page);
  expect(shown.map((output) => output.kind)).toEqual(['table', 'chart', 'csv']);
  // The chart counts every ticket once.
  const counts = await page.getByTestId('apps-chart').locator('.apps-bar-value').allTextContents();
  expect(counts.reduce((sum, value) => sum + Number(value), 0)).toBe(texts.length);
  await expect(page.locator('[data-testid="apps-history-entry"][data-status="done"]')).toHaveCount(1);

  // Export it, install the file in a fresh profile, run it on the same tickets: the same outputs.
  await page.getByTestId('apps-back').click();
  const [download] = await Promise.all([page.waitForEvent('download'), card(page, 'support-triage-2').getByTestId('apps-card-export').click()]);
  expect(download.suggestedFilename()).toBe('support-triage-2.llmaos-app.json');
  const exported = readFileSync((await download.path())!);
  expect(JSON.parse(exported.toString('utf8'))).toMatchObject({ format: 'llmaos-workbench/app', version: 1, id: 'support-triage-2' });

  const other = await browser.newContext();
  try {
    const fresh = await other.newPage();
    await openApp(fresh, { route: 'apps' });
    await expect(fresh.getByTestId('apps-list')).toHaveAttribute('data-installed', '0');
    await installFiles(fresh, [{ name: download.suggestedFilename(), mimeType: 'application/json', buffer: exported }]);
    await expect(fresh.getByTestId('apps-notice')).toHaveAttribute('data-app-id', 'support-triage-2');
    await card(fresh, 'support-triage-2').getByTestId('apps-card-run').click();
    await pasteInto(fresh, 'apps-input-tickets', texts.join('\n'));
    await runApp(fresh);
    expect(await outputs(fresh)).toEqual(shown);
  } finally {
    await other.close();
  }
  expect(pageErrors).toEqual([]);
});

test('FAQ bot answers COVID questions from the knowledge base built in Ask, with sources; cancelled mid-way it stops, and runs again to the end', async ({
  page,
}) => {
  test.setTimeout(180_000);
  // A knowledge base of the FAQ's first 40 entries, imported in Ask.
  const faq = Papa.parse<Record<string, string>>(readFileSync(FAQ, 'utf8'), { header: true, skipEmptyLines: 'greedy' }).data.slice(0, 40);
  await openApp(page, { route: 'ask' });
  await page.getByTestId('kb-import-input').setInputFiles({
    name: 'covid-faq.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(Papa.unparse(faq.map((row) => ({ question: row.question, answer: row.answer })))),
  });
  await expect(page.getByTestId('kb-job')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });

  await page.getByTestId('nav-apps').click();
  await installFiles(page, [exampleFile('faq-bot.json')]);
  // Real users' wordings of the questions in the knowledge base (the dataset's paraphrase pairs).
  const inKb = new Set(faq.map((row) => row.question!.trim()));
  const questions = Papa.parse<Record<string, string>>(readFileSync(QUESTIONS, 'utf8'), { header: true, skipEmptyLines: 'greedy' })
    .data.filter((row) => row.similar === '1' && inKb.has(row.question_1?.trim() ?? ''))
    .map((row) => row.question_2!.trim())
    .slice(0, 30);
  expect(questions).toHaveLength(30);
  await card(page, 'faq-bot-2').getByTestId('apps-card-run').click();
  await pasteInto(page, 'apps-input-questions', questions.join('\n'));

  // Cancel once a few questions are answered: the step stops where it was, and nothing is shown as a result.
  await page.getByTestId('apps-run').click();
  const step = page.locator('[data-testid="apps-step"][data-step="answers"]');
  await expect(step).toHaveAttribute('data-state', 'running', { timeout: 60_000 });
  const answered = async () => Number((await step.getByRole('progressbar').getAttribute('aria-valuenow')) ?? 0);
  await expect.poll(answered, { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
  // The step's pace so far gives the time it still needs.
  await expect(page.getByTestId('apps-step-estimate')).toBeVisible();
  await page.getByTestId('apps-cancel').click();
  await expect(page.getByTestId('apps-run-status')).toHaveAttribute('data-status', 'cancelled');
  // The step stopped short of the end.
  await expect(step).toHaveAttribute('data-state', 'stopped');
  await expect(page.getByTestId('apps-outputs')).toHaveCount(0);
  await expect(page.locator('[data-testid="apps-history-entry"][data-status="cancelled"]')).toHaveCount(1);

  await runApp(page, 120_000);
  await expect(page.getByTestId('apps-output-table')).toHaveAttribute('data-rows', String(questions.length));
  // Each row: the question, its kind of answer, and for an answer its source from the FAQ.
  const rows = await page
    .getByTestId('apps-output-table')
    .locator('tbody tr')
    .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
  expect(rows.map((row) => row[0])).toEqual(questions);
  const faqQuestions = faq.map((row) => row.question!.trim());
  const withSource = rows.filter((row) => row[1] !== 'no-answer');
  expect(withSource.length).toBeGreaterThan(0);
  const faqAnswers = faq.map((row) => row.answer!.replace(/\r\n?/g, '\n'));
  for (const row of withSource) {
    const source = row.at(-1)!.trim();
    expect(faqQuestions.includes(source) || faqAnswers.some((answer) => answer.includes(source)), row.join(' | ')).toBe(true);
  }
  await expect(page.getByTestId('apps-output-markdown')).toContainText('# FAQ answers');
  await expect(page.locator('[data-testid="apps-history-entry"]')).toHaveCount(2);
});

test('Weekly review digest runs on a column of an Insights dataset: themes, a summary per theme, a Markdown report', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  const reviews = alexaReviews()
    .filter((review) => review.text.length > 20 && review.text.length < 200)
    .slice(0, 20);
  const tsv = testInfo.outputPath('alexa-20.tsv');
  const { writeFileSync } = await import('node:fs');
  writeFileSync(
    tsv,
    ['rating\tdate\tvariation\tverified_reviews', ...reviews.map((r) => [r.rating, r.date, r.variation, r.text.replace(/\t/g, ' ')].join('\t'))].join('\n'),
  );
  await openApp(page, { route: 'insights' });
  await page.getByTestId('insights-import-input').setInputFiles(tsv);
  await expect(page.getByTestId('insights-mapping')).toBeVisible();
  await page.getByTestId('insights-mapping-text').selectOption('verified_reviews');
  await page.getByTestId('insights-import-confirm').click();
  await expect(page.getByTestId('insights-active')).toBeVisible();

  await page.getByTestId('nav-apps').click();
  await installFiles(page, [exampleFile('weekly-review-digest.json')]);
  await card(page, 'weekly-review-digest-2').getByTestId('apps-card-run').click();
  const source = page.getByTestId('apps-input-reviews-dataset');
  await source.selectOption({ label: 'Insights dataset “alexa-20” (20 rows)' });
  await expect(page.getByTestId('apps-input-reviews-column')).toHaveValue('text');
  await expect(page.getByTestId('apps-input-reviews')).toHaveCount(0);
  await runApp(page, 120_000);

  const report = await page.getByTestId('apps-output-markdown').textContent();
  expect(report).toMatch(/^# Weekly review digest\n/);
  const themes = (report!.match(/^## /gm) ?? []).length;
  expect(themes).toBeGreaterThan(1);
  await expect(page.getByTestId('apps-chart')).toHaveAttribute('data-bars', String(themes));
  const sizes = await page.getByTestId('apps-chart').locator('.apps-bar-value').allTextContents();
  expect(sizes.reduce((sum, value) => sum + Number(value), 0)).toBe(20);
  await expect(page.getByTestId('apps-output-table')).toHaveAttribute('data-rows', String(themes));
});

test('the builder: a new app made without code (steps added, configured, moved, removed), tried on its samples, refused with the field named, saved and run', async ({
  page,
}) => {
  test.setTimeout(150_000);
  await openApp(page, { route: 'apps' });
  await page.getByTestId('apps-new').click();
  const builder = page.getByTestId('apps-builder');
  await expect(builder).toBeVisible();
  await page.getByTestId('apps-b-name-en').fill('Complaint finder');
  await page.getByTestId('apps-b-name-zh').fill('投诉查找');
  await page.getByTestId('apps-b-id').fill('complaint-finder');
  const texts = tickets(4);
  await pasteInto(page, 'apps-b-input-sample', texts.join('\n'));

  // Steps: classify (there by default), then a keyword filter, a reply per kept item, a count.
  await page.getByTestId('apps-b-add-step-op').selectOption('filter');
  await page.getByTestId('apps-b-add-step').click();
  await page.getByTestId('apps-b-add-step-op').selectOption('count');
  await page.getByTestId('apps-b-add-step').click();
  await page.getByTestId('apps-b-add-step-op').selectOption('generate');
  await page.getByTestId('apps-b-add-step').click();
  await page.getByTestId('apps-b-add-step-op').selectOption('summarize');
  await page.getByTestId('apps-b-add-step').click();
  const steps = page.getByTestId('apps-b-step');
  await expect(steps).toHaveCount(5);
  await steps.nth(4).getByTestId('apps-b-step-remove').click();
  await expect(steps).toHaveCount(4);

  const filter = steps.nth(1);
  await filter.getByTestId('apps-b-step-labels').fill('');
  await filter.getByTestId('apps-b-step-keywords').fill('not, stopped, broke, work');
  // The count reads the classified items and moves up before the filter.
  const count = steps.nth(2);
  await count.getByTestId('apps-b-step-from').selectOption('sentiment');
  await count.getByTestId('apps-b-step-up').click();
  await expect(steps.nth(1)).toHaveAttribute('data-op', 'count');
  await expect(steps.nth(2)).toHaveAttribute('data-op', 'filter');
  const generate = steps.nth(3);
  await generate.getByTestId('apps-b-step-foreach').selectOption('filter');
  await generate.getByTestId('apps-b-step-tokens').fill('12');
  // An unknown variable: Save refuses and says so beside the template.
  await generate.getByTestId('apps-b-step-template').fill('Complaint: {{ticket}}\nReply:');
  await page.getByTestId('apps-b-save').click();
  await expect(page.getByTestId('apps-b-save-status')).toHaveAttribute('data-status', 'refused');
  await expect(generate.getByTestId('apps-b-problem')).toContainText('ticket');
  await expect(generate.getByTestId('apps-b-step-template')).toHaveAttribute('aria-invalid', 'true');
  await generate.getByTestId('apps-b-step-template').fill('Complaint: {{item}}\nReply:');

  await page.getByTestId('apps-b-add-output').click();
  const outputs = page.getByTestId('apps-b-output');
  await outputs.nth(1).getByTestId('apps-b-output-kind').selectOption('chart');
  await outputs.nth(1).getByTestId('apps-b-output-from').selectOption('count');
  await outputs.nth(0).getByTestId('apps-b-output-from').selectOption('generate');

  // Try it on the samples: every step's output.
  await page.getByTestId('apps-b-try').click();
  await expect(page.getByTestId('apps-b-trial-status')).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  await expect(page.getByTestId('apps-b-trial-value')).toHaveCount(4);
  await expect(page.locator('[data-testid="apps-b-trial-value"][data-step="sentiment"]').getByTestId('apps-b-trial-value-table')).toHaveAttribute(
    'data-rows',
    String(texts.length),
  );

  await page.getByTestId('apps-b-save').click();
  await expect(page.getByTestId('apps-b-save-status')).toHaveAttribute('data-status', 'saved');
  await page.getByTestId('apps-back').click();
  await expect(card(page, 'complaint-finder').getByTestId('apps-card-name')).toHaveText('Complaint finder');

  await card(page, 'complaint-finder').getByTestId('apps-card-run').click();
  await pasteInto(page, 'apps-input-items', texts.join('\n'));
  await runApp(page);
  const kept = texts.filter((text) => /not|stopped|broke|work/i.test(text));
  await expect(page.getByTestId('apps-output-table')).toHaveAttribute('data-rows', String(kept.length));
  const counts = await page.getByTestId('apps-chart').locator('.apps-bar-value').allTextContents();
  expect(counts.reduce((sum, value) => sum + Number(value), 0)).toBe(texts.length);

  // Edit it again (its steps are as saved), then delete it after confirming.
  await page.getByTestId('apps-back').click();
  await card(page, 'complaint-finder').getByTestId('apps-card-edit').click();
  await expect(page.getByTestId('apps-b-step')).toHaveCount(4);
  await page.getByTestId('apps-back').click();
  await card(page, 'complaint-finder').getByTestId('apps-card-delete').click();
  await card(page, 'complaint-finder').getByTestId('apps-card-delete-confirm').click();
  await expect(card(page, 'complaint-finder')).toHaveCount(0);
  expect(await page.evaluate(async () => (await window.llmaosWorkspace!.getAll('apps')).length)).toBe(0);
});
