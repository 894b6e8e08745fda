/**
 * `window.llmaos.answer(question)` without a context, on WASM with the tiny models: the COVID FAQ
 * imported as a knowledge base in Ask, then the SDK answers from it (retrieval, QA, and the same
 * decision as the Ask panel) with the answer, its confidence and its source passage, and says
 * "no answer" to an unrelated question.
 *
 * The tiny QA model's spans are near random, so the FAQ question is asked at threshold 0: the
 * passage similarity alone decides, and the span must come from a FAQ passage close to the question.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import Papa from 'papaparse';
import { openApp } from './support/app';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const FAQ = path.resolve(HERE, '../../../shared/datasets/covid_faq_deepset/faq_covidbert.csv');

function faqRows(): Array<{ question: string; answer: string }> {
  const parsed = Papa.parse<Record<string, string>>(readFileSync(FAQ, 'utf8'), { header: true, skipEmptyLines: 'greedy' });
  return parsed.data
    .map((row) => ({ question: (row.question ?? '').trim(), answer: (row.answer ?? '').replace(/\r\n?/g, '\n').trim() }))
    .filter((row) => row.question !== '' && row.answer !== '');
}

test('answer(question) without a context answers from the knowledge base built in Ask, with its source; an unrelated question gets no answer', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const rows = faqRows();
  await openApp(page, { route: 'ask' });
  await page.getByTestId('kb-import-input').setInputFiles(FAQ);
  await expect(page.getByTestId('kb-job')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });

  const asked = rows.find((row) => /spread/i.test(row.question))!;
  const found = await page.evaluate((question) => window.llmaos.answer(question, { threshold: 0 }), asked.question);
  expect(found.kind).toBe('answer');
  expect(found.knowledgeBase).toBe('default');
  expect(found.answer?.trim()).not.toBe('');
  expect(found.confidence).toBeGreaterThanOrEqual(0);
  expect(found.confidence).toBeLessThanOrEqual(1);
  // The source is a FAQ entry, similar enough to the question to trust, and the answer is its span.
  const source = found.source!;
  expect(
    rows.some((row) => row.question === source.title && row.answer.includes(source.text.trim())),
    source.text,
  ).toBe(true);
  expect(source.similarity).toBeGreaterThanOrEqual(0.5);
  expect(source.text.slice(found.start, found.end)).toBe(found.answer);
  expect(found.closest.length).toBeGreaterThan(0);

  const unrelated = await page.evaluate(() => window.llmaos.answer('Which football club won the 1998 league title in Scotland?'));
  expect(unrelated).toMatchObject({ kind: 'no-answer', answer: null, source: null, knowledgeBase: 'default' });
  // "No answer" still says what was closest, from the FAQ.
  for (const passage of unrelated.closest)
    expect(
      rows.some((row) => row.answer.includes(passage.text.trim())),
      passage.text,
    ).toBe(true);

  // A knowledge base that does not exist is refused with its reason, not answered.
  const missing = await page.evaluate(() =>
    window.llmaos.answer('Anything?', { knowledgeBase: 'nope' }).then(
      () => null,
      (error: { code?: string; localized?: { key: string } }) => ({ code: error.code, key: error.localized?.key }),
    ),
  );
  expect(missing).toEqual({ code: 'bad-input', key: 'kbNotFound' });
});
