/**
 * The Classify store without React or a browser: real review sentences (UCI sentiment labelled
 * sentences, Amazon cell phones) are classified one line each by a fake client whose "model"
 * calls a sentence negative when it has a negative word. What is checked is the store's own
 * work: which lines it sends, what it shows per line, and how a cancel or a failure leaves it.
 */
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setDeps } from '../../../src/services/deps';
import { WorkbenchError, type Classification } from '../../../src/core';
import { createClassifyStore } from '../../../src/panels/classify/classifyStore';
import type { WorkbenchClient } from '../../../src/sdk/types';
import { fakeClient, freshWorkspace, storeDeps } from '../support/storeDeps';

const here = path.dirname(fileURLToPath(import.meta.url));
const UCI = path.resolve(here, '../../../../shared/datasets/uci_sentiment_labelled_sentences/amazon_cells_labelled.txt');
/** The first 40 sentences of the file (its lines are `sentence<TAB>label`). */
const SENTENCES = readFileSync(UCI, 'utf8')
  .split(/\r?\n/)
  .slice(0, 40)
  .map((line) => line.split('\t')[0]!.trim());

function judge(text: string): Classification {
  return /\b(not|no|bad|poor|waste|worst|disappoint\w*|junk)\b/i.test(text) ? { label: 'NEGATIVE', score: 0.9 } : { label: 'POSITIVE', score: 0.75 };
}

let sent: string[][];

function client(classify?: WorkbenchClient['classify']): WorkbenchClient {
  return fakeClient({
    classify:
      classify ??
      (async (texts) => {
        sent.push(texts);
        return texts.map(judge);
      }),
  });
}

beforeEach(() => {
  sent = [];
  setDeps(storeDeps(freshWorkspace(), client()));
});

afterEach(() => setDeps(null));

const settled = (classify: ReturnType<typeof createClassifyStore>) => expect.poll(() => classify.getState().status).not.toBe('running');

describe('the Classify store', () => {
  it('classifies every non-empty line once and shows each line with its label', async () => {
    const classify = createClassifyStore();
    // Blank and whitespace-only lines between the sentences are left out and counted.
    classify.getState().setInput(SENTENCES.join('\n\n') + '\n   \n');
    classify.getState().run();
    await settled(classify);
    const state = classify.getState();
    expect(state.status, String(state.error)).toBe('done');
    expect(sent).toEqual([SENTENCES]);
    expect(state.rows).toEqual(SENTENCES.map((text) => ({ text, ...judge(text) })));
    expect(new Set(state.rows.map((r) => r.label))).toEqual(new Set(['NEGATIVE', 'POSITIVE']));
    expect(state.dropped).toBe(SENTENCES.length);
    expect(state.progress).toEqual({ done: SENTENCES.length, total: SENTENCES.length });
  });

  it('an input of blank lines is reported empty without calling the model', () => {
    const classify = createClassifyStore();
    classify.getState().setInput('\n  \n\t\n');
    classify.getState().run();
    expect(classify.getState()).toMatchObject({ status: 'empty', rows: [], dropped: 3 });
    expect(sent).toEqual([]);
  });

  it('a cancelled run shows cancelled and drops the late answer', async () => {
    let seenSignal: AbortSignal | undefined;
    let answer: (results: Classification[]) => void = () => undefined;
    setDeps(
      storeDeps(
        freshWorkspace(),
        client((_texts, options) => {
          seenSignal = options?.signal;
          return new Promise((resolve) => (answer = resolve));
        }),
      ),
    );
    const classify = createClassifyStore();
    classify.getState().setInput(SENTENCES.slice(0, 5).join('\n'));
    classify.getState().run();
    expect(classify.getState().status).toBe('running');
    classify.getState().cancel();
    expect(seenSignal?.aborted).toBe(true);
    answer(SENTENCES.slice(0, 5).map(judge));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(classify.getState()).toMatchObject({ status: 'cancelled', rows: [] });
  });

  it('a failure shows its error, and running again succeeds', async () => {
    let failures = 1;
    setDeps(
      storeDeps(
        freshWorkspace(),
        client(async (texts) => {
          if (failures-- > 0) throw new WorkbenchError('out-of-memory', 'The model ran out of memory.');
          return texts.map(judge);
        }),
      ),
    );
    const classify = createClassifyStore();
    classify.getState().setInput(SENTENCES.slice(0, 3).join('\n'));
    classify.getState().run();
    await settled(classify);
    expect(classify.getState().status).toBe('error');
    expect(classify.getState().error).toMatchObject({ code: 'out-of-memory' });
    classify.getState().run();
    await settled(classify);
    expect(classify.getState()).toMatchObject({ status: 'done', error: null });
    expect(classify.getState().rows.map((r) => r.text)).toEqual(SENTENCES.slice(0, 3));
  });
});
