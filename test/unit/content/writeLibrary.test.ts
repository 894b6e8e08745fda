import { describe, expect, it } from 'vitest';
import { BUILTIN_TEMPLATES, templateToRecord, type Template } from '../../../src/content/templates';
import {
  DEFAULT_SETTINGS,
  clampSetting,
  draftFromRecord,
  draftTitle,
  draftToRecord,
  generationOptions,
  isBuiltin,
  newTemplateId,
  normalizeSettings,
  sortDrafts,
  templateFromRecord,
  templateLibrary,
  type Draft,
} from '../../../src/panels/write/library';
import type { TemplateRecord } from '../../../src/storage/workspace';

const T0 = 1_700_000_000_000;

const custom: Template = {
  id: 'user:abc',
  name: 'FAQ answer',
  kind: 'custom',
  body: 'Q: {{question}}\nA ({{company}}):',
  variables: [
    { name: 'question', label: 'Question', kind: 'multiline', required: true },
    { name: 'company', label: 'Company', kind: 'text', required: false, default: 'Acme' },
  ],
};

describe('templates in the workspace', () => {
  it('round-trip through a record unchanged', () => {
    const record = templateToRecord(custom, T0 + 5, T0);
    expect(record).toMatchObject({ id: 'user:abc', createdAt: T0, updatedAt: T0 + 5 });
    expect(templateFromRecord(record)).toEqual(custom);
  });

  it('repair loose records: unknown kinds, bad variables, placeholders without a declaration', () => {
    const record: TemplateRecord = {
      id: 'user:x',
      name: ' ',
      kind: 'poem',
      body: 'Hello {{name}} from {{city}}',
      variables: [{ name: 'name', kind: 'weird', label: '' }, 'junk', null, { label: 'no name' }],
      createdAt: T0,
      updatedAt: T0,
    };
    expect(templateFromRecord(record)).toEqual({
      id: 'user:x',
      name: 'user:x',
      kind: 'custom',
      body: 'Hello {{name}} from {{city}}',
      variables: [
        { name: 'name', label: 'name', kind: 'text', required: false },
        { name: 'city', label: 'City', kind: 'text', required: false },
      ],
    });
    expect(templateFromRecord({ ...record, body: '  ' })).toBeNull();
  });

  it('lists built-ins first, then the user’s by name, never shadowing a built-in', () => {
    const shadow = { ...custom, id: BUILTIN_TEMPLATES[0]!.id, name: 'Evil twin' };
    const b = { ...custom, id: 'user:b', name: 'Beta' };
    const a = { ...custom, id: 'user:a', name: 'Alpha' };
    const library = templateLibrary([b, shadow, a]);
    expect(library.map((t) => t.name)).toEqual([...BUILTIN_TEMPLATES.map((t) => t.name), 'Alpha', 'Beta']);
    expect(isBuiltin(BUILTIN_TEMPLATES[0]!.id)).toBe(true);
    expect(isBuiltin('user:a')).toBe(false);
    expect(newTemplateId(() => 'r1')).toBe('user:r1');
  });
});

describe('generation settings', () => {
  it('clamp to their limits and round integer settings', () => {
    expect(clampSetting('maxNewTokens', 10_000)).toBe(512);
    expect(clampSetting('maxNewTokens', 12.6)).toBe(13);
    expect(clampSetting('temperature', -1)).toBe(0);
    expect(clampSetting('topP', 0)).toBe(0.05);
    expect(clampSetting('drafts', 9)).toBe(5);
    expect(clampSetting('seed', 'abc')).toBe(DEFAULT_SETTINGS.seed);
  });

  it('normalise anything into valid settings', () => {
    expect(normalizeSettings(null)).toEqual(DEFAULT_SETTINGS);
    expect(normalizeSettings({ temperature: '0.5', topK: 1000, extra: 1 })).toEqual({ ...DEFAULT_SETTINGS, temperature: 0.5, topK: 200 });
  });

  it('give each draft its own repeatable seed when sampling', () => {
    const settings = { ...DEFAULT_SETTINGS, seed: 10, minNewTokens: 500, maxNewTokens: 60 };
    expect(generationOptions(settings, 0)).toEqual({
      maxNewTokens: 60,
      minNewTokens: 60,
      temperature: 0.8,
      doSample: true,
      topK: 50,
      topP: 0.95,
      repetitionPenalty: 1.2,
      seed: 10,
    });
    expect(generationOptions(settings, 2).seed).toBe(12);
  });

  it('decode greedily at temperature 0: no sampling parameters, no seed, no minimum when 0', () => {
    const options = generationOptions({ ...DEFAULT_SETTINGS, temperature: 0 }, 3);
    expect(options).toMatchObject({ doSample: false, topK: undefined, topP: undefined, seed: undefined, minNewTokens: undefined });
  });
});

describe('drafts', () => {
  const draft: Draft = {
    id: 'd1',
    title: 'Product description · Acme Buds',
    text: 'Meet Acme Buds.',
    templateId: 'builtin:product-description',
    createdAt: T0,
    variables: { product: 'Acme Buds' },
    settings: { ...DEFAULT_SETTINGS, seed: 3 },
    draftIndex: 1,
    stopped: true,
    tokenCount: 12,
    tokensPerSecond: 20.5,
    templateName: 'Product description',
  };

  it('round-trip through a workspace record', () => {
    const record = draftToRecord(draft, T0 + 1);
    expect(record).toMatchObject({ id: 'd1', title: draft.title, text: draft.text, createdAt: T0, updatedAt: T0 + 1 });
    expect(draftFromRecord(record)).toEqual(draft);
  });

  it('read records written without details (e.g. restored from an older backup)', () => {
    const bare = draftFromRecord({ id: 'd2', title: 'Launch post', text: 'We are excited', createdAt: T0, updatedAt: T0 });
    expect(bare).toMatchObject({
      variables: {},
      settings: DEFAULT_SETTINGS,
      stopped: false,
      tokenCount: 0,
      tokensPerSecond: null,
      templateName: 'Launch post',
    });
  });

  it('are titled by the template and the first filled value', () => {
    const template = BUILTIN_TEMPLATES[0]!;
    expect(draftTitle(template, { product: '  Acme\nBuds ' })).toBe('Product description · Acme Buds');
    expect(draftTitle(template, {})).toBe('Product description');
    expect(draftTitle(template, { product: 'x'.repeat(100) }).length).toBeLessThan(90);
  });

  it('are listed newest first, up to a limit', () => {
    const older = { ...draft, id: 'a', createdAt: T0 };
    const newer = { ...draft, id: 'b', createdAt: T0 + 10 };
    expect(sortDrafts([older, newer]).map((d) => d.id)).toEqual(['b', 'a']);
    expect(sortDrafts([older, newer], 1).map((d) => d.id)).toEqual(['b']);
  });
});
