import { describe, expect, it } from 'vitest';
import type { SoftmaxModel } from '../../../../src/customize/softmax';
import { mostUncertain, nearestToCategories, suggestExamples } from '../../../../src/customize/suggest';

/** A hand-built linear model, so its probabilities can be worked out by hand. */
function model(classes: string[], weights: number[][], bias: number[]): SoftmaxModel {
  return {
    classes,
    dims: weights[0]!.length,
    weights,
    bias,
    metadata: {
      trainedAt: '2025-01-01T00:00:00.000Z',
      examples: 0,
      classCounts: Object.fromEntries(classes.map((c) => [c, 0])),
      epochs: 1,
      learningRate: 0.01,
      l2: 0,
      batchSize: 1,
      seed: 0,
      standardized: false,
      finalLoss: 0,
      trainingAccuracy: 0,
      extra: {},
    },
  };
}

describe('nearestToCategories', () => {
  const categories = [
    { name: 'bug report', embedding: [1, 0, 0] },
    { name: 'feature request', embedding: [0, 1, 0] },
  ];
  const rows = [
    [0.9, 0.1, 0], // 0: mostly bug
    [0, 2, 0], // 1: pure feature (length does not matter for cosine)
    [1, 1, 0], // 2: both, cos 0.707 each
    [0, 0, 1], // 3: neither
    [5, 0, 0], // 4: pure bug
  ];

  it('ranks rows by cosine similarity to each category name, lower index first on ties', () => {
    const nearest = nearestToCategories(categories, rows, 2);
    expect(nearest.map((n) => [n.category, n.rows.map((r) => r.index)])).toEqual([
      ['bug report', [4, 0]],
      ['feature request', [1, 2]],
    ]);
    expect(nearest[0]!.rows[0]!.similarity).toBeCloseTo(1, 12);
    // cos([0.9, 0.1, 0], [1, 0, 0]) = 0.9 / √0.82
    expect(nearest[0]!.rows[1]!.similarity).toBeCloseTo(0.9 / Math.sqrt(0.82), 12);
  });

  it('skips rows that are already labelled and survives zero vectors', () => {
    const nearest = nearestToCategories(categories, [...rows, [0, 0, 0]], 3, [4, 1]);
    expect(nearest[0]!.rows.map((r) => r.index)).toEqual([0, 2, 3]);
    expect(nearest[1]!.rows.map((r) => r.index)).toEqual([2, 0, 3]);
  });
});

describe('mostUncertain', () => {
  it('orders rows by margin: a coin flip first (hand-worked two-class model)', () => {
    // logits (x, −x) → p = (σ(2x), σ(−2x)), margin = |tanh x|: x = 3 → 0.995, 0 → 0, 0.1 → 0.0997, −2 → 0.964
    const m = model(['a', 'b'], [[1], [-1]], [0, 0]);
    const uncertain = mostUncertain(m, [[3], [0], [0.1], [-2]], 4);
    expect(uncertain.map((u) => u.index)).toEqual([1, 2, 3, 0]);
    expect(uncertain[0]).toMatchObject({ index: 1, margin: 0 });
    expect(uncertain[0]!.entropy).toBeCloseTo(Math.LN2, 12);
    expect(uncertain[1]!.margin).toBeCloseTo(Math.tanh(0.1), 12);
    expect(uncertain[3]!.predicted).toBe('a');
    expect(uncertain[2]!.predicted).toBe('b');
  });

  it('margin and entropy can disagree, and both are offered', () => {
    // Identity weights: the row *is* the logits. Row 0 → p ≈ (0.5, 0.5, 0): margin 0, entropy ln 2 ≈ 0.693.
    // Row 1 → p = (0.4, 0.3, 0.3): margin 0.1, entropy −(0.4 ln 0.4 + 0.6 ln 0.3) ≈ 1.089.
    const m = model(
      ['a', 'b', 'c'],
      [
        [1, 0, 0],
        [0, 1, 0],
        [0, 0, 1],
      ],
      [0, 0, 0],
    );
    const rows = [
      [Math.log(0.5), Math.log(0.5), -1000],
      [Math.log(0.4), Math.log(0.3), Math.log(0.3)],
    ];
    expect(mostUncertain(m, rows, 2, 'margin').map((u) => u.index)).toEqual([0, 1]);
    const byEntropy = mostUncertain(m, rows, 2, 'entropy');
    expect(byEntropy.map((u) => u.index)).toEqual([1, 0]);
    expect(byEntropy[0]!.entropy).toBeCloseTo(-(0.4 * Math.log(0.4) + 0.6 * Math.log(0.3)), 12);
    expect(byEntropy[0]!.margin).toBeCloseTo(0.1, 12);
  });
});

describe('suggestExamples', () => {
  it('returns nearest rows without a model, and uncertain rows too once there is one', () => {
    const categories = [
      { name: 'a', embedding: [1, 0] },
      { name: 'b', embedding: [0, 1] },
    ];
    const rows = [
      [1, 0.1],
      [0.1, 1],
      [1, 1],
    ];
    const zero = suggestExamples({ categories, rows, perCategory: 1 });
    expect(zero.nearest.map((n) => n.rows[0]!.index)).toEqual([0, 1]);
    expect(zero.uncertain).toEqual([]);
    const withModel = suggestExamples({
      categories,
      rows,
      perCategory: 1,
      model: model(
        ['a', 'b'],
        [
          [1, 0],
          [0, 1],
        ],
        [0, 0],
      ),
      uncertainCount: 1,
    });
    expect(withModel.uncertain.map((u) => u.index)).toEqual([2]); // logits equal → margin 0
  });
});
