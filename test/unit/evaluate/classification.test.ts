import { describe, expect, it } from 'vitest';
import { accuracy, classificationReport, confusionMatrix, macroF1, misclassified, reportFromRows } from '../../../src/evaluate/classification';

const strings = (values: readonly number[]) => values.map(String);

describe('classificationReport — scikit-learn documented examples', () => {
  it('matches the classification_report docstring example', () => {
    // Source: scikit-learn, sklearn/metrics/_classification.py, classification_report docstring:
    //   y_true = [0, 1, 2, 2, 2]; y_pred = [0, 0, 2, 2, 1]
    //   class 0: 0.50 1.00 0.67 (support 1); class 1: 0.00 0.00 0.00 (1); class 2: 1.00 0.67 0.80 (3)
    //   accuracy 0.60; macro avg 0.50 0.56 0.49; weighted avg 0.70 0.60 0.61 (support 5)
    const report = classificationReport(strings([0, 1, 2, 2, 2]), strings([0, 0, 2, 2, 1]));
    expect(report.labels).toEqual(['0', '1', '2']);
    const rounded = (x: number) => Math.round(x * 100) / 100;
    expect(report.perClass.map((c) => [rounded(c.precision), rounded(c.recall), rounded(c.f1), c.support])).toEqual([
      [0.5, 1, 0.67, 1],
      [0, 0, 0, 1],
      [1, 0.67, 0.8, 3],
    ]);
    expect(rounded(report.accuracy)).toBe(0.6);
    expect([report.macro.precision, report.macro.recall, report.macro.f1].map(rounded)).toEqual([0.5, 0.56, 0.49]);
    expect([report.weighted.precision, report.weighted.recall, report.weighted.f1].map(rounded)).toEqual([0.7, 0.6, 0.61]);
    expect(report.weighted.support).toBe(5);

    // The same numbers as exact fractions, worked by hand from the confusion matrix
    // [[1,0,0],[1,0,0],[0,1,2]]: class 0 P=1/2 R=1 F=2/3; class 2 P=2/2 R=2/3 F=2·2/(4+0+1)=4/5.
    expect(report.perClass[0]!.f1).toBeCloseTo(2 / 3, 12);
    expect(report.perClass[2]!.recall).toBeCloseTo(2 / 3, 12);
    expect(report.perClass[2]!.f1).toBeCloseTo(4 / 5, 12);
    expect(report.macro.recall).toBeCloseTo((1 + 0 + 2 / 3) / 3, 12); // 5/9
    expect(report.macro.f1).toBeCloseTo((2 / 3 + 0 + 4 / 5) / 3, 12); // 22/45
    expect(report.weighted.precision).toBeCloseTo((0.5 * 1 + 0 * 1 + 1 * 3) / 5, 12); // 0.7
    expect(report.weighted.f1).toBeCloseTo(((2 / 3) * 1 + 0 * 1 + (4 / 5) * 3) / 5, 12); // 46/75
    expect(report.confusion.matrix).toEqual([
      [1, 0, 0],
      [1, 0, 0],
      [0, 1, 2],
    ]);
  });

  it('matches the classification_report docstring example with labels=[1, 2, 3]', () => {
    // Source: same docstring, second example:
    //   y_pred = [1, 1, 0]; y_true = [1, 1, 1]; labels=[1, 2, 3]
    //   1: 1.00 0.67 0.80 (3); 2: 0 0 0 (0); 3: 0 0 0 (0)
    //   micro avg 1.00 0.67 0.80; macro avg 0.33 0.22 0.27; weighted avg 1.00 0.67 0.80 (support 3)
    const report = classificationReport(strings([1, 1, 1]), strings([1, 1, 0]), {
      labels: ['1', '2', '3'],
      extraLabels: 'ignore',
    });
    expect(report.labels).toEqual(['1', '2', '3']);
    const rounded = (x: number) => Math.round(x * 100) / 100;
    expect(report.perClass.map((c) => [rounded(c.precision), rounded(c.recall), rounded(c.f1), c.support])).toEqual([
      [1, 0.67, 0.8, 3],
      [0, 0, 0, 0],
      [0, 0, 0, 0],
    ]);
    expect([report.micro.precision, report.micro.recall, report.micro.f1].map(rounded)).toEqual([1, 0.67, 0.8]);
    expect([report.macro.precision, report.macro.recall, report.macro.f1].map(rounded)).toEqual([0.33, 0.22, 0.27]);
    expect([report.weighted.precision, report.weighted.recall, report.weighted.f1].map(rounded)).toEqual([1, 0.67, 0.8]);
  });

  it('matches the precision_recall_fscore_support docstring example', () => {
    // Source: scikit-learn precision_recall_fscore_support docstring:
    //   y_true = ['cat','dog','pig','cat','dog','pig']; y_pred = ['cat','pig','dog','cat','cat','dog']
    //   macro (0.22..., 0.33..., 0.26...); micro (0.33..., 0.33..., 0.33...); weighted (0.22..., 0.33..., 0.26...)
    //   labels=['pig','dog','cat']: P [0, 0, 0.66...], R [0, 0, 1], F [0, 0, 0.8], support [2, 2, 2]
    const yTrue = ['cat', 'dog', 'pig', 'cat', 'dog', 'pig'];
    const yPred = ['cat', 'pig', 'dog', 'cat', 'cat', 'dog'];
    const report = classificationReport(yTrue, yPred);
    // Hand-worked exact values: only "cat" has tp (2 of 3 predicted), so macro P = (2/3)/3 = 2/9,
    // macro R = 1/3, macro F = 0.8/3 = 4/15; micro = 2/6 everywhere.
    expect(report.macro.precision).toBeCloseTo(2 / 9, 12);
    expect(report.macro.recall).toBeCloseTo(1 / 3, 12);
    expect(report.macro.f1).toBeCloseTo(4 / 15, 12);
    expect(report.micro.precision).toBeCloseTo(1 / 3, 12);
    expect(report.micro.recall).toBeCloseTo(1 / 3, 12);
    expect(report.micro.f1).toBeCloseTo(1 / 3, 12);
    expect(report.weighted.precision).toBeCloseTo(2 / 9, 12);
    expect(report.weighted.f1).toBeCloseTo(4 / 15, 12);

    const ordered = classificationReport(yTrue, yPred, { labels: ['pig', 'dog', 'cat'] });
    expect(ordered.labels).toEqual(['pig', 'dog', 'cat']);
    expect(ordered.perClass.map((c) => c.precision)).toEqual([0, 0, 2 / 3]);
    expect(ordered.perClass.map((c) => c.recall)).toEqual([0, 0, 1]);
    expect(ordered.perClass.map((c) => c.f1)).toEqual([0, 0, 0.8]);
    expect(ordered.perClass.map((c) => c.support)).toEqual([2, 2, 2]);
  });

  it('matches the f1_score docstring example', () => {
    // Source: scikit-learn f1_score docstring: y_true = [0, 1, 2, 0, 1, 2]; y_pred = [0, 2, 1, 0, 0, 1]
    //   average='macro' 0.26...; 'micro' 0.33...; 'weighted' 0.26...; None → [0.8, 0, 0]
    const report = classificationReport(strings([0, 1, 2, 0, 1, 2]), strings([0, 2, 1, 0, 0, 1]));
    expect(report.perClass.map((c) => c.f1)).toEqual([0.8, 0, 0]);
    expect(report.macro.f1).toBeCloseTo(0.8 / 3, 12);
    expect(report.micro.f1).toBeCloseTo(1 / 3, 12);
    expect(report.weighted.f1).toBeCloseTo(0.8 / 3, 12);
    expect(macroF1(strings([0, 1, 2, 0, 1, 2]), strings([0, 2, 1, 0, 0, 1]))).toBeCloseTo(0.8 / 3, 12);
  });
});

describe('confusionMatrix', () => {
  it('matches the confusion_matrix docstring examples', () => {
    // Source: scikit-learn confusion_matrix docstring:
    //   y_true = [2, 0, 2, 2, 0, 1]; y_pred = [0, 0, 2, 2, 0, 2] → [[2,0,0],[0,0,1],[1,0,2]]
    expect(confusionMatrix(strings([2, 0, 2, 2, 0, 1]), strings([0, 0, 2, 2, 0, 2])).matrix).toEqual([
      [2, 0, 0],
      [0, 0, 1],
      [1, 0, 2],
    ]);
    //   y_true = ["cat","ant","cat","cat","ant","bird"]; y_pred = ["ant","ant","cat","cat","ant","cat"];
    //   labels=["ant","bird","cat"] → [[2,0,0],[0,0,1],[1,0,2]]
    const animals = confusionMatrix(['cat', 'ant', 'cat', 'cat', 'ant', 'bird'], ['ant', 'ant', 'cat', 'cat', 'ant', 'cat'], {
      labels: ['ant', 'bird', 'cat'],
    });
    expect(animals.labels).toEqual(['ant', 'bird', 'cat']);
    expect(animals.matrix).toEqual([
      [2, 0, 0],
      [0, 0, 1],
      [1, 0, 2],
    ]);
  });

  it('includes labels that were only predicted, after the preferred order', () => {
    // Hand-worked: the model invents "neutral", which must get a row and a column.
    const m = confusionMatrix(['POSITIVE', 'NEGATIVE', 'POSITIVE'], ['POSITIVE', 'neutral', 'NEGATIVE'], {
      labels: ['POSITIVE', 'NEGATIVE'],
    });
    expect(m.labels).toEqual(['POSITIVE', 'NEGATIVE', 'neutral']);
    expect(m.matrix).toEqual([
      [1, 1, 0],
      [0, 0, 1],
      [0, 0, 0],
    ]);
    const report = classificationReport(['POSITIVE', 'NEGATIVE', 'POSITIVE'], ['POSITIVE', 'neutral', 'NEGATIVE'], {
      labels: ['POSITIVE', 'NEGATIVE'],
    });
    // neutral: predicted once, never true → P 0, R 0/0 = 0, F 0; it counts in the macro average.
    expect(report.perClass[2]).toMatchObject({ label: 'neutral', precision: 0, recall: 0, f1: 0, support: 0, predicted: 1 });
    // POSITIVE P=1/1 R=1/2 F=2/3; NEGATIVE P=0/1 R=0/1 F=0 → macro F = (2/3)/3.
    expect(report.macro.f1).toBeCloseTo(2 / 9, 12);
  });

  it('keeps every row in the matrix total unless labels are restricted', () => {
    const yTrue = ['a', 'b', 'c', 'a'];
    const yPred = ['a', 'c', 'c', 'd'];
    const full = confusionMatrix(yTrue, yPred);
    expect(full.labels).toEqual(['a', 'b', 'c', 'd']);
    expect(full.matrix.flat().reduce((s, v) => s + v, 0)).toBe(4);
    const restricted = confusionMatrix(yTrue, yPred, { labels: ['a', 'c'], extraLabels: 'ignore' });
    expect(restricted.matrix).toEqual([
      [1, 0],
      [0, 1],
    ]);
  });
});

describe('accuracy, misclassified and edge cases', () => {
  it('computes accuracy and lists the wrong rows with their positions', () => {
    const rows = [
      { expected: 'bug report', predicted: 'bug report', text: 'crashes' },
      { expected: 'feature request', predicted: 'bug report', text: 'add dark mode' },
      { expected: 'rating', predicted: 'rating', text: '5 stars' },
      { expected: 'rating', predicted: 'user experience', text: 'love it' },
    ];
    expect(reportFromRows(rows).accuracy).toBe(0.5);
    expect(misclassified(rows).map((m) => [m.index, m.row.text])).toEqual([
      [1, 'add dark mode'],
      [3, 'love it'],
    ]);
  });

  it('returns zeros rather than NaN for empty input and rejects mismatched lengths', () => {
    expect(accuracy([], [])).toBe(0);
    const empty = classificationReport([], []);
    expect(empty.labels).toEqual([]);
    expect(empty.macro).toEqual({ precision: 0, recall: 0, f1: 0, support: 0 });
    expect(empty.weighted).toEqual({ precision: 0, recall: 0, f1: 0, support: 0 });
    expect(() => accuracy(['a'], [])).toThrow(RangeError);
  });

  it('gives 1 everywhere for perfect predictions', () => {
    const y = ['x', 'y', 'y', 'z'];
    const report = classificationReport(y, y);
    expect(report.accuracy).toBe(1);
    expect(report.macro).toEqual({ precision: 1, recall: 1, f1: 1, support: 4 });
    expect(report.weighted).toEqual({ precision: 1, recall: 1, f1: 1, support: 4 });
  });
});
