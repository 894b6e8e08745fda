/**
 * Turns rows into the texts the sentiment model actually sees. Rows longer than the model's
 * input window would be cut by the tokenizer without a word, so they are split into chunks
 * (sentence boundaries first) whose scores are combined afterwards (insights/sentimentRun).
 *
 * Token counts come from the model's own tokenizer (`countTokens`, run in the worker). Only rows
 * with more characters than the window can exceed it (every token covers at least one
 * character), so short rows, the vast majority of reviews, cost no extra call.
 */
import { approxTokens, chunkLongText, type ChunkUnit } from '../../../insights';

export interface UnitPlan {
  /** What to classify, in row order; several units per chunked row. */
  units: ChunkUnit[];
  /** Indices (into the input) of rows that were split into several units. */
  chunkedRows: number[];
  /** Rows still over the window after every re-split (text with no break at all); the model truncates them. */
  overLimitRows: number[];
}

export interface PlanOptions {
  /** The model's input window in tokens, special tokens included. */
  maxTokens: number;
  /** Exact token counts (special tokens included) with the model's tokenizer. */
  countTokens(texts: string[]): Promise<number[]>;
  /** Re-split rounds before giving up on a piece (default 4). */
  maxRounds?: number;
}

/** Special tokens the tokenizer adds around a text ([CLS] … [SEP]); kept free in every chunk. */
const SPECIAL_TOKENS = 2;

/**
 * The approximate-token budget that makes chunks of this row fit the window: `approxTokens` is a
 * character heuristic, so it is scaled by this row's real tokens per approximate token, with a
 * 10% margin for chunks denser than the row on average.
 */
export function chunkBudget(text: string, exactTokens: number, maxTokens: number): number {
  const approx = Math.max(1, approxTokens(text));
  const density = Math.max(0.05, (exactTokens - SPECIAL_TOKENS) / approx);
  return Math.max(8, Math.floor(((maxTokens - SPECIAL_TOKENS) / density) * 0.9));
}

export async function planSentimentUnits(texts: readonly string[], options: PlanOptions): Promise<UnitPlan> {
  const { maxTokens } = options;
  const maxRounds = options.maxRounds ?? 4;
  const candidates = texts.map((text, row) => ({ row, text })).filter(({ text }) => text.length > maxTokens - SPECIAL_TOKENS);
  const pieces = new Map<number, string[]>();
  const overLimit = new Set<number>();

  if (candidates.length > 0) {
    const counts = await options.countTokens(candidates.map((c) => c.text));
    candidates.forEach(({ row, text }, i) => {
      const count = counts[i] ?? 0;
      if (count > maxTokens) pieces.set(row, chunkLongText(text, chunkBudget(text, count, maxTokens)));
    });
    // Check every chunk with the real tokenizer; a chunk still too long is split again, smaller.
    for (let round = 0; round < maxRounds && pieces.size > 0; round++) {
      const flat = [...pieces].flatMap(([row, list]) => list.map((piece, index) => ({ row, index, piece })));
      const pieceCounts = await options.countTokens(flat.map((f) => f.piece));
      const tooLong = flat.map((f, i) => ({ ...f, count: pieceCounts[i] ?? 0 })).filter((f) => f.count > maxTokens);
      if (tooLong.length === 0) break;
      const replaced = new Map<number, Map<number, string[]>>();
      tooLong.forEach((f) => {
        const count = f.count;
        const budget = Math.max(8, Math.floor(chunkBudget(f.piece, count, maxTokens) * 0.7));
        const split = chunkLongText(f.piece, budget);
        if (!replaced.has(f.row)) replaced.set(f.row, new Map());
        replaced.get(f.row)!.set(f.index, split);
        if (round === maxRounds - 1) overLimit.add(f.row);
      });
      for (const [row, byIndex] of replaced) {
        const list = pieces.get(row)!;
        pieces.set(
          row,
          list.flatMap((piece, index) => byIndex.get(index) ?? [piece]),
        );
      }
    }
  }

  const units: ChunkUnit[] = [];
  const chunkedRows: number[] = [];
  texts.forEach((text, row) => {
    const list = pieces.get(row);
    if (list && list.length > 1) chunkedRows.push(row);
    for (const piece of list ?? [text]) units.push({ row, text: piece });
  });
  return { units, chunkedRows, overLimitRows: [...overLimit].sort((a, b) => a - b) };
}
