import { describe, expect, it } from 'vitest';
import { estimateTokens, estimateTokensSampled } from '../../../src/content/chunking';
import {
  ESTIMATE_AFTER_STEPS,
  estimateBeforeStart,
  isStepSpeed,
  LONG_JOB_MS,
  remainingEstimate,
  StepEstimator,
  updatedSpeed,
  type StepSpeed,
} from '../../../src/content/stepEstimate';
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

describe('the estimate before the first step, from earlier runs on this device', () => {
  const speed = (stepMs: number, steps = 10): StepSpeed => ({ stepMs, steps, measuredAt: 1 });

  it('without a measurement there is no estimate before the first step: the first step measures', () => {
    expect(estimateBeforeStart(1_483, undefined)).toEqual({ basis: 'first-step' });
  });

  it('with one, estimates the whole job and asks first exactly when it is over ten minutes', () => {
    // 1,483 steps (the 989 TweetSumm conversations) at 0.8 s: about 20 minutes, so it asks.
    expect(estimateBeforeStart(1_483, speed(800))).toEqual({ basis: 'earlier-runs', totalMs: 1_186_400, asksFirst: true });
    // 10 steps at 0.8 s: 8 s, no question.
    expect(estimateBeforeStart(10, speed(800))).toEqual({ basis: 'earlier-runs', totalMs: 8_000, asksFirst: false });
    // Exactly at the limit does not ask; one millisecond more does.
    expect(estimateBeforeStart(600, speed(1_000))).toEqual({ basis: 'earlier-runs', totalMs: LONG_JOB_MS, asksFirst: false });
    expect(estimateBeforeStart(600, speed(1_000 + 1 / 600))).toMatchObject({ asksFirst: true });
    // A threshold of the caller's (the test build's hook): 10 steps at 0.8 s pass 5 s.
    expect(estimateBeforeStart(10, speed(800), 5_000)).toMatchObject({ totalMs: 8_000, asksFirst: true });
    expect(estimateBeforeStart(10, speed(800), 8_000)).toMatchObject({ asksFirst: false });
  });

  it('ignores a stored speed that is not a real measurement (user-edited storage)', () => {
    for (const bad of [
      { stepMs: 0, steps: 3, measuredAt: 1 },
      { stepMs: -5, steps: 3, measuredAt: 1 },
      { stepMs: Number.NaN, steps: 3, measuredAt: 1 },
      { stepMs: 500, steps: 0, measuredAt: 1 },
      { stepMs: '500', steps: 3, measuredAt: 1 },
      null,
    ]) {
      expect(isStepSpeed(bad), JSON.stringify(bad)).toBe(false);
      expect(estimateBeforeStart(1_000, bad as unknown as StepSpeed)).toEqual({ basis: 'first-step' });
    }
    expect(isStepSpeed(speed(500))).toBe(true);
  });

  it('blends a run into the stored speed by steps, earlier runs counting for at most 50 steps', () => {
    expect(updatedSpeed(undefined, 900, 4, 7)).toEqual({ stepMs: 900, steps: 4, measuredAt: 7 });
    // 10 earlier steps at 1 s and 10 new ones at 2 s: 1.5 s.
    expect(updatedSpeed(speed(1_000, 10), 2_000, 10, 8)).toEqual({ stepMs: 1_500, steps: 20, measuredAt: 8 });
    // 900 earlier steps weigh as 50: 20 new steps at 3 s move the mean to (50·1 + 20·3) / 70 s.
    expect(updatedSpeed(speed(1_000, 900), 3_000, 20, 9).stepMs).toBeCloseTo((50 * 1_000 + 20 * 3_000) / 70, 6);
    expect(updatedSpeed(speed(1_000, 995), 1_000, 20, 9).steps).toBe(1_000);
  });

  it('shows time left from earlier runs until this run has measured a few steps, then from this run', () => {
    const estimator = new StepEstimator(0);
    expect(remainingEstimate(estimator, 100, undefined)).toBeNull();
    expect(remainingEstimate(estimator, 100, speed(500))).toEqual({ ms: 50_000, basis: 'earlier-runs' });
    estimator.stepDone(2_000);
    estimator.stepDone(4_000);
    expect(remainingEstimate(estimator, 98, speed(500))).toEqual({ ms: 49_000, basis: 'earlier-runs' });
    estimator.stepDone(6_000);
    expect(ESTIMATE_AFTER_STEPS).toBe(3);
    expect(remainingEstimate(estimator, 97, speed(500))).toEqual({ ms: 194_000, basis: 'this-run' });
  });
});
