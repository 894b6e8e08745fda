/**
 * Long inputs in the inference worker: the size limits of the operations that take one text, and
 * token counts of long texts without one huge tokenizer call (which takes seconds nobody can
 * interrupt and, past a few hundred thousand tokens, overflows the tokenizer's stack).
 *
 * Pure apart from the injected counter, so it is unit-tested in Node without a model.
 */
import { fragmentEnd, overheadTokens, type CountTokens } from '../content/chunking';
import { isSpaceCode } from '../content/sentences';
import { WorkbenchError, type WorkProgress, timeSlicer } from '../core';

/** The most characters `chunk` splits in one call (about 20 MB of text: tens of thousands of parts). */
export const MAX_CHUNK_CHARS = 20_000_000;
/**
 * A text with more visible characters than this per window token cannot fit the window: real
 * tokenizers average 2–5 characters a token, and even runs like "=====" are cut every 16 or so.
 */
const MAX_CHARS_PER_TOKEN = 64;
/** Texts up to this long are tokenized in one call. */
const ONE_CALL_CHARS = 8192;
/** Longer texts are counted in pieces of about this size, cut at white space. */
const PIECE_CHARS = 2048;
/** The longest stretch of work between two yields to the event loop, in ms. */
const SLICE_MS = 40;

const format = (n: number) => n.toLocaleString('en-US');

export function requireChunkableSize(text: string): void {
  if (text.length > MAX_CHUNK_CHARS) {
    throw new WorkbenchError(
      'bad-input',
      `The text is ${format(text.length)} characters; the most that can be split into parts in one go is ${format(MAX_CHUNK_CHARS)}. Split it into smaller files first.`,
    );
  }
}

/**
 * Makes sure `text` fits a model window of `window` tokens as `countTokens` counts it (task prefix
 * and special tokens included), without ever cutting it: a text that cannot fit is rejected at
 * once by its length, one that might is tokenized (one call of at most window × 64 characters,
 * 32,768 for a 512-token window). Returns the token count.
 */
export function requireFitsWindow(text: string, window: number, countTokens: CountTokens, task = 'summarization'): number {
  const advice = `${capitalize(task)} reads one window at a time; split the text into parts that fit (chunk()) and ${
    task === 'summarization' ? 'summarize each, as client.summarize() and the Summarize app do with long texts' : 'run each'
  }.`;
  const limit = window * MAX_CHARS_PER_TOKEN;
  if (text.length > limit) {
    const visible = visibleLength(text, limit);
    if (visible > limit) {
      throw new WorkbenchError(
        'bad-input',
        `The text is ${format(text.length)} characters, far more than the ${format(window)} tokens the ${task} model reads at once; it would be cut. ${advice}`,
      );
    }
  }
  // Exact, in one call of at most window × 64 characters; only a text that is mostly white space
  // (long, yet few visible characters) is counted in pieces.
  const tokens = text.length > limit ? countAdded(text, countTokens) : countTokens(text);
  if (tokens > window) {
    throw new WorkbenchError(
      'bad-input',
      `The text is ${format(tokens)} tokens, more than the ${format(window)} the ${task} model reads at once; it would be cut. ${advice}`,
    );
  }
  return tokens;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Characters once every run of white space counts as one; stops counting past `cap`. */
function visibleLength(text: string, cap: number): number {
  let length = 0;
  let inSpace = false;
  for (let i = 0; i < text.length && length <= cap; i++) {
    const space = isSpaceCode(text.charCodeAt(i));
    if (!space || !inSpace) length++;
    inSpace = space;
  }
  return length;
}

export interface CountOptions {
  signal?: AbortSignal;
  /** Progress through the texts, in characters. */
  onProgress?: (progress: WorkProgress) => void;
}

/**
 * Token counts of `texts`, in slices that yield to the event loop (so a cancel is heard) and
 * report progress. A text longer than 8,192 characters is counted in pieces of about 2,000 cut
 * at white space, and the pieces' counts added up (less the per-call overhead): exact for the
 * usual tokenizers, which never merge tokens across white space, and never one huge call.
 */
export async function countTokensSliced(texts: readonly string[], countTokens: CountTokens, options: CountOptions = {}): Promise<number[]> {
  const { onProgress } = options;
  const total = texts.reduce((sum, text) => sum + text.length, 0);
  let done = 0;
  const checkpoint = timeSlicer({ sliceMs: SLICE_MS, signal: options.signal, beforeYield: () => onProgress?.({ done, total }) });
  const counts: number[] = [];
  let overhead: number | null = null;
  for (const text of texts) {
    if (text.length <= ONE_CALL_CHARS) {
      counts.push(countTokens(text));
      done += text.length;
    } else {
      overhead ??= overheadTokens(countTokens);
      let sum = 0;
      for (const { tokens, chars } of pieceCounts(text, countTokens, overhead)) {
        sum += tokens;
        done += chars;
        await checkpoint();
      }
      counts.push(sum);
    }
    await checkpoint();
  }
  if (total > ONE_CALL_CHARS) onProgress?.({ done: total, total });
  return counts;
}

/** `countTokensSliced` for one text, synchronously (for texts already known to be of bounded size). */
function countAdded(text: string, countTokens: CountTokens): number {
  let sum = 0;
  for (const { tokens } of pieceCounts(text, countTokens, overheadTokens(countTokens))) sum += tokens;
  return sum;
}

/**
 * The tokens each piece of `text` adds to the whole: its own count, less the per-call overhead
 * after the first piece. Pieces of at most about PIECE_CHARS, cut as the chunker cuts a long
 * sentence (`fragmentEnd`), the white space between two pieces starting the second.
 */
function* pieceCounts(text: string, countTokens: CountTokens, overhead: number): Generator<{ tokens: number; chars: number }> {
  let start = 0;
  while (start < text.length) {
    const [pieceEnd, next] = fragmentEnd(text, start, text.length, PIECE_CHARS);
    // A piece that is all white space up to the cut keeps at most PIECE_CHARS of it, so every
    // piece makes progress and a long run of white space is still counted in bounded calls.
    const end = pieceEnd > start ? pieceEnd : Math.min(next, start + PIECE_CHARS);
    yield { tokens: countTokens(text.slice(start, end)) - (start === 0 ? 0 : overhead), chars: end - start };
    start = end;
  }
}
