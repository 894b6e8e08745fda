/**
 * axe-core on every tab, in the English and the Chinese UI: zero violations allowed (WCAG 2.x A
 * and AA rules and axe's best practices). A violation fails with its rule, its elements and axe's
 * help text.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { openApp } from './support/app';

const ROUTES = ['insights', 'classify', 'evaluate', 'customize', 'summarize', 'write', 'ask', 'models', 'settings'];

for (const language of ['en', 'zh-CN'] as const) {
  test(`axe finds no violations on any tab (${language})`, async ({ page }) => {
    await openApp(page, { route: 'classify' });
    await page.getByTestId(`lang-${language}`).click();
    await expect(page.locator('html')).toHaveAttribute('lang', language);
    for (const route of ROUTES) {
      await page.getByTestId(`nav-${route}`).click();
      await expect(page.getByTestId(`${route}-panel`)).toBeVisible();
      const results = await new AxeBuilder({ page }).analyze();
      const found = results.violations.map((violation) => ({
        rule: violation.id,
        help: violation.help,
        nodes: violation.nodes.map((node) => `${node.target.join(' ')}: ${node.failureSummary ?? ''}`),
      }));
      expect(found, `${route} (${language})`).toEqual([]);
    }
  });
}
