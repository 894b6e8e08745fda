/**
 * Throughput and ETA for long runs. The rate is measured over a sliding window of recent samples,
 * so a slow model load at the start or a long row does not skew the estimate for the rest.
 */
export interface RateSample {
  /** Milliseconds (performance.now()). */
  at: number;
  /** Rows finished so far (cumulative). */
  done: number;
}

export class RateMeter {
  private samples: RateSample[] = [];

  constructor(private readonly windowMs = 10_000) {}

  add(done: number, at: number): void {
    this.samples.push({ at, done });
    // Keep one sample older than the window so the rate always spans the whole window.
    while (this.samples.length > 2 && this.samples[1]!.at < at - this.windowMs) this.samples.shift();
  }

  reset(): void {
    this.samples = [];
  }

  /** Rows per second over the window; null until two samples at least 200 ms apart exist. */
  rate(): number | null {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (!first || !last || last.at - first.at < 200 || last.done <= first.done) return null;
    return ((last.done - first.done) * 1000) / (last.at - first.at);
  }

  /** Milliseconds left for `remaining` rows at the current rate; null while unknown. */
  etaMs(remaining: number): number | null {
    const rate = this.rate();
    return rate === null || rate <= 0 ? null : (Math.max(0, remaining) / rate) * 1000;
  }
}

/** 75_000 → "1:15", 3_725_000 → "1:02:05". */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}

export interface Count {
  done: number;
  total: number;
}

/**
 * The one "done of total" a running stage shows, in its progress bar and its status line alike.
 * The run's progress is ahead of the rows saved so far (they are published in chunks), so showing
 * both read "192 of 978" beside "0 of 978"; and before the run's first report its total is 0,
 * which read "0 of 0". The live progress wins once it has a total; the saved rows until then, and
 * never a count below what is already saved.
 */
export function runningCount(live: Count | null, saved: Count): Count {
  if (!live || live.total <= 0) return saved;
  return { done: Math.min(live.total, Math.max(live.done, saved.done)), total: live.total };
}
