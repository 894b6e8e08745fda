/**
 * Multinomial logistic regression (softmax) on sentence embeddings — the "Customize" app's
 * classifier. Small, convex and fast enough to train in the browser on a few thousand rows, and
 * it needs no model download beyond the embedding model the user already has.
 *
 * Training: mini-batch gradient descent with Adam (Kingma & Ba 2015) on the mean cross-entropy
 * plus (l2 / 2)·‖W‖² (the bias is not penalised). Features are optionally standardised
 * (zero mean, unit variance per dimension) during training; the scaling is folded back into
 * the returned weights, so a model is always a plain `softmax(W·x + b)` on raw embeddings.
 *
 * Determinism: weights are initialised and batches shuffled from one seeded mulberry32 stream,
 * so the same data, options and seed give bit-identical weights.
 *
 * Cancellation: `shouldStop` is polled before every mini-batch; a true answer throws
 * WorkbenchError('cancelled'). The async `trainSoftmax` yields to the event loop every few
 * milliseconds (`yieldIntervalMs`), so a cancel message posted to a worker, or a click on the main
 * thread, can flip the flag `shouldStop` reads.
 */
import { dict } from './dict';
import { WorkbenchError, timeSlicer } from '../core';
import { packRows, softmaxInPlace, type PackedMatrix, type Vector } from './matrix';
import { mulberry32, randomNormal, shuffleInPlace } from './random';

export interface TrainOptions {
  /** Class names; `y` holds indices into this list. */
  classes: readonly string[];
  /** L2 penalty strength; 1e-4 by default. */
  l2?: number;
  /** Adam step size; 0.01 by default. */
  learningRate?: number;
  /** Passes over the data; 100 by default. */
  epochs?: number;
  /** Rows per gradient step; 32 by default (capped at the number of rows). */
  batchSize?: number;
  /** Seed for initial weights and batch order; 42 by default. */
  seed?: number;
  /** Standardise features while training (recommended; embeddings' scales vary); true by default. */
  standardize?: boolean;
  /** Called after every epoch with the mean mini-batch loss of that epoch. */
  onProgress?: (epoch: number, loss: number) => void;
  /** Polled before every mini-batch; return true to cancel. */
  shouldStop?: () => boolean;
  /** Extra facts stored with the model, e.g. `{ embeddingModel: 'Xenova/all-MiniLM-L6-v2' }`. */
  metadata?: Record<string, string | number | boolean>;
  /** Async only: the longest stretch, in ms, before yielding to the event loop; 25 by default. */
  yieldIntervalMs?: number;
}

export interface ModelMetadata {
  /** ISO time the model finished training. */
  trainedAt: string;
  examples: number;
  /** Training rows per class name. */
  classCounts: Record<string, number>;
  epochs: number;
  learningRate: number;
  l2: number;
  batchSize: number;
  seed: number;
  standardized: boolean;
  /** Cross-entropy + L2 term on the full training set after the last epoch. */
  finalLoss: number;
  trainingAccuracy: number;
  /** The caller's `metadata` option. */
  extra: Record<string, string | number | boolean>;
}

/** A trained classifier; plain JSON-compatible data (see serialize.ts). */
export interface SoftmaxModel {
  classes: string[];
  /** Embedding dimensions the model expects. */
  dims: number;
  /** weights[c][j]: class c, dimension j, applied to raw (unstandardised) embeddings. */
  weights: number[][];
  bias: number[];
  metadata: ModelMetadata;
}

/** What prediction needs of a model: the Customize app's saved head, without its metadata. */
export type ClassifierWeights = Pick<SoftmaxModel, 'classes' | 'dims' | 'weights' | 'bias'>;

export interface Prediction {
  label: string;
  /** Index of `label` in `model.classes`. */
  index: number;
  /** One probability per class, in `model.classes` order. */
  probabilities: number[];
}

interface Resolved {
  classes: string[];
  l2: number;
  learningRate: number;
  epochs: number;
  batchSize: number;
  seed: number;
  standardize: boolean;
}

const bad = (message: string) => new WorkbenchError('bad-input', message);
const cancelled = () => new WorkbenchError('cancelled', 'Training was cancelled.');

function resolveOptions(options: TrainOptions, rows: number): Resolved {
  const classes = [...options.classes];
  if (classes.length < 2) throw bad('A classifier needs at least two categories.');
  if (classes.some((c) => typeof c !== 'string' || c.trim() === '')) throw bad('Every category needs a name.');
  if (new Set(classes).size !== classes.length) throw bad('Two categories have the same name.');
  const l2 = options.l2 ?? 1e-4;
  const learningRate = options.learningRate ?? 0.01;
  const epochs = options.epochs ?? 100;
  const batchSize = options.batchSize ?? 32;
  const seed = options.seed ?? 42;
  if (!(Number.isFinite(l2) && l2 >= 0)) throw bad(`The L2 penalty must be a number ≥ 0, got ${l2}.`);
  if (!(Number.isFinite(learningRate) && learningRate > 0)) throw bad(`The learning rate must be > 0, got ${learningRate}.`);
  if (!(Number.isInteger(epochs) && epochs >= 1)) throw bad(`Epochs must be a whole number ≥ 1, got ${epochs}.`);
  if (!(Number.isInteger(batchSize) && batchSize >= 1)) throw bad(`The batch size must be a whole number ≥ 1, got ${batchSize}.`);
  if (!Number.isFinite(seed)) throw bad(`The seed must be a number, got ${seed}.`);
  return { classes, l2, learningRate, epochs, batchSize: Math.min(batchSize, rows), seed, standardize: options.standardize ?? true };
}

function checkLabels(y: readonly number[], rows: number, classCount: number): void {
  if (y.length !== rows) throw bad(`There are ${rows} embeddings but ${y.length} labels.`);
  y.forEach((label, i) => {
    if (!Number.isInteger(label) || label < 0 || label >= classCount) {
      throw bad(`Label ${i + 1} (${String(label)}) is not one of the ${classCount} categories.`);
    }
  });
}

/** Per-dimension mean and scale (population std; 1 for constant dimensions). */
function columnStats(x: PackedMatrix): { mean: Float64Array; scale: Float64Array } {
  const { data, rows, cols } = x;
  const mean = new Float64Array(cols);
  const scale = new Float64Array(cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) mean[c]! += data[r * cols + c] as number;
  for (let c = 0; c < cols; c++) mean[c] = (mean[c] as number) / rows;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const d = (data[r * cols + c] as number) - (mean[c] as number);
      scale[c]! += d * d;
    }
  }
  for (let c = 0; c < cols; c++) {
    const std = Math.sqrt((scale[c] as number) / rows);
    scale[c] = std > 1e-12 ? std : 1;
  }
  return { mean, scale };
}

/** Logits for row r of `data` into `out[0..k)`. */
function logitsInto(out: Float64Array, w: Float64Array, b: Float64Array, data: Float64Array, r: number, k: number, d: number): void {
  const rowOffset = r * d;
  for (let c = 0; c < k; c++) {
    let z = b[c] as number;
    const wOffset = c * d;
    for (let j = 0; j < d; j++) z += (w[wOffset + j] as number) * (data[rowOffset + j] as number);
    out[c] = z;
  }
}

/**
 * The training loop as a generator that yields after every mini-batch and every epoch, so the
 * sync and async entry points share one implementation (the async one decides when to pause).
 */
function* trainingSteps(X: readonly Vector[], y: readonly number[], options: TrainOptions, result: { model?: SoftmaxModel }) {
  const packed = packRows(X);
  const opts = resolveOptions(options, packed.rows);
  checkLabels(y, packed.rows, opts.classes.length);
  const n = packed.rows;
  const d = packed.cols;
  const k = opts.classes.length;

  // Standardise a copy; the caller's arrays are never modified.
  const stats = opts.standardize ? columnStats(packed) : null;
  const data = new Float64Array(packed.data);
  if (stats) {
    for (let r = 0; r < n; r++) {
      for (let j = 0; j < d; j++) {
        const i = r * d + j;
        data[i] = ((data[i] as number) - (stats.mean[j] as number)) / (stats.scale[j] as number);
      }
    }
  }

  const rng = mulberry32(opts.seed);
  const w = new Float64Array(k * d);
  const b = new Float64Array(k);
  // Small random weights; the problem is convex, so this only breaks ties between seeds.
  const initScale = 0.01 / Math.sqrt(d);
  for (let i = 0; i < w.length; i++) w[i] = randomNormal(rng) * initScale;

  const mW = new Float64Array(k * d);
  const vW = new Float64Array(k * d);
  const mB = new Float64Array(k);
  const vB = new Float64Array(k);
  const gW = new Float64Array(k * d);
  const gB = new Float64Array(k);
  const probs = new Float64Array(k);
  const beta1 = 0.9;
  const beta2 = 0.999;
  const epsilon = 1e-8;
  let step = 0;

  const order = Array.from({ length: n }, (_, i) => i);
  for (let epoch = 1; epoch <= opts.epochs; epoch++) {
    shuffleInPlace(order, rng);
    let epochLoss = 0;
    for (let start = 0; start < n; start += opts.batchSize) {
      if (options.shouldStop?.()) throw cancelled();
      const end = Math.min(start + opts.batchSize, n);
      const size = end - start;
      gW.fill(0);
      gB.fill(0);
      let batchLoss = 0;
      for (let p = start; p < end; p++) {
        const r = order[p] as number;
        const target = y[r] as number;
        logitsInto(probs, w, b, data, r, k, d);
        softmaxInPlace(probs);
        batchLoss -= Math.log(Math.max(probs[target] as number, 1e-300));
        const rowOffset = r * d;
        for (let c = 0; c < k; c++) {
          const delta = (probs[c] as number) - (c === target ? 1 : 0);
          if (delta === 0) continue;
          gB[c]! += delta;
          const wOffset = c * d;
          for (let j = 0; j < d; j++) gW[wOffset + j]! += delta * (data[rowOffset + j] as number);
        }
      }
      epochLoss += batchLoss;

      // Adam update.
      step++;
      const correction1 = 1 - beta1 ** step;
      const correction2 = 1 - beta2 ** step;
      const lr = opts.learningRate;
      for (let i = 0; i < w.length; i++) {
        const g = (gW[i] as number) / size + opts.l2 * (w[i] as number);
        const m = beta1 * (mW[i] as number) + (1 - beta1) * g;
        const v = beta2 * (vW[i] as number) + (1 - beta2) * g * g;
        mW[i] = m;
        vW[i] = v;
        w[i] = (w[i] as number) - (lr * (m / correction1)) / (Math.sqrt(v / correction2) + epsilon);
      }
      for (let c = 0; c < k; c++) {
        const g = (gB[c] as number) / size;
        const m = beta1 * (mB[c] as number) + (1 - beta1) * g;
        const v = beta2 * (vB[c] as number) + (1 - beta2) * g * g;
        mB[c] = m;
        vB[c] = v;
        b[c] = (b[c] as number) - (lr * (m / correction1)) / (Math.sqrt(v / correction2) + epsilon);
      }
      yield 'batch' as const;
    }
    const loss = epochLoss / n + penalty(w, opts.l2);
    if (!Number.isFinite(loss)) {
      throw new WorkbenchError('internal', 'Training diverged (the loss is no longer a number). Try a lower learning rate.');
    }
    options.onProgress?.(epoch, loss);
    yield 'epoch' as const;
  }
  if (options.shouldStop?.()) throw cancelled();

  // Final loss and accuracy on the training set, in the standardised space used for training.
  let loss = 0;
  let correct = 0;
  for (let r = 0; r < n; r++) {
    logitsInto(probs, w, b, data, r, k, d);
    softmaxInPlace(probs);
    const target = y[r] as number;
    loss -= Math.log(Math.max(probs[target] as number, 1e-300));
    if (argmax(probs) === target) correct++;
  }

  // Fold the standardisation into the weights: w·((x − μ)/σ) + b = (w/σ)·x + (b − Σ w μ/σ).
  const weights: number[][] = [];
  const bias: number[] = [];
  for (let c = 0; c < k; c++) {
    const row: number[] = new Array<number>(d);
    let offset = b[c] as number;
    for (let j = 0; j < d; j++) {
      const raw = w[c * d + j] as number;
      const scaled = stats ? raw / (stats.scale[j] as number) : raw;
      if (stats) offset -= scaled * (stats.mean[j] as number);
      row[j] = scaled + 0; // + 0 turns -0 into 0, which JSON cannot tell apart anyway
    }
    weights.push(row);
    bias.push(offset + 0);
  }

  const classCounts = dict<number>();
  for (const name of opts.classes) classCounts[name] = 0;
  for (const label of y) classCounts[opts.classes[label] as string]! += 1;

  result.model = {
    classes: opts.classes,
    dims: d,
    weights,
    bias,
    metadata: {
      trainedAt: new Date().toISOString(),
      examples: n,
      classCounts,
      epochs: opts.epochs,
      learningRate: opts.learningRate,
      l2: opts.l2,
      batchSize: opts.batchSize,
      seed: opts.seed,
      standardized: opts.standardize,
      finalLoss: loss / n + penalty(w, opts.l2),
      trainingAccuracy: correct / n,
      extra: { ...(options.metadata ?? {}) },
    },
  };
}

function penalty(w: Float64Array, l2: number): number {
  if (l2 === 0) return 0;
  let sum = 0;
  for (let i = 0; i < w.length; i++) sum += (w[i] as number) ** 2;
  return (l2 / 2) * sum;
}

function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if ((values[i] as number) > (values[best] as number)) best = i;
  return best;
}

/** Trains synchronously (tests, or a worker that needs no cancellation between epochs). */
export function trainSoftmaxSync(X: readonly Vector[], y: readonly number[], options: TrainOptions): SoftmaxModel {
  const result: { model?: SoftmaxModel } = {};
  for (const _ of trainingSteps(X, y, options, result)) void _;
  if (!result.model) throw new WorkbenchError('internal', 'Training finished without a model.');
  return result.model;
}

/**
 * Trains without blocking the thread for long: yields to the event loop whenever
 * `yieldIntervalMs` has passed (checked after every mini-batch), so progress can render and
 * cancellation can arrive.
 */
export async function trainSoftmax(X: readonly Vector[], y: readonly number[], options: TrainOptions): Promise<SoftmaxModel> {
  const result: { model?: SoftmaxModel } = {};
  const checkpoint = timeSlicer({ sliceMs: options.yieldIntervalMs ?? 25 });
  for (const _ of trainingSteps(X, y, options, result)) await checkpoint();
  if (!result.model) throw new WorkbenchError('internal', 'Training finished without a model.');
  return result.model;
}

function checkDims(model: ClassifierWeights, length: number, row: number): void {
  if (length !== model.dims) {
    throw bad(
      `The classifier expects ${model.dims}-dimensional embeddings but row ${row + 1} has ${length}. ` + 'Was it trained with a different embedding model?',
    );
  }
}

/** Class probabilities of one embedding, in `model.classes` order. */
export function predictProbabilities(model: ClassifierWeights, x: Vector): number[] {
  checkDims(model, x.length, 0);
  return probabilitiesOf(model, x);
}

function probabilitiesOf(model: ClassifierWeights, x: Vector): number[] {
  const k = model.classes.length;
  const z = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    const weights = model.weights[c] as number[];
    let sum = model.bias[c] as number;
    for (let j = 0; j < model.dims; j++) sum += (weights[j] as number) * (x[j] as number);
    z[c] = sum;
  }
  softmaxInPlace(z);
  return Array.from(z);
}

/** Label and probabilities for each embedding. Ties go to the earlier class. */
export function predict(model: ClassifierWeights, X: readonly Vector[]): Prediction[] {
  return X.map((x, row) => {
    checkDims(model, x.length, row);
    for (let j = 0; j < x.length; j++) {
      if (!Number.isFinite(x[j] as number)) throw bad(`Embedding ${row + 1} contains a value that is not a finite number.`);
    }
    const probabilities = probabilitiesOf(model, x);
    const index = argmax(probabilities);
    return { label: model.classes[index] as string, index, probabilities };
  });
}

export function predictOne(model: ClassifierWeights, x: Vector): Prediction {
  return predict(model, [x])[0] as Prediction;
}
