/**
 * What the engine makes of an encoder's raw outputs, on flat typed arrays: the best label per
 * row from classification logits, and mean-pooled, L2-normalised sentence vectors from hidden
 * states. Same results as transformers.js's text-classification and feature-extraction
 * pipelines (softmax or sigmoid, then top-1; `pooling: 'mean', normalize: true`), without
 * building a Tensor per row.
 */

export interface ScoredLabel {
  label: string;
  score: number;
}

/**
 * The best label of each row of `[rows, classes]` logits. Softmax, or an independent sigmoid per
 * class for multi-label models, as the model's config says.
 */
export function bestLabels(logits: ArrayLike<number>, rows: number, id2label: Record<string, string> | undefined, multiLabel = false): ScoredLabel[] {
  const classes = rows === 0 ? 0 : logits.length / rows;
  const results: ScoredLabel[] = [];
  for (let row = 0; row < rows; row++) {
    const offset = row * classes;
    let best = 0;
    let max = -Infinity;
    for (let c = 0; c < classes; c++) {
      const value = logits[offset + c]!;
      if (value > max) {
        max = value;
        best = c;
      }
    }
    let score: number;
    if (multiLabel) {
      score = 1 / (1 + Math.exp(-max));
    } else {
      let sum = 0;
      for (let c = 0; c < classes; c++) sum += Math.exp(logits[offset + c]! - max);
      score = 1 / sum;
    }
    results.push({ label: id2label?.[best] ?? `LABEL_${best}`, score });
  }
  return results;
}

/**
 * Mean of each row's token vectors over its real tokens (mask 1), scaled to unit length.
 * `hidden` is `[rows, width, size]`, `mask` is `[rows, width]`.
 */
export function meanPooledUnitVectors(hidden: ArrayLike<number>, mask: ArrayLike<bigint | number>, rows: number, width: number): number[][] {
  const size = rows * width === 0 ? 0 : hidden.length / (rows * width);
  const vectors: number[][] = [];
  for (let row = 0; row < rows; row++) {
    const sum = new Float64Array(size);
    let tokens = 0;
    for (let position = 0; position < width; position++) {
      if (Number(mask[row * width + position]) === 0) continue;
      tokens++;
      const offset = (row * width + position) * size;
      for (let d = 0; d < size; d++) sum[d]! += hidden[offset + d]!;
    }
    let norm = 0;
    for (let d = 0; d < size; d++) {
      sum[d]! /= Math.max(tokens, 1);
      norm += sum[d]! * sum[d]!;
    }
    // Clamped so an all-zero vector stays zero instead of becoming NaN.
    norm = Math.max(Math.sqrt(norm), 1e-12);
    vectors.push(Array.from(sum, (value) => value / norm));
  }
  return vectors;
}
