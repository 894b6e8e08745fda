/**
 * Step wiring: what kind of value each input and step gives (a text, items, groups, counts or
 * fields), which kinds each step and output accepts, and which template variables a `generate`
 * step may use. A step reads only inputs and earlier steps, so an app always runs top to bottom.
 */
import { reason, type Reason } from '../core';
import type { AppDefinition, AppInput, AppOutput, AppStep, InputKind, OutputKind, ValueKind } from './format';
import { templateVariables } from './template';

const INPUT_VALUE: Record<InputKind, ValueKind> = { text: 'text', file: 'text', list: 'items', column: 'items', fields: 'fields' };

export function inputValueKind(input: Pick<AppInput, 'kind'>): ValueKind {
  return INPUT_VALUE[input.kind];
}

/** The parts of `{{item.part}}` in a `forEach` template. */
export const ITEM_PARTS = ['text', 'label', 'score', 'group', 'output', 'source', 'name', 'summary', 'count'] as const;

/** The id a step reads its main value from (`generate` reads `forEach`, if any). */
export function stepSource(step: AppStep): string | undefined {
  return step.op === 'generate' ? step.forEach : step.from;
}

/** What a step accepts from its source, and what it gives for a source of a given kind. */
function stepKind(step: AppStep, source: ValueKind | undefined): { accepts: readonly ValueKind[]; gives: ValueKind } {
  switch (step.op) {
    case 'classify':
    case 'answer':
      return { accepts: ['items', 'text'], gives: 'items' };
    case 'filter':
      return { accepts: ['items'], gives: 'items' };
    case 'themes':
      return { accepts: ['items'], gives: 'groups' };
    case 'summarize':
      return { accepts: ['text', 'items', 'groups'], gives: step.each && source !== undefined ? source : 'text' };
    case 'generate':
      return { accepts: ['items', 'groups'], gives: step.forEach === undefined ? 'text' : (source ?? 'items') };
    case 'count':
      return { accepts: [step.by === 'label' ? 'items' : 'groups'], gives: 'counts' };
  }
}

const OUTPUT_ACCEPTS: Record<OutputKind, readonly ValueKind[]> = {
  text: ['text', 'items', 'groups', 'counts'],
  markdown: ['text', 'items', 'groups', 'counts'],
  table: ['items', 'groups', 'counts'],
  csv: ['items', 'groups', 'counts'],
  chart: ['counts', 'groups'],
};

/** Each input's and step's value kind, in order. Assumes `checkWiring` found nothing. */
export function valueKinds(definition: Pick<AppDefinition, 'inputs' | 'steps'>): Map<string, ValueKind> {
  const kinds = new Map<string, ValueKind>();
  for (const input of definition.inputs) kinds.set(input.id, inputValueKind(input));
  for (const step of definition.steps) {
    const source = stepSource(step);
    kinds.set(step.id, stepKind(step, source === undefined ? undefined : kinds.get(source)).gives);
  }
  return kinds;
}

/**
 * The first wiring problem of an app, or null: duplicate ids, a step reading something that is
 * not an input or an earlier step, a value of the wrong kind, an unknown template variable, an
 * output of a kind its value cannot be shown as.
 */
export function wiringProblem(definition: Pick<AppDefinition, 'inputs' | 'steps' | 'outputs'>): Reason | null {
  const kinds = new Map<string, ValueKind>();
  const fieldsOf = new Map<string, Set<string>>();
  for (const input of definition.inputs) {
    if (kinds.has(input.id)) return reason('appDuplicateId', { id: input.id });
    kinds.set(input.id, inputValueKind(input));
    if (input.kind === 'fields') fieldsOf.set(input.id, new Set((input.fields ?? []).map((field) => field.id)));
  }
  for (const step of definition.steps) {
    if (kinds.has(step.id)) return reason('appDuplicateId', { id: step.id });
    const sourceId = stepSource(step);
    const source = sourceId === undefined ? undefined : kinds.get(sourceId);
    if (sourceId !== undefined && source === undefined) return reason('appUnknownReference', { step: step.id, ref: sourceId });
    const { accepts, gives } = stepKind(step, source);
    if (source !== undefined && !accepts.includes(source)) {
      return reason('appWrongKind', { step: step.id, ref: sourceId!, found: source, expected: accepts.join(' / ') });
    }
    if (step.op === 'generate') {
      for (const variable of templateVariables(step.template)) {
        if (!variableKnown(variable.name, variable.part, kinds, fieldsOf, step.forEach !== undefined)) {
          return reason('appTemplateVariable', { step: step.id, variable: variable.part === undefined ? variable.name : `${variable.name}.${variable.part}` });
        }
      }
    }
    kinds.set(step.id, gives);
  }
  for (const [index, output] of definition.outputs.entries()) {
    const problem = outputProblem(output, index, kinds);
    if (problem) return problem;
  }
  return null;
}

function variableKnown(
  name: string,
  part: string | undefined,
  kinds: ReadonlyMap<string, ValueKind>,
  fieldsOf: ReadonlyMap<string, Set<string>>,
  forEach: boolean,
): boolean {
  if (name === 'item') return forEach && (part === undefined || (ITEM_PARTS as readonly string[]).includes(part));
  const kind = kinds.get(name);
  if (kind === undefined) return false;
  if (kind === 'fields') return part !== undefined && fieldsOf.get(name)!.has(part);
  return part === undefined;
}

function outputProblem(output: AppOutput, index: number, kinds: ReadonlyMap<string, ValueKind>): Reason | null {
  const kind = kinds.get(output.from);
  if (kind === undefined) return reason('appOutputUnknown', { index: index + 1, ref: output.from });
  const accepts = OUTPUT_ACCEPTS[output.kind];
  if (!accepts.includes(kind))
    return reason('appOutputWrongKind', { index: index + 1, ref: output.from, kind: output.kind, found: kind, expected: accepts.join(' / ') });
  return null;
}
