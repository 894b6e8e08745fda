import { describe, expect, it } from 'vitest';
import { paddedTokens, tokenBudgetBatches } from '../../../../src/workers/batching';
import { predictBatchesMs, type BatchShape, type RunBatch } from '../../../../src/workers/batchTimes';
import { formatDuration, RateMeter, rowsWorthDone, runningCount } from '../../../../src/panels/insights/logic/progress';

describe('RateMeter', () => {
  it('is unknown until two samples far enough apart', () => {
    const meter = new RateMeter();
    expect(meter.rate()).toBeNull();
    meter.add(0, 0);
    meter.add(10, 1900);
    expect(meter.rate()).toBeNull();
    expect(meter.etaMs(100)).toBeNull();
  });

  it('counts from a restart: a model load before the first rows is not in the rate or the time left', () => {
    const meter = new RateMeter();
    meter.add(0, 0);
    meter.restartAt(30_000); // a 30-second download, nothing done meanwhile
    meter.add(256, 32_000);
    expect(meter.rate()).toBe(128);
    expect(meter.etaMs(1280)).toBe(10_000);
    // Without the restart the download would count as work: 256 rows in 32 s.
    const unaware = new RateMeter();
    unaware.add(0, 0);
    unaware.add(256, 32_000);
    expect(unaware.rate()).toBe(8);
  });

  it('gives rows per second and the time left', () => {
    const meter = new RateMeter();
    meter.add(0, 0);
    meter.add(1000, 2000);
    expect(meter.rate()).toBe(500);
    expect(meter.etaMs(1000)).toBe(2000);
  });

  it('gives no ETA before the first settled count after the start (the first chunk saved)', () => {
    const meter = new RateMeter();
    meter.add(0, 0);
    meter.add(10, 3000, false);
    expect(meter.rate()).not.toBeNull();
    expect(meter.etaMs(100)).toBeNull();
    meter.add(20, 4000);
    expect(meter.etaMs(100)).toBe(20_000);
  });

  it('measures from settled counts only: an estimate inside a chunk is the latest figure, never a base', () => {
    const meter = new RateMeter(10_000);
    meter.add(0, 0);
    meter.add(80, 1000, false); // a first estimate, later found too high
    meter.add(100, 2000, false);
    expect(meter.rate()).toBe(50);
    meter.add(256, 5000); // the chunk saved
    meter.add(350, 7000, false);
    expect(meter.rate()).toBe(50);
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

describe('rowsWorthDone: an ETA that holds when rows run shortest first (issue 13, point 6)', () => {
  it('counts the share of padded tokens done, or rows when the job reports no work', () => {
    expect(rowsWorthDone({ done: 200, total: 256, work: { done: 1000, total: 4000 } }, 256)).toBe(64);
    expect(rowsWorthDone({ done: 128, total: 256 }, 256)).toBe(128);
    expect(rowsWorthDone({ done: 0, total: 0 }, 10)).toBe(0);
  });

  it('predicts the finish from the first batches, where rows or tokens done alone misjudge it', () => {
    // 256 rows of 5 to 260 tokens, run as the engine runs them: shortest first, in token-budget
    // batches, each batch costing per row and per padded token.
    const lengths = Array.from({ length: 256 }, (_, i) => 5 + ((i * 97) % 256));
    const shapes = tokenBudgetBatches(lengths, { maxRows: 64, maxTokens: 4096 }).map((batch) => ({
      rows: batch.length,
      tokens: paddedTokens(lengths, batch),
    }));
    const msOf = (shape: BatchShape) => 80 * shape.rows + shape.tokens;
    const finish = shapes.reduce((sum, shape) => sum + msOf(shape), 0);
    const allTokens = shapes.reduce((sum, shape) => sum + shape.tokens, 0);
    const meters = { time: new RateMeter(Infinity), rows: new RateMeter(Infinity), tokens: new RateMeter(Infinity) };
    for (const meter of Object.values(meters)) meter.add(0, 0);
    const runs: RunBatch[] = [];
    let rows = 0;
    let tokens = 0;
    let estimate: { left: number; time: number | null; rows: number | null; tokens: number | null } | null = null;
    for (const [position, shape] of shapes.entries()) {
      runs.push({ ...shape, ms: msOf(shape) });
      rows += shape.rows;
      tokens += shape.tokens;
      const now = runs.reduce((sum, run) => sum + run.ms, 0);
      const work = { done: now, total: now + predictBatchesMs(runs, shapes.slice(position + 1)) };
      const worth = { time: rowsWorthDone({ done: rows, total: 256, work }, 256), rows, tokens: Math.floor((tokens / allTokens) * 256) };
      for (const key of ['time', 'rows', 'tokens'] as const) meters[key].add(worth[key], now, false);
      if (!estimate && now >= finish * 0.2) {
        estimate = {
          left: finish - now,
          time: ((256 - worth.time) / meters.time.rate()!) * 1000,
          rows: ((256 - worth.rows) / meters.rows.rate()!) * 1000,
          tokens: ((256 - worth.tokens) / meters.tokens.rate()!) * 1000,
        };
      }
    }
    const error = (key: 'time' | 'rows' | 'tokens') => Math.abs(estimate![key]! - estimate!.left) / finish;
    expect(error('time')).toBeLessThan(0.05);
    expect(error('rows')).toBeGreaterThan(0.15);
    expect(error('tokens')).toBeGreaterThan(0.1);
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
