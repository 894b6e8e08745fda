/**
 * The Summarize store without React or a browser: a real customer-support conversation
 * (tweetsumm) longer than the fake model's window is split by a fake client into parts of whole
 * lines (a token is a word), and the fake "model" summarises by keeping the first words. What is
 * checked is the store's own work: the plan it shows, each step's state and text, the final
 * summary, and how a stop or a failure leaves it.
 */
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setDeps } from '../../../src/services/deps';
import { cancelledError, WorkbenchError } from '../../../src/core';
import type { TextChunk } from '../../../src/content/chunking';
import { createSummarizeStore } from '../../../src/panels/summarize/summarizeStore';
import type { WorkbenchClient } from '../../../src/sdk/types';
import { fakeClient, freshWorkspace, storeDeps } from '../support/storeDeps';

const here = path.dirname(fileURLToPath(import.meta.url));
const TWEETSUMM = path.resolve(here, '../../../../shared/datasets/tweetsumm_customer_support/tweetsumm_train_valid.jsonl');
/** The first dialog of the file with at least 250 words. */
const DIALOG = readFileSync(TWEETSUMM, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => (JSON.parse(line) as { text: string }).text.trim())
  .find((text) => words(text).length >= 250)!;

const WINDOW = 120;

function words(text: string): string[] {
  return text.split(/\s+/).filter(Boolean);
}

/** Whole lines per part, each part at most WINDOW words (a longer line would be its own part). */
function chunkLines(text: string): TextChunk[] {
  const chunks: TextChunk[] = [];
  let start = 0;
  let end = 0;
  const push = () => {
    if (end > start) chunks.push({ index: chunks.length, text: text.slice(start, end), start, end, tokens: words(text.slice(start, end)).length });
  };
  for (const match of text.matchAll(/[^\n]*\n?/g)) {
    if (match[0] === '') break;
    const lineEnd = match.index + match[0].length;
    if (words(text.slice(start, lineEnd)).length > WINDOW && end > start) {
      push();
      start = end;
    }
    end = lineEnd;
  }
  push();
  return chunks;
}

/** The fake model's summary: the first `maxNewTokens` words (at most 12). */
function summaryOf(text: string, maxNewTokens = 12): string {
  return words(text).slice(0, Math.min(12, maxNewTokens)).join(' ');
}

let summarized: Array<{ input: string; output: string }>;

function client(summarize?: WorkbenchClient['summarize'], prepare: WorkbenchClient['models']['prepare'] = async () => null): WorkbenchClient {
  return fakeClient({
    // Nothing is stored: the store's background load finds nothing to load (tests below check it).
    models: { prepare },
    chunk: async (text) => ({ chunks: chunkLines(text), maxInputTokens: WINDOW, inputTokens: words(text).length }),
    countTokens: async (texts) => ({ counts: texts.map((t) => words(t).length), maxInputTokens: WINDOW }),
    summarize:
      summarize ??
      (async (text, options) => {
        const output = summaryOf(text, options?.maxNewTokens);
        for (const word of output.split(' ')) options?.onToken?.(word + ' ');
        summarized.push({ input: text, output });
        return output;
      }),
  });
}

beforeEach(() => {
  summarized = [];
  setDeps(storeDeps(freshWorkspace(), client()));
});

afterEach(() => setDeps(null));

const settled = (summarize: ReturnType<typeof createSummarizeStore>) => expect.poll(() => summarize.getState().status, { timeout: 10_000 }).not.toBe('running');

describe('the Summarize store', () => {
  it('summarises a real conversation longer than the window in parts, then combines them', async () => {
    const chunks = chunkLines(DIALOG);
    expect(chunks.length).toBeGreaterThan(1);
    const summarize = createSummarizeStore();
    summarize.getState().setInput(DIALOG);
    summarize.getState().run();
    await settled(summarize);
    const state = summarize.getState();
    expect(state.status, String(state.error)).toBe('done');

    expect(state.measure).toMatchObject({ inputTokens: words(DIALOG).length, window: WINDOW, text: DIALOG });
    // One step per part, each done with the summary of exactly that part.
    expect(state.steps[0]!.map((s) => s.tokens)).toEqual(chunks.map((c) => c.tokens));
    const partInputs = summarized.slice(0, chunks.length).map((s) => s.input);
    expect(partInputs).toEqual(chunks.map((c) => c.text));
    expect(state.steps[0]!.map((s) => s.text)).toEqual(summarized.slice(0, chunks.length).map((s) => s.output));
    expect(state.steps.flat().every((s) => s.state === 'done')).toBe(true);
    // The last step combines the partial summaries; its summary is the output.
    expect(summarized).toHaveLength(state.steps.flat().length);
    const last = summarized[summarized.length - 1]!;
    for (const part of summarized.slice(0, chunks.length)) expect(last.input).toContain(part.output);
    expect(state.output).toBe(last.output);
    expect(state.progress).toMatchObject({ done: state.steps.flat().length, total: state.steps.flat().length });
  });

  it('a text that fits the window is summarised in one step', async () => {
    const short = chunkLines(DIALOG)[0]!.text;
    const summarize = createSummarizeStore();
    summarize.getState().setInput(short);
    summarize.getState().run();
    await settled(summarize);
    expect(summarize.getState().status).toBe('done');
    expect(summarize.getState().steps.map((level) => level.length)).toEqual([1]);
    expect(summarized.map((s) => s.input)).toEqual([short]);
    expect(summarize.getState().output).toBe(summarized[0]!.output);
  });

  it('stopping marks the running step cancelled, aborts the model, and ignores its late text', async () => {
    let seenSignal: AbortSignal | undefined;
    let calls = 0;
    setDeps(
      storeDeps(
        freshWorkspace(),
        client(async (text, options) => {
          if (++calls < 2) return summaryOf(text, options?.maxNewTokens);
          seenSignal = options?.signal;
          options?.onToken?.('Partial ');
          await new Promise<void>((resolve) => options?.signal?.addEventListener('abort', () => resolve(), { once: true }));
          options?.onToken?.('late words');
          throw cancelledError();
        }),
      ),
    );
    const summarize = createSummarizeStore();
    summarize.getState().setInput(DIALOG);
    summarize.getState().run();
    await expect.poll(() => seenSignal).toBeDefined();
    await expect.poll(() => summarize.getState().steps[0]?.[1]?.state).toBe('running');
    summarize.getState().stop();
    expect(seenSignal!.aborted).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const state = summarize.getState();
    expect(state.status).toBe('cancelled');
    expect(state.steps[0]![0]!.state).toBe('done');
    expect(state.steps[0]![1]).toMatchObject({ state: 'cancelled', text: 'Partial ' });
    expect(
      state.steps
        .flat()
        .slice(2)
        .every((s) => s.state === 'pending'),
    ).toBe(true);
    expect(state.output).toBe('');
  });

  it('a failed step shows the error on that step, and running again succeeds', async () => {
    let failures = 1;
    setDeps(
      storeDeps(
        freshWorkspace(),
        client(async (text, options) => {
          if (failures-- > 0) throw new WorkbenchError('worker-crashed', 'The model stopped unexpectedly.');
          return summaryOf(text, options?.maxNewTokens);
        }),
      ),
    );
    const summarize = createSummarizeStore();
    summarize.getState().setInput(DIALOG);
    summarize.getState().run();
    await settled(summarize);
    expect(summarize.getState().status).toBe('error');
    expect(summarize.getState().error).toMatchObject({ code: 'worker-crashed' });
    expect(summarize.getState().steps[0]![0]!.state).toBe('error');

    summarize.getState().run();
    await settled(summarize);
    expect(summarize.getState().status, String(summarize.getState().error)).toBe('done');
    expect(summarize.getState().error).toBeNull();
    expect(
      summarize
        .getState()
        .steps.flat()
        .every((s) => s.state === 'done'),
    ).toBe(true);
    expect(summarize.getState().output).not.toBe('');
  });

  it('an empty input does not start a run', () => {
    const summarize = createSummarizeStore();
    summarize.getState().setInput('   \n ');
    summarize.getState().run();
    expect(summarize.getState().status).toBe('idle');
    expect(summarized).toEqual([]);
  });
});

describe('the Summarize store: the summarizer, got ready once there is a text it will summarize', () => {
  /** The first review of the Chinese takeaway set (waimai_10k): the default summarizer knows only English. */
  const CHINESE = readFileSync(path.resolve(here, '../../../../shared/datasets/waimai_10k/waimai_10k.csv'), 'utf8').split('\n')[1]!.replace(/^\d,/, '');

  function preparingStore() {
    const calls: Array<{ target: string; signal?: AbortSignal; settle: () => void }> = [];
    const prepare: WorkbenchClient['models']['prepare'] = (target, options = {}) =>
      new Promise((resolve) => calls.push({ target, signal: options.signal, settle: () => resolve(null) }));
    setDeps(storeDeps(freshWorkspace(), client(undefined, prepare)));
    return { summarize: createSummarizeStore(), calls };
  }

  it('prepares the summarizer when an English text comes in, once however much is typed after', async () => {
    const { summarize, calls } = preparingStore();
    summarize.getState().prepareModel(); // the panel opens on an empty box: nothing to guess from
    expect(calls).toHaveLength(0);
    summarize.getState().setInput(DIALOG);
    expect(calls.map((c) => c.target)).toEqual(['summarization']);
    expect(summarize.getState().preparing).toBe(true);
    summarize.getState().setInput(DIALOG + ' more');
    calls[0]!.settle();
    await expect.poll(() => summarize.getState().preparing).toBe(false);
    summarize.getState().setInput(DIALOG + ' and more');
    expect(calls).toHaveLength(1);
  });

  it('prepares nothing for a Chinese text (auto takes the extractive method), but does when the user picks the model', () => {
    const { summarize, calls } = preparingStore();
    expect(CHINESE).toMatch(/[\u4e00-\u9fff]/);
    summarize.getState().setInput(CHINESE);
    expect(calls).toHaveLength(0);
    summarize.getState().setMethod('model');
    expect(calls.map((c) => c.target)).toEqual(['summarization']);
  });

  it('leaving the panel stops the load; coming back with the text asks again; a run in progress is never joined by one', async () => {
    const { summarize, calls } = preparingStore();
    summarize.getState().setInput(DIALOG);
    summarize.getState().stopPreparing();
    expect(calls[0]!.signal?.aborted).toBe(true);
    expect(summarize.getState().preparing).toBe(false);
    summarize.getState().prepareModel();
    expect(calls).toHaveLength(2);
    summarize.getState().stopPreparing();
    summarize.getState().run();
    summarize.getState().prepareModel();
    expect(calls).toHaveLength(2);
    await settled(summarize);
    expect(summarize.getState().status).toBe('done');
  });
});
