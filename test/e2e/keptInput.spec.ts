/**
 * What a user typed and has not run yet survives a reload (src/state/keptFields.ts): Classify's
 * box, Summarize's text, Ask's mode, question and passage, Write's template and fields. The reload comes
 * right after the last keystroke, before the short write delay: the page keeps it as it goes.
 */
import { expect, test } from '@playwright/test';
import { openApp } from './support/app';

const REVIEWS = ['送餐太慢了，饭菜都凉了', 'Love the new dark mode', '味道不错，下次还点'].join('\n');
const DIALOG = 'Customer: My order #4521 never arrived.\nAgent: Sorry about that! I have sent a replacement, it arrives Friday.';
const PASSAGE = '退款会在三个工作日内退回原支付账户。Refunds reach the original payment method within three working days.';

test('typed text is there after a reload, in every panel that takes it; results are not kept, only what was typed', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('classify-input').fill(REVIEWS);

  await page.getByTestId('nav-summarize').click();
  await page.getByTestId('summarize-input').fill(DIALOG);

  await page.getByTestId('nav-ask').click();
  await page.getByTestId('ask-mode-context').check();
  await page.getByTestId('ask-context').fill(PASSAGE);
  await page.getByTestId('ask-question').fill('退款多久到账？');

  await page.getByTestId('nav-write').click();
  await page.getByTestId('write-template').selectOption('builtin:support-reply');
  await page.getByTestId('write-var-message').fill('The left earbud keeps disconnecting.');
  await page.getByTestId('write-var-company').fill('Acme');
  await page.reload();

  await expect(page.getByTestId('write-template')).toHaveValue('builtin:support-reply');
  await expect(page.getByTestId('write-var-message')).toHaveValue('The left earbud keeps disconnecting.');
  await expect(page.getByTestId('write-var-company')).toHaveValue('Acme');

  await page.getByTestId('nav-ask').click();
  await expect(page.getByTestId('ask-mode-context')).toBeChecked();
  await expect(page.getByTestId('ask-question')).toHaveValue('退款多久到账？');
  await expect(page.getByTestId('ask-context')).toHaveValue(PASSAGE);

  await page.getByTestId('nav-summarize').click();
  await expect(page.getByTestId('summarize-input')).toHaveValue(DIALOG);

  await page.getByTestId('nav-classify').click();
  await expect(page.getByTestId('classify-input')).toHaveValue(REVIEWS);
  await page.getByTestId('classify-run').click();
  await expect(page.getByTestId('classify-row')).toHaveCount(3, { timeout: 90_000 });

  // The run's rows are results, not typed text: a reload shows the box, not the table.
  await page.reload();
  await expect(page.getByTestId('classify-input')).toHaveValue(REVIEWS);
  await expect(page.getByTestId('classify-row')).toHaveCount(0);

  // Emptying a box is kept too: the next page opens with it empty, not with the older text.
  await page.getByTestId('classify-input').fill('');
  await page.reload();
  await expect(page.getByTestId('classify-input')).toHaveValue('');
});
