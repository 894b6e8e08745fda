import { describe, expect, it } from 'vitest';
import { chunkByTokens, planSummary, type CountTokens, type SummaryPlan } from '../../../src/content/chunking';
import { runSummaryPlan, type SummaryStepContext } from '../../../src/content/summaryRunner';
import { WorkbenchError } from '../../../src/core';

const words: CountTokens = (s) => s.split(/\s+/).filter(Boolean).length;
const shape = (plan: SummaryPlan) => plan.levels.map((level) => level.map((step) => step.inputs.length));

/** Every plan must use each output of a level exactly once, in order, and number steps 1..total. */
function expectConsistent(plan: SummaryPlan, chunkCount: number) {
  expect(plan.levels[0]?.map((s) => s.inputs)).toEqual(Array.from({ length: chunkCount }, (_, i) => [i]));
  for (let l = 1; l < plan.levels.length; l++) {
    const used = plan.levels[l]!.flatMap((s) => s.inputs);
    expect(used).toEqual(Array.from({ length: plan.levels[l - 1]!.length }, (_, i) => i));
    for (const step of plan.levels[l]!) expect(step.inputs.length).toBeLessThanOrEqual(plan.fanIn);
  }
  const seqs = plan.levels.flat().map((s) => s.seq);
  expect(seqs).toEqual(Array.from({ length: plan.totalSteps }, (_, i) => i + 1));
  const finals = plan.levels.flat().filter((s) => s.final);
  expect(finals).toHaveLength(1);
  expect(finals[0]).toBe(plan.levels[plan.levels.length - 1]![0]);
  expect(plan.levels[plan.levels.length - 1]).toHaveLength(1);
}

describe('planSummary', () => {
  it('summarises a single chunk in one step', () => {
    const plan = planSummary(['only'], { maxTokens: 512, summaryTokens: 120 });
    expect(shape(plan)).toEqual([[1]]);
    expect(plan.totalSteps).toBe(1);
    expectConsistent(plan, 1);
  });

  it('summarises 5 chunks then combines the 5 summaries when they fit together', () => {
    const plan = planSummary(5, { maxTokens: 512, summaryTokens: 100 });
    expect(plan.fanIn).toBe(5); // 5 × (100 + 2) = 510 ≤ 512
    expect(shape(plan)).toEqual([[1, 1, 1, 1, 1], [5]]);
    expect(plan.totalSteps).toBe(6);
    expectConsistent(plan, 5);
  });

  it('adds a level when 5 summaries do not fit one window, with balanced groups', () => {
    const plan = planSummary(5, { maxTokens: 512, summaryTokens: 120 }); // fan-in 4
    expect(plan.fanIn).toBe(4);
    expect(shape(plan)).toEqual([[1, 1, 1, 1, 1], [3, 2], [2]]); // not [4, 1]: no lone re-summary
    expect(plan.totalSteps).toBe(8);
    expectConsistent(plan, 5);
  });

  it('builds a multi-level tree for 40 chunks', () => {
    const plan = planSummary(40, { maxTokens: 512, summaryTokens: 120 });
    expect(shape(plan)).toEqual([Array(40).fill(1), Array(10).fill(4), [4, 3, 3], [3]]);
    expect(plan.totalSteps).toBe(54);
    expectConsistent(plan, 40);
  });

  it('uses a quarter of the window per partial summary by default', () => {
    const plan = planSummary(40, { maxTokens: 512 });
    expect(plan.summaryTokens).toBe(128);
    expect(plan.fanIn).toBe(3);
    expectConsistent(plan, 40);
    expect(plan.levels.map((l) => l.length)).toEqual([40, 14, 5, 2, 1]);
  });

  it('rejects plans that cannot converge or have nothing to do', () => {
    expect(() => planSummary(0, { maxTokens: 512 })).toThrow(WorkbenchError);
    expect(() => planSummary(3, { maxTokens: 100, summaryTokens: 60 })).toThrow(/too long to combine/);
    expect(() => planSummary(3, { maxTokens: 0 })).toThrow(/maxTokens/);
    // One chunk never needs combining, so even a long summary length is fine.
    expect(planSummary(1, { maxTokens: 100, summaryTokens: 90 }).totalSteps).toBe(1);
  });
});

describe('runSummaryPlan', () => {
  /** A fake model: the first `n` words, tagged with the level so the tree is visible. */
  const firstWords = (n: number) => async (text: string, step: SummaryStepContext) =>
    `L${step.level}:${text.split(/\s+/).filter(Boolean).slice(0, n).join(' ')}`;

  it('summarises each chunk, then the summaries, reporting progress step by step', async () => {
    const text = Array.from({ length: 12 }, (_, i) => `Part${i} is about topic ${i} in detail.`).join(' ');
    const chunks = chunkByTokens(text, { countTokens: words, maxTokens: 15 }); // 2 sentences each
    expect(chunks).toHaveLength(6);
    const plan = planSummary(chunks, { maxTokens: 15, summaryTokens: 3 }); // fan-in 3
    const progress: Array<[number, number]> = [];
    const inputs: string[] = [];
    const run = await runSummaryPlan(plan, chunks, {
      countTokens: words,
      summarize: async (input, step) => {
        inputs.push(input);
        return firstWords(3)(input, step);
      },
      onProgress: (p) => progress.push([p.done, p.total]),
    });
    expect(plan.totalSteps).toBe(9); // 6 chunks → 2 groups of 3 → 1
    expect(run.partials.map((l) => l.length)).toEqual([6, 2, 1]);
    expect(run.partials[0]![0]).toBe('L0:Part0 is about');
    expect(inputs[6]).toBe('L0:Part0 is about\nL0:Part2 is about\nL0:Part4 is about');
    expect(run.summary).toMatch(/^L2:L1:L0:Part0/);
    expect(progress).toEqual(Array.from({ length: 9 }, (_, i) => [i + 1, 9]));
  });

  it('tells the summariser which step is final', async () => {
    const steps: SummaryStepContext[] = [];
    const chunks = [{ text: 'a b c' }, { text: 'd e f' }];
    await runSummaryPlan(planSummary(chunks, { maxTokens: 20, summaryTokens: 5 }), chunks, {
      countTokens: words,
      summarize: async (text, step) => {
        steps.push(step);
        return text;
      },
    });
    expect(steps.map((s) => [s.level, s.final])).toEqual([
      [0, false],
      [0, false],
      [1, true],
    ]);
  });

  it('re-chunks instead of truncating when partial summaries come back too long', async () => {
    const chunks = Array.from({ length: 4 }, (_, i) => ({ text: `chunk ${i} ` + 'word '.repeat(8) }));
    const plan = planSummary(chunks, { maxTokens: 12, summaryTokens: 4 }); // expects ≤4-word summaries
    const seen: string[] = [];
    const totals: number[] = [];
    const run = await runSummaryPlan(plan, chunks, {
      countTokens: words,
      // The model ignores the length: level-0 summaries are 7 words, so two do not fit in 12.
      summarize: async (text, step) => {
        seen.push(text);
        return step.level === 0 && !step.extra ? `s ${text.split(' ')[1]} a b c d e` : `x${step.level}`;
      },
      onProgress: (p) => totals.push(p.total),
    });
    for (const input of seen) expect(words(input)).toBeLessThanOrEqual(12); // nothing over the window
    expect(Math.max(...totals)).toBeGreaterThan(plan.totalSteps); // extra steps were reported
    expect(run.summary).toBe('x2');
    expect(seen.some((input) => input.startsWith('s 0 a b c d e\ns 1'))).toBe(false); // the over-long pair was split
  });

  it('stops with a cancelled error when aborted', async () => {
    const controller = new AbortController();
    const chunks = [{ text: 'a' }, { text: 'b' }, { text: 'c' }];
    let calls = 0;
    const promise = runSummaryPlan(planSummary(chunks, { maxTokens: 20, summaryTokens: 4 }), chunks, {
      countTokens: words,
      signal: controller.signal,
      summarize: async (text) => {
        calls++;
        controller.abort();
        return text;
      },
    });
    await expect(promise).rejects.toMatchObject({ code: 'cancelled' });
    expect(calls).toBe(1);
  });

  it('rejects chunks that do not match the plan', async () => {
    await expect(
      runSummaryPlan(planSummary(3, { maxTokens: 20, summaryTokens: 4 }), [{ text: 'a' }], { countTokens: words, summarize: async (t) => t }),
    ).rejects.toMatchObject({ code: 'bad-input' });
  });

  it('skips the model when every partial summary is empty', async () => {
    const chunks = [{ text: 'a' }, { text: 'b' }];
    const levels: number[] = [];
    const run = await runSummaryPlan(planSummary(chunks, { maxTokens: 20, summaryTokens: 4 }), chunks, {
      countTokens: words,
      summarize: async (_, step) => {
        levels.push(step.level);
        return '  ';
      },
    });
    expect(levels).toEqual([0, 0]);
    expect(run.summary).toBe('');
  });
});
