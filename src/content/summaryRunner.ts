/**
 * Executes a summary plan (see planSummary in chunking.ts) with an injected summarise function,
 * so the same logic runs against the worker in the app and a fake in the tests.
 *
 * The plan assumes partial summaries stay within `summaryTokens`. Should the model return longer
 * ones, a combining step's input would not fit the window and the model would cut it silently; so
 * every input is measured first and, if too long, re-chunked and summarised once more (extra steps,
 * reported by raising the progress total) instead of being truncated.
 */
import { WorkbenchError } from '../core';
import { chunkByTokens, type CountTokens, type SummaryPlan } from './chunking';

export interface SummaryStepContext {
  level: number;
  index: number;
  /** The final summary: use the user's length preset; otherwise `plan.summaryTokens`. */
  final: boolean;
  /** A step added because partial summaries came back longer than planned. */
  extra: boolean;
}

export interface SummaryRunProgress {
  done: number;
  /** Grows when extra steps are needed. */
  total: number;
  level: number;
}

export interface RunSummaryOptions {
  summarize: (text: string, step: SummaryStepContext) => Promise<string>;
  /** The same counter the chunks were made with. */
  countTokens: CountTokens;
  onProgress?: (progress: SummaryRunProgress) => void;
  signal?: AbortSignal;
  /** Joins partial summaries into the next level's input. Default a line break. */
  separator?: string;
}

export interface SummaryRun {
  summary: string;
  /** Outputs of every planned step, by level and index, for "show partial summaries". */
  partials: string[][];
}

/** Re-chunking rounds allowed for one over-long input before giving up. */
const MAX_EXTRA_ROUNDS = 4;

export async function runSummaryPlan(plan: SummaryPlan, chunks: ReadonlyArray<{ text: string }>, options: RunSummaryOptions): Promise<SummaryRun> {
  const { summarize, countTokens, onProgress, signal } = options;
  const separator = options.separator ?? '\n';
  if (chunks.length !== (plan.levels[0]?.length ?? 0)) {
    throw new WorkbenchError('bad-input', `The plan is for ${plan.levels[0]?.length ?? 0} chunks but ${chunks.length} were given.`);
  }

  let done = 0;
  let total = plan.totalSteps;
  const checkAbort = () => {
    if (signal?.aborted) throw new WorkbenchError('cancelled', 'Cancelled.');
  };
  const join = (parts: string[]) =>
    parts
      .map((p) => p.trim())
      .filter((p) => p !== '')
      .join(separator);

  const summarizeFitting = async (text: string, step: SummaryStepContext): Promise<string> => {
    let current = text;
    for (let round = 0; countTokens(current) > plan.maxTokens; round++) {
      if (round >= MAX_EXTRA_ROUNDS) {
        throw new WorkbenchError('internal', 'The partial summaries did not get short enough to combine.');
      }
      const pieces = chunkByTokens(current, { countTokens, maxTokens: plan.maxTokens });
      total += pieces.length;
      onProgress?.({ done, total, level: step.level });
      const parts: string[] = [];
      for (const piece of pieces) {
        checkAbort();
        parts.push(await summarize(piece.text, { ...step, final: false, extra: true }));
        done++;
        onProgress?.({ done, total, level: step.level });
      }
      const next = join(parts);
      if (countTokens(next) >= countTokens(current)) {
        throw new WorkbenchError('internal', 'The partial summaries are not getting shorter than their input.');
      }
      current = next;
    }
    // Nothing to summarise (every partial summary came back empty): don't ask the model.
    if (current.trim() === '') return '';
    checkAbort();
    return summarize(current, step);
  };

  const partials: string[][] = [];
  for (const level of plan.levels) {
    const outputs: string[] = [];
    for (const step of level) {
      checkAbort();
      const input =
        step.level === 0 ? (chunks[step.inputs[0] as number] as { text: string }).text : join(step.inputs.map((i) => partials[step.level - 1]?.[i] ?? ''));
      outputs.push(await summarizeFitting(input, { level: step.level, index: step.index, final: step.final, extra: false }));
      done++;
      onProgress?.({ done, total, level: step.level });
    }
    partials.push(outputs);
  }
  return { summary: partials[partials.length - 1]?.[0] ?? '', partials };
}
