/**
 * `client.answer(question)` without a context, over a scripted worker: retrieval over the knowledge
 * base's vectors, the QA model on the closest passages, and the decision from the span's score and
 * the passage's similarity together (the Ask app's code, src/content/asking.ts). The real models
 * answer in test/integration/knowledgeAnswer.test.ts and test/e2e/sdkAnswer.spec.ts.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/sdk/client';
import { workspaceKnowledgeBase } from '../../src/sdk/knowledgeAnswer';
import type { KnowledgeBaseContent, KnowledgeSource } from '../../src/sdk/types';
import { createRepositories } from '../../src/storage/repositories';
import { getWorkspace } from '../../src/storage/workspace';
import type { InferenceOperations } from '../../src/workers/inferenceProtocol';
import type { MainToWorker } from '../../src/workers/messages';
import { ScriptedWorker } from './support/scriptedWorker';

const ENVIRONMENT = { backend: 'wasm', webgpuAvailable: false, crossOriginIsolated: true, wasmThreads: 2 };

/** Passages on fixed 2-d directions; the question embeds as `question`. */
const KB: KnowledgeBaseContent = {
  embeddingModel: 'tiny/minilm-embeddings',
  passages: [
    {
      id: 'default/faq#0',
      docId: 'faq.csv',
      title: 'Refunds?',
      text: 'Refunds are processed within 14 days.',
      source: 'https://example.com/refunds',
      vector: [1, 0],
    },
    { id: 'default/faq#1', docId: 'faq.csv', text: 'Delivery takes 3 to 5 working days.', vector: [0.6, 0.8] },
    { id: 'default/faq#2', docId: 'faq.csv', text: 'Support is open from 9am to 5pm.', vector: [0, 1] },
  ],
};

interface Script {
  question: number[];
  /** The QA model's span and score for a passage, by a word it contains. */
  spans: Record<string, { answer: string; score: number }>;
}

function clientWith(script: Script, knowledgeBases: KnowledgeSource = async (id) => (id === 'default' ? KB : null)) {
  const workers: ScriptedWorker[] = [];
  const client = createClient({
    preset: 'fixtures',
    knowledgeBases,
    createWorker: () => {
      const worker = new ScriptedWorker((message: MainToWorker<InferenceOperations>, w) => {
        if (message.kind !== 'request') return;
        const reply = (result: unknown) => w.reply({ kind: 'result', id: message.id, result } as never);
        if (message.op === 'configure') reply(ENVIRONMENT);
        else if (message.op === 'load') reply({ modelId: message.params.model.id, backend: 'wasm', dtype: 'q8', loadMs: 1 });
        else if (message.op === 'embed') reply(message.params.texts.map(() => script.question));
        else if (message.op === 'answer') {
          const { context } = message.params;
          const hit = Object.entries(script.spans).find(([word]) => context.includes(word))?.[1] ?? { answer: '', score: 0 };
          const start = context.indexOf(hit.answer);
          reply({ answer: hit.answer, score: hit.score, start, end: start < 0 ? -1 : start + hit.answer.length });
        }
      });
      workers.push(worker);
      return worker;
    },
  });
  return { client, workers };
}

describe('client.answer(question) from a knowledge base', () => {
  it('answers with the span, its confidence and its source passage, embedding the question with the knowledge base model', async () => {
    const { client, workers } = clientWith({ question: [0.95, 0.31], spans: { Refunds: { answer: '14 days', score: 0.7 } } });
    const progress: number[] = [];
    const result = await client.answer('How long do refunds take?', { onProgress: (p) => progress.push(p.done) });
    expect(result).toMatchObject({
      kind: 'answer',
      answer: '14 days',
      confidence: 0.7,
      knowledgeBase: 'default',
      source: { id: 'default/faq#0', title: 'Refunds?', source: 'https://example.com/refunds', text: KB.passages[0]!.text },
    });
    expect(result.source?.text.slice(result.start, result.end)).toBe('14 days');
    expect(result.source?.similarity).toBeGreaterThan(0.9);
    const embed = workers[0]!.requests('embed')[0]!;
    expect(embed.params).toMatchObject({ model: { id: 'tiny/minilm-embeddings' }, texts: ['How long do refunds take?'] });
    // The three closest passages were read by the QA model, with progress per passage.
    expect(workers[0]!.requests('answer').map((m) => (m.params as { question: string }).question)).toEqual(Array(3).fill('How long do refunds take?'));
    expect(progress).toEqual([0, 1, 2, 3]);
  });

  it('says no answer when no passage is similar enough, however sure the QA model is of a span', async () => {
    // The question points away from every passage (similarity ≤ 0.31 < the 0.5 floor).
    const { client } = clientWith({ question: [-0.95, 0.31], spans: { Support: { answer: '9am to 5pm', score: 0.9 } } });
    const result = await client.answer('What is the capital of France?');
    expect(result).toMatchObject({ kind: 'no-answer', answer: null, source: null, confidence: 0 });
    expect(result.closest.map((p) => p.id)[0]).toBe('default/faq#2');
  });

  it('answers with the passage itself when it matches closely but no span is confident (the 0.88 COVID FAQ case)', async () => {
    const { client } = clientWith({ question: [0.88, -0.475], spans: { Refunds: { answer: 'processed', score: 0.05 } } });
    const result = await client.answer('Refund time?');
    expect(result.kind).toBe('passage');
    expect(result.answer).toBe(KB.passages[0]!.text);
    expect(result.confidence).toBeCloseTo(0.88, 2);
  });

  it('says no answer when the span is below the threshold and no passage is close enough', async () => {
    // Delivery alone, at 0.6 similarity: trusted for a span (≥ 0.5), not an answer by itself (< 0.8).
    const delivery: KnowledgeSource = async () => ({ ...KB, passages: [KB.passages[1]!] });
    const { client } = clientWith({ question: [1, 0], spans: { Delivery: { answer: '3 to 5 working days', score: 0.4 } } }, delivery);
    expect((await client.answer('Shipping?', { threshold: 0.5 })).kind).toBe('no-answer');
    expect(await client.answer('Shipping?', { threshold: 0.3 })).toMatchObject({ kind: 'answer', answer: '3 to 5 working days' });
  });

  it('asks a named knowledge base, and refuses a missing or unembedded one with a localized reason', async () => {
    const named: KnowledgeSource = async (id) => (id === 'team' ? KB : id === 'fresh' ? { passages: [{ id: 'x', text: 'no vector yet' }] } : null);
    const { client } = clientWith({ question: [1, 0], spans: { Refunds: { answer: '14 days', score: 0.7 } } }, named);
    expect(await client.answer('Refunds?', { knowledgeBase: 'team' })).toMatchObject({ kind: 'answer', knowledgeBase: 'team' });
    await expect(client.answer('Refunds?')).rejects.toMatchObject({ code: 'bad-input', localized: { key: 'kbNotFound', params: { id: 'default' } } });
    await expect(client.answer('Refunds?', { knowledgeBase: 'fresh' })).rejects.toMatchObject({ localized: { key: 'kbNotEmbedded' } });
  });

  it('still answers from a context when one is given', async () => {
    const { client, workers } = clientWith({ question: [1, 0], spans: { open: { answer: '9am', score: 0.8 } } });
    expect(await client.answer('When?', 'We are open from 9am.')).toEqual({ answer: '9am', score: 0.8, start: 17, end: 20 });
    expect(workers[0]!.requests('embed')).toHaveLength(0);
  });
});

describe('workspaceKnowledgeBase (the default source)', () => {
  it("reads the Ask app's knowledge base from this origin's workspace, and null when there is none", async () => {
    const { knowledgeBase } = createRepositories(getWorkspace());
    await knowledgeBase.put({ id: 'default', name: 'Knowledge base', embeddingModel: 'tiny/minilm-embeddings', documents: [], createdAt: 1, updatedAt: 1 });
    await knowledgeBase.putPassages([{ id: 'default/a#0', knowledgeBaseId: 'default', text: 'A passage.', vector: Float32Array.from([1, 0]) }]);
    const content = await workspaceKnowledgeBase('default');
    expect(content?.embeddingModel).toBe('tiny/minilm-embeddings');
    expect(content?.passages.map((p) => p.text)).toEqual(['A passage.']);
    expect(await workspaceKnowledgeBase('missing')).toBeNull();
  });
});
