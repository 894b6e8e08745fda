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
  panel('classify', 'nav.classify', () => import('../panels/classify/ClassifyPanel').then((m) => ({ default: m.ClassifyPanel }))),
  panel('models', 'nav.models', () => import('../panels/models/ModelsPanel').then((m) => ({ default: m.ModelsPanel }))),
  panel('settings', 'nav.settings', () => import('../panels/settings/SettingsPanel').then((m) => ({ default: m.SettingsPanel }))),
];

export const DEFAULT_ROUTE = 'classify';
