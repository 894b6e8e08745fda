import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, migrateSettings, sanitizeSettings, urlOverrides, useSettings } from '../../src/state/settings';
import { customModel } from '../../src/models/catalog';

describe('settings store', () => {
  beforeEach(() => useSettings.setState({ ...DEFAULT_SETTINGS }));

  it('reads ?preset=, ?backend= and ?threads= overrides and ignores unknown values', () => {
    expect(urlOverrides('?preset=fixtures&backend=wasm')).toEqual({ preset: 'fixtures', backend: 'wasm' });
    expect(urlOverrides('?preset=default')).toEqual({ preset: 'default' });
    expect(urlOverrides('?threads=leave-a-core')).toEqual({ threads: 'leave-a-core' });
    expect(urlOverrides('?preset=huge&backend=cuda&threads=all')).toEqual({});
    expect(urlOverrides('')).toEqual({});
  });

  it('sanitises stored data', () => {
    expect(sanitizeSettings(null)).toEqual(DEFAULT_SETTINGS);
    const stored = sanitizeSettings({
      preset: 'fixtures',
      backend: 'quantum',
      threads: 64,
      assignment: { sentiment: 'tiny/distilbert-sentiment', bogus: 'x', generation: 42 },
      userModels: [customModel('me/model', 'sentiment'), { id: '../../etc', task: 'sentiment' }, 'junk'],
      language: 'fr',
    });
    expect(stored.preset).toBe('fixtures');
    expect(stored.backend).toBe('auto');
    expect(stored.threads).toBe('auto');
    expect(sanitizeSettings({ threads: 'leave-a-core' }).threads).toBe('leave-a-core');
    expect(stored.assignment).toEqual({ sentiment: 'tiny/distilbert-sentiment' });
    expect(stored.userModels.map((m) => m.id)).toEqual(['me/model']);
    expect(stored.language).toBeNull();
  });

  it('migrates version 0 (language "zh")', () => {
    expect(migrateSettings({ preset: 'default', backend: 'wasm', language: 'zh' }, 0)).toEqual({
      ...DEFAULT_SETTINGS,
      backend: 'wasm',
      language: 'zh-CN',
    });
  });

  it('adds, replaces and removes user models, dropping task choices that named them', () => {
    const { addUserModel, assign, removeUserModel } = useSettings.getState();
    addUserModel(customModel('me/a', 'sentiment'));
    addUserModel(customModel('me/a', 'generation'));
    expect(useSettings.getState().userModels).toEqual([customModel('me/a', 'generation')]);
    assign('generation', 'me/a');
    assign('sentiment', 'tiny/distilbert-sentiment');
    removeUserModel('me/a');
    expect(useSettings.getState().userModels).toEqual([]);
    expect(useSettings.getState().assignment).toEqual({ sentiment: 'tiny/distilbert-sentiment' });
    assign('sentiment', null);
    expect(useSettings.getState().assignment).toEqual({});
  });
});
