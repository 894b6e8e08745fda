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

// ---------------------------------------------------------------------------------------------
// Before the first step: the speed measured in earlier runs on this device

/** How fast one model ran summary steps on this device: mean milliseconds per step, over `steps` steps. */
export interface StepSpeed {
  stepMs: number;
  steps: number;
  /** Epoch milliseconds of the last measurement. */
  measuredAt: number;
}

/** A stored speed the estimate can rely on: a positive, finite step time from at least one step. */
export function isStepSpeed(value: unknown): value is StepSpeed {
  if (typeof value !== 'object' || value === null) return false;
  const { stepMs, steps, measuredAt } = value as Record<string, unknown>;
  return (
    typeof stepMs === 'number' &&
    Number.isFinite(stepMs) &&
    stepMs > 0 &&
    Number.isSafeInteger(steps) &&
    (steps as number) >= 1 &&
    typeof measuredAt === 'number' &&
    Number.isFinite(measuredAt)
  );
}

/** How much of the stored speed a new run's measurement can outweigh: a device's pace changes (load, thermals). */
const SPEED_MEMORY_STEPS = 50;
/** The steps count saturates here; it only weighs the next blend. */
const MAX_COUNTED_STEPS = 1_000;

/**
 * The stored speed after a run measured `stepMs` over `steps` steps: a mean weighted by steps,
 * where the earlier runs count for at most SPEED_MEMORY_STEPS steps so recent runs dominate.
 * Pass the speed stored when the run started (not one this run already wrote), so a run that
 * updates after every step counts its steps once.
 */
export function updatedSpeed(before: StepSpeed | undefined, stepMs: number, steps: number, now: number): StepSpeed {
  if (!before) return { stepMs, steps, measuredAt: now };
  const kept = Math.min(before.steps, SPEED_MEMORY_STEPS);
  return {
    stepMs: (before.stepMs * kept + stepMs * steps) / (kept + steps),
    steps: Math.min(before.steps + steps, MAX_COUNTED_STEPS),
    measuredAt: now,
  };
}

/**
 * The whole job's estimate before its first step. With a stored speed: the steps times its step
 * time, and the long-job question (if over LONG_JOB_MS) is asked before anything runs. Without
 * one (a first run of this model on this device): no estimate yet; the first step is measured
 * and the question, if any, comes after it.
 */
export type StartEstimate = { basis: 'earlier-runs'; totalMs: number; asksFirst: boolean } | { basis: 'first-step' };

export function estimateBeforeStart(totalSteps: number, speed: StepSpeed | undefined, longJobMs = LONG_JOB_MS): StartEstimate {
  if (!speed || !isStepSpeed(speed)) return { basis: 'first-step' };
  const totalMs = Math.max(0, totalSteps) * speed.stepMs;
  return { basis: 'earlier-runs', totalMs, asksFirst: totalMs > longJobMs };
}

/**
 * Time left while the job runs: this run's own measurement once ESTIMATE_AFTER_STEPS steps are
 * done; before that, the stored speed when there is one; else unknown.
 */
export function remainingEstimate(
  estimator: StepEstimator,
  remainingSteps: number,
  speed: StepSpeed | undefined,
): { ms: number; basis: 'this-run' | 'earlier-runs' } | null {
  const measured = estimator.remainingMs(remainingSteps);
  if (measured !== null) return { ms: measured, basis: 'this-run' };
  if (speed && isStepSpeed(speed)) return { ms: Math.max(0, remainingSteps) * speed.stepMs, basis: 'earlier-runs' };
  return null;
}
