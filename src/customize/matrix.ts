/**
 * Input checking and packing for embedding matrices. Embeddings arrive as `number[][]` from the
 * worker protocol or as `Float32Array[]` from storage; training wants one contiguous typed array
 * (row-major, Float64 so that gradients accumulate without float32 round-off).
 */
import { WorkbenchError } from '../core';

export type Vector = ArrayLike<number>;

export interface PackedMatrix {
  data: Float64Array;
  rows: number;
  cols: number;
}

/** Packs rows into one typed array, rejecting ragged or non-finite input with a clear message. */
export function packRows(rows: readonly Vector[], what = 'embedding'): PackedMatrix {
  if (rows.length === 0) throw new WorkbenchError('bad-input', `No ${what}s were given.`);
  const cols = (rows[0] as Vector).length;
  if (cols === 0) throw new WorkbenchError('bad-input', `The ${what}s are empty (0 dimensions).`);
  const data = new Float64Array(rows.length * cols);
  rows.forEach((row, r) => {
    if (row.length !== cols) {
      throw new WorkbenchError('bad-input', `${capitalise(what)} ${r + 1} has ${row.length} dimensions; the first has ${cols}.`);
    }
    for (let c = 0; c < cols; c++) {
      const value = row[c] as number;
      if (!Number.isFinite(value)) {
        throw new WorkbenchError('bad-input', `${capitalise(what)} ${r + 1} contains a value that is not a finite number.`);
      }
      data[r * cols + c] = value;
    }
  });
  return { data, rows: rows.length, cols };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function dot(a: Vector, b: Vector): number {
  let sum = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) sum += (a[i] as number) * (b[i] as number);
  return sum;
}

export function norm(a: Vector): number {
  return Math.sqrt(dot(a, a));
}

/** Cosine similarity; 0 when either vector is all zeros (rather than NaN). */
export function cosineSimilarity(a: Vector, b: Vector): number {
  const denominator = norm(a) * norm(b);
  return denominator === 0 ? 0 : dot(a, b) / denominator;
}

/** Softmax in place over `values[offset .. offset + length)`, stable for large logits. */
export function softmaxInPlace(values: Float64Array, offset = 0, length = values.length - offset): void {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < length; i++) max = Math.max(max, values[offset + i] as number);
  let sum = 0;
  for (let i = 0; i < length; i++) {
    const e = Math.exp((values[offset + i] as number) - max);
    values[offset + i] = e;
    sum += e;
  }
  for (let i = 0; i < length; i++) values[offset + i] = (values[offset + i] as number) / sum;
}
