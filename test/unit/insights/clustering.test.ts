import { describe, expect, it } from 'vitest';
import { autoCluster, kmeans, mergeClusters, normalizeRows, silhouetteScore, splitCluster, toMatrix } from '../../../src/insights/clustering';
import { mulberry32, sampleIndices } from '../../../src/insights/random';
import type { Matrix } from '../../../src/insights/types';

function gaussian(random: () => number): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** `perBlob` points around each of `centers` orthogonal directions in `dim` dimensions, shuffled. */
function blobs(centers: number, perBlob: number, dim: number, spread: number, seed: number): { matrix: Matrix; labels: number[] } {
  const random = mulberry32(seed);
  const points: Array<{ vector: number[]; label: number }> = [];
  for (let c = 0; c < centers; c++) {
    for (let i = 0; i < perBlob; i++) {
      const vector = Array.from({ length: dim }, (_, d) => (d === c ? 1 : 0) + spread * gaussian(random));
      points.push({ vector, label: c });
    }
  }
  for (let i = points.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [points[i], points[j]] = [points[j]!, points[i]!];
  }
  return { matrix: toMatrix(points.map((p) => p.vector)), labels: points.map((p) => p.label) };
}

/** True when the clustering equals the labels up to renaming clusters. */
function samePartition(assignments: ArrayLike<number>, labels: readonly number[]): boolean {
  const map = new Map<number, number>();
  const used = new Set<number>();
  for (let i = 0; i < labels.length; i++) {
    const a = assignments[i]!;
    const l = labels[i]!;
    if (!map.has(a)) {
      if (used.has(l)) return false;
      map.set(a, l);
      used.add(l);
    }
    if (map.get(a) !== l) return false;
  }
  return true;
}

describe('mulberry32', () => {
  it('is deterministic per seed, differs across seeds, and stays in [0, 1)', () => {
    const a = mulberry32(7);
    const b = mulberry32(7);
    const c = mulberry32(8);
    const first = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(first);
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(first);
    const r = mulberry32(1);
    for (let i = 0; i < 10_000; i++) {
      const x = r();
      expect(x >= 0 && x < 1).toBe(true);
    }
  });

  it('sampleIndices returns distinct sorted indices', () => {
    const sample = [...sampleIndices(100, 30, mulberry32(3))];
    expect(new Set(sample).size).toBe(30);
    expect(sample).toEqual([...sample].sort((x, y) => x - y));
    expect(sample.every((i) => i >= 0 && i < 100)).toBe(true);
  });
});

describe('kmeans', () => {
  it('recovers three well-separated blobs exactly', () => {
    const { matrix, labels } = blobs(3, 60, 16, 0.15, 1);
    const result = kmeans(matrix, 3, { seed: 5 });
    expect(result.k).toBe(3);
    expect(samePartition(result.assignments, labels)).toBe(true);
    expect([...result.sizes].sort()).toEqual([60, 60, 60]);
    // Centroids are unit length.
    for (let c = 0; c < 3; c++) {
      let norm = 0;
      for (let d = 0; d < 16; d++) norm += result.centroids[c * 16 + d]! ** 2;
      expect(norm).toBeCloseTo(1, 5);
    }
  });

  it('gives identical results for the same seed', () => {
    const { matrix } = blobs(4, 50, 8, 0.6, 2); // overlapping blobs: the seed matters
    const a = kmeans(matrix, 4, { seed: 11 });
    const b = kmeans(matrix, 4, { seed: 11 });
    expect([...a.assignments]).toEqual([...b.assignments]);
    expect([...a.centroids]).toEqual([...b.centroids]);
  });

  it('uses cosine: vectors pointing the same way cluster together whatever their length', () => {
    const matrix = toMatrix([
      [1, 0],
      [10, 0.5],
      [100, 2],
      [0, 1],
      [0.2, 20],
      [1, 300],
    ]);
    const result = kmeans(matrix, 2, { seed: 1 });
    expect(samePartition(result.assignments, [0, 0, 0, 1, 1, 1])).toBe(true);
  });

  it('does not produce empty clusters when there are enough distinct points', () => {
    const { matrix } = blobs(2, 20, 6, 0.05, 4);
    const result = kmeans(matrix, 5, { seed: 3 });
    expect(result.sizes.every((s) => s > 0)).toBe(true);
    expect(result.sizes.reduce((a, b) => a + b, 0)).toBe(40);
  });
});

describe('autoCluster', () => {
  it('chooses k = 3 for three blobs and matches them', () => {
    const { matrix, labels } = blobs(3, 70, 24, 0.2, 9);
    const result = autoCluster(matrix, { seed: 1 });
    expect(result.k).toBe(3);
    expect(samePartition(result.assignments, labels)).toBe(true);
    const best = result.silhouettes.reduce((a, b) => (b.score > a.score ? b : a));
    expect(best.k).toBe(3);
    expect(result.silhouettes.map((s) => s.k)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it('chooses k = 5 for five blobs, deterministically', () => {
    const { matrix, labels } = blobs(5, 40, 24, 0.2, 10);
    const a = autoCluster(matrix, { seed: 2 });
    const b = autoCluster(matrix, { seed: 2 });
    expect(a.k).toBe(5);
    expect(samePartition(a.assignments, labels)).toBe(true);
    expect([...b.assignments]).toEqual([...a.assignments]);
  });

  it('keeps tiny inputs in one cluster (fewer than 10 rows cannot make two themes of 5)', () => {
    const { matrix } = blobs(2, 4, 4, 0.1, 3);
    const result = autoCluster(matrix);
    expect(result.k).toBe(1);
    expect([...result.assignments].every((a) => a === 0)).toBe(true);
  });

  it('handles 20,000 × 384 vectors in a few seconds', () => {
    const random = mulberry32(99);
    const centers = Array.from({ length: 6 }, () => Array.from({ length: 384 }, () => gaussian(random)));
    const data = new Float32Array(20_000 * 384);
    for (let r = 0; r < 20_000; r++) {
      const center = centers[r % 6]!;
      for (let d = 0; d < 384; d++) data[r * 384 + d] = center[d]! + 0.8 * gaussian(random);
    }
    const started = performance.now();
    const result = autoCluster({ data, rows: 20_000, dim: 384 }, { seed: 1 });
    const elapsed = performance.now() - started;
    expect(result.k).toBe(6);
    expect(
      samePartition(
        result.assignments,
        Array.from({ length: 20_000 }, (_, r) => r % 6),
      ),
    ).toBe(true);
    expect(elapsed).toBeLessThan(10_000); // ~1.5 s here; generous for loaded CI machines
  }, 30_000);
});

describe('silhouetteScore', () => {
  it('is high for the true partition and lower for a wrong one', () => {
    const { matrix, labels } = blobs(3, 40, 12, 0.15, 12);
    const good = silhouetteScore(matrix, labels, 3);
    const shuffled = labels.map((_, i) => i % 3);
    expect(good).toBeGreaterThan(0.7);
    expect(silhouetteScore(matrix, shuffled, 3)).toBeLessThan(0.1);
  });
});

describe('splitCluster and mergeClusters', () => {
  it('merging two true clusters and splitting the result gives the original partition back', () => {
    const { matrix, labels } = blobs(3, 30, 12, 0.1, 21);
    const normalized = normalizeRows(matrix);
    const base = kmeans(normalized, 3, { seed: 1 });
    expect(samePartition(base.assignments, labels)).toBe(true);

    const merged = mergeClusters(normalized, base, [2, 0]);
    expect(merged.k).toBe(2);
    expect(merged.idMap).toEqual([0, 1, 0]);
    expect(merged.sizes).toEqual([base.sizes[0]! + base.sizes[2]!, base.sizes[1]!]);
    for (let r = 0; r < labels.length; r++) expect(merged.assignments[r]).toBe(merged.idMap[base.assignments[r]!]);

    const split = splitCluster(normalized, merged, 0, { seed: 4 });
    expect(split.k).toBe(3);
    expect(samePartition(split.assignments, labels)).toBe(true);
    // Cluster 1 was not touched by the split.
    for (let r = 0; r < labels.length; r++) if (merged.assignments[r] === 1) expect(split.assignments[r]).toBe(1);
    expect(base.k).toBe(3); // inputs are not mutated
  });

  it('renumbers ids above a removed cluster', () => {
    const { matrix } = blobs(4, 10, 8, 0.05, 5);
    const base = kmeans(matrix, 4, { seed: 2 });
    const merged = mergeClusters(matrix, base, [1, 2]);
    expect(merged.idMap).toEqual([0, 1, 1, 2]);
    expect(merged.sizes).toEqual([base.sizes[0], base.sizes[1]! + base.sizes[2]!, base.sizes[3]]);
  });

  it('leaves a one-member cluster unsplit', () => {
    const matrix = toMatrix([
      [1, 0],
      [0, 1],
      [0.1, 1],
    ]);
    const base = kmeans(matrix, 2, { seed: 1 });
    const lonely = base.sizes.indexOf(1);
    expect(splitCluster(matrix, base, lonely).k).toBe(2);
  });
});
