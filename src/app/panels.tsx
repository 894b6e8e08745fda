/**
 * The apps of the workbench, in nav order: one line each. A panel is loaded when its tab is
 * first opened, so the first screen does not pay for every app's code.
 */
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { ParseKeys } from 'i18next';

export interface PanelEntry {
  route: string;
  /** i18n key of the tab label. */
  label: ParseKeys;
  Component: LazyExoticComponent<ComponentType>;
}

function panel(route: string, label: ParseKeys, load: () => Promise<{ default: ComponentType }>): PanelEntry {
  return { route, label, Component: lazy(load) };
}

export const PANELS: readonly PanelEntry[] = [
  panel('insights', 'insights.nav', () => import('../panels/insights/InsightsPanel').then((m) => ({ default: m.InsightsPanel }))),
  panel('classify', 'nav.classify', () => import('../panels/classify/ClassifyPanel').then((m) => ({ default: m.ClassifyPanel }))),
  panel('evaluate', 'evaluate.nav', () => import('../panels/evaluate/EvaluatePanel').then((m) => ({ default: m.EvaluatePanel }))),
  panel('customize', 'customize.nav', () => import('../panels/customize/CustomizePanel').then((m) => ({ default: m.CustomizePanel }))),
  panel('summarize', 'summarize.nav', () => import('../panels/summarize/SummarizePanel').then((m) => ({ default: m.SummarizePanel }))),
  panel('write', 'write.nav', () => import('../panels/write/WritePanel').then((m) => ({ default: m.WritePanel }))),
  panel('apps', 'apps.nav', () => import('../panels/apps/AppsPanel').then((m) => ({ default: m.AppsPanel }))),
  panel('ask', 'ask.nav', () => import('../panels/ask/AskPanel').then((m) => ({ default: m.AskPanel }))),
  panel('models', 'nav.models', () => import('../panels/models/ModelsPanel').then((m) => ({ default: m.ModelsPanel }))),
  panel('settings', 'nav.settings', () => import('../panels/settings/SettingsPanel').then((m) => ({ default: m.SettingsPanel }))),
];

export const DEFAULT_ROUTE = 'classify';
