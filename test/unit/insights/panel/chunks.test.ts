import { describe, expect, it } from 'vitest';
import { contiguousChunks } from '../../../../src/panels/insights/logic/chunks';

describe('contiguousChunks', () => {
  it('splits consecutive rows at the chunk size', () => {
    expect(contiguousChunks([0, 1, 2, 3, 4], 2)).toEqual([
      { startIndex: 0, indices: [0, 1] },
      { startIndex: 2, indices: [2, 3] },
      { startIndex: 4, indices: [4] },
    ]);
  });

  it('starts a new chunk at every gap, so each chunk is startIndex + consecutive rows', () => {
    expect(contiguousChunks([3, 4, 8, 9, 10, 20], 256)).toEqual([
      { startIndex: 3, indices: [3, 4] },
      { startIndex: 8, indices: [8, 9, 10] },
      { startIndex: 20, indices: [20] },
    ]);
  });

  it('handles nothing left, and a size below one as one', () => {
    expect(contiguousChunks([], 10)).toEqual([]);
    expect(contiguousChunks([5, 6], 0)).toEqual([
      { startIndex: 5, indices: [5] },
      { startIndex: 6, indices: [6] },
    ]);
  });
});
