/**
 * The other imports that parse in the import worker (issue 10 point 5), on big files generated
 * here from real reviews: a knowledge-base FAQ CSV and a Markdown guide (Ask), a classifier file
 * (Customize), a templates file (Write) and a workspace backup (Settings), each several MB. The
 * page's main-thread tasks stay under 200 ms (scaled when the machine is overloaded, see
 * support/longTasks.ts) from picking the file until the app shows what it imported, including
 * the parsed result coming back from the worker (the backup is parsed and written in a worker of
 * its own, so only its summary comes back).
 */
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import Papa from 'papaparse';
import { TEMPLATE_FILE_FORMAT } from '../../src/content/templates';
import { serializeClassifier } from '../../src/customize/serialize';
import type { SoftmaxModel } from '../../src/customize/softmax';
import { alexaReviews } from './support/alexaReviews';
import { openApp } from './support/app';
import { recordLongTasks, waitInPage, withinBudget } from './support/longTasks';

const MB = 1024 * 1024;

// Tracing snapshots the DOM on every action: main-thread work that is the harness's, not the app's.
test.use({ trace: 'off' });
test.describe.configure({ mode: 'serial' });

const files = {
  faq: '',
  faqRows: 0,
  markdown: '',
  classifier: '',
  classifierName: 'Big categories',
  templates: '',
  templateCount: 500,
  backup: '',
  backupRows: 0,
};

test.beforeAll(async () => {
  test.setTimeout(120_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'llmaos-content-imports-'));
  const reviews = alexaReviews();
  const review = (i: number) => reviews[i % reviews.length]!;

  // FAQ CSV, 5 MB: a question per review, the review as its answer.
  const faq: string[] = ['question,answer\n'];
  for (let bytes = 0, i = 0; bytes < 5 * MB; i++) {
    const line = Papa.unparse([[`What do owners of the ${review(i).variation} say (${i + 1})?`, review(i).text]], { newline: '\n' }) + '\n';
    faq.push(line);
    bytes += Buffer.byteLength(line);
    files.faqRows = i + 1;
  }
  files.faq = path.join(dir, 'faq-5mb.csv');
  writeFileSync(files.faq, faq.join(''));

  // A Markdown guide, 5 MB: sections of reviews under headings.
  const markdown: string[] = ['# Echo owners guide\n\n'];
  for (let bytes = 0, i = 0; bytes < 5 * MB; i++) {
    const section = `${i % 10 === 0 ? `## Chapter ${i / 10 + 1}\n\n` : ''}### ${review(i).variation}, rated ${review(i).rating}\n\n${review(i).text}\n\n`;
    markdown.push(section);
    bytes += Buffer.byteLength(section);
  }
  files.markdown = path.join(dir, 'guide-5mb.md');
  writeFileSync(files.markdown, markdown.join(''));

  // A classifier of 1,000 categories over 384 dimensions: about 7 MB of JSON.
  const classes = Array.from({ length: 1_000 }, (_, c) => `category ${c + 1}`);
  const dims = 384;
  let seed = 7;
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31) * 2 - 1;
  const model: SoftmaxModel = {
    classes,
    dims,
    weights: classes.map(() => Array.from({ length: dims }, random)),
    bias: classes.map(random),
    metadata: {
      trainedAt: new Date(1_700_000_000_000).toISOString(),
      examples: classes.length * 3,
      classCounts: Object.fromEntries(classes.map((name) => [name, 3])),
      epochs: 10,
      learningRate: 0.1,
      l2: 0.0001,
      batchSize: 32,
      seed: 1,
      standardized: false,
      finalLoss: 0.5,
      trainingAccuracy: 0.9,
      extra: { name: files.classifierName, embeddingModel: 'tiny/minilm-embeddings' },
    },
  };
  files.classifier = path.join(dir, 'big.classifier.json');
  writeFileSync(files.classifier, serializeClassifier(model));

  // 500 templates (the most a file may hold), each about 10,000 characters: about 5 MB.
  const templates = Array.from({ length: files.templateCount }, (_, t) => {
    let body = `Reply to {{customer}} about their ${review(t).variation}:\n\n`;
    for (let i = t; body.length < 10_000; i++) body += `${review(i).text}\n`;
    return {
      id: `big-${t + 1}`,
      name: `Support reply ${t + 1}`,
      kind: 'custom',
      body,
      variables: [{ name: 'customer', label: 'Customer', kind: 'text', required: false }],
    };
  });
  files.templates = path.join(dir, 'templates-5mb.json');
  writeFileSync(
    files.templates,
    JSON.stringify({ format: TEMPLATE_FILE_FORMAT, version: 1, exportedAt: new Date(1_700_000_000_000).toISOString(), templates }),
  );

  // A workspace backup of about 10 MB: a 40,000-row dataset with a sentiment run half done.
  const rows = 40_000;
  const T0 = 1_700_000_000_000;
  const items = Array.from({ length: rows }, (_, i) => ({
    row: i + 1,
    id: `row-${i + 1}`,
    text: review(i).text,
    date: review(i).date || null,
    rating: Number(review(i).rating) || null,
    segment: review(i).variation || null,
    duplicateOf: null,
  }));
  const chunkSize = 256;
  const runResults = Array.from({ length: Math.ceil(rows / 2 / chunkSize) }, (_, chunk) => ({
    runId: 'sentiment-big',
    chunk,
    startIndex: chunk * chunkSize,
    results: Array.from({ length: chunkSize }, (_, k) => ({
      label: (chunk + k) % 3 === 0 ? 'negative' : 'positive',
      score: 0.9,
      signed: (chunk + k) % 3 === 0 ? -0.9 : 0.9,
    })),
  }));
  const backup = {
    format: 'llmaos-workspace-backup',
    version: 1,
    schemaVersion: 1,
    exportedAt: new Date(T0).toISOString(),
    stores: {
      datasets: [
        {
          id: 'big',
          name: 'alexa-40k.csv',
          createdAt: T0,
          updatedAt: T0,
          source: { fileName: 'alexa-40k.csv', format: 'csv' },
          columns: ['text', 'date', 'rating', 'variation'],
          mapping: { text: 'text', date: 'date', rating: 'rating', segment: 'variation', id: null },
          rowCount: rows,
          report: { total: rows, empty: [], duplicates: [], unparsedDates: 0, unparsedRatings: 0, warnings: [], parseWarnings: [] },
        },
      ],
      datasetRows: [{ datasetId: 'big', items }],
      runs: [
        {
          id: 'sentiment-big',
          datasetId: 'big',
          kind: 'sentiment',
          status: 'paused',
          total: rows,
          done: runResults.length * chunkSize,
          startedAt: T0,
          updatedAt: T0,
        },
      ],
      runResults,
      drafts: [{ id: 'draft-1', title: 'Kept', text: 'A draft', createdAt: T0, updatedAt: T0 }],
    },
  };
  files.backup = path.join(dir, 'workspace-10mb.json');
  writeFileSync(files.backup, JSON.stringify(backup));
  files.backupRows = rows;
  const recordCount = 1 + 1 + 1 + runResults.length + 1;
  expect(statSync(files.backup).size, `backup of ${recordCount} records`).toBeGreaterThan(5 * MB);
});

/** Waits until the knowledge-base job has parsed the file and started embedding its passages, then cancels it. */
async function parsedThenCancelled(page: Page): Promise<number> {
  const bar = '[data-testid="kb-embed-progress"] [role="progressbar"]';
  await waitInPage(page, bar, 150_000, 'aria-valuemax', /^[1-9]\d*$/);
  await waitInPage(page, bar, 120_000, 'aria-valuenow', /^[1-9]/);
  const passages = Number(await page.locator(bar).getAttribute('aria-valuemax'));
  await page.getByTestId('kb-embed-cancel').click();
  await waitInPage(page, '[data-testid="kb-job"]', 30_000, 'data-status', /^cancelled$/);
  return passages;
}

async function importIntoKnowledgeBase(page: Page, testInfo: TestInfo, file: string, label: string): Promise<void> {
  await openApp(page, { route: 'ask' });
  await expect(page.getByTestId('kb-import-input')).toBeEnabled();
  let passages = 0;
  await withinBudget(
    page,
    testInfo,
    label,
    async () => {
      await page.getByTestId('kb-import-input').setInputFiles(file);
      passages = await parsedThenCancelled(page);
    },
    { log: 'content imports' },
  );
  console.log(`[content imports] ${label}: ${passages} passages parsed in the worker, embedding started, then cancelled`);
  expect(passages).toBeGreaterThan(1_000);
  await expect(page.getByTestId('kb-import-input')).toBeEnabled();
}

test('Ask: a 5 MB FAQ CSV is parsed and cut in the worker; the page stays responsive until embedding runs and is cancelled', async ({ page }, testInfo) => {
  test.setTimeout(300_000);
  await recordLongTasks(page);
  expect(statSync(files.faq).size).toBeGreaterThanOrEqual(5 * MB);
  await importIntoKnowledgeBase(page, testInfo, files.faq, `5 MB FAQ CSV (${files.faqRows} rows)`);
});

test('Ask: a 5 MB Markdown guide likewise', async ({ page }, testInfo) => {
  test.setTimeout(300_000);
  await recordLongTasks(page);
  expect(statSync(files.markdown).size).toBeGreaterThanOrEqual(5 * MB);
  await importIntoKnowledgeBase(page, testInfo, files.markdown, '5 MB Markdown guide');
});

test('Customize: a 7 MB classifier file (1,000 categories) imports without freezing the page', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  await recordLongTasks(page);
  const size = statSync(files.classifier).size;
  expect(size).toBeGreaterThan(5 * MB);
  await openApp(page, { route: 'customize' });
  await expect(page.getByTestId('custom-import-classifier')).toBeEnabled();
  const saved = page.locator(`[data-testid="custom-saved"][data-name="${files.classifierName}"]`);
  await withinBudget(
    page,
    testInfo,
    `${(size / MB).toFixed(1)} MB classifier file`,
    async () => {
      await page.getByTestId('custom-import-classifier').setInputFiles(files.classifier);
      await expect(saved).toBeVisible({ timeout: 120_000 });
    },
    { log: 'content imports' },
  );
  await expect(saved).toContainText('category 1 · category 2');
});

test('Write: a 5 MB templates file (500 templates) imports without freezing the page', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  await recordLongTasks(page);
  const size = statSync(files.templates).size;
  expect(size).toBeGreaterThan(4.5 * MB);
  await openApp(page, { route: 'write' });
  await expect(page.getByTestId('write-templates-import')).toBeAttached();
  await withinBudget(
    page,
    testInfo,
    `${(size / MB).toFixed(1)} MB templates file`,
    async () => {
      await page.getByTestId('write-templates-import').setInputFiles(files.templates);
      await expect(page.getByTestId('write-import-result')).toContainText(`${files.templateCount} templates imported`, { timeout: 120_000 });
    },
    { log: 'content imports' },
  );
  await expect(page.getByTestId('write-template').locator('option', { hasText: 'Support reply 500' })).toHaveCount(1);
});

test('Settings: a 10 MB backup (a 40,000-row dataset with results) restores without freezing the page', async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  await recordLongTasks(page);
  const size = statSync(files.backup).size;
  await openApp(page, { route: 'settings' });
  // Merged into the empty workspace: the same parse and write as a replace, without the browser's
  // "Replace the whole workspace?" dialog, whose wait for the harness's answer is a long task.
  await page.getByTestId('backup-mode-merge').check();
  await page.getByTestId('backup-file').setInputFiles(files.backup);
  await withinBudget(
    page,
    testInfo,
    `${(size / MB).toFixed(1)} MB backup restored (merge into an empty workspace)`,
    async () => {
      await page.getByTestId('backup-restore').click();
      await expect(page.getByTestId('backup-restore-done')).toBeVisible({ timeout: 180_000 });
    },
    { log: 'content imports' },
  );
  // The summary counts the dataset's rows, not the one record that holds them.
  await expect(page.getByTestId('backup-restore-done').locator('[data-store="datasetRows"]')).toHaveAttribute('data-count', String(files.backupRows));
  // The rows are all there.
  const stored = await page.evaluate(async () => (await window.llmaosWorkspace!.get('datasetRows', 'big'))?.items.length ?? 0);
  expect(stored).toBe(files.backupRows);
});
