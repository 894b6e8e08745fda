/**
 * One summarisation, start to finish, against an injected client (the app's `workbench`, or a
 * fake in the tests): chunk the input in the worker with the model's own tokenizer, plan the
 * summary of summaries, run it step by step, and report every step's state and streamed text.
 *
 * Nothing is truncated silently: the input's real token count and the model window are reported
 * before anything runs, inputs over the window are split into parts, and combining steps are
 * measured (TokenLedger) so they never exceed the window either.
 */
import { planSummary, type SummaryPlan } from '../../content/chunking';
import { summaryLength, type LengthPreset } from '../../content/lengthPresets';
import { runSummaryPlan, type SummaryRunProgress } from '../../content/summaryRunner';
import { WorkbenchError, isCancelled, type LoadProgress, type WorkProgress } from '../../core';
import type { TextChunk } from '../../content/chunking';
import type { CallOptions } from '../../sdk';
import { TokenLedger } from '../../content/tokenLedger';

/** The part of the SDK client a summary needs. */
export interface SummarizerClient {
  chunk(
    text: string,
    options: CallOptions & { task?: 'summarization'; maxTokens?: number; overlapTokens?: number },
  ): Promise<{ chunks: TextChunk[]; maxInputTokens: number; inputTokens?: number }>;
  countTokens(texts: string[], options: CallOptions & { task?: 'summarization' }): Promise<{ counts: number[]; maxInputTokens: number }>;
  summarize(text: string, options: CallOptions & { maxNewTokens?: number; minNewTokens?: number }): Promise<string>;
}

export type StepState = 'pending' | 'running' | 'done' | 'cancelled' | 'error';

export interface StepUpdate {
  level: number;
  index: number;
  /** Added because partial summaries came back longer than planned. */
  extra: boolean;
  final: boolean;
  state: StepState;
  /** The summary so far (streamed) or in full once done. */
  text: string;
}

/** Known before the first step runs: what will happen, and why. */
export interface SummaryMeasure {
  /** The whole input's tokens as the model would see it (prefix and special tokens included). */
  inputTokens: number;
  /** The model's input window. */
  window: number;
  chunks: TextChunk[];
  plan: SummaryPlan;
}

export interface SummaryJobOptions {
  preset: LengthPreset;
  signal?: AbortSignal;
  onLoadProgress?: (progress: LoadProgress) => void;
  onMeasured?: (measure: SummaryMeasure) => void;
  onStep?: (update: StepUpdate) => void;
  onProgress?: (progress: SummaryRunProgress) => void;
  /** While the worker splits the input (before onMeasured): characters done of all. */
  onChunkProgress?: (progress: WorkProgress) => void;
  /**
   * Awaited before every step is sent to the model (extra steps included): the app asks here
   * whether to go on with a long job. Throwing ends the run with that error.
   */
  beforeStep?: () => Promise<void> | void;
}

export interface SummaryJobResult extends SummaryMeasure {
  summary: string;
  partials: string[][];
}

const TASK = 'summarization' as const;

/** The longest partial summary: a quarter of the window (the planner's default), or less for "short". */
export function partialSummaryTokens(preset: LengthPreset, window: number): number {
  return summaryLength(preset, window, { ceiling: Math.max(1, Math.floor(window / 4)) }).maxNewTokens;
}

export async function runSummaryJob(client: SummarizerClient, text: string, options: SummaryJobOptions): Promise<SummaryJobResult> {
  const { preset, signal, onLoadProgress, onStep, onProgress } = options;
  if (text.trim() === '') throw new WorkbenchError('bad-input', 'There is nothing to summarise.');

  const { chunks, maxInputTokens: window, inputTokens } = await client.chunk(text, { task: TASK, signal, onLoadProgress, onProgress: options.onChunkProgress });
  const first = chunks[0];
  if (!first) throw new WorkbenchError('bad-input', 'There is nothing to summarise.');

  // The worker's chunk counts include the pipeline's task prefix ("summarize: "); countTokens
  // does not. The difference on the first chunk is that prefix, whatever the model's is. The
  // whole input's count comes with the chunks (summed piece by piece: one tokenizer call on a
  // 10 MB text would block the worker for minutes); only a client without it is asked here.
  const texts = inputTokens === undefined ? ['', first.text, text] : ['', first.text];
  const [empty = 0, firstRaw = 0, whole = 0] = (await client.countTokens(texts, { task: TASK, signal })).counts;
  const prefixTokens = Math.max(0, first.tokens - firstRaw);
  const ledger = new TokenLedger({ base: empty + prefixTokens });
  for (const chunk of chunks) ledger.learn(chunk.text, chunk.tokens);

  const plan = planSummary(chunks, { maxTokens: window, summaryTokens: partialSummaryTokens(preset, window) });
  const measure: SummaryMeasure = { inputTokens: inputTokens ?? whole + prefixTokens, window, chunks, plan };
  options.onMeasured?.(measure);

  const run = await runSummaryPlan(plan, chunks, {
    countTokens: ledger.count,
    signal,
    onProgress,
    summarize: async (input, step) => {
      const length = summaryLength(preset, ledger.count(input), step.final ? {} : { ceiling: plan.summaryTokens });
      const report = (state: StepState, streamed: string) =>
        onStep?.({ level: step.level, index: step.index, extra: step.extra, final: step.final, state, text: streamed });
      await options.beforeStep?.();
      let streamed = '';
      report('running', streamed);
      try {
        const summary = await client.summarize(input, {
          ...length,
          signal,
          onToken: (token) => {
            streamed += token;
            report('running', streamed);
          },
        });
        if (!step.final) {
          // Measured now, so the next level's input is counted exactly (see TokenLedger).
          const [count = 0] = (await client.countTokens([summary], { task: TASK, signal })).counts;
          ledger.learn(summary, count + prefixTokens);
        }
        report('done', summary);
        return summary;
      } catch (error) {
        report(isCancelled(error) || signal?.aborted ? 'cancelled' : 'error', streamed);
        throw error;
      }
    },
  });
  return { ...measure, summary: run.summary, partials: run.partials };
}
