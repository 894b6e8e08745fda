/**
 * Batches of similar-length texts. A batch is padded to its longest text, so mixing a 5-word
 * review with a 500-word one makes the short one cost as much as the long one; sorting by
 * length first roughly doubles throughput on real reviews (bench: node suite, "by length").
 */
export function lengthSortedBatches(texts: readonly string[], batchSize: number): number[][] {
  const order = texts.map((_, index) => index).sort((a, b) => texts[a]!.length - texts[b]!.length || a - b);
  const batches: number[][] = [];
  for (let start = 0; start < order.length; start += batchSize) batches.push(order.slice(start, start + batchSize));
  return batches;
}
