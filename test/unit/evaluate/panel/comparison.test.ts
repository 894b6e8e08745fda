/** Scoring predictions and the side-by-side table of the Evaluate app. */
import { describe, expect, it } from 'vitest';
import { agreement, comparisonRows, evaluatePredictions, misclassifiedRows } from '../../../../src/panels/evaluate/comparison';
import type { LabeledRow } from '../../../../src/evaluate/labeledData';

const rows: LabeledRow[] = ['POSITIVE', 'POSITIVE', 'NEGATIVE', 'NEGATIVE', 'POSITIVE'].map((label, i) => ({
  index: i * 2, // positions in the file need not be consecutive
  text: `text ${i}`,
  raw: label === 'POSITIVE' ? '1' : '0',
  label,
}));
const classes = ['NEGATIVE', 'POSITIVE'];

describe('evaluatePredictions', () => {
  const evaluation = evaluatePredictions(rows, classes, {
    model: 'tiny/distilbert-sentiment',
    labels: ['positive', 'NEGATIVE', 'NEGATIVE', 'POSITIVE', 'POSITIVE'],
    scores: [0.9, 0.6, 0.8, 0.7, 0.95],
    seconds: 1.5,
  });

  it('scores with the mapping classes first and the model labels aligned to their spelling', () => {
    // Hand count: truth P P N N P, predicted P N N P P → 3 of 5 right.
    expect(evaluation.report.accuracy).toBeCloseTo(0.6, 12);
    expect(evaluation.report.labels).toEqual(classes);
    expect(evaluation.report.confusion.matrix).toEqual([
      [1, 1],
      [1, 2],
    ]);
    const cells = evaluation.report.confusion.matrix.flat().reduce((a, b) => a + b, 0);
    expect(cells).toBe(rows.length);
    expect(evaluation.accuracy.mean).toBeCloseTo(0.6, 12);
    expect(evaluation.accuracy.low).toBeLessThanOrEqual(0.6);
    expect(evaluation.accuracy.high).toBeGreaterThanOrEqual(0.6);
  });

  it('lists the misclassified rows with their file position', () => {
    expect(misclassifiedRows(rows, evaluation)).toEqual([
      { index: 2, text: 'text 1', expected: 'POSITIVE', predicted: 'NEGATIVE', score: 0.6 },
      { index: 6, text: 'text 3', expected: 'NEGATIVE', predicted: 'POSITIVE', score: 0.7 },
    ]);
  });

  it('rejects a prediction count that does not match the rows', () => {
    expect(() => evaluatePredictions(rows, classes, { model: 'm', labels: ['POSITIVE'], scores: [1], seconds: 0 })).toThrow(RangeError);
  });

  it('keeps a label the model invented visible as its own row', () => {
    const odd = evaluatePredictions(rows, classes, {
      model: 'm',
      labels: ['NEUTRAL', 'POSITIVE', 'NEGATIVE', 'NEGATIVE', 'POSITIVE'],
      scores: [1, 1, 1, 1, 1],
      seconds: 0,
    });
    expect(odd.report.labels).toEqual(['NEGATIVE', 'POSITIVE', 'NEUTRAL']);
  });
});

describe('comparisonRows and agreement', () => {
  const a = evaluatePredictions(rows, classes, {
    model: 'a',
    labels: ['POSITIVE', 'POSITIVE', 'NEGATIVE', 'NEGATIVE', 'POSITIVE'],
    scores: [1, 1, 1, 1, 1],
    seconds: 2,
  });
  const b = evaluatePredictions(rows, classes, {
    model: 'b',
    labels: ['POSITIVE', 'NEGATIVE', 'NEGATIVE', 'POSITIVE', 'POSITIVE'],
    scores: [1, 1, 1, 1, 1],
    seconds: 1,
  });

  it('puts the models side by side and marks the better value (lower time is better)', () => {
    const table = comparisonRows([a, b]);
    const accuracy = table.find((r) => r.metric.kind === 'accuracy')!;
    expect(accuracy.values).toEqual([1, 0.6]);
    expect(accuracy.best).toBe(0);
    const seconds = table.find((r) => r.metric.kind === 'seconds')!;
    expect(seconds.best).toBe(1);
    expect(table.filter((r) => r.metric.kind === 'class-f1').map((r) => (r.metric as { label: string }).label)).toEqual(classes);
    expect(table.filter((r) => r.metric.kind === 'average')).toHaveLength(6);
  });

  it('a tie has no best', () => {
    const table = comparisonRows([a, a]);
    expect(table.every((r) => r.best === null)).toBe(true);
  });

  it('counts the rows both models labelled the same way', () => {
    expect(agreement(a, b)).toEqual({ same: 3, total: 5 });
  });
});
