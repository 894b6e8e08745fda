/**
 * Perplexity arithmetic for causal language models, kept free of any model code so it can be
 * tested exactly. The worker runs the model over each planned window and hands back per-token
 * negative log-likelihoods; this module plans the windows and does the maths.
 *
 * Windows follow Hugging Face's guide "Perplexity of fixed-length models"
 * (huggingface.co/docs/transformers/perplexity): windows of at most `maxLength` tokens start every
 * `stride` tokens; each window only scores the tokens the previous window did not reach, so
 * every token is scored once, with `maxLength − stride` or more tokens of context after the
 * first window. A token is predicted from the tokens before it, so the very first token of the
 * text (no context at all) is never scored — and, when `stride === maxLength` (disjoint chunks,
 * the guide's naive baseline), neither is the first token of each chunk; `unscored` lists them.
 */

export interface WindowPlanOptions {
  /** The model's context size in tokens (≥ 2: one token of context, one to predict). */
  maxLength: number;
  /** Distance between window starts, 1 ≤ stride ≤ maxLength. Smaller = more context, more compute. */
  stride: number;
}

export interface ScoringWindow {
  /** Tokens fed to the model: [begin, end). */
  begin: number;
  end: number;
  /** Tokens scored in this window: [targetBegin, end), each predicted from tokens [begin, t). */
  targetBegin: number;
  targetCount: number;
}

export interface WindowPlan {
  windows: ScoringWindow[];
  /** Total tokens scored across windows. */
  scoredTokens: number;
  /** Token positions never scored (always includes 0 when there is any token). */
  unscored: number[];
}

function checkWholeNumber(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) throw new RangeError(`${name} must be an integer ≥ ${min}, got ${value}.`);
}

export function planWindows(numTokens: number, options: WindowPlanOptions): WindowPlan {
  const { maxLength, stride } = options;
  checkWholeNumber('numTokens', numTokens, 0);
  checkWholeNumber('maxLength', maxLength, 2);
  checkWholeNumber('stride', stride, 1);
  if (stride > maxLength) throw new RangeError(`stride (${stride}) must not exceed maxLength (${maxLength}); tokens would be skipped.`);

  const windows: ScoringWindow[] = [];
  const unscored: number[] = [];
  if (numTokens > 0) unscored.push(0);
  if (numTokens < 2) return { windows, scoredTokens: 0, unscored };

  let previousEnd = 0;
  for (let begin = 0; begin < numTokens; begin += stride) {
    const end = Math.min(begin + maxLength, numTokens);
    // Position `begin` has no context inside its own window, so it can only be a target if an
    // earlier window scored it already (previousEnd > begin) — otherwise it stays unscored.
    const targetBegin = Math.max(previousEnd, begin + 1);
    if (begin > 0 && previousEnd <= begin) unscored.push(begin);
    if (end > targetBegin) windows.push({ begin, end, targetBegin, targetCount: end - targetBegin });
    previousEnd = end;
    if (end === numTokens) break;
  }
  const scoredTokens = windows.reduce((sum, w) => sum + w.targetCount, 0);
  return { windows, scoredTokens, unscored };
}

/** log Σ exp(x), stable for large logits. */
export function logSumExp(values: ArrayLike<number>): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) max = Math.max(max, values[i] as number);
  if (max === Number.NEGATIVE_INFINITY) return max;
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += Math.exp((values[i] as number) - max);
  return max + Math.log(sum);
}

/** −log softmax(logits)[tokenId]: the negative log-likelihood of one token. */
export function tokenNegLogLikelihood(logits: ArrayLike<number>, tokenId: number): number {
  if (!Number.isInteger(tokenId) || tokenId < 0 || tokenId >= logits.length) {
    throw new RangeError(`Token id ${tokenId} is outside the vocabulary of ${logits.length}.`);
  }
  return logSumExp(logits) - (logits[tokenId] as number);
}

/**
 * The NLLs of one window's targets. `logitsAt(p)` returns the model's output at absolute position
 * p (window-relative index p − begin), which predicts token p + 1.
 */
export function windowNegLogLikelihoods(window: ScoringWindow, tokenIds: ArrayLike<number>, logitsAt: (position: number) => ArrayLike<number>): number[] {
  const nlls: number[] = [];
  for (let t = window.targetBegin; t < window.end; t++) {
    nlls.push(tokenNegLogLikelihood(logitsAt(t - 1), tokenIds[t] as number));
  }
  return nlls;
}

/** Mean negative log-likelihood (nats per token). */
export function meanNegLogLikelihood(negLogLikelihoods: ArrayLike<number>): number {
  if (negLogLikelihoods.length === 0) throw new RangeError('Perplexity needs at least one scored token.');
  let sum = 0;
  for (let i = 0; i < negLogLikelihoods.length; i++) {
    const value = negLogLikelihoods[i] as number;
    if (!(value >= 0) && value !== Number.POSITIVE_INFINITY) {
      throw new RangeError(`Negative log-likelihoods must be ≥ 0, got ${value} at position ${i}.`);
    }
    sum += value;
  }
  return sum / negLogLikelihoods.length;
}

/** Perplexity = exp(mean NLL). Infinity when a token had probability 0. */
export function perplexity(negLogLikelihoods: ArrayLike<number>): number {
  return Math.exp(meanNegLogLikelihood(negLogLikelihoods));
}

/** Perplexity from log-probabilities (≤ 0) instead of NLLs. */
export function perplexityFromLogProbs(logProbs: ArrayLike<number>): number {
  return perplexity(Array.from(logProbs, (lp) => -lp));
}

/** Bits per token, log2(perplexity), a scale some papers report instead. */
export function bitsPerToken(negLogLikelihoods: ArrayLike<number>): number {
  return meanNegLogLikelihood(negLogLikelihoods) / Math.LN2;
}
