/**
 * Which rows a (resumed) run still has to process, as chunks the run saves one at a time.
 * `saveRunChunk` stores a chunk as `startIndex` + consecutive results, so a chunk must cover
 * consecutive rows: remaining indices are split at gaps and at `size`.
 */
export interface RowChunk {
  startIndex: number;
  /** Consecutive row indices, `startIndex` first. */
  indices: number[];
}

export function contiguousChunks(remaining: readonly number[], size: number): RowChunk[] {
  const limit = Math.max(1, Math.floor(size));
  const chunks: RowChunk[] = [];
  let current: number[] = [];
  for (const index of remaining) {
    const previous = current[current.length - 1];
    if (current.length > 0 && (index !== previous! + 1 || current.length >= limit)) {
      chunks.push({ startIndex: current[0]!, indices: current });
      current = [];
    }
    current.push(index);
  }
  if (current.length > 0) chunks.push({ startIndex: current[0]!, indices: current });
  return chunks;
}
