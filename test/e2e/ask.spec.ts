/**
 * Ask end to end on WASM with the tiny MiniLM and DistilBERT-SQuAD models: the COVID FAQ (213
 * real entries) imported as a knowledge base, a question answered with its source passage (or
 * "no answer" with the closest passages), the knowledge base restored after a reload without
 * embedding anything again, and a question about a pasted text.
 *
 * The tiny QA model's spans are near random, so this checks the contract (an answer with its
 * confidence and a source from the FAQ, or no-answer with FAQ passages), not correctness.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import Papa from 'papaparse';
import { openApp } from './support/app';

// The package is ESM: no __dirname.
const HERE = path.dirname(fileURLToPath(import.meta.url));
const FAQ = path.resolve(HERE, '../../../shared/datasets/covid_faq_deepset/faq_covidbert.csv');

/** The FAQ's answers as the importer reads them (line breaks normalised), for "is this from the FAQ?". */
function faqAnswers(): string[] {
  const parsed = Papa.parse<Record<string, string>>(readFileSync(FAQ, 'utf8'), { header: true, skipEmptyLines: 'greedy' });
  return parsed.data.map((row) => (row.answer ?? '').replace(/\r\n?/g, '\n').trim()).filter((a) => a !== '');
}

function fromFaq(answers: readonly string[], passage: string): boolean {
  const text = passage.trim();
  return text !== '' && answers.some((answer) => answer.includes(text));
}

/** Counts the texts the app embeds, by wrapping the SDK the panels call (window.llmaos is it). */
async function countEmbeddings(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __embedded: number[] };
    w.__embedded = [];
    const original = window.llmaos.embed.bind(window.llmaos);
    window.llmaos.embed = (texts, options) => {
      w.__embedded.push(texts.length);
      return original(texts, options);
    };
  });
}
const embeddedSoFar = (page: Page) => page.evaluate(() => (window as unknown as { __embedded: number[] }).__embedded);

async function ask(page: Page, question: string): Promise<void> {
  await page.getByTestId('ask-question').fill(question);
  await page.getByTestId('ask-submit').click();
  await expect(page.getByTestId('ask-status')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
}

/** Sets the range input's value the way a user's drag does (one input event). */
async function setThreshold(page: Page, value: number): Promise<void> {
  await page.getByTestId('ask-threshold').evaluate((element, v) => {
    const input = element as HTMLInputElement;
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, String(v));
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }, value);
}

test('the COVID FAQ becomes a knowledge base; answers come with their source, and a reload embeds nothing again', async ({ page }) => {
  test.setTimeout(180_000);
  const answers = faqAnswers();
  expect(answers.length).toBe(213);
  await openApp(page, { route: 'ask' });
  await expect(page.getByTestId('kb-passage-count')).toHaveAttribute('data-count', '0');

  await page.getByTestId('kb-import-input').setInputFiles(FAQ);
  await expect(page.getByTestId('kb-embed-progress')).toBeVisible();
  await expect(page.getByTestId('kb-job')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  const passages = Number(await page.getByTestId('kb-passage-count').getAttribute('data-count'));
  // One passage per entry; long answers are split so they fit the models.
  expect(passages).toBeGreaterThanOrEqual(213);
  await expect(page.getByTestId('kb-job')).toHaveAttribute('data-embedded', String(passages));
  await expect(page.getByTestId('kb-document')).toHaveCount(1);

  // Threshold 0: whatever span the QA model likes best is shown, with confidence and source.
  await setThreshold(page, 0);
  await ask(page, 'How does the coronavirus spread between people?');
  await expect(page.getByTestId('ask-result')).toHaveAttribute('data-kind', 'answer');
  expect(((await page.getByTestId('ask-answer').textContent()) ?? '').trim()).not.toBe('');
  await expect(page.getByTestId('ask-confidence')).toContainText('%');
  const source = page.getByTestId('ask-source');
  const sourceText = (await source.locator('.passage-text').textContent()) ?? '';
  expect(fromFaq(answers, sourceText), sourceText).toBe(true);
  await expect(source.getByTestId('ask-highlight')).toHaveCount(1);

  // Threshold 100%: the same outputs are now "no answer", with the closest FAQ passages instead.
  await setThreshold(page, 1);
  await expect(page.getByTestId('ask-result')).toHaveAttribute('data-kind', 'no-answer');
  await expect(page.getByTestId('ask-no-answer')).toBeVisible();
  const closest = page.getByTestId('ask-closest-passage');
  expect(await closest.count()).toBeGreaterThan(0);
  for (const text of await closest.locator('.passage-text').allTextContents()) expect(fromFaq(answers, text), text).toBe(true);
  await expect(page.getByTestId('ask-best-guess').getByTestId('ask-confidence')).toContainText('%');

  // After a reload the knowledge base comes back from IndexedDB: same passages, no embedding
  // but the question's own (one text), and re-importing the same file embeds nothing.
  await page.reload();
  await expect(page.getByTestId('kb-passage-count')).toHaveAttribute('data-count', String(passages));
  await countEmbeddings(page);
  await ask(page, 'Should I wear a mask?');
  await expect(page.getByTestId('ask-result')).toBeVisible();
  await expect(page.getByTestId('kb-embed-progress')).toHaveCount(0);
  expect(await embeddedSoFar(page)).toEqual([1]);

  await page.getByTestId('kb-import-input').setInputFiles(FAQ);
  await expect(page.getByTestId('kb-job')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await expect(page.getByTestId('kb-job')).toHaveAttribute('data-embedded', '0');
  await expect(page.getByTestId('kb-job')).toHaveAttribute('data-reused', String(passages));
  expect(await embeddedSoFar(page)).toEqual([1]);
  await expect(page.getByTestId('kb-passage-count')).toHaveAttribute('data-count', String(passages));
});

test('a pasted text can be asked without a knowledge base', async ({ page }) => {
  await openApp(page, { route: 'ask' });
  await page.getByTestId('ask-mode-context').check();
  const context = 'Our support team is available from 9am to 5pm on weekdays. Refunds are processed within 14 days of the return.';
  await page.getByTestId('ask-context').fill(context);
  await setThreshold(page, 0);
  await ask(page, 'When is the support team available?');
  await expect(page.getByTestId('ask-result')).toHaveAttribute('data-kind', 'answer');
  expect(((await page.getByTestId('ask-answer').textContent()) ?? '').trim()).not.toBe('');
  await expect(page.getByTestId('ask-source')).toContainText('Refunds are processed');
  await expect(page.getByTestId('ask-confidence')).toContainText('%');
});

test('a passage that matches the question closely is the answer even when no span is confident', async ({ page }) => {
  await openApp(page, { route: 'ask' });
  // The passage is the question's own words (embedded with its title): near 100 % similar whatever the model.
  const question = 'How long do refunds take after a return?';
  await page.locator('.kb-paste summary').click();
  await page.getByTestId('kb-paste-title').fill('Refunds');
  await page.getByTestId('kb-paste').fill(question);
  await page.getByTestId('kb-paste-add').click();
  await expect(page.getByTestId('kb-job')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  // No span can reach 100 %: the passage itself is shown as the answer, not "no answer".
  await setThreshold(page, 1);
  await ask(page, question);
  await expect(page.getByTestId('ask-result')).toHaveAttribute('data-kind', 'passage');
  const shown = (await page.getByTestId('ask-passage-answer').textContent()) ?? '';
  expect(Number(/(\d+(?:\.\d+)?)\s*%/.exec(shown)?.[1]), shown).toBeGreaterThanOrEqual(80);
  await expect(page.getByTestId('ask-source').locator('.passage-text')).toHaveText(question);
  await expect(page.getByTestId('ask-no-answer')).toHaveCount(0);
});
