/**
 * All UI strings, per language: the shared file (src/i18n/en.json: shell, Classify, Models,
 * Settings) plus one file per app, each app's strings under its own top-level key (e.g. the key
 * summarize.title), so apps are translated side by side without touching each other's files.
 *
 * The shell bundles them because it is the one part above every panel: src/main.tsx hands them
 * to `initI18n`, so src/i18n (which panels import) never imports a panel.
 */
import appsEn from '../panels/apps/locales/en.json';
import appsZh from '../panels/apps/locales/zh-CN.json';
import askEn from '../panels/ask/locales/en.json';
import askZh from '../panels/ask/locales/zh-CN.json';
import customizeEn from '../panels/customize/locales/en.json';
import customizeZh from '../panels/customize/locales/zh-CN.json';
import evaluateEn from '../panels/evaluate/locales/en.json';
import evaluateZh from '../panels/evaluate/locales/zh-CN.json';
import insightsEn from '../panels/insights/locales/en.json';
import insightsZh from '../panels/insights/locales/zh-CN.json';
import summarizeEn from '../panels/summarize/locales/en.json';
import summarizeZh from '../panels/summarize/locales/zh-CN.json';
import writeEn from '../panels/write/locales/en.json';
import writeZh from '../panels/write/locales/zh-CN.json';
import coreEn from '../i18n/en.json';
import reasonsEn from '../core/reasons/en.json';
import reasonsZh from '../core/reasons/zh-CN.json';
import coreZh from '../i18n/zh-CN.json';

export const en = {
  ...coreEn,
  insights: insightsEn,
  summarize: summarizeEn,
  write: writeEn,
  ask: askEn,
  apps: appsEn,
  evaluate: evaluateEn,
  customize: customizeEn,
  /** Why something was refused or set aside, made outside the UI: see src/core/reasons.ts. */
  reasons: reasonsEn,
};

export const zhCN = {
  ...coreZh,
  insights: insightsZh,
  summarize: summarizeZh,
  write: writeZh,
  ask: askZh,
  apps: appsZh,
  evaluate: evaluateZh,
  customize: customizeZh,
  reasons: reasonsZh,
};
