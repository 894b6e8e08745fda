/**
 * A worker's view of cancellation (src/workers/cancellation.ts): the shared flag is read
 * synchronously mid-job, and without shared memory a checkpoint yields so a cancel message,
 * queued behind the job, gets its turn. The jobs here are synchronous loops, like a worker's
 * batches, run on Node's event loop; the real worker is covered by test/e2e/workerControl.spec.ts.
 */
import { describe, expect, it } from 'vitest';
import { newCancelFlag, raiseCancelFlag, RequestCancellation } from '../../src/workers/cancellation';

/** Busy-waits: a stretch of synchronous work that never gives the event loop a turn. */
function work(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // spin
  }
}

/** Runs `units` units of synchronous work with a checkpoint before each; returns how many ran. */
async function job(cancellation: RequestCancellation, units: number, unitMs: number, onUnit?: (done: number) => void): Promise<number> {
  let done = 0;
  try {
    for (let unit = 0; unit < units; unit++) {
      await cancellation.checkpoint();
      work(unitMs);
      done += 1;
      onUnit?.(done);
    }
  } catch (error) {
    expect(error).toMatchObject({ code: 'cancelled' });
  }
  return done;
}

describe('RequestCancellation', () => {
  it('reads the shared flag synchronously: the job stops at the next checkpoint after the flag is raised', async () => {
    const flag = newCancelFlag();
    expect(flag).toBeInstanceOf(SharedArrayBuffer);
    const cancellation = new RequestCancellation(flag);
    // The page raises the flag during unit 3; nothing else tells the worker.
    const done = await job(cancellation, 100, 2, (unit) => unit === 3 && raiseCancelFlag(flag));
    expect(done).toBe(3);
    expect(cancellation.cancelled).toBe(true);
    expect(cancellation.signal.aborted).toBe(true);
  });

  it('without shared memory, yields at every checkpoint so a cancel message queued behind the job is read', async () => {
    const cancellation = new RequestCancellation(undefined);
    // The "cancel message": a task queued while the job runs, as the worker's message event would be.
    let unitsWhenCancelled = -1;
    const running = job(cancellation, 1_000, 2, (unit) => {
      if (unit === 5) {
        setTimeout(() => {
          unitsWhenCancelled = unit;
          cancellation.cancel();
        }, 0);
      }
    });
    const done = await running;
    expect(unitsWhenCancelled).toBe(5);
    // A setTimeout(0) may need a few message-channel turns to come round, never the whole job.
    expect(done).toBeLessThan(20);
  });

  it('with the flag, still yields to the event loop at least every quarter second (so heartbeats are answered)', async () => {
    const cancellation = new RequestCancellation(newCancelFlag());
    let timerRanAfterUnit = -1;
    let unit = 0;
    setTimeout(() => (timerRanAfterUnit = unit), 0);
    for (unit = 1; unit <= 40; unit++) {
      await cancellation.checkpoint();
      work(20);
    }
    expect(timerRanAfterUnit).toBeGreaterThan(0);
    // 20 ms a unit and a yield at least every 250 ms: the timer runs within the first ~14 units.
    expect(timerRanAfterUnit).toBeLessThan(20);
  });

  it('a cancel message aborts the signal; throwIfCancelled throws the cancelled WorkbenchError', () => {
    const cancellation = new RequestCancellation();
    expect(() => cancellation.throwIfCancelled()).not.toThrow();
    cancellation.cancel();
    expect(() => cancellation.throwIfCancelled()).toThrow(expect.objectContaining({ code: 'cancelled' }));
  });
});
