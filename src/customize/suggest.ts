/**
 * Which rows should the user label next?
 *
 *  - With no labels yet: the rows whose embeddings are closest (cosine) to each category
 *    name's embedding — likely members, cheap to confirm or reject.
 *  - With a trained model: the rows it is least sure about (uncertainty sampling, Lewis & Gale
 *    1994): smallest margin between the top two probabilities, or highest entropy. Labelling
 *    those teaches the model the most per click.
 */
import { WorkbenchError } from '../core';
import { cosineSimilarity, type Vector } from './matrix';
import { predict, type SoftmaxModel } from './softmax';

export interface CategoryEmbedding {
  name: string;
  embedding: Vector;
}

export interface NearestRows {
  category: string;
  rows: Array<{ index: number; similarity: number }>;
}

export interface UncertainRow {
  index: number;
  predicted: string;
  /** Top probability minus the runner-up (0 = a coin flip between two classes). */
  margin: number;
  /** Shannon entropy of the probabilities, in nats (ln k = completely unsure). */
  entropy: number;
}

export interface SuggestOptions {
  categories: readonly CategoryEmbedding[];
  rows: readonly Vector[];
  /** Suggestions per category; 5 by default. */
  perCategory?: number;
  /** Row indices to leave out (already labelled). */
  exclude?: Iterable<number>;
  /** When given, also return the rows this model is least sure about. */
  model?: SoftmaxModel;
  /** How many uncertain rows; 10 by default. */
  uncertainCount?: number;
  uncertainty?: 'margin' | 'entropy';
}

export interface Suggestions {
  nearest: NearestRows[];
  uncertain: UncertainRow[];
}

function checkCount(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) throw new WorkbenchError('bad-input', `${name} must be a whole number ≥ 0, got ${value}.`);
}

/** For each category, the `perCategory` most similar rows, most similar first (ties: lower index). */
export function nearestToCategories(
  categories: readonly CategoryEmbedding[],
  rows: readonly Vector[],
  perCategory = 5,
  exclude: Iterable<number> = [],
): NearestRows[] {
  checkCount('perCategory', perCategory);
  const skip = new Set(exclude);
  return categories.map(({ name, embedding }) => {
    const scored: Array<{ index: number; similarity: number }> = [];
    rows.forEach((row, index) => {
      if (skip.has(index)) return;
      if (row.length !== embedding.length) {
        throw new WorkbenchError('bad-input', `Row ${index + 1} has ${row.length} dimensions but the embedding of "${name}" has ${embedding.length}.`);
      }
      scored.push({ index, similarity: cosineSimilarity(row, embedding) });
    });
    scored.sort((a, b) => b.similarity - a.similarity || a.index - b.index);
    return { category: name, rows: scored.slice(0, perCategory) };
  });
}

function describeUncertainty(probabilities: readonly number[]): { margin: number; entropy: number } {
  let first = 0;
  let second = 0;
  let entropy = 0;
  for (const p of probabilities) {
    if (p > first) {
      second = first;
      first = p;
    } else if (p > second) second = p;
    if (p > 0) entropy -= p * Math.log(p);
  }
  return { margin: first - second, entropy };
}

/** The `count` rows the model is least sure about, least sure first (ties: lower index). */
export function mostUncertain(
  model: SoftmaxModel,
  rows: readonly Vector[],
  count = 10,
  by: 'margin' | 'entropy' = 'margin',
  exclude: Iterable<number> = [],
): UncertainRow[] {
  checkCount('count', count);
  const skip = new Set(exclude);
  const indices = rows.map((_, i) => i).filter((i) => !skip.has(i));
  const predictions = predict(
    model,
    indices.map((i) => rows[i] as Vector),
  );
  const described = predictions.map((prediction, j) => ({
    index: indices[j] as number,
    predicted: prediction.label,
    ...describeUncertainty(prediction.probabilities),
  }));
  described.sort((a, b) => (by === 'margin' ? a.margin - b.margin : b.entropy - a.entropy) || a.index - b.index);
  return described.slice(0, count);
}

export function suggestExamples(options: SuggestOptions): Suggestions {
  const exclude = [...(options.exclude ?? [])];
  return {
    nearest: nearestToCategories(options.categories, options.rows, options.perCategory ?? 5, exclude),
    uncertain: options.model ? mostUncertain(options.model, options.rows, options.uncertainCount ?? 10, options.uncertainty ?? 'margin', exclude) : [],
  };
}
