/**
 * A synchronous token counter for `runSummaryPlan`, which measures every combining step's input
 * before sending it (so an over-long input is re-chunked, never cut by the tokenizer). The real
 * tokenizer lives in the worker and is asynchronous, so the Summarize app (and the SDK's summarize
 * of a long text) measures each partial summary there as it arrives and teaches the ledger its
 * count; a joined input is then counted as the sum of its known parts. Anything never measured
 * falls back to a deliberately generous estimate, so the ledger errs towards "too long" (an extra
 * re-chunk step) rather than "fits" (a truncation).
 *
 * Counts are "what the model sees": the task prefix, the text and the end-of-sequence token, the
 * same unit as the chunks the worker made.
 */
import { estimateTokens } from './chunking';

export interface TokenLedgerOptions {
  /** Tokens of an empty input: the task prefix plus special tokens ("summarize: " + </s>). */
  base: number;
  /** How runSummaryPlan joins partial summaries. Default a line break. */
  separator?: string;
  /** Tokens per estimated token for text never measured. Default 1.5. */
  estimateFactor?: number;
}

export class TokenLedger {
  private readonly known = new Map<string, number>();
  private readonly base: number;
  private readonly separator: string;
  private readonly factor: number;

  constructor(options: TokenLedgerOptions) {
    this.base = Math.max(0, Math.floor(options.base));
    this.separator = options.separator ?? '\n';
    this.factor = options.estimateFactor ?? 1.5;
  }

  /** Records a measured count for `text` (as the model sees it, base included). */
  learn(text: string, tokens: number): void {
    if (Number.isFinite(tokens) && tokens >= 0) this.known.set(text.trim(), Math.round(tokens));
  }

  /** Tokens of `text` alone, base excluded: measured when known, estimated otherwise. */
  private body(piece: string): number {
    const measured = this.known.get(piece.trim());
    if (measured !== undefined) return Math.max(0, measured - this.base);
    return Math.ceil(estimateTokens(piece) * this.factor);
  }

  count = (text: string): number => {
    const measured = this.known.get(text.trim());
    if (measured !== undefined) return measured;
    const pieces = text.split(this.separator).filter((p) => p.trim() !== '');
    if (pieces.length === 0) return this.base;
    // One token per join on top: a separator may tokenize to something of its own.
    return this.base + pieces.reduce((sum, piece) => sum + this.body(piece), 0) + (pieces.length - 1);
  };
}
