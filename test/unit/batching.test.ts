import { describe, expect, it } from 'vitest';
import { padBatch, tokenBudgetBatches } from '../../src/workers/batching';
import { bestLabels, meanPooledUnitVectors } from '../../src/workers/encoderOutputs';

describe('tokenBudgetBatches', () => {
  it('sorts rows by token count and covers every index exactly once', () => {
    const lengths = [30, 2, 8, 1, 18];
    const batches = tokenBudgetBatches(lengths, { maxRows: 2, maxTokens: 1000 });
    expect(batches).toEqual([[3, 1], [2, 4], [0]]);
    expect(batches.flat().sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it('fills a batch with short rows up to the token budget, and takes long rows a few at a time', () => {
    const lengths = [...Array.from({ length: 10 }, () => 4), 50, 50, 50];
    const batches = tokenBudgetBatches(lengths, { maxRows: 64, maxTokens: 100 });
    // Ten 4-token rows pad to 40 tokens; the next row would make 11 × 50 = 550 > 100.
    expect(batches).toEqual([[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [10, 11], [12]]);
    for (const batch of batches) {
      const padded = batch.length * Math.max(...batch.map((i) => lengths[i]!));
      expect(padded <= 100 || batch.length === 1).toBe(true);
    }
  });

  it('puts a row longer than the budget in a batch of its own, and handles empty input', () => {
    expect(tokenBudgetBatches([5, 500, 5], { maxRows: 8, maxTokens: 100 })).toEqual([[0, 2], [1]]);
    expect(tokenBudgetBatches([], { maxRows: 4, maxTokens: 100 })).toEqual([]);
  });

  it('keeps input order among rows of equal length', () => {
    expect(tokenBudgetBatches([3, 3, 3], { maxRows: 8, maxTokens: 100 })).toEqual([[0, 1, 2]]);
  });
});

describe('padBatch', () => {
  const tokenized = {
    inputIds: [
      [101, 7, 102],
      [101, 102],
      [101, 5, 6, 102],
    ],
    tokenTypeIds: [
      [0, 0, 0],
      [0, 0],
      [0, 1, 1, 1],
    ],
  };

  it('pads the chosen rows to the longest of them on the right, with a mask', () => {
    const batch = padBatch(tokenized, [1, 0], 0);
    expect([batch.rows, batch.width]).toEqual([2, 3]);
    expect(Array.from(batch.inputIds, Number)).toEqual([101, 102, 0, 101, 7, 102]);
    expect(Array.from(batch.attentionMask, Number)).toEqual([1, 1, 0, 1, 1, 1]);
    expect(Array.from(batch.tokenTypeIds!, Number)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('pads on the left when the tokenizer does, and omits token types it did not produce', () => {
    const batch = padBatch({ inputIds: tokenized.inputIds }, [1, 2], 9, 'left');
    expect(Array.from(batch.inputIds, Number)).toEqual([9, 9, 101, 102, 101, 5, 6, 102]);
    expect(Array.from(batch.attentionMask, Number)).toEqual([0, 0, 1, 1, 1, 1, 1, 1]);
    expect(batch.tokenTypeIds).toBeUndefined();
  });
});

describe('bestLabels', () => {
  it('picks the highest logit per row and scores it with a softmax over the row', () => {
    const labels = bestLabels([0, Math.log(3), 2, 2], 2, { 0: 'NEGATIVE', 1: 'POSITIVE' });
    expect(labels[0]!.label).toBe('POSITIVE');
    expect(labels[0]!.score).toBeCloseTo(0.75, 10); // e^ln3 / (e^0 + e^ln3)
    expect(labels[1]).toEqual({ label: 'NEGATIVE', score: 0.5 }); // a tie goes to the first class
  });

  it('uses a sigmoid per class for multi-label models and names unlabeled classes LABEL_i', () => {
    const [only] = bestLabels([-1, 0, 1], 1, undefined, true);
    expect(only!.label).toBe('LABEL_2');
    expect(only!.score).toBeCloseTo(1 / (1 + Math.exp(-1)), 10);
  });
});

describe('meanPooledUnitVectors', () => {
  it('averages the real tokens only and scales to unit length', () => {
    // Two rows, width 2, size 2; the second row's second position is padding.
    const hidden = [3, 0, 0, 4, 1, 1, 100, 100];
    const [a, b] = meanPooledUnitVectors(hidden, [1n, 1n, 1n, 0n], 2, 2);
    expect(a![0]).toBeCloseTo(0.6, 10); // mean (1.5, 2) → (0.6, 0.8)
    expect(a![1]).toBeCloseTo(0.8, 10);
    expect(b![0]).toBeCloseTo(Math.SQRT1_2, 10);
    expect(b![1]).toBeCloseTo(Math.SQRT1_2, 10);
  });

  it('leaves an all-zero vector at zero instead of dividing by zero', () => {
    expect(meanPooledUnitVectors([0, 0], [1], 1, 1)).toEqual([[0, 0]]);
  });
});
