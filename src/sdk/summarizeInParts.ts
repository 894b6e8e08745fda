/**
 * The SDK's summary of a text longer than the model's window: the "summary of summaries" the
 * Summarize app runs (src/panels/summarize/summaryJob.ts), without its step-by-step display. The
 * worker has already split the text with the model's own tokenizer; each part is summarized, and
 * the partial summaries are combined level by level until one is left. Nothing is cut: every
 * combining step is measured first (TokenLedger) and re-split if it would not fit.
 */
import { planSummary, type TextChunk } from '../content/chunking';
import { summaryLength } from '../content/lengthPresets';
import { runSummaryPlan } from '../content/summaryRunner';
import { TokenLedger } from '../content/tokenLedger';
import type { SummarizeOptions, WorkProgress } from '../core';

/** Partial summaries are at most this many tokens (and a quarter of the window). */
export const PARTIAL_SUMMARY_TOKENS = 128;

export interface PartsWorker {
  /** Summarizes one window's text; `final` says it is the summary the caller gets. */
  summarizeOne(text: string, options: SummarizeOptions, final: boolean): Promise<string>;
  /** Token counts with the summarization model's tokenizer, without the task prefix. */
  countTokens(texts: string[]): Promise<number[]>;
}

export interface PartsOptions extends SummarizeOptions {
  signal?: AbortSignal;
  /** Steps done of all steps (parts, then combining steps; the total grows if a step must be re-split). */
  onProgress?: (progress: WorkProgress) => void;
}

export async function summarizeInParts(chunked: { chunks: TextChunk[]; maxInputTokens: number }, options: PartsOptions, worker: PartsWorker): Promise<string> {
  const { chunks, maxInputTokens: window } = chunked;
  const { signal, onProgress, maxNewTokens, minNewTokens, repetitionPenalty, noRepeatNgramSize } = options;
  const first = chunks[0] as TextChunk;
  const plan = planSummary(chunks, { maxTokens: window, summaryTokens: Math.max(1, Math.min(PARTIAL_SUMMARY_TOKENS, Math.floor(window / 4))) });
  onProgress?.({ done: 0, total: plan.totalSteps, stage: 'summarizing' });

  // Chunk counts include the task prefix ("summarize: "), countTokens does not: the difference
  // on the first chunk is that prefix.
  const [empty = 0, firstRaw = 0] = await worker.countTokens(['', first.text]);
  const prefixTokens = Math.max(0, first.tokens - firstRaw);
  const ledger = new TokenLedger({ base: empty + prefixTokens });
  for (const chunk of chunks) ledger.learn(chunk.text, chunk.tokens);

  const run = await runSummaryPlan(plan, chunks, {
    countTokens: ledger.count,
    signal,
    onProgress: ({ done, total }) => onProgress?.({ done, total, stage: 'summarizing' }),
    summarize: async (input, step) => {
      const length = step.final ? { maxNewTokens, minNewTokens } : summaryLength('medium', ledger.count(input), { ceiling: plan.summaryTokens });
      const summary = await worker.summarizeOne(input, { ...length, repetitionPenalty, noRepeatNgramSize }, step.final);
      if (!step.final) {
        // Measured now, so the next level's input is counted exactly.
        const [count = 0] = await worker.countTokens([summary]);
        ledger.learn(summary, count + prefixTokens);
      }
      return summary;
    },
  });
  return run.summary;
}
