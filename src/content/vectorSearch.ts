/**
 * Cosine top-k over the knowledge base's embeddings. Runs on every question against thousands of
 * passages, so vectors are packed once into one Float32Array with their norms precomputed, and
 * the top k are kept in a small heap (O(n log k)) instead of sorting all n scores.
 */
import { WorkbenchError } from '../core';

export interface VectorMatrix {
  /** Row-major: vector i is data[i*dim .. (i+1)*dim). */
  readonly data: Float32Array;
  readonly dim: number;
  readonly count: number;
  readonly norms: Float32Array;
}

export interface ScoredIndex {
  index: number;
  /** Cosine similarity in [-1, 1]; 0 when either vector is all zeros. */
  score: number;
}

export function packVectors(vectors: ReadonlyArray<ArrayLike<number>>): VectorMatrix {
  const count = vectors.length;
  const dim = vectors[0]?.length ?? 0;
  const data = new Float32Array(count * dim);
  const norms = new Float32Array(count);
  vectors.forEach((vector, i) => {
    if (vector.length !== dim) {
      throw new WorkbenchError('bad-input', `Vector ${i} has ${vector.length} dimensions, expected ${dim}.`);
    }
    let sum = 0;
    for (let d = 0; d < dim; d++) {
      const x = vector[d] as number;
      data[i * dim + d] = x;
      sum += x * x;
    }
    norms[i] = Math.sqrt(sum);
  });
  return { data, dim, count, norms };
}

function isMatrix(value: VectorMatrix | ReadonlyArray<ArrayLike<number>>): value is VectorMatrix {
  return (value as VectorMatrix).data instanceof Float32Array && typeof (value as VectorMatrix).dim === 'number';
}

/** a ranks below b: lower score, or the same score and a later index (ties go to the earlier). */
function worse(scoreA: number, indexA: number, scoreB: number, indexB: number): boolean {
  return scoreA < scoreB || (scoreA === scoreB && indexA > indexB);
}

/**
 * The k vectors most similar to `query`, best first; ties broken by lower index. k larger than
 * the number of vectors returns them all. Zero (or non-finite) vectors score 0, so they neither
 * win nor crash the search.
 */
export function cosineTopK(query: ArrayLike<number>, vectors: VectorMatrix | ReadonlyArray<ArrayLike<number>>, k: number): ScoredIndex[] {
  const matrix = isMatrix(vectors) ? vectors : packVectors(vectors);
  const { data, dim, count, norms } = matrix;
  const want = Math.min(Math.max(0, Math.floor(k)), count);
  if (want === 0) return [];
  if (query.length !== dim) throw new WorkbenchError('bad-input', `The query has ${query.length} dimensions, the passages ${dim}.`);

  const q = Float32Array.from(query);
  let qNormSq = 0;
  for (let d = 0; d < dim; d++) qNormSq += (q[d] as number) * (q[d] as number);
  const qNorm = Math.sqrt(qNormSq);

  // Min-heap of the best `want` so far; the root is the worst of them.
  const heapIndex = new Int32Array(want);
  const heapScore = new Float64Array(want);
  let size = 0;

  const siftUp = (pos: number) => {
    while (pos > 0) {
      const parent = (pos - 1) >> 1;
      if (!worse(heapScore[pos] as number, heapIndex[pos] as number, heapScore[parent] as number, heapIndex[parent] as number)) break;
      swap(pos, parent);
      pos = parent;
    }
  };
  const siftDown = (pos: number) => {
    for (;;) {
      const left = 2 * pos + 1;
      const right = left + 1;
      let smallest = pos;
      if (left < size && worse(heapScore[left] as number, heapIndex[left] as number, heapScore[smallest] as number, heapIndex[smallest] as number))
        smallest = left;
      if (right < size && worse(heapScore[right] as number, heapIndex[right] as number, heapScore[smallest] as number, heapIndex[smallest] as number))
        smallest = right;
      if (smallest === pos) return;
      swap(pos, smallest);
      pos = smallest;
    }
  };
  const swap = (a: number, b: number) => {
    const s = heapScore[a] as number;
    heapScore[a] = heapScore[b] as number;
    heapScore[b] = s;
    const i = heapIndex[a] as number;
    heapIndex[a] = heapIndex[b] as number;
    heapIndex[b] = i;
  };

  for (let i = 0; i < count; i++) {
    const norm = norms[i] as number;
    let score = 0;
    if (qNorm > 0 && norm > 0) {
      let dot = 0;
      const offset = i * dim;
      for (let d = 0; d < dim; d++) dot += (q[d] as number) * (data[offset + d] as number);
      score = dot / (qNorm * norm);
      // Rounding can give 1.0000001; NaN/Infinity come from non-finite inputs.
      score = Number.isFinite(score) ? Math.min(1, Math.max(-1, score)) : 0;
    }
    if (size < want) {
      heapScore[size] = score;
      heapIndex[size] = i;
      size++;
      siftUp(size - 1);
    } else if (worse(heapScore[0] as number, heapIndex[0] as number, score, i)) {
      heapScore[0] = score;
      heapIndex[0] = i;
      siftDown(0);
    }
  }

  const result: ScoredIndex[] = [];
  for (let h = 0; h < size; h++) result.push({ index: heapIndex[h] as number, score: heapScore[h] as number });
  return result.sort((a, b) => b.score - a.score || a.index - b.index);
}
