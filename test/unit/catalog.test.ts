import { describe, expect, it } from 'vitest';
import {
  buildCatalog,
  customModel,
  FIXTURE_MODELS,
  HUB_MODELS,
  isPresetName,
  isValidModelId,
  PRESETS,
  resolveAssignment,
  toModelRef,
} from '../../src/models/catalog';
import { TASKS } from '../../src/core';

describe('presets', () => {
  it('assign a model of the right task to every task, from the catalog', () => {
    const catalog = buildCatalog();
    for (const preset of ['default', 'fixtures'] as const) {
      for (const task of TASKS) {
        const model = catalog.find((m) => m.id === PRESETS[preset][task]);
        expect(model?.task, `${preset}/${task}`).toBe(task);
      }
    }
    expect(new Set(Object.values(PRESETS.fixtures)).size).toBe(TASKS.length);
    expect(Object.values(PRESETS.fixtures).every((id) => FIXTURE_MODELS.some((m) => m.id === id))).toBe(true);
    expect(Object.values(PRESETS.default).every((id) => HUB_MODELS.some((m) => m.id === id))).toBe(true);
  });

  it('recognise preset names', () => {
    expect(isPresetName('fixtures')).toBe(true);
    expect(isPresetName('Fixtures')).toBe(false);
    expect(isPresetName(undefined)).toBe(false);
  });
});

describe('resolveAssignment', () => {
  it('applies valid overrides and ignores ones for another task or unknown models', () => {
    const catalog = buildCatalog([customModel('acme/reviews-sentiment', 'sentiment')]);
    const assignment = resolveAssignment(
      'default',
      { sentiment: 'acme/reviews-sentiment', generation: 'Xenova/all-MiniLM-L6-v2', summarization: 'nobody/nothing' },
      catalog,
    );
    expect(assignment.sentiment).toBe('acme/reviews-sentiment');
    expect(assignment.generation).toBe(PRESETS.default.generation);
    expect(assignment.summarization).toBe(PRESETS.default.summarization);
  });

  it('lets a user model replace a built-in one with the same id without duplicating it', () => {
    const catalog = buildCatalog([{ ...customModel('Xenova/distilgpt2', 'generation'), languages: ['en', 'fr'] }]);
    const entries = catalog.filter((m) => m.id === 'Xenova/distilgpt2');
    expect(entries).toHaveLength(1);
    expect(entries[0]!.languages).toEqual(['en', 'fr']);
  });
});

describe('toModelRef and ids', () => {
  it('picks q8 on WASM and fp32 on WebGPU', () => {
    const model = FIXTURE_MODELS[0]!;
    expect(toModelRef(model, 'wasm').dtype).toBe('q8');
    expect(toModelRef(model, 'webgpu').dtype).toBe('fp32');
  });

  it('accepts Hub ids and rejects paths and junk', () => {
    expect(isValidModelId('Xenova/distilbert-base-uncased-finetuned-sst-2-english')).toBe(true);
    expect(isValidModelId('tiny/gpt2')).toBe(true);
    for (const bad of ['gpt2', '../x/y', 'a/b/c', '/abs/path', 'org/..', 'org/name?x=1', '']) {
      expect(isValidModelId(bad), bad).toBe(false);
    }
  });
});
