/**
 * axe-core on every tab, in the English and the Chinese UI: zero violations allowed (WCAG 2.x A
 * and AA rules, axe's best practices, and label-content-name-mismatch). A violation fails with its rule, its elements and axe's
 * help text.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { openApp } from './support/app';

const ROUTES = ['insights', 'classify', 'evaluate', 'customize', 'summarize', 'write', 'apps', 'ask', 'models', 'settings'];

for (const language of ['en', 'zh-CN'] as const) {
  for (const route of ROUTES) {
    test(`axe finds no violations on ${route} (${language})`, async ({ page }) => {
      // axe walks the whole page (the Models tab lists every model): slow on a loaded machine.
      test.setTimeout(240_000);
      await openApp(page, { route });
      await page.getByTestId(`lang-${language}`).click();
      await expect(page.locator('html')).toHaveAttribute('lang', language);
      await expect(page.getByTestId(`${route}-panel`)).toBeVisible();
      // label-content-name-mismatch is one of axe's experimental rules (off by default): the
      // language buttons failed it ("EN" named "English"), so it is on here.
      const results = await new AxeBuilder({ page }).options({ rules: { 'label-content-name-mismatch': { enabled: true } } }).analyze();
      const found = results.violations.map((violation) => ({
        rule: violation.id,
        help: violation.help,
        nodes: violation.nodes.map((node) => `${node.target.join(' ')}: ${node.failureSummary ?? ''}`),
      }));
      expect(found, `${route} (${language})`).toEqual([]);
    });
  }
}
