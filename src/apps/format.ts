/**
 * The app definition format: a small, versioned JSON file describing an app built on the SDK
 * (inputs, steps, outputs). The JSON Schema of the same format is docs/app-format.schema.json;
 * `validateApp` (validate.ts) is the check the workbench trusts, since a schema alone cannot say
 * "a step reads only inputs and earlier steps" or "the model is in the library".
 *
 * Pure: no React, storage, workers or SDK runtime. The runner (runner.ts) gets the client passed in.
 */
import { uiLanguageOf } from '../core';

export const APP_FILE_FORMAT = 'llmaos-workbench/app';
export const APP_FILE_VERSION = 1;

/** A text shown to the user, in English and/or Simplified Chinese (at least one). */
export interface LocalizedString {
  en?: string;
  'zh-CN'?: string;
}

export const INPUT_KINDS = ['text', 'list', 'column', 'file', 'fields'] as const;
export type InputKind = (typeof INPUT_KINDS)[number];

export interface AppField {
  id: string;
  label: LocalizedString;
}

export interface AppInput {
  id: string;
  /**
   * `text` one text; `list` one item per line; `column` a dataset column (the runner gets its
   * values as a list); `file` a text file's content; `fields` named short texts (`{{input.field}}`).
   */
  kind: InputKind;
  label: LocalizedString;
  required?: boolean;
  /** For `fields`: the named fields. */
  fields?: AppField[];
  /** Sample value for trying the app: a text, or a list for `list`/`column`. */
  sample?: string | string[];
}

interface StepBase {
  id: string;
  /** A model id from the library instead of the task's assigned model (`custom:<name>` for classify). */
  model?: string;
  label?: LocalizedString;
}

export interface ClassifyStep extends StepBase {
  op: 'classify';
  from: string;
}
export interface FilterStep extends StepBase {
  op: 'filter';
  from: string;
  /** Keep items whose label is one of these (case-insensitive). */
  labels?: string[];
  minScore?: number;
  maxScore?: number;
  /** Keep items containing any of these words (case-insensitive). */
  keywords?: string[];
}
export interface ThemesStep extends StepBase {
  op: 'themes';
  from: string;
  /** How many themes; absent = chosen by silhouette. */
  themes?: number;
}
export interface SummarizeStep extends StepBase {
  op: 'summarize';
  from: string;
  /** One summary per item or group instead of one of everything. */
  each?: boolean;
  maxNewTokens?: number;
}
export interface GenerateStep extends StepBase {
  op: 'generate';
  /** `{{input}}`, `{{input.field}}`, `{{step}}`, and with `forEach`: `{{item}}`, `{{item.label}}`, ... */
  template: string;
  /** One draft per item (or group) of this input or step. */
  forEach?: string;
  maxNewTokens?: number;
  temperature?: number;
  seed?: number;
}
export interface AnswerStep extends StepBase {
  op: 'answer';
  /** The questions. */
  from: string;
  /** A knowledge base by name; absent = the most recently updated one. */
  knowledgeBase?: string;
}
export interface CountStep extends StepBase {
  op: 'count';
  from: string;
  by: 'label' | 'group';
}

export type AppStep = ClassifyStep | FilterStep | ThemesStep | SummarizeStep | GenerateStep | AnswerStep | CountStep;
export type StepOp = AppStep['op'];
export const STEP_OPS = ['classify', 'filter', 'themes', 'summarize', 'generate', 'answer', 'count'] as const satisfies readonly StepOp[];

export const OUTPUT_KINDS = ['table', 'text', 'chart', 'csv', 'markdown'] as const;
export type OutputKind = (typeof OUTPUT_KINDS)[number];

export interface AppOutput {
  kind: OutputKind;
  /** An input or step id. */
  from: string;
  title?: LocalizedString;
}

export interface AppDefinition {
  format: typeof APP_FILE_FORMAT;
  version: typeof APP_FILE_VERSION;
  id: string;
  name: LocalizedString;
  description?: LocalizedString;
  /** A short symbol (an emoji or up to four characters). */
  icon?: string;
  /** `#rrggbb`. */
  color?: string;
  /** Languages the app is meant for (its models and templates). */
  languages?: Array<'en' | 'zh-CN'>;
  inputs: AppInput[];
  steps: AppStep[];
  outputs: AppOutput[];
}

/** What a value flowing between steps is. */
export type ValueKind = 'text' | 'items' | 'groups' | 'counts' | 'fields';

export interface AppItem {
  text: string;
  label?: string;
  score?: number;
  /** The theme (group) name the item was put in. */
  group?: string;
  /** A step's text for this item: a draft, a summary, an answer. */
  output?: string;
  /** Where an answer came from: the passage's title or text. */
  source?: string;
}

export interface AppGroup {
  name: string;
  items: AppItem[];
  summary?: string;
  output?: string;
}

export interface AppCount {
  key: string;
  count: number;
}

export type AppValue =
  | { kind: 'text'; text: string }
  | { kind: 'items'; items: AppItem[] }
  | { kind: 'groups'; groups: AppGroup[] }
  | { kind: 'counts'; counts: AppCount[] }
  | { kind: 'fields'; fields: ReadonlyArray<readonly [string, string]> };

/** What the runner is given for each input: a text, a list, or named fields. */
export type AppInputValue = string | readonly string[] | Readonly<Record<string, string>>;

/** The text of a localized string in a language, falling back to the other one. */
export function localized(text: LocalizedString | undefined, language: string): string {
  if (!text) return '';
  const chinese = uiLanguageOf(language) === 'zh-CN';
  return (chinese ? (text['zh-CN'] ?? text.en) : (text.en ?? text['zh-CN'])) ?? '';
}
