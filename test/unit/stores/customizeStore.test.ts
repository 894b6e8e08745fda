/**
 * The Customize store without React or a browser: a real labelled file (waimai_10k, Chinese
 * delivery reviews labelled 1 positive / 0 negative) goes through the import worker's handler
 * in-process, the saved classifier lands in a workspace on fake-indexeddb (through the
 * repositories), and the client is a fake whose embeddings are hashed character bigrams and whose
 * trainClassifier runs the training worker's own pure functions (cross-validation, softmax) here.
 * What is checked is the store's own work: which rows it embeds (and does not embed again), what
 * it hands the trainer, what it saves, and how a cancel or a failed training leaves it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deps, setDeps } from '../../../src/services/deps';
import { listClassifiers } from '../../../src/services/savedClassifiers';
import { useSavedClassifiers } from '../../../src/services/customClassifiers';
import { WorkbenchError } from '../../../src/core';
import { kFoldCrossValidate } from '../../../src/customize/crossValidation';
import { predict, trainSoftmax } from '../../../src/customize/softmax';
import { createCustomizeStore } from '../../../src/panels/customize/customizeStore';
import type { TrainingOutcome, TrainingRequest } from '../../../src/sdk';
import type { WorkbenchClient } from '../../../src/sdk/types';
import { assignedModel } from '../../../src/state/assignment';
import type { Workspace } from '../../../src/storage/workspace';
import { fakeClient, freshWorkspace, storeDeps } from '../support/storeDeps';

const here = path.dirname(fileURLToPath(import.meta.url));
const WAIMAI = path.resolve(here, '../../../../shared/datasets/waimai_10k/waimai_10k.csv');
const waimaiFile = () => new File([readFileSync(WAIMAI)], 'waimai_10k.csv', { type: 'text/csv' });

const DIM = 128;

/** A unit vector of hashed character bigrams: reviews sharing phrases are close. */
function embedText(text: string): number[] {
  const vector = new Array<number>(DIM).fill(0);
  const chars = [...text];
  for (let i = 0; i + 1 < chars.length; i++) {
    let hash = 0;
    for (const char of chars[i]! + chars[i + 1]!) hash = (hash * 31 + char.codePointAt(0)!) >>> 0;
    vector[hash % DIM]! += 1;
  }
  const norm = Math.hypot(...vector) || 1;
  return vector.map((value) => value / norm);
}

/** What the training worker does (src/workers/training.worker.ts), run here. */
async function trainHere(request: TrainingRequest): Promise<TrainingOutcome> {
  const options = { classes: request.classes, epochs: request.epochs ?? 100, seed: request.seed ?? 42, metadata: request.metadata };
  const crossValidation = request.folds >= 2 ? await kFoldCrossValidate(request.embeddings, request.labels, request.folds, options) : null;
  const model = await trainSoftmax(request.embeddings, request.labels, options);
  return { model, crossValidation, seconds: 0.01 };
}

let workspace: Workspace;
let embedded: string[];
let requests: TrainingRequest[];

function client(train: WorkbenchClient['trainClassifier'] = async (request) => trainHere(request)): WorkbenchClient {
  return fakeClient({
    embed: async (texts) => {
      embedded.push(...texts);
      return texts.map(embedText);
    },
    trainClassifier: (request, options) => {
      requests.push(request);
      return train(request, options);
    },
  });
}

beforeEach(() => {
  workspace = freshWorkspace();
  embedded = [];
  requests = [];
  setDeps(storeDeps(workspace, client()));
});

afterEach(() => setDeps(null));

/** A store with the file imported and up to `perClass` rows of each file label taken. */
async function labelledStore(perClass: number) {
  const customize = createCustomizeStore();
  await customize.getState().importFile(waimaiFile());
  const state = customize.getState();
  expect(state.importError).toBeNull();
  expect(state.source?.table.columns).toEqual(['label', 'review']);
  expect(state).toMatchObject({ textColumn: 'review', labelColumn: 'label' });
  customize.getState().setPerClass(perClass);
  customize.getState().takeFileLabels();
  return customize;
}

const settled = (customize: ReturnType<typeof createCustomizeStore>) =>
  expect.poll(() => customize.getState().status, { timeout: 15_000 }).not.toMatch(/^(training|suggesting)$/);

describe('the Customize store', () => {
  it('trains on the labelled rows of a real file, embedding each once, and saves the classifier to the workspace', async () => {
    const customize = await labelledStore(12);
    const { labels, categories, source } = customize.getState();
    const labelled = labels.flatMap((label, row) => (label === null ? [] : [row]));
    expect([...categories].sort()).toEqual(['0', '1']);
    expect(labelled).toHaveLength(24);
    // Every label taken is the file's own label of that row.
    for (const row of labelled) expect(labels[row]).toBe(source!.table.rows[row]!.label);

    customize.getState().train();
    await settled(customize);
    const state = customize.getState();
    expect(state.status, String(state.error)).toBe('done');

    // Only the labelled rows were embedded, once each, and the trainer got their vectors and labels.
    const texts = labelled.map((row) => source!.table.rows[row]!.review!);
    expect([...embedded].sort()).toEqual([...texts].sort());
    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request!.embeddings).toEqual(texts.map(embedText));
    expect(request!.labels.map((c: number) => request!.classes[c])).toEqual(labelled.map((row) => labels[row]));
    expect(request!.folds).toBeGreaterThanOrEqual(2);
    expect(state.trained).toMatchObject({ examples: 24, textColumn: 'review', fileName: 'waimai_10k.csv', rows: source!.table.rows.length });
    expect(state.trained!.embeddingModel).toBe(assignedModel('embeddings'));
    // The out-of-fold confusion matrix counts every example once.
    const counted = state.trained!.confusion!.matrix.flat().reduce((a, b) => a + b, 0);
    expect(counted).toBe(24);

    customize.getState().setSaveName('  Waimai  sentiment ');
    await customize.getState().save();
    expect(customize.getState().saveStatus, String(customize.getState().saveError)).toBe('saved');
    // Read back as the app reads it, through the record checks.
    const stored = await listClassifiers(deps().repositories.classifiers);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ name: 'Waimai sentiment', embeddingModel: assignedModel('embeddings') });
    expect([...stored[0]!.labels].sort()).toEqual(['0', '1']);
    expect(stored[0]!.trainingData).toMatchObject({ fileName: 'waimai_10k.csv', textColumn: 'review', examples: 24 });
    // The stored weights are the trained model's: they give the same predictions.
    const vectors = texts.map(embedText);
    expect(predict(stored[0]!.model, vectors).map((p) => p.label)).toEqual(predict(state.trained!.model, vectors).map((p) => p.label));
    // The shared list of saved classifiers (the other apps' model pickers) shows it.
    expect(useSavedClassifiers.getState().classifiers.map((c) => c.name)).toContain('Waimai sentiment');

    // Saving again under the same name replaces it instead of adding a second one.
    await customize.getState().save();
    expect(customize.getState().saveStatus).toBe('replaced');
    expect(await workspace.getAll('classifiers')).toHaveLength(1);
  });

  it('training again after more labels embeds only the rows not embedded before', async () => {
    const customize = await labelledStore(6);
    customize.getState().train();
    await settled(customize);
    expect(customize.getState().status).toBe('done');
    const first = new Set(embedded);
    embedded = [];

    customize.getState().setPerClass(10);
    customize.getState().takeFileLabels();
    const { labels, source } = customize.getState();
    const labelled = labels.flatMap((label, row) => (label === null ? [] : [row]));
    expect(labelled.length).toBeGreaterThan(12);
    customize.getState().train();
    await settled(customize);
    expect(customize.getState().status).toBe('done');
    const expected = labelled.map((row) => source!.table.rows[row]!.review!).filter((text) => !first.has(text));
    expect(expected.length).toBeGreaterThan(0);
    expect([...embedded].sort()).toEqual([...expected].sort());
    expect(requests[1]!.embeddings).toHaveLength(labelled.length);
    expect(customize.getState().trained!.examples).toBe(labelled.length);
  });

  it('a cancelled training shows cancelled, aborts the trainer, and drops its late result', async () => {
    let seenSignal: AbortSignal | undefined;
    let finish: () => void = () => undefined;
    setDeps(
      storeDeps(
        workspace,
        client(async (request, options) => {
          seenSignal = options?.signal;
          await new Promise<void>((resolve) => (finish = resolve));
          return trainHere(request);
        }),
      ),
    );
    const customize = await labelledStore(5);
    customize.getState().train();
    await expect.poll(() => seenSignal).toBeDefined();
    expect(customize.getState().status).toBe('training');
    customize.getState().cancel();
    expect(seenSignal!.aborted).toBe(true);
    finish();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(customize.getState()).toMatchObject({ status: 'cancelled', trained: null, progress: null, error: null });
    expect(await workspace.getAll('classifiers')).toEqual([]);
  });

  it('a failed training shows its error and leaves the store usable: the next training succeeds', async () => {
    let failures = 1;
    setDeps(
      storeDeps(
        workspace,
        client(async (request) => {
          if (failures-- > 0) throw new WorkbenchError('worker-crashed', 'The training stopped unexpectedly.');
          return trainHere(request);
        }),
      ),
    );
    const customize = await labelledStore(5);
    customize.getState().train();
    await settled(customize);
    expect(customize.getState().status).toBe('error');
    expect(customize.getState().error).toMatchObject({ code: 'worker-crashed' });
    expect(customize.getState().trained).toBeNull();

    // Nothing was left half-done: the labels stay, and training again works (without embedding again).
    embedded = [];
    customize.getState().train();
    await settled(customize);
    expect(customize.getState().status, String(customize.getState().error)).toBe('done');
    expect(customize.getState().error).toBeNull();
    expect(customize.getState().trained?.examples).toBe(10);
    expect(embedded).toEqual([]);
  });

  it('refuses to train with a single category, without calling the trainer', async () => {
    const customize = await labelledStore(5);
    const { labels } = customize.getState();
    labels.forEach((label, row) => label === '0' && customize.getState().setLabel(row, null));
    customize.getState().train();
    expect(customize.getState().status).toBe('error');
    expect(customize.getState().error).toMatchObject({ code: 'bad-input' });
    expect(requests).toEqual([]);
    expect(embedded).toEqual([]);
  });
});
