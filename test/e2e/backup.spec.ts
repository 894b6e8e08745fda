/**
 * Never lose work, in the browser: the workspace backup through Settings (export one file,
 * restore it by replacing or merging, exactly), a bad file refused without changing anything,
 * and a full disk (QuotaExceededError, injected) reported in the storage banner while the
 * models keep working from memory.
 *
 * Data is created through `window.llmaosWorkspace` (the app's workspace, as a panel would save
 * it), so the test covers every store whichever panels exist yet.
 */
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { classifyThroughUi, EXPECTED_LABELS, FEEDBACK, openApp } from './support/app';

async function workspaceReady(page: Page): Promise<void> {
  await page.waitForFunction(() => window.llmaosWorkspace !== undefined);
}

/** Puts records in every store, with the values JSON alone would lose. */
async function seedWorkspace(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const workspace = window.llmaosWorkspace!;
    const T0 = 1_700_000_000_000;
    const text = 'Отзыв 😀👩‍👩‍👧 مرحبا — 日本語 \u200f(RTL)\u200e "quotes" \\ <b>not html</b>\r\n';
    await workspace.saveDataset(
      {
        id: 'ds-1',
        name: `reviews ${text}.csv`,
        createdAt: T0,
        updatedAt: T0 + 1,
        source: { fileName: 'reviews.csv', format: 'csv' },
        columns: ['text', 'rating'],
        mapping: { text: 'text', rating: 'rating', date: null },
        rowCount: 3,
        report: { total: 3, empty: [3], duplicates: [], unparsedDates: 0, unparsedRatings: 0, warnings: [], parseWarnings: [] },
      },
      [
        { text, rating: 5 },
        { text: 'שלום', rating: null },
        { text: '', rating: 3 },
      ],
    );
    await workspace.put('runs', { id: 'run-1', datasetId: 'ds-1', kind: 'sentiment', status: 'paused', total: 3, done: 0, startedAt: T0, updatedAt: T0 });
    await workspace.saveRunChunk(
      'run-1',
      0,
      0,
      [
        { label: 'POSITIVE', score: 0.98 },
        { label: 'NEGATIVE', score: 0.51 },
      ],
      { done: 2 },
    );
    await workspace.put('analyses', {
      id: 'an-1',
      datasetId: 'ds-1',
      kind: 'themes',
      runId: 'run-1',
      createdAt: T0,
      updatedAt: T0,
      data: {
        // Values JSON alone would lose, in an analysis (free-form data; a dataset's report has a checked shape).
        themes: [{ label: '😀 UX', size: 2 }],
        importedAt: new Date(T0),
        special: [Number.NaN, Infinity, -Infinity, -0, 1e-300],
        missing: undefined,
        counts: new Map<unknown, unknown>([
          ['a', 1],
          [2, new Set(['x'])],
        ]),
        raw: new Uint8Array([0, 255, 128]).buffer,
        big: 12345678901234567890n,
        pattern: /feature\s+request/giu,
        lookalike: { $llmaos: 'Float32Array', base64: 'not a tag' },
      },
    });
    await workspace.put('templates', {
      id: 'tp-1',
      name: 'Release notes ✨',
      kind: 'custom',
      body: 'Hello {{name}}',
      variables: [{ name: 'name', label: 'Name', kind: 'text', required: true }],
      createdAt: T0,
      updatedAt: T0,
    });
    await workspace.put('drafts', {
      id: 'dr-1',
      title: 'مسودة',
      text: 'Draft\r\nwith CRLF',
      templateId: 'tp-1',
      values: { name: 'Ana' },
      createdAt: T0,
      updatedAt: T0,
    });
    await workspace.put('knowledgeBases', {
      id: 'kb-1',
      name: 'Help center',
      embeddingModel: 'tiny/minilm-embeddings',
      documents: [{ id: 'faq.csv' }],
      createdAt: T0,
      updatedAt: T0,
    });
    await workspace.put('passages', {
      id: 'kb-1#0',
      knowledgeBaseId: 'kb-1',
      text: 'How do I reset my password? 🔑',
      vector: new Float32Array([0.1, -0.2, 3.4028234663852886e38, 1.4e-45, -0, Number.NaN, Infinity]),
      hash: 'abc',
    });
    await workspace.put('classifiers', {
      id: 'cl-1',
      name: 'Topics',
      labels: ['bug', 'praise'],
      model: { weights: [new Float64Array([0.5, -0.5])] },
      createdAt: T0,
      updatedAt: T0,
    });
  });
}

/**
 * Every record of every store as a string that keeps what `===` on JSON would lose: typed-array
 * types and bytes, Dates, NaN, -0, ±Infinity, undefined, bigint, Map, Set, RegExp, key order.
 */
async function snapshot(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const canonical = (value: unknown): unknown => {
      if (value === undefined) return { $: 'undefined' };
      if (typeof value === 'number')
        return Number.isNaN(value) || !Number.isFinite(value) || Object.is(value, -0) ? { $: 'number', v: Object.is(value, -0) ? '-0' : String(value) } : value;
      if (typeof value === 'bigint') return { $: 'bigint', v: value.toString() };
      if (value === null || typeof value !== 'object') return value;
      const type = Object.prototype.toString.call(value).slice(8, -1);
      if (ArrayBuffer.isView(value)) return { $: type, bytes: Array.from(new Uint8Array(value.buffer, value.byteOffset, value.byteLength)) };
      if (value instanceof ArrayBuffer) return { $: type, bytes: Array.from(new Uint8Array(value)) };
      if (value instanceof Date) return { $: 'Date', t: canonical(value.getTime()) };
      if (value instanceof Map) return { $: 'Map', entries: [...value].map(([k, v]) => [canonical(k), canonical(v)]) };
      if (value instanceof Set) return { $: 'Set', values: [...value].map(canonical) };
      if (value instanceof RegExp) return { $: 'RegExp', source: value.source, flags: value.flags };
      if (Array.isArray(value)) return value.map(canonical);
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, canonical(v)]));
    };
    return JSON.stringify(canonical(await window.llmaosWorkspace!.readAll()));
  });
}

async function recordCount(page: Page): Promise<number> {
  return page.evaluate(async () => Object.values(await window.llmaosWorkspace!.readAll()).reduce((sum, records) => sum + records.length, 0));
}

/** Exports through Settings and returns the downloaded file's path and name. */
async function exportThroughSettings(page: Page): Promise<{ path: string; name: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('backup-export').click()]);
  await expect(page.getByTestId('backup-export-done')).toBeVisible();
  return { path: await download.path(), name: download.suggestedFilename() };
}

async function restoreThroughSettings(page: Page, file: string, mode: 'replace' | 'merge'): Promise<void> {
  await page.getByTestId(`backup-mode-${mode}`).check();
  await page.getByTestId('backup-file').setInputFiles(file);
  await page.getByTestId('backup-restore').click();
}

test.beforeEach(({ page }) => {
  page.on('dialog', (dialog) => void dialog.accept()); // "Replace the whole workspace?"
});

test('export, clear, restore: the workspace round-trips exactly, also into another browser profile', async ({ page, browser }) => {
  await openApp(page, { route: 'settings' });
  await workspaceReady(page);
  await seedWorkspace(page);
  const original = await snapshot(page);
  expect(await recordCount(page)).toBe(10);

  const backup = await exportThroughSettings(page);
  expect(backup.name).toMatch(/^llmaos-workspace-\d{4}-\d{2}-\d{2}\.json$/);
  expect(JSON.parse(await readFile(backup.path, 'utf8'))).toMatchObject({ format: 'llmaos-workspace-backup', version: 1 });

  // Clear the database, as "clear site data" would leave it, then restore the file.
  await page.evaluate(() => window.llmaosWorkspace!.writeAll({}, { replace: true, what: 'the clearing' }));
  expect(await recordCount(page)).toBe(0);
  await restoreThroughSettings(page, backup.path, 'replace');
  await expect(page.getByTestId('backup-restore-done')).toContainText('10');
  expect(await snapshot(page)).toBe(original);

  // Another machine: a fresh profile, restored from the same file.
  const other = await browser.newContext();
  try {
    const fresh = await other.newPage();
    fresh.on('dialog', (dialog) => void dialog.accept());
    await openApp(fresh, { route: 'settings' });
    await workspaceReady(fresh);
    await restoreThroughSettings(fresh, backup.path, 'replace');
    await expect(fresh.getByTestId('backup-restore-done')).toBeVisible();
    expect(await snapshot(fresh)).toBe(original);
    // The restored run resumes where it stopped.
    const run = await fresh.evaluate(() => window.llmaosWorkspace!.loadRunResults('run-1'));
    expect(run.remaining).toEqual([2]);
  } finally {
    await other.close();
  }
});

test('merge keeps what is only here and takes the backup copy of shared records', async ({ page }) => {
  await openApp(page, { route: 'settings' });
  await workspaceReady(page);
  await seedWorkspace(page);
  const backup = await exportThroughSettings(page);

  await page.evaluate(async () => {
    const workspace = window.llmaosWorkspace!;
    await workspace.put('drafts', { id: 'dr-1', title: 'Edited after the backup', text: 'new', createdAt: 1, updatedAt: 2 });
    await workspace.put('drafts', { id: 'dr-local', title: 'Only in this browser', text: 'keep me', createdAt: 1, updatedAt: 1 });
  });
  await restoreThroughSettings(page, backup.path, 'merge');
  await expect(page.getByTestId('backup-restore-done')).toBeVisible();
  const drafts = await page.evaluate(() => window.llmaosWorkspace!.getAll('drafts'));
  expect(drafts.map((d) => [d.id, d.title]).sort()).toEqual([
    ['dr-1', 'مسودة'],
    ['dr-local', 'Only in this browser'],
  ]);
});

test('a file that is not a backup is refused, naming the problem, and nothing changes', async ({ page }) => {
  await openApp(page, { route: 'settings' });
  await workspaceReady(page);
  await seedWorkspace(page);
  const before = await snapshot(page);
  const cases = [
    { name: 'notes.json', text: '{"hello": "world"}', expected: /not an LLMaOS workspace backup/ },
    { name: 'truncated.json', text: '{"format": "llmaos-workspace-backup", "version": 1, "stores": {', expected: /not valid JSON/ },
    { name: 'empty.json', text: '', expected: /empty/ },
    { name: 'binary.json', text: '\u0000\u0001\u0002PK\u0003\u0004', expected: /not valid JSON/ },
  ];
  for (const { name, text, expected } of cases) {
    await page.getByTestId('backup-mode-replace').check();
    await page.getByTestId('backup-file').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
    await page.getByTestId('backup-restore').click();
    await expect(page.getByTestId('backup-restore-error'), name).toContainText(expected);
    await expect(page.getByTestId('backup-restore-error')).toContainText('Nothing was restored');
  }
  expect(await snapshot(page)).toBe(before);
});

test.describe(() => {
  // The service worker would serve the backup worker's script from its cache, past page.route.
  test.use({ serviceWorkers: 'block' });

  test('storage full: the banner says what was not saved and what to free; models keep working', async ({ page }) => {
    // Once the test flips the switch, every IndexedDB put in the page fails as a full disk does.
    await page.addInitScript(() => {
      const realPut = IDBObjectStore.prototype.put;
      IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
        if ((window as unknown as { __quotaFull?: boolean }).__quotaFull) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        return realPut.apply(this, args);
      };
    });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await openApp(page);
    expect(await classifyThroughUi(page, FEEDBACK)).toEqual(EXPECTED_LABELS); // models cached and loaded
    await workspaceReady(page);
    await page.evaluate(() => ((window as unknown as { __quotaFull: boolean }).__quotaFull = true));

    // A panel saving a draft, as the Write app does.
    const error = await page.evaluate(() =>
      window.llmaosWorkspace!.put('drafts', { id: 'd1', title: 'Launch notes', text: 'x', createdAt: 1, updatedAt: 1 }).then(
        () => null,
        (e: { code: string; message: string }) => ({ code: e.code, message: e.message }),
      ),
    );
    expect(error).toMatchObject({ code: 'storage-full' });
    const banner = page.getByTestId('storage-full-banner');
    await expect(banner).toBeVisible();
    await expect(banner).toContainText('Could not save the draft "Launch notes"');
    await expect(banner).toContainText(/storage is full/);
    await expect(banner).toContainText(/Models already loaded keep working/);
    await expect(page.getByTestId('storage-full-models-link')).toHaveAttribute('href', '#/models');

    // The same through the UI: a restore that cannot be written leaves the workspace as it was.
    // The restore writes in the backup worker, which the patch above does not reach: the worker's
    // script is served with the same patch in front of it.
    await page.route('**/assets/backup.worker-*.js', async (route) => {
      const original = await route.fetch();
      const patch = `IDBObjectStore.prototype.put = function () { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };\n`;
      await route.fulfill({ response: original, body: patch + (await original.text()) });
    });
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('backup-file').setInputFiles({
      name: 'backup.json',
      mimeType: 'application/json',
      buffer: Buffer.from(
        JSON.stringify({
          format: 'llmaos-workspace-backup',
          version: 1,
          schemaVersion: 1,
          exportedAt: '',
          stores: { drafts: [{ id: 'd2', title: 'T', text: 'x', createdAt: 1, updatedAt: 1 }] },
        }),
      ),
    });
    await page.getByTestId('backup-restore').click();
    await expect(page.getByTestId('backup-restore-error')).toHaveAttribute('data-code', 'storage-full');
    await expect(banner.locator('li')).toHaveCount(2);
    await expect(banner).toContainText('Could not save the backup (1 record)');
    expect(await page.evaluate(() => window.llmaosWorkspace!.get('drafts', 'd2'))).toBeUndefined();

    // Models run from memory: classification still works, in the UI and through the SDK.
    await page.getByTestId('nav-classify').click();
    expect(await classifyThroughUi(page, FEEDBACK)).toEqual(EXPECTED_LABELS);
    expect((await page.evaluate(() => window.llmaos.classify(['I love it']))).length).toBe(1);

    // The link takes the user to where space is freed.
    await page.getByTestId('storage-full-models-link').click();
    await expect(page.getByTestId('models-panel')).toBeVisible();
    await page.getByTestId('storage-full-dismiss').click();
    await expect(banner).toBeHidden();
    expect(pageErrors).toEqual([]);
  });
});
