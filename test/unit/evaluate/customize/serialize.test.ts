import { describe, expect, it } from 'vitest';
import { CLASSIFIER_FORMAT, parseClassifier, serializeClassifier } from '../../../../src/customize/serialize';
import { predict, trainSoftmaxSync } from '../../../../src/customize/softmax';
import { WorkbenchError } from '../../../../src/core';
import { separableSet } from './fixtures';

const { X, y } = separableSet(3, 12, 5);
const model = trainSoftmaxSync(X, y, {
  classes: ['bug report', 'feature request', 'rating'],
  epochs: 10,
  metadata: { embeddingModel: 'Xenova/all-MiniLM-L6-v2', note: 'ünïcödé ✓' },
});

function rejectionOf(text: string): WorkbenchError {
  try {
    parseClassifier(text);
  } catch (error) {
    if (error instanceof WorkbenchError) return error;
    throw error;
  }
  throw new Error('expected parseClassifier to throw');
}

/** Edits the parsed file and writes it back, as a hand edit would. */
function tamper(edit: (file: { format: string; version: number; checksum: string; model: Record<string, unknown> }) => void): string {
  const file = JSON.parse(serializeClassifier(model));
  edit(file);
  return JSON.stringify(file);
}

describe('serializeClassifier / parseClassifier', () => {
  it('round-trips exactly, weights bit for bit, and the parsed model predicts the same', () => {
    const text = serializeClassifier(model);
    const parsed = parseClassifier(text);
    expect(parsed).toEqual(model);
    parsed.weights.forEach((row, c) => row.forEach((w, j) => expect(Object.is(w, model.weights[c]![j])).toBe(true)));
    expect(predict(parsed, X)).toEqual(predict(model, X));
    expect(serializeClassifier(parsed)).toBe(text);
    expect(JSON.parse(text)).toMatchObject({ format: CLASSIFIER_FORMAT, version: 1 });
  });

  it('rejects a file whose numbers or names were edited (checksum mismatch)', () => {
    const weightEdited = tamper((f) => {
      const weights = f.model.weights as number[][];
      weights[1]![2] = weights[1]![2]! + 1e-9;
    });
    const error = rejectionOf(weightEdited);
    expect(error.code).toBe('bad-input');
    expect(error.message).toBe('The classifier file was modified or is damaged: its checksum does not match its content.');

    // Renaming a category everywhere it appears keeps the file well-formed; only the checksum notices.
    const renamed = tamper((f) => {
      (f.model.classes as string[])[0] = 'bugs';
      const counts = (f.model.metadata as { classCounts: Record<string, number> }).classCounts;
      counts.bugs = counts['bug report']!;
      delete counts['bug report'];
    });
    expect(rejectionOf(renamed).message).toMatch(/checksum/);
    // Renaming it in one place only is caught by the structure check, with a message saying so.
    const halfRenamed = tamper((f) => {
      (f.model.classes as string[])[0] = 'bugs';
    });
    expect(rejectionOf(halfRenamed)).toMatchObject({
      code: 'bad-input',
      message: 'The classifier file was modified or is damaged: its training details do not mention the category "bugs".',
    });

    const metadataEdited = tamper((f) => {
      (f.model.metadata as Record<string, unknown>).trainingAccuracy = 1.5;
    });
    expect(rejectionOf(metadataEdited).message).toMatch(/checksum/);
  });

  it('accepts the same content with keys in another order', () => {
    const file = JSON.parse(serializeClassifier(model));
    const reordered = JSON.stringify({ model: file.model, checksum: file.checksum, version: file.version, format: file.format });
    expect(parseClassifier(reordered)).toEqual(model);
  });

  it('explains what is wrong with files that are not classifiers', () => {
    const text = serializeClassifier(model);
    expect(rejectionOf(text.slice(0, text.length / 2))).toMatchObject({
      code: 'bad-input',
      message: 'This file is not a classifier: it is not valid JSON (it may be truncated).',
    });
    expect(rejectionOf('{"rows": [1, 2, 3]}').message).toBe('This file is not a classifier exported from the workbench.');
    expect(rejectionOf('[1, 2]').message).toBe('This file is not a classifier exported from the workbench.');
    expect(rejectionOf(tamper((f) => (f.version = 2))).message).toMatch(/newer version of the workbench/);
    expect(rejectionOf(tamper((f) => (f.version = 0))).message).toBe('The classifier file has no valid version number.');
  });

  it('explains structural damage before checking the checksum', () => {
    expect(rejectionOf(tamper((f) => (f.model.weights as number[][])[0]!.pop())).message).toBe(
      'The classifier file is damaged: weights of "bug report" should have 5 numbers.',
    );
    expect(rejectionOf(tamper((f) => ((f.model.bias as unknown[])[1] = 'x'))).message).toBe('The classifier file is damaged: bias[1] is not a number.');
    expect(rejectionOf(tamper((f) => (f.model.classes = ['only']))).message).toMatch(/at least two named categories/);
    expect(rejectionOf(tamper((f) => (f.model.dims = -1))).message).toMatch(/embedding size/);
    expect(rejectionOf(tamper((f) => delete f.model.metadata)).message).toMatch(/training details are missing/);
  });

  it('rejects a file with more categories than a classifier can have at once, before checking them', () => {
    const classes = Array.from({ length: 200_000 }, (_, i) => `category ${i}`);
    const text = tamper((f) => (f.model.classes = classes));
    const started = performance.now();
    expect(rejectionOf(text).message).toBe('The classifier file has 200,000 categories; a classifier can have at most 1,000.');
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
