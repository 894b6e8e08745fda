import { describe, expect, it } from 'vitest';
import { kFoldCrossValidate, stratifiedFolds } from '../../../../src/customize/crossValidation';
import { WorkbenchError } from '../../../../src/core';
import { randomLabelSet, separableSet } from './fixtures';

describe('stratifiedFolds', () => {
  it('spreads every class evenly over the folds and keeps fold sizes within one', () => {
    // 3 classes of 10, 7 and 5 rows over 4 folds.
    const y = [...new Array<number>(10).fill(0), ...new Array<number>(7).fill(1), ...new Array<number>(5).fill(2)];
    const folds = stratifiedFolds(y, 4, 9);
    const sizes = [0, 1, 2, 3].map((f) => folds.filter((x) => x === f).length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    for (const label of [0, 1, 2]) {
      const perFold = [0, 1, 2, 3].map((f) => folds.filter((x, i) => x === f && y[i] === label).length);
      expect(Math.max(...perFold) - Math.min(...perFold)).toBeLessThanOrEqual(1);
    }
  });

  it('is seeded', () => {
    const y = Array.from({ length: 40 }, (_, i) => i % 3);
    expect(stratifiedFolds(y, 5, 1)).toEqual(stratifiedFolds(y, 5, 1));
    expect(stratifiedFolds(y, 5, 1)).not.toEqual(stratifiedFolds(y, 5, 2));
  });

  it('rejects impossible fold counts', () => {
    expect(() => stratifiedFolds([0, 1, 0], 1)).toThrow(WorkbenchError);
    expect(() => stratifiedFolds([0, 1, 0], 4)).toThrow(/Cannot make 4 folds from 3 examples/);
  });
});

describe('kFoldCrossValidate', () => {
  it('stays near chance (0.25 ± 0.12) when labels are shuffled noise', async () => {
    // 4 classes, 320 random 16-dimensional points with random labels: no classifier can beat
    // 1/4 on held-out rows except by luck (binomial SE ≈ √(0.25·0.75/320) ≈ 0.024).
    const { X, y } = randomLabelSet(4, 320, 16);
    const result = await kFoldCrossValidate(X, y, 5, { classes: ['a', 'b', 'c', 'd'], epochs: 40, seed: 3 });
    expect(result.meanAccuracy).toBeGreaterThan(0.25 - 0.12);
    expect(result.meanAccuracy).toBeLessThan(0.25 + 0.12);
    expect(result.folds).toHaveLength(5);
    expect(result.folds.reduce((s, f) => s + f.testSize, 0)).toBe(320);
  });

  it('scores a separable set perfectly and fills every out-of-fold prediction', async () => {
    const { X, y } = separableSet(3, 20, 6);
    const progress: number[] = [];
    const result = await kFoldCrossValidate(X, y, 4, {
      classes: ['a', 'b', 'c'],
      epochs: 30,
      onProgress: ({ fold }) => {
        if (progress[progress.length - 1] !== fold) progress.push(fold);
      },
    });
    expect(result.meanAccuracy).toBe(1);
    expect(result.meanMacroF1).toBe(1);
    expect(result.stdAccuracy).toBe(0);
    expect(result.outOfFoldPredictions).toEqual(y);
    expect(progress).toEqual([1, 2, 3, 4]);
    for (const fold of result.folds) expect(fold.trainSize + fold.testSize).toBe(60);
  });

  it('passes cancellation through', async () => {
    const { X, y } = separableSet(2, 10, 3);
    await expect(kFoldCrossValidate(X, y, 2, { classes: ['a', 'b'], shouldStop: () => true })).rejects.toMatchObject({
      code: 'cancelled',
    });
  });
});
