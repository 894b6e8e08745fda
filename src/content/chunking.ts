/**
 * Token-bounded chunking of long text, and the plan for summarising it as a tree
 * ("summary of summaries"). Models have a fixed input window (512 tokens for T5); anything beyond
 * it would be cut off silently by the tokenizer, so long inputs are split here into parts that
 * each fit, measured with the model's own tokenizer.
 *
 * Chunking is linear in the text: every piece is tokenized once on its own and every chunk once
 * as a whole (to check it), so 10 MB costs about two passes of the tokenizer. The same steps run
 * synchronously (`chunkByTokens`) or in slices that yield to the event loop, report progress and
 * stop on an AbortSignal (`chunkByTokensAsync`, what the inference worker runs).
 */
import { WorkbenchError, timeSlicer } from '../core';
import { isCjkChar, isSpaceCode, splitSentences, type SentenceBreak } from './sentences';

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

/** Progress through the text, in characters (UTF-16 code units) of the input. */
export interface ChunkProgress {
  done: number;
  total: number;
}

export interface AsyncChunkOptions extends ChunkOptions {
  /** Stops the work at its next slice; the promise rejects with a `cancelled` WorkbenchError. */
  signal?: AbortSignal;
  /** Called between slices (a few times a second on long texts) and once at the end. */
  onProgress?: (progress: ChunkProgress) => void;
  /** The longest stretch of work between two yields to the event loop, in ms. Default 40. */
  sliceMs?: number;
}

export interface ChunkResult {
  chunks: TextChunk[];
  /**
   * The whole text's tokens as the model would see it (prefix and special tokens once), summed
   * from its pieces: exact for tokenizers that never merge across white space (WordPiece,
   * SentencePiece, byte-level BPE), without tokenizing the whole text in one call.
   */
  inputTokens: number;
}

/**
 * A piece of text the chunker keeps together: a sentence, or a piece of a sentence too long for
 * the window (a fragment), which may be cut again at a word boundary.
 */
interface Unit {
  start: number;
  end: number;
  /** Where the white space before the unit starts: the previous unit's end (its own start for the first). */
  gapStart: number;
  breakAfter: SentenceBreak | 'inside';
  /**
   * Cut from a sentence longer than LONG_SENTENCE_CHARS: may be cut again at a word to fill the rest
   * of a chunk. (A shorter sentence over the window is cut into window-sized pieces from its
   * start instead, so its first piece begins where the sentence does.)
   */
  fragment: boolean;
  /** countTokens(text.slice(start, end)); -1 until counted. */
  alone: number;
  /** countTokens(text.slice(gapStart, end)), the unit as it adds to a chunk; -1 until counted. */
  joined: number;
}

// ---------------------------------------------------------------------------------------------
// The estimate

const SPACE = 1;
/** A CJK character that is a letter/number/mark: its own token, and part of a word run. */
const CJK_WORD = 2;
/** A CJK character that is not (a radical, a symbol): its own token. */
const CJK_OTHER = 3;
const WORD = 4;
const SYMBOL = 5;
const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;
const bmpKinds = new Uint8Array(0x10000);
const astralKinds = new Map<number, number>();

function classify(codePoint: number): number {
  const ch = String.fromCodePoint(codePoint);
  if (isSpaceCode(codePoint)) return SPACE;
  const word = WORD_CHAR.test(ch);
  if (isCjkChar(ch)) return word ? CJK_WORD : CJK_OTHER;
  return word ? WORD : SYMBOL;
}

function kindOf(codePoint: number): number {
  if (codePoint < 0x10000) {
    let kind = bmpKinds[codePoint] as number;
    if (kind === 0) bmpKinds[codePoint] = kind = classify(codePoint);
    return kind;
  }
  let kind = astralKinds.get(codePoint);
  if (kind === undefined) astralKinds.set(codePoint, (kind = classify(codePoint)));
  return kind;
}

/**
 * A tokenizer-free estimate: a word of up to 6 letters is one token, longer words one per 6
 * letters, each CJK character or symbol one. (A word that runs into CJK characters without a
 * space counts one.) For defaults and tests only: the apps pass the model's real tokenizer.
 *
 * One pass over the characters, no allocation: it runs on the main thread on whatever is pasted.
 */
export function estimateTokens(text: string): number {
  let count = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    let code = text.charCodeAt(i);
    let size = 1;
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < n) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        code = ((code - 0xd800) << 10) + (low - 0xdc00) + 0x10000;
        size = 2;
      }
    }
    const kind = code < 128 ? asciiKind(code) : kindOf(code);
    if (kind === SPACE) {
      i += size;
      continue;
    }
    if (kind !== WORD) {
      count++;
      i += size;
      continue;
    }
    // A run of letters, digits and marks (CJK letters included once inside a run).
    let j = i + size;
    let cjk = false;
    while (j < n) {
      let next = text.charCodeAt(j);
      let nextSize = 1;
      if (next >= 0xd800 && next <= 0xdbff && j + 1 < n) {
        const low = text.charCodeAt(j + 1);
        if (low >= 0xdc00 && low <= 0xdfff) {
          next = ((next - 0xd800) << 10) + (low - 0xdc00) + 0x10000;
          nextSize = 2;
        }
      }
      const nextKind = next < 128 ? asciiKind(next) : kindOf(next);
      if (nextKind === WORD) j += nextSize;
      else if (nextKind === CJK_WORD) {
        cjk = true;
        j += nextSize;
      } else break;
    }
    count += cjk ? 1 : Math.max(1, Math.ceil((j - i) / 6));
    i = j;
  }
  return count;
}

function asciiKind(code: number): number {
  if (code === 32 || (code >= 9 && code <= 13)) return SPACE;
  if ((code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122)) return WORD;
  return SYMBOL;
}

// ---------------------------------------------------------------------------------------------
// Chunking

/**
 * Sentences longer than this many characters (or 8 per token of the window), far more than the
 * window holds, are cut into fragments of about FRAGMENT_CHARS up front, so no tokenizer call
 * gets a huge text and a chunk is filled by cutting one short fragment.
 */
const LONG_SENTENCE_CHARS = 2048;
const LONG_SENTENCE_CHARS_PER_TOKEN = 8;
const FRAGMENT_CHARS = 512;
/** A text up to this many characters per window token is first counted whole: it may fit. */
const WHOLE_TEXT_CHARS_PER_TOKEN = 12;
/** Extra whole-chunk counts tried when a chunk measured shorter than its pieces added up to. */
const MAX_EXTEND_TRIES = 3;

/**
 * Splits `text` into chunks of at most `maxTokens` tokens, cut at sentence boundaries (preferring
 * paragraph breaks). A sentence that alone exceeds the limit is cut at word boundaries, CJK text
 * at character boundaries, and a single over-long word at code-point boundaries: no chunk ever
 * exceeds the limit. Whitespace-only input gives no chunks.
 *
 * Pieces are counted once each and added up; every chunk is then measured as a whole before it is
 * accepted (and shortened if the tokenizer did not add up), so the limit holds for any counter.
 */
export function chunkByTokens(text: string, options: ChunkOptions): TextChunk[] {
  const steps = chunkSteps(text, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value.chunks;
  }
}

/**
 * `chunkByTokens` in slices: yields to the event loop every `sliceMs` (so a worker hears a
 * cancel, and a page stays responsive), reports progress, and stops when `signal` aborts.
 * Also returns the whole text's token count, summed from its pieces.
 */
export async function chunkByTokensAsync(text: string, options: AsyncChunkOptions): Promise<ChunkResult> {
  const { onProgress } = options;
  const total = text.length;
  let position = 0;
  const checkpoint = timeSlicer({
    sliceMs: options.sliceMs ?? 40,
    signal: options.signal,
    beforeYield: () => onProgress?.({ done: Math.min(position, total), total }),
  });
  const steps = chunkSteps(text, options);
  for (;;) {
    const step = steps.next();
    if (step.done) {
      onProgress?.({ done: total, total });
      return step.value;
    }
    position = step.value;
    await checkpoint();
  }
}

/**
 * The chunking itself, as a generator that yields how far into the text it is (in characters) at
 * short intervals, so callers can run it at once or in slices.
 */
function* chunkSteps(text: string, options: ChunkOptions): Generator<number, ChunkResult, void> {
  const { countTokens, maxTokens } = options;
  const overlapTokens = options.overlapTokens ?? 0;
  const preferParagraphs = options.preferParagraphs ?? true;
  if (!Number.isInteger(maxTokens) || maxTokens < 1) {
    throw new WorkbenchError('bad-input', `maxTokens must be a positive integer (got ${maxTokens}).`);
  }
  if (!Number.isFinite(overlapTokens) || overlapTokens < 0 || overlapTokens >= maxTokens) {
    throw new WorkbenchError('bad-input', `overlapTokens must be at least 0 and less than maxTokens (got ${overlapTokens}).`);
  }

  const count = (start: number, end: number): number => countTokens(text.slice(start, end));

  // A text that fits is one chunk, whatever its pieces add up to: one count.
  let textStart = 0;
  let textEnd = text.length;
  while (textStart < textEnd && isSpaceCode(text.charCodeAt(textStart))) textStart++;
  while (textEnd > textStart && isSpaceCode(text.charCodeAt(textEnd - 1))) textEnd--;
  if (textStart === textEnd) return { chunks: [], inputTokens: Math.max(0, countTokens('')) || 0 };
  if (textEnd - textStart <= maxTokens * WHOLE_TEXT_CHARS_PER_TOKEN) {
    const tokens = count(textStart, textEnd);
    if (tokens <= maxTokens) {
      return { chunks: [{ index: 0, text: text.slice(textStart, textEnd), start: textStart, end: textEnd, tokens }], inputTokens: tokens };
    }
  }

  const base = overheadTokens(countTokens);

  // Units: sentences, with very long ones cut into fragments, so no tokenizer call ever gets
  // more than a few thousand characters.
  const longSentence = Math.max(LONG_SENTENCE_CHARS, maxTokens * LONG_SENTENCE_CHARS_PER_TOKEN);
  const units: Unit[] = [];
  const sentences = splitSentences(text);
  yield 0;
  for (const [n, sentence] of sentences.entries()) {
    const gapStart = units.length > 0 ? (units[units.length - 1] as Unit).end : sentence.start;
    if (sentence.end - sentence.start <= longSentence) {
      units.push({ start: sentence.start, end: sentence.end, gapStart, breakAfter: sentence.breakAfter, fragment: false, alone: -1, joined: -1 });
    } else {
      let from = sentence.start;
      let previousEnd = gapStart;
      while (from < sentence.end) {
        const [end, next] = fragmentEnd(text, from, sentence.end, FRAGMENT_CHARS);
        units.push({
          start: from,
          end,
          gapStart: previousEnd,
          breakAfter: next >= sentence.end ? sentence.breakAfter : 'inside',
          fragment: true,
          alone: -1,
          joined: -1,
        });
        previousEnd = end;
        from = next;
      }
    }
    if (n % 2048 === 2047) yield sentence.end;
  }

  const unitAt = (k: number) => units[k] as Unit;
  const alone = (u: Unit) => (u.alone >= 0 ? u.alone : (u.alone = count(u.start, u.end)));
  const joined = (u: Unit) => (u.joined >= 0 ? u.joined : (u.joined = u.gapStart === u.start ? alone(u) : count(u.gapStart, u.end)));
  const bodyJoined = (u: Unit) => joined(u) - base;

  /**
   * Cuts unit k at the last word boundary where its head still has at most `limit` tokens,
   * counted from its start (`alone`) or from its gap (`joined`). False when not even the first
   * word fits. Binary search from a proportional guess: a few counts of at most a fragment.
   */
  const cutAtWord = (k: number, limit: number, from: 'start' | 'gap'): boolean => {
    const unit = unitAt(k);
    const origin = from === 'start' ? unit.start : unit.gapStart;
    const atoms = atomsOf(text, unit.start, unit.end);
    if (atoms.length < 2) return false;
    const measured = new Map<number, number>();
    const head = (i: number) => {
      let n = measured.get(i);
      if (n === undefined) measured.set(i, (n = count(origin, (atoms[i] as Span).end)));
      return n;
    };
    if (head(0) > limit) return false;
    const whole = from === 'start' ? alone(unit) : joined(unit);
    const share = Math.max(0, limit - base) / Math.max(1, whole - base);
    const last = largestFitting(0, atoms.length - 2, (i) => head(i) <= limit, Math.floor(atoms.length * share) - 1);
    const cutEnd = (atoms[last] as Span).end;
    const first: Unit = { start: unit.start, end: cutEnd, gapStart: unit.gapStart, breakAfter: 'inside', fragment: unit.fragment, alone: -1, joined: -1 };
    if (from === 'start') first.alone = head(last);
    else first.joined = head(last);
    const rest: Unit = {
      start: (atoms[last + 1] as Span).start,
      end: unit.end,
      gapStart: cutEnd,
      breakAfter: unit.breakAfter,
      fragment: unit.fragment,
      alone: -1,
      joined: -1,
    };
    units.splice(k, 1, first, rest);
    return true;
  };

  /** Cuts unit k inside its first word (a URL, a hash, base64) at the last code point that fits. */
  const cutInWord = (k: number, limit: number): void => {
    const unit = unitAt(k);
    const wordEnd = atomsOf(text, unit.start, unit.end)[0]?.end ?? unit.end;
    const bounds: number[] = [];
    for (let i = unit.start; i < wordEnd;) {
      const cp = text.codePointAt(i) as number;
      i += cp > 0xffff ? 2 : 1;
      bounds.push(i);
    }
    const fits = (b: number) => count(unit.start, bounds[b] as number) <= limit;
    if (!fits(0)) {
      throw new WorkbenchError('bad-input', `maxTokens (${maxTokens}) is smaller than the token count of a single character; the text cannot be split to fit.`);
    }
    const last = largestFitting(0, bounds.length - 1, fits, Math.floor(bounds.length * (limit / Math.max(1, alone(unit)))) - 1);
    const cutEnd = bounds[last] as number;
    if (cutEnd >= unit.end) return; // the whole unit fits after all
    const first: Unit = { start: unit.start, end: cutEnd, gapStart: unit.gapStart, breakAfter: 'inside', fragment: unit.fragment, alone: -1, joined: -1 };
    let restStart = cutEnd;
    while (restStart < unit.end && isSpaceCode(text.charCodeAt(restStart))) restStart++;
    const rest: Unit = { start: restStart, end: unit.end, gapStart: cutEnd, breakAfter: unit.breakAfter, fragment: unit.fragment, alone: -1, joined: -1 };
    units.splice(k, 1, first, rest);
  };

  /** Makes unit k fit the window on its own, cutting it if needed. */
  const ensureFits = (k: number): void => {
    while (alone(unitAt(k)) > maxTokens) {
      if (!cutAtWord(k, maxTokens, 'start')) cutInWord(k, maxTokens);
    }
  };

  const chunks: TextChunk[] = [];
  /** Measured whole-span counts for the chunk being built, by its last unit. */
  let spans = new Map<number, number>();
  let s = 0;
  /** The first unit not in the previous chunk: a chunk must end at or after it. */
  let firstNew = 0;
  while (s < units.length) {
    ensureFits(s);
    spans = new Map();
    const span = (e: number): number => {
      if (e === s) return alone(unitAt(s));
      let n = spans.get(e);
      if (n === undefined) spans.set(e, (n = count(unitAt(s).start, unitAt(e).end)));
      return n;
    };

    // Add up the units that fit.
    const sums: number[] = [alone(unitAt(s))];
    let e = s;
    while (e + 1 < units.length) {
      // A sentence longer than the window is cut into window-sized pieces from its start; the
      // first may still fit here.
      const candidate = unitAt(e + 1);
      if (!candidate.fragment && joined(candidate) > maxTokens) ensureFits(e + 1);
      const next = (sums[e - s] as number) + bodyJoined(unitAt(e + 1));
      if (next > maxTokens) break;
      sums.push(next);
      e++;
      if ((e - s) % 512 === 0) yield unitAt(e).end;
    }
    let atParagraph = false;
    if (preferParagraphs && e < units.length - 1) {
      let p = e;
      while (p >= firstNew && unitAt(p).breakAfter !== 'paragraph') p--;
      if (p >= firstNew && p < e && (sums[p - s] as number) * 2 >= maxTokens) {
        e = p;
        atParagraph = true;
      }
    }
    // Fill the rest of the window with the head of a fragment (a sentence cut for length).
    if (!atParagraph && e + 1 < units.length && unitAt(e + 1).fragment) {
      const room = maxTokens - (sums[e - s] as number);
      if (room > 0 && cutAtWord(e + 1, room + base, 'gap')) {
        sums.push((sums[e - s] as number) + bodyJoined(unitAt(e + 1)));
        e++;
      }
    }

    // Measure the chunk as a whole: the pieces add up exactly only if the tokenizer never merges
    // across their boundaries.
    let measured = span(e);
    if (measured > maxTokens) {
      const low = Math.max(s, firstNew);
      if (low > s && span(low) > maxTokens) {
        s = firstNew; // drop the overlap
        continue;
      }
      e = largestFitting(low, e - 1, (k) => span(k) <= maxTokens, e - 1);
      measured = span(e);
    } else if (measured < (sums[e - s] as number)) {
      for (let tries = 0; tries < MAX_EXTEND_TRIES && e + 1 < units.length && !atParagraph; tries++) {
        const candidate = unitAt(e + 1);
        if (candidate.fragment || measured + bodyJoined(candidate) > maxTokens || span(e + 1) > maxTokens) break;
        e++;
        measured = span(e);
      }
    }

    const first = unitAt(s);
    const last = unitAt(e);
    chunks.push({ index: chunks.length, text: text.slice(first.start, last.end), start: first.start, end: last.end, tokens: measured });
    if (e === units.length - 1) break;
    yield last.end;

    // Carry the last sentences over while they fit the overlap budget, then make sure at least
    // one new unit still fits after them, so every chunk makes progress.
    const carriedBodies: number[] = [];
    let tail = 0;
    while (carriedBodies.length < e - s) {
      const a = e - carriedBodies.length;
      if (alone(unitAt(a)) + tail > overlapTokens) break;
      const body = bodyJoined(unitAt(a));
      carriedBodies.push(body);
      tail += body;
    }
    const nextBody = bodyJoined(unitAt(e + 1));
    let carried = carriedBodies.length;
    while (carried > 0) {
      const a = e + 1 - carried;
      const rest = tail - (carriedBodies[carried - 1] as number); // the carried units after `a`
      if (alone(unitAt(a)) + rest + nextBody <= maxTokens) break;
      tail = rest;
      carried--;
    }
    s = e + 1 - carried;
    firstNew = e + 1;
  }

  let inputTokens = alone(unitAt(0));
  for (let k = 1; k < units.length; k++) {
    inputTokens += bodyJoined(unitAt(k));
    if (k % 4096 === 0) yield unitAt(k).end;
  }
  return { chunks, inputTokens };
}

interface Span {
  start: number;
  end: number;
}

/**
 * The tokens a counter adds once per call (a task prefix, `<s>`/`</s>`), which a sum of
 * per-piece counts would otherwise add once per piece: what `a` plus ` a` count beyond `a a`.
 * Not simply countTokens(''): T5's "summarize: " ends in a space that is a token of its own only
 * when nothing follows it.
 */
export function overheadTokens(countTokens: CountTokens): number {
  const empty = Math.max(0, countTokens('')) || 0;
  const overhead = countTokens('a') + countTokens(' a') - countTokens('a a');
  return Number.isFinite(overhead) ? Math.min(empty, Math.max(0, overhead)) : empty;
}

/**
 * Where a fragment of at most `maxChars` starting at `from` ends (trimmed) and the next one starts:
 * at the last white space in the second half of the range, else between two CJK characters,
 * else at a code-point boundary.
 */
export function fragmentEnd(text: string, from: number, end: number, maxChars: number): [number, number] {
  if (end - from <= maxChars) return [end, end];
  let cut = from + maxChars;
  const floor = from + Math.floor(maxChars / 2);
  let space = cut;
  while (space > floor && !isSpaceCode(text.charCodeAt(space))) space--;
  if (space > floor) {
    let pieceEnd = space;
    while (pieceEnd > from && isSpaceCode(text.charCodeAt(pieceEnd - 1))) pieceEnd--;
    let next = space;
    while (next < end && isSpaceCode(text.charCodeAt(next))) next++;
    return [pieceEnd, next];
  }
  // No space: cut between code points (never inside a surrogate pair).
  const code = text.charCodeAt(cut);
  if (code >= 0xdc00 && code <= 0xdfff) cut--;
  return [cut, cut];
}

/**
 * Largest k in [from, to] with fits(k), given fits(from) holds. Starts at `guess` and gallops
 * (up if the guess fits, down if not) before bisecting, so a good guess costs two or three calls
 * and a poor one O(log n).
 */
function largestFitting(from: number, to: number, fits: (k: number) => boolean, guess = from): number {
  if (to < from) return from;
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
function atomsOf(text: string, start: number, end: number): Span[] {
  const atoms: Span[] = [];
  const pattern = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]|[^\s\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]+/gu;
  for (const match of text.slice(start, end).matchAll(pattern)) {
    atoms.push({ start: start + match.index, end: start + match.index + match[0].length });
  }
  return atoms;
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
    throw new WorkbenchError('bad-input', `Partial summaries of ${summaryTokens} tokens are too long to combine two of them in a ${maxTokens}-token window.`);
  }

  let seq = 0;
  const levels: SummaryStep[][] = [Array.from({ length: chunkCount }, (_, i) => ({ seq: ++seq, level: 0, index: i, inputs: [i], final: false }))];
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

/**
 * estimateTokens for texts of any size in bounded time: past `budget` characters, the count of
 * evenly spaced samples scaled to the whole. For the "about N tokens" hint while typing or after
 * a paste of megabytes, where counting every character would block the page.
 */
export function estimateTokensSampled(text: string, budget = 200_000): number {
  if (text.length <= budget) return estimateTokens(text);
  const samples = 20;
  const size = Math.floor(budget / samples);
  const stride = Math.floor(text.length / samples);
  let counted = 0;
  for (let i = 0; i < samples; i++) counted += estimateTokens(text.slice(i * stride, i * stride + size));
  return Math.round((counted * text.length) / (size * samples));
}
