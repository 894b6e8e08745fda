/**
 * Generation speed as the user sees it. The first token includes prompt processing (and often
 * model warm-up), so it is reported separately as latency, and the rate is measured from the first
 * token to the last: mixing the two makes short generations look much slower than they are.
 * Pure: time comes from an injected clock, so tests use a fake one.
 */

export type Clock = () => number;

export interface StreamingSnapshot {
  tokens: number;
  /** From start to the first token; null before it arrives. */
  firstTokenMs: number | null;
  /** From start to finish (or to now while running). */
  elapsedMs: number;
  /** Steady-state rate: tokens after the first, over the time from first to last token. */
  tokensPerSecond: number | null;
  /** All tokens over all the time, latency included. */
  overallTokensPerSecond: number | null;
  done: boolean;
}

const defaultClock: Clock = () => performance.now();

/**
 * The numbers for one generation from its start time and token timestamps (ms). `tokensAtFirst`
 * is how many tokens arrived together with the first (a chunk may carry several).
 */
export function computeStreamingStats(input: {
  startedAt: number;
  firstAt: number | null;
  lastAt: number | null;
  tokens: number;
  tokensAtFirst: number;
  now: number;
  done: boolean;
}): StreamingSnapshot {
  const { startedAt, firstAt, lastAt, tokens, tokensAtFirst, now, done } = input;
  // Clamped at 0: a clock that jumps backwards must not give negative times or rates.
  const elapsedMs = Math.max(0, now - startedAt);
  const firstTokenMs = firstAt === null ? null : Math.max(0, firstAt - startedAt);
  let tokensPerSecond: number | null = null;
  if (firstAt !== null && lastAt !== null && lastAt > firstAt && tokens > tokensAtFirst) {
    tokensPerSecond = (tokens - tokensAtFirst) / ((lastAt - firstAt) / 1000);
  }
  const overallTokensPerSecond = tokens > 0 && elapsedMs > 0 ? tokens / (elapsedMs / 1000) : null;
  return { tokens, firstTokenMs, elapsedMs, tokensPerSecond, overallTokensPerSecond, done };
}

/** Tracks one generation at a time; keeps O(1) state however long it runs. */
export class StreamingStats {
  private readonly clock: Clock;
  private startedAt: number | null = null;
  private firstAt: number | null = null;
  private lastAt: number | null = null;
  private endedAt: number | null = null;
  private tokens = 0;
  private tokensAtFirst = 0;

  constructor(clock: Clock = defaultClock) {
    this.clock = clock;
  }

  /** Starts (or restarts) timing: call when the request is sent. */
  start(): void {
    this.startedAt = this.clock();
    this.firstAt = null;
    this.lastAt = null;
    this.endedAt = null;
    this.tokens = 0;
    this.tokensAtFirst = 0;
  }

  /** Records `count` tokens arriving now. Before start(), starts the clock now (latency 0). */
  token(count = 1): void {
    if (!(count > 0) || this.endedAt !== null) return;
    const now = this.clock();
    if (this.startedAt === null) this.startedAt = now;
    if (this.firstAt === null) {
      this.firstAt = now;
      this.tokensAtFirst = count;
    }
    this.lastAt = now;
    this.tokens += count;
  }

  /** Stops the clock (done, cancelled or failed); later tokens are ignored. */
  finish(): void {
    if (this.endedAt === null) this.endedAt = this.startedAt === null ? null : this.clock();
  }

  snapshot(): StreamingSnapshot {
    if (this.startedAt === null) {
      return { tokens: 0, firstTokenMs: null, elapsedMs: 0, tokensPerSecond: null, overallTokensPerSecond: null, done: false };
    }
    return computeStreamingStats({
      startedAt: this.startedAt,
      firstAt: this.firstAt,
      lastAt: this.lastAt,
      tokens: this.tokens,
      tokensAtFirst: this.tokensAtFirst,
      now: this.endedAt ?? this.clock(),
      done: this.endedAt !== null,
    });
  }
}
