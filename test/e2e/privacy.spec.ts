/**
 * Privacy: nothing leaves the machine.
 *
 * 1. A full session (every tab that exists, every SDK task, the Classify UI) sends no request to
 *    any host but the app's own origin, and the Content-Security-Policy is sent and never
 *    violated, in the page or its workers.
 * 2. Once the models are cached, working makes no network request at all. The exact rule:
 *    - no request reaches the network: reloading the page, opening tabs and the first task after
 *      a reload fetch only the app's own code (the page, its scripts, and the ORT runtime under
 *      /ort/, which the worker starts with the page), and the service worker answers every one
 *      of them from its cache;
 *    - no model file is requested at all (they come from IndexedDB, not even via the SW);
 *    - once the runtime is up, running tasks makes no request of any kind;
 *    - the one exception is the browser's own service-worker update check (GET /sw.js on a
 *      navigation), which is how a new version is found; it carries no user data.
 * 3. Text from users is always rendered as text: HTML/script payloads pasted into every input of
 *    every tab, and imported through every file input, execute nothing and inject no element.
 */
import { expect, test, type Page } from '@playwright/test';
import { classifyThroughUi, FEEDBACK, openApp } from './support/app';
import { recordNetwork, type RecordedRequest } from './support/network';
import { navRoutes, openTab, recordCspViolations, runEveryTask, waitForServiceWorker } from './support/reliability';

test('a full session talks only to its own origin and violates no CSP rule', async ({ page, context, baseURL }) => {
  test.setTimeout(240_000);
  const network = recordNetwork(context);
  const csp = await recordCspViolations(context, page);
  const response = await page.goto(`/?preset=fixtures&backend=wasm#/classify`);

  // The policy arrives both ways: as a header (workers get it too) and as the <meta> tag.
  const header = response?.headers()['content-security-policy'] ?? '';
  expect(header).toContain("default-src 'self'");
  expect(header).toContain("frame-ancestors 'none'");
  const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(meta).toContain("connect-src 'self' https://huggingface.co https://*.huggingface.co https://*.hf.co");

  for (const route of await navRoutes(page)) await openTab(page, route);
  await openTab(page, 'classify');
  await classifyThroughUi(page, FEEDBACK);
  const results = await runEveryTask(page);
  expect(results.labels).toHaveLength(2);
  await waitForServiceWorker(page);

  network.stop();
  expect(network.requests.length).toBeGreaterThan(10);
  expect(network.offOrigin(baseURL!), network.toString()).toEqual([]);
  expect(await csp.violations()).toEqual([]);
});

/** Requests that reached the network, by the rule in the module comment. */
function networkRequests(requests: readonly RecordedRequest[]): RecordedRequest[] {
  return requests.filter((request) => /^https?:/.test(request.url) && !request.fromServiceWorker && !(request.path === '/sw.js' && request.method === 'GET'));
}

test('after the models are cached, working makes no network request', async ({ page, context }) => {
  test.setTimeout(240_000);
  const csp = await recordCspViolations(context, page);
  await openApp(page);
  await waitForServiceWorker(page);
  await runEveryTask(page); // downloads the models into the IndexedDB cache

  const network = recordNetwork(context);
  await page.reload();
  await expect(page.getByTestId('nav-classify')).toBeVisible();
  for (const route of await navRoutes(page)) await openTab(page, route);
  await openTab(page, 'classify');
  // Loading the page and its tabs: only app code, every file from the service worker's cache.
  expect(networkRequests(network.requests), network.toString()).toEqual([]);
  expect(
    network.filter((request) => request.byServiceWorker && request.path !== '/sw.js'),
    network.toString(),
  ).toEqual([]);

  // Working: the ORT runtime, started with the page, may still be fetching its files (app code,
  // from the SW); no model file at all.
  network.clear();
  await runEveryTask(page);
  await classifyThroughUi(page, FEEDBACK);
  expect(networkRequests(network.requests), network.toString()).toEqual([]);
  expect(network.modelFileRequests(), network.toString()).toEqual([]);
  expect(
    network.filter((request) => !request.path.startsWith('/ort/')),
    network.toString(),
  ).toEqual([]);

  // With the runtime up, working makes no request of any kind.
  network.clear();
  await runEveryTask(page);
  await classifyThroughUi(page, FEEDBACK);
  expect(network.requests, network.toString()).toEqual([]);
  expect(await csp.violations()).toEqual([]);
});

// ---------------------------------------------------------------------------------------------
// XSS

const PAYLOADS = [
  '<img src=x onerror=window.__xss=1>',
  '<script>window.__xss=1</script>',
  'javascript:window.__xss=1',
  '"><svg onload=window.__xss=1>',
  '\'><iframe srcdoc="<script>parent.__xss=1</script>"></iframe>',
  '<a href="javascript:window.__xss=1">click</a>',
  '{{constructor.constructor("window.__xss=1")()}}',
];
/** One line, for single-line inputs. */
const INLINE_PAYLOAD = PAYLOADS.join(' ');
const CSV_FIELD = (text: string) => `"${text.replace(/"/g, '""')}"`;

/** What each import format would carry the payloads in. */
const PAYLOAD_FILES = [
  { name: 'feedback.csv', mimeType: 'text/csv', text: ['text,rating', ...PAYLOADS.map((p) => `${CSV_FIELD(p)},5`)].join('\n') },
  { name: 'feedback.tsv', mimeType: 'text/tab-separated-values', text: ['text\trating', ...PAYLOADS.map((p) => `${CSV_FIELD(p)}\t1`)].join('\n') },
  { name: 'feedback.json', mimeType: 'application/json', text: JSON.stringify(PAYLOADS.map((text) => ({ text, title: text }))) },
  { name: 'feedback.jsonl', mimeType: 'application/x-ndjson', text: PAYLOADS.map((text) => JSON.stringify({ text })).join('\n') },
  { name: 'feedback.txt', mimeType: 'text/plain', text: PAYLOADS.join('\n\n') },
  { name: 'faq.md', mimeType: 'text/markdown', text: PAYLOADS.map((p) => `# ${p}\n\n${p}`).join('\n\n') },
  {
    name: 'llmaos-workspace-xss.json',
    mimeType: 'application/json',
    text: JSON.stringify({
      format: 'llmaos-workspace-backup',
      version: 1,
      schemaVersion: 1,
      exportedAt: new Date(0).toISOString(),
      stores: {
        templates: PAYLOADS.map((p, i) => ({ id: `xss-${i}`, name: p, kind: 'custom', body: p, variables: [], createdAt: 0, updatedAt: 0 })),
        drafts: PAYLOADS.map((p, i) => ({ id: `xss-${i}`, title: p, text: p, createdAt: i, updatedAt: i })),
        knowledgeBases: [{ id: 'xss-kb', name: INLINE_PAYLOAD, createdAt: 0, updatedAt: 0 }],
        passages: PAYLOADS.map((p, i) => ({ id: `xss-kb#${i}`, knowledgeBaseId: 'xss-kb', text: p, title: p })),
        datasets: [
          {
            id: 'xss-ds',
            name: INLINE_PAYLOAD,
            createdAt: 0,
            updatedAt: 0,
            source: { format: 'csv' },
            columns: ['text'],
            mapping: { text: 'text' },
            rowCount: PAYLOADS.length,
          },
        ],
        datasetRows: [{ datasetId: 'xss-ds', items: PAYLOADS.map((text, i) => ({ id: String(i), text })) }],
        classifiers: [],
      },
    }),
  },
];

/**
 * Watches the DOM from before the app's first line: any element a payload could create (an
 * <img>, <script>, <svg>, <iframe>, ... carrying the marker) and any event-handler or URL
 * attribute carrying the marker or a javascript: URL.
 */
function watchForInjection(): void {
  const found: string[] = [];
  (window as unknown as { __injected: string[] }).__injected = found;
  const DANGEROUS = new Set(['img', 'script', 'svg', 'iframe', 'object', 'embed', 'math', 'base', 'link', 'meta', 'style', 'a']);
  const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'srcdoc', 'data', 'background', 'poster']);
  // An element's own opening tag (its attributes), not its children: a form whose <input> holds
  // the payload as its value is fine.
  const ownAttributes = (element: Element) => Array.from(element.attributes, (a) => `${a.name}=${a.value}`).join(' ');
  const check = (element: Element) => {
    const tag = element.tagName.toLowerCase();
    const marked = /xss/i.test(ownAttributes(element)) || ((tag === 'script' || tag === 'style') && /xss/i.test(element.textContent ?? ''));
    if (DANGEROUS.has(tag) && marked) found.push(`element <${tag} ${ownAttributes(element).slice(0, 160)}>`);
    for (const attribute of Array.from(element.attributes)) {
      const name = attribute.name.toLowerCase();
      const value = attribute.value;
      if (name.startsWith('on') && /xss/i.test(value)) found.push(`handler <${tag} ${name}=${value}>`);
      if (URL_ATTRIBUTES.has(name) && (/^\s*javascript:/i.test(value) || /xss/i.test(value))) found.push(`url <${tag} ${name}=${value}>`);
    }
  };
  new MutationObserver((mutations) => {
    for (const mutation of mutations) {
      if (mutation.type === 'attributes' && mutation.target instanceof Element) check(mutation.target);
      for (const node of Array.from(mutation.addedNodes)) {
        if (!(node instanceof Element)) continue;
        check(node);
        node.querySelectorAll('*').forEach(check);
      }
    }
  }).observe(document, { childList: true, subtree: true, attributes: true });
}

/** Sets a React-controlled field's value the way a paste does. */
async function paste(page: Page, testId: string, text: string): Promise<void> {
  const field = page.locator('main').getByTestId(testId);
  await expect(field, testId).toBeEditable();
  await field.evaluate((element, value) => {
    const prototype = element instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
    Object.getOwnPropertyDescriptor(prototype, 'value')!.set!.call(element, value);
    element.dispatchEvent(new Event('input', { bubbles: true }));
    element.dispatchEvent(new Event('change', { bubbles: true }));
  }, text);
  await expect(field).toHaveValue(text);
}

/** A payload as the field takes it: every payload, one per line, or all on one line. */
async function payloadFor(page: Page, testId: string): Promise<string> {
  const multiline = await page
    .locator('main')
    .getByTestId(testId)
    .evaluate((element) => element instanceof HTMLTextAreaElement);
  return multiline ? PAYLOADS.join('\n') : INLINE_PAYLOAD;
}

const file = (name: string) => {
  const found = PAYLOAD_FILES.find((f) => f.name === name);
  if (!found) throw new Error(`no payload file ${name}`);
  return { name: found.name, mimeType: found.mimeType, buffer: Buffer.from(found.text) };
};

/** Every text field and file input the panels show, by tab: what goes in and what must come out. */
interface TabCase {
  route: string;
  /** A section of the tab to open first (Evaluate). */
  section?: string;
  /** The text fields and file inputs this case fills; the test fails if the tab shows one that is not listed. */
  fields: string[];
  files: string[];
  exercise(page: Page): Promise<void>;
}

const TEMPLATES_FILE = {
  name: 'templates-xss.json',
  mimeType: 'application/json',
  buffer: Buffer.from(
    JSON.stringify({
      format: 'llmaos-workbench/templates',
      version: 1,
      templates: PAYLOADS.map((p, i) => ({
        id: `xss-${i}`,
        name: `${p} ${i}`,
        kind: 'custom',
        body: `${p}\n{{product}}`,
        variables: [{ name: 'product', label: p, kind: 'text', required: true, default: p }],
      })),
    }),
  ),
};

const PAYLOAD_TEMPLATE = `${INLINE_PAYLOAD} {{items}}`;
/** An app file whose sample input and template are the payloads (allowed: shown as text, sent to models as text). */
const PAYLOAD_APP = {
  format: 'llmaos-workbench/app',
  version: 1,
  id: 'xss-app',
  name: { en: 'Payload app' },
  inputs: [{ id: 'items', kind: 'list', label: { en: 'Items' }, sample: PAYLOADS }],
  steps: [
    { id: 'sentiment', op: 'classify', from: 'items' },
    { id: 'drafts', op: 'generate', template: PAYLOAD_TEMPLATE, maxNewTokens: 4 },
  ],
  outputs: [
    { kind: 'table', from: 'sentiment' },
    { kind: 'text', from: 'drafts' },
  ],
};

const TAB_CASES: TabCase[] = [
  {
    route: 'insights',
    fields: ['insights-paste'],
    files: ['insights-import-input'],
    async exercise(page) {
      await paste(page, 'insights-paste', PAYLOADS.join('\n'));
      await page.getByTestId('insights-paste-submit').click();
      await expect(page.getByTestId('insights-mapping')).toBeVisible();
      await page.getByTestId('insights-import-confirm').click();
      await expect(page.getByTestId('insights-active')).toBeVisible();
      await expect(page.getByTestId('insights-table')).toHaveAttribute('data-count', String(PAYLOADS.length));
      for (const name of ['feedback.csv', 'feedback.tsv', 'feedback.json', 'feedback.jsonl', 'feedback.txt']) {
        if (await page.getByTestId('insights-close').isVisible()) await page.getByTestId('insights-close').click();
        await page.getByTestId('insights-import-input').setInputFiles(file(name));
        await expect(page.getByTestId('insights-mapping'), name).toBeVisible();
        await page.getByTestId('insights-import-confirm').click();
        await expect(page.getByTestId('insights-active'), name).toBeVisible();
        await expect(page.getByTestId('insights-table'), name).toHaveAttribute('data-count', String(PAYLOADS.length));
      }
    },
  },
  {
    route: 'classify',
    fields: ['classify-input'],
    files: [],
    async exercise(page) {
      await paste(page, 'classify-input', PAYLOADS.join('\n'));
      await page.getByTestId('classify-run').click();
      await expect(page.getByTestId('classify-row')).toHaveCount(PAYLOADS.length, { timeout: 90_000 });
      // Echoed as literal text: each payload line shows as it was pasted.
      const rowTexts = await page.getByTestId('classify-row').allTextContents();
      for (const payload of PAYLOADS)
        expect(
          rowTexts.some((text) => text.includes(payload)),
          payload,
        ).toBe(true);
    },
  },
  {
    route: 'evaluate',
    section: 'classification',
    fields: ['eval-limit'],
    files: ['eval-import-input'],
    async exercise(page) {
      await page.getByTestId('eval-import-input').setInputFiles(file('feedback.csv'));
      await expect(page.getByTestId('eval-import-summary')).toHaveAttribute('data-rows', String(PAYLOADS.length));
    },
  },
  {
    route: 'evaluate',
    section: 'summarization',
    fields: ['eval-summ-limit'],
    files: ['eval-summ-import-input'],
    async exercise(page) {
      await page.getByTestId('eval-summ-import-input').setInputFiles(file('feedback.csv'));
      await expect(page.getByTestId('eval-summ-import-summary')).toBeVisible();
    },
  },
  {
    route: 'evaluate',
    section: 'perplexity',
    fields: ['eval-ppl-input'],
    files: [],
    async exercise(page) {
      await paste(page, 'eval-ppl-input', PAYLOADS.join('\n'));
      await page.getByTestId('eval-ppl-run').click();
      await expect(page.getByTestId('eval-ppl-result')).toBeVisible({ timeout: 90_000 });
    },
  },
  {
    route: 'customize',
    fields: ['custom-category-input'],
    files: ['custom-import-input', 'custom-import-classifier'],
    async exercise(page) {
      for (const [index, payload] of PAYLOADS.slice(0, 2).entries()) {
        await paste(page, 'custom-category-input', payload);
        await page.getByTestId('custom-add-category').click();
        await expect(page.getByTestId('custom-category')).toHaveCount(index + 1);
      }
      await page.getByTestId('custom-import-input').setInputFiles(file('feedback.csv'));
      await expect(page.getByTestId('custom-import-summary')).toHaveAttribute('data-rows', String(PAYLOADS.length));
      // Not a classifier: refused, and the refusal names the file, whose name is a payload too.
      await page.getByTestId('custom-import-classifier').setInputFiles({
        name: `${PAYLOADS[0]}.json`,
        mimeType: 'application/json',
        buffer: Buffer.from(JSON.stringify({ format: PAYLOADS[1], model: { classes: PAYLOADS } })),
      });
      await expect(page.getByTestId('custom-import-error-file')).toBeVisible();
    },
  },
  {
    route: 'summarize',
    fields: ['summarize-input', 'summarize-reference'],
    files: ['summarize-file'],
    async exercise(page) {
      await page.getByTestId('summarize-file').setInputFiles(file('feedback.txt'));
      await expect(page.getByTestId('summarize-input')).toHaveValue(/onerror/);
      await paste(page, 'summarize-input', PAYLOADS.join('\n'));
      await paste(page, 'summarize-reference', PAYLOADS.join('\n'));
      await page.getByTestId('summarize-run').click();
      await expect(page.getByTestId('summarize-output')).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
    },
  },
  {
    route: 'write',
    fields: ['write-var-product', 'write-var-audience', 'write-var-tone', 'write-var-features'],
    files: ['write-templates-import'],
    async exercise(page) {
      for (const testId of this.fields) await paste(page, testId, await payloadFor(page, testId));
      await page.getByTestId('write-setting-max-new-tokens').fill('8');
      await page.getByTestId('write-generate').click();
      await expect(page.getByTestId('write-output')).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
      await expect(page.getByTestId('write-prompt')).toContainText(PAYLOADS[0]!, { useInnerText: false });
      await page.getByTestId('write-templates-import').setInputFiles(TEMPLATES_FILE);
      await expect(page.getByTestId('write-import-result')).toBeVisible();
      await expect(page.getByTestId('write-template').locator('option', { hasText: PAYLOADS[1]! })).toHaveCount(1);
    },
  },
  {
    route: 'apps',
    fields: [],
    files: ['apps-import-input'],
    async exercise(page) {
      // Names, labels and descriptions with markup are refused (the refusal quotes the file name, a payload too) ...
      await page.getByTestId('apps-import-input').setInputFiles({
        name: `${PAYLOADS[0]}.json`,
        mimeType: 'application/json',
        buffer: Buffer.from(JSON.stringify({ ...PAYLOAD_APP, name: { en: PAYLOADS[1] } })),
      });
      await expect(page.getByTestId('apps-notice')).toHaveAttribute('data-kind', 'refused');
      // ... while templates and samples may hold any text: shown and run as text.
      await page
        .getByTestId('apps-import-input')
        .setInputFiles({ name: 'xss-app.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(PAYLOAD_APP)) });
      await expect(page.getByTestId('apps-notice')).toHaveAttribute('data-kind', 'installed');
      await page.locator('[data-testid="apps-card"][data-app-id="xss-app"]').getByTestId('apps-card-run').click();
      await page.getByTestId('apps-use-sample').click();
      await page.getByTestId('apps-run').click();
      await expect(page.getByTestId('apps-run-status')).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
      await expect(page.getByTestId('apps-output-table')).toHaveAttribute('data-rows', String(PAYLOADS.length));
      await expect(page.getByTestId('apps-output-table')).toContainText(PAYLOADS[0]!);
      await page.getByTestId('apps-back').click();
      await page.locator('[data-testid="apps-card"][data-app-id="xss-app"]').getByTestId('apps-card-edit').click();
      await expect(page.getByTestId('apps-b-step-template')).toHaveValue(PAYLOAD_TEMPLATE);
      await page.getByTestId('apps-back').click();
    },
  },
  {
    route: 'ask',
    fields: ['kb-paste-title', 'kb-paste', 'ask-question'],
    files: ['kb-import-input'],
    async exercise(page) {
      await page.locator('.kb-paste summary').click();
      await paste(page, 'kb-paste-title', INLINE_PAYLOAD);
      await paste(page, 'kb-paste', PAYLOADS.join('\n\n'));
      await page.getByTestId('kb-paste-add').click();
      await expect(page.getByTestId('kb-job')).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
      await page.getByTestId('kb-import-input').setInputFiles(file('faq.md'));
      await expect(page.getByTestId('kb-document').filter({ hasText: 'faq.md' })).toHaveCount(1, { timeout: 90_000 });
      await expect(page.getByTestId('kb-job')).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
      await paste(page, 'ask-question', INLINE_PAYLOAD);
      await page.getByTestId('ask-submit').click();
      await expect(page.getByTestId('ask-result')).toBeVisible({ timeout: 90_000 });
    },
  },
  {
    route: 'models',
    fields: ['add-model-id', 'add-model-languages'],
    files: [],
    async exercise(page) {
      await paste(page, 'add-model-id', INLINE_PAYLOAD);
      await paste(page, 'add-model-languages', INLINE_PAYLOAD);
      await page.getByTestId('add-model-submit').click();
      // Not a model id: refused with a message that quotes it, as text.
      await expect(page.getByTestId('add-model-message')).toHaveAttribute('role', 'alert');
    },
  },
  {
    route: 'settings',
    fields: [],
    files: ['backup-file'],
    async exercise(page) {
      await page.getByTestId('backup-mode-merge').check();
      await page.getByTestId('backup-file').setInputFiles(file('llmaos-workspace-xss.json'));
      await page.getByTestId('backup-restore').click();
      await expect(page.getByTestId('backup-restore-done')).toBeVisible();
    },
  },
];

/** The test ids of the text fields and file inputs a tab shows now (an unnamed one is reported by its tag). */
async function shownInputs(page: Page): Promise<string[]> {
  return page
    .locator('main')
    .locator(`${FIELDS}, input[type=file]:not([webkitdirectory])`)
    .evaluateAll((elements) =>
      elements
        .filter((element) => (element as HTMLElement).offsetParent !== null || (element as HTMLInputElement).type === 'file')
        .map((element) => element.getAttribute('data-testid') ?? `<${element.tagName.toLowerCase()} without a test id>`),
    );
}

const FIELDS = 'textarea, input[type=text], input[type=search], input:not([type])';

test('pasted and imported HTML/script payloads render as text in every tab and never execute', async ({ page }) => {
  test.setTimeout(480_000);
  await page.addInitScript(watchForInjection);
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await openApp(page);

  // Every tab of the app has its case: a new tab, or a new field in one, fails here until listed.
  const routes = await navRoutes(page);
  expect(new Set(TAB_CASES.map((c) => c.route))).toEqual(new Set(routes));
  for (const tabCase of TAB_CASES) {
    await openTab(page, tabCase.route);
    if (tabCase.section) await page.getByTestId(`eval-section-${tabCase.section}`).click();
    const listed = [...tabCase.fields, ...tabCase.files];
    for (const shown of await shownInputs(page)) expect(listed, `${tabCase.route}: ${shown} is not in the table`).toContain(shown);
    await tabCase.exercise(page);
    expect(await page.evaluate(() => (window as unknown as { __injected: string[] }).__injected), tabCase.route).toEqual([]);
  }

  // The restored backup put payloads into templates, drafts, datasets and knowledge bases: show every tab again.
  for (const route of routes) await openTab(page, route);
  await openTab(page, 'insights');
  await expect(page.getByTestId('insights-dataset').filter({ hasText: PAYLOADS[0]! }).first()).toBeVisible();

  expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
  expect(await page.evaluate(() => (window as unknown as { __injected: string[] }).__injected)).toEqual([]);
  expect(pageErrors).toEqual([]);
});
