/**
 * Driving the app as a user would: open it with the fixture models, paste feedback into
 * Classify, run, and read the results table.
 */
import { expect, type Page, type Worker } from '@playwright/test';

export const FEEDBACK = [
  'I love it, works great and the sound is amazing',
  'Terrible product, it broke after two days and support never answered',
  'Excellent, very happy with this purchase',
];
export const EXPECTED_LABELS = ['POSITIVE', 'NEGATIVE', 'POSITIVE'];

export async function openApp(page: Page, { backend = 'wasm', route = 'classify' } = {}): Promise<void> {
  await page.goto(`/?preset=fixtures&backend=${backend}#/${route}`);
}

/**
 * Puts text into a textarea the way a paste does, in one input event. Playwright's fill() types
 * into a React-controlled textarea far too slowly for thousands of lines.
 */
export async function pasteInto(page: Page, testId: string, text: string): Promise<void> {
  await page.getByTestId(testId).evaluate((element, value) => {
    const textarea = element as HTMLTextAreaElement;
    const setValue = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!.set!;
    setValue.call(textarea, value);
    textarea.dispatchEvent(new Event('input', { bubbles: true }));
  }, text);
}

/** Pastes the lines, runs, waits for every row; returns each row's label in order. */
export async function classifyThroughUi(page: Page, lines: string[]): Promise<string[]> {
  await page.getByTestId('classify-input').fill(lines.join('\n'));
  await page.getByTestId('classify-run').click();
  const rows = page.getByTestId('classify-row');
  await expect(rows).toHaveCount(lines.length, { timeout: 90_000 });
  return rows.evaluateAll((elements) => elements.map((element) => element.getAttribute('data-label') ?? ''));
}

/** Every load-progress report of one SDK load (a model id or a task), as phase and bytes. */
export function loadReporting(page: Page, model: string): Promise<Array<{ phase: string; loaded: number; total: number }>> {
  return page.evaluate(async (model) => {
    const reports: Array<{ phase: string; loaded: number; total: number }> = [];
    await window.llmaos.models.load(model, {
      onLoadProgress: (progress) => reports.push({ phase: progress.phase, loaded: progress.loadedBytes, total: progress.totalBytes }),
    });
    return reports;
  }, model);
}

/** The key the weight cache stores a self-hosted model file under. */
export function localKey(modelId: string, file: string): string {
  return `/models/${modelId}/${file}`;
}

/** Every tab the app lists, read from its nav (`nav-<route>` test ids), in order. */
export async function tabRoutes(page: Page): Promise<string[]> {
  return page.locator('nav.tabs a').evaluateAll((links) => links.map((link) => link.getAttribute('data-testid')!.replace(/^nav-/, '')));
}

/**
 * The inference worker serving the page now: the one whose engine has a model loaded (a worker
 * of a client the app replaced, e.g. on a preset change from the URL, may still be listed).
 */
export async function inferenceWorker(page: Page): Promise<Worker> {
  const serving = async (): Promise<Worker | undefined> => {
    for (const worker of page.workers().filter((w) => w.url().includes('inference.worker'))) {
      const loaded = await worker
        .evaluate(() => ((self as unknown as { llmaosEngine?: { pipelines: Map<string, unknown> } }).llmaosEngine?.pipelines.size ?? 0) > 0)
        .catch(() => false); // a worker that is gone cannot be the one serving
      if (loaded) return worker;
    }
    return undefined;
  };
  await expect.poll(async () => (await serving()) !== undefined, { message: 'no inference worker with a loaded model' }).toBe(true);
  return (await serving())!;
}
