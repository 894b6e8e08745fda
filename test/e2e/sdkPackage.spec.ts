/**
 * The SDK package from another page: examples/sdk/ served on an origin of its own with the built
 * SDK (`npm run build:sdk` → dist-sdk/, at /sdk/), onnxruntime-web's files (/ort/) and the tiny
 * model files (/models/), as README "The SDK as a package" says to host it. The page imports the
 * package and classifies, streams a draft and answers a question from its own knowledge base, all
 * on the real tiny models in the package's own workers.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SDK = path.join(ROOT, 'dist-sdk');

/** URL prefix → folder, like a static host configured as the README says. */
const ROUTES: Array<[string, string]> = [
  ['/sdk/', SDK],
  ['/ort/', path.join(SDK, 'ort')],
  ['/models/', path.join(ROOT, 'public', 'models')],
  ['/', path.join(ROOT, 'examples', 'sdk')],
];
const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
};

let server: Server;
let origin: string;

test.beforeAll(async () => {
  if (!existsSync(path.join(SDK, 'llmaos-sdk.js'))) throw new Error('dist-sdk/llmaos-sdk.js is missing: run `npm run build:sdk` first (`npm test` does).');
  server = createServer((req, res) => {
    const url = decodeURIComponent((req.url ?? '/').split('?')[0]!);
    const [prefix, folder] = ROUTES.find(([p]) => url.startsWith(p))!;
    const file = path.resolve(folder, '.' + (url === '/' ? '/index.html' : url.slice(prefix.length - 1)));
    if (!file.startsWith(folder + path.sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end('Not found');
      return;
    }
    res.writeHead(200, {
      'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      // Cross-origin isolated, for WASM threads (README, "Hosting").
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Cross-Origin-Resource-Policy': 'same-origin',
    });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
});

interface ExampleResult {
  error?: { code?: string; message: string };
  labels: Array<{ label: string; score: number }>;
  tokens: string[];
  draft: { text: string; tokenCount: number };
  answer: {
    kind: string;
    answer: string | null;
    confidence: number;
    source: { title?: string; text: string; similarity: number } | null;
    closest: Array<{ title?: string }>;
  };
  faq: Array<{ title: string; text: string }>;
}

test('the example page imports the built SDK and classifies, streams a draft and answers a question', async ({ page }) => {
  test.setTimeout(180_000);
  const requests: string[] = [];
  page.on('request', (request) => requests.push(new URL(request.url()).pathname));
  await page.goto(`${origin}/?preset=fixtures`);
  await expect(page.locator('#status')).not.toHaveText('Loading…', { timeout: 150_000 });
  const result = (await page.evaluate(() => (window as unknown as { example: unknown }).example)) as ExampleResult;
  expect(result.error).toBeUndefined();
  await expect(page.locator('#status')).toHaveText('Done.');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);

  // Classify: the tiny sentiment model gets these clear cases right.
  expect(result.labels.map((l) => l.label)).toEqual(['POSITIVE', 'NEGATIVE']);
  // Generate: tokens streamed one by one, and together they are the draft.
  expect(result.tokens.length).toBeGreaterThan(1);
  expect(result.tokens.join('')).toBe(result.draft.text);
  await expect(page.locator('#draft')).toHaveText(result.draft.text);
  // Answer: from the page's own knowledge base. Retrieval finds the entry asked about (its question
  // is the query); the tiny QA model's spans are near random, so the answer is a span of a close
  // FAQ passage or, when no span is confident, that passage itself: never "no answer" here.
  const asked = result.faq[1]!;
  expect(result.answer.closest[0]?.title).toBe(asked.title);
  expect(result.answer.kind).not.toBe('no-answer');
  const source = result.answer.source!;
  expect(result.faq.some((entry) => entry.title === source.title && entry.text === source.text)).toBe(true);
  expect(source.text).toContain(result.answer.answer!);
  await expect(page.locator('#answer')).toContainText(`source: ${source.title}`);

  // It ran in the package's workers, on the self-hosted runtime and models.
  expect(requests.some((p) => /^\/sdk\/assets\/inference\.worker-[\w-]+\.js$/.test(p))).toBe(true);
  expect(requests.some((p) => p.startsWith('/ort/'))).toBe(true);
  expect(requests.some((p) => p.startsWith('/models/tiny/'))).toBe(true);
});
