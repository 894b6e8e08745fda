import { describe, expect, it } from 'vitest';
import { bootstrapMeanCI, mean, quantileSorted, sampleStd, summarizeItems } from '../../../src/evaluate/summaryStats';

describe('descriptive statistics', () => {
  it('mean and sample standard deviation (hand-worked)', () => {
    // Classic example: 2 4 4 4 5 5 7 9 → mean 5, squared deviations sum to 32, sample std √(32/7).
    const values = [2, 4, 4, 4, 5, 5, 7, 9];
    expect(mean(values)).toBe(5);
    expect(sampleStd(values)).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(Number.isNaN(mean([]))).toBe(true);
  });

  it('quantiles interpolate linearly like numpy', () => {
    // Source: numpy.percentile docstring, a = [[10, 7, 4], [3, 2, 1]]; np.percentile(a, 50) → 3.5.
    expect(quantileSorted([1, 2, 3, 4, 7, 10], 0.5)).toBe(3.5);
    // Hand-worked: position 0.25·5 = 1.25 → 2 + 0.25·(3 − 2).
    expect(quantileSorted([1, 2, 3, 4, 7, 10], 0.25)).toBe(2.25);
    expect(quantileSorted([1, 2, 3, 4, 7, 10], 0)).toBe(1);
    expect(quantileSorted([1, 2, 3, 4, 7, 10], 1)).toBe(10);
  });
});

describe('bootstrapMeanCI', () => {
  it('matches the normal-approximation interval on a large 0/1 sample', () => {
    // 400 items, half correct: SE = √(0.5·0.5/400) = 0.025, so the 95% interval is about
    // 0.5 ± 1.96·0.025 = [0.451, 0.549]; a percentile bootstrap lands within Monte Carlo noise.
    const values = Array.from({ length: 400 }, (_, i) => i % 2);
    const ci = bootstrapMeanCI(values, { resamples: 4000, seed: 7 });
    expect(ci.mean).toBe(0.5);
    expect(ci.n).toBe(400);
    expect(ci.low).toBeGreaterThan(0.44);
    expect(ci.low).toBeLessThan(0.462);
    expect(ci.high).toBeGreaterThan(0.538);
    expect(ci.high).toBeLessThan(0.56);
  });

  it('is reproducible with a seed and changes with another', () => {
    const values = [0.1, 0.5, 0.3, 0.9, 0.7, 0.2, 0.4];
    expect(bootstrapMeanCI(values, { seed: 1 })).toEqual(bootstrapMeanCI(values, { seed: 1 }));
    expect(bootstrapMeanCI(values, { seed: 1 })).not.toEqual(bootstrapMeanCI(values, { seed: 2 }));
    const ci = bootstrapMeanCI(values, { seed: 1 });
    expect(ci.low).toBeLessThanOrEqual(ci.mean);
    expect(ci.high).toBeGreaterThanOrEqual(ci.mean);
    expect(ci.low).toBeGreaterThanOrEqual(0.1);
    expect(ci.high).toBeLessThanOrEqual(0.9);
  });

  it('handles degenerate samples', () => {
    expect(bootstrapMeanCI([0.3, 0.3, 0.3])).toMatchObject({ mean: 0.3, low: 0.3, high: 0.3, std: 0, n: 3 });
    expect(bootstrapMeanCI([0.8])).toMatchObject({ mean: 0.8, low: 0.8, high: 0.8, n: 1 });
    const empty = bootstrapMeanCI([]);
    expect(empty.n).toBe(0);
    expect(Number.isNaN(empty.mean)).toBe(true);
    // NaN and Infinity (e.g. a failed item) are skipped, not averaged.
    expect(bootstrapMeanCI([1, Number.NaN, 3, Number.POSITIVE_INFINITY]).mean).toBe(2);
    expect(() => bootstrapMeanCI([1, 2], { confidence: 1 })).toThrow(RangeError);
    expect(() => bootstrapMeanCI([1, 2], { resamples: 0 })).toThrow(RangeError);
  });
});

describe('summarizeItems', () => {
  it('averages each metric over the items that have it', () => {
    const items: Array<Partial<Record<'rougeL' | 'bleu', number>>> = [{ rougeL: 0.4, bleu: 0.2 }, { rougeL: 0.6 }, { rougeL: 0.5, bleu: 0.4 }];
    const summary = summarizeItems(items, { seed: 3 });
    expect(Object.keys(summary)).toEqual(['rougeL', 'bleu']);
    expect(summary.rougeL.mean).toBeCloseTo(0.5, 12);
    expect(summary.rougeL.n).toBe(3);
    expect(summary.bleu.mean).toBeCloseTo(0.3, 12);
    expect(summary.bleu.n).toBe(2);
    // Same seed per metric: the rougeL interval does not depend on whether bleu is present.
    expect(
      summarizeItems(
        items.map((i) => ({ rougeL: i.rougeL })),
        { seed: 3 },
      ).rougeL,
    ).toEqual(summary.rougeL);
  });
});
