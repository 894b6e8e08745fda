import { describe, expect, it } from 'vitest';
import { lengthSortedBatches } from '../../src/workers/batching';

describe('lengthSortedBatches', () => {
  it('groups texts of similar length and covers every index exactly once', () => {
    const texts = ['a much longer piece of feedback', 'ok', 'fine app', 'x', 'medium length text'];
    const batches = lengthSortedBatches(texts, 2);
    expect(batches).toEqual([[3, 1], [2, 4], [0]]);
    expect(batches.flat().sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it('keeps input order among texts of equal length, and handles empty input', () => {
    expect(lengthSortedBatches(['bb', 'aa', 'cc'], 8)).toEqual([[0, 1, 2]]);
    expect(lengthSortedBatches([], 4)).toEqual([]);
  });
});
