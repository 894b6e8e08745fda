/**
 * Planning for the sentiment run (pure; the worker glue executes the plan):
 * - batches of similar length, so a batch is padded to a short maximum instead of one long row;
 * - rows longer than the model's limit are split at sentence boundaries into chunks whose
 *   scores are combined (length-weighted), never silently truncated by the tokenizer;
 * - resume: which rows are still to do after an interruption.
 */
import type { Polarity } from './types';
import { polarityOfSigned, signedScore, type LabelScore } from './sentiment';

export interface BatchOptions {
  /** Most rows per batch. */
  batchSize: number;
  /**
   * Most padded characters per batch: rows × longest row. Sorting makes the longest row the
   * last one, so this bounds the batch's memory. A single row longer than this gets a batch of its own.
   */
  maxChars: number;
}

/** Batches of row indices, shortest rows first. Every index appears exactly once. */
export function planBatches(texts: readonly string[], options: BatchOptions): number[][] {
  const batchSize = Math.max(1, Math.floor(options.batchSize));
  const maxChars = Math.max(1, options.maxChars);
  const order = texts.map((_, i) => i).sort((a, b) => texts[a]!.length - texts[b]!.length || a - b);
  const batches: number[][] = [];
  let current: number[] = [];
  for (const index of order) {
    const length = Math.max(1, texts[index]!.length);
    // Sorted ascending, so this row is the longest: the padded size is (rows + 1) × length.
    if (current.length > 0 && (current.length >= batchSize || (current.length + 1) * length > maxChars)) {
      batches.push(current);
      current = [];
    }
    current.push(index);
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

const CJK_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu;

/**
 * Approximate token count without the tokenizer: WordPiece/BPE give about one token per CJK
 * character and per four other characters. Errs high for Chinese, which is the safe side.
 */
export function approxTokens(text: string): number {
  CJK_CHAR.lastIndex = 0;
  let cjk = 0;
  while (CJK_CHAR.exec(text) !== null) cjk++;
  return cjk + Math.ceil((text.length - cjk) / 4);
}

let sentenceSegmenter: Intl.Segmenter | null | undefined;
function sentences(text: string): string[] {
  if (sentenceSegmenter === undefined) {
    sentenceSegmenter = typeof Intl !== 'undefined' && 'Segmenter' in Intl ? new Intl.Segmenter(undefined, { granularity: 'sentence' }) : null;
  }
  if (sentenceSegmenter) return [...sentenceSegmenter.segment(text)].map((s) => s.segment);
  return text.match(/[^.!?。！？\n]+[.!?。！？\n]*\s*/gu) ?? [text];
}

/**
 * Splits one over-long sentence into pieces under the limit, at the last space when one is in the
 * second half of the piece (text without spaces, like Chinese, is cut anywhere). One linear
 * pass, so a 200,000-character line costs the same per character as a short one.
 */
function splitSentence(sentence: string, maxTokens: number): string[] {
  const pieces: string[] = [];
  let start = 0;
  let cjk = 0;
  let other = 0;
  let lastSpace = -1;
  for (let i = 0; i < sentence.length;) {
    const codePoint = sentence.codePointAt(i)!;
    const width = codePoint > 0xffff ? 2 : 1;
    const char = sentence.slice(i, i + width);
    CJK_CHAR.lastIndex = 0;
    const isCjk = CJK_CHAR.test(char);
    const nextCjk = cjk + (isCjk ? 1 : 0);
    const nextOther = other + (isCjk ? 0 : width);
    if (i > start && nextCjk + Math.ceil(nextOther / 4) > maxTokens) {
      const cut = lastSpace > start + (i - start) / 2 ? lastSpace + 1 : i;
      pieces.push(sentence.slice(start, cut));
      start = cut;
      i = cut;
      cjk = 0;
      other = 0;
      lastSpace = -1;
      continue;
    }
    if (char === ' ') lastSpace = i;
    cjk = nextCjk;
    other = nextOther;
    i += width;
  }
  if (start < sentence.length) pieces.push(sentence.slice(start));
  return pieces;
}

/**
 * Chunks of at most ~maxTokensApprox tokens, cut between sentences where possible. Joined, the
 * chunks are the whole text (only whitespace at the cuts is trimmed): nothing is dropped.
 */
export function chunkLongText(text: string, maxTokensApprox: number): string[] {
  const limit = Math.max(8, Math.floor(maxTokensApprox));
  if (approxTokens(text) <= limit) return [text];
  const chunks: string[] = [];
  let current = '';
  let currentTokens = 0;
  const flush = () => {
    if (current.trim() !== '') chunks.push(current.trim());
    current = '';
    currentTokens = 0;
  };
  for (const sentence of sentences(text)) {
    const tokens = approxTokens(sentence);
    if (tokens > limit) {
      flush();
      for (const piece of splitSentence(sentence, limit)) {
        if (piece.trim() !== '') chunks.push(piece.trim());
      }
      continue;
    }
    if (currentTokens + tokens > limit) flush();
    current += sentence;
    currentTokens += tokens;
  }
  flush();
  return chunks;
}

export interface ChunkScore extends LabelScore {
  /** The chunk's text or its length: the weight of its score. */
  text?: string;
  length?: number;
}

export interface CombinedSentiment {
  label: Polarity;
  /** Confidence in [0, 1]: |signed| for positive/negative, 1 − |signed| / band for neutral. */
  score: number;
  /** Length-weighted mean of the chunks' signed scores, in [-1, 1]. */
  signed: number;
}

/**
 * Combines per-chunk results into one row result: the length-weighted mean of signed scores
 * (+p positive, −p negative, 0 neutral; star labels scaled), mapped back to a label with a
 * neutral band (default 0.1) so a review that is half praise, half complaint reads neutral.
 * Labels the mapping does not know are skipped.
 */
export function combineChunkScores(chunks: readonly ChunkScore[], options: { neutralBand?: number; labelCount?: number } = {}): CombinedSentiment {
  const band = options.neutralBand ?? 0.1;
  let weighted = 0;
  let weights = 0;
  for (const chunk of chunks) {
    const s = signedScore(chunk, options.labelCount);
    if (s === null) continue;
    const weight = Math.max(1, chunk.length ?? chunk.text?.length ?? 1);
    weighted += s * weight;
    weights += weight;
  }
  const signed = weights === 0 ? 0 : weighted / weights;
  const label = polarityOfSigned(signed, band);
  const score = label === 'neutral' ? (band > 0 ? 1 - Math.abs(signed) / band : 1) : Math.abs(signed);
  return { label, score, signed };
}

export interface ChunkUnit {
  /** Index of the row in the input. */
  row: number;
  text: string;
}

/** Rows → units to classify: one per short row, several per long row (see chunkLongText). */
export function expandChunks(texts: readonly string[], maxTokensApprox: number): ChunkUnit[] {
  const units: ChunkUnit[] = [];
  texts.forEach((text, row) => {
    for (const chunk of chunkLongText(text, maxTokensApprox)) units.push({ row, text: chunk });
  });
  return units;
}

/** Per-unit results → per-row results (rows without any unit get null). */
export function combineByRow(
  rowCount: number,
  units: readonly ChunkUnit[],
  results: readonly LabelScore[],
  options?: { neutralBand?: number; labelCount?: number },
): Array<CombinedSentiment | null> {
  const perRow: ChunkScore[][] = Array.from({ length: rowCount }, () => []);
  units.forEach((unit, i) => {
    const result = results[i];
    if (result) perRow[unit.row]?.push({ ...result, length: unit.text.length });
  });
  return perRow.map((chunks) =>
    chunks.length === 0 ? null : chunks.length === 1 && chunks[0] ? single(chunks[0], options) : combineChunkScores(chunks, options),
  );
}

/** A one-chunk row keeps the model's own label and confidence instead of the banded mean. */
function single(chunk: ChunkScore, options?: { labelCount?: number }): CombinedSentiment | null {
  const s = signedScore(chunk, options?.labelCount);
  if (s === null) return null;
  const label: Polarity = s > 0 ? 'positive' : s < 0 ? 'negative' : 'neutral';
  return { label, score: chunk.score, signed: s };
}

// ---------------------------------------------------------------------------------------------
// Resume

export interface RunState<R = CombinedSentiment> {
  /** Results by row id, for the rows finished so far. */
  finished: Record<string, R>;
}

/** `finished` has no prototype: ids come from user data, and an id like "__proto__" must be stored, not set a prototype. */
function idRecord<R>(from?: Record<string, R>): Record<string, R> {
  return Object.assign(Object.create(null) as Record<string, R>, from);
}

export function createRunState<R = CombinedSentiment>(): RunState<R> {
  return { finished: idRecord<R>() };
}

/** A new state with these results added (the old state is left as it was, so it can be persisted safely). */
export function recordResults<R>(state: RunState<R>, results: ReadonlyArray<readonly [id: string, result: R]>): RunState<R> {
  const finished = idRecord(state.finished);
  for (const [id, result] of results) finished[id] = result;
  return { finished };
}

/** The ids still to do, in their original order. */
export function remainingIds(allIds: readonly string[], finished: ReadonlySet<string> | RunState<unknown> | readonly string[]): string[] {
  const done =
    finished instanceof Set
      ? finished
      : Array.isArray(finished)
        ? new Set(finished as readonly string[])
        : new Set(Object.keys((finished as RunState<unknown>).finished));
  return allIds.filter((id) => !done.has(id));
}

/** done / total, for the progress bar. */
export function runProgress(allIds: readonly string[], state: RunState<unknown>): { done: number; total: number } {
  let done = 0;
  for (const id of allIds) if (Object.prototype.hasOwnProperty.call(state.finished, id)) done++;
  return { done, total: allIds.length };
}
