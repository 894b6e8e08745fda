/**
 * What a new user trips over in the first hour (issue 15, points 3, 4, 7, 10 and 11), at the
 * 1280×800 of the report: new content is scrolled into view and focused (so screen readers announce
 * it) after choosing a file, Import, Analyze and Ask; Insights rows open on click, focus and tap;
 * Write's missing field is a validation message by the field; keyboard use (skip link, Enter on
 * "Choose a file…"); file fields name what they loaded; layout (Write settings, Insights headers,
 * an opaque sticky header).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { openApp } from './support/app';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ALEXA = path.resolve(HERE, '../../../shared/datasets/amazon_alexa_reviews/amazon_alexa.tsv');

test.use({ viewport: { width: 1280, height: 800 }, hasTouch: true });

/** The first `rows` reviews of the Alexa TSV (one line each). */
function alexaSample(rows: number, out: string): string {
  const lines = readFileSync(ALEXA, 'utf8').split(/\r?\n/);
  writeFileSync(out, lines.slice(0, rows + 1).join('\n') + '\n');
  return out;
}

/** Presses Enter on a "Choose a file…" button and answers the picker it opens with `file`. */
async function chooseWithEnter(page: Page, button: Locator, file: string | Parameters<import('@playwright/test').FileChooser['setFiles']>[0]): Promise<void> {
  await button.focus();
  const chooser = page.waitForEvent('filechooser', { timeout: 5_000 });
  await page.keyboard.press('Enter');
  await (await chooser).setFiles(file);
}

async function rowHeight(row: Locator): Promise<number> {
  return (await row.boundingBox())!.height;
}

test('Insights by keyboard: what appears after a file, Import and Analyze takes the view and the focus; rows open on click and on keyboard focus', async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  await openApp(page, { route: 'insights' });
  await chooseWithEnter(page, page.getByTestId('insights-import-input-button'), alexaSample(40, testInfo.outputPath('alexa-40.tsv')));

  // "Check the columns" opens below the import card: scrolled to and focused.
  const mapping = page.getByTestId('insights-mapping-title');
  await expect(mapping).toBeFocused();
  await expect(mapping).toBeInViewport();
  expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(0);

  await page.getByTestId('insights-mapping-text').selectOption('verified_reviews');
  await page.getByTestId('insights-import-confirm').focus();
  await page.keyboard.press('Enter');
  const name = page.getByTestId('insights-active-name');
  await expect(name).toBeFocused();
  await expect(name).toBeInViewport();

  await page.getByTestId('insights-run-sentiment').focus();
  await page.keyboard.press('Enter');
  // The pressed button is disabled while the run goes; the focus is on the run's heading, not lost.
  await expect(page.getByTestId('insights-run-title')).toBeFocused();
  await expect(page.getByTestId('insights-run')).toHaveAttribute('data-complete', 'true', { timeout: 150_000 });
  await expect(page.getByTestId('insights-run-title')).toBeFocused();

  // Table headers over their columns: the rows' scrollbar does not shift them.
  const table = page.getByTestId('insights-table');
  await table.scrollIntoViewIfNeeded();
  const headers = await table.getByRole('columnheader').evaluateAll((cells) => cells.map((cell) => cell.getBoundingClientRect().left));
  const cells = await page
    .getByTestId('insights-row')
    .first()
    .getByRole('cell')
    .evaluateAll((all) => all.map((cell) => cell.getBoundingClientRect().left));
  expect(cells).toHaveLength(headers.length);
  headers.forEach((left, column) => expect(Math.abs(left - cells[column]!), `column ${column}`).toBeLessThanOrEqual(1));

  // The longest review shown: cut to two lines until opened.
  const texts = page.getByTestId('insights-row-text');
  const lengths = await texts.evaluateAll((all) => all.map((element) => (element.textContent ?? '').length));
  const longest = lengths.indexOf(Math.max(...lengths));
  const row = page.getByTestId('insights-row').nth(longest);
  const text = texts.nth(longest);
  expect(await text.evaluate((element) => element.scrollHeight > element.clientHeight + 1)).toBe(true);
  const closed = await rowHeight(row);

  await text.click();
  await expect(row).toHaveAttribute('data-open', 'true');
  await expect(text).toHaveAttribute('aria-expanded', 'true');
  await expect.poll(() => rowHeight(row)).toBeGreaterThan(closed);
  expect(await text.evaluate((element) => element.scrollHeight <= element.clientHeight + 1)).toBe(true);
  // The next row moves down, not under the open one.
  const next = page.getByTestId('insights-row').nth(longest + 1);
  if ((await next.count()) > 0) expect((await next.boundingBox())!.y).toBeGreaterThanOrEqual((await row.boundingBox())!.y + (await rowHeight(row)) - 1);
  await text.click();
  await expect(row).toHaveAttribute('data-open', 'false');
  await expect.poll(() => rowHeight(row)).toBe(closed);

  // Keyboard: open while focused (Tab onto it from the row above), closed when the focus moves on.
  await texts.nth(longest - 1 >= 0 ? longest - 1 : longest + 1).focus();
  await page.keyboard.press(longest - 1 >= 0 ? 'Tab' : 'Shift+Tab');
  await expect(text).toBeFocused();
  await expect(row).toHaveAttribute('data-open', 'true');
  await page.keyboard.press(longest - 1 >= 0 ? 'Shift+Tab' : 'Tab');
  await expect(row).toHaveAttribute('data-open', 'false');
  // Touch (a tap) is not asserted: in headless Chromium the tap's focus and click leave the row
  // closed; issue 15 point 4 stays open for touch.
});

test('Ask: the answer is scrolled into view and focused, not left below "Done."', async ({ page }) => {
  await openApp(page, { route: 'ask' });
  await page.getByTestId('ask-mode-context').check();
  await page.getByTestId('ask-context').fill('Our support team is available from 9am to 5pm on weekdays. Refunds are processed within 14 days of the return.');
  await page.getByTestId('ask-question').fill('When is the support team available?');
  await page.getByTestId('ask-question').press('Enter');
  await expect(page.getByTestId('ask-status')).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  const title = page.getByTestId('ask-answer-title');
  await expect(title).toBeFocused();
  await expect(title).toBeInViewport();
  await expect(page.getByTestId('ask-result')).toBeInViewport();
});

test('Write: an empty required field says so by the field, clears when filled, is gone after leaving the tab; settings line up', async ({ page }) => {
  await openApp(page, { route: 'write' });
  await page.getByTestId('write-template').selectOption('builtin:release-notes');
  await page.getByTestId('write-generate').click();

  const field = page.getByTestId('write-var-product');
  const message = page.getByTestId('write-var-product-error');
  await expect(message).toBeVisible();
  await expect(field).toBeFocused();
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(field).toHaveAttribute('aria-describedby', 'write-var-product-error');
  // A form to complete, not a failed run: no "could not be written", no technical details.
  await expect(page.getByTestId('write-error')).toHaveCount(0);
  await expect(page.getByTestId('write-status')).not.toHaveAttribute('data-status', 'error');
  // Beside its field: the message's box starts where the field's ends.
  const fieldBox = (await field.boundingBox())!;
  const messageBox = (await message.boundingBox())!;
  expect(messageBox.y).toBeGreaterThanOrEqual(fieldBox.y + fieldBox.height - 1);
  expect(messageBox.y).toBeLessThan(fieldBox.y + fieldBox.height + 60);

  await field.fill('Acme Notes');
  await expect(message).toHaveCount(0);
  await expect(field).toHaveAttribute('aria-invalid', 'false');

  await field.fill('');
  await page.getByTestId('write-generate').click();
  await expect(message).toBeVisible();
  // Leave for another tab and wait for it to show: two quick hash changes before React renders
  // would be batched into no change at all, and the Write panel would never have been left.
  await page.getByTestId('nav-classify').click();
  await expect(page.getByTestId('classify-panel')).toBeVisible();
  await expect(page.getByTestId('write-panel')).toHaveCount(0);
  await page.getByTestId('nav-write').click();
  await expect(page.getByTestId('write-var-product')).toBeVisible();
  await expect(page.getByTestId('write-var-product-error')).toHaveCount(0);
  await expect(page.getByTestId('write-missing')).toHaveText('');

  // Settings: as wide as each other (Drafts does not span the card), inputs in a row at one height.
  const boxes = await page.locator('.settings-grid input').evaluateAll((inputs) => inputs.map((input) => input.getBoundingClientRect().toJSON() as DOMRect));
  expect(boxes).toHaveLength(8);
  const widths = new Set(boxes.map((box) => Math.round(box.width)));
  expect([...widths].length, JSON.stringify(boxes)).toBe(1);
  const rows = new Map<number, number[]>();
  for (const box of boxes) {
    const row = [...rows.keys()].find((top) => Math.abs(top - box.top) < box.height) ?? box.top;
    rows.set(row, [...(rows.get(row) ?? []), box.top]);
  }
  for (const tops of rows.values()) expect(Math.max(...tops) - Math.min(...tops), JSON.stringify(boxes)).toBeLessThanOrEqual(1);
  expect(rows.size).toBeLessThan(8); // a grid, not one setting per line
});

test('Keyboard: a skip link comes first; "Choose a file…" opens on Enter on every tab; a file field names what it loaded', async ({ page }) => {
  await openApp(page, { route: 'classify' });
  // The panel loads on its own: a Tab from <main> before it is there finds nothing after <main> and
  // wraps to the skip link (seen twice in CI on a busy machine).
  await expect(page.getByTestId('classify-run')).toBeVisible();
  await page.keyboard.press('Tab');
  const skip = page.getByTestId('skip-link');
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.querySelector('main')!.contains(document.activeElement))).toBe(true);
  await expect(page).toHaveURL(/#\/classify$/);

  for (const route of ['insights', 'evaluate', 'customize', 'summarize', 'write', 'apps', 'ask', 'models', 'settings']) {
    await page.getByTestId(`nav-${route}`).click();
    await expect(page.getByTestId(`${route}-panel`)).toBeVisible();
    const inputs = page.locator('input[type="file"]');
    for (const testId of await inputs.evaluateAll((all) => all.map((input) => input.getAttribute('data-testid') ?? ''))) {
      // Not a tab stop of its own (where Enter does nothing): its button is.
      await expect(page.getByTestId(testId)).toHaveAttribute('tabindex', '-1');
      const button = page.getByTestId(`${testId}-button`);
      if (!(await button.isVisible()) || (await button.isDisabled())) continue;
      await button.focus();
      const chooser = page.waitForEvent('filechooser', { timeout: 5_000 });
      await page.keyboard.press('Enter');
      expect((await chooser).element(), `${route}: ${testId}`).toBeTruthy();
    }
  }

  // A file field that took a file in names it, instead of "No file chosen".
  await page.getByTestId('nav-evaluate').click();
  await chooseWithEnter(page, page.getByTestId('eval-import-input-button'), {
    name: 'labelled.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('text,label\nGreat,POSITIVE\nBad,NEGATIVE\n'),
  });
  await expect(page.getByTestId('eval-import-input-name')).toContainText('labelled.csv');
});

test('the sticky header is opaque: page content does not show through it', async ({ page }) => {
  await openApp(page, { route: 'insights' });
  const background = await page.locator('.app-header').evaluate((header) => getComputedStyle(header).backgroundColor);
  const alpha = /rgba\([^)]*,\s*([\d.]+)\)/.exec(background)?.[1];
  expect(alpha === undefined ? 1 : Number(alpha), background).toBe(1);
  await expect(page.locator('.app-header')).toHaveCSS('position', 'sticky');
});
