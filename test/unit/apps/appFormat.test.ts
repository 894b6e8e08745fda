/**
 * The app format's validation (src/apps/validate.ts): the shipped example files pass, and each kind
 * of bad file is refused with its reason: size, JSON, format, version, forbidden and unknown keys,
 * markup in what the market shows, nesting, ids, wiring, template variables and models.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  APP_FILE_FORMAT,
  APP_FILE_VERSION,
  BUILTIN_APPS,
  INPUT_KINDS,
  MAX_APP_FILE_BYTES,
  OUTPUT_KINDS,
  STEP_OPS,
  neededModels,
  parseAppFile,
  validateApp,
  type AppDefinition,
} from '../../../src/apps';
import { WorkbenchError, englishText } from '../../../src/core';

const EXAMPLES = ['support-triage', 'weekly-review-digest', 'faq-bot'];
const exampleText = (name: string) => readFileSync(new URL(`../../../src/apps/examples/${name}.json`, import.meta.url), 'utf8');
const triage = () => JSON.parse(exampleText('support-triage')) as Record<string, unknown> & AppDefinition;

function refusedWith(action: () => unknown): WorkbenchError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(WorkbenchError);
    const refusal = error as WorkbenchError;
    expect(refusal.code).toBe('bad-input');
    expect(refusal.localized).toBeDefined();
    // The message is the reason in English, as the SDK's callers see it.
    expect(refusal.message).toBe(englishText(refusal.localized!));
    return refusal;
  }
  throw new Error('the app was accepted');
}

const keyOf = (action: () => unknown) => refusedWith(action).localized!.key;

describe('good app files', () => {
  it('the three example apps validate from their files, with English and Chinese names', () => {
    for (const name of EXAMPLES) {
      const app = parseAppFile(exampleText(name));
      expect(app.id).toBe(name);
      expect(app.name.en).toBeTruthy();
      expect(app.name['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
      expect(app.description?.['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(BUILTIN_APPS.map((app) => app.id)).toEqual(EXAMPLES);
  });

  it('returns a clean copy: "$schema" dropped, nothing but the format fields kept', () => {
    const app = parseAppFile(exampleText('support-triage'));
    expect(Object.keys(app)).not.toContain('$schema');
    expect(JSON.parse(JSON.stringify(app))).toEqual(app);
  });

  it('accepts script-like text in a template and samples (sent to models, shown as text), never in names', () => {
    const file = triage();
    (file.steps[2] as { template: string }).template = '<script>alert(1)</script> {{item}}';
    (file.inputs[0] as { sample: string[] }).sample = ['<img src=x onerror=alert(1)>'];
    expect(validateApp(file).steps[2]).toMatchObject({ template: '<script>alert(1)</script> {{item}}' });
  });

  it('names the models an app needs', () => {
    expect(neededModels(BUILTIN_APPS[0]!)).toEqual([{ task: 'sentiment' }, { task: 'generation' }]);
    expect(neededModels(BUILTIN_APPS[1]!)).toEqual([{ task: 'embeddings' }, { task: 'summarization' }]);
    expect(neededModels(BUILTIN_APPS[2]!)).toEqual([{ task: 'question-answering' }, { task: 'embeddings' }]);
  });

  it('accepts models that are in the library for their task, and saved custom classifiers', () => {
    const file = triage();
    (file.steps[0] as { model?: string }).model = 'custom:Bug or feature';
    (file.steps[2] as { model?: string }).model = 'tiny/gpt2';
    const app = validateApp(file, { models: [{ id: 'tiny/gpt2', task: 'generation' }], classifiers: ['Bug or feature'] });
    expect(app.steps[0]!.model).toBe('custom:Bug or feature');
  });
});

describe('bad app files are refused with their reason', () => {
  it('too large, before parsing', () => {
    const huge = JSON.stringify({ ...triage(), description: { en: 'x'.repeat(MAX_APP_FILE_BYTES) } });
    const error = refusedWith(() => parseAppFile(huge));
    expect(error.localized!.key).toBe('appTooLarge');
    expect(error.message).toMatch(/256 kB/);
  });

  it('not JSON, another format, a newer or broken version', () => {
    expect(keyOf(() => parseAppFile('{"format": "llmaos-workbench/app",'))).toBe('appNotJson');
    expect(keyOf(() => parseAppFile('[]'))).toBe('appNotApp');
    expect(keyOf(() => validateApp({ ...triage(), format: 'llmaos-workspace-backup' }))).toBe('appNotApp');
    const newer = refusedWith(() => validateApp({ ...triage(), version: 2 }));
    expect(newer.message).toBe('The app file has version 2; this workbench reads version 1.');
    expect(keyOf(() => validateApp({ ...triage(), version: '1' }))).toBe('appBadVersion');
  });

  it('"__proto__", "constructor" and "prototype" keys anywhere', () => {
    const text = exampleText('support-triage');
    const proto = refusedWith(() => parseAppFile(text.replace('"id": "support-triage"', '"__proto__": { "polluted": true }, "id": "support-triage"')));
    expect(proto.message).toBe('The key "__proto__" (in app) is not allowed in an app file.');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const nested = refusedWith(() => parseAppFile(text.replace('"op": "classify"', '"op": "classify", "constructor": { "prototype": 1 }')));
    expect(nested.message).toBe('The key "constructor" (in app.steps[0]) is not allowed in an app file.');
    expect(keyOf(() => parseAppFile(text.replace('"en": "Tickets, one per line"', '"en": "Tickets", "prototype": "x"')))).toBe('appForbiddenKey');
  });

  it('fields the format does not have, at any level', () => {
    expect(refusedWith(() => validateApp({ ...triage(), run: 'rm -rf /' })).message).toBe('app has a field "run" that app files do not have.');
    const file = triage();
    (file.steps[1] as unknown as Record<string, unknown>).template = 'x';
    expect(refusedWith(() => validateApp(file)).message).toBe('steps[1] has a field "template" that app files do not have.');
  });

  it('markup in the texts the market shows', () => {
    const error = refusedWith(() => validateApp({ ...triage(), name: { en: '<script>alert(1)</script>' } }));
    expect(error.localized!.key).toBe('appMarkup');
    expect(error.message).toContain('name.en contains markup');
    expect(keyOf(() => validateApp({ ...triage(), description: { en: 'Nice <img src=x onerror=alert(1)> app' } }))).toBe('appMarkup');
    expect(keyOf(() => validateApp({ ...triage(), description: { 'zh-CN': '点击 javascript:alert(1)' } }))).toBe('appMarkup');
    // Comparisons are fine: "<" not starting a tag.
    expect(validateApp({ ...triage(), description: { en: 'Scores < 0.5 and > 0.2' } }).description?.en).toBe('Scores < 0.5 and > 0.2');
  });

  it('deep nesting, long texts, too many steps, bad ids, colours and numbers', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 20; i++) deep = [deep];
    expect(keyOf(() => validateApp({ ...triage(), languages: deep }))).toBe('appTooDeep');
    expect(keyOf(() => validateApp({ ...triage(), name: { en: 'x'.repeat(500) } }))).toBe('appTextTooLong');
    const steps = Array.from({ length: 40 }, (_, i) => ({ id: `s${i}`, op: 'classify', from: 'tickets' }));
    expect(keyOf(() => validateApp({ ...triage(), steps }))).toBe('appTooMany');
    expect(keyOf(() => validateApp({ ...triage(), id: '../../etc' }))).toBe('appBadId');
    expect(keyOf(() => validateApp({ ...triage(), color: 'red; background:url(x)' }))).toBe('appTextTooLong');
    expect(keyOf(() => validateApp({ ...triage(), color: 'url(x)' }))).toBe('appFieldInvalid');
    const file = triage();
    (file.steps[2] as { maxNewTokens: number }).maxNewTokens = 1e9;
    expect(keyOf(() => validateApp(file))).toBe('appNumberInvalid');
    expect(keyOf(() => validateApp({ ...triage(), steps: [{ id: 'x', op: 'eval', from: 'tickets' }] }))).toBe('appNotOneOf');
    expect(keyOf(() => validateApp({ ...triage(), steps: [] }))).toBe('appNoSteps');
  });

  it('a filter that keeps everything', () => {
    const file = triage();
    file.steps[1] = { id: 'negative', op: 'filter', from: 'sentiment' };
    expect(keyOf(() => validateApp(file))).toBe('appFilterEmpty');
  });

  it('missing models, models of another task, custom classifiers not saved', () => {
    const models = [
      { id: 'tiny/gpt2', task: 'generation' as const },
      { id: 'tiny/bert-sentiment', task: 'sentiment' as const },
    ];
    const missing = triage();
    (missing.steps[2] as { model?: string }).model = 'someone/not-installed';
    expect(refusedWith(() => validateApp(missing, { models })).message).toBe(
      'Step "replies" needs the model "someone/not-installed", which is not in the model library.',
    );
    const wrongTask = triage();
    (wrongTask.steps[2] as { model?: string }).model = 'tiny/bert-sentiment';
    expect(keyOf(() => validateApp(wrongTask, { models }))).toBe('appModelWrongTask');
    const custom = triage();
    (custom.steps[0] as { model?: string }).model = 'custom:Nope';
    expect(keyOf(() => validateApp(custom, { models, classifiers: ['Other'] }))).toBe('appClassifierMissing');
    const customSummary = JSON.parse(exampleText('weekly-review-digest')) as AppDefinition;
    (customSummary.steps[1] as { model?: string }).model = 'custom:Nope';
    expect(keyOf(() => validateApp(customSummary))).toBe('appModelWrongTask');
  });
});

describe('docs/app-format.schema.json', () => {
  const schema = JSON.parse(readFileSync(new URL('../../../docs/app-format.schema.json', import.meta.url), 'utf8')) as {
    properties: Record<string, unknown> & { format: { const: string }; version: { const: number } };
    $defs: {
      input: { properties: { kind: { enum: string[] } } };
      output: { properties: { kind: { enum: string[] } } };
      step: { oneOf: Array<{ properties: { op: { const: string } } }> };
    };
  };

  it('describes the format the validator reads: the same version, top-level fields, input kinds, operations and outputs', () => {
    expect(schema.properties.format.const).toBe(APP_FILE_FORMAT);
    expect(schema.properties.version.const).toBe(APP_FILE_VERSION);
    expect(Object.keys(schema.properties).sort()).toEqual(
      ['$schema', ...Object.keys(BUILTIN_APPS[0]!), 'description', 'languages', 'icon', 'color'].filter((key, i, all) => all.indexOf(key) === i).sort(),
    );
    expect(schema.$defs.input.properties.kind.enum).toEqual([...INPUT_KINDS]);
    expect(schema.$defs.output.properties.kind.enum).toEqual([...OUTPUT_KINDS]);
    expect(schema.$defs.step.oneOf.map((variant) => variant.properties.op.const)).toEqual([...STEP_OPS]);
  });
});
