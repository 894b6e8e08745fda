/**
 * BLEU (Papineni et al. 2002) for the Evaluate app, computed like NLTK's `corpus_bleu` /
 * `sentence_bleu` and sacreBLEU's `corpus_score`:
 *
 *  - modified (clipped) n-gram precision: each hypothesis n-gram counts at most as often as it
 *    occurs in the single reference where it is most frequent;
 *  - corpus level: numerators and denominators are summed over all segments before dividing
 *    (micro-average), not an average of sentence scores;
 *  - brevity penalty from the summed hypothesis length c and summed "closest" reference length r
 *    (closest to each hypothesis, the shorter one on ties): BP = 1 if c > r, else exp(1 − r/c),
 *    and 0 for an empty hypothesis;
 *  - BLEU = BP · exp(Σ w_n log p_n) with uniform weights up to 4-grams by default.
 *
 * Without smoothing, any zero precision makes BLEU exactly 0 (NLTK returns a float that rounds to
 * 0 and warns; sacreBLEU's default 'exp' smoothing differs — use corpus BLEU for sacreBLEU parity,
 * where all counts are usually non-zero). Scores are in [0, 1]; sacreBLEU prints them ×100.
 *
 * Inputs are token arrays; `tokenize13a` reproduces sacreBLEU's default tokenizer for raw text.
 */

export type BleuSmoothing =
  /** No smoothing (Papineni et al.). */
  | 'none'
  /** Chen & Cherry (2014) method 1 / NLTK `method1`: a zero count becomes ε (0.1) over the same denominator. */
  | 'method1'
  /** Add one to numerator and denominator for n ≥ 2 (Lin & Och 2004; NLTK `method2`). */
  | 'add-1';

export interface BleuOptions {
  /** Highest n-gram order; 4 by default. Weights are uniform (1/maxOrder). */
  maxOrder?: number;
  /** Explicit weights per order, overriding maxOrder (e.g. [0.5, 0.5] for BLEU-2). */
  weights?: readonly number[];
  smoothing?: BleuSmoothing;
  /** ε for method1; NLTK's default is 0.1. */
  epsilon?: number;
}

export interface BleuResult {
  bleu: number;
  /** Modified precision per order after smoothing (the values that enter the geometric mean). */
  precisions: number[];
  /** Clipped matches per order (summed over the corpus). */
  matches: number[];
  /** Hypothesis n-grams per order (summed over the corpus; at least 1 per segment, as NLTK). */
  totals: number[];
  brevityPenalty: number;
  hypothesisLength: number;
  referenceLength: number;
}

function ngramCounts(tokens: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    // JSON keeps token boundaries unambiguous whatever characters tokens contain.
    const key = JSON.stringify(tokens.slice(i, i + n));
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** Clipped matches and hypothesis n-gram count for one segment (NLTK `modified_precision`). */
export function modifiedPrecision(
  references: readonly (readonly string[])[],
  hypothesis: readonly string[],
  n: number,
): { numerator: number; denominator: number } {
  const counts = ngramCounts(hypothesis, n);
  const maxReferenceCounts = new Map<string, number>();
  for (const reference of references) {
    const referenceCounts = ngramCounts(reference, n);
    for (const ngram of counts.keys()) {
      maxReferenceCounts.set(ngram, Math.max(maxReferenceCounts.get(ngram) ?? 0, referenceCounts.get(ngram) ?? 0));
    }
  }
  let numerator = 0;
  let total = 0;
  for (const [ngram, count] of counts) {
    numerator += Math.min(count, maxReferenceCounts.get(ngram) ?? 0);
    total += count;
  }
  // NLTK keeps the denominator ≥ 1 so a hypothesis shorter than n does not divide by zero.
  return { numerator, denominator: Math.max(1, total) };
}

/** The reference length closest to the hypothesis length; the shorter one on ties. */
export function closestReferenceLength(references: readonly (readonly string[])[], hypothesisLength: number): number {
  let best = Number.POSITIVE_INFINITY;
  for (const reference of references) {
    const length = reference.length;
    const distance = Math.abs(length - hypothesisLength);
    const bestDistance = Math.abs(best - hypothesisLength);
    if (distance < bestDistance || (distance === bestDistance && length < best)) best = length;
  }
  return best;
}

export function brevityPenalty(referenceLength: number, hypothesisLength: number): number {
  if (hypothesisLength > referenceLength) return 1;
  if (hypothesisLength === 0) return 0;
  return Math.exp(1 - referenceLength / hypothesisLength);
}

function resolveWeights(options: BleuOptions): number[] {
  if (options.weights) {
    if (options.weights.length === 0 || options.weights.some((w) => !Number.isFinite(w) || w < 0)) {
      throw new RangeError('BLEU weights must be a non-empty list of non-negative numbers.');
    }
    return [...options.weights];
  }
  const maxOrder = options.maxOrder ?? 4;
  if (!Number.isInteger(maxOrder) || maxOrder < 1) throw new RangeError(`maxOrder must be a positive integer, got ${maxOrder}.`);
  return Array.from({ length: maxOrder }, () => 1 / maxOrder);
}

/**
 * Corpus BLEU. `listOfReferences[i]` holds the references of `hypotheses[i]` (any number ≥ 1 per
 * segment; empty references are ignored, as sacreBLEU does for a missing reference).
 */
export function corpusBleu(
  listOfReferences: readonly (readonly (readonly string[])[])[],
  hypotheses: readonly (readonly string[])[],
  options: BleuOptions = {},
): BleuResult {
  if (listOfReferences.length !== hypotheses.length) {
    throw new RangeError(`Expected one list of references per hypothesis, got ${listOfReferences.length} and ${hypotheses.length}.`);
  }
  const weights = resolveWeights(options);
  const orders = weights.length;
  const matches = new Array<number>(orders).fill(0);
  const totals = new Array<number>(orders).fill(0);
  let hypothesisLength = 0;
  let referenceLength = 0;

  hypotheses.forEach((hypothesis, i) => {
    const references = (listOfReferences[i] ?? []).filter((r) => r.length > 0);
    if (references.length === 0) throw new RangeError(`Hypothesis ${i + 1} has no non-empty reference.`);
    for (let n = 1; n <= orders; n++) {
      const { numerator, denominator } = modifiedPrecision(references, hypothesis, n);
      matches[n - 1]! += numerator;
      totals[n - 1]! += denominator;
    }
    hypothesisLength += hypothesis.length;
    referenceLength += closestReferenceLength(references, hypothesis.length);
  });

  const bp = brevityPenalty(referenceLength, hypothesisLength);
  const result = (bleu: number, precisions: number[]): BleuResult => ({
    bleu,
    precisions,
    matches,
    totals,
    brevityPenalty: bp,
    hypothesisLength,
    referenceLength,
  });

  const raw = matches.map((m, i) => m / (totals[i] as number));
  // As NLTK: no unigram match at all means 0, whatever the smoothing.
  if ((matches[0] ?? 0) === 0) return result(0, raw);

  const smoothing = options.smoothing ?? 'none';
  const epsilon = options.epsilon ?? 0.1;
  const precisions = matches.map((m, i) => {
    const total = totals[i] as number;
    if (smoothing === 'method1') return m === 0 ? epsilon / total : m / total;
    if (smoothing === 'add-1') return i === 0 ? m / total : (m + 1) / (total + 1);
    return m / total;
  });
  let logSum = 0;
  for (let i = 0; i < orders; i++) {
    const p = precisions[i] as number;
    const w = weights[i] as number;
    if (w === 0) continue;
    if (p === 0) return result(0, precisions);
    logSum += w * Math.log(p);
  }
  return result(bp * Math.exp(logSum), precisions);
}

/** BLEU of one hypothesis against its references (a one-segment corpus, as in NLTK). */
export function sentenceBleu(references: readonly (readonly string[])[], hypothesis: readonly string[], options: BleuOptions = {}): BleuResult {
  return corpusBleu([references], [hypothesis], options);
}

/**
 * sacreBLEU's default '13a' tokenizer (mteval-v13a.pl): splits off punctuation and symbols,
 * periods and commas unless they sit between digits, and a dash after a digit. Apostrophes stay
 * inside words ("wasn't"). Case is kept.
 */
export function tokenize13a(text: string): string[] {
  let line = text
    .replace(/<skipped>/g, '')
    .replace(/-\n/g, '')
    .replace(/\n/g, ' ');
  if (line.includes('&')) {
    line = line
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>');
  }
  line = ` ${line} `;
  line = line.replace(/([{-~[-`\x20-&(-+:-@/])/g, ' $1 ');
  line = line.replace(/([^0-9])([.,])/g, '$1 $2 ');
  line = line.replace(/([.,])([^0-9])/g, ' $1 $2');
  line = line.replace(/([0-9])(-)/g, '$1 $2 ');
  return line.split(/\s+/).filter((t) => t.length > 0);
}

export interface TextBleuOptions extends BleuOptions {
  /** Tokenizer for hypotheses and references; sacreBLEU's 13a by default. */
  tokenize?: (text: string) => string[];
}

/**
 * Corpus BLEU on raw text, the shape the Evaluate table holds: `references[i]` are the reference
 * texts of `hypotheses[i]` (row-wise; sacreBLEU takes them stream-wise). Empty references are
 * skipped. With the default 13a tokenizer this reproduces sacreBLEU's corpus score (÷100).
 */
export function corpusBleuFromText(hypotheses: readonly string[], references: readonly (readonly string[])[], options: TextBleuOptions = {}): BleuResult {
  const tokenize = options.tokenize ?? tokenize13a;
  return corpusBleu(
    references.map((refs) => refs.map(tokenize)),
    hypotheses.map(tokenize),
    options,
  );
}
