import { describe, expect, it } from 'vitest';
import {
  BUILTIN_TEMPLATES,
  BUILTIN_TEMPLATES_ZH,
  builtinTemplates,
  exportTemplates,
  extractVariables,
  fillTemplate,
  importTemplates,
  labelFor,
  missingVariables,
  ownCopy,
  ownValue,
  withValue,
  syncVariables,
  TEMPLATE_FILE_FORMAT,
  type Template,
} from '../../../src/content/templates';
import { WorkbenchError } from '../../../src/core';

const product = BUILTIN_TEMPLATES.find((t) => t.kind === 'product-description') as Template;

const custom: Template = {
  id: 'my-template',
  name: 'Mine',
  kind: 'custom',
  body: 'Title: {{ title }}\nTags: {{tags}}\n{{notes}}\n{{title}} continues:',
  variables: [
    { name: 'title', label: 'Title', kind: 'text', required: true },
    { name: 'tags', label: 'Tags', kind: 'list', required: false, default: 'general' },
    { name: 'notes', label: 'Notes', kind: 'multiline', required: false },
  ],
};

function errorOf(fn: () => unknown): WorkbenchError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(WorkbenchError);
    return error as WorkbenchError;
  }
  throw new Error('expected an error');
}

describe('extractVariables', () => {
  it('lists placeholder names once each, in order, allowing spaces in braces', () => {
    expect(extractVariables('{{b}} and {{ a }} then {{b}} and {{a_1}}')).toEqual(['b', 'a', 'a_1']);
  });
  it('ignores things that are not placeholders', () => {
    expect(extractVariables('{single} {{ two words }} {{1abc}} {{}} plain')).toEqual([]);
  });
});

describe('fillTemplate', () => {
  it('fills the built-in product template as a document beginning, lists as "- " lines', () => {
    const prompt = fillTemplate(product, {
      product: 'Aurora desk lamp',
      audience: 'home office workers',
      features: ['Warm light', 'USB-C charging'],
    });
    expect(prompt).toBe(
      'Product: Aurora desk lamp\nAudience: home office workers\nTone: friendly\nKey features:\n- Warm light\n- USB-C charging\n\nProduct description:\n',
    );
  });

  it('accepts list values as text, one per line, stripping bullets and blank lines', () => {
    const prompt = fillTemplate(product, { product: 'Lamp', features: '- Warm light\r\n\n* Dimmable\n• Quiet\n3. Cheap ' });
    expect(prompt).toContain('Key features:\n- Warm light\n- Dimmable\n- Quiet\n- Cheap\n\n');
  });

  it('keeps single-line fields on one line and multiline fields as typed', () => {
    const prompt = fillTemplate(custom, { title: '  Big\nnews  ', notes: 'line 1\r\nline 2\n' });
    expect(prompt).toBe('Title: Big news\nTags: - general\nline 1\nline 2\nBig news continues:');
  });

  it('uses defaults for empty optional fields and leaves empty ones blank', () => {
    const prompt = fillTemplate(custom, { title: 'T', tags: '   ', notes: undefined });
    expect(prompt).toBe('Title: T\nTags: - general\n\nT continues:');
  });

  it('throws bad-input listing every missing required variable by label', () => {
    const error = errorOf(() => fillTemplate(product, { product: '  ', features: ['', ' - '] }));
    expect(error.code).toBe('bad-input');
    expect(error.message).toBe('Please fill in: Product, Key features.');
    expect(error.detail).toBe('product,features');
    expect(missingVariables(product, { product: 'x' }).map((v) => v.name)).toEqual(['features']);
  });

  it('rejects placeholders the template does not declare instead of sending braces to the model', () => {
    const broken: Template = { ...custom, body: `${custom.body} {{undeclared}} {{other}}` };
    const error = errorOf(() => fillTemplate(broken, { title: 'x', undeclared: 'value' }));
    expect(error.message).toContain('{{undeclared}}, {{other}}');
  });

  it('inserts values literally, without expanding placeholders inside them', () => {
    expect(fillTemplate(custom, { title: '{{notes}} $& $1', notes: 'N' })).toBe('Title: {{notes}} $& $1\nTags: - general\nN\n{{notes}} $& $1 continues:');
  });

  it('fills every built-in template when its required fields are given', () => {
    expect(new Set(BUILTIN_TEMPLATES.map((t) => t.kind))).toEqual(
      new Set(['product-description', 'marketing-copy', 'support-reply', 'press-release', 'release-notes']),
    );
    for (const template of BUILTIN_TEMPLATES) {
      expect(syncVariables(template.body, template.variables)).toEqual(template.variables); // all declared, none unused
      const values = Object.fromEntries(template.variables.map((v) => [v.name, v.kind === 'list' ? ['one', 'two'] : `${v.name} value`]));
      const prompt = fillTemplate(template, values);
      expect(prompt).not.toMatch(/\{\{|\}\}/);
      expect(prompt).toContain('- one\n- two');
    }
  });

  it('has each built-in in Chinese: same ids and fields, Chinese names, labels and prompt', () => {
    const shape = (templates: readonly Template[]) =>
      templates.map((t) => ({ id: t.id, kind: t.kind, variables: t.variables.map(({ name, kind, required }) => ({ name, kind, required })) }));
    expect(shape(BUILTIN_TEMPLATES_ZH)).toEqual(shape(BUILTIN_TEMPLATES));
    const han = /\p{Script=Han}/u;
    for (const template of BUILTIN_TEMPLATES_ZH) {
      expect(syncVariables(template.body, template.variables)).toEqual(template.variables);
      expect(template.name).toMatch(han);
      for (const variable of template.variables) expect(variable.label).toMatch(han);
      const values = Object.fromEntries(template.variables.map((v) => [v.name, v.kind === 'list' ? ['一', '二'] : '值']));
      const prompt = fillTemplate(template, values);
      // Everything but the values is the template's own text: Chinese, with no English words left.
      expect(prompt.replace(/[一二值]/g, '')).toMatch(han);
      expect(prompt).not.toMatch(/[A-Za-z]{3,}/);
    }
    expect(builtinTemplates('zh-CN')).toBe(BUILTIN_TEMPLATES_ZH);
    expect(builtinTemplates('zh-TW')).toBe(BUILTIN_TEMPLATES_ZH);
    expect(builtinTemplates('en')).toBe(BUILTIN_TEMPLATES);
    expect(builtinTemplates('de')).toBe(BUILTIN_TEMPLATES);
  });
});

describe('syncVariables', () => {
  it('keeps existing declarations, adds new placeholders and drops removed ones', () => {
    const synced = syncVariables('{{notes}} {{releaseDate}} {{title}}', custom.variables);
    expect(synced).toEqual([custom.variables[2], { name: 'releaseDate', label: 'Release date', kind: 'text', required: false }, custom.variables[0]]);
    expect(labelFor('release_date')).toBe('Release date');
  });
});

describe('exportTemplates / importTemplates', () => {
  it('round-trips templates through the versioned JSON format', () => {
    const json = exportTemplates([custom, ...BUILTIN_TEMPLATES], new Date('2024-05-01T00:00:00Z'));
    const data = JSON.parse(json) as { format: string; version: number; exportedAt: string };
    expect(data.format).toBe(TEMPLATE_FILE_FORMAT);
    expect(data.version).toBe(1);
    expect(data.exportedAt).toBe('2024-05-01T00:00:00.000Z');
    const result = importTemplates(json);
    expect(result.templates).toEqual([custom, ...BUILTIN_TEMPLATES]);
    expect(result.warnings).toEqual([]);
  });

  it('rejects malformed JSON and files of another kind', () => {
    expect(errorOf(() => importTemplates('{"format": ')).message).toMatch(/not JSON/);
    expect(errorOf(() => importTemplates('[]')).message).toMatch(/format/);
    expect(errorOf(() => importTemplates(JSON.stringify({ format: 'other', version: 1, templates: [] }))).code).toBe('bad-input');
    expect(errorOf(() => importTemplates(JSON.stringify({ format: TEMPLATE_FILE_FORMAT, templates: [] }))).message).toMatch(/version/);
  });

  it('rejects files from a newer version', () => {
    const json = JSON.stringify({ format: TEMPLATE_FILE_FORMAT, version: 2, templates: [] });
    expect(errorOf(() => importTemplates(json)).message).toMatch(/newer version/);
  });

  it('names the invalid field of an invalid template and imports nothing', () => {
    const file = (templates: unknown[]) => JSON.stringify({ format: TEMPLATE_FILE_FORMAT, version: 1, templates });
    expect(errorOf(() => importTemplates(file([custom, { ...custom, id: 'b', kind: 'poem' }]))).message).toMatch(/templates\[1\]\.kind/);
    expect(errorOf(() => importTemplates(file([{ ...custom, body: '' }]))).message).toMatch(/templates\[0\]\.body/);
    expect(errorOf(() => importTemplates(file([{ ...custom, variables: [{ name: 'bad name', kind: 'text' }] }]))).message).toMatch(/variables\[0\]\.name/);
    expect(errorOf(() => importTemplates(file([{ ...custom, variables: [custom.variables[0], { ...custom.variables[0] }] }]))).message).toMatch(/twice/);
    expect(errorOf(() => importTemplates(file([{ ...custom, variables: [] }]))).message).toMatch(/\{\{title\}\}/);
    expect(errorOf(() => importTemplates(file(['nope']))).message).toMatch(/templates\[0\] must be an object/);
  });

  it('fills in optional fields with defaults on import', () => {
    const json = JSON.stringify({
      format: TEMPLATE_FILE_FORMAT,
      version: 1,
      templates: [{ id: 'x', name: 'X', body: 'Hi {{first_name}}', variables: [{ name: 'first_name', default: ['a', 'b'] }] }],
    });
    expect(importTemplates(json).templates).toEqual([
      {
        id: 'x',
        name: 'X',
        kind: 'custom',
        body: 'Hi {{first_name}}',
        variables: [{ name: 'first_name', label: 'First name', kind: 'text', required: false, default: 'a\nb' }],
      },
    ]);
  });

  it('renames duplicate ids by default, within the file and against existing ones', () => {
    const json = exportTemplates([custom, { ...custom, name: 'Second' }, { ...product }]);
    const result = importTemplates(json, { existingIds: [product.id, 'my-template-2'] });
    expect(result.templates.map((t) => t.id)).toEqual(['my-template', 'my-template-3', `${product.id}-2`]);
    expect(result.templates[1]?.name).toBe('Second');
    expect(result.warnings).toHaveLength(2);
  });

  it('can skip or replace duplicates instead', () => {
    const json = exportTemplates([custom, { ...custom, name: 'Second' }]);
    const skipped = importTemplates(json, { onDuplicate: 'skip' });
    expect(skipped.templates.map((t) => t.name)).toEqual(['Mine']);
    const replaced = importTemplates(json, { onDuplicate: 'replace', existingIds: ['my-template'] });
    expect(replaced.templates.map((t) => [t.id, t.name])).toEqual([['my-template', 'Second']]);
  });
});

describe('variables named like Object.prototype members', () => {
  const objectKeys: Template = {
    id: 'keys',
    name: 'Keys',
    kind: 'custom',
    body: 'A: {{constructor}}\nB: {{__proto__}}\nC: {{toString}}\n',
    variables: [
      { name: 'constructor', label: 'Constructor', kind: 'text', required: false },
      { name: '__proto__', label: 'Proto', kind: 'list', required: true },
      { name: 'toString', label: 'To string', kind: 'text', required: false, default: 'fallback' },
    ],
  };

  it('treats them as ordinary names: empty when not given, required when marked', () => {
    expect(() => fillTemplate(objectKeys, {})).toThrow(/Please fill in: Proto\./);
    expect(missingVariables(objectKeys, {}).map((v) => v.name)).toEqual(['__proto__']);
  });

  it('fills them from values that hold them as own keys, even "__proto__"', () => {
    const values = withValue(withValue(ownCopy<string>({}), '__proto__', 'one\ntwo'), 'constructor', 'built');
    expect(Object.keys(values)).toEqual(['__proto__', 'constructor']);
    expect(fillTemplate(objectKeys, values)).toBe('A: built\nB: - one\n- two\nC: fallback\n');
    expect(ownValue({}, 'toString')).toBeUndefined();
  });
});
