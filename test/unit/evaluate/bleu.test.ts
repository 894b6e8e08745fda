import { describe, expect, it } from 'vitest';
import {
  brevityPenalty,
  closestReferenceLength,
  corpusBleu,
  corpusBleuFromText,
  modifiedPrecision,
  sentenceBleu,
  tokenize13a,
} from '../../../src/evaluate/bleu';

// The running example of NLTK's nltk/translate/bleu_score.py docstrings (from Papineni et al. 2002).
const hypothesis1 = [
  'It',
  'is',
  'a',
  'guide',
  'to',
  'action',
  'which',
  'ensures',
  'that',
  'the',
  'military',
  'always',
  'obeys',
  'the',
  'commands',
  'of',
  'the',
  'party',
];
const hypothesis2 = ['It', 'is', 'to', 'insure', 'the', 'troops', 'forever', 'hearing', 'the', 'activity', 'guidebook', 'that', 'party', 'direct'];
const reference1 = ['It', 'is', 'a', 'guide', 'to', 'action', 'that', 'ensures', 'that', 'the', 'military', 'will', 'forever', 'heed', 'Party', 'commands'];
const reference2 = [
  'It',
  'is',
  'the',
  'guiding',
  'principle',
  'which',
  'guarantees',
  'the',
  'military',
  'forces',
  'always',
  'being',
  'under',
  'the',
  'command',
  'of',
  'the',
  'Party',
];
const reference3 = ['It', 'is', 'the', 'practical', 'guide', 'for', 'the', 'army', 'always', 'to', 'heed', 'the', 'directions', 'of', 'the', 'party'];
const hyp2b = ['he', 'read', 'the', 'book', 'because', 'he', 'was', 'interested', 'in', 'world', 'history'];
const ref2a = ['he', 'was', 'interested', 'in', 'world', 'history', 'because', 'he', 'read', 'the', 'book'];

/** NLTK doctests print "0.5045..." (+ELLIPSIS): the value's decimal expansion starts that way. */
const startsWith = (value: number, prefix: string) => expect(String(value).startsWith(prefix), `${value} vs ${prefix}…`).toBe(true);
const ratio = ({ numerator, denominator }: { numerator: number; denominator: number }) => numerator / denominator;

describe('BLEU — NLTK documented examples', () => {
  it('corpus_bleu docstring: 0.5920778868801042', () => {
    // Source: NLTK corpus_bleu docstring (the full value is printed in older NLTK releases and
    // asserted exactly by torchmetrics' BLEU tests); newer docstrings show 0.5920...
    const result = corpusBleu([[reference1, reference2, reference3], [ref2a]], [hypothesis1, hyp2b]);
    expect(result.bleu).toBeCloseTo(0.5920778868801042, 14);
  });

  it('corpus BLEU is not the average of sentence BLEUs (docstring: 0.6223...)', () => {
    const score1 = sentenceBleu([reference1, reference2, reference3], hypothesis1).bleu;
    const score2 = sentenceBleu([ref2a], hyp2b).bleu;
    startsWith((score1 + score2) / 2, '0.6223');
  });

  it('sentence_bleu docstring values', () => {
    // Source: NLTK sentence_bleu docstring.
    const refs = [reference1, reference2, reference3];
    startsWith(sentenceBleu(refs, hypothesis1).bleu, '0.5045');
    // "The following example has zero 3-gram and 4-gram overlaps": round(..., 4) == 0.0
    expect(sentenceBleu(refs, hypothesis2).bleu).toBe(0);
    // With chencherry.method1: 0.0370...
    startsWith(sentenceBleu(refs, hypothesis2, { smoothing: 'method1' }).bleu, '0.0370');
    // BLEU-5 with uniform weights: 0.3920...
    startsWith(sentenceBleu(refs, hypothesis1, { weights: [1 / 5, 1 / 5, 1 / 5, 1 / 5, 1 / 5] }).bleu, '0.3920');
    startsWith(sentenceBleu(refs, hypothesis1, { maxOrder: 5 }).bleu, '0.3920');
  });

  it('SmoothingFunction docstring values (one reference)', () => {
    // Source: NLTK SmoothingFunction.__init__ docstring: sentence_bleu([reference1], hypothesis1)
    //   none 0.4118..., method1 0.4118..., method2 0.4452...
    // (Older NLTK releases printed 0.4489... for method2: their method2 also added 1 to the unigram
    // counts. Current NLTK leaves p1 alone, as Lin & Och's add-one smoothing does; so do we.
    // Hand check: p = 11/18, 8/17, 6/16, 4/15 and BP = 1 (18 > 16); (p2..p4 + 1 each) → 0.4452…,
    // (all four + 1) → 0.4489….)
    startsWith(sentenceBleu([reference1], hypothesis1).bleu, '0.4118');
    startsWith(sentenceBleu([reference1], hypothesis1, { smoothing: 'method1' }).bleu, '0.4118');
    startsWith(sentenceBleu([reference1], hypothesis1, { smoothing: 'add-1' }).bleu, '0.4452');
  });

  it('modified_precision docstring values', () => {
    // Source: NLTK modified_precision docstring and test_bleu.py test__modified_precision.
    const the = 'the the the the the the the'.split(' ');
    startsWith(ratio(modifiedPrecision(['the cat is on the mat'.split(' '), 'there is a cat on the mat'.split(' ')], the, 1)), '0.2857');
    expect(ratio(modifiedPrecision(['the cat is on the mat'.split(' '), 'there is a cat on the mat'.split(' ')], the, 2))).toBe(0);
    const refs = [reference1, reference2, reference3];
    expect(ratio(modifiedPrecision(refs, ['of', 'the'], 1))).toBe(1);
    expect(ratio(modifiedPrecision(refs, ['of', 'the'], 2))).toBe(1);
    startsWith(ratio(modifiedPrecision(refs, hypothesis1, 1)), '0.9444');
    startsWith(ratio(modifiedPrecision(refs, hypothesis2, 1)), '0.5714');
    expect(ratio(modifiedPrecision(refs, hypothesis1, 2))).toBe(0.5882352941176471);
    startsWith(ratio(modifiedPrecision(refs, hypothesis2, 2)), '0.07692');
  });

  it('brevity_penalty docstring values', () => {
    // Source: NLTK brevity_penalty docstring.
    const a = (n: number) => new Array<string>(n).fill('a');
    const bp = (refLengths: number[], hypLength: number) => brevityPenalty(closestReferenceLength(refLengths.map(a), hypLength), hypLength);
    expect(bp([12, 15, 17], 12)).toBe(1);
    expect(bp([28, 28], 12)).toBe(0.2635971381157267);
    startsWith(bp([13, 2], 12), '0.9200');
    // Equal distance: the shorter reference (11) is used, so no penalty, whatever the order.
    expect(bp([13, 11], 12)).toBe(1);
    expect(bp([11, 13], 12)).toBe(1);
    // "A test example from mteval-v13a.pl"
    startsWith(bp([11, 8], 7), '0.8668');
    expect(bp([11, 8, 6, 7], 7)).toBe(1);
    expect(brevityPenalty(5, 0)).toBe(0);
  });
});

describe('BLEU — sacreBLEU README examples (13a tokenizer, corpus level)', () => {
  // Source: sacreBLEU README, "Using SacreBLEU from Python".
  const sys = ['The dog bit the man.', "It wasn't surprising.", 'The man had just bitten him.'];
  const refStreams = [
    ['The dog bit the man.', 'It was not unexpected.', 'The man bit him first.'],
    ['The dog had bit the man.', 'No one was surprised.', 'The man had bitten the dog.'],
  ];
  const perSegment = (streams: string[][]) => sys.map((_, i) => streams.map((s) => tokenize13a(s[i] ?? '')));

  it('tokenizes like mteval-v13a', () => {
    expect(tokenize13a("It wasn't surprising.")).toEqual(['It', "wasn't", 'surprising', '.']);
    expect(tokenize13a('Costs $1,000.50 (approx.), 3-4 days')).toEqual(['Costs', '$', '1,000.50', '(', 'approx', '.', ')', ',', '3', '-', '4', 'days']);
    expect(tokenize13a('a &amp; b')).toEqual(['a', '&', 'b']);
  });

  it('BLEU = 48.53 82.4/50.0/45.5/37.5 (BP = 0.943 ratio = 0.944 hyp_len = 17 ref_len = 18)', () => {
    const result = corpusBleu(perSegment(refStreams), sys.map(tokenize13a));
    expect((result.bleu * 100).toFixed(2)).toBe('48.53');
    expect(result.precisions.map((p) => (p * 100).toFixed(1))).toEqual(['82.4', '50.0', '45.5', '37.5']);
    expect(result.brevityPenalty.toFixed(3)).toBe('0.943');
    expect((result.hypothesisLength / result.referenceLength).toFixed(3)).toBe('0.944');
    expect([result.hypothesisLength, result.referenceLength]).toEqual([17, 18]);
  });

  it('gives the same score from raw text with row-wise references', () => {
    const rowWise = sys.map((_, i) => refStreams.map((stream) => stream[i]!));
    expect((corpusBleuFromText(sys, rowWise).bleu * 100).toFixed(2)).toBe('48.53');
  });

  it('variable number of references: BLEU = 29.44 82.4/42.9/27.3/12.5 (BP = 0.889, ref_len = 19)', () => {
    // The first reference of the first segment is '' (missing); it is ignored.
    const streams = [['', 'It was not unexpected.', 'The man bit him first.'], refStreams[1]!];
    const result = corpusBleu(perSegment(streams), sys.map(tokenize13a));
    expect((result.bleu * 100).toFixed(2)).toBe('29.44');
    expect(result.precisions.map((p) => (p * 100).toFixed(1))).toEqual(['82.4', '42.9', '27.3', '12.5']);
    expect(result.brevityPenalty.toFixed(3)).toBe('0.889');
    expect([result.hypothesisLength, result.referenceLength]).toEqual([17, 19]);
  });
});

describe('BLEU — hand-worked cases', () => {
  it('is 1 for an exact match and 0 with no unigram overlap, even with smoothing', () => {
    const sentence = 'the cat sat on the mat'.split(' ');
    expect(sentenceBleu([sentence], sentence).bleu).toBe(1);
    expect(sentenceBleu([sentence], ['dog', 'ran'], { smoothing: 'method1' }).bleu).toBe(0);
  });

  it('clips repeated n-grams to the largest count in any single reference', () => {
    // "the the the" vs refs "the cat the" (2 × the) and "the" (1 × the): clip to 2 → 2/3.
    expect(modifiedPrecision([['the', 'cat', 'the'], ['the']], ['the', 'the', 'the'], 1)).toEqual({ numerator: 2, denominator: 3 });
  });

  it('BLEU-2 on a short pair', () => {
    // hyp "a b c d", ref "a b x d e": p1 = 3/4, p2 = 1/3 ("a b"), c = 4 < r = 5 → BP = e^(1 − 5/4).
    const expected = Math.exp(1 - 5 / 4) * Math.exp(0.5 * Math.log(3 / 4) + 0.5 * Math.log(1 / 3));
    expect(sentenceBleu([['a', 'b', 'x', 'd', 'e']], ['a', 'b', 'c', 'd'], { maxOrder: 2 }).bleu).toBeCloseTo(expected, 14);
  });

  it('rejects malformed input', () => {
    expect(() => corpusBleu([[['a']]], [])).toThrow(RangeError);
    expect(() => corpusBleu([[]], [['a']])).toThrow(/no non-empty reference/);
    expect(() => sentenceBleu([['a']], ['a'], { weights: [] })).toThrow(RangeError);
  });
});
