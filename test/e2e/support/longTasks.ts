/**
 * Main-thread long tasks, recorded with a PerformanceObserver from the page's first script on,
 * and the budget a test holds them to. Long tasks are wall time, so other processes competing for
 * the CPUs stretch every task: when the machine is overloaded around the measured stretch
 * (1-minute load average above 1.5 per CPU, before or after it; the test's own browser accounts
 * for about 1.5), the budget scales with the load, and the test says so.
 * E2E_LONGTASK_BUDGET_MS sets it outright. The longest task is reported either way.
 */
import { expect, type Page, type TestInfo } from '@playwright/test';
import { loadPerCpu } from '../../support/machineLoad';

export interface LongTask {
  start: number;
  duration: number;
}

export { loadPerCpu };

/** `base` is the issue's bar: 50 ms during model runs, 200 ms for parsing and other page work. */
export function longTaskBudget(loadBefore: number, base = 50, reason = 'issue 3'): { budget: number; why: string } {
  if (process.env.E2E_LONGTASK_BUDGET_MS) return { budget: Number(process.env.E2E_LONGTASK_BUDGET_MS), why: 'E2E_LONGTASK_BUDGET_MS' };
  const load = Math.max(loadBefore, loadPerCpu());
  return load > 1.5 ? { budget: Math.round(base * load), why: `machine overloaded (load ${load.toFixed(1)} per CPU)` } : { budget: base, why: reason };
}

export async function recordLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const tasks: Array<{ start: number; duration: number }> = [];
    (window as unknown as { __longTasks: typeof tasks }).__longTasks = tasks;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) tasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
}

export async function longTasksBetween(page: Page, from: number, to: number): Promise<LongTask[]> {
  return page.evaluate(
    ({ from, to }) =>
      (window as unknown as { __longTasks: Array<{ start: number; duration: number }> }).__longTasks.filter((t) => t.start >= from && t.start <= to),
    { from, to },
  );
}

export function pageNow(page: Page): Promise<number> {
  return page.evaluate(() => performance.now());
}

/**
 * Runs `action` and returns the longest main-thread task it caused, after checking it against the
 * budget: `base` ms (the issue's 200 ms for parsing and other page work by default), scaled when
 * the machine is overloaded. The figures go to the test's annotations and the log.
 */
export async function withinBudget(
  page: Page,
  testInfo: TestInfo,
  label: string,
  action: () => Promise<void>,
  { base = 200, reason = 'issue 10 point 5', log = 'long tasks' }: { base?: number; reason?: string; log?: string } = {},
): Promise<number> {
  // The measurement starts once the page is idle, so the panel's own start-up (its code loading
  // and first render) is not counted against the action.
  await page.evaluate(() => new Promise((done) => requestIdleCallback(() => done(null), { timeout: 10_000 })));
  const loadBefore = loadPerCpu();
  const from = await pageNow(page);
  await action();
  const to = await pageNow(page);
  const tasks = await longTasksBetween(page, from, to);
  const longest = Math.max(0, ...tasks.map((t) => t.duration));
  const { budget, why } = longTaskBudget(loadBefore, base, reason);
  const summary = `${((to - from) / 1000).toFixed(1)} s, ${tasks.length} tasks over 50 ms, longest ${longest.toFixed(0)} ms (budget ${budget} ms: ${why})`;
  testInfo.annotations.push({ type: `long tasks: ${label}`, description: summary });
  console.log(`[${log}] ${label}: ${summary}`);
  expect(longest, `${label}: ${JSON.stringify(tasks)}`).toBeLessThanOrEqual(budget);
  return longest;
}

/**
 * Waits, inside a measured window, until an element's attribute matches `pattern` (or, with no
 * attribute, until the element exists). The page polls by itself and answers one evaluate call.
 * Playwright's own waits work through DevTools-session evaluations: its first one injects its
 * ~330 KB helper script, and a retrying expect() takes an accessibility snapshot at each try.
 * A trace of the Insights run showed these as main-thread tasks of 30–150 ms (`blink.mojom.
 * DevToolsSession` → EvaluateScript) that a long-task measurement would count as the app's.
 */
export async function waitInPage(page: Page, selector: string, timeout: number, attribute?: string, pattern?: RegExp): Promise<void> {
  const found = await page.evaluate(
    ({ selector, attribute, source, flags, timeout }) =>
      new Promise<boolean>((resolve) => {
        const matches = () => {
          const element = document.querySelector(selector);
          if (!element || attribute === undefined) return element !== null;
          const value = element.getAttribute(attribute);
          return value !== null && new RegExp(source ?? '', flags).test(value);
        };
        const started = performance.now();
        const poll = () => {
          if (matches()) resolve(true);
          else if (performance.now() - started > timeout) resolve(false);
          else setTimeout(poll, 200);
        };
        poll();
      }),
    { selector, attribute, source: pattern?.source, flags: pattern?.flags, timeout },
  );
  expect(found, `${selector}${attribute ? ` [${attribute}] matching ${String(pattern)}` : ''} within ${timeout} ms`).toBe(true);
}
