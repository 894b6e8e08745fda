/**
 * Extractive summaries: the text's own most central sentences, in their original order. Used
 * where the summarization model does not know the text's language (the default summarizer is
 * English; a Chinese text would come back as English or nonsense), and whenever the user asks
 * for it. Works in any language the embedding model knows; without embeddings it falls back to
 * lexical vectors (words, and character bigrams for Chinese), so it never needs a model at all.
 *
 * Method: sentence vectors → centrality (mean similarity to the other sentences, as in LexRank's
 * degree centrality) → picked by maximal marginal relevance (central, but unlike what is already
 * picked), so a review that says the same thing twice is quoted once.
 */
import { splitSentences } from './sentences';

export interface ExtractiveOptions {
  /** Sentence embeddings (one vector per sentence, same order); lexical vectors when absent. */
  embed?: (sentences: string[]) => Promise<number[][]>;
  /** At most this many sentences (default 3). */
  maxSentences?: number;
  /** At most this many characters (code points) in the summary; no limit by default. */
  maxChars?: number;
  /** MMR trade-off between centrality (1) and novelty (0). Default 0.7. */
  lambda?: number;
  /** Sentences at least this similar to a picked one are duplicates and never picked. Default 0.95. */
  duplicateSimilarity?: number;
  signal?: AbortSignal;
}

export interface ExtractedSentence {
  /** Index among the text's sentences. */
  index: number;
  text: string;
  centrality: number;
}

export interface ExtractiveSummary {
  text: string;
  /** The picked sentences in their original order. */
  sentences: ExtractedSentence[];
  /** Sentences in the text. */
  total: number;
  /** True when even the best sentence alone is longer than maxChars (it is returned whole, never cut). */
  overBudget: boolean;
}

const TERMINATED = /[.!?…。！？；．｡]["'”’)\]）」』】》]*$/u;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const CJK_END = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}。！？；．｡”’）」』】》]$/u;

/** The text's sentences (。！？； and western punctuation, and line breaks), trimmed, non-empty. */
export function summarySentences(text: string): string[] {
  return splitSentences(text)
    .map((span) => span.text.trim())
    .filter((sentence) => /[\p{L}\p{N}]/u.test(sentence));
}

const charCount = (text: string) => [...text].length;

/** Joins sentences as the script needs: nothing after Chinese punctuation, a space in Latin text. */
export function joinSentences(sentences: readonly string[]): string {
  let out = '';
  for (const sentence of sentences) {
    if (out === '') out = sentence;
    else if (CJK_END.test(out) && TERMINATED.test(out) && CJK.test(sentence[0] ?? '')) out += sentence;
    else if (CJK_END.test(out) && !TERMINATED.test(out) && CJK.test(sentence[0] ?? '')) out += `；${sentence}`;
    else out += ` ${sentence}`;
  }
  return out;
}

/** Lexical vectors: lower-cased words, and character bigrams inside CJK runs. Unit length. */
export function lexicalVectors(sentences: readonly string[]): number[][] {
  const vocabulary = new Map<string, number>();
  const bags = sentences.map((sentence) => {
    const bag = new Map<number, number>();
    const add = (term: string) => {
      let id = vocabulary.get(term);
      if (id === undefined) vocabulary.set(term, (id = vocabulary.size));
      bag.set(id, (bag.get(id) ?? 0) + 1);
    };
    for (const match of sentence
      .normalize('NFKC')
      .toLowerCase()
      .matchAll(/(\p{Script=Han}+)|([\p{L}\p{N}]+)/gu)) {
      if (match[1]) {
        const chars = [...match[1]];
        if (chars.length === 1) add(chars[0]!);
        for (let i = 0; i + 1 < chars.length; i++) add(chars[i]! + chars[i + 1]!);
      } else if (match[2]) add(match[2]);
    }
    return bag;
  });
  return bags.map((bag) => {
    const vector = new Array<number>(vocabulary.size).fill(0);
    for (const [id, count] of bag) vector[id] = count;
    return normalize(vector);
  });
}

function normalize(vector: number[]): number[] {
  let norm = 0;
  for (const x of vector) norm += x * x;
  norm = Math.sqrt(norm);
  return norm > 0 ? vector.map((x) => x / norm) : vector;
}

function dot(a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * (b[i] ?? 0);
  return sum;
}

function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw signal.reason ?? new DOMException('Aborted', 'AbortError');
}

export async function extractiveSummary(text: string, options: ExtractiveOptions = {}): Promise<ExtractiveSummary> {
  const maxSentences = Math.max(1, Math.floor(options.maxSentences ?? 3));
  const maxChars = options.maxChars !== undefined && options.maxChars > 0 ? options.maxChars : Infinity;
  const lambda = options.lambda ?? 0.7;
  const duplicate = options.duplicateSimilarity ?? 0.95;

  // Repeated sentences (same text once normalised) count once, at their first place.
  const all = summarySentences(text);
  const seen = new Set<string>();
  const units: Array<{ index: number; text: string }> = [];
  all.forEach((sentence, index) => {
    const key = sentence
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[\s\p{P}]+/gu, '');
    if (key === '' || seen.has(key)) return;
    seen.add(key);
    units.push({ index, text: sentence });
  });
  if (units.length === 0) return { text: '', sentences: [], total: all.length, overBudget: false };

  throwIfAborted(options.signal);
  const raw = options.embed ? await options.embed(units.map((unit) => unit.text)) : lexicalVectors(units.map((unit) => unit.text));
  throwIfAborted(options.signal);
  if (raw.length !== units.length) throw new RangeError(`embed returned ${raw.length} vectors for ${units.length} sentences.`);
  const vectors = raw.map((vector) => normalize([...vector]));

  const n = units.length;
  const similarity = (i: number, j: number) => dot(vectors[i]!, vectors[j]!);
  // Mean similarity to the other sentences, through their sum: (v_i · Σv − v_i · v_i) / (n − 1),
  // linear in n, so a text of thousands of sentences costs no pairwise matrix.
  const dimensions = vectors[0]?.length ?? 0;
  const sum = new Array<number>(dimensions).fill(0);
  for (const vector of vectors) for (let d = 0; d < dimensions; d++) sum[d]! += vector[d] ?? 0;
  const centrality = vectors.map((vector) => (n === 1 ? 1 : (dot(vector, sum) - dot(vector, vector)) / (n - 1)));

  const picked: number[] = [];
  const excluded = new Set<number>();
  let chars = 0;
  let overBudget = false;
  while (picked.length < maxSentences) {
    let best = -1;
    let bestScore = -Infinity;
    for (let i = 0; i < n; i++) {
      if (excluded.has(i)) continue;
      const redundancy = picked.length === 0 ? 0 : Math.max(...picked.map((j) => similarity(i, j)));
      if (redundancy >= duplicate) {
        excluded.add(i);
        continue;
      }
      const score = lambda * centrality[i]! - (1 - lambda) * redundancy;
      // Ties go to the earlier sentence, so the result never depends on float noise order.
      if (score > bestScore) {
        best = i;
        bestScore = score;
      }
    }
    if (best < 0) break;
    excluded.add(best);
    const length = charCount(units[best]!.text) + (picked.length > 0 ? 1 : 0);
    if (chars + length > maxChars) {
      // This one does not fit; a shorter, less central one still may. The best sentence is
      // returned whole even when it alone is too long: a summary is never cut mid-sentence.
      if (picked.length === 0 && ![...Array(n).keys()].some((i) => !excluded.has(i) && charCount(units[i]!.text) <= maxChars)) {
        picked.push(best);
        overBudget = true;
        break;
      }
      continue;
    }
    picked.push(best);
    chars += length;
  }

  const sentences = picked.sort((a, b) => a - b).map((i) => ({ index: units[i]!.index, text: units[i]!.text, centrality: centrality[i]! }));
  return { text: joinSentences(sentences.map((s) => s.text)), sentences, total: all.length, overBudget };
}
