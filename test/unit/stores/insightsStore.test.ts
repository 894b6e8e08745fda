/**
 * The Insights store and its actions (datasets.ts, pipeline.ts) without React or a browser: a
 * real CSV (covid_faq_deepset's question pairs, 488 rows) is imported through the import worker's
 * own handler run in-process, saved as a dataset in a workspace on fake-indexeddb, and analysed
 * by the sentiment stage against a fake client whose "model" calls a question negative when it
 * names a harm. What is checked is the store's own work: the dataset it saves and opens, the
 * results it saves chunk by chunk as a run and reads back, where it resumes after a cancel, and
 * how a damaged run is set aside and replaced.
 */
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setDeps } from '../../../src/services/deps';
import { cancelledError, type Classification } from '../../../src/core';
import { closeDataset, confirmImport, discardDamagedResults, discardDraft, importFile, openDataset, setMapping } from '../../../src/panels/insights/datasets';
import { sentimentRunId } from '../../../src/panels/insights/logic/runIds';
import { cancelPipeline, RUN_CHUNK_ROWS, runPipeline } from '../../../src/panels/insights/pipeline';
import { useInsights } from '../../../src/panels/insights/store';
import type { WorkbenchClient } from '../../../src/sdk/types';
import type { Workspace } from '../../../src/storage/workspace';
import { fakeClient, freshWorkspace, storeDeps } from '../support/storeDeps';

const here = path.dirname(fileURLToPath(import.meta.url));
const QUESTIONS = path.resolve(here, '../../../../shared/datasets/covid_faq_deepset/eval_question_similarity_en.csv');
const questionsFile = () => new File([readFileSync(QUESTIONS)], 'eval_question_similarity_en.csv', { type: 'text/csv' });

const HARM = /\b(die|death|dead|risk|dangerous|sick|ill|symptoms?|severe)\b/i;

/** The fake model's verdict on one text. */
function verdict(text: string): Classification {
  return HARM.test(text) ? { label: 'NEGATIVE', score: 0.9 } : { label: 'POSITIVE', score: 0.8 };
}

/** What the store should show for a row after the sentiment stage. */
function expectedSentiment(text: string) {
  const { label, score } = verdict(text);
  return label === 'NEGATIVE' ? { label: 'negative', score, signed: -score } : { label: 'positive', score, signed: score };
}

let workspace: Workspace;
let classified: string[];

/** Classify answers with `verdict`, or as `hold` says (e.g. wait for the abort). */
function client(hold?: (texts: string[], signal: AbortSignal | undefined) => Promise<Classification[]> | null): WorkbenchClient {
  return fakeClient({
    countTokens: async (texts) => ({ counts: texts.map((t) => t.split(/\s+/).length + 2), maxInputTokens: 512 }),
    classify: async (texts, options) => {
      const held = hold?.(texts, options?.signal);
      if (held) return held;
      classified.push(...texts);
      return texts.map(verdict);
    },
  });
}

function resetInsights(): void {
  closeDataset();
  discardDraft();
  useInsights.getState().set({ datasets: [], quarantined: [], datasetsError: null, openProblem: null, tabNotice: null, importError: null, jobError: null });
}

beforeEach(() => {
  workspace = freshWorkspace();
  classified = [];
  setDeps(storeDeps(workspace, client()));
  resetInsights();
});

afterEach(() => {
  resetInsights();
  setDeps(null);
});

/** Imports the file, maps `question_1` as the text, saves and opens the dataset; returns its id. */
async function importQuestions(): Promise<string> {
  await importFile(questionsFile());
  const { draft, importError } = useInsights.getState();
  expect(importError).toBeNull();
  expect(draft?.session.head.columns).toEqual(['question_1', 'question_2', 'similar']);
  setMapping({ text: 'question_1' });
  await expect.poll(() => useInsights.getState().draft?.preview).toBeTruthy();
  const preview = useInsights.getState().draft!.preview!;
  await confirmImport();
  const { active, datasets } = useInsights.getState();
  expect(useInsights.getState().importError).toBeNull();
  expect(datasets.map((d) => d.id)).toEqual([active!.record.id]);
  // What the import report promised is what was saved and opened.
  expect(active!.items).toHaveLength(preview.count);
  expect(active!.record.rowCount).toBe(preview.count);
  expect(active!.items.slice(0, preview.first.length).map((i) => i.text)).toEqual(preview.first.map((i) => i.text));
  return active!.record.id;
}

describe('the Insights store', () => {
  it('imports a real CSV as a dataset, runs sentiment over every row, saves it as a run and reads it back', async () => {
    const id = await importQuestions();
    const items = useInsights.getState().active!.items;
    expect(items.length).toBeGreaterThan(RUN_CHUNK_ROWS); // more than one saved chunk
    const stored = await workspace.getAll('datasets');
    expect(stored.map((d) => d.id)).toEqual([id]);

    await runPipeline(['sentiment']);
    const state = useInsights.getState();
    expect(state.jobStatus, String(state.jobError)).toBe('done');
    expect(classified).toEqual(items.map((i) => i.text));
    const expected = items.map((i) => expectedSentiment(i.text));
    expect(state.sentiments).toEqual(expected);
    // Both verdicts occur, so a store that showed one label for all rows would fail.
    expect(new Set(expected.map((s) => s.label))).toEqual(new Set(['positive', 'negative']));
    expect(state.sentimentRun).toMatchObject({ status: 'done', done: items.length, total: items.length });

    // The run is in the workspace: closing and opening the dataset shows the same results without classifying again.
    const run = await workspace.get('runs', sentimentRunId(id));
    expect(run).toMatchObject({ status: 'done', done: items.length, datasetId: id });
    closeDataset();
    expect(useInsights.getState().sentiments).toEqual([]);
    classified = [];
    await openDataset(id);
    expect(useInsights.getState().sentiments).toEqual(expected);
    expect(useInsights.getState().resultProblems).toEqual([]);
    await runPipeline(['sentiment']);
    expect(useInsights.getState().jobStatus).toBe('done');
    expect(classified).toEqual([]);
  });

  it('a cancelled run keeps its finished chunk, and Run resumes with only the rows still missing', async () => {
    let calls = 0;
    let cancelledSignal: AbortSignal | undefined;
    setDeps(
      storeDeps(
        workspace,
        client((_texts, signal) => {
          // The second chunk waits until the user cancels.
          if (++calls !== 2) return null;
          cancelledSignal = signal;
          return new Promise((_resolve, reject) => signal?.addEventListener('abort', () => reject(cancelledError()), { once: true }));
        }),
      ),
    );
    const id = await importQuestions();
    const items = useInsights.getState().active!.items;
    const running = runPipeline(['sentiment']);
    await expect.poll(() => cancelledSignal).toBeDefined();
    cancelPipeline();
    await running;
    expect(cancelledSignal!.aborted).toBe(true);
    const state = useInsights.getState();
    expect(state.jobStatus).toBe('cancelled');
    expect(state.sentimentRun).toMatchObject({ status: 'cancelled', done: RUN_CHUNK_ROWS });
    const firstChunk = items.slice(0, RUN_CHUNK_ROWS).map((i) => expectedSentiment(i.text));
    expect(state.sentiments.slice(0, RUN_CHUNK_ROWS)).toEqual(firstChunk);
    expect(state.sentiments.slice(RUN_CHUNK_ROWS).every((s) => s === undefined)).toBe(true);
    expect(await workspace.get('runs', sentimentRunId(id))).toMatchObject({ status: 'cancelled', done: RUN_CHUNK_ROWS });

    // Run again: only the rows after the saved chunk are classified.
    classified = [];
    await runPipeline(['sentiment']);
    expect(useInsights.getState().jobStatus, String(useInsights.getState().jobError)).toBe('done');
    expect(classified).toEqual(items.slice(RUN_CHUNK_ROWS).map((i) => i.text));
    expect(useInsights.getState().sentiments).toEqual(items.map((i) => expectedSentiment(i.text)));
    expect(useInsights.getState().sentimentRun).toMatchObject({ status: 'done', done: items.length });
  });

  it('a damaged run is set aside when the dataset opens, is not resumed, and is replaced after discarding it', async () => {
    const id = await importQuestions();
    const items = useInsights.getState().active!.items;
    await runPipeline(['sentiment']);
    expect(useInsights.getState().jobStatus).toBe('done');

    // Another build or devtools left a run claiming more rows than the dataset has.
    const run = await workspace.get('runs', sentimentRunId(id));
    await workspace.put('runs', { ...run!, total: items.length + 100 });
    closeDataset();
    await openDataset(id);
    let state = useInsights.getState();
    expect(state.active?.record.id).toBe(id);
    expect(state.resultProblems.map((p) => p.key)).toContain('runSetAside');
    expect(state.sentimentRun).toBeNull();

    // Running over it is refused rather than mixing its results with new ones.
    classified = [];
    await runPipeline(['sentiment']);
    state = useInsights.getState();
    expect(state.jobStatus).toBe('error');
    expect(state.jobError).toMatchObject({ code: 'bad-input' });
    expect(classified).toEqual([]);

    await discardDamagedResults();
    expect(await workspace.get('runs', sentimentRunId(id))).toBeUndefined();
    expect(useInsights.getState().resultProblems).toEqual([]);
    await runPipeline(['sentiment']);
    expect(useInsights.getState().jobStatus, String(useInsights.getState().jobError)).toBe('done');
    expect(useInsights.getState().sentiments).toEqual(items.map((i) => expectedSentiment(i.text)));
    expect(await workspace.get('runs', sentimentRunId(id))).toMatchObject({ status: 'done', total: items.length });
  });
});
