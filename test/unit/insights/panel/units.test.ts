import { describe, expect, it } from 'vitest';
import { chunkBudget, planSentimentUnits } from '../../../../src/panels/insights/logic/units';

/** A stand-in tokenizer: one token per word plus [CLS] and [SEP]. */
const countWords = async (texts: string[]) => texts.map((text) => text.split(/\s+/).filter(Boolean).length + 2);

describe('planSentimentUnits', () => {
  it('keeps rows within the window as one unit each, without asking the tokenizer', async () => {
    let calls = 0;
    const plan = await planSentimentUnits(['short one', 'another short'], {
      maxTokens: 512,
      countTokens: async (texts) => {
        calls++;
        return countWords(texts);
      },
    });
    expect(calls).toBe(0);
    expect(plan.units).toEqual([
      { row: 0, text: 'short one' },
      { row: 1, text: 'another short' },
    ]);
    expect(plan.chunkedRows).toEqual([]);
  });

  it('splits a row over the window into pieces that fit, keeping every word', async () => {
    const sentence = 'The battery drains far too fast when the screen is on.';
    const long = Array.from({ length: 40 }, () => sentence).join(' '); // 440 words
    const plan = await planSentimentUnits(['fine', long, 'also fine'], { maxTokens: 64, countTokens: countWords });
    expect(plan.chunkedRows).toEqual([1]);
    const pieces = plan.units.filter((unit) => unit.row === 1);
    expect(pieces.length).toBeGreaterThan(6);
    for (const piece of pieces) expect((await countWords([piece.text]))[0]).toBeLessThanOrEqual(64);
    expect(
      pieces
        .map((p) => p.text)
        .join(' ')
        .split(/\s+/),
    ).toEqual(long.split(/\s+/));
    expect(plan.units[0]).toEqual({ row: 0, text: 'fine' });
    expect(plan.units.at(-1)).toEqual({ row: 2, text: 'also fine' });
    expect(plan.overLimitRows).toEqual([]);
  });

  it('re-splits pieces the tokenizer finds denser than the estimate', async () => {
    // Tokenizer that sees every character as a token: far denser than approxTokens assumes.
    const perChar = async (texts: string[]) => texts.map((text) => text.length + 2);
    const long = 'abcdefghij '.repeat(100); // 1100 characters
    const plan = await planSentimentUnits([long], { maxTokens: 100, countTokens: perChar });
    const counts = await perChar(plan.units.map((u) => u.text));
    expect(Math.max(...counts)).toBeLessThanOrEqual(100);
    expect(plan.chunkedRows).toEqual([0]);
  });

  it("chunkBudget scales the estimate by the row's real token density", () => {
    const text = 'word '.repeat(400); // approxTokens ≈ 500
    expect(chunkBudget(text, 502, 512)).toBeLessThan(512);
    expect(chunkBudget(text, 1002, 512)).toBeLessThan(chunkBudget(text, 502, 512));
  });
});
