/**
 * Runs an app: its steps in order, each one SDK call (or a pure step: filter, count), the value of
 * each step available to the later ones. Progress per step, cancel through `signal` (checked
 * before every step and every per-item call, and passed to every SDK call, so the worker stops
 * too). The client is passed in (the SDK's own, or a test's), so this module stays pure.
 */
import { cancelledError, reason, refusal, type Answer, type Classification, type WorkProgress } from '../core';
import { askKnowledgeBase, type NamedKbIndex } from '../content/asking';
import { autoCluster, kmeans, toMatrix } from '../insights/clustering';
import { clusterKeywords } from '../insights/keywords';
import type { AppDefinition, AppGroup, AppInputValue, AppItem, AppStep, AppValue } from './format';
import { fillAppTemplate, scopeKey } from './template';
import { renderOutputs, valueText, type RenderedOutput } from './outputs';
import { inputValueKind } from './wiring';

/** The SDK calls an app runs on: a structural part of `WorkbenchClient`. */
export interface AppClient {
  classify(texts: string[], options?: { model?: string; signal?: AbortSignal; onProgress?: (progress: WorkProgress) => void }): Promise<Classification[]>;
  embed(texts: string[], options?: { model?: string; signal?: AbortSignal; onProgress?: (progress: WorkProgress) => void }): Promise<number[][]>;
  summarize(text: string, options?: { model?: string; signal?: AbortSignal; maxNewTokens?: number }): Promise<string>;
  generate(
    prompt: string,
    options?: { model?: string; signal?: AbortSignal; maxNewTokens?: number; temperature?: number; seed?: number },
  ): { readonly result: Promise<{ text: string }> };
  answer(question: string, context: string, options?: { model?: string; signal?: AbortSignal }): Promise<Answer>;
}

export interface AppRunEnvironment {
  client: AppClient;
  /** The knowledge base an `answer` step reads: by name, or the current one when `name` is undefined; null when there is none. */
  knowledgeBase?: (name: string | undefined) => Promise<NamedKbIndex | null>;
}

export interface AppStepProgress {
  /** 0-based index of the step running. */
  step: number;
  stepId: string;
  steps: number;
  status: 'running' | 'done';
  /** Units of the step done so far (items, model progress), when known. */
  done?: number;
  total?: number;
}

export interface AppRunOptions {
  signal?: AbortSignal;
  onProgress?: (progress: AppStepProgress) => void;
}

export interface AppStepResult {
  id: string;
  value: AppValue;
  ms: number;
}

export interface AppRunResult {
  appId: string;
  steps: AppStepResult[];
  outputs: RenderedOutput[];
}

/** Items one run takes from one input (a dataset column can be long; a run keeps every value in memory). */
export const MAX_RUN_ITEMS = 5_000;
/** Characters one text input may hold (summaries are made in parts; this bounds memory, not models). */
export const MAX_RUN_TEXT = 2_000_000;

/** The inputs as values, checked against the definition; throws a refusal naming the input. */
export function readRunInputs(definition: Pick<AppDefinition, 'inputs'>, inputs: Readonly<Record<string, AppInputValue>>): Map<string, AppValue> {
  const values = new Map<string, AppValue>();
  for (const input of definition.inputs) {
    const raw = Object.hasOwn(inputs, input.id) ? inputs[input.id] : undefined;
    const kind = inputValueKind(input);
    if (kind === 'fields') {
      if (raw !== undefined && (typeof raw !== 'object' || Array.isArray(raw) || raw === null))
        throw refusal(reason('appInputInvalid', { input: input.id, expected: reason('expectObject') }));
      const given = (raw ?? {}) as Readonly<Record<string, AppInputValue>>;
      const fields = (input.fields ?? []).map((field) => {
        const value = Object.hasOwn(given, field.id) ? given[field.id] : '';
        if (typeof value !== 'string') throw refusal(reason('appInputInvalid', { input: `${input.id}.${field.id}`, expected: reason('expectText') }));
        return [field.id, value] as const;
      });
      if (input.required && fields.every(([, value]) => value.trim() === '')) throw refusal(reason('appInputMissing', { input: input.id }));
      values.set(input.id, { kind: 'fields', fields });
    } else if (kind === 'text') {
      if (raw !== undefined && typeof raw !== 'string') throw refusal(reason('appInputInvalid', { input: input.id, expected: reason('expectText') }));
      const text = raw ?? '';
      if (text.length > MAX_RUN_TEXT) throw refusal(reason('appInputTooLong', { input: input.id, length: text.length, limit: MAX_RUN_TEXT }));
      if (input.required && text.trim() === '') throw refusal(reason('appInputMissing', { input: input.id }));
      values.set(input.id, { kind: 'text', text });
    } else {
      const texts = typeof raw === 'string' ? raw.split(/\r?\n/) : raw;
      if (texts !== undefined && (!Array.isArray(texts) || texts.some((text) => typeof text !== 'string'))) {
        throw refusal(reason('appInputInvalid', { input: input.id, expected: reason('expectTextList') }));
      }
      const items = ((texts ?? []) as readonly string[]).map((text) => text.trim()).filter((text) => text !== '');
      if (items.length > MAX_RUN_ITEMS) throw refusal(reason('appInputTooMany', { input: input.id, count: items.length, limit: MAX_RUN_ITEMS }));
      if (input.required && items.length === 0) throw refusal(reason('appInputMissing', { input: input.id }));
      values.set(input.id, { kind: 'items', items: items.map((text) => ({ text })) });
    }
  }
  return values;
}

/** Runs a validated app on its inputs. */
export async function runApp(
  definition: AppDefinition,
  inputs: Readonly<Record<string, AppInputValue>>,
  environment: AppRunEnvironment,
  options: AppRunOptions = {},
): Promise<AppRunResult> {
  const { signal } = options;
  const values = readRunInputs(definition, inputs);
  const results: AppStepResult[] = [];
  for (const [index, step] of definition.steps.entries()) {
    if (signal?.aborted) throw cancelledError();
    const report = (status: AppStepProgress['status'], done?: number, total?: number) =>
      options.onProgress?.({ step: index, stepId: step.id, steps: definition.steps.length, status, ...(done === undefined ? {} : { done, total }) });
    report('running');
    const started = Date.now();
    const value = await runStep(step, values, environment, { signal, progress: (done, total) => report('running', done, total) });
    if (signal?.aborted) throw cancelledError();
    values.set(step.id, value);
    results.push({ id: step.id, value, ms: Date.now() - started });
    report('done');
  }
  return { appId: definition.id, steps: results, outputs: renderOutputs(definition.outputs, values) };
}

interface StepContext {
  signal?: AbortSignal;
  progress: (done: number, total: number) => void;
}

function itemsOf(value: AppValue): AppItem[] {
  if (value.kind === 'items') return value.items;
  if (value.kind === 'text') return value.text.trim() === '' ? [] : [{ text: value.text }];
  if (value.kind === 'groups') return value.groups.flatMap((group) => group.items);
  return [];
}

function source(values: ReadonlyMap<string, AppValue>, id: string): AppValue {
  const value = values.get(id);
  // Validation guarantees every reference; this is the guard for a definition that skipped it.
  if (!value) throw refusal(reason('appUnknownReference', { step: '?', ref: id }));
  return value;
}

/** Runs `call` per entry with progress and a cancel check between calls. */
async function each<T, R>(entries: readonly T[], context: StepContext, call: (entry: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  context.progress(0, entries.length);
  for (const entry of entries) {
    if (context.signal?.aborted) throw cancelledError();
    results.push(await call(entry));
    context.progress(results.length, entries.length);
  }
  return results;
}

function withModel<T extends object>(options: T, model: string | undefined): T & { model?: string } {
  return model === undefined ? options : { ...options, model };
}

async function runStep(step: AppStep, values: ReadonlyMap<string, AppValue>, environment: AppRunEnvironment, context: StepContext): Promise<AppValue> {
  const { client } = environment;
  const { signal } = context;
  const onProgress = (progress: WorkProgress) => context.progress(progress.done, progress.total);
  switch (step.op) {
    case 'classify': {
      const items = itemsOf(source(values, step.from));
      const labels =
        items.length === 0
          ? []
          : await client.classify(
              items.map((item) => item.text),
              withModel({ signal, onProgress }, step.model),
            );
      return { kind: 'items', items: items.map((item, i) => ({ ...item, label: labels[i]!.label, score: labels[i]!.score })) };
    }
    case 'filter':
      return { kind: 'items', items: itemsOf(source(values, step.from)).filter((item) => keeps(step, item)) };
    case 'themes':
      return { kind: 'groups', groups: await themes(itemsOf(source(values, step.from)), step.themes, step.model, client, context) };
    case 'summarize': {
      const value = source(values, step.from);
      const summarize = (text: string) =>
        client.summarize(text, withModel({ signal, ...(step.maxNewTokens === undefined ? {} : { maxNewTokens: step.maxNewTokens }) }, step.model));
      if (step.each && value.kind === 'items') {
        const summaries = await each(value.items, context, (item) => summarize(item.text));
        return { kind: 'items', items: value.items.map((item, i) => ({ ...item, output: summaries[i]! })) };
      }
      if (step.each && value.kind === 'groups') {
        const summaries = await each(value.groups, context, (group) => summarize(group.items.map((item) => item.text).join('\n')));
        return { kind: 'groups', groups: value.groups.map((group, i) => ({ ...group, summary: summaries[i]! })) };
      }
      const text =
        value.kind === 'text'
          ? value.text
          : itemsOf(value)
              .map((item) => item.text)
              .join('\n');
      context.progress(0, 1);
      const summary = text.trim() === '' ? '' : await summarize(text);
      context.progress(1, 1);
      return { kind: 'text', text: summary };
    }
    case 'generate': {
      const scope = templateScope(values);
      const draft = async (extra: ReadonlyMap<string, string>) => {
        const prompt = fillAppTemplate(step.template, new Map([...scope, ...extra]));
        const options = {
          signal,
          ...(step.maxNewTokens === undefined ? {} : { maxNewTokens: step.maxNewTokens }),
          ...(step.temperature === undefined ? {} : { temperature: step.temperature }),
          ...(step.seed === undefined ? {} : { seed: step.seed }),
        };
        return (await client.generate(prompt, withModel(options, step.model)).result).text;
      };
      if (step.forEach === undefined) {
        context.progress(0, 1);
        const text = await draft(new Map());
        context.progress(1, 1);
        return { kind: 'text', text };
      }
      const value = source(values, step.forEach);
      if (value.kind === 'groups') {
        const drafts = await each(value.groups, context, (group) => draft(groupScope(group)));
        return { kind: 'groups', groups: value.groups.map((group, i) => ({ ...group, output: drafts[i]! })) };
      }
      const items = itemsOf(value);
      const drafts = await each(items, context, (item) => draft(itemScope(item)));
      return { kind: 'items', items: items.map((item, i) => ({ ...item, output: drafts[i]! })) };
    }
    case 'answer': {
      const index = environment.knowledgeBase ? await environment.knowledgeBase(step.knowledgeBase) : null;
      if (!index)
        throw refusal(step.knowledgeBase === undefined ? reason('appNoKnowledgeBase') : reason('appKnowledgeBaseMissing', { name: step.knowledgeBase }));
      if (index.passages.length === 0) throw refusal(reason('appKnowledgeBaseEmpty', { name: index.name }));
      const questions = itemsOf(source(values, step.from));
      const calls = {
        // Vectors of different embedding models do not compare: the question gets the knowledge base's.
        embed: (texts: string[], options: { signal?: AbortSignal }) =>
          client.embed(texts, index.embeddingModel === undefined ? options : { ...options, model: index.embeddingModel }),
        answer: (question: string, passage: string, options: { signal?: AbortSignal }) => client.answer(question, passage, withModel(options, step.model)),
      };
      const picks = await each(questions, context, async (question) => (await askKnowledgeBase(question.text, index, calls, { signal })).pick);
      return {
        kind: 'items',
        items: questions.map((question, i) => {
          const pick = picks[i]!;
          if (pick.kind === 'answer')
            return { ...question, label: 'answer', score: pick.best.score, output: pick.best.answer, source: pick.source.title ?? pick.source.text };
          if (pick.kind === 'passage')
            return { ...question, label: 'passage', score: pick.source.score, output: pick.source.text, source: pick.source.title ?? pick.source.text };
          return { ...question, label: 'no-answer', output: '' };
        }),
      };
    }
    case 'count': {
      const value = source(values, step.from);
      const counts = new Map<string, number>();
      if (step.by === 'group' && value.kind === 'groups') for (const group of value.groups) counts.set(group.name, group.items.length);
      else for (const item of itemsOf(value)) counts.set(item.label ?? '', (counts.get(item.label ?? '') ?? 0) + 1);
      return { kind: 'counts', counts: [...counts].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key)) };
    }
  }
}

function keeps(step: Extract<AppStep, { op: 'filter' }>, item: AppItem): boolean {
  if (step.labels && !step.labels.some((label) => label.toLowerCase() === (item.label ?? '').toLowerCase())) return false;
  if (step.minScore !== undefined && !(item.score !== undefined && item.score >= step.minScore)) return false;
  if (step.maxScore !== undefined && !(item.score !== undefined && item.score <= step.maxScore)) return false;
  if (step.keywords) {
    const text = item.text.toLowerCase();
    if (!step.keywords.some((keyword) => text.includes(keyword.toLowerCase()))) return false;
  }
  return true;
}

async function themes(items: AppItem[], k: number | undefined, model: string | undefined, client: AppClient, context: StepContext): Promise<AppGroup[]> {
  if (items.length === 0) return [];
  const texts = items.map((item) => item.text);
  const vectors = await client.embed(texts, withModel({ signal: context.signal, onProgress: (p: WorkProgress) => context.progress(p.done, p.total) }, model));
  const matrix = toMatrix(vectors);
  const clusters = k === undefined ? autoCluster(matrix) : kmeans(matrix, Math.min(k, items.length));
  const names = clusterKeywords(texts, clusters.assignments, clusters.k);
  const groups: AppGroup[] = names.map((keywords, id) => ({ name: keywords.name || `#${id + 1}`, items: [] }));
  items.forEach((item, i) => {
    const group = groups[clusters.assignments[i]!]!;
    group.items.push({ ...item, group: group.name });
  });
  return groups.filter((group) => group.items.length > 0).sort((a, b) => b.items.length - a.items.length);
}

/** `{{input}}`, `{{input.field}}` and `{{step}}` as text. */
function templateScope(values: ReadonlyMap<string, AppValue>): Map<string, string> {
  const scope = new Map<string, string>();
  for (const [id, value] of values) {
    if (value.kind === 'fields') for (const [field, text] of value.fields) scope.set(scopeKey(id, field), text);
    else scope.set(id, valueText(value));
  }
  return scope;
}

function itemScope(item: AppItem): Map<string, string> {
  const scope = new Map<string, string>([
    ['item', item.text],
    ['item.text', item.text],
  ]);
  if (item.label !== undefined) scope.set('item.label', item.label);
  if (item.score !== undefined) scope.set('item.score', item.score.toFixed(2));
  if (item.group !== undefined) scope.set('item.group', item.group);
  if (item.output !== undefined) scope.set('item.output', item.output);
  if (item.source !== undefined) scope.set('item.source', item.source);
  return scope;
}

function groupScope(group: AppGroup): Map<string, string> {
  const texts = group.items.map((item) => item.text).join('\n');
  const scope = new Map<string, string>([
    ['item', group.name],
    ['item.name', group.name],
    ['item.text', texts],
    ['item.count', String(group.items.length)],
  ]);
  if (group.summary !== undefined) scope.set('item.summary', group.summary);
  if (group.output !== undefined) scope.set('item.output', group.output);
  return scope;
}
