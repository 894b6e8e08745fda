/**
 * Chinese first, in the Chinese UI (?lang=zh-CN), with real waimai reviews from ../shared/datasets
 * and the tiny models: Insights routes the Chinese rows to the Chinese sentiment stand-in (no run
 * on the English model) and names themes with Chinese words; Summarize summarizes a Chinese text
 * in Chinese (extractively, as the summarizer is English); Classify shows the language notice for
 * Chinese text into the English model and classifies with the Chinese model when it is chosen;
 * Write's built-in templates, their fields and the prompt they make are Chinese; so is the report;
 * Ask stops a Chinese knowledge base before embedding when no loadable model covers Chinese.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { pasteInto } from './support/app';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const WAIMAI = path.resolve(HERE, '../../../shared/datasets/waimai_10k/waimai_10k.csv');
const ENGLISH_MODEL = 'tiny/distilbert-sentiment';
const CHINESE_MODEL = 'tiny/zh-sentiment';
const HAN_WORDS = /^\p{Script=Han}{2,}( · \p{Script=Han}{2,})*$/u;

/** waimai rows (label, review): the file lists the 4,000 positive reviews first, then the negative. */
function waimaiRows(): Array<{ label: string; review: string }> {
  return (
    readFileSync(WAIMAI, 'utf8')
      .split(/\r?\n/)
      .slice(1)
      .filter((line) => /^[01],/.test(line))
      .map((line) => ({ label: line[0]!, review: line.slice(2).replace(/^"|"$/g, '') }))
      // Reviews with Latin letters or quotes are left out so "Chinese words only" tests the app, not the data.
      .filter((row) => !/[A-Za-z"]/.test(row.review) && row.review.length >= 6)
  );
}

async function openChinese(page: Page, route: string): Promise<void> {
  await page.goto(`/?preset=fixtures&backend=wasm&lang=zh-CN#/${route}`);
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
}

/** Labels the Chinese stand-in gives these texts, asked through the SDK the app uses. */
async function standInLabels(page: Page, texts: string[]): Promise<string[]> {
  return page.evaluate(async ({ texts, model }) => (await window.llmaos.classify(texts, { model })).map((r) => r.label), { texts, model: CHINESE_MODEL });
}

test.describe.configure({ mode: 'serial' });

test('Insights in Chinese: waimai reviews run on the Chinese model (never the English one), themes are Chinese words', async ({ page }, testInfo) => {
  // Generous: the e2e machine is shared, and model loads there have taken over a minute.
  test.setTimeout(480_000);
  const rows = waimaiRows();
  const sample = [...rows.filter((r) => r.label === '1').slice(0, 40), ...rows.filter((r) => r.label === '0').slice(0, 40)];
  const file = testInfo.outputPath('waimai-80.csv');
  writeFileSync(file, ['label,review', ...sample.map((r) => `${r.label},${r.review.replace(/,/g, '，')}`)].join('\n') + '\n');

  await openChinese(page, 'insights');
  await page.getByTestId('insights-import-input').setInputFiles(file);
  await expect(page.getByTestId('insights-mapping')).toBeVisible();
  await page.getByTestId('insights-mapping-text').selectOption('review');
  await page.getByTestId('insights-import-confirm').click();
  await expect(page.getByTestId('insights-active')).toBeVisible();

  // Before anything runs: the rows are Chinese, so the Chinese model is chosen, and said so.
  const notice = page.getByTestId('insights-language-notice');
  await expect(notice).toHaveAttribute('data-reason', 'routed');
  await expect(notice).toHaveAttribute('data-language', 'zh');
  await expect(notice).toHaveAttribute('data-model', CHINESE_MODEL);
  await expect(notice).toContainText(CHINESE_MODEL);
  await expect(page.getByTestId('insights-run-models')).toHaveAttribute('data-sentiment-model', CHINESE_MODEL);

  await page.getByTestId('insights-run-sentiment').click();
  await expect(page.getByTestId('insights-run')).toHaveAttribute('data-complete', 'true', { timeout: 400_000 });
  await expect(page.getByTestId('insights-status')).toHaveAttribute('data-status', /done|idle/, { timeout: 60_000 });
  await expect(page.getByTestId('insights-run-models')).toHaveAttribute('data-sentiment-model', CHINESE_MODEL);
  const loaded = await page.evaluate(() => window.llmaos.models.loaded().map((m) => m.modelId));
  expect(loaded).toContain(CHINESE_MODEL);
  expect(loaded).not.toContain(ENGLISH_MODEL); // no English-model run at all

  // Every row's sentiment is the stand-in's label for it.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('insights-export-json').click()]);
  const exported = JSON.parse(readFileSync(await download.path(), 'utf8')) as Array<{ text: string; sentiment: string | null }>;
  expect(exported).toHaveLength(sample.length);
  const expected = await standInLabels(
    page,
    exported.map((row) => row.text),
  );
  expect(exported.map((row) => row.sentiment)).toEqual(expected);
  expect(new Set(expected)).toEqual(new Set(['negative', 'positive']));

  // Theme names: Chinese words of two or more characters, no English, no single characters.
  const names = await page.getByTestId('insights-theme-name').allTextContents();
  expect(names.length).toBeGreaterThanOrEqual(2);
  for (const name of names) expect(name.trim()).toMatch(HAN_WORDS);

  // The report is Chinese: its headings, its figures' names, the theme names, the page's language.
  const [mdDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('insights-export-md').click()]);
  const markdown = readFileSync(await mdDownload.path(), 'utf8');
  for (const heading of ['## 概览', '## 主题', '## 痛点', '| 指标 | 数值 |', `| 条数 | ${sample.length} |`, '| 净情感 |']) expect(markdown).toContain(heading);
  for (const name of names) expect(markdown).toContain(name.trim());
  expect(markdown).not.toMatch(/^## (Figures|Themes|Pain points)/m);
  const [htmlDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('insights-export-html').click()]);
  const html = readFileSync(await htmlDownload.path(), 'utf8');
  expect(html).toContain('<html lang="zh-CN">');
  expect(html).toContain('<h2>主题</h2>');

  // Pain-point summaries are not checked here: the tiny embedding model's tokenizer is English
  // (Chinese is mostly [UNK] to it), so 80 Chinese reviews form one theme and no pain point. The
  // summary a Chinese pain point gets is workbench.summarize() of its quotes, checked below.
});

test('Summarize in Chinese: a Chinese text gets a Chinese summary made of its own sentences', async ({ page }) => {
  test.setTimeout(300_000);
  const reviews = waimaiRows()
    .filter((r) => r.label === '0')
    .slice(0, 12)
    .map((r) => r.review.replace(/[。！？；]*$/u, '。'));
  const text = reviews.join('');
  await openChinese(page, 'summarize');
  await pasteInto(page, 'summarize-input', text);
  await expect(page.getByTestId('summarize-method')).toHaveAttribute('data-resolved', 'extractive');
  await expect(page.getByTestId('summarize-method-note')).toBeVisible();
  await page.getByTestId('summarize-run').click();
  const output = page.getByTestId('summarize-output');
  await expect(output).toHaveAttribute('data-status', 'done', { timeout: 200_000 });
  const summary = (await output.textContent())!.trim();
  expect(summary).toMatch(/\p{Script=Han}{6,}/u);
  expect(summary).not.toMatch(/[A-Za-z]{3,}/);
  expect(summary.length).toBeLessThan(text.length);
  const sentences = summary.split(/(?<=[。！？；])/u).filter(Boolean);
  expect(sentences.length).toBeGreaterThanOrEqual(2);
  for (const sentence of sentences) expect(text).toContain(sentence);
  // The SDK gives the same answer to a direct call: summarize() of Chinese text is Chinese.
  const direct = await page.evaluate((input) => window.llmaos.summarize(input), text);
  expect(direct).toMatch(/\p{Script=Han}{6,}/u);
  expect(direct).not.toMatch(/[A-Za-z]{3,}/);
});

test('Classify in Chinese: the notice for Chinese text into the English model, then the Chinese model when chosen', async ({ page }) => {
  test.setTimeout(480_000);
  const rows = waimaiRows();
  const lines = [...rows.filter((r) => r.label === '1').slice(50, 53), ...rows.filter((r) => r.label === '0').slice(50, 53)].map((r) => r.review);
  await openChinese(page, 'classify');
  await page.getByTestId('classify-input').fill(lines.join('\n'));

  // Automatic: the Chinese model, and the notice says why.
  const notice = page.getByTestId('classify-language-notice');
  await expect(notice).toHaveAttribute('data-reason', 'routed');
  await expect(page.getByTestId('classify-model')).toHaveAttribute('data-model', CHINESE_MODEL);

  // The model picker is styled as the app's other selects, not a bare 20-px control.
  expect((await page.getByTestId('classify-model-choice').boundingBox())!.height).toBeGreaterThanOrEqual(32);

  // The user picks the English model: the notice warns before anything runs.
  await page.getByTestId('classify-model-choice').selectOption(ENGLISH_MODEL);
  await expect(notice).toHaveAttribute('data-reason', 'chosen');
  await expect(notice).toHaveAttribute('data-mismatch', 'true');
  await expect(notice).toHaveAttribute('data-language', 'zh');
  await expect(notice).toContainText(ENGLISH_MODEL);
  await page.getByTestId('classify-run').click();
  await expect(page.getByTestId('classify-row')).toHaveCount(lines.length, { timeout: 200_000 });
  await expect(page.getByTestId('classify-ran-with')).toHaveAttribute('data-model', ENGLISH_MODEL);
  const english = await page.getByTestId('classify-row').evaluateAll((els) => els.map((el) => el.getAttribute('data-label')));
  for (const label of english) expect(['POSITIVE', 'NEGATIVE']).toContain(label);

  // "Use the Chinese model" from the notice: the next run uses it, and its labels are the stand-in's.
  await page.getByTestId('classify-language-use').click();
  await expect(page.getByTestId('classify-model')).toHaveAttribute('data-model', CHINESE_MODEL);
  await expect(notice).toHaveAttribute('data-mismatch', 'false');
  await page.getByTestId('classify-run').click();
  await expect(page.getByTestId('classify-ran-with')).toHaveAttribute('data-model', CHINESE_MODEL, { timeout: 200_000 });
  await expect(page.getByTestId('classify-row')).toHaveCount(lines.length, { timeout: 200_000 });
  const chinese = await page.getByTestId('classify-row').evaluateAll((els) => els.map((el) => el.getAttribute('data-label')));
  expect(chinese).toEqual(await standInLabels(page, lines));

  // The choice is remembered across a reload.
  await page.reload();
  await page.getByTestId('classify-input').fill(lines.join('\n'));
  await expect(page.getByTestId('classify-model-choice')).toHaveValue(CHINESE_MODEL);
});

test('Ask in Chinese: a Chinese knowledge base waits before embedding when no model covers Chinese; the notices say so before asking', async ({ page }) => {
  test.setTimeout(120_000);
  await openChinese(page, 'ask');
  const reviews = waimaiRows()
    .slice(0, 12)
    .map((row) => row.review);
  const job = page.getByTestId('kb-job');
  const addReviews = async () => {
    await page.getByTestId('kb-paste-add').click();
    await expect(job).toHaveAttribute('data-status', 'confirm', { timeout: 60_000 });
  };
  await page.locator('.kb-paste summary').click();
  await page.getByTestId('kb-paste-title').fill('外卖评价');
  await pasteInto(page, 'kb-paste', reviews.join('\n\n'));

  // Parsed, not embedded: the import stops at the language check, in Chinese, with the model it would use.
  await addReviews();
  const check = page.getByTestId('kb-import-language-notice');
  await expect(check).toHaveAttribute('data-mismatch', 'true');
  await expect(check).toHaveAttribute('data-language', 'zh');
  await expect(check).toHaveAttribute('data-model', 'tiny/minilm-embeddings');
  await expect(check).toContainText('中文');
  await expect(job).toContainText('外卖评价');
  await expect(page.getByTestId('kb-paste-add')).toBeDisabled();
  await expect(page.getByTestId('kb-passage-count')).toHaveAttribute('data-count', '0');
  // Declined: nothing stored, said so, and the form is usable again.
  await page.getByTestId('kb-import-decline').click();
  await expect(job).toHaveAttribute('data-status', 'cancelled');
  await expect(job).toContainText('未导入');
  await expect(page.getByTestId('kb-passage-count')).toHaveAttribute('data-count', '0');
  await expect(page.getByTestId('kb-document')).toHaveCount(0);
  // Imported anyway: embedded with the model the check named.
  await addReviews();
  await expect(page.getByTestId('kb-import-confirm')).toContainText('tiny/minilm-embeddings');
  await page.getByTestId('kb-import-confirm').click();
  await expect(job).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  await expect(page.getByTestId('kb-document')).toHaveCount(1);
  // The test library has no Chinese embeddings model: the notice says so, in Chinese, beside the knowledge base.
  const notice = page.getByTestId('kb-card').getByTestId('kb-language-notice');
  await expect(notice).toHaveAttribute('data-mismatch', 'true');
  await expect(notice).toHaveAttribute('data-language', 'zh');
  await expect(notice).toHaveAttribute('data-model', 'tiny/minilm-embeddings');
  await expect(notice).toContainText('中文');
  // The question too, before it is asked: the reading model is English-only.
  await page.getByTestId('ask-question').fill('送餐快不快？');
  const readerNotice = page.getByTestId('ask-language-notice');
  await expect(readerNotice).toHaveAttribute('data-mismatch', 'true');
  await expect(readerNotice).toHaveAttribute('data-model', 'tiny/distilbert-squad');
});

test('Write in Chinese: the built-in templates, their fields, the messages and the prompt are Chinese; English again keeps the values', async ({ page }) => {
  await openChinese(page, 'write');
  const select = page.getByTestId('write-template');
  await expect(select.locator('option[value="builtin:product-description"]')).toHaveText('产品描述');
  await expect(select.locator('option[value="builtin:support-reply"]')).toHaveText('客服回复');
  await select.selectOption('builtin:product-description');
  await expect(page.locator('label[for="write-var-features"]')).toContainText('主要功能');

  await page.getByTestId('write-generate').click();
  await expect(page.getByTestId('write-var-product-error')).toContainText('产品');
  await expect(page.getByTestId('write-missing')).toContainText('产品');
  await expect(page.getByTestId('write-missing')).not.toContainText(/Product|Key features/);

  await page.getByTestId('write-var-product').fill('小度音箱');
  await page.getByTestId('write-var-features').fill('降噪\n续航二十小时');
  await page.getByTestId('write-generate').click();
  // The prompt the model gets is the Chinese template filled in (shown under the draft).
  const prompt = page.getByTestId('write-prompt');
  await expect(prompt).toHaveCount(1);
  await expect(prompt).toContainText('产品：小度音箱');
  await expect(prompt).toContainText('- 降噪');
  await expect(prompt).toContainText('产品描述：');
  await expect(page.getByTestId('write-output')).toHaveAttribute('data-status', /done|stopped/, { timeout: 120_000 });

  // The same template in English, with what was typed still there.
  await page.getByTestId('lang-en').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(select.locator('option[value="builtin:product-description"]')).toHaveText('Product description');
  await expect(page.locator('label[for="write-var-features"]')).toContainText('Key features');
  await expect(page.getByTestId('write-var-product')).toHaveValue('小度音箱');
});

test('Settings in Chinese on an English browser: "follow the browser" names the browser’s language, English', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  await page.goto('/?preset=fixtures&backend=wasm#/settings');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.getByTestId('lang-zh-CN').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByTestId('language-select').locator('option[value="auto"]')).toHaveText('跟随浏览器（English）');
  // Choosing it does what it says.
  await page.getByTestId('language-select').selectOption('auto');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await context.close();
});
