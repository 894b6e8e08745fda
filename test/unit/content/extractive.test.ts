import { describe, expect, it } from 'vitest';
import { extractiveSummary, joinSentences, summarySentences } from '../../../src/content/extractive';

const CHINESE =
  '这家店的外卖送餐速度太慢了，等了一个多小时。饭菜送到的时候都凉了！味道其实还不错，分量也足。' +
  '送餐速度太慢，等了一个多小时才送到。客服态度很好，主动道歉并且退了配送费；包装也很严实。下次还会再点吗？可能不会了。';
const ENGLISH =
  'The delivery was very late and the food arrived cold. The taste was actually good and the portions were large. ' +
  'Delivery was very late, the food arrived cold again! Support apologised and refunded the delivery fee. Will I order again? Probably not.';

const chars = (text: string) => [...text].length;

describe('summarySentences', () => {
  it('splits at 。！？； and western punctuation', () => {
    expect(summarySentences('太慢了。好吃！还会点吗？包装很好；谢谢 Great food. Late!')).toEqual([
      '太慢了。',
      '好吃！',
      '还会点吗？',
      '包装很好；',
      '谢谢 Great food.',
      'Late!',
    ]);
  });
  it('joins Chinese sentences without spaces and English ones with a space', () => {
    expect(joinSentences(['太慢了。', '好吃！'])).toBe('太慢了。好吃！');
    expect(joinSentences(['Too slow.', 'Tasty!'])).toBe('Too slow. Tasty!');
  });
});

for (const [language, text] of [
  ['Chinese', CHINESE],
  ['English', ENGLISH],
] as const) {
  describe(`extractiveSummary (${language})`, () => {
    it('returns sentences of the text, in their original order, without duplicates', async () => {
      const all = summarySentences(text);
      const summary = await extractiveSummary(text, { maxSentences: 3 });
      expect(summary.sentences.length).toBe(3);
      expect(summary.total).toBe(all.length);
      const indices = summary.sentences.map((s) => s.index);
      expect(indices).toEqual([...indices].sort((a, b) => a - b));
      for (const sentence of summary.sentences) expect(all[sentence.index]).toBe(sentence.text);
      expect(new Set(summary.sentences.map((s) => s.text)).size).toBe(summary.sentences.length);
      // The late-delivery complaint is said twice in near-identical words; MMR quotes it once.
      const late = summary.sentences.filter((s) => /慢|late/i.test(s.text));
      expect(late.length).toBe(1);
      if (language === 'Chinese') expect(summary.text).toMatch(/^[\p{Script=Han}，。！？；、]+$/u);
    });

    it('keeps to a length in sentences or in characters, never cutting a sentence', async () => {
      expect((await extractiveSummary(text, { maxSentences: 1 })).sentences).toHaveLength(1);
      const budget = language === 'Chinese' ? 40 : 120;
      const short = await extractiveSummary(text, { maxSentences: 10, maxChars: budget });
      expect(chars(short.text)).toBeLessThanOrEqual(budget);
      expect(short.sentences.length).toBeGreaterThan(0);
      for (const sentence of short.sentences) expect(text).toContain(sentence.text);
      const tiny = await extractiveSummary(text, { maxChars: 3 });
      expect(tiny.overBudget).toBe(true);
      expect(tiny.sentences).toHaveLength(1);
    });
  });
}

describe('extractiveSummary with injected embeddings', () => {
  it('uses the vectors it is given: the sentence nearest the others is the most central', async () => {
    const text = '甲方案很好。乙方案也很好。丙完全无关。';
    const vectors: Record<string, number[]> = { '甲方案很好。': [1, 0.1], '乙方案也很好。': [1, 0], '丙完全无关。': [0, 1] };
    let calls = 0;
    const summary = await extractiveSummary(text, {
      maxSentences: 1,
      embed: async (sentences) => {
        calls++;
        return sentences.map((s) => vectors[s]!);
      },
    });
    expect(calls).toBe(1);
    expect(summary.text).toBe('甲方案很好。');
  });

  it('counts a repeated sentence once and stops on abort', async () => {
    const summary = await extractiveSummary('好吃。好吃。好吃！', { maxSentences: 3 });
    expect(summary.sentences).toHaveLength(1);
    const controller = new AbortController();
    controller.abort();
    await expect(extractiveSummary(CHINESE, { signal: controller.signal })).rejects.toBeDefined();
  });

  it('returns an empty summary for text without sentences', async () => {
    expect((await extractiveSummary('  。！ ')).text).toBe('');
  });
});
