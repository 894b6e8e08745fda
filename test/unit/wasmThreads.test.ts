import { describe, expect, it } from 'vitest';
import { wasmThreadCount } from '../../src/workers/wasmThreads';

describe('wasmThreadCount', () => {
  it('auto: every core of a 2-core machine, one core left to the page on bigger ones, at most four', () => {
    expect([1, 2, 3, 4, 5, 8, 16].map((cores) => wasmThreadCount('auto', cores, true))).toEqual([1, 2, 2, 3, 4, 4, 4]);
  });

  it('leave-a-core: always one core left to the page, never fewer than one thread', () => {
    expect([1, 2, 3, 4, 5, 8].map((cores) => wasmThreadCount('leave-a-core', cores, true))).toEqual([1, 1, 2, 3, 4, 4]);
  });

  it('one thread without cross-origin isolation (no SharedArrayBuffer), or when the core count is unknown', () => {
    expect(wasmThreadCount('auto', 8, false)).toBe(1);
    expect(wasmThreadCount('auto', 0, true)).toBe(1);
    expect(wasmThreadCount('auto', Number.NaN, true)).toBe(1);
  });
});
