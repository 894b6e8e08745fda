/**
 * Two tabs on one workspace: a schema upgrade or a deletion in one tab makes the other step aside
 * and say "reload" (no error, no corruption); a run executing in one tab cannot start in the
 * other; a tab closed mid-run leaves its finished chunks, and another tab resumes the rest.
 */
import { expect, test, type Page } from '@playwright/test';
import { openApp } from './support/app';

async function openWorkspaceTab(page: Page): Promise<string[]> {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await openApp(page, { route: 'settings' });
  await page.waitForFunction(() => window.llmaosWorkspace !== undefined);
  return errors;
}

test('a newer schema opened in another tab: this tab shows the reload banner, without errors', async ({ context }) => {
  const first = await context.newPage();
  const firstErrors = await openWorkspaceTab(first);
  const second = await context.newPage();
  await openWorkspaceTab(second);

  // Both tabs use the workspace: one writes, the other reads it.
  await first.evaluate(() => window.llmaosWorkspace!.put('drafts', { id: 'd1', title: 'Shared', text: 'from tab 1', createdAt: 1, updatedAt: 1 }));
  expect(await second.evaluate(async () => (await window.llmaosWorkspace!.get('drafts', 'd1'))?.text)).toBe('from tab 1');
  await expect(first.getByTestId('tab-conflict-banner')).toBeHidden();

  // Tab 2 runs "a newer workbench": it opens the database at the next schema version.
  const upgraded = await second.evaluate(async () => {
    const current = window.llmaosWorkspace!.schemaVersion;
    return new Promise<{ version: number; expected: number; draft: unknown }>((resolve, reject) => {
      const open = indexedDB.open('llmaos-workspace', current + 1);
      open.onupgradeneeded = () => open.result.createObjectStore('futureStore', { keyPath: 'id' });
      open.onblocked = () => reject(new Error('blocked: a tab did not close its connection'));
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const db = open.result;
        const read = db.transaction('drafts').objectStore('drafts').get('d1');
        read.onsuccess = () => {
          db.close();
          resolve({ version: db.version, expected: current + 1, draft: read.result });
        };
      };
    });
  });
  expect(upgraded.version).toBe(upgraded.expected);
  expect(upgraded.draft).toMatchObject({ id: 'd1', text: 'from tab 1' }); // the data survived the upgrade

  const banner = first.getByTestId('tab-conflict-banner');
  await expect(banner).toBeVisible();
  await expect(banner).toHaveAttribute('data-kind', 'upgraded');
  await expect(banner).toContainText(/newer version/);
  await expect(first.getByTestId('tab-conflict-reload')).toBeVisible();

  // The old tab saves nothing into the newer schema; it says why instead.
  const refused = await first.evaluate(() =>
    window.llmaosWorkspace!.put('drafts', { id: 'd2', title: 'Late', text: 'x', createdAt: 1, updatedAt: 1 }).then(
      () => 'saved',
      (error: { message: string }) => error.message,
    ),
  );
  expect(refused).toMatch(/upgraded by a newer version of the workbench.*Reload/);
  expect(firstErrors).toEqual([]);

  // After a reload this build still opens the older schema, so it keeps saying why.
  await first.getByTestId('tab-conflict-reload').click();
  await expect(first.getByTestId('tab-conflict-banner')).toHaveAttribute('data-kind', 'upgraded');
});

test('the workspace deleted in another tab: this tab steps aside and asks for a reload', async ({ context }) => {
  const first = await context.newPage();
  const firstErrors = await openWorkspaceTab(first);
  const second = await context.newPage();
  await openWorkspaceTab(second);
  await second.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const request = indexedDB.deleteDatabase('llmaos-workspace');
        request.onsuccess = () => resolve();
        request.onerror = () => reject(request.error);
        request.onblocked = () => reject(new Error('blocked'));
      }),
  );
  await expect(first.getByTestId('tab-conflict-banner')).toHaveAttribute('data-kind', 'deleted');
  expect(firstErrors).toEqual([]);
});

test('a run locked in one tab is refused in another; after that tab closes mid-run, the other resumes it', async ({ context }) => {
  const first = await context.newPage();
  await openWorkspaceTab(first);
  const second = await context.newPage();
  await openWorkspaceTab(second);

  await first.evaluate(async () => {
    const workspace = window.llmaosWorkspace!;
    await workspace.saveDataset(
      { id: 'ds', name: 'reviews.csv', createdAt: 1, updatedAt: 1, source: { format: 'csv' }, columns: ['text'], mapping: { text: 'text' }, rowCount: 4 },
      ['a', 'b', 'c', 'd'].map((text) => ({ text })),
    );
    await workspace.put('runs', { id: 'run', datasetId: 'ds', kind: 'sentiment', status: 'running', total: 4, done: 0, startedAt: 1, updatedAt: 1 });
    // Tab 1 executes the run: it saves the first chunk, then is still busy when the tab closes.
    await new Promise<void>((started) => {
      void workspace.withRunLock('run', async () => {
        await workspace.saveRunChunk('run', 0, 0, ['POSITIVE', 'NEGATIVE'], { done: 2 });
        started();
        await new Promise(() => undefined);
      });
    });
  });

  // Tab 2 may not run it at the same time: no duplicated work, no interleaved chunks.
  expect(await second.evaluate(() => window.llmaosWorkspace!.withRunLock('run', () => 'ran'))).toEqual({ acquired: false });

  // Tab 1 is closed mid-run; the browser releases its lock (shortly after the page is gone).
  await first.close();
  await expect.poll(() => second.evaluate(async () => (await window.llmaosWorkspace!.withRunLock('run', () => true)).acquired), { timeout: 10_000 }).toBe(true);
  const resumed = await second.evaluate(async () => {
    const workspace = window.llmaosWorkspace!;
    return workspace.withRunLock('run', async () => {
      const before = await workspace.loadRunResults('run');
      await workspace.saveRunChunk('run', before.nextChunk, before.remaining[0]!, ['POSITIVE', 'POSITIVE'], { done: 4, status: 'done' });
      const after = await workspace.loadRunResults('run');
      return { finishedBefore: before.finished, remainingBefore: before.remaining, results: after.results, status: after.run?.status };
    });
  });
  expect(resumed).toEqual({
    acquired: true,
    exclusive: true,
    value: {
      finishedBefore: [true, true, false, false],
      remainingBefore: [2, 3],
      results: ['POSITIVE', 'NEGATIVE', 'POSITIVE', 'POSITIVE'],
      status: 'done',
    },
  });
});
