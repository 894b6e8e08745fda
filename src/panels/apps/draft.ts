/**
 * The builder's pure helpers: a new app, a new input or step of each kind with the options the
 * format needs filled in, moving and removing entries, free ids, and where a validation refusal
 * points (which input, step, output or app field), so the builder can show it beside that field.
 * No React, no store: the store calls these and the unit test checks them through it.
 */
import { APP_FILE_FORMAT, APP_FILE_VERSION, type AppDefinition, type AppInput, type AppOutput, type AppStep, type InputKind, type StepOp } from '../../apps';
import type { LocalizedText } from '../../core';

/** An id not in `taken`: `base`, else `base2`, `base3`, ... */
export function freeId(base: string, taken: ReadonlySet<string>): string {
  const clean = /^[A-Za-z]/.test(base) ? base.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 56) : `app-${base}`.slice(0, 56);
  if (!taken.has(clean)) return clean;
  for (let n = 2; ; n += 1) if (!taken.has(`${clean}-${n}`)) return `${clean}-${n}`;
}

/** A new, empty app: one list input, one classify step, a table of its result. */
export function newApp(id: string): AppDefinition {
  return {
    format: APP_FILE_FORMAT,
    version: APP_FILE_VERSION,
    id,
    name: { en: 'My app', 'zh-CN': '我的应用' },
    description: { en: 'What this app does.', 'zh-CN': '这个应用做什么。' },
    icon: '✨',
    color: '#6d28d9',
    languages: ['en'],
    inputs: [{ id: 'items', kind: 'list', label: { en: 'Items, one per line', 'zh-CN': '条目，每行一条' }, required: true }],
    steps: [{ id: 'sentiment', op: 'classify', from: 'items' }],
    outputs: [{ kind: 'table', from: 'sentiment' }],
  };
}

/** Every id an app uses (inputs and steps share one name space). */
function usedIds(app: Pick<AppDefinition, 'inputs' | 'steps'>): Set<string> {
  return new Set([...app.inputs.map((input) => input.id), ...app.steps.map((step) => step.id)]);
}

const INPUT_LABELS: Record<InputKind, { en: string; 'zh-CN': string }> = {
  text: { en: 'Text', 'zh-CN': '文本' },
  list: { en: 'Items, one per line', 'zh-CN': '条目，每行一条' },
  column: { en: 'A dataset column', 'zh-CN': '数据集的一列' },
  file: { en: 'A text file', 'zh-CN': '文本文件' },
  fields: { en: 'Details', 'zh-CN': '详细信息' },
};

export function newInput(app: AppDefinition, kind: InputKind): AppInput {
  const input: AppInput = { id: freeId(kind === 'fields' ? 'details' : kind, usedIds(app)), kind, label: { ...INPUT_LABELS[kind] }, required: true };
  if (kind === 'fields') input.fields = [{ id: 'product', label: { en: 'product', 'zh-CN': 'product' } }];
  return input;
}

/** The id the new step reads by default: the last step, else the first input. */
function lastValue(app: AppDefinition): string {
  return app.steps.at(-1)?.id ?? app.inputs[0]?.id ?? 'items';
}

export function newStep(app: AppDefinition, op: StepOp): AppStep {
  const id = freeId(op, usedIds(app));
  const from = lastValue(app);
  switch (op) {
    case 'classify':
      return { id, op, from };
    case 'filter':
      return { id, op, from, labels: ['negative'] };
    case 'themes':
      return { id, op, from };
    case 'summarize':
      return { id, op, from, maxNewTokens: 60 };
    case 'generate':
      return { id, op, forEach: from, template: 'Write a short reply to: {{item}}\nReply:', maxNewTokens: 40 };
    case 'answer':
      return { id, op, from };
    case 'count':
      return { id, op, from, by: 'label' };
  }
}

export function newOutput(app: AppDefinition): AppOutput {
  return { kind: 'table', from: lastValue(app) };
}

/** The entries with `index` moved by `delta` (−1 up, +1 down); unchanged at the ends. */
export function moved<T>(entries: readonly T[], index: number, delta: -1 | 1): T[] {
  const target = index + delta;
  if (index < 0 || index >= entries.length || target < 0 || target >= entries.length) return [...entries];
  const copy = [...entries];
  [copy[index], copy[target]] = [copy[target]!, copy[index]!];
  return copy;
}

export function without<T>(entries: readonly T[], index: number): T[] {
  return entries.filter((_entry, i) => i !== index);
}

/** A copy of a step with one option set, or removed when `value` is undefined or ''. */
export function withOption(step: AppStep, key: string, value: unknown): AppStep {
  const copy: Record<string, unknown> = { ...step };
  if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) delete copy[key];
  else copy[key] = value;
  return copy as unknown as AppStep;
}

/** Comma- or line-separated words as a list (labels, keywords). */
export function wordList(text: string): string[] {
  return text
    .split(/[,\n，]/)
    .map((word) => word.trim())
    .filter((word) => word !== '');
}

/** Where a refusal of the validator points in the builder. */
export type ProblemTarget =
  | { area: 'app'; field?: string }
  | { area: 'input'; index: number; field?: string }
  | { area: 'step'; index: number; field?: string }
  | { area: 'output'; index: number; field?: string };

/** The step option a refusal about a step is about. */
const STEP_FIELD_OF: Readonly<Record<string, string>> = {
  appTemplateVariable: 'template',
  appUnknownReference: 'from',
  appWrongKind: 'from',
  appFilterEmpty: 'labels',
  appModelMissing: 'model',
  appModelWrongTask: 'model',
  appClassifierMissing: 'model',
};

const AREA_PATH = /^(inputs|steps|outputs)\[(\d+)\](?:\.([A-Za-z-]+))?/;

/** The input, step, output or app field a validation refusal names (by its `path`, step id, input id or output number). */
export function problemTarget(app: Pick<AppDefinition, 'inputs' | 'steps'>, localized: LocalizedText | undefined): ProblemTarget {
  if (localized?.key === 'appBuiltinId' || localized?.key === 'appIdTaken') return { area: 'app', field: 'id' };
  const params = localized?.params ?? {};
  const param = (name: string) => (typeof params[name] === 'string' || typeof params[name] === 'number' ? String(params[name]) : undefined);
  const path = param('path');
  if (path !== undefined) {
    const match = AREA_PATH.exec(path);
    if (match) {
      const area = match[1] === 'inputs' ? 'input' : match[1] === 'steps' ? 'step' : 'output';
      return match[3] === undefined ? { area, index: Number(match[2]) } : { area, index: Number(match[2]), field: match[3] };
    }
    const field = /^[A-Za-z]+/.exec(path)?.[0];
    return field === undefined || field === 'app' ? { area: 'app' } : { area: 'app', field };
  }
  const stepId = param('step');
  if (stepId !== undefined) {
    const index = app.steps.findIndex((step) => step.id === stepId);
    const field = localized?.key === undefined ? undefined : STEP_FIELD_OF[localized.key];
    if (index >= 0) return field === undefined ? { area: 'step', index } : { area: 'step', index, field };
  }
  const outputIndex = localized?.key.startsWith('appOutput') ? param('index') : undefined;
  if (outputIndex !== undefined) return { area: 'output', index: Number(outputIndex) - 1 };
  const id = param('id') ?? param('input');
  if (id !== undefined) {
    const step = app.steps.findIndex((entry) => entry.id === id);
    if (step >= 0) return { area: 'step', index: step, field: 'id' };
    const input = app.inputs.findIndex((entry) => entry.id === id || id.startsWith(`${entry.id}.`));
    if (input >= 0) return { area: 'input', index: input, field: 'id' };
  }
  if (localized?.key === 'appNoSteps') return { area: 'step', index: -1 };
  if (localized?.key === 'appNoOutputs') return { area: 'output', index: -1 };
  return { area: 'app' };
}
