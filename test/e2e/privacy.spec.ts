/**
 * Privacy: nothing leaves the machine.
 *
 * 1. A full session (every tab that exists, every SDK task, the Classify UI) sends no request to
 *    any host but the app's own origin, and the Content-Security-Policy is sent and never
 *    violated, in the page or its workers.
 * 2. Once the models are cached, working makes no network request at all. The exact rule:
 *    - no request reaches the network: reloading the page, opening tabs and the first task after
 *      a reload fetch only the app's own code (the page, its scripts, and the ORT runtime under
 *      /ort/ when the worker first starts a model), and the service worker answers every one of
 *      them from its cache;
 *    - no model file is requested at all (they come from IndexedDB, not even via the SW);
 *    - once the runtime is up, running tasks makes no request of any kind;
 *    - the one exception is the browser's own service-worker update check (GET /sw.js on a
 *      navigation), which is how a new version is found; it carries no user data.
 * 3. Text from users is always rendered as text: HTML/script payloads pasted into every input of
 *    every tab, and imported through every file input, execute nothing and inject no element.
 */
import { expect, test, type Page } from '@playwright/test';
import { classifyThroughUi, FEEDBACK, openApp, pasteInto } from './support/app';
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

  // Working: the first tasks start the ORT runtime (app code, from the SW); no model file at all.
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
  { name: 'feedback.tsv', mimeType: 'text/tab-separated-values', text: ['text\trating', ...PAYLOADS.map((p) => `${p}\t1`)].join('\n') },
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
async function paste(page: Page, index: number, text: string): Promise<void> {
  await page
    .locator('main')
    .locator(FIELDS)
    .nth(index)
    .evaluate((element, value) => {
      const prototype = element instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
      Object.getOwnPropertyDescriptor(prototype, 'value')!.set!.call(element, value);
      element.dispatchEvent(new Event('input', { bubbles: true }));
      element.dispatchEvent(new Event('change', { bubbles: true }));
    }, text);
}

const FIELDS = 'textarea, input[type=text], input[type=search], input:not([type])';

/** Presses every enabled primary button of the panel (its obvious action), letting each settle. */
async function pressPrimaryActions(page: Page): Promise<void> {
  const buttons = page.locator('main .button.primary');
  const count = await buttons.count();
  for (let index = 0; index < count; index += 1) {
    const button = buttons.nth(index);
    if (!(await button.isVisible()) || !(await button.isEnabled())) continue;
    await button.click({ timeout: 5_000 }).catch(() => undefined); // a re-render may have replaced it
    await page.waitForTimeout(1_500);
  }
}

test('pasted and imported HTML/script payloads render as text in every tab and never execute', async ({ page }) => {
  test.setTimeout(480_000);
  await page.addInitScript(watchForInjection);
  page.on('dialog', (dialog) => void dialog.accept()); // "replace the workspace?" and the like
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await openApp(page);

  const covered: string[] = [];
  for (const route of await navRoutes(page)) {
    await openTab(page, route);
    const fields = await page.locator('main').locator(FIELDS).count();
    for (let index = 0; index < fields; index += 1) {
      const field = page.locator('main').locator(FIELDS).nth(index);
      if (!(await field.isVisible()) || !(await field.isEditable())) continue;
      const multiline = await field.evaluate((element) => element instanceof HTMLTextAreaElement);
      await paste(page, index, multiline ? PAYLOADS.join('\n') : INLINE_PAYLOAD);
      covered.push(`${route}: ${multiline ? 'textarea' : 'input'} #${index}`);
    }
    await pressPrimaryActions(page);

    // Every import path of the tab (folder pickers are for model folders, not text).
    const fileInputs = page.locator('main input[type=file]:not([webkitdirectory])');
    for (let index = 0; index < (await fileInputs.count()); index += 1) {
      const input = fileInputs.nth(index);
      const accept = (await input.getAttribute('accept')) ?? '';
      for (const file of PAYLOAD_FILES) {
        const extension = file.name.slice(file.name.lastIndexOf('.'));
        if (accept && !accept.split(',').some((type) => type.trim() === extension || type.trim() === file.mimeType)) continue;
        await input.setInputFiles({ name: file.name, mimeType: file.mimeType, buffer: Buffer.from(file.text) }).catch(() => undefined);
        await page.waitForTimeout(500);
        await pressPrimaryActions(page);
        covered.push(`${route}: file input #${index} ← ${file.name}`);
      }
    }
  }
  // The restored backup put payloads into templates, drafts and knowledge bases: show every tab again.
  for (const route of await navRoutes(page)) await openTab(page, route);

  // Echoed as literal text: the Classify results show each payload line as it was pasted.
  await openTab(page, 'classify');
  await pasteInto(page, 'classify-input', PAYLOADS.join('\n'));
  await page.getByTestId('classify-run').click();
  await expect(page.getByTestId('classify-row')).toHaveCount(PAYLOADS.length, { timeout: 90_000 });
  const rowTexts = await page.getByTestId('classify-row').allTextContents();
  for (const payload of PAYLOADS)
    expect(
      rowTexts.some((text) => text.includes(payload)),
      payload,
    ).toBe(true);

  console.log(`XSS payloads went into:\n  ${covered.join('\n  ')}`);
  expect(covered.length).toBeGreaterThan(3);
  expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
  expect(await page.evaluate(() => (window as unknown as { __injected: string[] }).__injected)).toEqual([]);
  expect(pageErrors).toEqual([]);
});
