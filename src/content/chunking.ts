/**
 * Token-bounded chunking of long text, and the plan for summarising it as a tree
 * ("summary of summaries"). Models have a fixed input window (512 tokens for T5); anything beyond
 * it would be cut off silently by the tokenizer, so long inputs are split here into parts that
 * each fit, measured with the model's own tokenizer.
 */
import { WorkbenchError } from '../workers/protocol';
import { isCjkChar, splitSentences, type SentenceBreak } from './sentences';

export { splitSentences, type SentenceSpan, type SentenceBreak } from './sentences';

/**
 * Counts the tokens the model will see for `text`. Injected so the app can use the real
 * tokenizer, and should count exactly what the model gets, e.g. for the T5 summarizer
 * `s => tokenizer.encode('summarize: ' + s).length` (the pipeline adds the prefix and `</s>`).
 */
export type CountTokens = (text: string) => number;

export interface ChunkOptions {
  countTokens: CountTokens;
  /** No chunk has more tokens than this (as measured by `countTokens` on the chunk's text). */
  maxTokens: number;
  /** Consecutive chunks share whole sentences worth at most this many tokens. Default 0. */
  overlapTokens?: number;
  /**
   * Ends a chunk at a paragraph break when that still fills at least half the window, so parts
   * follow the document's structure. Default true.
   */
  preferParagraphs?: boolean;
}

export interface TextChunk {
  index: number;
  /** Exactly `source.slice(start, end)`, so offsets map back to the input. */
  text: string;
  start: number;
  end: number;
  tokens: number;
}

/** A piece of text the chunker never cuts: a sentence, or a word-bounded piece of a long one. */
interface Unit {
  start: number;
  end: number;
  breakAfter: SentenceBreak | 'inside';
}

/**
 * A tokenizer-free estimate: a word of up to 6 letters is one token, longer words one per 6
 * letters, each CJK character or symbol one.
 * For defaults and tests only: the apps pass the model's real tokenizer.
 */
export function estimateTokens(text: string): number {
  let count = 0;
  for (const match of text.matchAll(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]|[\p{L}\p{N}\p{M}]+|[^\s\p{L}\p{N}\p{M}]/gu)) {
    const piece = match[0];
    count += isCjkChar(piece) ? 1 : Math.max(1, Math.ceil(piece.length / 6));
  }
  return count;
}

/**
 * Splits `text` into chunks of at most `maxTokens` tokens, cut at sentence boundaries (preferring
 * paragraph breaks). A sentence that alone exceeds the limit is cut at word boundaries, CJK text
 * at character boundaries, and a single over-long word at code-point boundaries: no chunk ever
 * exceeds the limit. Whitespace-only input gives no chunks.
 *
 * Counting assumes a longer slice never has fewer tokens than a shorter one (true of real
 * tokenizers in practice); every chunk is measured before it is accepted, so even if that fails
 * the limit holds and chunks are merely shorter than they could be.
 */
export function chunkByTokens(text: string, options: ChunkOptions): TextChunk[] {
  const { countTokens, maxTokens } = options;
  const overlapTokens = options.overlapTokens ?? 0;
  const preferParagraphs = options.preferParagraphs ?? true;
  if (!Number.isInteger(maxTokens) || maxTokens < 1) {
    throw new WorkbenchError('bad-input', `maxTokens must be a positive integer (got ${maxTokens}).`);
  }
  if (!Number.isFinite(overlapTokens) || overlapTokens < 0 || overlapTokens >= maxTokens) {
    throw new WorkbenchError('bad-input', `overlapTokens must be at least 0 and less than maxTokens (got ${overlapTokens}).`);
  }

  const cache = new Map<string, number>();
  const count = (start: number, end: number): number => {
    const key = `${start}:${end}`;
    let n = cache.get(key);
    if (n === undefined) {
      n = countTokens(text.slice(start, end));
      cache.set(key, n);
    }
    return n;
  };

  // Per-call overhead (a prefix, </s>): summing per-sentence counts would add it once per sentence.
  const base = Math.max(0, countTokens('')) || 0;
  const units: Unit[] = [];
  for (const sentence of splitSentences(text)) {
    if (count(sentence.start, sentence.end) <= maxTokens) units.push(sentence);
    else units.push(...splitLongSpan(text, sentence.start, sentence.end, sentence.breakAfter, maxTokens, base, count));
  }

  const span = (a: number, b: number) => count((units[a] as Unit).start, (units[b] as Unit).end);
  const estimator = new FitEstimator(
    units.map((_, i) => span(i, i)),
    base,
    maxTokens,
  );

  const chunks: TextChunk[] = [];
  let s = 0;
  /** The first unit not in the previous chunk: a chunk must end at or after it. */
  let firstNew = 0;
  while (s < units.length) {
    let e = largestFitting(s, units.length - 1, (k) => span(s, k) <= maxTokens, estimator.guess(s));
    if (preferParagraphs && e < units.length - 1) {
      let p = e;
      while (p >= firstNew && (units[p] as Unit).breakAfter !== 'paragraph') p--;
      if (p >= firstNew && p < e && span(s, p) * 2 >= maxTokens) e = p;
    }
    const first = units[s] as Unit;
    const last = units[e] as Unit;
    chunks.push({
      index: chunks.length,
      text: text.slice(first.start, last.end),
      start: first.start,
      end: last.end,
      tokens: span(s, e),
    });
    if (e === units.length - 1) break;
    estimator.learn(s, e, span(s, e));

    // Carry the last sentences over while they fit the overlap budget, then make sure at least
    // one new sentence still fits after them, so every chunk makes progress.
    let carried = 0;
    while (carried < e - s && span(e - carried, e) <= overlapTokens) carried++;
    while (carried > 0 && span(e + 1 - carried, e + 1) > maxTokens) carried--;
    s = e + 1 - carried;
    firstNew = e + 1;
  }
  return chunks;
}

/**
 * Guesses how many consecutive pieces fit the window from their individual token counts, so the
 * search for a chunk's end usually costs 2–3 counts of window-sized text instead of
 * ~2·log2(pieces per chunk); real tokenizers are slow on long text (T5 in transformers.js takes
 * tens of ms per 1,000 characters). The sum of pieces is corrected by `ratio`, learned from the
 * previous chunk, because joined text does not tokenize to exactly the sum of its parts.
 */
class FitEstimator {
  private readonly prefix: Float64Array;
  private readonly base: number;
  private readonly maxTokens: number;
  private ratio = 1;

  constructor(counts: readonly number[], base: number, maxTokens: number) {
    this.base = base;
    this.maxTokens = maxTokens;
    this.prefix = new Float64Array(counts.length + 1);
    counts.forEach((n, i) => {
      this.prefix[i + 1] = (this.prefix[i] as number) + Math.max(0, n - base);
    });
  }

  private estimate(s: number, e: number): number {
    return this.base + this.ratio * ((this.prefix[e + 1] as number) - (this.prefix[s] as number));
  }

  /** The last piece index that should fit when starting at piece s. */
  guess(s: number): number {
    let lo = s;
    let hi = this.prefix.length - 2;
    while (lo < hi) {
      const mid = lo + Math.ceil((hi - lo) / 2);
      if (this.estimate(s, mid) <= this.maxTokens) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Calibrates on a measured span. */
  learn(s: number, e: number, measured: number): void {
    const summed = (this.prefix[e + 1] as number) - (this.prefix[s] as number);
    if (summed > 0) this.ratio = Math.min(2, Math.max(0.5, (measured - this.base) / summed));
  }
}

/**
 * Largest k in [from, to] with fits(k), given fits(from) holds. Starts at `guess` and gallops
 * (up if the guess fits, down if not) before bisecting, so a good guess costs two or three calls
 * and a poor one O(log n).
 */
function largestFitting(from: number, to: number, fits: (k: number) => boolean, guess = from): number {
  let good = from;
  let bad = to + 1;
  const start = Math.min(Math.max(guess, from), to);
  if (start > from) {
    if (fits(start)) {
      good = start;
    } else {
      bad = start;
      for (let step = 1; bad - step > good; step *= 2) {
        if (fits(bad - step)) {
          good = bad - step;
          break;
        }
        bad -= step;
      }
    }
  }
  if (bad === to + 1) {
    for (let step = 1; good + step <= to; step *= 2) {
      if (!fits(good + step)) {
        bad = good + step;
        break;
      }
      good += step;
    }
    if (bad === to + 1 && good < to) {
      if (fits(to)) good = to;
      else bad = to;
    }
  }
  while (bad - good > 1) {
    const mid = good + Math.floor((bad - good) / 2);
    if (fits(mid)) good = mid;
    else bad = mid;
  }
  return good;
}

/** Words (or single CJK characters) of a span, as offsets in `text`. */
function atomsOf(text: string, start: number, end: number): Array<{ start: number; end: number }> {
  const atoms: Array<{ start: number; end: number }> = [];
  const pattern = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]|[^\s\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]+/gu;
  for (const match of text.slice(start, end).matchAll(pattern)) {
    atoms.push({ start: start + match.index, end: start + match.index + match[0].length });
  }
  return atoms;
}

/** Cuts an over-long sentence into pieces that each fit, at word / character boundaries. */
function splitLongSpan(
  text: string,
  start: number,
  end: number,
  breakAfter: SentenceBreak,
  maxTokens: number,
  base: number,
  count: (start: number, end: number) => number,
): Unit[] {
  const atoms: Array<{ start: number; end: number }> = [];
  for (const atom of atomsOf(text, start, end)) {
    if (count(atom.start, atom.end) <= maxTokens) atoms.push(atom);
    else atoms.push(...splitLongWord(text, atom.start, atom.end, maxTokens, count));
  }
  const range = (a: number, b: number) => count((atoms[a] as Unit).start, (atoms[b] as Unit).end);
  const estimator = new FitEstimator(
    atoms.map((_, i) => range(i, i)),
    base,
    maxTokens,
  );
  const pieces: Unit[] = [];
  let a = 0;
  while (a < atoms.length) {
    const from = a;
    const b = largestFitting(from, atoms.length - 1, (k) => range(from, k) <= maxTokens, estimator.guess(from));
    estimator.learn(from, b, range(from, b));
    pieces.push({ start: (atoms[from] as Unit).start, end: (atoms[b] as Unit).end, breakAfter: 'inside' });
    a = b + 1;
  }
  const last = pieces[pieces.length - 1];
  if (last) last.breakAfter = breakAfter;
  return pieces;
}

/** A word longer than the window (a URL, a hash, base64): cut between code points. */
function splitLongWord(
  text: string,
  start: number,
  end: number,
  maxTokens: number,
  count: (start: number, end: number) => number,
): Array<{ start: number; end: number }> {
  const bounds: number[] = [start];
  for (let i = start; i < end; ) {
    const cp = text.codePointAt(i) as number;
    i += cp > 0xffff ? 2 : 1;
    bounds.push(i);
  }
  const pieces: Array<{ start: number; end: number }> = [];
  let a = 0;
  while (a < bounds.length - 1) {
    const from = bounds[a] as number;
    if (count(from, bounds[a + 1] as number) > maxTokens) {
      throw new WorkbenchError(
        'bad-input',
        `maxTokens (${maxTokens}) is smaller than the token count of a single character; the text cannot be split to fit.`,
      );
    }
    const b = largestFitting(a + 1, bounds.length - 1, (k) => count(from, bounds[k] as number) <= maxTokens);
    pieces.push({ start: from, end: bounds[b] as number });
    a = b;
  }
  return pieces;
}

// ---------------------------------------------------------------------------------------------
// Summary of summaries

export interface SummaryPlanOptions {
  /** The model's input window, in the same tokens as the chunks. */
  maxTokens: number;
  /**
   * The most tokens one partial summary can have: the caller generates partial summaries with
   * `maxNewTokens` = this. Default a quarter of the window.
   */
  summaryTokens?: number;
}

export interface SummaryStep {
  /** 1-based position in execution order; after this step, `seq` of `totalSteps` are done. */
  seq: number;
  level: number;
  index: number;
  /** Level 0: the one chunk index. Higher levels: indices of the previous level's steps. */
  inputs: number[];
  /** The step whose output is the final summary. */
  final: boolean;
}

export interface SummaryPlan {
  /** levels[0] summarises chunks; each further level summarises groups of the level below. */
  levels: SummaryStep[][];
  totalSteps: number;
  /** Most partial summaries combined in one step. */
  fanIn: number;
  summaryTokens: number;
  maxTokens: number;
}

/**
 * Tokens allowed per partial summary beyond `summaryTokens`: the separator between summaries
 * and re-tokenising generated text, which may not give back exactly the generated token count.
 */
const PER_SUMMARY_SLACK = 2;

/**
 * Plans the summary tree for `chunks` (only their number matters). Every combining step gets at
 * most `fanIn` partial summaries, chosen so they fit the window together; groups are balanced so
 * no step just re-summarises a lone summary. Pure: the caller (see summaryRunner.ts) executes it.
 */
export function planSummary(chunks: ReadonlyArray<unknown> | number, options: SummaryPlanOptions): SummaryPlan {
  const chunkCount = typeof chunks === 'number' ? chunks : chunks.length;
  const { maxTokens } = options;
  if (!Number.isInteger(maxTokens) || maxTokens < 1) {
    throw new WorkbenchError('bad-input', `maxTokens must be a positive integer (got ${maxTokens}).`);
  }
  const summaryTokens = options.summaryTokens ?? Math.max(1, Math.floor(maxTokens / 4));
  if (!Number.isInteger(chunkCount) || chunkCount < 1) throw new WorkbenchError('bad-input', 'There is nothing to summarise.');
  const fanIn = Math.floor(maxTokens / (summaryTokens + PER_SUMMARY_SLACK));
  if (chunkCount > 1 && fanIn < 2) {
    throw new WorkbenchError(
      'bad-input',
      `Partial summaries of ${summaryTokens} tokens are too long to combine two of them in a ${maxTokens}-token window.`,
    );
  }

  let seq = 0;
  const levels: SummaryStep[][] = [
    Array.from({ length: chunkCount }, (_, i) => ({ seq: ++seq, level: 0, index: i, inputs: [i], final: false })),
  ];
  let below = chunkCount;
  while (below > 1) {
    const groups = Math.ceil(below / fanIn);
    const level: SummaryStep[] = [];
    let next = 0;
    for (let g = 0; g < groups; g++) {
      // Balanced sizes: the first `below % groups` groups get one more.
      const size = Math.floor(below / groups) + (g < below % groups ? 1 : 0);
      level.push({
        seq: ++seq,
        level: levels.length,
        index: g,
        inputs: Array.from({ length: size }, (_, k) => next + k),
        final: false,
      });
      next += size;
    }
    levels.push(level);
    below = groups;
  }
  const top = levels[levels.length - 1]?.[0];
  if (top) top.final = true;
  return { levels, totalSteps: seq, fanIn: Math.max(fanIn, 1), summaryTokens, maxTokens };
}
