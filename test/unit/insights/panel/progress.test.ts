import { describe, expect, it } from 'vitest';
import { formatDuration, RateMeter } from '../../../../src/panels/insights/logic/progress';

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
