/**
 * Throughput and ETA for long runs. The rate is measured over a sliding window of recent samples,
 * so a slow model load at the start or a long row does not skew the estimate for the rest.
 */
import type { WorkProgress } from '../../../core';

export interface RateSample {
  /** Milliseconds (performance.now()). */
  at: number;
  /** Rows finished so far (cumulative). */
  done: number;
}

const MIN_SPAN_MS = 2_000;

export class RateMeter {
  /** Settled samples: exact counts, the bases a rate is measured from. */
  private samples: RateSample[] = [];
  private latest: RateSample | null = null;

  constructor(private readonly windowMs = 10_000) {}

  /**
   * `settled: false` marks an estimate (rows worth done inside a chunk) that later samples
   * refine: it counts as the latest figure, never as a base, so an early misjudged estimate does
   * not skew the rate for the rest of the window.
   */
  add(done: number, at: number, settled = true): void {
    this.latest = { at, done };
    if (!settled) return;
    this.samples.push(this.latest);
    // Keep one sample older than the window so the rate always spans the whole window.
    while (this.samples.length > 2 && this.samples[1]!.at < at - this.windowMs) this.samples.shift();
  }

  reset(): void {
    this.samples = [];
    this.latest = null;
  }

  /**
   * The time so far was spent waiting, not working (the model loaded): the rate counts from `at`,
   * with what was done by then as its base. A first run's download would otherwise stay in the
   * rate, and in the time left, for the whole window.
   */
  restartAt(at: number): void {
    const base = { at, done: this.latest?.done ?? 0 };
    this.samples = [base];
    this.latest = base;
  }

  /**
   * Rows per second over the window; null until the samples span MIN_SPAN_MS: the first batch
   * after a start includes tokenizing and planning, and an ETA from it alone is wild.
   */
  rate(): number | null {
    const first = this.samples[0];
    const last = this.latest;
    if (!first || !last || last.at - first.at < MIN_SPAN_MS || last.done <= first.done) return null;
    return ((last.done - first.done) * 1000) / (last.at - first.at);
  }

  /**
   * Milliseconds left for `remaining` rows at the current rate; null while unknown, and until a
   * second settled sample (the first saved chunk): before it the rate rests on the job's first
   * estimates alone, which can be off several-fold.
   */
  etaMs(remaining: number): number | null {
    if (this.samples.length < 2) return null;
    const rate = this.rate();
    return rate === null || rate <= 0 ? null : (Math.max(0, remaining) / rate) * 1000;
  }
}

/**
 * How many of a chunk's `rows` an encoder job's progress is worth in time. The engine runs rows
 * shortest first, so counting rows done would make the first batches look fast and the ETA promise
 * too little time; `work` is the engine's share of the job's time spent.
 */
export function rowsWorthDone(progress: WorkProgress, rows: number): number {
  const share = progress.work ? progress.work.done / Math.max(1, progress.work.total) : progress.done / Math.max(1, progress.total);
  return Math.floor(Math.min(1, share) * rows);
}

/**
 * A row's cost for the ETA, in characters: its length plus a fixed part that every row costs
 * however short (its share of a batch's overhead, its output, saving it). Datasets are not
 * shuffled: 3,000 short reviews then 2,000 long ones ran a rows-only ETA a quarter too hopeful
 * at real size (bench: realsize, insights).
 */
export function rowCostByLength(text: string): number {
  return ROW_COST_CHARS + text.length;
}

const ROW_COST_CHARS = 150;

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
