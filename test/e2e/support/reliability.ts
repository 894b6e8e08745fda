/**
 * Helpers for the offline, privacy and reliability specs: the service worker, one run of every
 * SDK task, and a recorder of Content-Security-Policy violations.
 */
import { expect, type BrowserContext, type Page } from '@playwright/test';

/**
 * Waits until the service worker has precached the app shell and ORT (it is `activated` only
 * after its install step finished) and controls this page (clientsClaim on the first visit).
 */
export async function waitForServiceWorker(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await expect
    .poll(
      () =>
        page.evaluate(async () => {
          const registration = await navigator.serviceWorker.getRegistration();
          return registration?.active?.state === 'activated' && navigator.serviceWorker.controller !== null;
        }),
      { timeout: 90_000, message: 'the service worker never became active and controlling' },
    )
    .toBe(true);
}

export interface TaskResults {
  labels: string[];
  summary: string;
  generated: string;
  answer: string;
  embeddingSize: number;
}

export const LONG_TEXT =
  'The new dashboard loads faster than the old one. Several customers asked for a dark mode. ' +
  'Exports to CSV sometimes fail when a report has more than ten thousand rows. Support answered ' +
  'most tickets within a day, but weekend tickets waited until Monday.';

/** Runs classify, summarize, generate, answer and embed through `window.llmaos`. */
export async function runEveryTask(page: Page): Promise<TaskResults> {
  return page.evaluate(async (text) => {
    const llmaos = window.llmaos;
    const labels = (await llmaos.classify(['I love it, works great', 'Terrible, it broke after two days'])).map((c) => c.label);
    const summary = await llmaos.summarize(text, { maxNewTokens: 16 });
    const generated = (await llmaos.generate('Product description:', { maxNewTokens: 8, temperature: 0, seed: 1 }).result).text;
    const answer = (await llmaos.answer('When is support open?', 'Support is open from 9am to 5pm on weekdays.')).answer;
    const embeddingSize = (await llmaos.embed(['battery dies fast']))[0]?.length ?? 0;
    return { labels, summary, generated, answer, embeddingSize };
  }, LONG_TEXT);
}

export interface CspRecorder {
  /** Every violation seen since the recorder started, one line each; empty when there was none. */
  violations(): Promise<string[]>;
}

/** The preview server's `report-uri` endpoint (see `cspReports()` in vite.config.ts). */
const CSP_REPORT_PATH = '/__csp-report';

async function serverReports(page: Page): Promise<unknown[]> {
  const response = await page.request.get(CSP_REPORT_PATH);
  return response.ok() ? ((await response.json()) as unknown[]) : [];
}

/**
 * Records CSP violations three ways, because each sees only part of them:
 * - the `securitypolicyviolation` event in every document (an init script, so it listens before
 *   the app's first line runs);
 * - console messages about the policy (the browser logs a page's violations there);
 * - the reports the browser POSTs to the preview server's `report-uri` endpoint, the only place
 *   a dedicated worker's or the service worker's violations show up (they reach neither the
 *   page's event nor, in Playwright, its console).
 */
export async function recordCspViolations(context: BrowserContext, page: Page): Promise<CspRecorder> {
  await context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => {
      seen.push(`${event.effectiveDirective} blocked ${event.blockedURI || '(inline)'} in ${event.sourceFile || event.documentURI}:${event.lineNumber}`);
    });
  });
  const consoleMessages: string[] = [];
  page.on('console', (message) => {
    if (/content security policy/i.test(message.text())) consoleMessages.push(`console: ${message.text()}`);
  });
  const before = (await serverReports(page)).length;
  return {
    violations: async () => {
      const inPage = await page.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? []).catch(() => []);
      // Reports are sent asynchronously; give the last ones a moment to arrive.
      await page.waitForTimeout(500);
      const reported = (await serverReports(page)).slice(before).map((report) => `report-uri: ${JSON.stringify(report)}`);
      return [...inPage, ...consoleMessages, ...reported];
    },
  };
}

/** The nav tabs that exist right now (new panels are covered without editing the specs). */
export async function navRoutes(page: Page): Promise<string[]> {
  const ids = await page.locator('[data-testid^="nav-"]').evaluateAll((links) => links.map((link) => link.getAttribute('data-testid') ?? ''));
  return ids.map((id) => id.replace(/^nav-/, '')).filter(Boolean);
}

/** Opens a tab through its nav link and waits for its panel to render. */
export async function openTab(page: Page, route: string): Promise<void> {
  await page.getByTestId(`nav-${route}`).click();
  await expect(page.getByTestId(`nav-${route}`)).toHaveAttribute('aria-current', 'page');
  await expect(page.locator(`main [data-testid="${route}-panel"]`).or(page.locator('main .panel')).first()).toBeVisible();
}
