/**
 * Step wiring (src/apps/wiring.ts) and template variables (src/apps/template.ts): what each step
 * gives to the next, refusals for a step reading something after it or of the wrong kind, and
 * template variables resolved only from inputs, fields and earlier steps.
 */
import { describe, expect, it } from 'vitest';
import { BUILTIN_APPS, fillAppTemplate, templateVariables, validateApp, valueKinds, type AppDefinition } from '../../../src/apps';
import { WorkbenchError } from '../../../src/core';

function app(parts: Partial<AppDefinition>): AppDefinition {
  return {
    format: 'llmaos-workbench/app',
    version: 1,
    id: 'test-app',
    name: { en: 'Test' },
    inputs: [
      { id: 'notes', kind: 'list', label: { en: 'Notes' } },
      { id: 'brief', kind: 'text', label: { en: 'Brief' } },
      { id: 'product', kind: 'fields', label: { en: 'Product' }, fields: [{ id: 'name', label: { en: 'Name' } }] },
    ],
    steps: [{ id: 'sentiment', op: 'classify', from: 'notes' }],
    outputs: [{ kind: 'table', from: 'sentiment' }],
    ...parts,
  };
}

function refusal(definition: AppDefinition): { key: string; message: string } {
  try {
    validateApp(definition);
  } catch (error) {
    expect(error).toBeInstanceOf(WorkbenchError);
    return { key: (error as WorkbenchError).localized!.key, message: (error as WorkbenchError).message };
  }
  throw new Error('accepted');
}

describe('step wiring', () => {
  it('gives each step a kind from its source: the examples', () => {
    expect(Object.fromEntries(valueKinds(BUILTIN_APPS[0]!))).toEqual({
      tickets: 'items',
      sentiment: 'items',
      negative: 'items',
      replies: 'items',
      mix: 'counts',
    });
    expect(Object.fromEntries(valueKinds(BUILTIN_APPS[1]!))).toEqual({ reviews: 'items', themes: 'groups', summaries: 'groups', sizes: 'counts' });
    expect(Object.fromEntries(valueKinds(BUILTIN_APPS[2]!))).toEqual({ questions: 'items', answers: 'items' });
  });

  it('summarize gives a text unless "each"; generate gives a text unless "forEach"', () => {
    const definition = app({
      steps: [
        { id: 'all', op: 'summarize', from: 'notes' },
        { id: 'each', op: 'summarize', from: 'notes', each: true },
        { id: 'one', op: 'generate', template: 'About {{brief}}: {{all}}' },
        { id: 'many', op: 'generate', template: 'Reply to {{item}}', forEach: 'each' },
      ],
      outputs: [{ kind: 'text', from: 'one' }],
    });
    expect(Object.fromEntries(valueKinds(validateApp(definition)))).toMatchObject({ all: 'text', each: 'items', one: 'text', many: 'items' });
  });

  it('refuses a step reading a later step or nothing', () => {
    const later = app({
      steps: [
        { id: 'negative', op: 'filter', from: 'sentiment', labels: ['negative'] },
        { id: 'sentiment', op: 'classify', from: 'notes' },
      ],
    });
    expect(refusal(later).message).toBe('Step "negative" reads "sentiment", which is not an input or an earlier step.');
    expect(refusal(app({ steps: [{ id: 'self', op: 'classify', from: 'self' }] })).key).toBe('appUnknownReference');
  });

  it('refuses a value of the wrong kind', () => {
    const wrong = app({
      steps: [
        { id: 'themes', op: 'themes', from: 'notes' },
        { id: 'negative', op: 'filter', from: 'themes', labels: ['negative'] },
      ],
    });
    expect(refusal(wrong).message).toBe('Step "negative" needs items, but "themes" gives groups.');
    expect(refusal(app({ steps: [{ id: 'by', op: 'count', from: 'notes', by: 'group' }] })).key).toBe('appWrongKind');
    expect(refusal(app({ outputs: [{ kind: 'chart', from: 'brief' }] })).key).toBe('appOutputWrongKind');
    expect(refusal(app({ outputs: [{ kind: 'table', from: 'nowhere' }] })).key).toBe('appOutputUnknown');
  });

  it('refuses an id used twice, across inputs and steps', () => {
    expect(refusal(app({ steps: [{ id: 'notes', op: 'classify', from: 'notes' }] })).message).toBe('The id "notes" is used twice.');
  });
});

describe('template variables', () => {
  it('finds {{name}} and {{name.part}}, with spaces', () => {
    expect(templateVariables('Hi {{ product.name }}, re {{item}} and {{item.label}}; {{ not a var }}')).toEqual([
      { raw: '{{ product.name }}', name: 'product', part: 'name' },
      { raw: '{{item}}', name: 'item' },
      { raw: '{{item.label}}', name: 'item', part: 'label' },
    ]);
  });

  it('fills from the scope once: a value holding "{{x}}" stays literal, a missing one is empty', () => {
    const scope = new Map([
      ['item', 'Ignore {{brief}} please'],
      ['brief', 'SECRET'],
    ]);
    expect(fillAppTemplate('A: {{item}} B: {{brief}} C: {{item.label}}', scope)).toBe('A: Ignore {{brief}} please B: SECRET C: ');
  });

  it('leaves "{{__proto__}}" as literal text (a name must start with a letter)', () => {
    expect(templateVariables('{{__proto__}} {{ __proto__.x }}')).toEqual([]);
    expect(fillAppTemplate('{{__proto__}}', new Map([['__proto__', 'x']]))).toBe('{{__proto__}}');
  });

  it('accepts inputs, fields and earlier steps; {{item}} only with forEach', () => {
    const ok = app({
      steps: [
        { id: 'sentiment', op: 'classify', from: 'notes' },
        { id: 'draft', op: 'generate', template: '{{brief}} {{product.name}} {{sentiment}} {{notes}}' },
      ],
    });
    expect(() => validateApp(ok)).not.toThrow();
    const item = app({ steps: [{ id: 'draft', op: 'generate', template: 'Reply to {{item}}' }] });
    expect(refusal(item).message).toBe('The template of step "draft" uses the variable "item", which is not an input, a field or an earlier step.');
  });

  it('refuses unknown names, unknown fields, a later step and prototype names', () => {
    for (const template of ['{{nope}}', '{{product.price}}', '{{product}}', '{{later}}', '{{constructor}}', '{{toString}}', '{{item.constructor}}']) {
      const definition = app({
        steps: [
          { id: 'draft', op: 'generate', template, forEach: 'notes' },
          { id: 'later', op: 'classify', from: 'notes' },
        ],
        outputs: [{ kind: 'table', from: 'draft' }],
      });
      expect(refusal(definition).key, template).toBe('appTemplateVariable');
    }
  });
});
