/**
 * ROUGE-1, ROUGE-2 and ROUGE-L as computed by Google's `rouge-score` package
 * (github.com/google-research/google-research/tree/master/rouge), so scores shown in the
 * Evaluate app can be compared with published numbers:
 *
 *  - tokenizer: lower-case, every run of characters outside [a-z0-9] becomes a space, split on
 *    whitespace; with `useStemmer`, tokens longer than 3 characters are Porter-stemmed (NLTK
 *    flavour, see porterStemmer.ts); tokens that are not [a-z0-9]+ are dropped. Note what that
 *    means: accented letters, CJK and other scripts are removed entirely, exactly as in
 *    rouge-score — ROUGE with this tokenizer is an English-only metric.
 *  - ROUGE-N: clipped n-gram overlap; precision over the prediction's n-grams, recall over the
 *    target's (each denominator at least 1).
 *  - ROUGE-L: sentence-level longest common subsequence over the whole text (rouge-score's
 *    `rougeL`, not the newline-split summary-level `rougeLsum`); 0 if either side is empty.
 *  - F = 2PR / (P + R), 0 when P + R = 0.
 *  - Several references: per metric, the whole score (P, R, F) of the reference with the highest
 *    F, first one on ties — `RougeScorer.score_multi`.
 */
import { porterStem } from './porterStemmer';

export type RougeType = 'rouge1' | 'rouge2' | 'rougeL';
export const ROUGE_TYPES: readonly RougeType[] = ['rouge1', 'rouge2', 'rougeL'];

export interface RougeScore {
  precision: number;
  recall: number;
  fmeasure: number;
}

export type RougeScores = Record<RougeType, RougeScore>;

export interface RougeOptions {
  /** Porter-stem tokens longer than 3 characters, like `RougeScorer(..., use_stemmer=True)`. */
  useStemmer?: boolean;
  /** Replaces the stemmer (e.g. to compare with another implementation). */
  stem?: (token: string) => string;
}

const NON_ALPHANUMERIC = /[^a-z0-9]+/g;
const VALID_TOKEN = /^[a-z0-9]+$/;

/** rouge-score's `tokenize.tokenize`. */
export function rougeTokenize(text: string, options: RougeOptions = {}): string[] {
  const stem = options.stem ?? (options.useStemmer ? (t: string) => porterStem(t) : undefined);
  const tokens = text.toLowerCase().replace(NON_ALPHANUMERIC, ' ').split(/\s+/);
  const out: string[] = [];
  for (const token of tokens) {
    const value = stem && token.length > 3 ? stem(token) : token;
    if (VALID_TOKEN.test(value)) out.push(value);
  }
  return out;
}

/** F-measure as rouge-score's `scoring.fmeasure`. */
export function fmeasure(precision: number, recall: number): number {
  return precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
}

function ngramCounts(tokens: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  // \u0001 cannot occur inside a [a-z0-9]+ token, so joined keys are unambiguous.
  for (let i = 0; i + n <= tokens.length; i++) {
    const key = tokens.slice(i, i + n).join('\u0001');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** ROUGE-N on already tokenized text. */
export function rougeNFromTokens(targetTokens: readonly string[], predictionTokens: readonly string[], n: number): RougeScore {
  if (!Number.isInteger(n) || n <= 0) throw new RangeError(`ROUGE-N needs a positive integer n, got ${n}.`);
  const target = ngramCounts(targetTokens, n);
  const prediction = ngramCounts(predictionTokens, n);
  let overlap = 0;
  for (const [ngram, count] of target) overlap += Math.min(count, prediction.get(ngram) ?? 0);
  let targetTotal = 0;
  for (const count of target.values()) targetTotal += count;
  let predictionTotal = 0;
  for (const count of prediction.values()) predictionTotal += count;
  const precision = overlap / Math.max(predictionTotal, 1);
  const recall = overlap / Math.max(targetTotal, 1);
  return { precision, recall, fmeasure: fmeasure(precision, recall) };
}

/** Length of the longest common subsequence, in O(|a|·|b|) time and O(|b|) memory. */
export function lcsLength(a: readonly string[], b: readonly string[]): number {
  const row = new Uint32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = 0; // row[j - 1] from the previous i
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] as number;
      row[j] = a[i - 1] === b[j - 1] ? diagonal + 1 : Math.max(above, row[j - 1] as number);
      diagonal = above;
    }
  }
  return row[b.length] as number;
}

/** ROUGE-L (sentence-level LCS) on already tokenized text. */
export function rougeLFromTokens(targetTokens: readonly string[], predictionTokens: readonly string[]): RougeScore {
  if (targetTokens.length === 0 || predictionTokens.length === 0) return { precision: 0, recall: 0, fmeasure: 0 };
  const lcs = lcsLength(targetTokens, predictionTokens);
  const precision = lcs / predictionTokens.length;
  const recall = lcs / targetTokens.length;
  return { precision, recall, fmeasure: fmeasure(precision, recall) };
}

/** Scores one prediction against one target (`RougeScorer.score(target, prediction)`). */
export function rouge(target: string, prediction: string, options: RougeOptions = {}): RougeScores {
  const t = rougeTokenize(target, options);
  const p = rougeTokenize(prediction, options);
  return {
    rouge1: rougeNFromTokens(t, p, 1),
    rouge2: rougeNFromTokens(t, p, 2),
    rougeL: rougeLFromTokens(t, p),
  };
}

/**
 * Scores one prediction against several targets (`RougeScorer.score_multi`): for each metric,
 * the complete score of the target with the highest F-measure.
 */
export function rougeMulti(targets: readonly string[], prediction: string, options: RougeOptions = {}): RougeScores {
  if (targets.length === 0) throw new RangeError('ROUGE needs at least one reference.');
  const all = targets.map((target) => rouge(target, prediction, options));
  const best = {} as RougeScores;
  for (const type of ROUGE_TYPES) {
    let winner = all[0] as RougeScores;
    // Strictly greater keeps the first maximum, like numpy.argmax.
    for (const scores of all) if (scores[type].fmeasure > winner[type].fmeasure) winner = scores;
    best[type] = winner[type];
  }
  return best;
}
