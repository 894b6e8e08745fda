import { describe, expect, it } from 'vitest';
import { predict, predictOne, predictProbabilities, trainSoftmax, trainSoftmaxSync } from '../../../../src/customize/softmax';
import { WorkbenchError } from '../../../../src/core';
import { separableSet } from './fixtures';

const CLASSES = ['bug report', 'feature request', 'rating', 'user experience'];

async function rejection(promise: Promise<unknown>): Promise<WorkbenchError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof WorkbenchError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

function thrown(run: () => unknown): WorkbenchError {
  try {
    run();
  } catch (error) {
    if (error instanceof WorkbenchError) return error;
    throw error;
  }
  throw new Error('expected a throw');
}

describe('trainSoftmax', () => {
  it('reaches 100% training accuracy on a linearly separable set', async () => {
    const { X, y } = separableSet(4, 30, 8);
    const model = await trainSoftmax(X, y, { classes: CLASSES, epochs: 60, seed: 5 });
    expect(model.metadata.trainingAccuracy).toBe(1);
    expect(predict(model, X).map((p) => p.index)).toEqual(y);
    expect(model.classes).toEqual(CLASSES);
    expect(model.dims).toBe(8);
    expect(model.metadata.classCounts).toEqual({ 'bug report': 30, 'feature request': 30, rating: 30, 'user experience': 30 });
  });

  it('also separates the set without standardisation', () => {
    const { X, y } = separableSet(3, 20, 5);
    const model = trainSoftmaxSync(X, y, { classes: CLASSES.slice(0, 3), epochs: 60, standardize: false });
    expect(model.metadata.trainingAccuracy).toBe(1);
    expect(model.metadata.standardized).toBe(false);
  });

  it('folds standardisation into the weights: predictions use raw embeddings', () => {
    // Shift and scale the data far from zero-mean/unit-variance; the model must still classify raw rows.
    const { X, y } = separableSet(2, 25, 4);
    const shifted = X.map((row) => row.map((v, j) => 1000 + v * (j + 1) * 50));
    const model = trainSoftmaxSync(shifted, y, { classes: ['a', 'b'], epochs: 40 });
    expect(predict(model, shifted).map((p) => p.index)).toEqual(y);
  });

  it('is deterministic with a seed and different with another seed', () => {
    const { X, y } = separableSet(3, 15, 6);
    const options = { classes: CLASSES.slice(0, 3), epochs: 20, batchSize: 8 };
    const a = trainSoftmaxSync(X, y, { ...options, seed: 11 });
    const b = trainSoftmaxSync(X, y, { ...options, seed: 11 });
    const c = trainSoftmaxSync(X, y, { ...options, seed: 12 });
    expect(b.weights).toEqual(a.weights);
    expect(b.bias).toEqual(a.bias);
    expect(c.weights).not.toEqual(a.weights);
  });

  it('gives identical weights for Float32Array and number[][] input with the same values', async () => {
    const { X, y } = separableSet(2, 10, 3);
    const f32 = X.map((row) => Float32Array.from(row));
    const asNumbers = f32.map((row) => Array.from(row));
    const options = { classes: ['a', 'b'], epochs: 10, seed: 3 };
    const fromTyped = await trainSoftmax(f32, y, options);
    const fromArrays = await trainSoftmax(asNumbers, y, options);
    expect(fromTyped.weights).toEqual(fromArrays.weights);
  });

  it('reports a decreasing loss once per epoch', () => {
    const { X, y } = separableSet(3, 20, 4);
    const losses: number[] = [];
    trainSoftmaxSync(X, y, { classes: ['a', 'b', 'c'], epochs: 15, onProgress: (epoch, loss) => losses.push(epoch, loss) });
    const epochs = losses.filter((_, i) => i % 2 === 0);
    const values = losses.filter((_, i) => i % 2 === 1);
    expect(epochs).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    expect(values[values.length - 1]!).toBeLessThan(values[0]! / 2);
  });

  it('returns probabilities that sum to 1 and a serialisable model', () => {
    const { X, y } = separableSet(3, 10, 4);
    const model = trainSoftmaxSync(X, y, { classes: ['a', 'b', 'c'], epochs: 5, metadata: { embeddingModel: 'test/model' } });
    const probabilities = predictProbabilities(model, X[0]!);
    expect(probabilities.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 12);
    expect(predictOne(model, X[0]!).probabilities).toEqual(probabilities);
    expect(model.metadata.extra).toEqual({ embeddingModel: 'test/model' });
    expect(JSON.parse(JSON.stringify(model))).toEqual(model);
  });
});

describe('cancellation', () => {
  it('throws WorkbenchError("cancelled") once shouldStop turns true', async () => {
    const { X, y } = separableSet(2, 20, 4);
    let epochsSeen = 0;
    const error = await rejection(
      trainSoftmax(X, y, {
        classes: ['a', 'b'],
        epochs: 50,
        onProgress: (epoch) => (epochsSeen = epoch),
        shouldStop: () => epochsSeen >= 3,
      }),
    );
    expect(error.code).toBe('cancelled');
    expect(epochsSeen).toBe(3);
  });

  it('lets a cancel request queued on the event loop (a worker message, a click) stop training', async () => {
    const { X, y } = separableSet(2, 50, 16);
    let stop = false;
    setTimeout(() => (stop = true), 0);
    const error = await rejection(trainSoftmax(X, y, { classes: ['a', 'b'], epochs: 100_000, shouldStop: () => stop }));
    expect(error.code).toBe('cancelled');
  });

  it('cancels the synchronous trainer too', () => {
    const { X, y } = separableSet(2, 5, 2);
    expect(thrown(() => trainSoftmaxSync(X, y, { classes: ['a', 'b'], shouldStop: () => true })).code).toBe('cancelled');
  });
});

describe('input validation', () => {
  const { X, y } = separableSet(2, 3, 2);
  const train = (x: number[][], labels: number[], classes = ['a', 'b']) => thrown(() => trainSoftmaxSync(x, labels, { classes, epochs: 1 }));

  it('rejects bad data with bad-input and a readable message', () => {
    expect(train([[1, 2], [3]], [0, 1])).toMatchObject({ code: 'bad-input', message: 'Embedding 2 has 1 dimensions; the first has 2.' });
    expect(train([[1, Number.NaN]], [0])).toMatchObject({ code: 'bad-input' });
    expect(train(X, y.slice(1))).toMatchObject({ code: 'bad-input', message: `There are ${X.length} embeddings but ${X.length - 1} labels.` });
    expect(
      train(
        X,
        y.map(() => 2),
      ),
    ).toMatchObject({ code: 'bad-input', message: 'Label 1 (2) is not one of the 2 categories.' });
    expect(train(X, y, ['only'])).toMatchObject({ code: 'bad-input', message: 'A classifier needs at least two categories.' });
    expect(train(X, y, ['a', 'a'])).toMatchObject({ code: 'bad-input', message: 'Two categories have the same name.' });
    expect(train([], [])).toMatchObject({ code: 'bad-input' });
    expect(thrown(() => trainSoftmaxSync(X, y, { classes: ['a', 'b'], learningRate: 0 })).code).toBe('bad-input');
  });

  it('refuses embeddings of the wrong size at prediction time', () => {
    const model = trainSoftmaxSync(X, y, { classes: ['a', 'b'], epochs: 1 });
    const error = thrown(() => predict(model, [[1, 2, 3]]));
    expect(error.code).toBe('bad-input');
    expect(error.message).toMatch(/expects 2-dimensional embeddings but row 1 has 3.*different embedding model/);
  });
});
