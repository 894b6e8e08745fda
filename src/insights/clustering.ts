/**
 * Spherical k-means for sentence embeddings: vectors are L2-normalised, similarity is the dot
 * product (cosine), centroids are renormalised means. Everything runs on flat Float32Arrays so
 * 20,000 × 384 vectors are one 30 MB buffer and one pass is O(n·k·dim).
 *
 * Determinism: k-means++ seeding, sampling and splits all draw from `mulberry32(seed)`, so the
 * same vectors and seed always give the same clusters (the UI must not reshuffle themes on reload).
 */
import type { Matrix } from './types';
import { mulberry32, randomInt, sampleIndices } from './random';

export interface ClusterResult {
  k: number;
  dim: number;
  /** Cluster id per row, in [0, k). */
  assignments: Int32Array;
  /** k × dim unit-length centroids (a cluster with no members keeps a zero centroid). */
  centroids: Float32Array;
  sizes: number[];
  iterations: number;
  /** Σ (1 − cos(row, its centroid)): lower is tighter. */
  inertia: number;
}

export interface KMeansOptions {
  seed?: number;
  maxIterations?: number;
  /** Stop when at most this share of rows changed cluster in an iteration. */
  tolerance?: number;
  /** Starting centroids (k × dim, unit length) instead of k-means++: used to refine a sample's solution on all rows. */
  initialCentroids?: Float32Array;
}

export interface AutoClusterOptions extends Omit<KMeansOptions, 'initialCentroids'> {
  minK?: number;
  /** Upper bound of the search; the default is min(12, floor(n / 5)). */
  maxK?: number;
  /** Rows used to choose k (default 1000, at most 3000: the distance matrix is sampleSize² floats). */
  sampleSize?: number;
  /** k-means restarts per k on the sample; the lowest inertia wins (one unlucky seeding must not decide k). Default 2. */
  restarts?: number;
}

export interface AutoClusterResult extends ClusterResult {
  /** Silhouette score of each k tried, for the UI's "why this many themes" detail. */
  silhouettes: Array<{ k: number; score: number }>;
}

const DEFAULT_SEED = 42;
/** 3000² float32 distances = 36 MB: the most the silhouette sample may cost. */
const MAX_SAMPLE = 3000;

/** Number arrays (what the worker returns) → one flat Float32Array. */
export function toMatrix(vectors: ReadonlyArray<ArrayLike<number>>): Matrix {
  const rows = vectors.length;
  const dim = rows === 0 ? 0 : vectors[0]!.length;
  const data = new Float32Array(rows * dim);
  vectors.forEach((vector, r) => {
    if (vector.length !== dim) throw new RangeError(`Vector ${r} has ${vector.length} dimensions; expected ${dim}.`);
    for (let d = 0; d < dim; d++) data[r * dim + d] = vector[d]!;
  });
  return { data, rows, dim };
}

/** A copy with every row scaled to unit length; all-zero rows stay zero. */
export function normalizeRows(matrix: Matrix): Matrix {
  const { rows, dim } = matrix;
  const data = new Float32Array(matrix.data);
  for (let r = 0; r < rows; r++) {
    const offset = r * dim;
    let norm = 0;
    for (let d = 0; d < dim; d++) norm += data[offset + d]! * data[offset + d]!;
    norm = Math.sqrt(norm);
    if (norm > 0) for (let d = 0; d < dim; d++) data[offset + d]! /= norm;
  }
  return { data, rows, dim };
}

/** The rows at `indices`, as a new matrix. */
export function subMatrix(matrix: Matrix, indices: ArrayLike<number>): Matrix {
  const { dim } = matrix;
  const data = new Float32Array(indices.length * dim);
  for (let i = 0; i < indices.length; i++) {
    const from = indices[i]! * dim;
    data.set(matrix.data.subarray(from, from + dim), i * dim);
  }
  return { data, rows: indices.length, dim };
}

/** The hot loop of everything here; four accumulators let V8 overlap the multiply-adds (~25% faster). */
function dot(a: Float32Array, aOffset: number, b: Float32Array, bOffset: number, dim: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let d = 0;
  for (; d + 3 < dim; d += 4) {
    s0 += a[aOffset + d]! * b[bOffset + d]!;
    s1 += a[aOffset + d + 1]! * b[bOffset + d + 1]!;
    s2 += a[aOffset + d + 2]! * b[bOffset + d + 2]!;
    s3 += a[aOffset + d + 3]! * b[bOffset + d + 3]!;
  }
  for (; d < dim; d++) s0 += a[aOffset + d]! * b[bOffset + d]!;
  return s0 + s1 + s2 + s3;
}

/** Cosine similarity of row `row` to centroid `cluster` (centroids are unit length; the row need not be). */
export function similarityToCentroid(matrix: Matrix, result: ClusterResult, row: number, cluster = result.assignments[row]!): number {
  const offset = row * matrix.dim;
  const norm = Math.sqrt(dot(matrix.data, offset, matrix.data, offset, matrix.dim));
  return norm === 0 ? 0 : dot(matrix.data, offset, result.centroids, cluster * matrix.dim, matrix.dim) / norm;
}

/** k-means++: each new centre is drawn with probability ∝ (1 − cos)² to the nearest chosen one. */
function kmeansPlusPlus(matrix: Matrix, k: number, random: () => number): Float32Array {
  const { data, rows, dim } = matrix;
  const centroids = new Float32Array(k * dim);
  const nearest = new Float64Array(rows).fill(Infinity);
  let chosen = randomInt(random, rows);
  for (let c = 0; c < k; c++) {
    centroids.set(data.subarray(chosen * dim, chosen * dim + dim), c * dim);
    let total = 0;
    for (let r = 0; r < rows; r++) {
      const distance = Math.max(0, 1 - dot(data, r * dim, centroids, c * dim, dim));
      const squared = distance * distance;
      if (squared < nearest[r]!) nearest[r] = squared;
      total += nearest[r]!;
    }
    if (c === k - 1) break;
    if (total <= 0) {
      chosen = randomInt(random, rows); // every row coincides with a centre: any row will do
      continue;
    }
    let target = random() * total;
    chosen = rows - 1;
    for (let r = 0; r < rows; r++) {
      target -= nearest[r]!;
      if (target < 0) {
        chosen = r;
        break;
      }
    }
  }
  return centroids;
}

/** Assigns rows to their most similar centroid; returns how many changed and the inertia. */
function assign(matrix: Matrix, centroids: Float32Array, k: number, assignments: Int32Array, similarity: Float32Array): { changed: number; inertia: number } {
  const { data, rows, dim } = matrix;
  let changed = 0;
  let inertia = 0;
  for (let r = 0; r < rows; r++) {
    let bestCluster = 0;
    let bestSimilarity = -Infinity;
    for (let c = 0; c < k; c++) {
      const s = dot(data, r * dim, centroids, c * dim, dim);
      if (s > bestSimilarity) {
        bestSimilarity = s;
        bestCluster = c;
      }
    }
    if (assignments[r] !== bestCluster) changed++;
    assignments[r] = bestCluster;
    similarity[r] = bestSimilarity;
    inertia += 1 - bestSimilarity;
  }
  return { changed, inertia };
}

/** Centroids = renormalised member means. An empty cluster is re-seeded with the row farthest from its centroid. */
function update(matrix: Matrix, k: number, assignments: Int32Array, similarity: Float32Array, centroids: Float32Array): void {
  const { data, rows, dim } = matrix;
  const sums = new Float64Array(k * dim);
  const sizes = new Array<number>(k).fill(0);
  for (let r = 0; r < rows; r++) {
    const c = assignments[r]!;
    sizes[c]!++;
    const offset = r * dim;
    for (let d = 0; d < dim; d++) sums[c * dim + d]! += data[offset + d]!;
  }
  for (let c = 0; c < k; c++) {
    if (sizes[c] === 0) {
      let farthest = -1;
      let lowest = Infinity;
      for (let r = 0; r < rows; r++) {
        const from = assignments[r]!;
        if (sizes[from]! > 1 && similarity[r]! < lowest) {
          lowest = similarity[r]!;
          farthest = r;
        }
      }
      if (farthest === -1) continue; // fewer distinct rows than clusters
      const from = assignments[farthest]!;
      for (let d = 0; d < dim; d++) sums[from * dim + d]! -= data[farthest * dim + d]!;
      sizes[from]!--;
      assignments[farthest] = c;
      similarity[farthest] = 1;
      sizes[c] = 1;
      for (let d = 0; d < dim; d++) sums[c * dim + d] = data[farthest * dim + d]!;
    }
  }
  for (let c = 0; c < k; c++) {
    let norm = 0;
    for (let d = 0; d < dim; d++) norm += sums[c * dim + d]! * sums[c * dim + d]!;
    norm = Math.sqrt(norm);
    for (let d = 0; d < dim; d++) centroids[c * dim + d] = norm > 0 ? sums[c * dim + d]! / norm : 0;
  }
}

function isNormalized(matrix: Matrix): boolean {
  const { data, rows, dim } = matrix;
  const step = Math.max(1, Math.floor(rows / 50));
  for (let r = 0; r < rows; r += step) {
    const n = dot(data, r * dim, data, r * dim, dim);
    if (n !== 0 && Math.abs(n - 1) > 1e-3) return false;
  }
  return true;
}

/** k-means with cosine similarity. Rows are normalised first unless they already are. */
export function kmeans(input: Matrix, k: number, options: KMeansOptions = {}): ClusterResult {
  const matrix = isNormalized(input) ? input : normalizeRows(input);
  const { rows, dim } = matrix;
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}.`);
  const clusters = Math.min(k, Math.max(1, rows));
  const random = mulberry32(options.seed ?? DEFAULT_SEED);
  const maxIterations = options.maxIterations ?? 50;
  const tolerance = options.tolerance ?? 1e-4;
  const centroids =
    options.initialCentroids && options.initialCentroids.length === clusters * dim
      ? new Float32Array(options.initialCentroids)
      : rows === 0
        ? new Float32Array(clusters * dim)
        : kmeansPlusPlus(matrix, clusters, random);
  const assignments = new Int32Array(rows).fill(-1);
  const similarity = new Float32Array(rows);
  let iterations = 0;
  while (iterations < maxIterations) {
    iterations++;
    const step = assign(matrix, centroids, clusters, assignments, similarity);
    update(matrix, clusters, assignments, similarity, centroids);
    if (step.changed <= tolerance * rows) break;
  }
  // Final assignment against the final centroids, so assignments and centroids agree.
  const inertia = assign(matrix, centroids, clusters, assignments, similarity).inertia;
  const sizes = new Array<number>(clusters).fill(0);
  for (let r = 0; r < rows; r++) sizes[assignments[r]!]!++;
  return { k: clusters, dim, assignments, centroids, sizes, iterations, inertia };
}

/** Pairwise cosine distances of a normalised matrix (rows × rows, symmetric). */
function distanceMatrix(matrix: Matrix): Float32Array {
  const { data, rows, dim } = matrix;
  const distances = new Float32Array(rows * rows);
  for (let i = 0; i < rows; i++) {
    for (let j = i + 1; j < rows; j++) {
      const d = 1 - dot(data, i * dim, data, j * dim, dim);
      distances[i * rows + j] = d;
      distances[j * rows + i] = d;
    }
  }
  return distances;
}

function silhouetteFromDistances(distances: Float32Array, rows: number, assignments: ArrayLike<number>, k: number): number {
  const sizes = new Array<number>(k).fill(0);
  for (let i = 0; i < rows; i++) sizes[assignments[i]!]!++;
  const sums = new Float64Array(k);
  let total = 0;
  for (let i = 0; i < rows; i++) {
    const own = assignments[i]!;
    if (sizes[own]! <= 1) continue; // a singleton's silhouette is 0 by definition
    sums.fill(0);
    for (let j = 0; j < rows; j++) sums[assignments[j]!]! += distances[i * rows + j]!;
    const a = sums[own]! / (sizes[own]! - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && sizes[c]! > 0) b = Math.min(b, sums[c]! / sizes[c]!);
    if (!Number.isFinite(b)) continue;
    const denominator = Math.max(a, b);
    total += denominator > 0 ? (b - a) / denominator : 0;
  }
  return rows === 0 ? 0 : total / rows;
}

/** Mean silhouette (cosine distance) of a clustering, on a seeded sample of at most `sampleSize` rows. */
export function silhouetteScore(input: Matrix, assignments: ArrayLike<number>, k: number, options: { sampleSize?: number; seed?: number } = {}): number {
  const matrix = isNormalized(input) ? input : normalizeRows(input);
  const indices = sampleIndices(matrix.rows, Math.min(MAX_SAMPLE, options.sampleSize ?? 1000), mulberry32(options.seed ?? DEFAULT_SEED));
  const sample = subMatrix(matrix, indices);
  const sampleAssignments = Int32Array.from(indices, (i) => assignments[i]!);
  return silhouetteFromDistances(distanceMatrix(sample), sample.rows, sampleAssignments, k);
}

/**
 * Chooses k by silhouette over [minK, maxK] on a sample (k-means and silhouette on ≤ sampleSize
 * rows: the distance matrix is computed once and reused for every k), then refines that
 * solution on all rows starting from the sample's centroids. Ties go to the smaller k.
 * Too few rows for two clusters of five gives a single cluster.
 */
export function autoCluster(input: Matrix, options: AutoClusterOptions = {}): AutoClusterResult {
  const matrix = isNormalized(input) ? input : normalizeRows(input);
  const seed = options.seed ?? DEFAULT_SEED;
  const minK = Math.max(2, options.minK ?? 2);
  const maxK = Math.min(options.maxK ?? 12, Math.floor(matrix.rows / 5));
  if (maxK < minK) return { ...kmeans(matrix, 1, { seed }), silhouettes: [] };

  const indices = sampleIndices(matrix.rows, Math.min(MAX_SAMPLE, options.sampleSize ?? 1000), mulberry32(seed));
  const sample = subMatrix(matrix, indices);
  const distances = distanceMatrix(sample);
  const silhouettes: Array<{ k: number; score: number }> = [];
  let best: { k: number; score: number; centroids: Float32Array } | null = null;
  const restarts = Math.max(1, options.restarts ?? 2);
  for (let k = minK; k <= maxK; k++) {
    let result = kmeans(sample, k, { seed: seed + k * 1000, maxIterations: options.maxIterations, tolerance: options.tolerance });
    for (let attempt = 1; attempt < restarts; attempt++) {
      const candidate = kmeans(sample, k, { seed: seed + k * 1000 + attempt, maxIterations: options.maxIterations, tolerance: options.tolerance });
      if (candidate.inertia < result.inertia) result = candidate;
    }
    const score = silhouetteFromDistances(distances, sample.rows, result.assignments, result.k);
    silhouettes.push({ k, score });
    if (!best || score > best.score + 1e-9) best = { k, score, centroids: result.centroids };
  }
  const chosen = best!;
  const result = kmeans(matrix, chosen.k, { seed, maxIterations: options.maxIterations, tolerance: options.tolerance, initialCentroids: chosen.centroids });
  return { ...result, silhouettes };
}

/** Recomputes sizes and the listed centroids from the rows. */
function recompute(matrix: Matrix, assignments: Int32Array, k: number, centroids: Float32Array, clusters: Iterable<number>): number[] {
  const { data, rows, dim } = matrix;
  const sizes = new Array<number>(k).fill(0);
  for (let r = 0; r < rows; r++) sizes[assignments[r]!]!++;
  for (const c of clusters) {
    const sum = new Float64Array(dim);
    for (let r = 0; r < rows; r++) if (assignments[r] === c) for (let d = 0; d < dim; d++) sum[d]! += data[r * dim + d]!;
    let norm = 0;
    for (let d = 0; d < dim; d++) norm += sum[d]! * sum[d]!;
    norm = Math.sqrt(norm);
    for (let d = 0; d < dim; d++) centroids[c * dim + d] = norm > 0 ? sum[d]! / norm : 0;
  }
  return sizes;
}

function inertiaOf(matrix: Matrix, assignments: Int32Array, centroids: Float32Array): number {
  let inertia = 0;
  for (let r = 0; r < matrix.rows; r++) inertia += 1 - dot(matrix.data, r * matrix.dim, centroids, assignments[r]! * matrix.dim, matrix.dim);
  return inertia;
}

/**
 * Splits one cluster in two with 2-means on its members. The first half keeps `clusterId`, the
 * second becomes cluster `k` (new id at the end, so other themes keep their ids). A cluster with
 * fewer than two members is returned unchanged.
 */
export function splitCluster(input: Matrix, result: ClusterResult, clusterId: number, options: { seed?: number } = {}): ClusterResult {
  const matrix = isNormalized(input) ? input : normalizeRows(input);
  const members: number[] = [];
  for (let r = 0; r < matrix.rows; r++) if (result.assignments[r] === clusterId) members.push(r);
  if (members.length < 2)
    return { ...result, assignments: new Int32Array(result.assignments), centroids: new Float32Array(result.centroids), sizes: [...result.sizes] };
  const halves = kmeans(subMatrix(matrix, members), 2, { seed: options.seed ?? DEFAULT_SEED });
  const k = result.k + 1;
  const assignments = new Int32Array(result.assignments);
  members.forEach((row, i) => {
    if (halves.assignments[i] === 1) assignments[row] = result.k;
  });
  const centroids = new Float32Array(k * matrix.dim);
  centroids.set(result.centroids);
  const sizes = recompute(matrix, assignments, k, centroids, [clusterId, result.k]);
  return { k, dim: matrix.dim, assignments, centroids, sizes, iterations: result.iterations, inertia: inertiaOf(matrix, assignments, centroids) };
}

/**
 * Merges clusters into the smallest of their ids. Ids stay contiguous: ids above a removed one
 * move down; `idMap[old]` is each old id's new id.
 */
export function mergeClusters(input: Matrix, result: ClusterResult, ids: readonly number[]): ClusterResult & { idMap: number[] } {
  const matrix = isNormalized(input) ? input : normalizeRows(input);
  const merged = [...new Set(ids)].filter((id) => id >= 0 && id < result.k).sort((a, b) => a - b);
  const identity = Array.from({ length: result.k }, (_, i) => i);
  if (merged.length < 2) {
    return {
      ...result,
      assignments: new Int32Array(result.assignments),
      centroids: new Float32Array(result.centroids),
      sizes: [...result.sizes],
      idMap: identity,
    };
  }
  const target = merged[0]!;
  const removed = new Set(merged.slice(1));
  const idMap: number[] = [];
  let next = 0;
  for (let old = 0; old < result.k; old++) idMap[old] = removed.has(old) ? -1 : next++;
  for (const old of removed) idMap[old] = idMap[target]!;
  const k = result.k - removed.size;
  const { dim } = matrix;
  const assignments = Int32Array.from(result.assignments, (c) => idMap[c]!);
  const centroids = new Float32Array(k * dim);
  for (let old = 0; old < result.k; old++) {
    if (!removed.has(old)) centroids.set(result.centroids.subarray(old * dim, old * dim + dim), idMap[old]! * dim);
  }
  const sizes = recompute(matrix, assignments, k, centroids, [idMap[target]!]);
  return { k, dim, assignments, centroids, sizes, iterations: result.iterations, inertia: inertiaOf(matrix, assignments, centroids), idMap };
}
