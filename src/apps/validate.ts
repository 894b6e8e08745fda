/**
 * Reading an app file as strictly as a workspace backup: a file that is too large, not JSON, of
 * another format or a newer version, with keys the format does not have (`__proto__`,
 * `constructor` and `prototype` anywhere are refused by name), markup in the texts the market
 * shows, a step wired to something that does not come before it, or a model the library lacks is
 * refused with its reason (`refusal(reason(...))`) and nothing is installed.
 *
 * Template bodies and samples may hold any text: they are shown as text and sent to models, never
 * rendered as HTML.
 */
import { formatBytes, reason, refusal, type Reason, type ReasonParam, type Task } from '../core';
import {
  APP_FILE_FORMAT,
  APP_FILE_VERSION,
  INPUT_KINDS,
  OUTPUT_KINDS,
  STEP_OPS,
  type AppDefinition,
  type AppField,
  type AppInput,
  type AppOutput,
  type AnswerStep,
  type AppStep,
  type FilterStep,
  type GenerateStep,
  type SummarizeStep,
  type ThemesStep,
  type LocalizedString,
  type StepOp,
} from './format';
import { wiringProblem } from './wiring';

/** The largest app file read; real ones are a few kilobytes. */
export const MAX_APP_FILE_BYTES = 256 * 1024;
export const APP_LIMITS = { depth: 8, inputs: 16, steps: 32, outputs: 16, fields: 32, list: 200, text: 8_000, name: 120, id: 64 } as const;

/** What the workbench has, to refuse an app needing what it lacks. Absent = not checked. */
export interface AppContext {
  /** Every model in the library with its task. */
  models?: ReadonlyArray<{ id: string; task: Task }>;
  /** Names of the custom classifiers saved in Customize. */
  classifiers?: readonly string[];
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const ID = /^[A-Za-z][A-Za-z0-9_-]*$/;
const COLOR = /^#[0-9a-fA-F]{6}$/;
/** Tags, comments and `javascript:` URLs: shown as text anyway, but no app needs them in a name. */
const MARKUP = /<\s*\/?\s*[a-z!?][^>]{0,40}>?|javascript\s*:/i;

/** The task each operation runs, for the model checks. */
export const STEP_TASK: Record<StepOp, Task | null> = {
  classify: 'sentiment',
  filter: null,
  themes: 'embeddings',
  summarize: 'summarization',
  generate: 'generation',
  answer: 'question-answering',
  count: null,
};

class Refused extends Error {
  constructor(readonly why: Reason) {
    super(why.key);
  }
}

function refuse(key: Parameters<typeof reason>[0], params?: Record<string, ReasonParam>): never {
  throw new Refused(reason(key, params));
}

/** Parses and validates an app file's text; throws a `bad-input` refusal naming the problem. */
export function parseAppFile(text: string, context: AppContext = {}): AppDefinition {
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > MAX_APP_FILE_BYTES) throw refusal(reason('appTooLarge', { size: formatBytes(bytes), limit: formatBytes(MAX_APP_FILE_BYTES) }));
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw refusal(reason('appNotJson', { detail: error instanceof Error ? error.message : String(error) }), { cause: error });
  }
  return validateApp(value, context);
}

/** Validates a parsed app definition (a file, or one built in the builder); returns a clean copy. */
export function validateApp(value: unknown, context: AppContext = {}): AppDefinition {
  try {
    scanHostile(value, 'app', 0);
    const definition = readDefinition(value);
    const wiring = wiringProblem(definition);
    if (wiring) throw new Refused(wiring);
    checkModels(definition, context);
    return definition;
  } catch (error) {
    if (error instanceof Refused) throw refusal(error.why);
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Hostile shapes, before anything reads a field

function scanHostile(value: unknown, path: string, depth: number): void {
  if (depth > APP_LIMITS.depth) refuse('appTooDeep', { limit: APP_LIMITS.depth });
  if (Array.isArray(value)) {
    value.forEach((entry, index) => scanHostile(entry, `${path}[${index}]`, depth + 1));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  // JSON.parse makes "__proto__" an own key, so Object.keys sees it.
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) refuse('appForbiddenKey', { key, path });
    scanHostile((value as Record<string, unknown>)[key], `${path}.${key}`, depth + 1);
  }
}

// ---------------------------------------------------------------------------------------------
// Fields

type Raw = Readonly<Record<string, unknown>>;

function object(value: unknown, path: string, allowed: readonly string[]): Raw {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) refuse('appFieldInvalid', { path, expected: reason('expectObject') });
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) refuse('appUnknownField', { path, field: key });
  }
  return value as Raw;
}

function list(value: unknown, path: string, limit: number): unknown[] {
  if (!Array.isArray(value)) refuse('appFieldInvalid', { path, expected: reason('expectList') });
  if (value.length > limit) refuse('appTooMany', { path, count: value.length, limit });
  return value;
}

function text(value: unknown, path: string, options: { limit?: number; plain?: boolean; nonEmpty?: boolean } = {}): string {
  if (typeof value !== 'string') refuse('appFieldInvalid', { path, expected: reason(options.nonEmpty ? 'expectNonEmptyText' : 'expectText') });
  if (options.nonEmpty && value.trim() === '') refuse('appFieldInvalid', { path, expected: reason('expectNonEmptyText') });
  const limit = options.limit ?? APP_LIMITS.text;
  if (value.length > limit) refuse('appTextTooLong', { path, length: value.length, limit });
  if (options.plain) {
    const markup = MARKUP.exec(value);
    if (markup) refuse('appMarkup', { path, found: markup[0].slice(0, 40) });
  }
  return value;
}

function id(value: unknown, path: string): string {
  const name = text(value, path, { limit: APP_LIMITS.id, nonEmpty: true });
  if (!ID.test(name)) refuse('appBadId', { path, id: name });
  return name;
}

function number(value: unknown, path: string, min: number, max: number, integer = false): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    refuse('appNumberInvalid', { path, min, max });
  }
  return value;
}

function bool(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') refuse('appFieldInvalid', { path, expected: reason('expectBoolean') });
  return value;
}

function oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    refuse('appNotOneOf', { path, allowed: allowed.join(', '), found: typeof value === 'string' ? value.slice(0, 40) : typeof value });
  }
  return value as T;
}

function localizedText(value: unknown, path: string, limit: number = APP_LIMITS.name): LocalizedString {
  const raw = object(value, path, ['en', 'zh-CN']);
  const result: LocalizedString = {};
  if (raw.en !== undefined) result.en = text(raw.en, `${path}.en`, { limit, plain: true, nonEmpty: true });
  if (raw['zh-CN'] !== undefined) result['zh-CN'] = text(raw['zh-CN'], `${path}.zh-CN`, { limit, plain: true, nonEmpty: true });
  if (result.en === undefined && result['zh-CN'] === undefined) refuse('appFieldInvalid', { path, expected: reason('expectLocalized') });
  return result;
}

function textList(value: unknown, path: string, limit: number = APP_LIMITS.name): string[] {
  return list(value, path, APP_LIMITS.list).map((entry, index) => text(entry, `${path}[${index}]`, { limit, nonEmpty: true }));
}

// ---------------------------------------------------------------------------------------------
// The definition

const TOP_KEYS = ['$schema', 'format', 'version', 'id', 'name', 'description', 'icon', 'color', 'languages', 'inputs', 'steps', 'outputs'] as const;

function readDefinition(value: unknown): AppDefinition {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) refuse('appNotApp');
  const raw = value as Raw;
  if (raw.format !== APP_FILE_FORMAT) refuse('appNotApp');
  if (typeof raw.version !== 'number' || !Number.isInteger(raw.version) || raw.version < 1) refuse('appBadVersion');
  if (raw.version !== APP_FILE_VERSION) refuse('appVersionUnsupported', { version: raw.version, supported: APP_FILE_VERSION });
  object(raw, 'app', TOP_KEYS);
  const definition: AppDefinition = {
    format: APP_FILE_FORMAT,
    version: APP_FILE_VERSION,
    id: id(raw.id, 'id'),
    name: localizedText(raw.name, 'name'),
    inputs: list(raw.inputs, 'inputs', APP_LIMITS.inputs).map((input, index) => readInput(input, `inputs[${index}]`)),
    steps: list(raw.steps, 'steps', APP_LIMITS.steps).map((step, index) => readStep(step, `steps[${index}]`)),
    outputs: list(raw.outputs, 'outputs', APP_LIMITS.outputs).map((output, index) => readOutput(output, `outputs[${index}]`)),
  };
  if (raw.description !== undefined) definition.description = localizedText(raw.description, 'description', 1_000);
  if (raw.icon !== undefined) {
    const icon = text(raw.icon, 'icon', { limit: 8, plain: true, nonEmpty: true });
    if ([...icon].length > 4) refuse('appTextTooLong', { path: 'icon', length: [...icon].length, limit: 4 });
    definition.icon = icon;
  }
  if (raw.color !== undefined) {
    const color = text(raw.color, 'color', { limit: 7 });
    if (!COLOR.test(color)) refuse('appFieldInvalid', { path: 'color', expected: reason('expectColor') });
    definition.color = color;
  }
  if (raw.languages !== undefined) {
    definition.languages = list(raw.languages, 'languages', 2).map((language, index) => oneOf(language, `languages[${index}]`, ['en', 'zh-CN'] as const));
  }
  if (definition.steps.length === 0) refuse('appNoSteps');
  if (definition.outputs.length === 0) refuse('appNoOutputs');
  return definition;
}

function readInput(value: unknown, path: string): AppInput {
  const raw = object(value, path, ['id', 'kind', 'label', 'required', 'fields', 'sample']);
  const input: AppInput = {
    id: id(raw.id, `${path}.id`),
    kind: oneOf(raw.kind, `${path}.kind`, INPUT_KINDS),
    label: localizedText(raw.label, `${path}.label`),
  };
  if (raw.required !== undefined) input.required = bool(raw.required, `${path}.required`);
  if (input.kind === 'fields') {
    input.fields = list(raw.fields, `${path}.fields`, APP_LIMITS.fields).map((field, index) => readField(field, `${path}.fields[${index}]`));
    const ids = new Set<string>();
    for (const field of input.fields) {
      if (ids.has(field.id)) refuse('appDuplicateId', { id: `${input.id}.${field.id}` });
      ids.add(field.id);
    }
  } else if (raw.fields !== undefined) {
    refuse('appUnknownField', { path, field: 'fields' });
  }
  if (raw.sample !== undefined) {
    input.sample = Array.isArray(raw.sample) ? textList(raw.sample, `${path}.sample`, APP_LIMITS.text) : text(raw.sample, `${path}.sample`);
  }
  return input;
}

function readField(value: unknown, path: string): AppField {
  const raw = object(value, path, ['id', 'label']);
  return { id: id(raw.id, `${path}.id`), label: localizedText(raw.label, `${path}.label`) };
}

const STEP_KEYS: Record<StepOp, readonly string[]> = {
  classify: ['from'],
  filter: ['from', 'labels', 'minScore', 'maxScore', 'keywords'],
  themes: ['from', 'themes'],
  summarize: ['from', 'each', 'maxNewTokens'],
  generate: ['template', 'forEach', 'maxNewTokens', 'temperature', 'seed'],
  answer: ['from', 'knowledgeBase'],
  count: ['from', 'by'],
};

function readStep(value: unknown, path: string): AppStep {
  const op = oneOf(object(value, path, ['id', 'op', 'model', 'label', ...new Set(Object.values(STEP_KEYS).flat())]).op, `${path}.op`, STEP_OPS);
  const raw = object(value, path, ['id', 'op', 'model', 'label', ...STEP_KEYS[op]]);
  const base: { id: string; model?: string; label?: LocalizedString } = { id: id(raw.id, `${path}.id`) };
  if (raw.model !== undefined) {
    if (STEP_TASK[op] === null) refuse('appUnknownField', { path, field: 'model' });
    base.model = text(raw.model, `${path}.model`, { limit: 200, nonEmpty: true, plain: true });
  }
  if (raw.label !== undefined) base.label = localizedText(raw.label, `${path}.label`);
  const from = () => id(raw.from, `${path}.from`);
  switch (op) {
    case 'classify':
      return { ...base, op, from: from() };
    case 'filter': {
      const step: FilterStep = { ...base, op, from: from() };
      if (raw.labels !== undefined) step.labels = textList(raw.labels, `${path}.labels`);
      if (raw.keywords !== undefined) step.keywords = textList(raw.keywords, `${path}.keywords`);
      if (raw.minScore !== undefined) step.minScore = number(raw.minScore, `${path}.minScore`, 0, 1);
      if (raw.maxScore !== undefined) step.maxScore = number(raw.maxScore, `${path}.maxScore`, 0, 1);
      if (step.labels === undefined && step.keywords === undefined && step.minScore === undefined && step.maxScore === undefined)
        refuse('appFilterEmpty', { step: base.id });
      return step;
    }
    case 'themes': {
      const step: ThemesStep = { ...base, op, from: from() };
      if (raw.themes !== undefined) step.themes = number(raw.themes, `${path}.themes`, 2, 20, true);
      return step;
    }
    case 'summarize': {
      const step: SummarizeStep = { ...base, op, from: from() };
      if (raw.each !== undefined) step.each = bool(raw.each, `${path}.each`);
      if (raw.maxNewTokens !== undefined) step.maxNewTokens = number(raw.maxNewTokens, `${path}.maxNewTokens`, 1, 1024, true);
      return step;
    }
    case 'generate': {
      const step: GenerateStep = { ...base, op, template: text(raw.template, `${path}.template`, { nonEmpty: true }) };
      if (raw.forEach !== undefined) step.forEach = id(raw.forEach, `${path}.forEach`);
      if (raw.maxNewTokens !== undefined) step.maxNewTokens = number(raw.maxNewTokens, `${path}.maxNewTokens`, 1, 1024, true);
      if (raw.temperature !== undefined) step.temperature = number(raw.temperature, `${path}.temperature`, 0, 2);
      if (raw.seed !== undefined) step.seed = number(raw.seed, `${path}.seed`, 0, 2 ** 31 - 1, true);
      return step;
    }
    case 'answer': {
      const step: AnswerStep = { ...base, op, from: from() };
      if (raw.knowledgeBase !== undefined) step.knowledgeBase = text(raw.knowledgeBase, `${path}.knowledgeBase`, { nonEmpty: true, plain: true });
      return step;
    }
    case 'count':
      return { ...base, op, from: from(), by: oneOf(raw.by, `${path}.by`, ['label', 'group'] as const) };
  }
}

function readOutput(value: unknown, path: string): AppOutput {
  const raw = object(value, path, ['kind', 'from', 'title']);
  const output: AppOutput = { kind: oneOf(raw.kind, `${path}.kind`, OUTPUT_KINDS), from: id(raw.from, `${path}.from`) };
  if (raw.title !== undefined) output.title = localizedText(raw.title, `${path}.title`);
  return output;
}

// ---------------------------------------------------------------------------------------------
// Models

const CUSTOM_PREFIX = 'custom:';

function checkModels(definition: AppDefinition, context: AppContext): void {
  for (const step of definition.steps) {
    if (step.model === undefined) continue;
    const task = STEP_TASK[step.op]!;
    if (step.model.startsWith(CUSTOM_PREFIX)) {
      const name = step.model.slice(CUSTOM_PREFIX.length);
      if (step.op !== 'classify' || name.trim() === '') refuse('appModelWrongTask', { step: step.id, model: step.model, task });
      if (context.classifiers && !context.classifiers.includes(name)) refuse('appClassifierMissing', { step: step.id, name });
      continue;
    }
    if (!context.models) continue;
    const model = context.models.find((entry) => entry.id === step.model);
    if (!model) refuse('appModelMissing', { step: step.id, model: step.model });
    if (model.task !== task) refuse('appModelWrongTask', { step: step.id, model: step.model, task });
  }
}

/** The tasks (and named models) an app needs, for the market's "needs" line. */
export function neededModels(definition: Pick<AppDefinition, 'steps'>): Array<{ task: Task; model?: string }> {
  const needs: Array<{ task: Task; model?: string }> = [];
  const add = (task: Task, model?: string) => {
    if (!needs.some((need) => need.task === task && need.model === model)) needs.push(model === undefined ? { task } : { task, model });
  };
  for (const step of definition.steps) {
    const task = STEP_TASK[step.op];
    if (task === null) continue;
    if (step.model?.startsWith(CUSTOM_PREFIX)) add('embeddings', step.model);
    else add(task, step.model);
    // Retrieval embeds the question with the knowledge base's embedding model.
    if (step.op === 'answer') add('embeddings');
  }
  return needs;
}
