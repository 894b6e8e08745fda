import { describe, expect, it } from 'vitest';
import { chunkByTokens } from '../../../src/content/chunking';
import { runSummaryJob, partialSummaryTokens, type StepUpdate, type SummarizerClient } from '../../../src/panels/summarize/summaryJob';
import { WorkbenchError, isCancelled } from '../../../src/core';

const WINDOW = 50;
const PREFIX = 'summarize: ';
const words = (s: string) => s.split(/\s+/).filter(Boolean);
/** A word tokenizer with an end-of-sequence token, like the real one adds </s>. */
const encode = (s: string) => words(s).length + 1;

interface FakeOptions {
  /** Words a summary keeps of its input; default: what maxNewTokens allows. */
  keep?: (inputWords: number, maxNewTokens: number) => number;
  /** Aborts this controller when summarize is called for the n-th time (1-based). */
  abortOn?: { call: number; controller: AbortController };
}

function fakeClient(options: FakeOptions = {}) {
  const inputs: Array<{ text: string; tokens: number; maxNewTokens?: number; minNewTokens?: number }> = [];
  const client: SummarizerClient = {
    async chunk(text, opts) {
      // The worker measures what the model sees: the task prefix, the text and </s>.
      const chunks = chunkByTokens(text, { countTokens: (piece) => encode(PREFIX + piece), maxTokens: opts.maxTokens ?? WINDOW, overlapTokens: 4 });
      return { chunks, maxInputTokens: WINDOW };
    },
    async countTokens(texts) {
      return { counts: texts.map(encode), maxInputTokens: WINDOW };
    },
    async summarize(text, opts) {
      inputs.push({ text, tokens: encode(PREFIX + text), maxNewTokens: opts.maxNewTokens, minNewTokens: opts.minNewTokens });
      if (options.abortOn && inputs.length === options.abortOn.call) options.abortOn.controller.abort();
      if (opts.signal?.aborted) throw new WorkbenchError('cancelled', 'Cancelled.');
      const all = words(text);
      const keep = options.keep ? options.keep(all.length, opts.maxNewTokens ?? 0) : Math.min(all.length, Math.max(1, (opts.maxNewTokens ?? 1) - 1));
      const out = all.slice(0, Math.max(1, keep));
      for (const word of out) opts.onToken?.(`${word} `);
      return out.join(' ');
    },
  };
  return { client, inputs };
}

/** `n` sentences of 8 words each: 9 tokens with the period counted into the last word. */
function sentences(n: number): string {
  return Array.from({ length: n }, (_, i) => `Sentence number ${i} talks about the delayed order.`).join(' ');
}

describe('runSummaryJob', () => {
  it('summarises a text that fits in one step, streaming into the final summary', async () => {
    const { client, inputs } = fakeClient();
    const updates: StepUpdate[] = [];
    const result = await runSummaryJob(client, sentences(3), { preset: 'short', onStep: (u) => updates.push(u) });
    expect(result.chunks).toHaveLength(1);
    expect(result.plan.totalSteps).toBe(1);
    expect(inputs).toHaveLength(1);
    expect(result.inputTokens).toBe(encode(PREFIX + sentences(3)));
    expect(result.window).toBe(WINDOW);
    expect(updates.every((u) => u.final && u.level === 0)).toBe(true);
    expect(updates.at(-1)).toMatchObject({ state: 'done', text: result.summary });
    // Streaming: the text grew token by token before it was done.
    const running = updates.filter((u) => u.state === 'running').map((u) => u.text.length);
    expect(running.length).toBeGreaterThan(2);
    expect([...running].sort((a, b) => a - b)).toEqual(running);
  });

  it('splits a long text into parts that fit the window, then combines their summaries', async () => {
    const { client, inputs } = fakeClient();
    const text = sentences(30);
    const measured: number[] = [];
    const updates: StepUpdate[] = [];
    const result = await runSummaryJob(client, text, {
      preset: 'medium',
      onMeasured: (m) => measured.push(m.chunks.length),
      onStep: (u) => updates.push(u),
    });
    expect(measured).toEqual([result.chunks.length]);
    expect(result.chunks.length).toBeGreaterThan(1);
    expect(result.plan.levels.length).toBeGreaterThan(1);
    // Nothing the model got was over its window, counted as it counts (prefix and </s> included).
    for (const input of inputs) expect(input.tokens).toBeLessThanOrEqual(WINDOW);
    // Every part ran and finished; the final step was a combining one.
    for (let i = 0; i < result.chunks.length; i++) {
      const states = updates.filter((u) => u.level === 0 && u.index === i && !u.extra).map((u) => u.state);
      expect(states[0]).toBe('running');
      expect(states.at(-1)).toBe('done');
    }
    const final = updates.filter((u) => u.final);
    expect(final.every((u) => u.level === result.plan.levels.length - 1)).toBe(true);
    expect(final.at(-1)?.text).toBe(result.summary);
    // Partial summaries were asked to stay within the planned length.
    for (const input of inputs.slice(0, result.chunks.length)) expect(input.maxNewTokens).toBeLessThanOrEqual(result.plan.summaryTokens);
    expect(result.plan.summaryTokens).toBe(partialSummaryTokens('medium', WINDOW));
  });

  it('re-chunks when partial summaries come back longer than planned, never exceeding the window', async () => {
    // The model ignores maxNewTokens and keeps 60% of its input.
    const { client, inputs } = fakeClient({ keep: (n) => Math.floor(n * 0.6) });
    const updates: StepUpdate[] = [];
    const result = await runSummaryJob(client, sentences(40), { preset: 'short', onStep: (u) => updates.push(u) });
    expect(updates.some((u) => u.extra)).toBe(true);
    for (const input of inputs) expect(input.tokens).toBeLessThanOrEqual(WINDOW);
    expect(result.summary.length).toBeGreaterThan(0);
  });

  it('stops when the signal aborts, reporting the running step as cancelled', async () => {
    const controller = new AbortController();
    const { client, inputs } = fakeClient({ abortOn: { call: 2, controller } });
    const updates: StepUpdate[] = [];
    const failure = await runSummaryJob(client, sentences(30), { preset: 'short', signal: controller.signal, onStep: (u) => updates.push(u) }).catch(
      (e: unknown) => e,
    );
    expect(isCancelled(failure)).toBe(true);
    expect(inputs).toHaveLength(2);
    expect(updates.filter((u) => u.index === 1 && u.level === 0).at(-1)?.state).toBe('cancelled');
    expect(updates.filter((u) => u.index === 0 && u.level === 0).at(-1)?.state).toBe('done');
  });

  it('rejects an empty text before asking the worker anything', async () => {
    const { client, inputs } = fakeClient();
    await expect(runSummaryJob(client, '  \n', { preset: 'short' })).rejects.toMatchObject({ code: 'bad-input' });
    expect(inputs).toHaveLength(0);
  });
});
