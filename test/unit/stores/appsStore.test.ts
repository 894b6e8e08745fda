/**
 * The Apps store without React or a browser: the market lists, installs (from file texts, through
 * the SDK's strict validation), exports, duplicates and deletes apps in a workspace on
 * fake-indexeddb; a run goes through `client.apps.run` (the real SDK apps API over a small fake
 * model client) with per-step progress, cancel and its record kept; the builder adds, moves,
 * configures and removes steps, tries the draft on its samples, and a refused save says which
 * field is wrong and saves nothing.
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppClient, AppDefinition } from '../../../src/apps';
import { cancelledError } from '../../../src/core';
import { createAppsStore } from '../../../src/panels/apps/appsStore';
import { setDeps } from '../../../src/services/deps';
import { createAppsApi } from '../../../src/sdk/apps';
import { createRepositories, type Repositories } from '../../../src/storage/repositories';
import type { Workspace } from '../../../src/storage/workspace';
import { fakeClient, freshWorkspace, storeDeps } from '../support/storeDeps';

const triageFile = readFileSync(new URL('../../../src/apps/examples/support-triage.json', import.meta.url), 'utf8');
const TICKETS = ['The app is broken since the update', 'Thanks, works great', 'Refund never arrived, broken promise'];

/** A gate the fake generate call waits on, so a test can cancel while a step is running. */
interface Gate {
  open(): void;
  waiting: Promise<void>;
}

function gate(): Gate {
  let open!: () => void;
  const waiting = new Promise<void>((resolve) => (open = resolve));
  return { open, waiting };
}

let workspace: Workspace;
let repositories: Repositories;
let generateGate: Gate | null;
const generateSignals: AbortSignal[] = [];

/** The model calls: "broken" is negative; a draft names its prompt's first line. */
const modelClient: AppClient = {
  classify: async (texts) => texts.map((text) => (text.includes('broken') ? { label: 'NEGATIVE', score: 0.9 } : { label: 'POSITIVE', score: 0.8 })),
  embed: async (texts) => texts.map((text) => [text.length % 7, 1]),
  summarize: async (text) => `summary of ${text.split('\n').length} lines`,
  generate: (prompt, options) => {
    if (options?.signal) generateSignals.push(options.signal);
    const waitFor = generateGate?.waiting ?? Promise.resolve();
    return {
      result: new Promise((resolve, reject) => {
        options?.signal?.addEventListener('abort', () => reject(cancelledError()));
        void waitFor.then(() => resolve({ text: `Draft for: ${prompt.split('\n')[0]}` }));
      }),
    };
  },
  answer: async () => ({ answer: '', score: 0, start: -1, end: -1 }),
};

function file(name: string, text: string, size = new TextEncoder().encode(text).length) {
  return { name, size, text: async () => text };
}

beforeEach(() => {
  workspace = freshWorkspace();
  repositories = createRepositories(workspace);
  generateGate = null;
  generateSignals.length = 0;
  const apps = createAppsApi(modelClient, () => [{ id: 'tiny/gpt2', task: 'generation' }], {
    library: { list: async () => (await repositories.apps.list()).apps, save: (definition) => repositories.apps.put(definition) },
    saveRun: (record) => repositories.apps.putRun(record),
  });
  setDeps(storeDeps(workspace, fakeClient({ apps })));
});

afterEach(() => {
  setDeps(null);
  workspace.close();
});

const installedIds = (store: ReturnType<typeof createAppsStore>) =>
  store
    .getState()
    .listings.filter((listing) => !listing.builtin)
    .map((listing) => listing.definition.id);

describe('the market', () => {
  it('lists the built-in apps, installs a file, and installs a built-in app’s own file beside it under an id of its own', async () => {
    const store = createAppsStore();
    await store.getState().init();
    expect(store.getState().listings.map((listing) => [listing.definition.id, listing.builtin])).toEqual([
      ['support-triage', true],
      ['weekly-review-digest', true],
      ['faq-bot', true],
    ]);
    await store.getState().importFiles([file('support-triage.json', triageFile), file('mine.json', triageFile.replace('"support-triage"', '"my-triage"'))]);
    expect(store.getState().notices).toMatchObject([
      { kind: 'installed', fileName: 'support-triage.json', id: 'support-triage-2', renamedFrom: 'support-triage', replaced: false },
      { kind: 'installed', fileName: 'mine.json', id: 'my-triage', replaced: false },
    ]);
    expect(installedIds(store).sort()).toEqual(['my-triage', 'support-triage-2']);
    // The same id again is an update of that app, not a third one.
    await store.getState().importFiles([file('mine.json', triageFile.replace('"support-triage"', '"my-triage"'))]);
    expect(store.getState().notices).toMatchObject([{ kind: 'installed', id: 'my-triage', replaced: true }]);
    expect(installedIds(store)).toHaveLength(2);
  });

  it('refuses hostile and broken files with their reason and changes nothing; a huge file is never read', async () => {
    const store = createAppsStore();
    await store.getState().init();
    let hugeRead = false;
    const huge = { name: 'huge.json', size: 50 * 1024 * 1024, text: async () => ((hugeRead = true), '{}') };
    await store
      .getState()
      .importFiles([
        huge,
        file('proto.json', triageFile.replace('"icon"', '"__proto__": { "polluted": true }, "icon"')),
        file('future.json', triageFile.replace('"version": 1', '"version": 2')),
        file('script.json', triageFile.replace('"Support triage"', '"<img src=x onerror=alert(1)>"')),
        file('model.json', triageFile.replace('"maxNewTokens": 40', '"maxNewTokens": 40, "model": "someone/missing-model"')),
        file('notjson.json', '{ "format": '),
      ]);
    const keys = store
      .getState()
      .notices.map((notice) => (notice.kind === 'refused' ? (notice.error as { localized?: { key: string } }).localized?.key : 'installed'));
    expect(keys).toEqual(['appTooLarge', 'appForbiddenKey', 'appVersionUnsupported', 'appMarkup', 'appModelMissing', 'appNotJson']);
    expect(hugeRead).toBe(false);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
    expect(installedIds(store)).toEqual([]);
    expect(await workspace.getAll('apps')).toEqual([]);
  });

  it('exports an app as a file that installs in another workspace as the same app', async () => {
    const store = createAppsStore();
    await store.getState().init();
    await store.getState().importFiles([file('mine.json', triageFile.replace('"support-triage"', '"my-triage"'))]);
    const exported = store.getState().exportFile('my-triage')!;
    expect(exported.fileName).toBe('my-triage.llmaos-app.json');
    const original = store.getState().listings.find((listing) => listing.definition.id === 'my-triage')!.definition;

    afterEachWorkspace();
    const other = createAppsStore();
    await other.getState().init();
    await other.getState().importFiles([file(exported.fileName, exported.text)]);
    expect(other.getState().listings.find((listing) => listing.definition.id === 'my-triage')?.definition).toEqual(original);
  });

  it('duplicates an app as a copy, and deletes an installed app with its runs (a built-in one cannot be deleted)', async () => {
    const store = createAppsStore();
    await store.getState().init();
    await store.getState().duplicate('support-triage');
    const copy = store.getState().listings.find((listing) => listing.definition.id === 'support-triage-copy')!.definition;
    expect(copy.name).toEqual({ en: 'Support triage (copy)', 'zh-CN': '工单分流 (副本)' });
    expect(copy.steps).toEqual(store.getState().listings[0]!.definition.steps);

    await store.getState().openRun('support-triage-copy');
    store.getState().setInput('tickets', { text: TICKETS.join('\n') });
    await store.getState().run();
    expect(await repositories.apps.runs('support-triage-copy')).toHaveLength(1);

    await store.getState().remove('support-triage-copy');
    await store.getState().remove('support-triage');
    expect(installedIds(store)).toEqual([]);
    expect(store.getState().listings.map((listing) => listing.definition.id)).toContain('support-triage');
    expect(await repositories.apps.runs('support-triage-copy')).toEqual([]);
    expect(store.getState().view).toEqual({ kind: 'market' });
  });
});

describe('running an app', () => {
  it('runs the steps in order with progress, shows the outputs and keeps the run in the workspace', async () => {
    const store = createAppsStore();
    await store.getState().init();
    await store.getState().openRun('support-triage');
    store.getState().setInput('tickets', { text: TICKETS.join('\n') });
    const seen: string[] = [];
    const stop = store.subscribe((state) => {
      const line = state.runState.steps.join(',');
      if (seen.at(-1) !== line) seen.push(line);
    });
    await store.getState().run();
    stop();
    const { runState, history } = store.getState();
    expect(runState.status).toBe('done');
    expect(seen).toContain('done,done,running,waiting');
    expect(runState.steps).toEqual(['done', 'done', 'done', 'done']);
    const table = runState.result!.outputs.find((output) => output.kind === 'table');
    expect(table?.kind === 'table' && table.rows.map((row) => row[0])).toEqual([TICKETS[0], TICKETS[2]]);
    expect(table?.kind === 'table' && table.rows.map((row) => row.at(-1))).toEqual([
      `Draft for: Customer ticket: ${TICKETS[0]}`,
      `Draft for: Customer ticket: ${TICKETS[2]}`,
    ]);
    expect(history.map((run) => run.status)).toEqual(['done']);
  });

  it('Cancel stops the running step (its SDK call is aborted), keeps a cancelled record, and the next run completes', async () => {
    const store = createAppsStore();
    await store.getState().init();
    await store.getState().openRun('support-triage');
    store.getState().setInput('tickets', { text: TICKETS.join('\n') });
    generateGate = gate();
    const running = store.getState().run();
    await until(() => store.getState().runState.progress?.stepId === 'replies');
    store.getState().cancel();
    await running;
    expect(store.getState().runState.status).toBe('cancelled');
    expect(store.getState().runState.result).toBeNull();
    expect(store.getState().runState.steps).toEqual(['done', 'done', 'stopped', 'waiting']);
    expect(generateSignals.every((signal) => signal.aborted)).toBe(true);
    expect(store.getState().history.map((run) => run.status)).toEqual(['cancelled']);

    generateGate = null;
    await store.getState().run();
    expect(store.getState().runState.status).toBe('done');
    expect(
      store
        .getState()
        .history.map((run) => run.status)
        .sort(),
    ).toEqual(['cancelled', 'done']);
  });

  it('reads a column input from an Insights dataset', async () => {
    const items = ['Battery is broken', 'Great sound', 'Setup was easy'].map((text, i) => ({
      row: i + 1,
      id: `row-${i + 1}`,
      text,
      date: null,
      rating: i + 3,
      segment: i === 0 ? 'Echo' : 'Dot',
      duplicateOf: null,
    }));
    await workspace.saveDataset(
      {
        id: 'ds1',
        name: 'reviews.tsv',
        createdAt: 1,
        updatedAt: 1,
        source: { fileName: 'reviews.tsv', format: 'tsv' },
        columns: ['verified_reviews', 'variation'],
        mapping: { text: 'verified_reviews', segment: 'variation', date: null, rating: null, id: null },
        rowCount: 3,
      },
      items,
    );
    const store = createAppsStore();
    await store.getState().init();
    await store.getState().importFiles([file('count.json', JSON.stringify(countingApp()))]);
    await store.getState().openRun('by-segment');
    expect(store.getState().datasets).toEqual([
      {
        id: 'ds1',
        name: 'reviews.tsv',
        rowCount: 3,
        columns: [
          { role: 'text', column: 'verified_reviews' },
          { role: 'segment', column: 'variation' },
        ],
      },
    ]);
    store.getState().setInput('reviews', { datasetId: 'ds1', role: 'segment' });
    await store.getState().run();
    const { runState } = store.getState();
    expect(runState.status).toBe('done');
    const sentiment = runState.result!.steps[0]!.value;
    expect(sentiment.kind === 'items' && sentiment.items.map((item) => item.text)).toEqual(['Echo', 'Dot', 'Dot']);
  });
});

/** Classify a column, count by label. */
function countingApp(): AppDefinition {
  return {
    format: 'llmaos-workbench/app',
    version: 1,
    id: 'by-segment',
    name: { en: 'By segment' },
    inputs: [{ id: 'reviews', kind: 'column', label: { en: 'Reviews' }, required: true }],
    steps: [
      { id: 'sentiment', op: 'classify', from: 'reviews' },
      { id: 'mix', op: 'count', from: 'sentiment', by: 'label' },
    ],
    outputs: [{ kind: 'chart', from: 'mix' }],
  };
}

describe('the builder', () => {
  it('builds an app: adds, configures, moves and removes steps, tries it on the samples, saves it', async () => {
    const store = createAppsStore();
    await store.getState().init();
    store.getState().create();
    const s = () => store.getState();
    expect(s().draft!.id).toBe('my-app');
    s().setMeta({ name: { en: 'Complaint replies', 'zh-CN': '投诉回复' } });
    // A blank line typed at the end of the sample is dropped, not refused.
    s().updateInput(0, { ...s().draft!.inputs[0]!, sample: [...TICKETS, ''] });
    s().addStep('filter');
    s().addStep('generate');
    s().addStep('count');
    expect(s().draft!.steps.map((step) => [step.id, step.op])).toEqual([
      ['sentiment', 'classify'],
      ['filter', 'filter'],
      ['generate', 'generate'],
      ['count', 'count'],
    ]);
    // The new steps read the step before them; the filter keeps the negative ones by default.
    expect(s().draft!.steps[1]).toMatchObject({ from: 'sentiment', labels: ['negative'] });
    expect(s().draft!.steps[2]).toMatchObject({ forEach: 'filter' });
    s().updateStep(3, { ...s().draft!.steps[3]!, from: 'sentiment' } as AppDefinition['steps'][number]);
    s().moveStep(3, -1);
    s().moveStep(2, -1);
    expect(s().draft!.steps.map((step) => step.id)).toEqual(['sentiment', 'count', 'filter', 'generate']);
    s().moveStep(0, -1); // already first: nothing moves
    s().addStep('summarize');
    s().removeStep(4);
    s().addOutput();
    s().updateOutput(1, { kind: 'chart', from: 'count' });
    expect(s().draft!.outputs).toEqual([
      { kind: 'table', from: 'sentiment' },
      { kind: 'chart', from: 'count' },
    ]);

    await s().tryDraft();
    expect(s().trial.status).toBe('done');
    expect(s().trial.result!.steps.map((step) => step.id)).toEqual(['sentiment', 'count', 'filter', 'generate']);
    const drafts = s().trial.result!.steps[3]!.value;
    expect(drafts.kind === 'items' && drafts.items.map((item) => item.output)).toEqual([
      `Draft for: Write a short reply to: ${TICKETS[0]}`,
      `Draft for: Write a short reply to: ${TICKETS[2]}`,
    ]);

    expect(await s().save()).toBe(true);
    expect(installedIds(store)).toEqual(['my-app']);
    expect(s().draftOf).toBe('my-app');
    const stored = (await repositories.apps.list()).apps[0]!;
    expect(stored.name).toEqual({ en: 'Complaint replies', 'zh-CN': '投诉回复' });

    // Saved under another id, the old record goes: editing never leaves two copies.
    s().setMeta({ id: 'complaint-replies' });
    expect(await s().save()).toBe(true);
    expect(installedIds(store)).toEqual(['complaint-replies']);
  });

  it('a refused save names the field, saves nothing, and points at the step, input, output or app field', async () => {
    const store = createAppsStore();
    await store.getState().init();
    const s = () => store.getState();
    s().create();
    s().addStep('generate');
    s().updateStep(1, { ...s().draft!.steps[1]!, template: 'Reply to {{nobody}}' } as AppDefinition['steps'][number]);
    expect(await s().save()).toBe(false);
    expect(s().draftProblem?.target).toEqual({ area: 'step', index: 1, field: 'template' });
    expect((s().draftProblem?.error as { localized: { key: string } }).localized.key).toBe('appTemplateVariable');

    s().removeStep(1);
    s().setMeta({ name: { en: '<script>alert(1)</script>' } });
    expect(await s().save()).toBe(false);
    expect(s().draftProblem?.target).toEqual({ area: 'app', field: 'name' });

    s().setMeta({ name: { en: 'Fine' }, id: 'support-triage' });
    expect(await s().save()).toBe(false);
    expect(s().draftProblem?.target).toEqual({ area: 'app', field: 'id' });

    s().setMeta({ id: 'fine' });
    s().updateOutput(0, { kind: 'chart', from: 'sentiment' });
    expect(await s().save()).toBe(false);
    expect(s().draftProblem?.target).toEqual({ area: 'output', index: 0 });

    s().updateOutput(0, { kind: 'table', from: 'sentiment' });
    s().updateInput(0, { ...s().draft!.inputs[0]!, id: '1st' });
    expect(await s().save()).toBe(false);
    expect(s().draftProblem?.target).toEqual({ area: 'input', index: 0, field: 'id' });
    expect(installedIds(store)).toEqual([]);
    expect(await workspace.getAll('apps')).toEqual([]);

    // "Try it" refuses the same draft the same way, before any model runs.
    await s().tryDraft();
    expect(s().trial.status).toBe('error');
    expect(s().draftProblem?.target).toEqual({ area: 'input', index: 0, field: 'id' });
  });

  it('editing a built-in app edits a copy; an installed app id taken by another app is refused', async () => {
    const store = createAppsStore();
    await store.getState().init();
    const s = () => store.getState();
    s().edit('support-triage');
    expect(s().draft!.id).toBe('support-triage-copy');
    expect(s().draftOf).toBeNull();
    expect(await s().save()).toBe(true);
    s().create();
    s().setMeta({ id: 'support-triage-copy' });
    expect(await s().save()).toBe(false);
    expect((s().draftProblem?.error as { localized: { key: string } }).localized.key).toBe('appIdTaken');
    expect(installedIds(store)).toEqual(['support-triage-copy']);
  });
});

/** Switches the deps to a second, empty workspace (another browser profile). */
function afterEachWorkspace(): void {
  workspace = freshWorkspace();
  repositories = createRepositories(workspace);
  const apps = createAppsApi(modelClient, () => [{ id: 'tiny/gpt2', task: 'generation' }], {
    library: { list: async () => (await repositories.apps.list()).apps, save: (definition) => repositories.apps.put(definition) },
    saveRun: (record) => repositories.apps.putRun(record),
  });
  setDeps(storeDeps(workspace, fakeClient({ apps })));
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(condition()).toBe(true);
}
