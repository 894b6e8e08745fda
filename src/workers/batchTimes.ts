/**
 * How long the batches an encoder job has left will take, learnt from the ones it has run. A
 * batch costs time per padded token (the layers) and per row (the output copies, pooling and
 * post-processing). Rows run shortest first, so early batches are many short rows and late ones a
 * few long rows: counting either rows or tokens alone misjudges the rest of the job (measured on
 * the real-size models: an ETA off by a quarter to a half). The two costs are fitted by least
 * squares over the batches run so far.
 */

export interface BatchShape {
  rows: number;
  /** Padded tokens: rows × the longest row. */
  tokens: number;
}

export interface RunBatch extends BatchShape {
  ms: number;
}

/** Milliseconds per row and per padded token, fitted to the batches run (never negative). */
export function fitBatchCosts(runs: readonly RunBatch[]): { perRow: number; perToken: number } {
  let rr = 0;
  let rt = 0;
  let tt = 0;
  let rd = 0;
  let td = 0;
  let rows = 0;
  let tokens = 0;
  let ms = 0;
  for (const run of runs) {
    rr += run.rows * run.rows;
    rt += run.rows * run.tokens;
    tt += run.tokens * run.tokens;
    rd += run.rows * run.ms;
    td += run.tokens * run.ms;
    rows += run.rows;
    tokens += run.tokens;
    ms += run.ms;
  }
  const determinant = rr * tt - rt * rt;
  // Batches of one shape (or one batch) cannot tell the two costs apart: charge it all to tokens.
  if (determinant > 1e-9 * rr * tt) {
    const perRow = (rd * tt - td * rt) / determinant;
    const perToken = (rr * td - rt * rd) / determinant;
    if (perRow >= 0 && perToken >= 0) return { perRow, perToken };
    if (perToken < 0) return { perRow: rows > 0 ? ms / rows : 0, perToken: 0 };
  }
  return { perRow: 0, perToken: tokens > 0 ? ms / tokens : 0 };
}

/** The predicted milliseconds of `remaining` batches at the costs fitted to `runs`. */
export function predictBatchesMs(runs: readonly RunBatch[], remaining: readonly BatchShape[]): number {
  const { perRow, perToken } = fitBatchCosts(runs);
  let total = 0;
  for (const batch of remaining) total += batch.rows * perRow + batch.tokens * perToken;
  return total;
}
