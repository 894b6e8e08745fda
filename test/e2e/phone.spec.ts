/**
 * Phone width (390×844, touch): every tab in the English and the Chinese UI without sideways
 * scrolling and with the header's badges reachable; Insights at phone width with real waimai
 * reviews run on the tiny Chinese model: rows are cards (text, sentiment badge, theme), a tap
 * opens a row's whole text, and filter and export work by touch.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { tabRoutes } from './support/app';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const WAIMAI = path.resolve(HERE, '../../../shared/datasets/waimai_10k/waimai_10k.csv');
const PHONE = { width: 390, height: 844 };

test.use({ viewport: PHONE, hasTouch: true, isMobile: true });

/**
 * How far the page sticks out past the phone's screen (0 when nothing does). Measured against the
 * device's width, not `innerWidth`: a mobile browser zooms out to fit wider content, which widens
 * `innerWidth` with it (and makes every tap land off target).
 */
async function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate((screenWidth) => Math.max(document.documentElement.scrollWidth, window.innerWidth) - screenWidth, PHONE.width);
}

/** What sticks out past the screen's right edge, outside a box that scrolls sideways itself: for the failure message. */
async function widerThanScreen(page: Page): Promise<string[]> {
  return page.evaluate((screenWidth) => {
    const scrollsSideways = (element: Element): boolean => {
      for (let parent = element.parentElement; parent; parent = parent.parentElement) {
        if (/auto|scroll|hidden/.test(getComputedStyle(parent).overflowX)) return true;
      }
      return false;
    };
    return [...document.querySelectorAll('body *')]
      .filter((element) => element.getBoundingClientRect().right > screenWidth + 0.5 && !scrollsSideways(element))
      .slice(0, 8)
      .map(
        (element) =>
          `${element.tagName.toLowerCase()}.${element.className} (${element.getAttribute('data-testid') ?? ''}) right ${Math.round(element.getBoundingClientRect().right)}`,
      );
  }, PHONE.width);
}

/** The header's badges are on screen (the tab strip may scroll inside the header, the page may not). */
async function expectHeaderReachable(page: Page): Promise<void> {
  for (const badge of [page.getByTestId('preset-badge'), page.getByTestId('lang-en'), page.getByTestId('lang-zh-CN')]) {
    await expect(badge).toBeInViewport();
  }
}

for (const language of ['en', 'zh-CN'] as const) {
  test(`every tab fits a phone (${language}): no sideways scroll, header badges reachable`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.goto(`/?preset=fixtures&backend=wasm&lang=${language}#/classify`);
    await expect(page.locator('html')).toHaveAttribute('lang', language);
    // Whatever tabs the app lists (read from its nav), each reached by a tap on its tab.
    const routes = await tabRoutes(page);
    expect(routes.length).toBeGreaterThanOrEqual(9);
    for (const route of routes) {
      const tab = page.getByTestId(`nav-${route}`);
      await tab.scrollIntoViewIfNeeded();
      await tab.tap();
      await expect(tab).toHaveAttribute('aria-current', 'page');
      await expect(page.locator('main h2, main h1, main [role="heading"]').first()).toBeVisible();
      // A lazily loaded panel may lay out a moment after its heading: let the layout settle.
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      expect(await sidewaysOverflow(page), `${route} (${language}) scrolls sideways: ${(await widerThanScreen(page)).join(', ')}`).toBeLessThanOrEqual(0);
      await expectHeaderReachable(page);
    }
  });
}

/** 40 waimai reviews (20 positive, 20 negative) without Latin letters or quotes. */
function waimaiSample(): string[] {
  const rows = readFileSync(WAIMAI, 'utf8')
    .split(/\r?\n/)
    .slice(1)
    .filter((line) => /^[01],/.test(line))
    .map((line) => ({ label: line[0]!, review: line.slice(2).replace(/^"|"$/g, '').replace(/,/g, '，') }))
    .filter((row) => !/[A-Za-z"]/.test(row.review) && row.review.length >= 6);
  return [...rows.filter((r) => r.label === '1').slice(0, 20), ...rows.filter((r) => r.label === '0').slice(0, 20)].map((r) => r.review);
}

test('Insights on a phone, by touch: import, run, read rows as cards, open one, filter, export', async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  const reviews = waimaiSample();
  // One long review, so "the whole text on tap" shows more than the card's two lines.
  const long = reviews.reduce((a, b) => (b.length > a.length ? b : a));
  const file = testInfo.outputPath('waimai-40.csv');
  writeFileSync(file, ['review', ...reviews].join('\n') + '\n');

  await page.goto('/?preset=fixtures&backend=wasm&lang=zh-CN#/insights');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await page.getByTestId('insights-import-input').setInputFiles(file);
  await expect(page.getByTestId('insights-mapping')).toBeVisible();
  await page.getByTestId('insights-mapping-text').selectOption('review');
  await page.getByTestId('insights-import-confirm').tap();
  await expect(page.getByTestId('insights-active')).toBeVisible();
  expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);

  await page.getByTestId('insights-run-sentiment').tap();
  await expect(page.getByTestId('insights-run')).toHaveAttribute('data-complete', 'true', { timeout: 180_000 });
  expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);

  // Rows are cards: the text readable (wider than half the screen), its sentiment badge visible.
  const rows = page.getByTestId('insights-row');
  await expect(rows.first()).toBeVisible();
  const first = rows.first();
  const text = first.getByTestId('insights-row-text');
  const textBox = (await text.boundingBox())!;
  expect(textBox.width).toBeGreaterThan(PHONE.width / 2);
  const badge = first.locator('.label-chip');
  await expect(badge).toBeVisible();
  await expect(badge).toHaveText(/\S/);
  expect(['positive', 'negative']).toContain(await first.getAttribute('data-sentiment'));
  await page.screenshot({ path: testInfo.outputPath('insights-phone.png'), fullPage: false });

  // A tap on a row opens its whole text; another tap closes it.
  await page.getByTestId('insights-search').fill(long.slice(0, 8));
  await expect(page.getByTestId('insights-table-count')).toHaveAttribute('data-count', '1');
  const row = rows.first();
  const rowText = row.getByTestId('insights-row-text');
  await rowText.tap();
  await expect(row).toHaveAttribute('data-open', 'true');
  await expect(rowText).toHaveText(long);
  const openHeight = (await row.boundingBox())!.height;
  await page.screenshot({ path: testInfo.outputPath('insights-phone-open.png'), fullPage: false });
  await rowText.tap();
  await expect(row).toHaveAttribute('data-open', 'false');
  expect((await row.boundingBox())!.height).toBeLessThanOrEqual(openHeight);
  const tableCount = page.getByTestId('insights-table-count');
  await page.getByTestId('insights-search').fill('');
  await expect(tableCount).toHaveAttribute('data-count', String(reviews.length));

  // Filter by sentiment: every card left has that sentiment. The rows re-render from a deferred
  // copy of the filter, so the count changes a render after the select does.
  await page.getByTestId('insights-filter-sentiment').selectOption('negative');
  await expect.poll(async () => Number(await tableCount.getAttribute('data-count'))).toBeLessThan(reviews.length);
  const count = Number(await tableCount.getAttribute('data-count'));
  expect(count).toBeGreaterThan(0);
  expect(new Set(await rows.evaluateAll((cards) => cards.map((card) => card.getAttribute('data-sentiment'))))).toEqual(new Set(['negative']));
  expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);

  // Export by a tap: the rows shown, as JSON, with the filter named in the file.
  await page.getByTestId('insights-export-scope-shown').tap();
  const exportJson = page.getByTestId('insights-export-json');
  await exportJson.scrollIntoViewIfNeeded();
  const [download] = await Promise.all([page.waitForEvent('download'), exportJson.tap()]);
  const exported = JSON.parse(readFileSync(await download.path(), 'utf8')) as {
    filter: string;
    rowsShown: number;
    rows: Array<{ text: string; sentiment: string | null }>;
  };
  expect(exported.rowsShown).toBe(count);
  expect(exported.rows).toHaveLength(count);
  expect(exported.filter).not.toBe('');
  expect(exported.rows.every((r) => reviews.includes(r.text) && r.sentiment === 'negative')).toBe(true);
});
