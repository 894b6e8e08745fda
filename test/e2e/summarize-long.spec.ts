/**
 * Summarize on inputs far longer than the model's window, on WASM with the tiny T5 summarizer:
 * all 989 TweetSumm conversations together (~1,000 parts) and 5 MB pasted. The page's main thread
 * must stay free (PerformanceObserver long tasks), a time estimate appears after a few steps, a
 * job estimated over the long-job threshold (ten minutes; 30 s here, see LONG_JOB_TEST_MS) asks
 * before it goes on (after its first step the first time; before any step once this device has
 * run the model), and Stop takes effect within one step.
 * Neither job is run to the end.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { openApp } from './support/app';
import { loadPerCpu, longTaskBudget, longTasksBetween, pageNow, recordLongTasks, type LongTask } from './support/longTasks';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const DIALOGS = path.resolve(HERE, '../../../shared/datasets/tweetsumm_customer_support/tweetsumm_train_valid.jsonl');

// Tracing snapshots the whole DOM (and a megabyte text) on every action: work on the page's main
// thread that is the harness's, not the app's.
test.use({ trace: 'off' });

/**
 * The long-job question's threshold for these tests (ten minutes in the app): whether ~1,500 steps
 * of the tiny summarizer pass ten minutes depends on the machine (about three minutes on a fast
 * one), so the test build's hook sets a threshold any machine's job passes.
 */
const LONG_JOB_TEST_MS = 30_000;

/** The bar: every main-thread task under 200 ms (scaled only on an overloaded machine). */
const BAR_MS = 200;

function report(label: string, tasks: LongTask[], budget: { budget: number; why: string }): number {
  const longest = Math.max(0, ...tasks.map((t) => t.duration));
  console.log(`[summarize] ${label}: ${tasks.length} tasks over 50 ms, longest ${longest.toFixed(0)} ms (budget ${budget.budget} ms: ${budget.why})`);
  test.info().annotations.push({ type: `long tasks: ${label}`, description: `${tasks.length} over 50 ms, longest ${longest.toFixed(0)} ms` });
  return longest;
}

async function stepsDone(page: Page): Promise<number> {
  return Number((await page.getByTestId('summarize-progress').getByRole('progressbar').getAttribute('aria-valuenow')) ?? 0);
}

async function doneParts(page: Page): Promise<number> {
  return page.locator('[data-testid="summarize-part"][data-state="done"]').count();
}

/** Resolves once the worker has finished what it was doing: a call queued behind it answers. */
async function workerIdle(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const client = (window as unknown as { llmaos: { countTokens(texts: string[], options: { task: string }): Promise<unknown> } }).llmaos;
    await client.countTokens(['idle?'], { task: 'summarization' });
  });
}

test('all 989 TweetSumm conversations: the page stays responsive, an estimate shows, a long job asks first, Stop ends it within a step; run again, it asks before starting', async ({
  page,
}) => {
  test.setTimeout(600_000);
  await recordLongTasks(page);
  await page.addInitScript((ms) => sessionStorage.setItem('llmaos-long-job-ms', String(ms)), LONG_JOB_TEST_MS);
  await openApp(page, { route: 'summarize' });
  await expect(page.getByTestId('summarize-run')).toBeVisible();
  const loadBefore = loadPerCpu();

  const started = await pageNow(page);
  await page.getByTestId('summarize-file').setInputFiles(DIALOGS);
  await expect(page.getByTestId('summarize-conversation')).toHaveValue('all');
  // Over a megabyte: shown as a preview, not put in the text box.
  const large = page.getByTestId('summarize-large-input');
  await expect(large).toBeVisible();
  expect(Number(await large.getAttribute('data-length'))).toBeGreaterThan(1_000_000);
  const imported = await pageNow(page);

  await page.getByTestId('summarize-run').click();
  const parts = page.getByTestId('summarize-parts');
  await expect(parts).toBeVisible({ timeout: 240_000 });
  const split = await pageNow(page);
  const partCount = Number(await parts.getAttribute('data-count'));
  expect(partCount).toBeGreaterThan(900);
  // A page of parts at a time, not a thousand rows.
  expect(await page.getByTestId('summarize-part').count()).toBeLessThanOrEqual(40);
  await expect(page.getByTestId('summarize-pager-0')).toHaveAttribute('data-pages', String(Math.ceil(partCount / 40)));

  // No earlier run of this model here: after the first step, the rest is estimated from it, over
  // the threshold, so the run asks.
  const question = page.getByTestId('summarize-long-job');
  await expect(question).toBeVisible({ timeout: 120_000 });
  await expect(question).toHaveAttribute('data-basis', 'first-step');
  expect(Number(await question.getAttribute('data-estimated-ms'))).toBeGreaterThan(LONG_JOB_TEST_MS);
  expect(await stepsDone(page)).toBe(1);
  // The question's estimate is the only one shown: no line beside it says the time is not known yet.
  await expect(page.getByTestId('summarize-eta')).toBeHidden();
  await expect(page.getByTestId('summarize-status')).toHaveAttribute('data-status', 'running');
  const goOn = await pageNow(page);
  await page.getByTestId('summarize-long-job-continue').click();
  await expect(question).toBeHidden();

  // A few more steps: a time estimate appears.
  await expect.poll(() => stepsDone(page), { timeout: 120_000 }).toBeGreaterThanOrEqual(4);
  const eta = page.getByTestId('summarize-eta');
  await expect(eta).not.toHaveAttribute('data-remaining-ms', '');
  expect(Number(await eta.getAttribute('data-remaining-ms'))).toBeGreaterThan(LONG_JOB_TEST_MS);
  await expect(eta).toContainText(/left/);
  const steps = await pageNow(page);

  await page.getByTestId('summarize-stop').click();
  await expect(page.getByTestId('summarize-status')).toHaveAttribute('data-status', 'cancelled', { timeout: 2_000 });
  await expect(page.getByTestId('summarize-run')).toBeEnabled();
  const stopped = await pageNow(page);
  const doneAtStop = await doneParts(page);
  expect(doneAtStop).toBeGreaterThanOrEqual(3);
  expect(await page.locator('[data-testid="summarize-part"][data-state="running"]').count()).toBe(0);
  // The step that was running when Stop was pressed never completes in the UI, even once the
  // worker has finished it.
  await workerIdle(page);
  expect(await doneParts(page)).toBe(doneAtStop);
  await expect(page.getByTestId('summarize-status')).toHaveAttribute('data-status', 'cancelled');

  const budget = longTaskBudget(loadBefore, BAR_MS);
  const all = await longTasksBetween(page, started, stopped);

  // The same job again: this device's speed was stored by the run above, so the question and the
  // time estimate come before any step runs.
  await page.getByTestId('summarize-run').click();
  await expect(question).toBeVisible({ timeout: 240_000 });
  await expect(question).toHaveAttribute('data-basis', 'earlier-runs');
  const estimatedAgain = Number(await question.getAttribute('data-estimated-ms'));
  expect(estimatedAgain).toBeGreaterThan(LONG_JOB_TEST_MS);
  await expect(question).toContainText(/nothing has run yet/);
  expect(await stepsDone(page)).toBe(0);
  expect(await doneParts(page)).toBe(0);
  expect(await page.locator('[data-testid="summarize-part"][data-state="running"]').count()).toBe(0);
  await expect(eta).toHaveAttribute('data-basis', 'earlier-runs');
  expect(Number(await eta.getAttribute('data-remaining-ms'))).toBe(estimatedAgain);
  await expect(eta).toContainText(/on this device before/);
  await page.getByTestId('summarize-long-job-stop').click();
  await expect(page.getByTestId('summarize-status')).toHaveAttribute('data-status', 'cancelled', { timeout: 2_000 });
  await expect(question).toBeHidden();
  expect(await doneParts(page)).toBe(0);
  console.log(`[summarize] second run asked before its first step: ${Math.round(estimatedAgain / 1000)} s estimated from earlier runs`);

  const longest = report('import, split and steps of the 989 conversations, and Stop', all, budget);
  report('import', await longTasksBetween(page, started, imported), budget);
  report('split in the worker, then the plan shown', await longTasksBetween(page, imported, split), budget);
  report('first step, then the question', await longTasksBetween(page, split, goOn), budget);
  report('Stop', await longTasksBetween(page, steps, stopped), budget);
  // The stricter goal while the model runs (reported, not asserted): 50 ms.
  report('model steps after the question', await longTasksBetween(page, goOn, steps), longTaskBudget(loadBefore, 50));
  expect(longest, JSON.stringify(all.filter((t) => t.duration > budget.budget))).toBeLessThanOrEqual(budget.budget);
});

test('5 MB pasted into Summarize keeps every main-thread task under the bar, and the split can be stopped', async ({ page }) => {
  test.setTimeout(180_000);
  const dialogs = readFileSync(DIALOGS, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => (JSON.parse(line) as { text: string }).text);
  let text = '';
  for (let i = 0; text.length < 5 * 1024 * 1024; i++) text += `${dialogs[i % dialogs.length]}\n\n`;

  await recordLongTasks(page);
  await openApp(page, { route: 'summarize' });
  await expect(page.getByTestId('summarize-input')).toBeVisible();
  const loadBefore = loadPerCpu();
  // Handing the text to the page is the harness's work: done before the measurement starts.
  await page.evaluate((value) => ((window as unknown as { __paste: string }).__paste = value), text);

  const started = await pageNow(page);
  await page.getByTestId('summarize-input').evaluate((element) => {
    const data = new DataTransfer();
    data.setData('text/plain', (window as unknown as { __paste: string }).__paste);
    element.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  });
  const large = page.getByTestId('summarize-large-input');
  await expect(large).toHaveAttribute('data-length', String(text.length));
  await expect(page.getByTestId('summarize-large-preview')).toContainText(text.slice(0, 40).trim());
  await expect(page.getByTestId('summarize-token-info')).toBeVisible();

  await page.getByTestId('summarize-run').click();
  // The worker splits the text; the page shows how far it got.
  await expect(page.getByTestId('summarize-status')).toHaveText(/[1-9]\d*\s*%/, { timeout: 120_000 });
  await page.getByTestId('summarize-stop').click();
  await expect(page.getByTestId('summarize-status')).toHaveAttribute('data-status', 'cancelled', { timeout: 2_000 });
  const stopped = await pageNow(page);
  // The text is still there, whole, for the next run.
  await expect(large).toHaveAttribute('data-length', String(text.length));

  const budget = longTaskBudget(loadBefore, BAR_MS);
  const tasks = await longTasksBetween(page, started, stopped);
  const longest = report('5 MB paste, split started and stopped', tasks, budget);
  expect(longest, JSON.stringify(tasks.filter((t) => t.duration > budget.budget))).toBeLessThanOrEqual(budget.budget);
});
