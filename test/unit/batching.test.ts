import { describe, expect, it } from 'vitest';
import { padBatch, paddedTokens, tokenBudgetBatches } from '../../src/workers/batching';
import { fitBatchCosts, predictBatchesMs } from '../../src/workers/batchTimes';
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

describe('paddedTokens', () => {
  it('is the rows times the longest row, in any order', () => {
    expect(paddedTokens([3, 9, 4, 1], [0, 2, 1])).toBe(27);
    expect(paddedTokens([3, 9, 4, 1], [3])).toBe(1);
    expect(paddedTokens([3], [])).toBe(0);
  });
});

describe('fitBatchCosts / predictBatchesMs', () => {
  it('finds the cost per row and per padded token from batches of different shapes', () => {
    const runs = [
      { rows: 64, tokens: 640, ms: 64 * 3 + 640 * 0.2 },
      { rows: 32, tokens: 4000, ms: 32 * 3 + 4000 * 0.2 },
      { rows: 8, tokens: 4096, ms: 8 * 3 + 4096 * 0.2 },
    ];
    const costs = fitBatchCosts(runs);
    expect(costs.perRow).toBeCloseTo(3, 6);
    expect(costs.perToken).toBeCloseTo(0.2, 6);
    expect(predictBatchesMs(runs, [{ rows: 4, tokens: 2048 }])).toBeCloseTo(4 * 3 + 2048 * 0.2, 6);
  });

  it('charges tokens alone when the batches cannot tell the costs apart, and never a negative cost', () => {
    expect(fitBatchCosts([{ rows: 10, tokens: 100, ms: 50 }])).toEqual({ perRow: 0, perToken: 0.5 });
    // Time falling as tokens grow (noise): rows alone.
    const noisy = fitBatchCosts([
      { rows: 10, tokens: 100, ms: 100 },
      { rows: 20, tokens: 150, ms: 180 },
      { rows: 30, tokens: 120, ms: 300 },
    ]);
    expect(noisy.perRow).toBeGreaterThanOrEqual(0);
    expect(noisy.perToken).toBeGreaterThanOrEqual(0);
    expect(predictBatchesMs([], [{ rows: 5, tokens: 50 }])).toBe(0);
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
