import { describe, expect, it } from 'vitest';
import { computeStreamingStats, StreamingStats } from '../../../src/content/streamingStats';

function fakeClock(start = 1000) {
  let now = start;
  return { clock: () => now, advance: (ms: number) => (now += ms), set: (ms: number) => (now = ms) };
}

describe('StreamingStats', () => {
  it('separates first-token latency from the steady-state rate', () => {
    const { clock, advance } = fakeClock();
    const stats = new StreamingStats(clock);
    stats.start();
    advance(800); // prompt processing
    stats.token();
    for (let i = 0; i < 10; i++) {
      advance(50);
      stats.token();
    }
    stats.finish();
    const snap = stats.snapshot();
    expect(snap.tokens).toBe(11);
    expect(snap.firstTokenMs).toBe(800);
    expect(snap.tokensPerSecond).toBeCloseTo(20, 10); // 10 tokens in 500 ms, first excluded
    expect(snap.elapsedMs).toBe(1300);
    expect(snap.overallTokensPerSecond).toBeCloseTo(11 / 1.3, 10);
    expect(snap.done).toBe(true);
  });

  it('reports nothing before start, and no rate before a second token', () => {
    const { clock, advance } = fakeClock();
    const stats = new StreamingStats(clock);
    expect(stats.snapshot()).toEqual({
      tokens: 0,
      firstTokenMs: null,
      elapsedMs: 0,
      tokensPerSecond: null,
      overallTokensPerSecond: null,
      done: false,
    });
    stats.start();
    advance(100);
    expect(stats.snapshot()).toMatchObject({ tokens: 0, firstTokenMs: null, elapsedMs: 100, tokensPerSecond: null });
    stats.token();
    advance(100);
    expect(stats.snapshot()).toMatchObject({ tokens: 1, firstTokenMs: 100, elapsedMs: 200, tokensPerSecond: null, done: false });
  });

  it('freezes at finish and ignores late tokens', () => {
    const { clock, advance } = fakeClock();
    const stats = new StreamingStats(clock);
    stats.start();
    advance(10);
    stats.token();
    advance(10);
    stats.token();
    stats.finish();
    const frozen = stats.snapshot();
    advance(5000);
    stats.token();
    expect(stats.snapshot()).toEqual(frozen);
    expect(frozen.tokensPerSecond).toBeCloseTo(100, 10);
  });

  it('counts tokens that arrive together with the first outside the steady-state rate', () => {
    const { clock, advance } = fakeClock();
    const stats = new StreamingStats(clock);
    stats.start();
    advance(200);
    stats.token(3);
    advance(100);
    stats.token(2);
    expect(stats.snapshot()).toMatchObject({ tokens: 5, firstTokenMs: 200, tokensPerSecond: 20 });
    stats.token(0); // ignored
    stats.token(-4); // ignored
    expect(stats.snapshot().tokens).toBe(5);
  });

  it('restarts cleanly and survives a clock going backwards', () => {
    const { clock, advance, set } = fakeClock();
    const stats = new StreamingStats(clock);
    stats.start();
    advance(100);
    stats.token();
    stats.finish();
    stats.start();
    expect(stats.snapshot()).toMatchObject({ tokens: 0, firstTokenMs: null, done: false });
    set(500);
    stats.token();
    const snap = stats.snapshot();
    expect(snap.firstTokenMs).toBe(0);
    expect(snap.elapsedMs).toBe(0);
    expect(snap.overallTokensPerSecond).toBeNull();
  });

  it('starts the clock at the first token when start() was not called', () => {
    const { clock, advance } = fakeClock();
    const stats = new StreamingStats(clock);
    stats.token();
    advance(250);
    stats.token();
    expect(stats.snapshot()).toMatchObject({ tokens: 2, firstTokenMs: 0, tokensPerSecond: 4 });
  });
});

describe('computeStreamingStats', () => {
  it('computes the same numbers from raw timestamps', () => {
    expect(computeStreamingStats({ startedAt: 0, firstAt: 400, lastAt: 1400, tokens: 21, tokensAtFirst: 1, now: 1500, done: true })).toEqual({
      tokens: 21,
      firstTokenMs: 400,
      elapsedMs: 1500,
      tokensPerSecond: 20,
      overallTokensPerSecond: 14,
      done: true,
    });
  });
});
