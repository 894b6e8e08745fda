import { describe, expect, it } from 'vitest';
import { formatDuration, RateMeter, runningCount } from '../../../../src/panels/insights/logic/progress';

describe('RateMeter', () => {
  it('is unknown until two samples far enough apart', () => {
    const meter = new RateMeter();
    expect(meter.rate()).toBeNull();
    meter.add(0, 0);
    meter.add(10, 100);
    expect(meter.rate()).toBeNull();
    expect(meter.etaMs(100)).toBeNull();
  });

  it('gives rows per second and the time left', () => {
    const meter = new RateMeter();
    meter.add(0, 0);
    meter.add(500, 1000);
    expect(meter.rate()).toBe(500);
    expect(meter.etaMs(1000)).toBe(2000);
  });

  it('measures over the recent window only, so a slow start does not skew it', () => {
    const meter = new RateMeter(10_000);
    meter.add(0, 0);
    meter.add(10, 20_000); // model load: 10 rows in 20 s
    meter.add(1010, 30_000); // then 100 rows/s
    meter.add(2010, 40_000);
    expect(meter.rate()).toBe(100);
  });
});

describe('formatDuration', () => {
  it('formats minutes and hours', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(75_000)).toBe('1:15');
    expect(formatDuration(3_725_000)).toBe('1:02:05');
  });
});

describe('runningCount: one figure for the progress bar and the status line (issue 15, point 5)', () => {
  it('shows the live progress, ahead of the rows saved so far', () => {
    // Seen: "Sentiment 192 of 978 · 83 per second" beside "Sentiment: 0 of 978 rows".
    expect(runningCount({ done: 192, total: 978 }, { done: 0, total: 978 })).toEqual({ done: 192, total: 978 });
    expect(runningCount({ done: 496, total: 978 }, { done: 256, total: 978 })).toEqual({ done: 496, total: 978 });
  });

  it('never says "0 of 0" before the run reports its total', () => {
    expect(runningCount({ done: 0, total: 0 }, { done: 0, total: 978 })).toEqual({ done: 0, total: 978 });
    expect(runningCount(null, { done: 300, total: 978 })).toEqual({ done: 300, total: 978 });
  });

  it('never goes below what is saved (a resumed run) nor above the total', () => {
    expect(runningCount({ done: 10, total: 978 }, { done: 500, total: 978 })).toEqual({ done: 500, total: 978 });
    expect(runningCount({ done: 990, total: 978 }, { done: 978, total: 978 })).toEqual({ done: 978, total: 978 });
  });
});
