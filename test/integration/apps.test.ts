/**
 * The three example apps run by the app runner on the real engine (onnxruntime-node, the tiny
 * models) and real data from ../shared/datasets: Alexa reviews triaged and replied to, a review
 * column grouped into themes and summarized per theme, COVID FAQ questions answered with sources.
 * The client here is the engine answering the SDK's calls directly (no worker in Node).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_APPS, runApp, type AppClient, type AppStepProgress } from '../../src/apps';
import { packVectors } from '../../src/content/vectorSearch';
import { parseFaqCsv } from '../../src/content/passages';
import { FIXTURE_MODELS, toModelRef } from '../../src/models/catalog';
import type { Answer, Classification, Task } from '../../src/core';
import { createNodeEngine, NODE_CONFIG, send, sharedModelsAvailable } from '../support/nodeEngine';

const engine = createNodeEngine();
const DATASETS = resolve(__dirname, '../../../shared/datasets');
const [triage, digest, faq] = BUILTIN_APPS as [(typeof BUILTIN_APPS)[number], (typeof BUILTIN_APPS)[number], (typeof BUILTIN_APPS)[number]];

function fixture(task: Task) {
  const model = FIXTURE_MODELS.find((m) => m.task === task);
  if (!model) throw new Error(`no fixture model for ${task}`);
  return toModelRef(model, 'cpu');
}

const client: AppClient = {
  classify: async (texts) => (await send(engine, 'classify', { model: fixture('sentiment'), texts }).outcome()) as Classification[],
  embed: async (texts) => (await send(engine, 'embed', { model: fixture('embeddings'), texts }).outcome()) as number[][],
  summarize: async (text, options) =>
    (
      (await send(engine, 'summarize', { model: fixture('summarization'), text, options: { maxNewTokens: options?.maxNewTokens } }).outcome()) as {
        text: string;
      }
    ).text,
  generate: (prompt, options) => ({
    result: send(engine, 'generate', { model: fixture('generation'), prompt, options: { maxNewTokens: options?.maxNewTokens ?? 20 } }).outcome() as Promise<{
      text: string;
    }>,
  }),
  answer: async (question, context) => (await send(engine, 'answer', { model: fixture('question-answering'), question, context }).outcome()) as Answer,
};

/** Alexa review texts (column verified_reviews) of 10–300 characters, in file order; `stars` keeps only those ratings. */
function alexaReviews(count: number, stars?: readonly number[]): string[] {
  const [header, ...lines] = readFileSync(resolve(DATASETS, 'amazon_alexa_reviews/amazon_alexa.tsv'), 'utf8')
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/);
  const columns = header!.split('\t');
  const text = columns.indexOf('verified_reviews');
  const rating = columns.indexOf('rating');
  return lines
    .map((line) => line.split('\t'))
    .filter((cells) => stars === undefined || stars.includes(Number(cells[rating])))
    .map((cells) => cells[text]?.trim() ?? '')
    .filter((review) => review.length > 10 && review.length < 300)
    .slice(0, count);
}

beforeAll(async () => {
  if (!sharedModelsAvailable()) throw new Error('../shared/models/tiny is missing: the integration tests need it');
  await send(engine, 'configure', NODE_CONFIG).outcome();
});

describe('example apps on real models and data', () => {
  it('Support triage: classifies 30 Alexa reviews (1 and 5 stars), drafts a reply for each negative one', async () => {
    const tickets = [...alexaReviews(15, [1]), ...alexaReviews(15, [5])];
    const progress: AppStepProgress[] = [];
    const result = await runApp(triage, { tickets }, { client }, { onProgress: (p) => progress.push(p) });
    const sentiment = result.steps[0]!.value;
    const replies = result.steps[2]!.value;
    if (sentiment.kind !== 'items' || replies.kind !== 'items') throw new Error('unexpected kinds');
    expect(sentiment.items).toHaveLength(30);
    const negatives = sentiment.items.filter((item) => item.label?.toLowerCase() === 'negative');
    expect(replies.items.map((item) => item.text)).toEqual(negatives.map((item) => item.text));
    for (const item of replies.items) expect(typeof item.output).toBe('string');
    expect(progress.filter((p) => p.status === 'done').map((p) => p.stepId)).toEqual(['sentiment', 'negative', 'replies', 'mix']);
    const mix = result.steps[3]!.value;
    expect(mix.kind === 'counts' && mix.counts.reduce((sum, entry) => sum + entry.count, 0)).toBe(30);

    // The tiny sentiment model may call none of them negative; the same app filtering by keywords
    // makes the reply step draft on the real generation model, one draft per kept ticket.
    const byKeyword = {
      ...triage,
      steps: triage.steps.map((step) => (step.op === 'filter' ? { id: step.id, op: step.op, from: step.from, keywords: ['not', 'stopped'] } : step)),
    };
    const drafted = (await runApp(byKeyword, { tickets }, { client })).steps[2]!.value;
    if (drafted.kind !== 'items') throw new Error('unexpected kind');
    expect(drafted.items.length).toBeGreaterThan(0);
    for (const item of drafted.items) {
      expect(item.text).toMatch(/not|stopped/i);
      expect(item.output!.length).toBeGreaterThan(0);
    }
  });

  it('Weekly review digest: themes of 24 reviews, a summary per theme, a Markdown report', async () => {
    const result = await runApp(digest, { reviews: alexaReviews(24) }, { client });
    const summaries = result.steps[1]!.value;
    if (summaries.kind !== 'groups') throw new Error('unexpected kind');
    expect(summaries.groups.reduce((sum, group) => sum + group.items.length, 0)).toBe(24);
    expect(summaries.groups.length).toBeGreaterThan(1);
    for (const group of summaries.groups) expect(typeof group.summary).toBe('string');
    const report = result.outputs.find((output) => output.kind === 'markdown');
    expect(report?.kind === 'markdown' && report.markdown).toMatch(/^# Weekly review digest\n/);
    expect(report?.kind === 'markdown' && (report.markdown.match(/^## /gm) ?? []).length).toBe(summaries.groups.length);
  });

  it('FAQ bot: answers COVID questions from the FAQ with sources, and is cancelled mid-way', async () => {
    const passages = parseFaqCsv(readFileSync(resolve(DATASETS, 'covid_faq_deepset/faq_covidbert.csv'), 'utf8'), {
      docId: 'faq.csv',
      maxTokens: 200,
    }).passages.slice(0, 40);
    const vectors = await client.embed(passages.map((passage) => passage.text));
    const index = {
      name: 'COVID FAQ',
      passages: passages.map((p) => ({ id: p.id, text: p.text, ...(p.title ? { title: p.title } : {}) })),
      matrix: packVectors(vectors),
    };
    const questions = ['How does the virus spread?', 'What are the symptoms of COVID-19?', 'Can pets catch it?'];
    const result = await runApp(faq, { questions }, { client, knowledgeBase: async () => index });
    const answers = result.steps[0]!.value;
    if (answers.kind !== 'items') throw new Error('unexpected kind');
    expect(answers.items.map((item) => item.text)).toEqual(questions);
    for (const item of answers.items) {
      expect(['answer', 'passage', 'no-answer']).toContain(item.label);
      if (item.label !== 'no-answer') expect(passages.some((p) => p.text === item.source || p.title === item.source)).toBe(true);
    }

    const controller = new AbortController();
    const stopped = runApp(
      faq,
      { questions },
      { client, knowledgeBase: async () => index },
      {
        signal: controller.signal,
        onProgress: (p) => {
          if (p.done === 1) controller.abort();
        },
      },
    );
    await expect(stopped).rejects.toMatchObject({ code: 'cancelled' });
  });
});
