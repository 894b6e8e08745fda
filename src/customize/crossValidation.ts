/**
 * Stratified k-fold cross-validation for the softmax classifier: the honest answer to "how well
 * will this classifier do on rows it has not seen?", which training accuracy is not.
 *
 * Folds are stratified (each class spread evenly over the folds, like scikit-learn's
 * StratifiedKFold with shuffle=True) and seeded. Scores reuse the Evaluate app's metrics so the
 * numbers mean the same thing in both apps; macro-F1 is over the labels present in each fold's
 * truth or predictions (sklearn's default).
 */
import { classificationReport } from '../evaluate/classification';
import { WorkbenchError } from '../core';
import type { Vector } from './matrix';
import { mulberry32, shuffleInPlace } from './random';
import { predict, trainSoftmax, type TrainOptions } from './softmax';

export interface FoldResult {
  fold: number;
  trainSize: number;
  testSize: number;
  accuracy: number;
  macroF1: number;
}

export interface CrossValidationResult {
  folds: FoldResult[];
  meanAccuracy: number;
  meanMacroF1: number;
  /** Sample standard deviation of the fold accuracies. */
  stdAccuracy: number;
  /** Out-of-fold predicted class index for every row, for a confusion matrix over all rows. */
  outOfFoldPredictions: number[];
}

export interface CrossValidationOptions extends Omit<TrainOptions, 'onProgress'> {
  onProgress?: (progress: { fold: number; folds: number; epoch: number; loss: number }) => void;
}

/**
 * Assigns every row to one of k folds: each class's rows are shuffled (seeded) and dealt in turn,
 * continuing the deal across classes so the folds also end up within one row of the same size.
 */
export function stratifiedFolds(y: readonly number[], k: number, seed = 42): number[] {
  if (!Number.isInteger(k) || k < 2) throw new WorkbenchError('bad-input', `Cross-validation needs at least 2 folds, got ${k}.`);
  if (k > y.length) throw new WorkbenchError('bad-input', `Cannot make ${k} folds from ${y.length} examples.`);
  const rng = mulberry32(seed);
  const byClass = new Map<number, number[]>();
  y.forEach((label, i) => {
    const members = byClass.get(label) ?? [];
    members.push(i);
    byClass.set(label, members);
  });
  const fold = new Array<number>(y.length).fill(0);
  let dealt = 0;
  for (const label of [...byClass.keys()].sort((a, b) => a - b)) {
    for (const index of shuffleInPlace(byClass.get(label) as number[], rng)) {
      fold[index] = dealt % k;
      dealt++;
    }
  }
  return fold;
}

function sampleStd(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1));
}

export async function kFoldCrossValidate(
  X: readonly Vector[],
  y: readonly number[],
  k: number,
  options: CrossValidationOptions,
): Promise<CrossValidationResult> {
  if (X.length !== y.length) throw new WorkbenchError('bad-input', `There are ${X.length} embeddings but ${y.length} labels.`);
  const assignment = stratifiedFolds(y, k, options.seed ?? 42);
  const classes = [...options.classes];
  const outOfFoldPredictions = new Array<number>(y.length).fill(-1);
  const folds: FoldResult[] = [];
  const { onProgress, ...trainOptions } = options;

  for (let f = 0; f < k; f++) {
    const trainX: Vector[] = [];
    const trainY: number[] = [];
    const testIndices: number[] = [];
    assignment.forEach((fold, i) => {
      if (fold === f) testIndices.push(i);
      else {
        trainX.push(X[i] as Vector);
        trainY.push(y[i] as number);
      }
    });
    const model = await trainSoftmax(trainX, trainY, {
      ...trainOptions,
      onProgress: onProgress ? (epoch, loss) => onProgress({ fold: f + 1, folds: k, epoch, loss }) : undefined,
    });
    const predictions = predict(
      model,
      testIndices.map((i) => X[i] as Vector),
    );
    const truth: string[] = [];
    const predicted: string[] = [];
    testIndices.forEach((row, j) => {
      const prediction = predictions[j];
      if (!prediction) return;
      outOfFoldPredictions[row] = prediction.index;
      truth.push(classes[y[row] as number] as string);
      predicted.push(prediction.label);
    });
    const report = classificationReport(truth, predicted);
    folds.push({ fold: f + 1, trainSize: trainX.length, testSize: testIndices.length, accuracy: report.accuracy, macroF1: report.macro.f1 });
  }

  const accuracies = folds.map((f) => f.accuracy);
  return {
    folds,
    meanAccuracy: accuracies.reduce((a, b) => a + b, 0) / folds.length,
    meanMacroF1: folds.reduce((s, f) => s + f.macroF1, 0) / folds.length,
    stdAccuracy: sampleStd(accuracies),
    outOfFoldPredictions,
  };
}
