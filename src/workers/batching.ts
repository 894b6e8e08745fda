/**
 * Batches for encoder models (sentiment, embeddings). A batch is padded to its longest row, so
 * mixing a 5-word review with a 500-word one makes the short one cost as much as the long one.
 * The engine tokenizes every row once, sorts by token count and cuts batches by a token budget:
 * many short rows share one forward pass, long rows go a few at a time (bench: insights suite).
 */

export interface TokenBudget {
  /** At most this many rows in one batch. */
  maxRows: number;
  /** At most this many tokens in one padded batch (rows × longest row); a longer row goes alone. */
  maxTokens: number;
}

/**
 * Batches of row indices, rows sorted by token count, each batch as large as the budget allows.
 * Every index appears exactly once; a row longer than `maxTokens` forms a batch of its own.
 */
export function tokenBudgetBatches(lengths: readonly number[], budget: TokenBudget): number[][] {
  const maxRows = Math.max(1, Math.floor(budget.maxRows));
  const order = lengths.map((_, index) => index).sort((a, b) => lengths[a]! - lengths[b]! || a - b);
  const batches: number[][] = [];
  let current: number[] = [];
  for (const index of order) {
    // Sorted ascending, so this row is the longest in the batch if it joins.
    const paddedTokens = (current.length + 1) * lengths[index]!;
    if (current.length > 0 && (current.length >= maxRows || paddedTokens > budget.maxTokens)) {
      batches.push(current);
      current = [];
    }
    current.push(index);
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** The tokens a batch costs once padded: its rows × its longest row. */
export function paddedTokens(lengths: readonly number[], batch: readonly number[]): number {
  let longest = 0;
  for (const index of batch) longest = Math.max(longest, lengths[index]!);
  return batch.length * longest;
}

/** One padded batch as flat int64 arrays, ready to become `[rows, width]` tensors. */
export interface PaddedBatch {
  rows: number;
  width: number;
  inputIds: BigInt64Array;
  attentionMask: BigInt64Array;
  /** Only when the tokenizer produced token type ids (BERT-style models). */
  tokenTypeIds?: BigInt64Array;
}

export interface TokenizedRows {
  inputIds: readonly (readonly number[])[];
  tokenTypeIds?: readonly (readonly number[])[];
}

/** Pads the rows `indices` of `tokenized` to the longest of them, on the tokenizer's side. */
export function padBatch(tokenized: TokenizedRows, indices: readonly number[], padTokenId: number, side: 'left' | 'right' = 'right'): PaddedBatch {
  const rows = indices.length;
  const width = indices.reduce((max, index) => Math.max(max, tokenized.inputIds[index]!.length), 0);
  const inputIds = new BigInt64Array(rows * width).fill(BigInt(padTokenId));
  const attentionMask = new BigInt64Array(rows * width);
  const tokenTypeIds = tokenized.tokenTypeIds ? new BigInt64Array(rows * width) : undefined;
  indices.forEach((index, row) => {
    const ids = tokenized.inputIds[index]!;
    const start = row * width + (side === 'left' ? width - ids.length : 0);
    const types = tokenized.tokenTypeIds?.[index];
    for (let position = 0; position < ids.length; position++) {
      inputIds[start + position] = BigInt(ids[position]!);
      attentionMask[start + position] = 1n;
      if (tokenTypeIds && types) tokenTypeIds[start + position] = BigInt(types[position] ?? 0);
    }
  });
  return { rows, width, inputIds, attentionMask, tokenTypeIds };
}
