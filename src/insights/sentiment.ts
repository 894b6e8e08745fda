/**
 * Folding the labels of different sentiment models into one scale. SST-2 models say
 * POSITIVE/NEGATIVE, multilingual review models say "1 star".."5 stars", others say
 * positive/neutral/negative or LABEL_0..2; the dashboard only needs polarity and a signed score.
 */
import type { Polarity, SentimentCounts } from './types';

export interface LabelScore {
  label: string;
  score: number;
}

const STARS = /^([1-5])\s*stars?$/i;
const LABEL_N = /^label_(\d)$/i;

/** The star count of a "4 stars"-style label, or null. */
function starsOf(label: string): number | null {
  const match = STARS.exec(label.trim());
  return match ? Number(match[1]) : null;
}

/**
 * Polarity of a model label. `LABEL_0/1` is read as negative/positive (binary heads), `LABEL_0/1/2`
 * as negative/neutral/positive when `labelCount` is 3. Unknown labels return null rather than a guess.
 */
export function polarityOf(label: string, labelCount = 2): Polarity | null {
  const text = label.trim().toLowerCase();
  const stars = starsOf(text);
  if (stars !== null) return stars <= 2 ? 'negative' : stars === 3 ? 'neutral' : 'positive';
  if (/^(pos|positive|very positive)$/.test(text)) return 'positive';
  if (/^(neg|negative|very negative)$/.test(text)) return 'negative';
  if (/^(neu|neutral|mixed)$/.test(text)) return 'neutral';
  const n = LABEL_N.exec(text);
  if (n) {
    const index = Number(n[1]);
    if (labelCount === 3) return index === 0 ? 'negative' : index === 1 ? 'neutral' : index === 2 ? 'positive' : null;
    return index === 0 ? 'negative' : index === 1 ? 'positive' : null;
  }
  return null;
}

/**
 * Signed score in [-1, 1]: +confidence for positive, −confidence for negative, 0 for neutral.
 * Star labels scale by distance from 3 stars, so "4 stars" at 0.8 is +0.4 and "1 star" at 0.8 is −0.8.
 */
export function signedScore(result: LabelScore, labelCount = 2): number | null {
  const stars = starsOf(result.label);
  if (stars !== null) return ((stars - 3) / 2) * result.score;
  const polarity = polarityOf(result.label, labelCount);
  if (polarity === null) return null;
  return polarity === 'positive' ? result.score : polarity === 'negative' ? -result.score : 0;
}

/** Polarity of a signed score; |score| ≤ neutralBand is neutral. */
export function polarityOfSigned(signed: number, neutralBand: number): Polarity {
  if (signed > neutralBand) return 'positive';
  if (signed < -neutralBand) return 'negative';
  return 'neutral';
}

export function emptyCounts(): SentimentCounts {
  return { positive: 0, neutral: 0, negative: 0, unknown: 0 };
}

export function countSentiment(counts: SentimentCounts, sentiment: Polarity | null): void {
  counts[sentiment ?? 'unknown']++;
}

export function classified(counts: SentimentCounts): number {
  return counts.positive + counts.neutral + counts.negative;
}

/** (positive − negative) / classified rows; 0 when nothing is classified yet. */
export function netOf(counts: SentimentCounts): number {
  const total = classified(counts);
  return total === 0 ? 0 : (counts.positive - counts.negative) / total;
}

export function shareNegativeOf(counts: SentimentCounts): number {
  const total = classified(counts);
  return total === 0 ? 0 : counts.negative / total;
}
