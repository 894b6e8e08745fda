/**
 * Evaluate › Classification with two models where one cannot load (issue 15, point 1): the side
 * that finished keeps its scores, the failed side names its model, and "retry" runs only that side.
 * The client is scripted: this is the store's bookkeeping, the browser path is in evaluate.spec.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setDeps } from '../../../src/services/deps';
import { WorkbenchError } from '../../../src/core';
import { distinctOfColumn, targetsFromPreset } from '../../../src/evaluate/labeledData';
import { failedSides, useClassificationEval } from '../../../src/panels/evaluate/classificationStore';
import { fakeClient, freshWorkspace, storeDeps } from '../support/storeDeps';

const ROWS = [
  { text: 'great', label: 'POSITIVE' },
  { text: 'awful', label: 'NEGATIVE' },
  { text: 'lovely', label: 'POSITIVE' },
];

let calls: string[];
/** Models whose load fails, as a Hub model does offline. */
let broken: Set<string>;

beforeEach(() => {
  calls = [];
  broken = new Set(['hub/unreachable']);
  const client = fakeClient({
    classify: async (texts, options) => {
      const model = options?.model ?? '';
      calls.push(model);
      if (broken.has(model)) throw new WorkbenchError('load-failed', `Could not download ${model}.`);
      return texts.map((text) => ({ label: text === 'awful' ? 'NEGATIVE' : 'POSITIVE', score: 0.9 }));
    },
  });
  setDeps(storeDeps(freshWorkspace(), client));
  const table = { columns: ['text', 'label'], rows: ROWS, warnings: [] };
  const distinct = distinctOfColumn(table, 'label');
  useClassificationEval.setState({
    source: { fileName: 'labeled.csv', table } as never,
    textColumn: 'text',
    labelColumn: 'label',
    distinct,
    preset: 'identity',
    targets: targetsFromPreset('identity', distinct),
    modelA: 'test/good',
    modelB: 'hub/unreachable',
    status: 'idle',
    result: null,
  });
});

afterEach(() => setDeps(null));

async function settled(): Promise<void> {
  await expect.poll(() => useClassificationEval.getState().status).not.toBe('running');
}

describe('comparing with a model that cannot load', () => {
  it('keeps the finished side and names the failed model', async () => {
    useClassificationEval.getState().run();
    await settled();
    const { status, result, error } = useClassificationEval.getState();
    expect(status).toBe('done');
    expect(error).toBeNull();
    expect(result?.evaluations.map((e) => e.model)).toEqual(['test/good']);
    expect(result?.evaluations[0]?.report.accuracy).toBe(1);
    expect(failedSides(result).map(({ index, model }) => ({ index, model }))).toEqual([{ index: 1, model: 'hub/unreachable' }]);
    expect((failedSides(result)[0]?.error as WorkbenchError).code).toBe('load-failed');
  });

  it('also scores the second model when the first one fails', async () => {
    useClassificationEval.setState({ modelA: 'hub/unreachable', modelB: 'test/good' });
    useClassificationEval.getState().run();
    await settled();
    const { result } = useClassificationEval.getState();
    expect(calls).toEqual(['hub/unreachable', 'test/good']);
    expect(result?.evaluations.map((e) => e.model)).toEqual(['test/good']);
    expect(failedSides(result).map((s) => s.index)).toEqual([0]);
  });

  it('retries only the failed side and, once it loads, compares both in the order chosen', async () => {
    useClassificationEval.getState().run();
    await settled();
    const first = useClassificationEval.getState().result?.evaluations[0];
    broken.clear(); // the network is back
    useClassificationEval.getState().retryFailed();
    // While the retry runs, the finished side is still shown.
    expect(useClassificationEval.getState().result?.evaluations[0]).toBe(first);
    await settled();
    const { status, result } = useClassificationEval.getState();
    expect(calls).toEqual(['test/good', 'hub/unreachable', 'hub/unreachable']);
    expect(status).toBe('done');
    expect(result?.evaluations.map((e) => e.model)).toEqual(['test/good', 'hub/unreachable']);
    expect(result?.evaluations[0]).toBe(first);
    expect(failedSides(result)).toEqual([]);
  });

  it('is an error, with every failed model named, when no side finished', async () => {
    broken.add('test/good');
    useClassificationEval.getState().run();
    await settled();
    const { status, result } = useClassificationEval.getState();
    expect(status).toBe('error');
    expect(result?.evaluations).toEqual([]);
    expect(failedSides(result).map((s) => s.model)).toEqual(['test/good', 'hub/unreachable']);
  });
});
