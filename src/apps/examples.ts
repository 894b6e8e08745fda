/**
 * The apps that ship with the workbench, built only with the app format: each is a plain app file
 * (src/apps/examples/*.json, also what the market exports) read through the same validation as an
 * installed file, so a built-in app can never use what a user's app could not.
 */
import type { AppDefinition } from './format';
import { validateApp } from './validate';
import supportTriage from './examples/support-triage.json' with { type: 'json' };
import weeklyReviewDigest from './examples/weekly-review-digest.json' with { type: 'json' };
import faqBot from './examples/faq-bot.json' with { type: 'json' };

export const BUILTIN_APPS: readonly AppDefinition[] = [supportTriage, weeklyReviewDigest, faqBot].map((file) => validateApp(file));

export function isBuiltinApp(id: string): boolean {
  return BUILTIN_APPS.some((app) => app.id === id);
}
