/**
 * The content apps' runners on the real engine (onnxruntime-node, tiny models): a support dialog
 * longer than the T5 window summarised in parts and combined, and a FAQ knowledge base embedded,
 * stored, searched and answered, through the same code the panels run.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseFaqCsv } from '../../src/content/passages';
import { FIXTURE_MODELS, toModelRef } from '../../src/models/catalog';
import { askKnowledgeBase } from '../../src/panels/ask/asking';
import { DEFAULT_KB_ID, buildIndex, importDocument } from '../../src/panels/ask/knowledgeBase';
import { normalizeConversation } from '../../src/panels/summarize/importText';
import { runSummaryJob, type StepUpdate, type SummarizerClient } from '../../src/panels/summarize/summaryJob';
import { createRepositories } from '../../src/storage/repositories';
import { Workspace } from '../../src/storage/workspace';
import type { Answer, Task } from '../../src/core';
import type { TextChunk } from '../../src/content/chunking';
import { createNodeEngine, NODE_CONFIG, send, sharedModelsAvailable } from '../support/nodeEngine';

const engine = createNodeEngine();
const DATASETS = resolve(__dirname, '../../../shared/datasets');

function fixture(task: Task) {
  const model = FIXTURE_MODELS.find((m) => m.task === task);
  if (!model) throw new Error(`no fixture model for ${task}`);
  return toModelRef(model, 'cpu');
}

/** The SDK calls the summary runner makes, answered by the engine directly. */
const summarizer: SummarizerClient & { inputs: string[] } = {
  inputs: [],
  async chunk(text) {
    return (await send(engine, 'chunk', { model: fixture('summarization'), text }).outcome()) as { chunks: TextChunk[]; maxInputTokens: number };
  },
  async countTokens(texts) {
    return (await send(engine, 'tokenize', { model: fixture('summarization'), texts }).outcome()) as { counts: number[]; maxInputTokens: number };
  },
  async summarize(text, options) {
    this.inputs.push(text);
    const run = send(engine, 'summarize', {
      model: fixture('summarization'),
      text,
      options: { maxNewTokens: options.maxNewTokens, minNewTokens: options.minNewTokens },
    });
    const result = (await run.outcome()) as { text: string };
    for (const token of run.tokens()) options.onToken?.(token);
    return result.text;
  },
};

beforeAll(async () => {
  if (!sharedModelsAvailable()) throw new Error('../shared/models/tiny is missing: the integration tests need it');
  await send(engine, 'configure', NODE_CONFIG).outcome();
});

describe('Summarize', () => {
  it('summarises a TweetSumm dialog longer than the window in parts, then combines them', async () => {
    const dialogs = readFileSync(resolve(DATASETS, 'tweetsumm_customer_support/tweetsumm_train_valid.jsonl'), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => normalizeConversation((JSON.parse(line) as { text: string }).text));
    const longest = dialogs.sort((a, b) => b.length - a.length)[0]!;
    const updates: StepUpdate[] = [];
    const result = await runSummaryJob(summarizer, longest, { preset: 'short', onStep: (u) => updates.push(u) });

    expect(result.inputTokens).toBeGreaterThan(result.window);
    expect(result.chunks.length).toBeGreaterThan(1);
    expect(result.plan.levels.length).toBeGreaterThan(1);
    expect(result.summary.trim().length).toBeGreaterThan(0);
    // Every input the model got fits its window, counted by its own tokenizer with the prefix.
    const { counts } = await summarizer.countTokens(
      summarizer.inputs.map((text) => `summarize: ${text}`),
      {},
    );
    for (const count of counts) expect(count).toBeLessThanOrEqual(result.window);
    // Each part streamed and finished.
    for (let i = 0; i < result.chunks.length; i++) {
      expect(updates.filter((u) => u.level === 0 && u.index === i).at(-1)?.state).toBe('done');
    }
  });
});

describe('Ask', () => {
  it('embeds FAQ passages into the workspace and answers a question with a source, or says no answer', async () => {
    const workspace = new Workspace({ idbFactory: new IDBFactory(), locks: null });
    const csv = readFileSync(resolve(DATASETS, 'covid_faq_deepset/faq_covidbert.csv'), 'utf8');
    const passages = parseFaqCsv(csv, { docId: 'faq.csv', maxTokens: 200 }).passages.slice(0, 40);
    const embed = async (texts: string[]) => (await send(engine, 'embed', { model: fixture('embeddings'), texts }).outcome()) as number[][];
    const answer = async (question: string, context: string) =>
      (await send(engine, 'answer', { model: fixture('question-answering'), question, context }).outcome()) as Answer;

    const imported = await importDocument({
      knowledgeBase: createRepositories(workspace).knowledgeBase,
      kbId: DEFAULT_KB_ID,
      embeddingModel: 'tiny/minilm-embeddings',
      document: { id: 'faq.csv', name: 'faq.csv', format: 'faq' },
      passages,
      embed,
    });
    expect(imported).toMatchObject({ passages: 40, embedded: 40 });
    const index = buildIndex(await workspace.getAllByIndex('passages', 'byKnowledgeBase', DEFAULT_KB_ID));
    expect(index.matrix).toMatchObject({ count: 40, dim: 64 });

    const result = await askKnowledgeBase('How does the virus spread?', index, { embed, answer }, { threshold: 0 });
    expect(result.ranked.length).toBeGreaterThan(0);
    const pick = result.pick;
    expect(pick.kind).toBe('answer');
    if (pick.kind === 'answer') {
      const source = passages.find((p) => `${DEFAULT_KB_ID}/${p.id}` === pick.source.id);
      expect(source?.text).toBe(pick.source.text);
    }
    const strict = await askKnowledgeBase('How does the virus spread?', index, { embed, answer }, { threshold: 1 });
    expect(strict.pick.kind).toBe('no-answer');
  });
});
