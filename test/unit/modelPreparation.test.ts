/** The background load a panel starts before its first run (src/state/modelPreparation.ts). */
import { describe, expect, it, vi } from 'vitest';
import { cancelledError } from '../../src/core';
import { createModelPreparation } from '../../src/state/modelPreparation';

/** A preparation whose loads wait until the test settles them; `states` records every preparing change. */
function preparationUnderTest() {
  const loads: Array<{ signal: AbortSignal; settle: (error?: unknown) => void }> = [];
  const states: boolean[] = [];
  const preparation = createModelPreparation({
    prepare: (signal) =>
      new Promise((resolve, reject) => {
        loads.push({ signal, settle: (error) => (error ? reject(error) : resolve(null)) });
      }),
    onPreparingChange: (preparing) => states.push(preparing),
    purpose: 'the test model',
  });
  return { preparation, loads, states };
}
const settled = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('a model preparation', () => {
  it('loads once per visit: a start while it loads, or after it ended, asks nothing more', async () => {
    const { preparation, loads, states } = preparationUnderTest();
    preparation.start();
    preparation.start();
    expect(loads).toHaveLength(1);
    expect(states).toEqual([true]);
    loads[0]!.settle();
    await settled();
    expect(states).toEqual([true, false]);
    // A model that was not stored (null) stays not stored: typing on does not ask the storage again.
    preparation.start();
    expect(loads).toHaveLength(1);
  });

  it('asks worthIt only when a load would start, and a declined start is not a try', async () => {
    const { preparation, loads } = preparationUnderTest();
    const worthIt = vi.fn(() => false);
    preparation.start(worthIt);
    expect(worthIt).toHaveBeenCalledTimes(1);
    expect(loads).toHaveLength(0);
    preparation.start(() => true);
    expect(loads).toHaveLength(1);
    preparation.start(worthIt);
    expect(worthIt).toHaveBeenCalledTimes(1);
  });

  it('stop aborts the load and forgets the try; the stopped load ending late does not touch its successor', async () => {
    const { preparation, loads, states } = preparationUnderTest();
    preparation.start();
    preparation.stop();
    expect(loads[0]!.signal.aborted).toBe(true);
    expect(states).toEqual([true, false]);
    preparation.start();
    expect(loads).toHaveLength(2);
    loads[0]!.settle(cancelledError());
    await settled();
    expect(states).toEqual([true, false, true]);
    loads[1]!.settle();
    await settled();
    expect(states).toEqual([true, false, true, false]);
    // Stopping when nothing loads says nothing.
    preparation.stop();
    expect(states).toHaveLength(4);
  });

  it('a failed load is logged, not thrown; a cancelled one is not even logged', async () => {
    const { preparation, loads, states } = preparationUnderTest();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      preparation.start();
      loads[0]!.settle(new Error('the stored files could not be read'));
      await settled();
      expect(states).toEqual([true, false]);
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('the test model could not be loaded ahead of its first run'), expect.any(Error));
      preparation.stop();
      preparation.start();
      loads[1]!.settle(cancelledError());
      await settled();
      expect(warn).toHaveBeenCalledTimes(1);
    } finally {
      warn.mockRestore();
    }
  });
});
