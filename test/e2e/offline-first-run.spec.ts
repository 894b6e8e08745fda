/**
 * The first run without the Hugging Face Hub (issue 10, point 6): the default preset's models are
 * neither cached nor self-hosted, and every request to the Hub fails as it does offline. The
 * message must say the Hub cannot be reached and lead somewhere: the test models (end to end),
 * the Models panel's folder import, self-hosting; the Models panel says the same.
 */
import { expect, test, type Page } from '@playwright/test';

const SENTIMENT = 'Xenova/distilbert-base-uncased-finetuned-sst-2-english';

async function blockHub(page: Page): Promise<string[]> {
  const blocked: string[] = [];
  await page.context().route(/^https:\/\/([^/]+\.)?(huggingface\.co|hf\.co)\//, async (route) => {
    blocked.push(route.request().url());
    await route.abort('internetdisconnected');
  });
  return blocked;
}

test('Classify without the Hub names the unreachable Hub, and switching to the test models makes it work', async ({ page }) => {
  test.setTimeout(180_000);
  const blocked = await blockHub(page);
  await page.goto('/?preset=default&backend=wasm#/classify');
  await page.getByTestId('classify-input').fill('I love it, works great');
  await page.getByTestId('classify-run').click();

  const error = page.getByTestId('classify-error');
  await expect(error).toBeVisible({ timeout: 90_000 });
  await expect(error).toHaveAttribute('data-offline', 'true');
  await expect(error.locator('.error-title')).toHaveText(/Hugging Face Hub cannot be reached/);
  expect(blocked.length).toBeGreaterThan(0); // it did try the Hub, and only the Hub failed
  // All three ways forward are offered in place.
  await expect(page.getByTestId('classify-error-offline-import')).toBeVisible();
  await expect(page.getByTestId('classify-error-offline')).toContainText('npm run models');

  await page.getByTestId('classify-error-offline-fixtures').click();
  await expect(page.getByTestId('classify-error-offline-fixtures-done')).toBeVisible();
  await page.getByTestId('classify-run').click();
  const rows = page.getByTestId('classify-row');
  await expect(rows).toHaveCount(1, { timeout: 90_000 });
  await expect(rows.first()).toHaveAttribute('data-label', /^(POSITIVE|NEGATIVE)$/);
  await expect(page.getByTestId('classify-error')).toHaveCount(0);
  // The choice is the user's preset from now on.
  await page.goto('/#/models');
  await expect(page.getByTestId('models-panel')).toHaveAttribute('data-preset', 'fixtures');
});

test('the Models panel says the same, and "Import a model folder" opens its import', async ({ page }) => {
  test.setTimeout(120_000);
  await blockHub(page);
  await page.goto('/?preset=default&backend=wasm#/models');
  const row = page.locator(`[data-testid="model-row"][data-model-id="${SENTIMENT}"]`);
  await row.getByTestId('model-load').click();
  const error = row.getByTestId('model-error');
  await expect(error).toBeVisible({ timeout: 90_000 });
  await expect(error).toHaveAttribute('data-offline', 'true');
  await expect(error.locator('.error-title')).toHaveText(/Hugging Face Hub cannot be reached/);
  await expect(row.getByTestId('model-error-offline-fixtures')).toBeVisible();

  // From Classify: the link leads to the Models panel, scrolled to the import and focused on it.
  await page.goto('/?preset=default&backend=wasm#/classify');
  await page.getByTestId('classify-input').fill('Broke after a day');
  await page.getByTestId('classify-run').click();
  await expect(page.getByTestId('classify-error')).toHaveAttribute('data-offline', 'true', { timeout: 90_000 });
  await page.getByTestId('classify-error-offline-import').click();
  await expect(page).toHaveURL(/#\/models\/import$/);
  const importCard = page.getByTestId('import-folder');
  await expect(importCard).toHaveAttribute('data-targeted', 'true');
  await expect(importCard).toBeFocused();
  await expect(importCard).toBeInViewport();
  await expect(importCard.getByTestId('import-folder-input')).toBeAttached();
});
