import { describe, expect, it } from 'vitest';
import { estimateTokens, estimateTokensSampled } from '../../../src/content/chunking';
import { ESTIMATE_AFTER_STEPS, StepEstimator } from '../../../src/content/stepEstimate';
import { formatDuration } from '../../../src/ui/format';

describe('StepEstimator', () => {
  it('estimates nothing before a few steps, then the mean recent step times the steps left', () => {
    const estimator = new StepEstimator(1_000);
    expect(estimator.stepMs).toBeNull();
    estimator.stepDone(3_000); // 2 s
    expect(estimator.stepMs).toBe(2_000);
    expect(estimator.remainingMs(100)).toBeNull(); // one step is not "a few"
    estimator.stepDone(4_000); // 1 s
    estimator.stepDone(7_000); // 3 s
    expect(ESTIMATE_AFTER_STEPS).toBe(3);
    expect(estimator.remainingMs(100)).toBe(200_000);
    expect(estimator.remainingMs(0)).toBe(0);
  });

  it('leaves a pause out of the step times, and follows a change of pace', () => {
    const estimator = new StepEstimator(0);
    estimator.stepDone(1_000);
    estimator.resume(60_000); // waited a minute for the user
    estimator.stepDone(61_000);
    expect(estimator.stepMs).toBe(1_000);
    for (let i = 1; i <= 20; i++) estimator.stepDone(61_000 + i * 5_000);
    expect(estimator.stepMs).toBe(5_000); // only the recent steps count
  });
});

describe('estimateTokensSampled', () => {
  it('is exact up to the budget and close to the full count beyond it, whatever the size', () => {
    const small = 'The battery dies fast. 电池很快没电。';
    expect(estimateTokensSampled(small)).toBe(estimateTokens(small));
    const paragraph = 'Customer: my order #4411 arrived broken, and support never answered!\nAgent: Sorry to hear that — DM us.\n\n';
    const big = paragraph.repeat(50_000); // ~5 MB
    const exact = estimateTokens(big);
    const sampled = estimateTokensSampled(big);
    expect(Math.abs(sampled - exact) / exact).toBeLessThan(0.02);
  });
});

describe('formatDuration', () => {
  it('gives the two largest units in the locale', () => {
    expect(formatDuration(2 * 3_600_000 + 15 * 60_000 + 30_000, 'en')).toBe('2 hr 15 min');
    expect(formatDuration(4 * 60_000 + 10_000, 'en')).toBe('4 min 10 sec');
    expect(formatDuration(12_400, 'en')).toBe('12 sec');
    expect(formatDuration(3_600_000, 'zh-CN')).toMatch(/^1\s?小时$/);
  });
});
