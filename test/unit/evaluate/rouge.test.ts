import { describe, expect, it } from 'vitest';
import { lcsLength, rouge, rougeMulti, rougeTokenize } from '../../../src/evaluate/rouge';

describe('rougeTokenize (rouge-score tokenize.tokenize)', () => {
  it('lower-cases, splits on anything outside [a-z0-9] and stems only tokens longer than 3', () => {
    expect(rougeTokenize('The quick brown dog jumps on the log.')).toEqual(['the', 'quick', 'brown', 'dog', 'jumps', 'on', 'the', 'log']);
    expect(rougeTokenize('The quick brown dog jumps on the log.', { useStemmer: true })).toEqual(['the', 'quick', 'brown', 'dog', 'jump', 'on', 'the', 'log']);
    // "does" (4 letters) is stemmed to "doe"; "was" and "has" (3 letters) are left alone.
    expect(rougeTokenize('was has does', { useStemmer: true })).toEqual(['was', 'has', 'doe']);
    expect(rougeTokenize("it's @AppleSupport #1-2")).toEqual(['it', 's', 'applesupport', '1', '2']);
  });

  it('drops non-ASCII letters entirely, as rouge-score does', () => {
    // Hand-worked: "café" → "caf " → ["caf"]; Chinese text leaves no token at all.
    expect(rougeTokenize('Café')).toEqual(['caf']);
    expect(rougeTokenize('外卖很好吃')).toEqual([]);
  });
});

describe('rouge — rouge-score documented and tested examples', () => {
  it('matches the README usage example (use_stemmer=True)', () => {
    // Source: rouge-score README / RougeScorer docstring usage:
    //   scorer = RougeScorer(['rouge1', 'rougeL'], use_stemmer=True)
    //   scorer.score('The quick brown fox jumps over the lazy dog', 'The quick brown dog jumps on the log.')
    // Expected (as given in the issue; hand-checked): target has 9 stemmed tokens, prediction 8;
    // unigram overlap the×2, quick, brown, dog, jump = 6 → P 6/8, R 6/9, F 12/17 ≈ 0.7059;
    // LCS "the quick brown jump the" = 5 → P 5/8, R 5/9, F 10/17 ≈ 0.5882.
    const scores = rouge('The quick brown fox jumps over the lazy dog', 'The quick brown dog jumps on the log.', { useStemmer: true });
    expect(scores.rouge1.precision).toBeCloseTo(0.75, 4);
    expect(scores.rouge1.recall).toBeCloseTo(0.6667, 4);
    expect(scores.rouge1.fmeasure).toBeCloseTo(0.7059, 4);
    expect(scores.rougeL.precision).toBeCloseTo(0.625, 4);
    expect(scores.rougeL.recall).toBeCloseTo(0.5556, 4);
    expect(scores.rougeL.fmeasure).toBeCloseTo(0.5882, 4);
    expect(scores.rouge1.fmeasure).toBeCloseTo(12 / 17, 12);
    expect(scores.rougeL.fmeasure).toBeCloseTo(10 / 17, 12);
  });

  it('matches rouge_scorer_test.py small cases', () => {
    // Source: google-research rouge/rouge_scorer_test.py.
    // testRouge1: score("testing one two", "testing") → P 1, R 1/3, F 1/2
    expect(rouge('testing one two', 'testing').rouge1).toEqual({ precision: 1, recall: 1 / 3, fmeasure: 1 / 2 });
    // testRouge2: score("testing one two", "testing one") → P 1, R 1/2, F 2/3
    const two = rouge('testing one two', 'testing one').rouge2;
    expect(two.precision).toBe(1);
    expect(two.recall).toBe(1 / 2);
    expect(two.fmeasure).toBeCloseTo(2 / 3, 12);
    // testRougeLConsecutive / testRougeLNonConsecutive: "testing one" and "testing two" → P 1, R 2/3, F 4/5
    for (const prediction of ['testing one', 'testing two']) {
      const l = rouge('testing one two', prediction).rougeL;
      expect(l.precision).toBe(1);
      expect(l.recall).toBeCloseTo(2 / 3, 12);
      expect(l.fmeasure).toBeCloseTo(4 / 5, 12);
    }
    // testRougeEmpty: score("testing one two", "") → all zeros for rouge1, rouge2, rougeL
    expect(rouge('testing one two', '')).toEqual({
      rouge1: { precision: 0, recall: 0, fmeasure: 0 },
      rouge2: { precision: 0, recall: 0, fmeasure: 0 },
      rougeL: { precision: 0, recall: 0, fmeasure: 0 },
    });
  });

  it('matches testLcsTable', () => {
    // Source: rouge_scorer_test.py testLcsTable: ref [1,2,3,4,5], c1 [2,5,3,4] → 3; c2 [8,9] → 0.
    expect(lcsLength(['1', '2', '3', '4', '5'], ['2', '5', '3', '4'])).toBe(3);
    expect(lcsLength(['1', '2', '3', '4', '5'], ['8', '9'])).toBe(0);
  });

  // Source: google-research rouge/testdata/target.txt and prediction.txt (lines 1–2; Apache-2.0,
  // synthetic random text), scored in rouge_scorer_test.py against manual ROUGE-1.5.5 runs.
  const targets = [
    "ZfbCUIUuePaiLVUlCaUXxkpu XPeWing tUHfPMuZ',-Xd Y BrUgVJing M-HV.-DgdDaY.rFDJCRing Ht-LM EKBDXkME,yz'RBr q'wtion wIojNbN wL,b .a-'XdQggyFl jB-RPP'iyOIcUxer tKM L\n",
    "KsJdPByEtAor fE-Qg Dpdbring cw-WeFyu vC MoBL Xdn g wkvcEiGvKtion BDFhrpMtion psing sbKao Q m qiing LMmer HqqLFXe,XPY,J XsurkMer ,ed nB'wH'bWVHjWFEing tQ.saefZwJtKrTlixYpMMsJing UCAPwNHeYVjDing c T BUySKtion gMPfJpwGw p'NvxAoping eu pBwMBKV'I DNxqelhu,PHPxDEq,mtion SN\n",
  ];
  const predictions = [
    "rFDJCRtion Ht-LM EKtDXkME,yz'RBr q'wer wrojNbN wL,b .a-'XdQggyFl jB-RPP'iyOIcUxi\n",
    "n cw-WeFyu vC MoBL Xdn g wkvcEiGvKtion BDFhrpMer pstion sbKao Q m qier LMmed HqqLFXe,XPY,J XsurkMeo ,ed nB'wH'bWVHjWFEer tQ.saefZwJtKrTlixYpMMNJtion UCAPwNHeYVjD\n",
  ];
  const check = (score: { precision: number; recall: number; fmeasure: number }, r: number, p: number, f: number) => {
    // assertAlmostEqual(..., 5): |difference| < 0.5e-5
    expect(Math.abs(score.recall - r)).toBeLessThan(0.5e-5);
    expect(Math.abs(score.precision - p)).toBeLessThan(0.5e-5);
    expect(Math.abs(score.fmeasure - f)).toBeLessThan(0.5e-5);
  };

  it('agrees with ROUGE-1.5.5 on the testdata files, with and without stemming', () => {
    const t0 = targets[0]!;
    const t1 = targets[1]!;
    const p0 = predictions[0]!;
    const p1 = predictions[1]!;
    // testRouge1AgainstRouge155
    check(rouge(t0, p0).rouge1, 0.40741, 0.6875, 0.51163);
    check(rouge(t1, p1).rouge1, 0.40476, 0.65385, 0.5);
    // testRouge1AgainstRouge155WithStemming
    check(rouge(t0, p0, { useStemmer: true }).rouge1, 0.40741, 0.6875, 0.51163);
    check(rouge(t1, p1, { useStemmer: true }).rouge1, 0.42857, 0.69231, 0.52941);
    // testRouge2AgainstRouge155 (and WithStemming: same numbers)
    check(rouge(t0, p0).rouge2, 0.30769, 0.53333, 0.39024);
    check(rouge(t1, p1).rouge2, 0.29268, 0.48, 0.36364);
    check(rouge(t0, p0, { useStemmer: true }).rouge2, 0.30769, 0.53333, 0.39024);
    check(rouge(t1, p1, { useStemmer: true }).rouge2, 0.29268, 0.48, 0.36364);
    // testRougeLAgainstRouge155
    check(rouge(t0, p0).rougeL, 0.40741, 0.6875, 0.51163);
    check(rouge(t1, p1).rougeL, 0.40476, 0.65385, 0.5);
  });
});

describe('rougeMulti (RougeScorer.score_multi)', () => {
  it('takes, per metric, the whole score of the reference with the highest F', () => {
    // Hand-worked: vs "testing one two" rouge1 = (1, 1/3, 1/2); vs "testing" = (1, 1, 1).
    expect(rougeMulti(['testing one two', 'testing'], 'testing').rouge1).toEqual({ precision: 1, recall: 1, fmeasure: 1 });
  });

  it('keeps the first reference on an F tie (numpy.argmax), not a mix of the best P and best R', () => {
    // Hand-worked: prediction "a b" vs "a" → P 1/2, R 1, F 2/3; vs "a b c d" → P 1, R 1/2, F 2/3.
    const best = rougeMulti(['a', 'a b c d'], 'a b').rouge1;
    expect(best.precision).toBe(0.5);
    expect(best.recall).toBe(1);
    expect(best.fmeasure).toBeCloseTo(2 / 3, 12);
  });

  it('can pick different references for different metrics', () => {
    // Hand-worked, prediction "a b c":
    //   vs "a b c x y z w v": rouge1 P 1, R 3/8, F 6/11; rouge2 P 1, R 2/7, F 4/9; rougeL LCS 3 → F 6/11
    //   vs "c b a":           rouge1 P 1, R 1, F 1;     rouge2 0;                rougeL LCS 1 → F 1/3
    const scores = rougeMulti(['a b c x y z w v', 'c b a'], 'a b c');
    expect(scores.rouge1).toEqual({ precision: 1, recall: 1, fmeasure: 1 });
    expect(scores.rouge2.recall).toBeCloseTo(2 / 7, 12);
    expect(scores.rouge2.fmeasure).toBeCloseTo(4 / 9, 12);
    expect(scores.rougeL.recall).toBeCloseTo(3 / 8, 12);
    expect(scores.rougeL.fmeasure).toBeCloseTo(6 / 11, 12);
  });

  it('needs at least one reference', () => {
    expect(() => rougeMulti([], 'x')).toThrow(RangeError);
  });
});
