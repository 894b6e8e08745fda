/**
 * The app at desktop widths, with a real Chinese font (scripts/ensure-chromium.sh installs one):
 * the Chinese header stays on one line at 1280 px on every tab; the English one, whose tab names
 * are wider, takes two deliberate rows there (brand and status above, every tab on the row below)
 * and one line where it fits; the page never scrolls sideways; and the Insights table's column
 * headers sit over their columns with real waimai reviews in the rows.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { tabRoutes } from './support/app';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const WAIMAI = path.resolve(HERE, '../../../shared/datasets/waimai_10k/waimai_10k.csv');
const DESKTOP = { width: 1280, height: 800 };

test.use({ viewport: DESKTOP });

/** The header's parts as boxes: the brand, each tab, each badge and language button. */
async function headerBoxes(page: Page): Promise<Array<{ name: string; kind: 'brand' | 'tab' | 'status'; top: number; bottom: number; right: number }>> {
  return page.locator('header.app-header').evaluate((header) =>
    [...header.querySelectorAll('.brand-name, nav.tabs a, .header-status > *')].map((element) => {
      const box = element.getBoundingClientRect();
      const kind = element.matches('.brand-name') ? 'brand' : element.matches('nav.tabs a') ? 'tab' : 'status';
      return { name: element.textContent ?? '', kind, top: box.top, bottom: box.bottom, right: box.right } as const;
    }),
  );
}

/** Whether two boxes share a line: each starts above the other's bottom. */
const sameLine = (a: { top: number; bottom: number }, b: { top: number; bottom: number }) => a.top < b.bottom && b.top < a.bottom;

for (const language of ['zh-CN'] as const) {
  test(`${language} UI at 1280 px: the header is one line on every tab and nothing scrolls sideways`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.goto(`/?preset=fixtures&backend=wasm&lang=${language}#/insights`);
    await expect(page.locator('html')).toHaveAttribute('lang', language);
    const routes = await tabRoutes(page);
    expect(routes.length).toBeGreaterThanOrEqual(9);
    for (const route of routes) {
      await page.getByTestId(`nav-${route}`).click();
      await expect(page.getByTestId(`nav-${route}`)).toHaveAttribute('aria-current', 'page');
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      const boxes = await headerBoxes(page);
      // One line: every part overlaps every other vertically (a wrapped part starts below another's bottom).
      const lowestTop = Math.max(...boxes.map((box) => box.top));
      const highestBottom = Math.min(...boxes.map((box) => box.bottom));
      expect(lowestTop, `${route}: the header wraps (${boxes.map((box) => `${box.name} ${Math.round(box.top)}`).join(', ')})`).toBeLessThan(highestBottom);
      // No tab's name wraps inside its tab.
      const wrappedTabs = await page
        .locator('nav.tabs a')
        .evaluateAll((links) =>
          links.filter((link) => link.getClientRects().length > 1 || link.scrollHeight > link.clientHeight + 1).map((link) => link.textContent),
        );
      expect(wrappedTabs, `${route}: tab names wrap`).toEqual([]);
      expect(
        await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
        `${route} scrolls sideways`,
      ).toBeLessThanOrEqual(0);
    }
  });
}

test('English UI: two rows at 1280 px (brand and status above, every tab below, none hidden), one line at 1680 px', async ({ page }) => {
  await page.goto('/?preset=fixtures&backend=wasm&lang=en#/classify');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  const header = page.getByTestId('app-header');
  await expect(header).toHaveAttribute('data-layout', 'two-rows');
  const boxes = await headerBoxes(page);
  const brand = boxes.find((box) => box.kind === 'brand')!;
  const tabs = boxes.filter((box) => box.kind === 'tab');
  const status = boxes.filter((box) => box.kind === 'status');
  expect(tabs.length).toBeGreaterThanOrEqual(9);
  for (const part of status) expect(sameLine(part, brand), `${part.name} beside the brand`).toBe(true);
  for (const tab of tabs) {
    expect(tab.top, `${tab.name} below the brand`).toBeGreaterThanOrEqual(brand.bottom);
    expect(sameLine(tab, tabs[0]!), `${tab.name} on the tabs' row`).toBe(true);
    expect(tab.right, `${tab.name} within the window`).toBeLessThanOrEqual(DESKTOP.width);
  }
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);

  await page.setViewportSize({ width: 1680, height: 800 });
  await expect(header).toHaveAttribute('data-layout', 'one-line');
  const wide = await headerBoxes(page);
  for (const part of wide) expect(sameLine(part, wide[0]!), `${part.name} on the one line`).toBe(true);

  // Back to a narrow window, and to Chinese there: the layout follows both.
  await page.setViewportSize(DESKTOP);
  await expect(header).toHaveAttribute('data-layout', 'two-rows');
  await page.getByRole('button', { name: '中文' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(header).toHaveAttribute('data-layout', 'one-line');
});

test('Chinese UI at 1280 px: the Insights column headers sit over their columns', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const reviews = readFileSync(WAIMAI, 'utf8')
    .split(/\r?\n/)
    .slice(1, 400)
    .filter((line) => /^[01],/.test(line))
    .map((line) => line.slice(2).replace(/^"|"$/g, '').replace(/,/g, '，'))
    .slice(0, 30);
  const file = testInfo.outputPath('waimai-30.csv');
  writeFileSync(file, ['review,date', ...reviews.map((review, i) => `${review},2026-11-${String(1 + (i % 28)).padStart(2, '0')}`)].join('\n') + '\n');

  await page.goto('/?preset=fixtures&backend=wasm&lang=zh-CN#/insights');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await page.getByTestId('insights-import-input').setInputFiles(file);
  await expect(page.getByTestId('insights-mapping')).toBeVisible();
  await page.getByTestId('insights-mapping-text').selectOption('review');
  await page.getByTestId('insights-import-confirm').click();
  await expect(page.getByTestId('insights-table')).toHaveAttribute('data-count', String(reviews.length));

  const misaligned = await page.getByTestId('insights-table').evaluate((table) => {
    const headers = [...table.querySelectorAll('.results-head [role="columnheader"]')];
    const cells = [...table.querySelectorAll('[data-testid="insights-row"] [role="cell"]')].slice(0, headers.length);
    return headers.flatMap((header, i) => {
      const h = header.getBoundingClientRect();
      const c = cells[i]!.getBoundingClientRect();
      return Math.abs(h.left - c.left) > 1 || Math.abs(h.right - c.right) > 1
        ? [`${header.textContent}: header ${Math.round(h.left)}–${Math.round(h.right)}, cells ${Math.round(c.left)}–${Math.round(c.right)}`]
        : [];
    });
  });
  expect(misaligned).toEqual([]);
  await page.getByTestId('insights-table').screenshot({ path: testInfo.outputPath('insights-table-zh.png') });
});
