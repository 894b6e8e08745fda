/**
 * `client.apps` (src/sdk/apps.ts) and the workspace's app store (repositories.apps): list gives the
 * built-in and installed apps with the models they need, install validates (a refused file changes
 * nothing), run goes through the client and keeps a record of each run, done or cancelled; a
 * stored app that fails validation is set aside, and a backup carrying one is refused.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createAppsApi, type AppRunRecord } from '../../../src/sdk/apps';
import type { AppClient, AppDefinition } from '../../../src/apps';
import { isCancelled } from '../../../src/core';
import { parseBackup } from '../../../src/storage/backup';
import { createRepositories } from '../../../src/storage/repositories';
import { Workspace } from '../../../src/storage/workspace';

const triageText = readFileSync(new URL('../../../src/apps/examples/support-triage.json', import.meta.url), 'utf8');
const myTriage = (): AppDefinition => ({ ...(JSON.parse(triageText) as AppDefinition), id: 'my-triage', name: { en: 'My triage', 'zh-CN': '我的分流' } });

const fakeClient: AppClient = {
  classify: async (texts) => texts.map((text) => (text.includes('broken') ? { label: 'NEGATIVE', score: 0.9 } : { label: 'POSITIVE', score: 0.8 })),
  embed: async () => [],
  summarize: async () => '',
  generate: () => ({ result: Promise.resolve({ text: 'We are on it.' }) }),
  answer: async () => ({ answer: '', score: 0, start: -1, end: -1 }),
};
const models = () => [
  { id: 'tiny/gpt2', task: 'generation' as const },
  { id: 'tiny/sentiment', task: 'sentiment' as const },
];

describe('client.apps', () => {
  it('lists the built-in apps with what they need, then an installed one', async () => {
    const apps = createAppsApi(fakeClient, models);
    const before = await apps.list();
    expect(before.map((entry) => [entry.definition.id, entry.builtin])).toEqual([
      ['support-triage', true],
      ['weekly-review-digest', true],
      ['faq-bot', true],
    ]);
    expect(before[2]!.needs).toEqual([{ task: 'question-answering' }, { task: 'embeddings' }]);
    await apps.install(myTriage());
    expect((await apps.list()).map((entry) => [entry.definition.id, entry.builtin])).toContainEqual(['my-triage', false]);
  });

  it('installs from a file text too; a refused file or a built-in id changes nothing', async () => {
    const apps = createAppsApi(fakeClient, models);
    await expect(apps.install(triageText.replace('"version": 1', '"version": 9'))).rejects.toMatchObject({
      code: 'bad-input',
      localized: { key: 'appVersionUnsupported' },
    });
    await expect(apps.install(triageText.replace('"icon"', '"__proto__": {}, "icon"'))).rejects.toMatchObject({ localized: { key: 'appForbiddenKey' } });
    const withMissingModel = myTriage();
    (withMissingModel.steps[2] as { model?: string }).model = 'someone/missing';
    await expect(apps.install(withMissingModel)).rejects.toMatchObject({ localized: { key: 'appModelMissing' } });
    await expect(apps.install(triageText)).rejects.toMatchObject({ localized: { key: 'appBuiltinId' } });
    expect((await apps.list()).filter((entry) => !entry.builtin)).toEqual([]);
  });

  it('runs an app by id or definition and hands the host a record of each run', async () => {
    const records: AppRunRecord[] = [];
    const apps = createAppsApi(fakeClient, models, { saveRun: async (record) => void records.push(record) });
    const result = await apps.run('support-triage', { tickets: ['It is broken', 'Nice'] });
    expect(result.outputs[0]).toMatchObject({ kind: 'table', rows: [['It is broken', 'NEGATIVE', '0.900', 'We are on it.']] });
    await apps.run(myTriage(), { tickets: ['broken again'] });
    expect(records.map((record) => [record.appId, record.status])).toEqual([
      ['support-triage', 'done'],
      ['my-triage', 'done'],
    ]);
    expect(records[0]!.result).toEqual(result);

    const controller = new AbortController();
    controller.abort();
    await expect(apps.run('support-triage', { tickets: ['x'] }, { signal: controller.signal })).rejects.toSatisfy(isCancelled);
    expect(records[2]).toMatchObject({ appId: 'support-triage', status: 'cancelled' });
    await expect(apps.run('nope', {})).rejects.toMatchObject({ message: 'There is no app "nope".' });
  });
});

describe('the workspace keeps apps', () => {
  const workspace = () => new Workspace({ idbFactory: new IDBFactory(), locks: null });

  it('puts, lists, keeps runs per app and deletes an app with its runs', async () => {
    const repositories = createRepositories(workspace());
    await repositories.apps.put(myTriage());
    const run = { id: 'r1', appId: 'my-triage', appName: 'My triage', status: 'done', startedAt: 1, finishedAt: 2, inputs: { tickets: ['a'] } };
    await repositories.apps.putRun(run);
    expect(await repositories.apps.list()).toEqual({ apps: [myTriage()], quarantined: [] });
    expect(await repositories.apps.runs('my-triage')).toEqual([run]);
    await repositories.apps.delete('my-triage');
    expect((await repositories.apps.list()).apps).toEqual([]);
    expect(await repositories.apps.runs('my-triage')).toEqual([]);
  });

  it('sets aside a stored app that fails validation, saying why', async () => {
    const space = workspace();
    await space.put('apps', { id: 'evil', definition: { ...myTriage(), id: 'evil', name: { en: '<script>x</script>' } }, installedAt: 1, updatedAt: 1 });
    const { apps, quarantined } = await createRepositories(space).apps.list();
    expect(apps).toEqual([]);
    expect(quarantined[0]).toMatchObject({ id: 'evil', problem: { key: 'recordAppInvalid', params: { problem: { key: 'appMarkup' } } } });
  });

  it('refuses a backup carrying a hostile app, before anything is written', () => {
    const file = JSON.stringify({
      format: 'llmaos-workspace-backup',
      version: 1,
      schemaVersion: 2,
      stores: {
        apps: [
          {
            id: 'my-triage',
            definition: { ...myTriage(), steps: [{ id: 'x', op: 'classify', from: 'tickets', constructor: {} }] },
            installedAt: 1,
            updatedAt: 1,
          },
        ],
      },
    });
    expect(() => parseBackup(file, 2)).toThrow(/Record 1 of "apps" in the backup is malformed: its app definition is refused: The key "constructor"/);
  });
});
