/**
 * How long the rest of a step-by-step job will take (a summary in parts has up to thousands of
 * steps): the mean of the recent steps' durations times the steps left. Pure: the caller passes
 * the clock readings.
 */

/** Steps that must be done before an estimate is shown: the first ones include warm-up. */
export const ESTIMATE_AFTER_STEPS = 3;
/** A job estimated to take longer than this asks before it goes on. */
export const LONG_JOB_MS = 10 * 60 * 1000;
/** Recent steps the mean is taken over, so a slower phase (combining) shows up soon. */
const WINDOW = 20;

export class StepEstimator {
  private readonly durations: number[] = [];
  private last: number;

  constructor(startedAt: number) {
    this.last = startedAt;
  }

  /** Records one finished step at time `now`. */
  stepDone(now: number): void {
    this.durations.push(Math.max(0, now - this.last));
    if (this.durations.length > WINDOW) this.durations.shift();
    this.last = now;
  }

  /** Restarts the clock without a step (e.g. after waiting for the user). */
  resume(now: number): void {
    this.last = now;
  }

  get stepsMeasured(): number {
    return this.durations.length;
  }

  /** Mean milliseconds per recent step; null before any step. */
  get stepMs(): number | null {
    if (this.durations.length === 0) return null;
    return this.durations.reduce((sum, d) => sum + d, 0) / this.durations.length;
  }

  /** Milliseconds left for `remaining` steps, once `minSteps` steps are measured; null before. */
  remainingMs(remaining: number, minSteps = ESTIMATE_AFTER_STEPS): number | null {
    const stepMs = this.stepMs;
    if (stepMs === null || this.durations.length < minSteps) return null;
    return Math.max(0, remaining) * stepMs;
  }
}
