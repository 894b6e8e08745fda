import { describe, expect, it } from 'vitest';
import { askContext, askKnowledgeBase, contextParts, READ, RETRIEVE, type AnswerFn } from '../../../src/panels/ask/asking';
import { buildIndex } from '../../../src/panels/ask/knowledgeBase';
import type { PassageRecord } from '../../../src/storage/workspace';
import { WorkbenchError, isCancelled } from '../../../src/core';

/** Passages on fixed 2-d directions: the question [1, 0] is closest to "refund" then "delivery". */
const records: PassageRecord[] = [
  {
    id: 'kb/refund',
    knowledgeBaseId: 'kb',
    docId: 'faq.csv',
    title: 'Refunds?',
    text: 'Refunds are processed within 14 days of the return.',
    vector: Float32Array.from([1, 0]),
  },
  { id: 'kb/delivery', knowledgeBaseId: 'kb', docId: 'faq.csv', text: 'Delivery takes 3 to 5 working days.', vector: Float32Array.from([0.8, 0.6]) },
  { id: 'kb/hours', knowledgeBaseId: 'kb', docId: 'faq.csv', text: 'Support is open from 9am to 5pm.', vector: Float32Array.from([0, 1]) },
  { id: 'kb/away', knowledgeBaseId: 'kb', docId: 'faq.csv', text: 'Unrelated.', vector: Float32Array.from([-1, 0]) },
];
const index = buildIndex(records);
const embed = async () => [[1, 0]];

/** An uncased extractive model: returns the given span lower-cased with spaced punctuation. */
function reader(spans: Record<string, { answer: string; score: number }>): { answer: AnswerFn; contexts: string[] } {
  const contexts: string[] = [];
  const answer: AnswerFn = async (_question, context, options) => {
    if (options.signal?.aborted) throw new WorkbenchError('cancelled', 'Cancelled.');
    contexts.push(context);
    const hit = Object.entries(spans).find(([key]) => context.includes(key));
    const span = hit?.[1] ?? { answer: context.split(' ')[0]!, score: 0.01 };
    return { ...span, start: -1, end: -1 };
  };
  return { answer, contexts };
}

describe('askKnowledgeBase', () => {
  it('reads the most similar passages and answers from the most confident one, with its exact span', async () => {
    const { answer, contexts } = reader({
      'within 14 days': { answer: 'within 14 days', score: 0.7 },
      Delivery: { answer: '3 to 5 working days', score: 0.4 },
    });
    const result = await askKnowledgeBase('How long do refunds take?', index, { embed, answer }, { threshold: 0.25 });
    expect(result.ranked.map((p) => p.id)).toEqual(['kb/refund', 'kb/delivery', 'kb/hours', 'kb/away']);
    expect(result.ranked.length).toBeLessThanOrEqual(RETRIEVE);
    expect(contexts).toHaveLength(READ);
    expect(result.pick.kind).toBe('answer');
    if (result.pick.kind !== 'answer') return;
    expect(result.pick.source).toMatchObject({ id: 'kb/refund', title: 'Refunds?' });
    const { start, end, answer: text } = result.pick.best;
    expect(records[0]!.text.slice(start, end)).toBe('within 14 days');
    expect(text).toBe('within 14 days');
  });

  it('with no confident span, a passage as similar as the question itself is the answer', async () => {
    const { answer } = reader({});
    const result = await askKnowledgeBase('How long do refunds take?', index, { embed, answer }, { threshold: 0.5 });
    expect(result.pick).toMatchObject({ kind: 'passage', source: { id: 'kb/refund', score: 1 } });
  });

  it('says "no answer" when neither a span nor a passage is close enough, and offers the closest passages instead', async () => {
    const { answer } = reader({ Unrelated: { answer: 'Unrelated', score: 0.9 } });
    // Every passage under 0.5 similarity: none answers by itself, and the confident span in "away" (-0.2) is not trusted.
    const farEmbed = async () => [[0.2, -0.98]];
    const result = await askKnowledgeBase('Anything?', index, { embed: farEmbed, answer }, { threshold: 0.5 });
    expect(result.pick.kind).toBe('no-answer');
    if (result.pick.kind !== 'no-answer') return;
    expect(result.pick.closest.map((p) => p.id)).toEqual(['kb/refund', 'kb/away', 'kb/delivery']);
    expect(result.pick.bestGuess).toMatchObject({ answer: 'Unrelated', score: 0.9 });
  });

  it('rejects an empty question or knowledge base, and stops when cancelled', async () => {
    const { answer } = reader({});
    await expect(askKnowledgeBase(' ', index, { embed, answer })).rejects.toMatchObject({ code: 'bad-input' });
    await expect(askKnowledgeBase('Q?', buildIndex([]), { embed, answer })).rejects.toMatchObject({ code: 'bad-input' });
    const controller = new AbortController();
    controller.abort();
    expect(isCancelled(await askKnowledgeBase('Q?', index, { embed, answer }, { signal: controller.signal }).catch((e: unknown) => e))).toBe(true);
  });
});

describe('askContext', () => {
  it('answers from a short pasted text in one read', async () => {
    const { answer, contexts } = reader({ '9am': { answer: '9am to 5pm', score: 0.9 } });
    const context = 'Support is open from 9am to 5pm. Refunds take 14 days.';
    const result = await askContext('When is support open?', context, { answer });
    expect(contexts).toEqual([context]);
    expect(result.pick.kind === 'answer' && result.pick.best.answer).toBe('9am to 5pm');
  });

  it('reads a long text part by part, so nothing is cut off', async () => {
    const filler = Array.from({ length: 80 }, (_, i) => `Paragraph ${i} is about something else entirely, nothing to see.`).join('\n\n');
    const context = `${filler}\n\nThe warranty lasts two years.`;
    const parts = contextParts(context);
    expect(parts.length).toBeGreaterThan(3);
    const { answer, contexts } = reader({ warranty: { answer: 'two years', score: 0.8 } });
    const progress: number[] = [];
    const result = await askContext('How long is the warranty?', context, { answer }, { onProgress: (p) => progress.push(p.done) });
    expect(contexts).toHaveLength(parts.length);
    expect(progress.at(-1)).toBe(parts.length);
    expect(result.pick.kind === 'answer' && result.pick.best.answer).toBe('two years');
    // Without retrieval, "closest" means the parts the model was most confident about.
    expect(result.ranked[0]!.text).toContain('warranty');
  });
});
