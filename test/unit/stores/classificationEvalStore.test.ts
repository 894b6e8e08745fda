/**
 * The Evaluate › Classification store without React or a browser: a real labelled file
 * (waimai_10k, Chinese delivery reviews, 1 positive / 0 negative) goes through the import
 * worker's handler in-process, and the client is a fake with two "models" that judge a review by
 * different words. What is checked is the store's own work: the columns and mapping it proposes,
 * which rows it scores with which model, the scores it reports (computed here independently from
 * the file), and how a cancel or a failed model leaves it.
 */
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setDeps } from '../../../src/services/deps';
import { cancelledError, WorkbenchError, type Classification } from '../../../src/core';
import { createClassificationEvalStore, failedSides } from '../../../src/panels/evaluate/classificationStore';
import type { WorkbenchClient } from '../../../src/sdk/types';
import { assignedModel } from '../../../src/state/assignment';
import { fakeClient, freshWorkspace, storeDeps } from '../support/storeDeps';

const here = path.dirname(fileURLToPath(import.meta.url));
const WAIMAI = path.resolve(here, '../../../../shared/datasets/waimai_10k/waimai_10k.csv');
const waimaiFile = () => new File([readFileSync(WAIMAI)], 'waimai_10k.csv', { type: 'text/csv' });

/** Each fake model's cue for a negative review; anything else it calls positive. */
const NEGATIVE_CUES: Record<string, RegExp> = {
  [assignedModel('sentiment')]: /不|没|差|慢/,
  'test/strict': /难吃|太慢|差评/,
};

function judge(model: string, text: string): Classification {
  return NEGATIVE_CUES[model]!.test(text) ? { label: 'negative', score: 0.7 } : { label: 'positive', score: 0.6 };
}

let calls: Array<{ model: string; texts: string[] }>;

function client(classify?: WorkbenchClient['classify']): WorkbenchClient {
  return fakeClient({
    classify:
      classify ??
      (async (texts, options) => {
        const model = options?.model ?? '';
        calls.push({ model, texts });
        return texts.map((text) => judge(model, text));
      }),
  });
}

beforeEach(() => {
  calls = [];
  setDeps(storeDeps(freshWorkspace(), client()));
});

afterEach(() => setDeps(null));

async function importedStore() {
  const evaluate = createClassificationEvalStore();
  await evaluate.getState().importFile(waimaiFile());
  expect(evaluate.getState().importError).toBeNull();
  return evaluate;
}

/** The first `limit` rows with a 0/1 label and a text, read straight from the parsed table. */
function firstLabelled(evaluate: ReturnType<typeof createClassificationEvalStore>, limit: number) {
  const rows = evaluate.getState().source!.table.rows;
  return rows
    .filter((row) => (row.label === '0' || row.label === '1') && (row.review ?? '').trim() !== '')
    .slice(0, limit)
    .map((row) => ({ text: row.review!.trim(), label: row.label === '1' ? 'POSITIVE' : 'NEGATIVE' }));
}

describe('the Evaluate classification store', () => {
  it('proposes the columns and the 0/1 mapping of a real file, and scores two models on every labelled row', async () => {
    const evaluate = await importedStore();
    expect(evaluate.getState()).toMatchObject({ textColumn: 'review', labelColumn: 'label', preset: 'binary', targets: { '0': 'NEGATIVE', '1': 'POSITIVE' } });

    // The file lists its positive reviews first: only the whole file has both classes.
    evaluate.getState().setLimit(0);
    evaluate.getState().setModelB('test/strict');
    evaluate.getState().run();
    await expect.poll(() => evaluate.getState().status).not.toBe('running');
    const state = evaluate.getState();
    expect(state.status, String(state.error)).toBe('done');

    const expected = firstLabelled(evaluate, Infinity);
    expect(calls.map((c) => c.model)).toEqual([assignedModel('sentiment'), 'test/strict']);
    for (const call of calls) expect(call.texts).toEqual(expected.map((r) => r.text));
    expect(state.result!.rows.map((r) => r.label)).toEqual(expected.map((r) => r.label));
    expect(state.result!.classes).toEqual(['NEGATIVE', 'POSITIVE']);

    const accuracies = state.result!.evaluations.map((e) => e.report.accuracy);
    const computed = Object.keys(NEGATIVE_CUES).map(
      (model) => expected.filter((row) => judge(model, row.text).label.toUpperCase() === row.label).length / expected.length,
    );
    expect(accuracies).toEqual(computed.map((a) => expect.closeTo(a, 12)));
    // The two models judge differently, so a store that scored one model twice would fail.
    expect(computed[0]).not.toBeCloseTo(computed[1]!, 6);
    for (const evaluation of state.result!.evaluations) {
      expect(evaluation.report.total).toBe(expected.length);
      expect(evaluation.report.confusion.matrix.flat().reduce((a, b) => a + b, 0)).toBe(expected.length);
      // Predictions are aligned to the file's spelling of the classes.
      expect(new Set(evaluation.predicted)).toEqual(new Set(['NEGATIVE', 'POSITIVE']));
    }
  });

  it('a label left unmapped drops its rows from the scoring', async () => {
    const evaluate = await importedStore();
    evaluate.getState().setTarget('0', null);
    evaluate.getState().setLimit(50);
    evaluate.getState().run();
    await expect.poll(() => evaluate.getState().status).not.toBe('running');
    expect(evaluate.getState().status).toBe('done');
    expect(evaluate.getState().preset).toBe('custom');
    const expected = firstLabelled(evaluate, Infinity)
      .filter((r) => r.label === 'POSITIVE')
      .slice(0, 50);
    expect(calls[0]!.texts).toEqual(expected.map((r) => r.text));
    expect(evaluate.getState().result!.classes).toEqual(['POSITIVE']);
  });

  it('a cancelled run shows cancelled and drops the late predictions', async () => {
    let seenSignal: AbortSignal | undefined;
    setDeps(
      storeDeps(
        freshWorkspace(),
        client((texts, options) => {
          seenSignal = options?.signal;
          return new Promise((resolve, reject) => {
            options?.signal?.addEventListener('abort', () => {
              // A worker answering anyway after the abort: the store must ignore it.
              resolve(texts.map(() => ({ label: 'positive', score: 1 })));
              reject(cancelledError());
            });
          });
        }),
      ),
    );
    const evaluate = await importedStore();
    evaluate.getState().setLimit(20);
    evaluate.getState().run();
    await expect.poll(() => seenSignal).toBeDefined();
    evaluate.getState().cancel();
    expect(seenSignal!.aborted).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(evaluate.getState()).toMatchObject({ status: 'cancelled', result: null, step: null });
  });

  it('a model that fails fails only its side: the other keeps its scores, and the retry runs the failed one alone', async () => {
    let failures = 1;
    setDeps(
      storeDeps(
        freshWorkspace(),
        client(async (texts, options) => {
          if (options?.model === 'test/strict' && failures-- > 0) throw new WorkbenchError('load-failed', 'The model could not be loaded.');
          calls.push({ model: options?.model ?? '', texts });
          return texts.map((text) => judge(options?.model ?? '', text));
        }),
      ),
    );
    const evaluate = await importedStore();
    evaluate.getState().setLimit(40);
    evaluate.getState().setModelB('test/strict');
    evaluate.getState().run();
    await expect.poll(() => evaluate.getState().status).not.toBe('running');
    expect(evaluate.getState().status).toBe('done');
    expect(evaluate.getState().result!.evaluations.map((e) => e.model)).toEqual([assignedModel('sentiment')]);
    expect(failedSides(evaluate.getState().result).map((side) => side.model)).toEqual(['test/strict']);
    expect(failedSides(evaluate.getState().result)[0]!.error).toMatchObject({ code: 'load-failed' });

    calls.length = 0;
    evaluate.getState().retryFailed();
    await expect.poll(() => evaluate.getState().status).not.toBe('running');
    expect(calls.map((call) => call.model)).toEqual(['test/strict']);
    expect(evaluate.getState().status, String(evaluate.getState().error)).toBe('done');
    expect(evaluate.getState().result!.evaluations.map((e) => e.model)).toEqual([assignedModel('sentiment'), 'test/strict']);
  });
});
