import { describe, expect, it } from 'vitest';
import {
  bitsPerToken,
  logSumExp,
  perplexity,
  perplexityFromLogProbs,
  planWindows,
  tokenNegLogLikelihood,
  windowNegLogLikelihoods,
  type WindowPlan,
} from '../../../src/evaluate/perplexity';

/** How many times each position is scored, and the context each scored token gets. */
function coverage(plan: WindowPlan, numTokens: number) {
  const scored = new Array<number>(numTokens).fill(0);
  const contexts: number[] = [];
  for (const w of plan.windows) {
    for (let t = w.targetBegin; t < w.end; t++) {
      scored[t]!++;
      contexts.push(t - w.begin);
    }
  }
  return { scored, contexts };
}

describe('planWindows (Hugging Face "Perplexity of fixed-length models" sliding window)', () => {
  it('hand-worked: 10 tokens, maxLength 4, stride 2', () => {
    // begin 0: window [0,4), targets 1..3 (token 0 has no context)
    // begin 2: window [2,6), targets 4..5 (prev end 4)
    // begin 4: window [4,8), targets 6..7;  begin 6: window [6,10), targets 8..9; end = 10 → stop
    const plan = planWindows(10, { maxLength: 4, stride: 2 });
    expect(plan.windows).toEqual([
      { begin: 0, end: 4, targetBegin: 1, targetCount: 3 },
      { begin: 2, end: 6, targetBegin: 4, targetCount: 2 },
      { begin: 4, end: 8, targetBegin: 6, targetCount: 2 },
      { begin: 6, end: 10, targetBegin: 8, targetCount: 2 },
    ]);
    expect(plan.scoredTokens).toBe(9);
    expect(plan.unscored).toEqual([0]);
  });

  it('hand-worked: disjoint chunks (stride = maxLength) leave each chunk start unscored, as in the guide', () => {
    // The guide's loop scores trg_len − 1 tokens per chunk (labels are shifted inside the model).
    const plan = planWindows(10, { maxLength: 4, stride: 4 });
    expect(plan.windows).toEqual([
      { begin: 0, end: 4, targetBegin: 1, targetCount: 3 },
      { begin: 4, end: 8, targetBegin: 5, targetCount: 3 },
      { begin: 8, end: 10, targetBegin: 9, targetCount: 1 },
    ]);
    expect(plan.unscored).toEqual([0, 4, 8]);
    expect(plan.scoredTokens).toBe(7);
  });

  it('scores every token after the first exactly once, with 1..maxLength−1 tokens of context', () => {
    for (const numTokens of [2, 3, 7, 64, 1000, 1025]) {
      for (const [maxLength, stride] of [
        [2, 1],
        [4, 1],
        [4, 3],
        [16, 5],
        [1024, 512],
        [512, 511],
      ] as const) {
        const plan = planWindows(numTokens, { maxLength, stride });
        const { scored, contexts } = coverage(plan, numTokens);
        expect(scored[0]).toBe(0);
        expect(scored.slice(1).every((count) => count === 1)).toBe(true);
        expect(plan.scoredTokens).toBe(numTokens - 1);
        expect(plan.unscored).toEqual([0]);
        expect(Math.min(...contexts)).toBeGreaterThanOrEqual(1);
        expect(Math.max(...contexts)).toBeLessThanOrEqual(maxLength - 1);
        for (const w of plan.windows) {
          expect(w.end - w.begin).toBeLessThanOrEqual(maxLength);
          // After the first window every target sees at least maxLength − stride tokens of context.
          if (w.begin > 0) expect(w.targetBegin - w.begin).toBeGreaterThanOrEqual(maxLength - stride);
        }
      }
    }
  });

  it('handles texts shorter than two tokens and rejects bad settings', () => {
    expect(planWindows(0, { maxLength: 8, stride: 4 })).toEqual({ windows: [], scoredTokens: 0, unscored: [] });
    expect(planWindows(1, { maxLength: 8, stride: 4 })).toEqual({ windows: [], scoredTokens: 0, unscored: [0] });
    expect(planWindows(5, { maxLength: 8, stride: 4 }).windows).toEqual([{ begin: 0, end: 5, targetBegin: 1, targetCount: 4 }]);
    expect(() => planWindows(10, { maxLength: 4, stride: 5 })).toThrow(/stride/);
    expect(() => planWindows(10, { maxLength: 1, stride: 1 })).toThrow(/maxLength/);
    expect(() => planWindows(10, { maxLength: 4, stride: 0 })).toThrow(/stride/);
    expect(() => planWindows(2.5, { maxLength: 4, stride: 2 })).toThrow(/numTokens/);
  });
});

describe('perplexity arithmetic', () => {
  it('is exp of the mean NLL (hand-worked values)', () => {
    // Uniform over 4 tokens: every NLL is ln 4 → perplexity 4, 2 bits per token.
    expect(perplexity([Math.log(4), Math.log(4), Math.log(4)])).toBeCloseTo(4, 12);
    expect(bitsPerToken([Math.log(4)])).toBeCloseTo(2, 12);
    // NLLs ln 2 and ln 8: mean = ln 4 → 4 (geometric mean of 2 and 8).
    expect(perplexity([Math.LN2, Math.log(8)])).toBeCloseTo(4, 12);
    // A certain model: NLL 0 → perplexity 1.
    expect(perplexity([0, 0])).toBe(1);
    // log-probabilities −ln 2 (p = 1/2) → perplexity 2.
    expect(perplexityFromLogProbs([-Math.LN2, -Math.LN2])).toBeCloseTo(2, 12);
    expect(perplexity([Number.POSITIVE_INFINITY, 1])).toBe(Number.POSITIVE_INFINITY);
    expect(() => perplexity([])).toThrow(RangeError);
    expect(() => perplexity([-1])).toThrow(RangeError);
  });

  it('computes token NLLs from logits stably', () => {
    // Equal logits over a vocabulary of 4: NLL = ln 4 regardless of their size.
    expect(tokenNegLogLikelihood([0, 0, 0, 0], 2)).toBeCloseTo(Math.log(4), 12);
    expect(tokenNegLogLikelihood([1000, 1000, 1000, 1000], 0)).toBeCloseTo(Math.log(4), 12);
    // logits [ln 1, ln 3] → p = [1/4, 3/4].
    expect(tokenNegLogLikelihood([0, Math.log(3)], 1)).toBeCloseTo(-Math.log(3 / 4), 12);
    expect(logSumExp([Math.log(1), Math.log(3)])).toBeCloseTo(Math.log(4), 12);
    expect(() => tokenNegLogLikelihood([0, 0], 2)).toThrow(RangeError);
  });

  it('reads each target from the logits at the previous position', () => {
    // Vocabulary of 2; the logits at position p put all mass on token (p mod 2) — a model that
    // predicts token p+1 = p mod 2 perfectly scores NLL ≈ 0 there and ≈ 50 on the other token.
    const tokenIds = [1, 0, 1, 0, 0];
    const logitsAt = (p: number) => (p % 2 === 0 ? [50, 0] : [0, 50]);
    const plan = planWindows(tokenIds.length, { maxLength: 3, stride: 2 });
    const nlls = plan.windows.flatMap((w) => windowNegLogLikelihoods(w, tokenIds, logitsAt));
    // targets 1..4: token1=0 from p0 (predicts 0) ✓, token2=1 from p1 (predicts 1) ✓,
    // token3=0 from p2 (predicts 0) ✓, token4=0 from p3 (predicts 1) ✗ → NLL ≈ 50
    expect(nlls).toHaveLength(4);
    expect(nlls.slice(0, 3).every((v) => v < 1e-20)).toBe(true);
    expect(nlls[3]).toBeCloseTo(50, 10);
  });
});
